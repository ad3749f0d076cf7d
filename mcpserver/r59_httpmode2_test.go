package mcpserver_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r59Httpmode2Post sends one 2026-07-28 request (no session) of method with params (the JSON
// members inside params, without _meta) and the token ("" sends none); it returns the status,
// WWW-Authenticate and body.
func r59Httpmode2Post(t *testing.T, h *mcpserver.HTTPServer, token, method, name, params string) (int, string, string) {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"` + method + `","params":{` + params + `,` + r39ModernMeta + `}}`
	req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2026-07-28")
	req.Header.Set("Mcp-Method", method)
	if name != "" {
		req.Header.Set("Mcp-Name", name)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(raw)
}

// r59Httpmode2Surfaces are the requests besides tools/call that reach the API with the
// caller's token: a resource read (a view and a template's), and an app name's completion (of
// a prompt's argument and of a template's).
var r59Httpmode2Surfaces = []struct{ method, name, params string }{
	{"resources/read", "spice://apps", `"uri":"spice://apps"`},
	{"resources/read", "spice://apps/r59-app", `"uri":"spice://apps/r59-app"`},
	{"resources/read", "spice://orgs/acme/apps", `"uri":"spice://orgs/acme/apps"`},
	{"completion/complete", "", `"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":""}`},
	{"completion/complete", "", `"ref":{"type":"ref/resource","uri":"spice://apps/{app}"},"argument":{"name":"app","value":"r"}`},
}

// TestR59Httpmode2ResourcesAndCompletionsChallenge: a resources/read or a completion/complete
// whose bearer token the API refuses (expired, never issued) answers HTTP 401 with the
// invalid_token challenge, as a tool call does; it answered 200 with a JSON-RPC error (-32603
// "internal error" for the read), which no OAuth client takes for a token to refresh. A valid
// token is served (200); a token without the scope (403) and the server's own credential refused
// keep the JSON-RPC answer. prompts/get does not reach the API: 200 with the prompt whatever the
// token.
func TestR59Httpmode2ResourcesAndCompletionsChallenge(t *testing.T) {
	h, logs := r58Oauth401Serve(t, mcpserver.HTTPOptions{RequireBearer: true})
	metadata := strings.TrimSuffix(h.URL(), "/mcp") + "/.well-known/oauth-protected-resource/mcp"
	want := `Bearer error="invalid_token", resource_metadata="` + metadata + `"`
	for _, s := range r59Httpmode2Surfaces {
		for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown} {
			status, challenge, body := r59Httpmode2Post(t, h, token, s.method, s.name, s.params)
			if status != http.StatusUnauthorized || challenge != want || !strings.Contains(body, "refused the bearer token") || strings.Contains(body, token) {
				t.Errorf("%s %s, %s: %d %q %.300s, want 401 with %q", s.method, s.name+s.params, token, status, challenge, body, want)
			}
		}
		if status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Good, s.method, s.name, s.params); status == http.StatusUnauthorized || challenge != "" {
			t.Errorf("%s %s, a valid token: %d %q %.300s, want its answer (no app r59-app: not found)", s.method, s.name+s.params, status, challenge, body)
		}
		// 403: the token is valid, without the scope: the JSON-RPC answer.
		if status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Unscoped, s.method, s.name, s.params); status == http.StatusUnauthorized || challenge != "" {
			t.Errorf("%s %s, a token without scopes: %d %q %.300s, want its JSON-RPC answer", s.method, s.name+s.params, status, challenge, body)
		}
	}
	// prompts/get reads no API: the prompt, whatever the token.
	status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Expired, "prompts/get", "rotate_keys", `"name":"rotate_keys","arguments":{"app":"r59-app"}`)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"messages"`) {
		t.Errorf("prompts/get with an expired token: %d %q %.300s, want 200 with the prompt", status, challenge, body)
	}
	for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown, r58Oauth401Good, r58Oauth401Unscoped} {
		if strings.Contains(logs.String(), token) {
			t.Errorf("a caller's token appears in the logs")
		}
	}

	// The server's own credential refused (a request without a token): the operator's, not
	// the caller's: the JSON-RPC answer, no challenge.
	lent, _ := r58Oauth401Serve(t, mcpserver.HTTPOptions{ServerCredentials: true, AuthorizationServers: []string{"https://spice.ai"}})
	for _, s := range r59Httpmode2Surfaces {
		if status, challenge, body := r59Httpmode2Post(t, lent, "", s.method, s.name, s.params); status != http.StatusOK || challenge != "" || !strings.Contains(body, `"error"`) {
			t.Errorf("%s %s, the server's credential refused: %d %q %.300s, want 200 with the JSON-RPC error", s.method, s.name+s.params, status, challenge, body)
		}
	}
}

