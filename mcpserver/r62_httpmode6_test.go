package mcpserver_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r62Httpmode6Call is a 2025-era tools/call of list_apps (no session: refused before it matters).
const r62Httpmode6Call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`

// TestR62Httpmode6SharedSecretStandInIsNamed: README's example sends
// "X-MCP-Auth-Token: $SPICE_MCP_HTTP_AUTH_TOKEN"; a client configuration that expands nothing
// sent the variable's name as written and got the plain "present the server's auth token",
// where the same mistake in a bearer token is named. Now a variable's name or an example's
// placeholder in the header is named as such (the value not repeated); the answer depends only
// on what was sent, never on what the configured secret looks like; the secret itself is served.
func TestR62Httpmode6SharedSecretStandInIsNamed(t *testing.T) {
	answers := map[string]string{}
	for _, secret := range []string{"r62-shared-secret-0123456789", "<r62-shared-secret-in-brackets>"} {
		h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{AuthToken: secret})
		for _, sent := range []string{"$SPICE_MCP_HTTP_AUTH_TOKEN", "${SPICE_MCP_HTTP_AUTH_TOKEN}", " ${env:R62_SECRET} ", "%R62_SECRET%",
			"<token>", "<your auth token>", "YOUR_TOKEN-REPLACE-ME", "r62-wrong-but-real-looking", "$not a variable"} {
			resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: sent})
			want := present.SharedSecretRequired(mcpserver.AuthTokenHeader)
			switch {
			case strings.Contains(sent, "R62_SECRET") || strings.Contains(sent, "SPICE_"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, true)
			case strings.Contains(sent, "<") || strings.Contains(sent, "REPLACE"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, false)
			}
			if resp.StatusCode != http.StatusUnauthorized || strings.TrimSpace(body) != want || strings.Contains(body, strings.TrimSpace(sent)) {
				t.Errorf("secret %q, %s: %q: %d %q; want 401 %q", secret, mcpserver.AuthTokenHeader, sent, resp.StatusCode, body, want)
			}
			if prev, seen := answers[sent]; seen && prev != body {
				t.Errorf("%q: the answer depends on the configured secret: %q, then %q", sent, prev, body)
			}
			answers[sent] = body
		}
		if resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: secret}); resp.StatusCode == http.StatusUnauthorized {
			t.Errorf("secret %q sent: %d %q, want it served", secret, resp.StatusCode, body)
		}
	}
}

// TestR62Httpmode6PageListenerLogsItsRefusalsOncePerBurst: the stdio page listener refused a
// connection beyond its 64 busy ones (503) and logged nothing: its operator could not tell a
// flood from a bug. It logs the refusal, with the client's address and the limit, once per burst
// (20 refusals in a row: one line), never the page's secret path.
func TestR62Httpmode6PageListenerLogsItsRefusalsOncePerBurst(t *testing.T) {
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	s := humanweb.New(humanweb.Options{Listen: "127.0.0.1:0", Conns: mcpserver.PageConns, Logger: logger})
	t.Cleanup(func() { _ = s.Close() })
	_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "delete_app", Action: "Delete app demo (1)"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	held := make([]net.Conn, 0, mcpserver.MaxPageConnections)
	t.Cleanup(func() {
		for _, c := range held {
			_ = c.Close()
		}
	})
	for i := range mcpserver.MaxPageConnections {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// A request in progress: its body is waited for.
		req := "POST /human/" + strings.Repeat("A", 43) + " HTTP/1.1\r\nHost: " + u.Host +
			"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
			t.Fatalf("held connection %d: %q, %v", i+1, line, err)
		}
	}
	const refusals = 20
	start := time.Now()
	var local string
	for range refusals {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		local = c.LocalAddr().String()
		_, _ = io.WriteString(c, "GET "+u.RequestURI()+" HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n")
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("a connection beyond the 64 busy ones: %v %v; want 503", res, err)
		}
		_ = res.Body.Close()
		_ = c.Close()
	}
	lines := 0
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "connection refused") {
			continue
		}
		lines++
		if !strings.Contains(line, `"max_connections":64`) || !strings.Contains(line, `"remote":"127.0.0.1:`) ||
			strings.Contains(line, u.Path) || strings.Contains(line, strings.TrimPrefix(u.Path, humanweb.Prefix)) {
			t.Errorf("the refusal's line names no limit or address, or the page's path: %s", line)
		}
	}
	if most := 1 + int(time.Since(start)/(10*time.Second)); lines == 0 || lines > most {
		t.Errorf("%d refusals in a burst logged %d lines, want 1 to %d (last client %s):\n%s", refusals, lines, most, local, logs)
	}
}

