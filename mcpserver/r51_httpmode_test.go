package mcpserver_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r51HttpmodeStreams serves h with a connection cap of limit, opens n 2025-era sessions and
// returns the GET requests that open their streams (a session has one), once the server
// counts no connection.
func r51HttpmodeStreams(t *testing.T, limit, n int) (h *mcpserver.HTTPServer, host string, gets []string) {
	t.Helper()
	h = serve(t, mcpserver.HTTPOptions{MaxConnections: limit}, nil)
	host = hostOf(h.URL())
	var sessions []string
	for range n {
		sessions = append(sessions, initialize(t, h.URL(), nil))
	}
	http.DefaultClient.CloseIdleConnections()
	for deadline := time.Now().Add(5 * time.Second); mcpserver.ConnCount(h) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d connections after the client closed its own", mcpserver.ConnCount(h))
		}
	}
	for _, session := range sessions {
		gets = append(gets, "GET /mcp HTTP/1.1\r\nHost: "+host+"\r\nAccept: text/event-stream\r\nMcp-Session-Id: "+session+
			"\r\nMCP-Protocol-Version: 2025-06-18\r\n\r\n")
	}
	return h, host, gets
}

// r51HttpmodeAnswer sends request on a new connection and reads the answer's head and, unless
// it is a stream (200), its body.
func r51HttpmodeAnswer(t *testing.T, host, request string) (net.Conn, *http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body := ""
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(resp.Body)
		body = string(raw)
	}
	_ = c.SetDeadline(time.Time{})
	return c, resp, body
}

// TestR51HttpmodeStreamDoesNotDisplaceStream: with every connection at the cap a GET stream, a
// client opening one more stream (a new client, or one whose stream was closed opening it
// again) used to close the stream open the longest, whose client opened its own again and
// closed the next: with more clients holding streams than the cap, streams closed in a loop
// without a word, each reopening ending another. Now a stream never displaces a stream: the
// new one gets 503 with Retry-After and every open stream stays. A request that is not a
// stream (here /healthz, a liveness probe) still makes room: the stream open the longest is
// told to come back (an SSE retry field and a comment) and closed, and when it reopens while
// the cap is full of streams again it is refused, closing none.
func TestR51HttpmodeStreamDoesNotDisplaceStream(t *testing.T) {
	const limit = 3
	h, host, gets := r51HttpmodeStreams(t, limit, limit+2)
	var streams []net.Conn
	for _, get := range gets[:limit] {
		streams = append(streams, openConns(t, host, 1, get, "HTTP/1.1 200")...)
	}
	for _, c := range streams {
		waitConnState(t, h, c, http.StateActive)
	}
	_, resp, body := r51HttpmodeAnswer(t, host, gets[limit])
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "hold all 3 connections") || strings.Contains(body, "--http-") {
		t.Errorf("one more stream at a cap full of streams: %d Retry-After %q %q, want 503 naming the cap",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	for i, c := range streams {
		if got, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || got != http.StateActive {
			t.Errorf("stream %d was closed for another stream: %v %v", i, got, ok)
		}
	}

	if resp, text := healthz(t, host); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz at a cap full of streams: %v %q", resp, text)
	}
	_ = streams[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	told, err := io.ReadAll(streams[0])
	if isTimeoutErr(err) {
		t.Fatal("the stream open the longest was not closed for /healthz")
	}
	if !strings.Contains(string(told), "\nretry: 5000\n") || !strings.Contains(string(told), "\n: ") {
		t.Errorf("the displaced stream was not told when to come back: %q", told)
	}
	for i, c := range streams[1:] {
		if got, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || got != http.StateActive {
			t.Errorf("stream %d: %v %v, want it still open", i+1, got, ok)
		}
	}
	// Another client takes the free place; the displaced one, reopening, is refused and closes none.
	for deadline := time.Now().Add(5 * time.Second); mcpserver.ConnCount(h) > limit-1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server counts %d connections, want %d", mcpserver.ConnCount(h), limit-1)
		}
	}
	newcomer := openConns(t, host, 1, gets[limit+1], "HTTP/1.1 200")[0]
	waitConnState(t, h, newcomer, http.StateActive)
	if _, resp, _ := r51HttpmodeAnswer(t, host, gets[0]); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the displaced stream reopening at a full cap: %d, want 503", resp.StatusCode)
	}
	for i, c := range append(streams[1:], newcomer) {
		if got, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || got != http.StateActive {
			t.Errorf("open stream %d was closed by a reopening one: %v %v", i, got, ok)
		}
	}
}