// r59Httpmode2Serve serves MCP over HTTP (opts; refusals as confirmation mode off) in front of
// an emulator on a stopped clock (a deployment stays queued; a poll waits no time) that knows
// r58Oauth401Good, and r58Oauth401Expired expired; wrap, when set, stands between the server
// and the emulator. The server's own credential is serverToken.
func r59Httpmode2Serve(t *testing.T, opts mcpserver.HTTPOptions, serverToken string, wrap func(emu http.Handler) http.Handler) *mcpserver.HTTPServer {
	t.Helper()
	clock := sandbox.NewManualClock(epoch)
	emu := sandbox.New(sandbox.Config{
		Clock: clock,
		Orgs:  []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{
			{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}},
			{Value: r58Oauth401Expired, Org: "acme", Scopes: []string{"*"}, ExpiresAt: epoch.Add(-time.Hour)},
		},
	})
	var handler http.Handler = emu
	if wrap != nil {
		handler = wrap(emu)
	}
	api := httptest.NewServer(handler)
	t.Cleanup(api.Close)
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger, Tokens: client.StaticToken(serverToken),
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	poll := tools.PollPolicy{First: time.Millisecond, Max: time.Millisecond, Now: clock.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, opts.ServerCredentials), Logger: logger,
		Poll: poll, Safety: tools.Safety{NoConfirm: true}})
	opts.Addr, opts.Logger = "127.0.0.1:0", logger
	return listenAndServe(t, srv, opts)
}

