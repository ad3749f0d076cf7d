package mcpserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r61Httpmode5Serve serves MCP over HTTP (lending the server's token, sandbox's, to a request
// without one) in front of the emulator of cfg, with opts (its Client, Logger and Version set
// here) and the HTTP options httpOpts; logs holds the server's log lines.
func r61Httpmode5Serve(t *testing.T, cfg sandbox.Config, opts mcpserver.Options, httpOpts mcpserver.HTTPOptions) (h *mcpserver.HTTPServer, logs *testutil.SyncBuffer) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(cfg))
	t.Cleanup(api.Close)
	logs = &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger, Tokens: client.StaticToken(sandbox.DefaultToken),
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	opts.Version, opts.Logger, opts.Client = "test", logger, mcpserver.RequestClients(base, true)
	httpOpts.Addr, httpOpts.Logger, httpOpts.ServerCredentials = "127.0.0.1:0", logger, true
	return listenAndServe(t, mcpserver.New(opts), httpOpts), logs
}

// TestR61Httpmode5SandboxTimeLimitNamesNoFlag: in sandbox mode a call whose time limit ran out
// told an HTTP caller to "raise the server's --tool-timeout": a flag of a server it does not
// start. It reads that this server's operator sets the limit; stdio keeps the flag.
func TestR61Httpmode5SandboxTimeLimitNamesNoFlag(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{Sandbox: true, CallTimeout: time.Nanosecond}, mcpserver.HTTPOptions{})
	for _, token := range []string{"", sandbox.DefaultToken} {
		status, _, body := r58Oauth401PostTool(t, h, token, "list_apps")
		if named := r60Httpmode4NamesNone(body); status != http.StatusOK || named != "" || !strings.Contains(body, "time limit") ||
			!strings.Contains(body, "operator") {
			t.Errorf("token %q: %d %.1500s, want the time limit's refusal naming the operator and no flag (names %q)", token, status, body, named)
		}
	}
	sh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true, callTimeout: time.Nanosecond})
	mustContain(t, "stdio, the time limit in the sandbox", sh.fail(t, "list_apps", nil), "--tool-timeout")
}

// TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog: the HTTP transport's refusals are read
// by a client that need not run the server. A body over the limit got 413 "… per request
// (--http-max-body)": the operator's flag, in the caller's answer. It says the operator sets the
// limit and what the caller can do; the log line of the refusal names the flag for the operator.
// (The session and connection caps' refusals alike: TestR56HttpmodeOneCredentialCannotTakeEverySession,
// TestR53HttpmodeOneAddressCannotHoldEveryConnection, TestR51HttpmodeStreamDoesNotDisplaceStream.)
func TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog(t *testing.T) {
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{MaxBodyBytes: 1 << 10})
	status, _, body := r58Oauth401PostArgs(t, h, "", "list_apps", `{"padding":"`+strings.Repeat("x", 2<<10)+`"}`)
	if named := r60Httpmode4NamesNone(body); status != http.StatusRequestEntityTooLarge || named != "" ||
		!strings.Contains(body, "1 KiB") || !strings.Contains(body, "operator") || !strings.Contains(body, "separate calls") {
		t.Errorf("a body over the limit: %d %q, want 413 naming the limit, its operator and no flag (names %q)", status, body, named)
	}
	if !strings.Contains(logs.String(), `"flag":"--http-max-body"`) {
		t.Errorf("the refusal's log line names no flag: %s", logs)
	}
}