// TestR51HttpmodeHugeBatchAndDeepNestingAreRefused: a batch of as many pings as the body limit
// holds, and a request whose params nest arrays or objects half a million deep (JSON decoders
// that recurse can exhaust the stack or memory on those), are each refused quickly with 400
// and a JSON-RPC error saying what was wrong, nothing of them run: a batch as such, and deep
// nesting (valid JSON, which mcp-go called "not valid json") as nested deeper than the 10,000
// levels Go's decoder reads. One byte over the body limit is 413 naming the limit, and the
// session goes on.
func TestR51HttpmodeHugeBatchAndDeepNestingAreRefused(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	const limit = 1 << 20
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: limit}, nil)
	session := initialize(t, h.URL(), nil)
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"},`
	batch := "[" + strings.Repeat(ping, (limit-2)/len(ping))
	batch = batch[:len(batch)-1] + "]"
	depth := (limit - 200) / 2
	nestedArrays := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_apps","arguments":{"a":` +
		strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}}}`
	depth = (limit - 200) / 6
	nestedObjects := `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_apps","arguments":{"a":` +
		strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth) + `}}}`
	atTheLimit := `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_apps","arguments":{"a":` +
		strings.Repeat("[", 10000-3) + strings.Repeat("]", 10000-3) + `}}}`
	for name, tc := range map[string]struct {
		body   string
		status int
		want   string
	}{
		"a batch at the body limit":         {batch, http.StatusBadRequest, "-32600"},
		"arrays nested half a million deep": {nestedArrays, http.StatusBadRequest, "nested deeper than 10000"},
		"objects nested 170,000 deep":       {nestedObjects, http.StatusBadRequest, "nested deeper than 10000"},
		"nested 10,000 deep, the limit":     {atTheLimit, http.StatusOK, `"id":4`},
		"a batch one byte over the limit":   {batch + strings.Repeat(" ", limit+1-len(batch)), http.StatusRequestEntityTooLarge, "at most 1 MiB per request"},
	} {
		if len(tc.body) > limit+1 {
			t.Fatalf("%s: %d bytes", name, len(tc.body))
		}
		start := time.Now()
		resp, body := rpc(t, h.URL(), session, tc.body, nil)
		took := time.Since(start)
		t.Logf("%s (%d bytes): %d in %v: %.300s", name, len(tc.body), resp.StatusCode, took, body)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %.300s, want %d with %s", name, resp.StatusCode, body, tc.status, tc.want)
		}
	}
	if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the session after them: %d %s", resp.StatusCode, body)
	}
}

// r51HttpmodeSend sends method to endpoint with the session, content type and accept given
// (each left out when empty) and returns the status, the headers and up to 1 KiB of the body
// (a stream's body is not read).
func r51HttpmodeSend(t *testing.T, method, endpoint, session, contentType, accept, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, endpoint, strings.NewReader(body))
	for name, value := range map[string]string{"Content-Type": contentType, "Accept": accept, "Mcp-Session-Id": session} {
		if value != "" {
			req.Header.Set(name, value)
		}
	}
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") && method == http.MethodGet {
		return resp.StatusCode, resp.Header, ""
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	return resp.StatusCode, resp.Header, string(raw)
}

// TestR51HttpmodeWrongMethodOrMediaTypeGetsItsStatus: a careless client gets the HTTP status
// that names its mistake. A method the endpoint does not serve (PUT, PATCH, HEAD, OPTIONS) got
// 404 "404 page not found", as if /mcp did not exist: now 405 with Allow: GET, POST, DELETE. A
// POST whose Content-Type is not JSON got 400: now 415 (RFC 9110), naming what to send. A GET
// whose Accept rules out text/event-stream (curl -H 'Accept: application/json') was answered
// with a stream anyway, which such a client waits on forever: now 406 naming the header. Lenient
// where clients differ: a POST whose Accept names only one of JSON and SSE is served, and a
// GET without Accept, or with */*, gets its stream.
func TestR51HttpmodeWrongMethodOrMediaTypeGetsItsStatus(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	session := initialize(t, h.URL(), nil)
	ping := `{"jsonrpc":"2.0","id":5,"method":"ping"}`
	both := "application/json, text/event-stream"
	for _, method := range []string{http.MethodPut, http.MethodPatch, http.MethodHead, http.MethodOptions} {
		status, header, body := r51HttpmodeSend(t, method, h.URL(), session, "application/json", both, ping)
		if status != http.StatusMethodNotAllowed || header.Get("Allow") != "GET, POST, DELETE" {
			t.Errorf("%s: %d Allow %q %q, want 405 with Allow: GET, POST, DELETE", method, status, header.Get("Allow"), body)
		}
	}
	for _, contentType := range []string{"text/plain", "application/xml", "application/json-seq", ""} {
		status, _, body := r51HttpmodeSend(t, http.MethodPost, h.URL(), session, contentType, both, ping)
		if status != http.StatusUnsupportedMediaType || !strings.Contains(body, "application/json") {
			t.Errorf("POST with Content-Type %q: %d %q, want 415 naming application/json", contentType, status, body)
		}
	}
	for _, accept := range []string{"application/json", "text/html", "application/json, text/plain;q=0.5"} {
		status, _, body := r51HttpmodeSend(t, http.MethodGet, h.URL(), session, "", accept, "")
		if status != http.StatusNotAcceptable || !strings.Contains(body, "text/event-stream") {
			t.Errorf("GET with Accept %q: %d %q, want 406 naming text/event-stream", accept, status, body)
		}
	}
	for _, accept := range []string{"", "*/*", "text/*", "text/event-stream", "Text/Event-Stream; charset=utf-8"} {
		if status, header, body := r51HttpmodeSend(t, http.MethodGet, h.URL(), session, "", accept, ""); status != http.StatusOK ||
			!strings.HasPrefix(header.Get("Content-Type"), "text/event-stream") {
			t.Errorf("GET with Accept %q: %d %q, want its stream", accept, status, body)
		}
	}
	for _, accept := range []string{"", "application/json", "text/event-stream", "application/json; charset=utf-8, text/event-stream"} {
		if status, _, body := r51HttpmodeSend(t, http.MethodPost, h.URL(), session, "application/json; charset=utf-8", accept, ping); status != http.StatusOK {
			t.Errorf("POST with Accept %q: %d %q, want it served", accept, status, body)
		}
	}
}

