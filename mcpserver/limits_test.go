package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const initializeJSON = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`

// serve runs an MCP server over the demo emulator with opts; configure may add hooks first.
func serve(t *testing.T, opts mcpserver.HTTPOptions, configure func(*server.MCPServer)) *mcpserver.HTTPServer {
	t.Helper()
	h, _ := serveEmulator(t, opts, configure)
	return h
}

// serveEmulator is serve, also returning the demo emulator behind the server.
func serveEmulator(t *testing.T, opts mcpserver.HTTPOptions, configure func(*server.MCPServer)) (*mcpserver.HTTPServer, *sandbox.Emulator) {
	t.Helper()
	emu := sandbox.New(sandbox.Config{Demo: true})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	human := humanweb.New(humanweb.Options{Conns: mcpserver.PageConns})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Human: human, Client: func(context.Context) (*client.Client, error) { return c, nil }})
	if configure != nil {
		configure(srv)
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	return listenAndServe(t, srv, opts), emu
}

// listenAndServe runs srv over HTTP with opts until the test ends.
func listenAndServe(t testing.TB, srv *server.MCPServer, opts mcpserver.HTTPOptions) *mcpserver.HTTPServer {
	t.Helper()
	return mcpserver.ServeForTest(t, srv, opts)
}

// sendMCP sends one request to endpoint (session as Mcp-Session-Id when set, and headers) and
// returns the response and its body (read and closed).
func sendMCP(t *testing.T, method, endpoint, session string, body io.Reader, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, endpoint, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
	}
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

// rpc posts one JSON-RPC message to /mcp and returns the answer (the data line of an SSE
// answer). session is sent as Mcp-Session-Id when set.
func rpc(t *testing.T, endpoint, session, body string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	resp, text := sendMCP(t, http.MethodPost, endpoint, session, strings.NewReader(body), headers)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		for _, line := range strings.Split(text, "\n") {
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				text = data
			}
		}
	}
	return resp, text
}

// initialize opens a 2025-era session and returns its ID.
func initialize(t *testing.T, endpoint string, headers map[string]string) string {
	t.Helper()
	resp, body := rpc(t, endpoint, "", initializeJSON, headers)
	id := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != http.StatusOK || id == "" {
		t.Fatalf("initialize: %d %q %s", resp.StatusCode, id, body)
	}
	rpc(t, endpoint, id, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, headers)
	return id
}

// exchange writes head (and body, from another goroutine, ignoring write errors: the server
// may stop reading) on a fresh connection and reads the answer. It closes the connection, then
// body if it is a Closer (an endless chunks' writer ends with it), when it returns.
func exchange(t *testing.T, endpoint, head string, body io.Reader) (*http.Response, string, time.Duration) {
	t.Helper()
	u, _ := url.Parse(endpoint)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	var copied chan struct{} // made once body is being copied
	defer func() {
		conn.Close()
		if copied != nil {
			<-copied
		}
		if c, ok := body.(io.Closer); ok {
			c.Close()
		}
	}()
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	if body != nil {
		copied = make(chan struct{})
		go func() { defer close(copied); _, _ = io.Copy(conn, body) }()
	}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(text), time.Since(start)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// zeros is an endless body.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// chunks writes r as a chunked body of 32 KiB chunks, endlessly if r is.
func chunks(r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if _, werr := fmt.Fprintf(pw, "%x\r\n%s\r\n", n, buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				_, _ = io.WriteString(pw, "0\r\n\r\n")
				pw.Close()
				return
			}
		}
	}()
	return pr
}

// TestBodyLimit: a body over the limit is refused with 413, naming the limit (its flag only in
// the log, TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog):
// before a byte of it is read when Content-Length announces it, and as soon as the limit is
// passed when the body is chunked; a body at the limit is served. The limit covers every path.
func TestBodyLimit(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10}, nil)
	host := strings.TrimPrefix(strings.TrimSuffix(h.URL(), "/mcp"), "http://")
	head := func(path, framing string) string {
		return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" +
			"Accept: application/json, text/event-stream\r\n" + framing + "\r\n"
	}
	// 100 MB announced, none of it sent: the answer must not wait for the body.
	for _, path := range []string{"/mcp", "/healthz", "/elsewhere"} {
		resp, text, took := exchange(t, h.URL(), head(path, "Content-Length: 100000000\r\n"), nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(text, "64 KiB") || strings.Contains(text, "--http-max-body") || took > 5*time.Second {
			t.Errorf("%s, Content-Length 100 MB: %d after %s: %s", path, resp.StatusCode, took, text)
		}
		if !resp.Close {
			t.Errorf("%s: the connection stays open after a 413", path)
		}
	}
	// Chunked, endless.
	resp, text, _ := exchange(t, h.URL(), head("/mcp", "Transfer-Encoding: chunked\r\n"), chunks(zeros{}))
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(text, "64 KiB") {
		t.Errorf("chunked endless body: %d %s", resp.StatusCode, text)
	}
	// At the limit: an initialize padded with spaces to exactly 64 KiB.
	body := initializeJSON + strings.Repeat(" ", 64<<10-len(initializeJSON))
	if r, text := rpc(t, h.URL(), "", body, nil); r.StatusCode != http.StatusOK {
		t.Errorf("a body of exactly the limit: %d %s", r.StatusCode, text)
	}
	resp, text, _ = exchange(t, h.URL(), head("/mcp", "Transfer-Encoding: chunked\r\n"), chunks(strings.NewReader(body)))
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a chunked body of exactly the limit: %d %s", resp.StatusCode, text)
	}
}

// TestSlowBodyTimesOut: a body that does not arrive within the read timeout gets 408 and the
// connection is closed. The body names the limit; its flag, the operator's, only the log line
// (TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog).
func TestSlowBodyTimesOut(t *testing.T) {
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	h := serve(t, mcpserver.HTTPOptions{ReadTimeout: time.Second, Logger: logger}, nil)
	host := strings.TrimPrefix(strings.TrimSuffix(h.URL(), "/mcp"), "http://")
	head := "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
	resp, text, took := exchange(t, h.URL(), head, nil)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(text, "within 1s") || strings.Contains(text, "--http-") || took > 4*time.Second {
		t.Errorf("slow body: %d after %s: %s", resp.StatusCode, took, text)
	}
	if !strings.Contains(logs.String(), `"flag":"--http-read-timeout"`) {
		t.Errorf("the 408's log line names no flag: %s", logs)
	}
}

// TestSessionCap: 10,000 initializations (2,000 under the race detector) never leave more
// sessions registered in mcp-go than the cap; the least recently active idle session makes room,
// and its client carries on.
func TestSessionCap(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	const limit = 20
	var live, peak atomic.Int64
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: limit}, func(s *server.MCPServer) {
		s.GetHooks().AddOnRegisterSession(func(context.Context, server.ClientSession) {
			if n := live.Add(1); n > peak.Load() {
				peak.Store(n) // approximate under concurrency; checked against the cap with margin 0 below
			}
		})
		s.GetHooks().AddOnUnregisterSession(func(context.Context, server.ClientSession) { live.Add(-1) })
	})
	first := initialize(t, h.URL(), nil)
	n := 10_000
	if testing.Short() || raceDetector {
		n = 2_000
	}
	var wg sync.WaitGroup
	var over atomic.Int64
	work := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			for range work {
				resp, _ := rpc(t, h.URL(), "", initializeJSON, nil)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("initialize: %d", resp.StatusCode)
				}
				if h.Sessions() > limit {
					over.Add(1)
				}
			}
		})
	}
	for range n {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	if over.Load() > 0 || h.Sessions() > limit || live.Load() > limit || peak.Load() > limit {
		t.Errorf("after %d initializations: %d held (over the cap %d times), %d registered in mcp-go, peak %d; cap %d",
			n, h.Sessions(), over.Load(), live.Load(), peak.Load(), limit)
	}
	t.Logf("%d initializations: %d sessions held, %d registered, peak %d (cap %d)", n, h.Sessions(), live.Load(), peak.Load(), limit)
	// The first session was ended long ago; its client is still served.
	resp, body := rpc(t, h.URL(), first, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "list_apps") {
		t.Errorf("an ended session's next request: %d %.200s", resp.StatusCode, body)
	}
	// A client's DELETE ends its session at once.
	before := h.Sessions()
	req, _ := http.NewRequest(http.MethodDelete, h.URL(), nil)
	req.Header.Set("Mcp-Session-Id", first)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE: %v %v", err, resp)
	}
	resp.Body.Close()
	if h.Sessions() != before-1 {
		t.Errorf("DELETE left %d sessions of %d", h.Sessions(), before)
	}
}

// TestSessionCapEndsStreamingSessions: an open GET stream does not hold a place at the cap
// (sessions with a stream each used to lock every new client out for as long as the
// connections stayed open): a new session ends the least recently active one, whose stream
// closes. Requests in progress do hold their place (TestSessionsLRU).
func TestSessionCapEndsStreamingSessions(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: 2}, nil)
	var bodies []io.ReadCloser
	var ids []string
	for range 2 {
		id := initialize(t, h.URL(), nil)
		ids = append(ids, id)
		req, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
		req.Header.Set("Mcp-Session-Id", id)
		req.Header.Set("Accept", "text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET stream: %v %v", err, resp)
		}
		bodies = append(bodies, resp.Body)
		defer resp.Body.Close()
	}
	if resp, body := rpc(t, h.URL(), "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("a new session with every place streaming: %d %s", resp.StatusCode, body)
	}
	ended := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, bodies[0]); ended <- err }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Error("the ended session's stream stayed open")
	}
	if h.Sessions() > 2 {
		t.Errorf("%d sessions held, cap 2", h.Sessions())
	}
	// Its client is served again on its next request.
	if resp, body := rpc(t, h.URL(), ids[0], `{"jsonrpc":"2.0","id":2,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the ended session's next request: %d %s", resp.StatusCode, body)
	}
	// A GET stream must belong to a session; a session ID must be one this server issued.
	req, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
	req.Header.Set("Accept", "text/event-stream")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("GET without a session: %v %v", err, resp)
	} else {
		resp.Body.Close() // a body left unread holds its connection (and two goroutines) open
	}
	if resp, _ := rpc(t, h.URL(), "mcp-session-{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", `{"jsonrpc":"2.0","id":2,"method":"ping"}`, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a session ID in another spelling: %d", resp.StatusCode)
	}
}

