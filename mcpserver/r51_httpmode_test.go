package mcpserver_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r51HttpmodeStreams serves h with a connection cap of limit, opens a 2025-era session and
// returns the GET request that opens its stream, once the server counts no connection.
func r51HttpmodeStreams(t *testing.T, limit int) (h *mcpserver.HTTPServer, host, get string) {
	t.Helper()
	h = serve(t, mcpserver.HTTPOptions{MaxConnections: limit}, nil)
	host = hostOf(h.URL())
	session := initialize(t, h.URL(), nil)
	http.DefaultClient.CloseIdleConnections()
	for deadline := time.Now().Add(5 * time.Second); mcpserver.ConnCount(h) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d connections after the client closed its own", mcpserver.ConnCount(h))
		}
	}
	get = "GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session +
		"\r\nMCP-Protocol-Version: 2025-06-18\r\n\r\n"
	return h, host, get
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
	h, host, get := r51HttpmodeStreams(t, limit)
	streams := openConns(t, host, limit, get, "HTTP/1.1 200")
	for _, c := range streams {
		waitConnState(t, h, c, http.StateActive)
	}
	_, resp, body := r51HttpmodeAnswer(t, host, get)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "--http-max-connections") {
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
	newcomer := openConns(t, host, 1, get, "HTTP/1.1 200")[0]
	waitConnState(t, h, newcomer, http.StateActive)
	if _, resp, _ := r51HttpmodeAnswer(t, host, get); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the displaced stream reopening at a full cap: %d, want 503", resp.StatusCode)
	}
	for i, c := range append(streams[1:], newcomer) {
		if got, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || got != http.StateActive {
			t.Errorf("open stream %d was closed by a reopening one: %v %v", i, got, ok)
		}
	}
}