// TestR51HttpmodeMalformedSessionIDsGet404: session IDs a careless or hostile client makes up —
// garbage, 8,000 characters, a path, another client's ID altered by one character, in another
// case, or cut before its tag — get 404 "Invalid session ID" on POST, GET and DELETE alike
// (which tells a client to initialize again), open no session and end none: the real session
// goes on.
func TestR51HttpmodeMalformedSessionIDsGet404(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	session := initialize(t, h.URL(), nil)
	before := h.Sessions()
	cut, _, _ := strings.Cut(session, ".")
	ping := `{"jsonrpc":"2.0","id":5,"method":"ping"}`
	for _, id := range []string{"garbage", strings.Repeat("a", 8000), "../../etc/passwd", session[:len(session)-1] + "x",
		strings.ToUpper(session), cut} { // a space in one: 400 (TestR52HttpmodeMalformedSessionIDIsBadRequest)
		for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodDelete} {
			body := ""
			if method == http.MethodPost {
				body = ping
			}
			status, _, text := r51HttpmodeSend(t, method, h.URL(), id, "application/json", "application/json, text/event-stream", body)
			if status != http.StatusNotFound || !strings.Contains(text, "Invalid session ID") {
				t.Errorf("%s with session ID %.40q: %d %.200q, want 404 Invalid session ID", method, id, status, text)
			}
		}
	}
	if h.Sessions() != before {
		t.Errorf("made-up IDs changed the sessions held: %d, then %d", before, h.Sessions())
	}
	if resp, body := rpc(t, h.URL(), session, ping, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the real session after them: %d %s", resp.StatusCode, body)
	}
}

// TestR51HttpmodeAbandonedSessionsExpire: clients that initialize and walk away, without a
// DELETE, one of them leaving a GET stream open that it never reads, hold nothing past
// --http-session-ttl: the server's own sweep ends every session (the unread stream does not hold
// its place, and is closed), as README promises.
func TestR51HttpmodeAbandonedSessionsExpire(t *testing.T) {
	const ttl = time.Second
	h := serve(t, mcpserver.HTTPOptions{SessionIdleTTL: ttl}, nil)
	// The sessions' clock stands still while the 50 are opened (under -race at load 25 that
	// took past the TTL, and the server rightly ended the first ones), then moves past the
	// TTL; the server's own sweeper, on its real ticker, must then end them all.
	var now atomic.Int64
	now.Store(time.Now().UnixNano())
	mcpserver.R56SessionClock(h, func() time.Time { return time.Unix(0, now.Load()) })
	var last string
	for range 50 {
		last = initialize(t, h.URL(), nil)
	}
	if h.Sessions() != 50 {
		t.Fatalf("%d sessions held after 50 initializations", h.Sessions())
	}
	host := hostOf(h.URL())
	get := "GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + last +
		"\r\nMCP-Protocol-Version: 2025-06-18\r\n\r\n"
	unread := openConns(t, host, 1, get, "HTTP/1.1 200")[0]
	now.Add(int64(ttl + time.Second))
	for deadline := time.Now().Add(10 * time.Second); h.Sessions() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d abandoned sessions still held 10 s after a TTL of %s", h.Sessions(), ttl)
		}
	}
	// Its response ends (the last, empty chunk), or its connection closes.
	_ = unread.SetReadDeadline(time.Now().Add(5 * time.Second))
	var got []byte
	for buf := make([]byte, 512); !strings.Contains("\r\n"+string(got), "\r\n0\r\n\r\n"); {
		n, err := unread.Read(buf)
		got = append(got, buf[:n]...)
		if isTimeoutErr(err) {
			t.Fatalf("the abandoned session's unread stream stayed open after its session ended: %q", got)
		}
		if err != nil {
			break
		}
	}
}