// r59Httpmode2Refuse answers the API's 401 for an expired token.
func r59Httpmode2Refuse(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The access token expired"`)
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"error":"Token expired"}`)
}

// TestR59Httpmode2LentCredentialRefusedNamesTheOperator: under --http-allow-server-token, a
// caller without a token acts with the server's own credential; refused by the API (revoked,
// expired), the result said "Check SPICE_API_TOKEN (or SPICE_CLIENT_ID/SPICE_CLIENT_SECRET)" or
// "update SPICE_API_TOKEN": settings of a server the caller does not run. It says the server's
// own credentials were refused, that its operator must fix them, or that the caller can send
// its own bearer token, naming no setting. Over stdio the user is the operator: the text there
// stays.
func TestR59Httpmode2LentCredentialRefusedNamesTheOperator(t *testing.T) {
	for _, serverToken := range []string{r58Oauth401Server, r58Oauth401Expired} {
		h := r59Httpmode2Serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, serverToken, nil)
		// list_apps' whole text; whoami's remedy (its report names the server's settings as it does for every caller).
		for tool, settings := range map[string][]string{
			"list_apps": {"SPICE_API_TOKEN", "SPICE_CLIENT"},
			"whoami":    {"check SPICE_API_TOKEN", "update SPICE_API_TOKEN", "check SPICE_CLIENT"},
		} {
			status, challenge, body := r58Oauth401PostTool(t, h, "", tool)
			named := slices.ContainsFunc(settings, func(s string) bool { return strings.Contains(body, s) })
			if status != http.StatusOK || challenge != "" || !strings.Contains(body, "operator") || !strings.Contains(body, "your own") || named || strings.Contains(body, serverToken) {
				t.Errorf("%s, the server's credential %s refused: %d %q %.900s, want 200 naming the operator and no setting", tool, serverToken, status, challenge, body)
			}
		}
		// The caller's own token: still the caller's to fix (and challenged).
		if status, challenge, body := r58Oauth401PostTool(t, h, r58Oauth401Unknown, "list_apps"); status != http.StatusUnauthorized || challenge == "" {
			t.Errorf("the caller's own token refused: %d %q %.300s, want the 401 challenge", status, challenge, body)
		}
	}
	// stdio: the user runs the server; its settings are theirs to fix.
	h := newHarness(t, harnessOptions{token: "r59-httpmode2-revoked"})
	mustContain(t, "stdio, the token refused", h.fail(t, "list_apps", nil), "ask the user to check SPICE_API_TOKEN")
}

// TestR59Httpmode2StreamingCallKeepsItsResult: a call whose answer is already an SSE stream (a
// progress token, a progress notification sent) when the API refuses the caller's token cannot
// turn into 401: the stream answered 200. Its result is the tool's isError text on that stream,
// saying the bearer token was refused, with no challenge header (README: "a call whose answer had
// already become an SSE stream").
func TestR59Httpmode2StreamingCallKeepsItsResult(t *testing.T) {
	var refusing atomic.Bool
	var polls atomic.Int32
	deployment := lazyregexp.New(`^/v1/(apps|projects)/\d+/deployments/\d+$`)
	h := r59Httpmode2Serve(t, mcpserver.HTTPOptions{RequireBearer: true}, r58Oauth401Server, func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The first poll answers (its progress goes out); the token is refused from the next.
			if refusing.Load() && r.Method == http.MethodGet && deployment.MatchString(r.URL.Path) && polls.Add(1) > 1 {
				r59Httpmode2Refuse(w)
				return
			}
			emu.ServeHTTP(w, r)
		})
	})
	for _, c := range []struct{ tool, args string }{
		{"create_and_deploy_app", `{"name":"r59-stream-app","wait":false,"spicepod":"version: v1\nkind: Spicepod\nname: r59-stream-app\n"}`},
	} {
		if status, _, body := r58Oauth401PostArgs(t, h, r58Oauth401Good, c.tool, c.args); status != http.StatusOK || strings.Contains(body, `"isError":true`) {
			t.Fatalf("%s: %d %.400s", c.tool, status, body)
		}
	}
	refusing.Store(true)
	body := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"wait_for_deployment","arguments":{"app":"r59-stream-app"},` +
		`"_meta":{"progressToken":"r59-progress",` + strings.TrimSuffix(strings.TrimPrefix(r39ModernMeta, `"_meta":{`), `}`) + `}}}`
	status, header, msgs := rawPost(t, h.URL(), "", map[string]string{"Authorization": "Bearer " + r58Oauth401Good,
		"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "wait_for_deployment"}, body)
	if status != http.StatusOK || header.Get("WWW-Authenticate") != "" || !strings.HasPrefix(header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("wait_for_deployment, refused after its first progress: %d %q %q %q, want the 200 stream", status, header.Get("Content-Type"), header.Get("WWW-Authenticate"), msgs)
	}
	if len(msgs) < 2 || !strings.Contains(msgs[0], `"notifications/progress"`) {
		t.Errorf("the stream does not begin with the progress: %q", msgs)
	}
	result := responseWithID(t, "wait_for_deployment", "7", msgs)
	if !strings.Contains(result, `"isError":true`) || !strings.Contains(result, "bearer token your MCP client sent was refused") || strings.Contains(result, r58Oauth401Good) {
		t.Errorf("the stream's result: %.600s, want the tool's isError text saying the bearer token was refused", result)
	}
	if polls.Load() < 2 {
		t.Errorf("the API was polled %d times, want the refusal on the second poll", polls.Load())
	}
}

// TestR59Httpmode2RotationRefusedAfterItsStepKeepsTheResult: rotate_api_keys whose key
// regeneration the API refuses with 401 changed nothing: the challenge. One whose regeneration
// went through, or whose answer was lost (a gateway's 502: it may have gone through), keeps its
// result when the API then refuses the token on a read: it holds (or settles) the new key,
// which a challenge would lose.
func TestR59Httpmode2RotationRefusedAfterItsStepKeepsTheResult(t *testing.T) {
	const (
		pass = iota
		refuseStep
		refuseAfterStep
		loseStepThenRefuse
	)
	var mode atomic.Int32
	var posted atomic.Bool
	keys := lazyregexp.New(`^/v1/(apps|projects)/\d+/api-keys$`)
	h := r59Httpmode2Serve(t, mcpserver.HTTPOptions{RequireBearer: true}, r58Oauth401Server, func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if keys.MatchString(r.URL.Path) {
				m := mode.Load()
				switch {
				case r.Method == http.MethodPost && m == refuseStep:
					r59Httpmode2Refuse(w)
					return
				case r.Method == http.MethodPost && m == loseStepThenRefuse:
					posted.Store(true)
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusBadGateway)
					_, _ = io.WriteString(w, "<html>502 Bad Gateway</html>")
					return
				case r.Method == http.MethodPost:
					posted.Store(true)
				case r.Method == http.MethodGet && posted.Load() && (m == refuseAfterStep || m == loseStepThenRefuse):
					r59Httpmode2Refuse(w)
					return
				}
			}
			emu.ServeHTTP(w, r)
		})
	})
	call := func(args string) (int, string, string) {
		return r58Oauth401PostArgs(t, h, r58Oauth401Good, "rotate_api_keys", args)
	}
	if status, _, body := r58Oauth401PostArgs(t, h, r58Oauth401Good, "create_app", `{"name":"r59-rotate-app"}`); status != http.StatusOK || strings.Contains(body, `"isError":true`) {
		t.Fatalf("create_app: %d %.400s", status, body)
	}
	mode.Store(refuseStep)
	if status, challenge, body := call(`{"app":"r59-rotate-app","step":"start"}`); status != http.StatusUnauthorized || !strings.HasPrefix(challenge, `Bearer error="invalid_token"`) {
		t.Errorf("the start step refused with 401 (nothing changed): %d %q %.400s, want the challenge", status, challenge, body)
	}
	mode.Store(pass)
	if status, _, body := call(`{"app":"r59-rotate-app","step":"start"}`); status != http.StatusOK || strings.Contains(body, `"isError":true`) {
		t.Fatalf("the start step: %d %.400s", status, body)
	}
	posted.Store(false)
	mode.Store(refuseAfterStep)
	if status, challenge, body := call(`{"app":"r59-rotate-app","step":"finish"}`); status != http.StatusOK || challenge != "" || strings.Contains(body, `"isError":true`) {
		t.Errorf("the finish step, the token refused after its regeneration: %d %q %.600s, want 200 with its result", status, challenge, body)
	}
	posted.Store(false)
	mode.Store(loseStepThenRefuse)
	status, challenge, body := call(`{"app":"r59-rotate-app","step":"start"}`)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"isError":true`) {
		t.Errorf("the start step's answer lost, the token refused on the read that settles it: %d %q %.600s, want 200 with its result", status, challenge, body)
	}
	if !posted.Load() {
		t.Errorf("the start step was not sent")
	}
}

// TestR59Httpmode2ConcurrentCallsOneRefused: two calls at once on one 2025-era session, one of
// which the API refuses the token for (a token it refuses on that operation only): the refused
// one gets the 401 challenge, the other its 200 result, and the session serves the next call.
func TestR59Httpmode2ConcurrentCallsOneRefused(t *testing.T) {
	refused := make(chan struct{})
	h := r59Httpmode2Serve(t, mcpserver.HTTPOptions{RequireBearer: true}, r58Oauth401Server, func(emu http.Handler) http.Handler {
		var once sync.Once
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/v1/limits":
				r59Httpmode2Refuse(w)
				once.Do(func() { close(refused) })
				return
			case "/v1/orgs":
				// The other call is answered only once this one was refused: both are in flight.
				select {
				case <-refused:
				case <-time.After(10 * time.Second):
				}
			}
			emu.ServeHTTP(w, r)
		})
	})
	auth := map[string]string{"Authorization": "Bearer " + r58Oauth401Good}
	status, hdr, msgs := rawPost(t, h.URL(), "", auth, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`)
	session := hdr.Get("Mcp-Session-Id")
	if status != http.StatusOK || session == "" {
		t.Fatalf("initialize: %d %q", status, msgs)
	}
	rawPost(t, h.URL(), session, auth, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	type answer struct {
		status    int
		challenge string
		msgs      []string
	}
	call := func(id, tool string, out chan<- answer) {
		status, hdr, msgs := rawPost(t, h.URL(), session, auth, `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"`+tool+`","arguments":{}}}`)
		var challenge string
		if hdr != nil {
			challenge = hdr.Get("WWW-Authenticate")
		}
		out <- answer{status, challenge, msgs}
	}
	orgs, limits := make(chan answer, 1), make(chan answer, 1)
	go call("2", "list_orgs", orgs)
	go call("3", "get_limits", limits)
	if a := <-limits; a.status != http.StatusUnauthorized || !strings.HasPrefix(a.challenge, `Bearer error="invalid_token"`) {
		t.Errorf("get_limits, its token refused: %d %q %q, want the 401 challenge", a.status, a.challenge, a.msgs)
	}
	if a := <-orgs; a.status != http.StatusOK || a.challenge != "" || len(a.msgs) == 0 || strings.Contains(a.msgs[len(a.msgs)-1], `"isError":true`) || !strings.Contains(a.msgs[len(a.msgs)-1], "acme") {
		t.Errorf("list_orgs, in flight meanwhile: %d %q %q, want its 200 result", a.status, a.challenge, a.msgs)
	}
	next := make(chan answer, 1)
	call("4", "list_orgs", next)
	if a := <-next; a.status != http.StatusOK || a.challenge != "" || len(a.msgs) == 0 || strings.Contains(a.msgs[0], `"isError":true`) {
		t.Errorf("the session's next call: %d %q %q, want its 200 result", a.status, a.challenge, a.msgs)
	}
}