// r62Httpmode6Request is one request to h's MCP endpoint: its headers, Host (when set), query
// (when set) and body (a tools/call of list_apps when empty).
type r62Httpmode6Request struct {
	headers     map[string]string
	host, query string
	body        string
	twice       string // a header sent twice more, with other values
}

// r62Httpmode6Send sends req to h and returns the status and the Mcp-Session-Id answered.
func r62Httpmode6Send(t *testing.T, h *mcpserver.HTTPServer, req r62Httpmode6Request) (int, string) {
	t.Helper()
	modern := req.body == ""
	if modern {
		req.body = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{},` + r39ModernMeta + `}}`
	}
	target := h.URL()
	if req.query != "" {
		target += "?" + req.query
	}
	r, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(req.body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", "application/json, text/event-stream")
	if modern {
		r.Header.Set("MCP-Protocol-Version", "2026-07-28")
		r.Header.Set("Mcp-Method", "tools/call")
		r.Header.Set("Mcp-Name", "list_apps")
	}
	for k, v := range req.headers {
		r.Header.Set(k, v)
	}
	if req.host != "" {
		r.Host = req.host
	}
	if req.twice != "" {
		r.Header.Add(req.twice, "r62-first-of-two-0123")
		r.Header.Add(req.twice, "r62-second-of-two-0123")
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Mcp-Session-Id")
}

// TestR62Httpmode6EveryRefusalIsLogged: the operator reads stderr, the caller the answer. Most
// of the HTTP transport's refusals logged nothing (a missing or unusable bearer token, a stand-in,
// the API's refusal of the caller's token, the shared secret missing or wrong, a foreign Origin or
// Host, a credential in the URL, a session ID of another caller or malformed): an operator could
// not tell a misconfigured client from a bug. Each logs one line at info or warn naming why, the
// status, the client's address and the flag that governs it where one does, and no secret: not
// the shared secret, nor a token, nor a session ID, nor a query's value.
func TestR62Httpmode6EveryRefusalIsLogged(t *testing.T) {
	const secret, wrong = "r62-shared-secret-0123456789", "r62-wrong-secret-9876543210"
	const stranger, leaked = "r62-never-issued-token-5555", "r62-query-secret-4444"
	// Each kind of refusal is logged once per burst: each case has a server of its own.
	serve := func(requireBearer bool) (*mcpserver.HTTPServer, *testutil.SyncBuffer) {
		return r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{},
			mcpserver.HTTPOptions{AuthToken: secret, RequireBearer: requireBearer, MaxBodyBytes: 1 << 10})
	}
	withSecret := func(more map[string]string) map[string]string {
		headers := map[string]string{mcpserver.AuthTokenHeader: secret}
		for k, v := range more {
			headers[k] = v
		}
		return headers
	}
	bearer := func(token string) map[string]string {
		return withSecret(map[string]string{"Authorization": "Bearer " + token})
	}
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r62","version":"0"}}}`
	sessions, sessionLogs := serve(true)
	status, session := r62Httpmode6Send(t, sessions, r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), body: initialize})
	if status != http.StatusOK || session == "" {
		t.Fatalf("initialize: %d, session %q", status, session)
	}
	var all []*testutil.SyncBuffer
	legacyCall := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	for _, c := range []struct {
		what   string
		req    r62Httpmode6Request
		status int
		log    string // in the line's message
		flag   string // the line's flag, "" for none
	}{
		{"no bearer token", r62Httpmode6Request{headers: withSecret(nil)}, 401, "no bearer token", "--http-allow-server-token"},
		{"a stand-in bearer token", r62Httpmode6Request{headers: bearer("${SPICE_API_TOKEN}")}, 401, "bearer token is a stand-in", ""},
		{"not one bearer token", r62Httpmode6Request{headers: withSecret(map[string]string{"Authorization": "Token " + stranger})}, 400, "not one bearer token", ""},
		{"a token the API refuses", r62Httpmode6Request{headers: bearer(stranger)}, 401, "the Spice.ai API refused the caller's bearer token", ""},
		{"no shared secret", r62Httpmode6Request{headers: map[string]string{"Authorization": "Bearer " + sandbox.DefaultToken}}, 401, "no shared secret, or not the one", "--http-auth-token-file"},
		{"a wrong shared secret", r62Httpmode6Request{headers: map[string]string{mcpserver.AuthTokenHeader: wrong}}, 401, "no shared secret, or not the one", "--http-auth-token-file"},
		{"a stand-in shared secret", r62Httpmode6Request{headers: map[string]string{mcpserver.AuthTokenHeader: "$SPICE_MCP_HTTP_AUTH_TOKEN"}}, 401, "shared secret's header holds a stand-in", "--http-auth-token-file"},
		{"a repeated shared secret", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), twice: mcpserver.AuthTokenHeader}, 400, "shared secret's header came more than once", ""},
		{"a body over the limit", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), body: `{"pad":"` + strings.Repeat("x", 2<<10) + `"}`}, 413, "body is over the limit", "--http-max-body"},
		{"a foreign Origin", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), body: legacyCall}, 403, "Origin is not allowed", "--allowed-origins"},
		{"a foreign Host", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), host: "r62.example:80"}, 403, "Host is neither loopback", "--http-public-url"},
		{"a credential in the URL", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), query: "api_key=" + leaked}, 400, "named like a credential", ""},
		{"another caller's session", r62Httpmode6Request{headers: bearer(stranger), body: legacyCall}, 404, "names no session of its caller", ""},
		{"a malformed session ID", r62Httpmode6Request{headers: bearer(sandbox.DefaultToken), body: legacyCall}, 400, "Mcp-Session-Id header is malformed", ""},
	} {
		h, logs := serve(c.what != "not one bearer token")
		switch c.what {
		case "a foreign Origin":
			c.req.headers["Origin"] = "https://r62.example"
		case "another caller's session":
			h, logs = sessions, sessionLogs // the one that issued it: a key per process
			c.req.headers["Mcp-Session-Id"] = session
		case "a malformed session ID":
			c.req.headers["Mcp-Session-Id"] = session[:8] + " " + session[8:]
		}
		before := len(logs.String())
		all = append(all, logs)
		if status, _ := r62Httpmode6Send(t, h, c.req); status != c.status {
			t.Errorf("%s: %d, want %d", c.what, status, c.status)
		}
		var lines []string
		for _, line := range strings.Split(strings.TrimSpace(logs.String()[before:]), "\n") {
			if strings.Contains(line, "refused") {
				lines = append(lines, line)
			}
		}
		if len(lines) != 1 {
			t.Errorf("%s: %d refusal lines, want 1:\n%s", c.what, len(lines), strings.Join(lines, "\n"))
			continue
		}
		line := lines[0]
		flagged := strings.Contains(line, `"flag":`)
		if !strings.Contains(line, c.log) || !strings.Contains(line, `"status":`+strconv.Itoa(c.status)) || !strings.Contains(line, `"remote":"127.0.0.1:`) ||
			!(strings.Contains(line, `"level":"INFO"`) || strings.Contains(line, `"level":"WARN"`)) ||
			c.flag != "" && !strings.Contains(line, `"flag":"`+c.flag+`"`) || c.flag == "" && flagged {
			t.Errorf("%s: the line is not at info naming %q, status %d, the address and flag %q:\n%s", c.what, c.log, c.status, c.flag, line)
		}
	}
	for _, logs := range all {
		for _, value := range []string{secret, wrong, stranger, leaked, session, "r62-first-of-two", "r62-second-of-two"} {
			if strings.Contains(logs.String(), value) {
				t.Errorf("the log holds %q:\n%s", value, logs)
			}
		}
	}
}

