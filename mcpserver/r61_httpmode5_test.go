package mcpserver_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r61Httpmode5Serve serves MCP over HTTP (lending the server's token, sandbox's, to a request
// without one) in front of the demo emulator, with opts (its Client, Logger and Version set
// here) and the HTTP options httpOpts; logs holds the server's log lines.
func r61Httpmode5Serve(t *testing.T, opts mcpserver.Options, httpOpts mcpserver.HTTPOptions) (h *mcpserver.HTTPServer, logs *testutil.SyncBuffer) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
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
	h, _ := r61Httpmode5Serve(t, mcpserver.Options{Sandbox: true, CallTimeout: time.Nanosecond}, mcpserver.HTTPOptions{})
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
	h, logs := r61Httpmode5Serve(t, mcpserver.Options{}, mcpserver.HTTPOptions{MaxBodyBytes: 1 << 10})
	status, _, body := r58Oauth401PostArgs(t, h, "", "list_apps", `{"padding":"`+strings.Repeat("x", 2<<10)+`"}`)
	if named := r60Httpmode4NamesNone(body); status != http.StatusRequestEntityTooLarge || named != "" ||
		!strings.Contains(body, "1 KiB") || !strings.Contains(body, "operator") || !strings.Contains(body, "separate calls") {
		t.Errorf("a body over the limit: %d %q, want 413 naming the limit, its operator and no flag (names %q)", status, body, named)
	}
	if !strings.Contains(logs.String(), `"flag":"--http-max-body"`) {
		t.Errorf("the refusal's log line names no flag: %s", logs)
	}
}
