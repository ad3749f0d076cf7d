package mcpserver_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r56HttpmodeBlocking serves the demo emulator with opts and a tool "r56_block" that signals
// started and returns once stop is called (at the latest when the test ends) or its request is
// cancelled: a call of it keeps its session busy.
func r56HttpmodeBlocking(t *testing.T, opts mcpserver.HTTPOptions) (h *mcpserver.HTTPServer, started chan struct{}, stop func()) {
	t.Helper()
	started = make(chan struct{}, 16)
	release := make(chan struct{})
	h = serve(t, opts, func(s *server.MCPServer) {
		s.AddTool(mcp.NewTool("r56_block"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			started <- struct{}{}
			select {
			case <-ctx.Done():
			case <-release:
			}
			return mcp.NewToolResultText("released"), nil
		})
	})
	var once sync.Once
	stop = func() { once.Do(func() { close(release) }) }
	t.Cleanup(stop) // runs before the server stops (cleanups run last first)
	return h, started, stop
}

// r56HttpmodeFrom is an HTTP client whose connections come from the loopback address from.
func r56HttpmodeFrom(t *testing.T, from string) *http.Client {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", "127.0.0.1:1")
	if err == nil {
		c.Close()
	} else if strings.Contains(err.Error(), "assign requested address") {
		t.Skipf("cannot dial from %s: %v", from, err)
	}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// r56HttpmodePost posts body to endpoint with client (session and bearer when set) and returns
// the status, headers and body; safe off the test's goroutine.
func r56HttpmodePost(client *http.Client, endpoint, session, bearer, body string) (int, http.Header, string, error) {
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
		req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(raw), nil
}

// r56HttpmodeOpen opens a session with client and bearer and returns its ID ("" and the status
// and body when initialize was refused).
func r56HttpmodeOpen(t *testing.T, client *http.Client, endpoint, bearer string) (id string, status int, header http.Header, body string) {
	t.Helper()
	status, header, body, err := r56HttpmodePost(client, endpoint, "", bearer, initializeJSON)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		return "", status, header, body
	}
	id = header.Get("Mcp-Session-Id")
	if _, _, _, err := r56HttpmodePost(client, endpoint, id, bearer, `{"jsonrpc":"2.0","method":"notifications/initialized"}`); err != nil {
		t.Fatal(err)
	}
	return id, status, header, body
}

// r56HttpmodeBusy starts a call of r56_block in each session (with its bearer) and waits until
// every one has begun.
func r56HttpmodeBusy(t *testing.T, client *http.Client, endpoint string, started chan struct{}, sessions, bearers []string) *sync.WaitGroup {
	t.Helper()
	var wg sync.WaitGroup
	for i, session := range sessions {
		wg.Go(func() {
			_, _, _, _ = r56HttpmodePost(client, endpoint, session, bearers[i],
				`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"r56_block"}}`)
		})
	}
	for range sessions {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("a blocking call did not start")
		}
	}
	return &wg
}

// r56HttpmodeRefusedForClient checks a refusal of a client over its share: 429, Retry-After, and
// a body naming the share but not its flag, the operator's (TestR61Httpmode5LimitRefusalsNameTheFlagOnlyInTheLog).
func r56HttpmodeRefusedForClient(t *testing.T, what string, status int, header http.Header, body string) {
	t.Helper()
	if status != http.StatusTooManyRequests || header.Get("Retry-After") != "5" ||
		!strings.Contains(body, "for one client address or credential") || strings.Contains(body, "--http-") || !strings.Contains(body, "DELETE") {
		t.Errorf("%s: %d Retry-After %q %q, want 429 with Retry-After naming the share, not its flag",
			what, status, header.Get("Retry-After"), body)
	}
}

// TestR56HttpmodeOneCredentialCannotTakeEverySession: a new session at the cap ended the least
// recently active idle one, whoever's it was, so one bearer credential that initialized in a
// loop ended every other client's session (and its GET stream), and one that kept its sessions
// busy held the whole cap (everyone else got 503). Now one credential holds at most
// --http-max-sessions-per-client sessions: beyond it, a new session of its ends one of its own
// idle ones, and when all of its own are busy it gets 429 with Retry-After, while other
// credentials' sessions are kept and new ones served.
func TestR56HttpmodeOneCredentialCannotTakeEverySession(t *testing.T) {
	const perClient = 3
	h, started, stop := r56HttpmodeBlocking(t, mcpserver.HTTPOptions{MaxSessions: 8, MaxSessionsPerClient: perClient})
	c := http.DefaultClient
	alice, _, _, _ := r56HttpmodeOpen(t, c, h.URL(), "alice-token")
	bob, _, _, _ := r56HttpmodeOpen(t, c, h.URL(), "bob-token")
	var mallory []string
	for i := range 20 {
		id, status, _, body := r56HttpmodeOpen(t, c, h.URL(), "mallory-token")
		if id == "" {
			t.Fatalf("mallory's session %d: %d %s (its own idle ones make room)", i, status, body)
		}
		mallory = append(mallory, id)
	}
	for name, id := range map[string]string{"alice": alice, "bob": bob} {
		if !mcpserver.R56SessionHeld(h, id) {
			t.Errorf("%s's session was ended by another credential's initializations", name)
		}
	}
	if mcpserver.R56SessionHeld(h, mallory[0]) || !mcpserver.R56SessionHeld(h, mallory[len(mallory)-1]) {
		t.Error("mallory's new sessions did not replace its own least recently active ones")
	}
	if n := h.Sessions(); n != 2+perClient {
		t.Errorf("%d sessions held, want alice's, bob's and %d of mallory's", n, perClient)
	}
	// Mallory keeps its share busy: its next session is refused, others' are not.
	last := mallory[len(mallory)-perClient:]
	wg := r56HttpmodeBusy(t, c, h.URL(), started, last, []string{"mallory-token", "mallory-token", "mallory-token"})
	defer func() { stop(); wg.Wait() }()
	id, status, header, body := r56HttpmodeOpen(t, c, h.URL(), "mallory-token")
	if id != "" {
		t.Error("mallory opened one more session with all of its own busy")
	}
	r56HttpmodeRefusedForClient(t, "a session over the credential's share", status, header, body)
	if id, status, _, body := r56HttpmodeOpen(t, c, h.URL(), "carol-token"); id == "" {
		t.Errorf("another credential's new session: %d %s", status, body)
	}
	if !mcpserver.R56SessionHeld(h, alice) || !mcpserver.R56SessionHeld(h, bob) {
		t.Error("a refused session ended another credential's")
	}
}