// TestR62Httpmode6SessionsBelongToTheirToken (held): README promises that a 2025-era session
// serves only the caller it was issued to. A session opened with one token and used with
// another (a leaked or guessed ID: session fixation or hijack), or with none (the server's lent
// credentials), gets 404 on POST, GET and DELETE alike, and another caller's DELETE does not end
// it: its own caller goes on. An ID of 8 KiB gets 404 and one holding a space, a tab or a byte beyond ASCII 400,
// neither echoed (one with a control byte Go's client will not send: TestR52HttpmodeMalformedSessionIDIsBadRequest).
func TestR62Httpmode6SessionsBelongToTheirToken(t *testing.T) {
	const owner, other = "r62-session-owner-token", "r62-session-other-token"
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true, Tokens: []sandbox.Token{
		{Value: owner, Org: "sandbox", Scopes: []string{"*"}}, {Value: other, Org: "sandbox", Scopes: []string{"*"}}}},
		mcpserver.Options{}, mcpserver.HTTPOptions{})
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r62","version":"0"}}}`
	auth := func(token string) map[string]string {
		if token == "" {
			return map[string]string{}
		}
		return map[string]string{"Authorization": "Bearer " + token}
	}
	status, session := r62Httpmode6Send(t, h, r62Httpmode6Request{headers: auth(owner), body: initialize})
	if status != http.StatusOK || session == "" {
		t.Fatalf("initialize: %d, session %q", status, session)
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	use := func(method, token, id string) (int, string) {
		headers := auth(token)
		headers["Mcp-Session-Id"] = id
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader(list)
		}
		if method == http.MethodGet {
			headers["Accept"] = "text/event-stream"
		}
		resp, text := sendMCP(t, method, h.URL(), "", body, headers)
		return resp.StatusCode, text
	}
	for _, token := range []string{other, ""} {
		for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodDelete} {
			if status, body := use(method, token, session); status != http.StatusNotFound || strings.Contains(body, session) {
				t.Errorf("%s of the owner's session with token %q: %d %.200q, want 404 not naming it", method, token, status, body)
			}
		}
	}
	if status, body := use(http.MethodPost, owner, session); status != http.StatusOK || !strings.Contains(body, `"tools"`) {
		t.Errorf("the owner after another caller's DELETE: %d %.300q, want its session served", status, body)
	}
	huge := strings.Repeat("A", 8<<10)
	if status, body := use(http.MethodPost, owner, huge); status != http.StatusNotFound || strings.Contains(body, huge[:64]) {
		t.Errorf("an 8 KiB session ID: %d %.200q, want 404 not echoing it", status, body)
	}
	for _, id := range []string{session[:8] + " " + session[8:], session + "\u00e9", session[:8] + "\t" + session[8:]} {
		if status, body := use(http.MethodPost, owner, id); status != http.StatusBadRequest || strings.Contains(body, session) {
			t.Errorf("session ID %q: %d %.200q, want 400 not echoing it", id, status, body)
		}
	}
	if status, _ := use(http.MethodDelete, owner, session); status != http.StatusOK {
		t.Errorf("the owner's DELETE: %d, want 200", status)
	}
}