// TestCredentialsInTheQueryString: any query parameter named like a credential is refused
// with 400 naming neither it (a name can be a token) nor its value; ordinary ones pass.
func TestCredentialsInTheQueryString(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	for _, name := range []string{"token", "access_token", "API_KEY", "access-token", "x-api-key", "auth_token", "client_secret",
		"password", "jwt", "id_token", "bearer_token", "token[]", "Authorization", "apiKey", "passwd", "pwd", "session_id", "sig",
		"refresh-token", "private_key", "X-Amz-Signature", "to%6Ben"} {
		resp, body := rpc(t, h.URL()+"?"+name+"=s3cr3t-value", "", initializeJSON, nil)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "s3cr3t-value") || !strings.Contains(body, "Authorization header") {
			t.Errorf("?%s=…: %d %s", name, resp.StatusCode, body)
		}
	}
	// A name that is itself a token is not echoed.
	if resp, body := rpc(t, h.URL()+"?Bearer%20Tk9pQzR7xLmN4vB2=1", "", initializeJSON, nil); resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "Tk9pQzR7xLmN4vB2") {
		t.Errorf("?Bearer%%20…=1: %d %s", resp.StatusCode, body)
	}
	for _, query := range []string{"", "?cursor=abc", "?debug=1&lang=en", "?%zz"} {
		if resp, body := rpc(t, h.URL()+query, "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("%q: %d %s", query, resp.StatusCode, body)
		}
	}
}

