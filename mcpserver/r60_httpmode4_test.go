package mcpserver_test

import (
	"context"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r60Httpmode4ServerSettings are what an HTTP caller must not be sent to: the server's
// variables, its command line, its machine's trust store and its restart.
var r60Httpmode4ServerSettings = []string{"SPICE_", "SSL_CERT_FILE", "restart the MCP server", "sandbox-api"}

// r60Httpmode4Flag is a flag of the server's command line (--read-only, --confirm=agent).
var r60Httpmode4Flag = lazyregexp.New(`--[a-z]`)

// r60Httpmode4NamesNone reports the first of r60Httpmode4ServerSettings, or a flag, body names
// ("" for none).
func r60Httpmode4NamesNone(body string) string {
	for _, s := range r60Httpmode4ServerSettings {
		if strings.Contains(body, s) {
			return s
		}
	}
	return r60Httpmode4Flag.FindString(body)
}

// r60Httpmode4Closed is an address on this machine where nothing listens (a listener closed).
func r60Httpmode4Closed(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// r60Httpmode4Endpoint serves handler over plain HTTP (tls false) or HTTPS with a certificate
// no client here trusts (tls true); it returns its URL.
func r60Httpmode4Endpoint(t *testing.T, tls bool, handler http.HandlerFunc) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(handler)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes' lines
	if tls {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestR60Httpmode4LentTokenFailuresNameNoSetting: under --http-allow-server-token with the
// server's OAuth client credentials, a caller without a token whose server could not get a
// token for a reason other than its credentials (nothing listens at the endpoint, its
// certificate is not trusted, it answers 503, a body that is no token, a redirect) read the
// operator's advice: "(from SPICE_OAUTH_TOKEN_URL)", "spice-cloud-mcp sandbox-api --listen",
// "SSL_CERT_FILE", "set SPICE_OAUTH_TOKEN_URL ..., then restart the MCP server". It reads that the
// server could not get its own access token, that its operator must look, or that it can send
// its own bearer token. stdio keeps the setting.
func TestR60Httpmode4LentTokenFailuresNameNoSetting(t *testing.T) {
	answer := func(status int, body string, header ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}
	}
	endpoints := map[string]string{
		"nothing listens": "http://" + r60Httpmode4Closed(t) + "/api/oauth/token",
		"untrusted":       r60Httpmode4Endpoint(t, true, answer(http.StatusOK, `{}`)) + "/api/oauth/token",
		"503":             r60Httpmode4Endpoint(t, false, answer(http.StatusServiceUnavailable, `{"error":"temporarily_unavailable"}`)) + "/api/oauth/token",
		"no token":        r60Httpmode4Endpoint(t, false, answer(http.StatusOK, `{"token_type":"Bearer"}`)) + "/api/oauth/token",
		"redirect":        r60Httpmode4Endpoint(t, false, answer(http.StatusFound, ``, "Location", "https://elsewhere.example/token")) + "/api/oauth/token",
		"another status":  r60Httpmode4Endpoint(t, false, answer(http.StatusNotFound, `{}`)) + "/api/oauth/token",
	}
	for name, tokenURL := range endpoints {
		h := r59Httpmode3Serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, tokenURL)
		for _, tool := range []string{"list_apps", "whoami"} {
			status, challenge, body := r58Oauth401PostTool(t, h, "", tool)
			if named := r60Httpmode4NamesNone(body); status != http.StatusOK || challenge != "" || named != "" ||
				!strings.Contains(body, "operator") || !strings.Contains(body, "your own") || strings.Contains(body, r59Httpmode3Secret) {
				t.Errorf("%s, %s: %d %q %.1500s, want 200 naming the operator and no setting (names %q)", name, tool, status, challenge, body, named)
			}
		}
	}
	// stdio: the user runs the server; the endpoint's variable is theirs to set.
	sh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		tokens: func(string) client.TokenSource {
			cc := client.NewClientCredentials("r60-httpmode4-client", r59Httpmode3Secret, endpoints["503"])
			cc.Retry = client.RetryPolicy{MaxAttempts: 1}
			return cc
		}})
	mustContain(t, "stdio, the token endpoint unavailable", sh.fail(t, "list_apps", nil), "SPICE_OAUTH_TOKEN_URL")
}

// r60Httpmode4ServeAt serves MCP over HTTP (opts) with the server's API address baseURL and its
// own token serverToken; calls are not retried.
func r60Httpmode4ServeAt(t *testing.T, opts mcpserver.HTTPOptions, baseURL, serverToken string) *mcpserver.HTTPServer {
	t.Helper()
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: baseURL, Logger: logger, Tokens: client.StaticToken(serverToken),
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, opts.ServerCredentials), Logger: logger})
	opts.Addr, opts.Logger = "127.0.0.1:0", logger
	return listenAndServe(t, srv, opts)
}