// TestR56HttpmodeOneAddressCannotTakeEverySession: the same for a client address, which counts
// apart from credentials, as a bearer token is not checked before a tool call needs it: one
// address that makes up a token per session is bounded all the same, and a client at another
// address keeps its session and opens new ones.
func TestR56HttpmodeOneAddressCannotTakeEverySession(t *testing.T) {
	const perClient = 2
	h, started, stop := r56HttpmodeBlocking(t, mcpserver.HTTPOptions{MaxSessions: 6, MaxSessionsPerClient: perClient})
	mcpserver.ShareLoopback(h)
	far := r56HttpmodeFrom(t, "127.0.0.2")
	alice, _, _, _ := r56HttpmodeOpen(t, http.DefaultClient, h.URL(), "")
	var mallory, tokens []string
	for i := range 20 {
		token := "made-up-" + strconv.Itoa(i)
		id, status, _, body := r56HttpmodeOpen(t, far, h.URL(), token)
		if id == "" {
			t.Fatalf("session %d from the address: %d %s (its own idle ones make room)", i, status, body)
		}
		mallory, tokens = append(mallory, id), append(tokens, token)
	}
	if !mcpserver.R56SessionHeld(h, alice) {
		t.Error("the session of a client at another address was ended by one address's initializations")
	}
	if n := h.Sessions(); n != 1+perClient {
		t.Errorf("%d sessions held, want alice's and %d of the address's", n, perClient)
	}
	wg := r56HttpmodeBusy(t, far, h.URL(), started, mallory[len(mallory)-perClient:], tokens[len(tokens)-perClient:])
	defer func() { stop(); wg.Wait() }()
	id, status, header, body := r56HttpmodeOpen(t, far, h.URL(), "made-up-again")
	if id != "" {
		t.Error("the address opened one more session with all of its own busy")
	}
	r56HttpmodeRefusedForClient(t, "a session over the address's share", status, header, body)
	if id, status, _, body := r56HttpmodeOpen(t, http.DefaultClient, h.URL(), ""); id == "" {
		t.Errorf("a client at another address: %d %s", status, body)
	}
	if !mcpserver.R56SessionHeld(h, alice) {
		t.Error("a refused session ended another address's")
	}
}

// TestR56HttpmodeIdleSessionEndsAfterItsTTL: README's claim, on an injected clock: a session
// without a request for --http-session-ttl ends (its state is dropped and its GET stream
// closes), one with a request within it is kept, and the ended session's client is served on
// its next request (its ID is checked against its caller, not a list) and tracked again.
func TestR56HttpmodeIdleSessionEndsAfterItsTTL(t *testing.T) {
	const ttl = time.Hour // the periodic sweep never runs within the test
	h := serve(t, mcpserver.HTTPOptions{SessionIdleTTL: ttl}, nil)
	var mu sync.Mutex
	now := time.Now()
	sweep := mcpserver.R56SessionClock(h, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	idle, active := initialize(t, h.URL(), nil), initialize(t, h.URL(), nil)
	req, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
	req.Header.Set("Mcp-Session-Id", idle)
	req.Header.Set("Accept", "text/event-stream")
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("GET stream: %v %v", err, stream)
	}
	defer stream.Body.Close()
	closed := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, stream.Body); close(closed) }()

	advance(ttl / 2)
	if resp, body := rpc(t, h.URL(), active, `{"jsonrpc":"2.0","id":2,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("ping: %d %s", resp.StatusCode, body)
	}
	advance(ttl/2 + time.Second)
	sweep()
	if mcpserver.R56SessionHeld(h, idle) {
		t.Error("a session idle for longer than its TTL is still held")
	}
	if !mcpserver.R56SessionHeld(h, active) {
		t.Error("a session with a request within its TTL was ended")
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Error("the expired session's GET stream stayed open")
	}
	if resp, body := rpc(t, h.URL(), idle, `{"jsonrpc":"2.0","id":3,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the expired session's next request: %d %s", resp.StatusCode, body)
	}
	if !mcpserver.R56SessionHeld(h, idle) {
		t.Error("the expired session's next request did not track it again")
	}
}