// TestOAuthDiscovery: without a bearer token a server that needs one answers 401 with a
// challenge naming its protected-resource metadata (RFC 9728), served at the MCP endpoint's
// path and at the root, naming the authorization server; with a token the request is served.
func TestOAuthDiscovery(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, Scopes: []string{"apps:delete", "members:read"}}, nil)
	base := strings.TrimSuffix(h.URL(), "/mcp")
	resp, body := rpc(t, h.URL(), "", initializeJSON, nil)
	challenge := resp.Header.Get("WWW-Authenticate")
	want := `Bearer resource_metadata="` + base + `/.well-known/oauth-protected-resource/mcp", scope="apps:delete members:read"`
	if resp.StatusCode != http.StatusUnauthorized || challenge != want || !strings.Contains(body, "Authorization: Bearer") {
		t.Errorf("no token: %d %q %s", resp.StatusCode, challenge, body)
	}
	for _, path := range []string{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		var meta struct {
			Resource             string   `json:"resource"`
			AuthorizationServers []string `json:"authorization_servers"`
			Scopes               []string `json:"scopes_supported"`
			BearerMethods        []string `json:"bearer_methods_supported"`
		}
		err = json.NewDecoder(resp.Body).Decode(&meta)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || meta.Resource != h.URL() ||
			strings.Join(meta.AuthorizationServers, ",") != mcpserver.DefaultAuthorizationServer ||
			strings.Join(meta.Scopes, " ") != "apps:delete members:read" || strings.Join(meta.BearerMethods, ",") != "header" {
			t.Errorf("%s: %d %v %+v", path, resp.StatusCode, err, meta)
		}
	}
	if resp, body := rpc(t, h.URL(), "", initializeJSON, map[string]string{"Authorization": "Bearer sandbox"}); resp.StatusCode != http.StatusOK {
		t.Errorf("with a token: %d %s", resp.StatusCode, body)
	}
	// Behind a TLS proxy that says so, the URLs follow the forwarded scheme and host (when the
	// operator trusts the proxy: TestR48ProxyForwardedHeadersNeedTrust).
	trusted := serve(t, mcpserver.HTTPOptions{RequireBearer: true, TrustForwarded: true}, nil)
	resp, _ = rpc(t, trusted.URL(), "", initializeJSON, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "mcp.example.com"})
	if got := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, `Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`) {
		t.Errorf("forwarded: %q", got)
	}

	// With the shared secret of --http-auth-token-file as well: the secret is checked first, as
	// before, then the bearer token. Every 401 names its scheme (RFC 9110: a 401 MUST carry
	// WWW-Authenticate): the secret's header, or the OAuth challenge.
	const secret = "shared-secret-for-the-mcp-endpoint"
	h = serve(t, mcpserver.HTTPOptions{RequireBearer: true, AuthToken: secret}, nil)
	secretChallenge := mcpserver.AuthTokenHeader + ` realm="spice-cloud-mcp"`
	for _, tc := range []struct {
		headers   map[string]string
		status    int
		challenge string // its start
	}{
		{nil, http.StatusUnauthorized, secretChallenge},
		{map[string]string{"Authorization": "Bearer sandbox"}, http.StatusUnauthorized, secretChallenge},
		{map[string]string{mcpserver.AuthTokenHeader: "wrong"}, http.StatusUnauthorized, secretChallenge},
		{map[string]string{mcpserver.AuthTokenHeader: secret}, http.StatusUnauthorized, "Bearer resource_metadata="},
		{map[string]string{mcpserver.AuthTokenHeader: secret, "Authorization": "Bearer sandbox"}, http.StatusOK, ""},
	} {
		resp, body := rpc(t, h.URL(), "", initializeJSON, tc.headers)
		got := resp.Header.Get("WWW-Authenticate")
		if resp.StatusCode != tc.status || !strings.HasPrefix(got, tc.challenge) || (tc.challenge == "") != (got == "") {
			t.Errorf("%v: %d %q %s", tc.headers, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
		}
	}

	// A configured public URL and issuer win; without RequireBearer nothing is refused.
	h = serve(t, mcpserver.HTTPOptions{AuthorizationServers: []string{"https://auth.example.com/tenant"}, PublicURL: "https://mcp.example.com/spice/mcp"}, nil)
	base = strings.TrimSuffix(h.URL(), "/mcp")
	if resp, _ := rpc(t, h.URL(), "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("no token, server credentials: %d", resp.StatusCode)
	}
	resp2, err := http.Get(base + "/.well-known/oauth-protected-resource/spice/mcp")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp2.Body)
	resp2.Body.Close()
	if !strings.Contains(string(raw), `"resource":"https://mcp.example.com/spice/mcp"`) || !strings.Contains(string(raw), `"authorization_servers":["https://auth.example.com/tenant"]`) {
		t.Errorf("public URL metadata: %s", raw)
	}
	// No authorization server, no metadata.
	h = serve(t, mcpserver.HTTPOptions{}, nil)
	if resp, err := http.Get(strings.TrimSuffix(h.URL(), "/mcp") + "/.well-known/oauth-protected-resource"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("metadata without an authorization server: %v %v", err, resp)
	} else {
		resp.Body.Close() // a body left unread holds its connection (and two goroutines) open
	}
	for _, bad := range []mcpserver.HTTPOptions{{AuthorizationServers: []string{"spice.ai"}}, {RequireBearer: true, PublicURL: "https://x.example/mcp?a=1"}} {
		bad.Addr = "127.0.0.1:0"
		if _, err := mcpserver.ListenHTTP(mcpserver.New(mcpserver.Options{}), bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// TestProtocolErrorCodes: over HTTP and stdio, resources/read of an app that does not exist
// (or its deployments or instances) is -32002 with the URI as data, prompts/get without a required argument is -32602 naming it,
// and the server declares no logging capability.
func TestProtocolErrorCodes(t *testing.T) {
	type rpcError struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	type answer struct {
		Result json.RawMessage `json:"result"`
		Error  *rpcError       `json:"error"`
	}
	requests := []struct {
		body     string
		code     int
		contains string
	}{
		{`{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://apps/no-such-app"}}`, mcp.RESOURCE_NOT_FOUND, `No app named`},
		{`{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"spice://apps/99999/deployments"}}`, mcp.RESOURCE_NOT_FOUND, `spice://apps/99999/deployments`},
		{`{"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"spice://apps/no-such-app/instances"}}`, mcp.RESOURCE_NOT_FOUND, `No app named`},
		{`{"jsonrpc":"2.0","id":4,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{}}}`, mcp.INVALID_PARAMS, `"app"`},
		{`{"jsonrpc":"2.0","id":"five","method":"prompts/get","params":{"name":"deploy_app","arguments":{"name":"  "}}}`, mcp.INVALID_PARAMS, `"name"`},
		{`{"jsonrpc":"2.0","id":7,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"nope"},"argument":{"name":"app","value":""}}}`, mcp.INVALID_PARAMS, `no prompt "nope"`},
		// An unknown prompt: the same words as completion's (round 27), not mcp-go's.
		{`{"jsonrpc":"2.0","id":8,"method":"prompts/get","params":{"name":"nope"}}`, mcp.INVALID_PARAMS, `no prompt "nope"; prompts/list shows the prompts`},
		{`{"jsonrpc":"2.0","id":10,"method":"prompts/get","params":{"name":"ROTATE_KEYS\u202e"}}`, mcp.INVALID_PARAMS, `no prompt "ROTATE_KEYS\u202e"`},
		{`{"jsonrpc":"2.0","id":11,"method":"prompts/get","params":{"name":""}}`, mcp.INVALID_PARAMS, `no prompt ""; prompts/list shows the prompts`},
		{`{"jsonrpc":"2.0","id":12,"method":"prompts/get","params":{}}`, mcp.INVALID_PARAMS, `no prompt ""; prompts/list shows the prompts`},
	}
	check := func(transport, raw string, want int, contains string) {
		t.Helper()
		var a answer
		if err := json.Unmarshal([]byte(raw), &a); err != nil || a.Error == nil || a.Error.Code != want || !strings.Contains(a.Error.Message, contains) {
			t.Errorf("%s: want code %d containing %q, got %s", transport, want, contains, raw)
			return
		}
		if want == mcp.RESOURCE_NOT_FOUND && !strings.Contains(string(a.Error.Data), `"uri":"spice://apps/`) {
			t.Errorf("%s: -32002 without the URI as data: %s", transport, raw)
		}
	}

	h := serve(t, mcpserver.HTTPOptions{}, nil)
	resp, body := rpc(t, h.URL(), "", initializeJSON, nil)
	if strings.Contains(body, `"logging"`) || !strings.Contains(body, `"prompts"`) {
		t.Errorf("capabilities: %s", body)
	}
	session := resp.Header.Get("Mcp-Session-Id")
	for _, r := range requests {
		resp, body := rpc(t, h.URL(), session, r.body, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("HTTP %s: status %d", r.body, resp.StatusCode)
		}
		check("HTTP", body, r.code, r.contains)
	}
	// A known app still reads fine.
	if _, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":9,"method":"resources/read","params":{"uri":"spice://apps/analytics-app"}}`, nil); !strings.Contains(body, "analytics-app") || strings.Contains(body, `"error"`) {
		t.Errorf("a known app: %.300s", body)
	}

	// 2026-07-28 (mcp-go's client): not-found is -32602 in this era, and the status follows the
	// code (400).
	var statuses []int
	var mu sync.Mutex
	tap := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err == nil {
			mu.Lock()
			statuses = append(statuses, resp.StatusCode)
			mu.Unlock()
		}
		return resp, err
	})}
	modern, err := mcpclient.NewStreamableHttpClient(h.URL(), transport.WithHTTPBasicClient(tap))
	if err != nil {
		t.Fatal(err)
	}
	defer modern.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := modern.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := testutil.Initialize(ctx, modern, ""); err != nil || res.ProtocolVersion != mcp.ProtocolVersion20260728 {
		t.Fatalf("modern client: %v %+v", err, res)
	}
	var read mcp.ReadResourceRequest
	read.Params.URI = "spice://apps/no-such-app"
	_, err = modern.ReadResource(ctx, read)
	var get mcp.GetPromptRequest
	get.Params.Name = "rotate_keys"
	_, err2 := modern.GetPrompt(ctx, get)
	mu.Lock()
	last := statuses[len(statuses)-2:]
	mu.Unlock()
	if !errors.Is(err, mcp.ErrInvalidParams) || !errors.Is(err2, mcp.ErrInvalidParams) || last[0] != http.StatusBadRequest || last[1] != http.StatusBadRequest {
		t.Errorf("2026-07-28: %v; %v; statuses %v", err, err2, last)
	}

	// stdio
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mcpserver.ServeStdio(ctx, srv, inR, outW, slog.New(slog.DiscardHandler)); outW.Close() }()
	defer func() { cancel(); inW.Close(); <-done }()
	lines := bufio.NewScanner(outR)
	lines.Buffer(make([]byte, 1<<20), 1<<22)
	send := func(msg string) string {
		t.Helper()
		if _, err := io.WriteString(inW, msg+"\n"); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(msg, `"id"`) && lines.Scan() {
			return lines.Text()
		}
		return ""
	}
	send(initializeJSON)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	for _, r := range requests {
		check("stdio", send(r.body), r.code, r.contains)
	}
}