// TestR60Httpmode4APIAddressFailuresNameNoSetting: the server's API address is its operator's
// setting, whoever's token a call carries. A caller over HTTP (its own bearer token, or the
// server's lent) whose call could not reach the API (nothing listens there, an untrusted
// certificate, plain HTTP answering https://, a redirect, a route the API does not serve) read
// "(SPICE_API_URL)", "correct SPICE_API_URL", "SSL_CERT_FILE", "restart the MCP server" and
// "spice-cloud-mcp sandbox-api --listen". It reads that the address is this server's and its
// operator must look. (stdio keeps the setting: the remedy table's tests in present.)
func TestR60Httpmode4APIAddressFailuresNameNoSetting(t *testing.T) {
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	plain := r60Httpmode4Endpoint(t, false, emu.ServeHTTP)
	addresses := map[string]string{
		"nothing listens": "http://" + r60Httpmode4Closed(t),
		"untrusted":       r60Httpmode4Endpoint(t, true, emu.ServeHTTP),
		"plain HTTP":      strings.Replace(plain, "http://", "https://", 1),
		"redirect": r60Httpmode4Endpoint(t, false, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example"+r.URL.Path, http.StatusFound)
		}),
		"no such route": r60Httpmode4Endpoint(t, false, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":"Not Found"}`)
		}),
	}
	for name, address := range addresses {
		h := r60Httpmode4ServeAt(t, mcpserver.HTTPOptions{ServerCredentials: true}, address, r58Oauth401Good)
		for _, token := range []string{r58Oauth401Good, ""} {
			status, challenge, body := r58Oauth401PostTool(t, h, token, "list_orgs")
			if named := r60Httpmode4NamesNone(body); status != http.StatusOK || challenge != "" || named != "" ||
				!strings.Contains(body, "operator") || !strings.Contains(body, `"isError":true`) {
				t.Errorf("%s, token %q: %d %q %.1500s, want 200 naming the operator and no setting (names %q)", name, token, status, challenge, body, named)
			}
		}
	}
}

// r60Httpmode4ServePolicy serves MCP over HTTP (lending the server's token) in front of an
// emulator that knows r58Oauth401Good, with the operator's policy and confirmation safety.
func r60Httpmode4ServePolicy(t *testing.T, policy tools.Policy, safety tools.Safety) *mcpserver.HTTPServer {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	api := r60Httpmode4Endpoint(t, false, emu.ServeHTTP)
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api, Logger: logger, Tokens: client.StaticToken(r58Oauth401Good),
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, true), Logger: logger, Policy: policy, Safety: safety})
	return listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger, ServerCredentials: true})
}

// TestR60Httpmode4HiddenToolsNameNoFlag: whoami over HTTP gave the hidden tools' reasons as the
// server's command line ("the server runs with --read-only", "not listed in --tools", "listed in
// --exclude-tools", "(--toolsets)") and its confirmation as "off (--no-confirm)": flags of a
// server the caller does not start. It says this server's operator set them; a call of a hidden
// tool is refused in the same words. stdio keeps the flags (the user starts the server).
func TestR60Httpmode4HiddenToolsNameNoFlag(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy tools.Policy
		safety tools.Safety
		hidden string // a hidden tool to call
	}{
		{"read-only", tools.Policy{ReadOnly: true}, tools.Safety{NoConfirm: true}, "create_app"},
		{"tools and exclude-tools", tools.Policy{Tools: []string{"whoami", "list_apps", "rotate_api_keys", "regenerate_api_key"},
			ExcludeTools: []string{"regenerate_api_key"}}, tools.Safety{}, "rotate_api_keys"},
		{"toolsets", tools.Policy{Toolsets: []string{tools.ToolsetPlatform}}, tools.Safety{Confirm: tools.ConfirmAgent}, "list_apps"},
	} {
		h := r60Httpmode4ServePolicy(t, c.policy, c.safety)
		for _, token := range []string{r58Oauth401Good, ""} {
			for _, tool := range []string{"whoami", c.hidden} {
				status, _, body := r58Oauth401PostTool(t, h, token, tool)
				if strings.Contains(body, "not found") && tool != "whoami" {
					continue // not registered: tools/call's own answer, which names no flag either
				}
				if named := r60Httpmode4NamesNone(body); status != http.StatusOK || named != "" || !strings.Contains(body, "operator") {
					t.Errorf("%s, %s, token %q: %d %.2000s, want the operator named and no flag (names %q)", c.name, tool, token, status, body, named)
				}
			}
		}
	}
	// stdio: the user starts the server; the flags are theirs.
	sh := newHarness(t, harnessOptions{policy: tools.Policy{ReadOnly: true}})
	mustContain(t, "stdio whoami, read-only", sh.ok(t, "whoami", nil), "--read-only")
}

// TestR60Httpmode4CompletionOffersNoNameNotUTF8: a completion value is inserted as it is (MCP
// completion/complete: "values" are suggestions for the argument, with no room for a note), so
// an app listed with bytes that are not UTF-8, read as "bad��name", is not offered: inserted, it
// would name no app the API holds. It is offered nowhere else either (tools.AppRefTakes refuses
// a name beyond ASCII), while its neighbour is; a name the API holds is offered.
func TestR60Httpmode4CompletionOffersNoNameNotUTF8(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	h := r54HostileAnswering(t, "GET", `^/v1/projects$`, 200, "{\"projects\":[{\"id\":101,\"name\":\"bad\xff\xfename\",\"visibility\":\"private\","+at+"},"+
		"{\"id\":102,\"name\":\"bad-app\",\"visibility\":\"private\","+at+"}]}")
	for _, ref := range []any{
		mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"},
		mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"},
	} {
		var req mcp.CompleteRequest
		req.Params.Ref = ref
		req.Params.Argument.Name, req.Params.Argument.Value = "app", "bad"
		res, err := h.mcp.Complete(context.Background(), req)
		if err != nil {
			t.Fatalf("completion of %v: %v", ref, err)
		}
		if got := res.Completion.Values; len(got) != 1 || got[0] != "bad-app" {
			t.Errorf("completion of %v: %q, want only bad-app (no name shown with U+FFFD)", ref, got)
		}
	}
}