// TestR62Httpmode6SandboxServerTokenRemedyReach (held): present.RemedySandboxServerToken ("the
// sandbox's emulator refused the token this server sends … restart the server") answers a 401
// in --sandbox to the server's own token. No product path reaches it: --sandbox's emulator (its
// demo world) takes its own token, which never expires and which no request can revoke, so a call
// over stdio, and one over HTTP without a token (the sandbox's lent), are served, and one over
// HTTP with a Spice.ai token gets RemedySandboxBearer. Only the emulator's Go API (RevokeToken,
// which tests use) makes it refuse its own token; then the text answers stdio and HTTP alike.
func TestR62Httpmode6SandboxServerTokenRemedyReach(t *testing.T) {
	bearerText := present.RemedySandboxBearer[:60] // before its quotes, which JSON escapes
	serverText := present.RemedySandboxServerToken[:60]
	emu := sandbox.New(sandbox.DemoWorld())
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	base, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken(sandbox.DefaultToken), Sandbox: true,
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, true), Sandbox: true})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Sandbox: true})
	sh := newHarness(t, harnessOptions{cfg: sandbox.DemoWorld(), sandboxNote: true, apiSandbox: true})
	sh.ok(t, "list_apps", nil)
	if _, _, body := r58Oauth401PostTool(t, h, "", "list_apps"); strings.Contains(body, `"isError":true`) {
		t.Errorf("over HTTP without a token: %.600s, want list_apps served with the sandbox's token", body)
	}
	if _, _, body := r58Oauth401PostTool(t, h, "r62-a-spice-ai-token", "list_apps"); !strings.Contains(body, bearerText) || strings.Contains(body, serverText) {
		t.Errorf("over HTTP with a Spice.ai token: %.600s, want RemedySandboxBearer", body)
	}
	// The only way in: the emulator refuses its own token, which nothing but its Go API does.
	emu.RevokeToken(sandbox.DefaultToken)
	sh.emu.RevokeToken(sandbox.DefaultToken)
	mustContain(t, "stdio, the sandbox's token revoked", sh.fail(t, "list_apps", nil), present.RemedySandboxServerToken)
	if _, _, body := r58Oauth401PostTool(t, h, "", "list_apps"); !strings.Contains(body, serverText) {
		t.Errorf("over HTTP without a token, the sandbox's token revoked: %.600s, want RemedySandboxServerToken", body)
	}
}