// TestR61Httpmode5OrganizationTextsNameNoVariable: a caller over HTTP does not set the server's
// default organization. The instructions said "default SPICE_ORG", and an organization the
// token cannot act in got "check the org argument and SPICE_ORG". They name this server's
// default organization and its operator, over a 2025-era initialize and a 2026-07-28
// server/discover alike, with the caller's own token or the server's lent; stdio keeps SPICE_ORG.
func TestR61Httpmode5OrganizationTextsNameNoVariable(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	for _, token := range []string{"", sandbox.DefaultToken} {
		status, _, body := r58Oauth401PostArgs(t, h, token, "list_apps", `{"org":"r61-elsewhere"}`)
		if named := r60Httpmode4NamesNone(body); status != http.StatusOK || named != "" || !strings.Contains(body, "org_forbidden") ||
			!strings.Contains(body, "this server's default organization, which its operator sets") {
			t.Errorf("token %q, an organization it cannot act in: %d %.1500s, want the operator's default named and no variable (names %q)", token, status, body, named)
		}
		status, _, body = r59Httpmode2Post(t, h, token, "server/discover", "", `"_r61":0`)
		if named := r60Httpmode4NamesNone(body); status != http.StatusOK || named != "" || !strings.Contains(body, `"instructions"`) ||
			!strings.Contains(body, "the one this server's operator set, else the token's own") {
			t.Errorf("token %q, server/discover: %d %.3000s, want instructions naming the operator's default and no variable (names %q)", token, status, body, named)
		}
	}
	legacy := connect(t, h.URL(), nil)
	res, err := testutil.Initialize(context.Background(), legacy, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.Instructions, "SPICE_ORG") || !strings.Contains(res.Instructions, "this server's operator set") {
		t.Errorf("initialize over HTTP: the instructions name SPICE_ORG, or not the operator:\n%s", res.Instructions)
	}
	// stdio: the user runs the server and sets SPICE_ORG.
	sh := newHarness(t, harnessOptions{})
	mustContain(t, "stdio, an organization it cannot act in", sh.fail(t, "list_apps", map[string]any{"org": "r61-elsewhere"}), "SPICE_ORG")
	if res, err := testutil.Initialize(context.Background(), sh.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil || !strings.Contains(res.Instructions, "default SPICE_ORG") {
		t.Errorf("stdio: the instructions do not name SPICE_ORG (%v)", err)
	}
}

// TestR61Httpmode5RoleUnknownNamesNoVariable: erin owns beta and is a viewer in acme; her opaque
// token acts in beta, no org chosen, so her role where it acts is not known. Over HTTP get_app's
// missing-spicepod line and troubleshoot_deployment's step said "pass org, or set SPICE_ORG, to
// choose one": a variable of a server she does not run. They say to pass org; stdio keeps it.
func TestR61Httpmode5RoleUnknownNamesNoVariable(t *testing.T) {
	cfg := r41ErinOwnsBeta()
	h, _ := r61Httpmode5Serve(t, cfg, mcpserver.Options{}, mcpserver.HTTPOptions{})
	_, _, got := r58Oauth401PostArgs(t, h, "tok-erin-beta", "get_app", `{"app":"docs-search"}`)
	_, _, prompt := r59Httpmode2Post(t, h, "tok-erin-beta", "prompts/get", "troubleshoot_deployment",
		`"name":"troubleshoot_deployment","arguments":{"app":"fraud-scoring"}`)
	for what, body := range map[string]string{"get_app": got, "troubleshoot_deployment": prompt} {
		if named := r60Httpmode4NamesNone(body); named != "" || !strings.Contains(body, "is not known") || !strings.Contains(body, "pass org to choose one") {
			t.Errorf("over HTTP, %s: %.3000s, want the role unknown, pass org, and no variable (names %q)", what, body, named)
		}
	}
	sh := newHarness(t, harnessOptions{cfg: cfg, token: "tok-erin-beta"})
	mustContain(t, "stdio get_app, the role unknown", sh.ok(t, "get_app", map[string]any{"app": "docs-search"}), "set SPICE_ORG")
}

// TestR61Httpmode5MaskedKeysNameNoFlag: under --mask-api-keys, get_api_keys, regenerate_api_key
// and rotate_api_keys told an HTTP caller "Only the last 4 characters of each key are shown
// (--mask-api-keys)" (in sandbox mode also "a sandbox started without --mask-api-keys shows keys
// in full"): a flag of a server it does not start. They say this server's operator masks them,
// in the text and the structured note. whoami over HTTP names no flag either, its approval page
// included (mounted under the server's address: "--human-listen-beyond-loopback" is stdio's,
// held). stdio keeps the flag.
func TestR61Httpmode5MaskedKeysNameNoFlag(t *testing.T) {
	for _, inSandbox := range []bool{false, true} {
		human := humanweb.New(humanweb.Options{Mounted: true})
		t.Cleanup(func() { _ = human.Close() })
		h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true},
			mcpserver.Options{Sandbox: inSandbox, Human: human, Safety: tools.Safety{MaskAPIKeys: true, NoConfirm: true}},
			mcpserver.HTTPOptions{Human: human.Handler(), HumanLinks: human})
		for token, app := range map[string]string{"": "docs-search", sandbox.DefaultToken: "analytics-app"} {
			for _, call := range []struct{ tool, args string }{
				{"get_api_keys", `{"app":"` + app + `"}`},
				{"regenerate_api_key", `{"app":"` + app + `","key_number":2,"confirm":"` + app + `"}`},
				{"rotate_api_keys", `{"app":"` + app + `","step":"start","confirm":"` + app + `"}`},
				{"whoami", `{}`},
			} {
				status, _, body := r58Oauth401PostArgs(t, h, token, call.tool, call.args)
				if named := r60Httpmode4NamesNone(body); status != http.StatusOK || named != "" || strings.Contains(body, `"isError":true`) ||
					call.tool != "whoami" && strings.Count(body, "this server's operator set it to mask them") != 2 {
					t.Errorf("sandbox %v, %s, token %q: %d %.2500s, want the keys masked by the operator in text and note, and no flag (names %q)",
						inSandbox, call.tool, token, status, body, named)
				}
			}
		}
	}
	sh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true}})
	mustContain(t, "stdio get_api_keys, masked", sh.ok(t, "get_api_keys", map[string]any{"app": "docs-search"}), "(--mask-api-keys)")
}

// TestR61Httpmode5ConfirmQuestionFailedNamesNoFlag: a confirmation question the client answered
// with an error told an HTTP caller "(unattended setups use --confirm=agent)": a flag of a server
// it does not start. It says this server's operator can let the agent confirm; stdio keeps the flag.
func TestR61Httpmode5ConfirmQuestionFailedNamesNoFlag(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	got := askOverHTTP(t, h.URL(), func(session string, question json.RawMessage) {
		rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(question)+`,"error":{"code":-32603,"message":"r61 no"}}`, nil)
	})
	if named := r60Httpmode4NamesNone(got); named != "" || !strings.Contains(got, "could not be answered") ||
		!strings.Contains(got, "operator can let the agent confirm") {
		t.Errorf("over HTTP, the question failed: %.2000s, want the operator named and no flag (names %q)", got, named)
	}
	sh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		return nil, errors.New("r61 no")
	}})
	mustContain(t, "stdio, the question failed", sh.fail(t, "delete_app", map[string]any{"app": "analytics-app"}), "--confirm=agent")
}