// TestR62Httpmode6SessionFollowsItsTokensOrganization (held): a 2025-era session keeps no
// organization of its own. When the organization its token acts in changes at the API (here a
// proxy in front of the emulator has the token act as another's), the session's next call acts
// where the token now does: its whoami names the organization a new caller with the token gets.
func TestR62Httpmode6SessionFollowsItsTokensOrganization(t *testing.T) {
	const token, acme = "r62-moving-token", "r62-acme-token"
	emu := sandbox.New(sandbox.Config{Demo: true, Tokens: []sandbox.Token{
		{Value: token, Org: "sandbox", Scopes: []string{"*"}}, {Value: acme, Org: "acme-labs", Scopes: []string{"*"}}}})
	var moved atomic.Bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if moved.Load() && r.Header.Get("Authorization") == "Bearer "+token {
			r.Header.Set("Authorization", "Bearer "+acme)
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	base, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken(sandbox.DefaultToken),
		Retry: client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	h := listenAndServe(t, mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false)}),
		mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	headers := map[string]string{"Authorization": "Bearer " + token}
	resp, _ := rpc(t, h.URL(), "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r62","version":"0"}}}`, headers)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d, no session", resp.StatusCode)
	}
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{}}}`
	_, before := rpc(t, h.URL(), session, call, headers)
	moved.Store(true)
	_, after := rpc(t, h.URL(), session, call, headers)
	_, fresh := rpc(t, h.URL(), "", `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"whoami","arguments":{},`+r39ModernMeta+`}}`,
		map[string]string{"Authorization": "Bearer " + acme, "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "whoami"})
	org := func(answer string) string {
		_, line, _ := strings.Cut(answer, `- Organization: `)
		line, _, _ = strings.Cut(line, `\n`)
		return line
	}
	if org(before) == "" || org(after) != org(fresh) || org(before) == org(after) || !strings.Contains(org(after), "acme-labs") {
		t.Errorf("whoami in the session before the token moved: %.800s\nafter: %.800s\nwant sandbox, then acme-labs (a new caller of acme-labs: %.800s)", before, after, fresh)
	}
}
