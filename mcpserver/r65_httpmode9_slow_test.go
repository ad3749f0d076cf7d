package mcpserver_test

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r65Httpmode9Serve serves the demo emulator over HTTP with opts, logging at debug into the
// returned buffer; it also returns the MCP server (to send sessions notifications).
func r65Httpmode9Serve(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, *server.MCPServer, *testutil.SyncBuffer) {
	t.Helper()
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	srv := mcpserver.New(mcpserver.Options{Version: "test", Logger: logger, Client: demoClient(t)})
	opts.Addr, opts.Logger = "127.0.0.1:0", logger
	return listenAndServe(t, srv, opts), srv, logs
}

// r65Httpmode9SlowInitialize sends, on a new connection, an initialize whose body stops half
// way: a request in progress, its body read as it comes. finish sends the rest and returns the
// answer's status and session ID.
func r65Httpmode9SlowInitialize(t *testing.T, host string) (c net.Conn, finish func() (int, string)) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	half := len(initializeJSON) / 2
	if _, err := io.WriteString(c, "POST /mcp HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\n"+
		"Accept: application/json, text/event-stream\r\nContent-Length: "+strconv.Itoa(len(initializeJSON))+"\r\n\r\n"+initializeJSON[:half]); err != nil {
		t.Fatal(err)
	}
	return c, func() (int, string) {
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(c, initializeJSON[half:]); err != nil {
			return 0, err.Error()
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Mcp-Session-Id")
	}
}

// r65Httpmode9FDs is the number of file descriptors this process holds open (-1 without /proc).
func r65Httpmode9FDs() int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(fds)
}

// r65Httpmode9Settle waits (up to 10 s) until the goroutines and file descriptors are at most
// the given ones plus slack, and returns the last counts.
func r65Httpmode9Settle(goroutines, fds, slack int) (int, int) {
	g, f := runtime.NumGoroutine(), r65Httpmode9FDs()
	for deadline := time.Now().Add(10 * time.Second); (g > goroutines+slack || f > fds+slack) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		g, f = runtime.NumGoroutine(), r65Httpmode9FDs()
	}
	return g, f
}

// TestR65Httpmode9ManySlowClientsStayBounded: the connection cap (16) held by GET streams whose
// clients never read (two stuck writing on full sockets) and by initializations whose bodies
// arrive slowly, with the session cap (8) full. README's promises hold together: new
// slow initializations displace the streams (held-open streams lock no one out, stuck ones
// close too); once every connection has a request in progress, each of 60 more clients is
// refused at once with 503, Retry-After and a sentence naming the cap, the operator's log
// says so in one line per burst, and the refusals leave no goroutine or file descriptor
// behind; when the slow bodies end, each gets its session, the sessions stay at their cap.
func TestR65Httpmode9ManySlowClientsStayBounded(t *testing.T) {
	const maxConns, maxSessions = 16, 8
	start := time.Now()
	h, srv, logs := r65Httpmode9Serve(t, mcpserver.HTTPOptions{MaxConnections: maxConns, MaxSessions: maxSessions})
	host := hostOf(h.URL())
	var ids []string
	for range maxSessions {
		ids = append(ids, initialize(t, h.URL(), nil))
	}
	http.DefaultClient.CloseIdleConnections()
	// Half the cap: a stream per session, never read; two of them stuck writing.
	var streams []net.Conn
	for i, id := range ids {
		if i < 2 {
			c, stuck := r52HttpmodeFillStream(t, h, srv, id)
			if !stuck {
				t.Fatalf("stream %d: its session ended before it filled", i)
			}
			streams = append(streams, c)
			continue
		}
		c, resp := r52HttpmodeOpen(t, host, r52HttpmodeGET(host, id, ""), true)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", i, resp.StatusCode)
		}
		streams = append(streams, c)
	}
	// The other half: initializations whose bodies come slowly.
	var finish []func() (int, string)
	for range maxConns - maxSessions {
		c, f := r65Httpmode9SlowInitialize(t, host)
		waitConnState(t, h, c, http.StateActive)
		finish = append(finish, f)
	}
	// More slow initializations: each takes a stream's place.
	for range maxSessions {
		c, f := r65Httpmode9SlowInitialize(t, host)
		waitConnState(t, h, c, http.StateActive)
		finish = append(finish, f)
	}
	// The idle streams close; the stuck ones are no longer counted (the server closes them a
	// second later: TestR51HttpmodeDisplacedStreamClosesEvenIfItsHandlerIsStuck; what their
	// sockets still hold then trickles out to a receive window this small at the kernel's pace).
	for i, c := range streams {
		if i < 2 {
			r52HttpmodeUncounted(t, h, c, "stuck stream "+strconv.Itoa(i))
			continue
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if said, err := io.ReadAll(c); isTimeoutErr(err) || !strings.Contains(string(said), "\nretry: ") {
			t.Errorf("stream %d: %v, %q, want it told to reopen later and closed", i, err, said)
		}
	}
	if n := mcpserver.ConnCount(h); n != maxConns {
		t.Errorf("the server counts %d connections, want its cap %d, all slow bodies", n, maxConns)
	}
	// Every connection has a request in progress: the rest are refused, at once.
	refuse := func(n int) {
		for i := range n {
			c, err := net.Dial("tcp", host)
			if err != nil {
				t.Fatal(err)
			}
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			_, _ = io.WriteString(c, "POST /mcp HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\n"+
				"Content-Length: "+strconv.Itoa(len(initializeJSON))+"\r\n\r\n"+initializeJSON)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("refused client %d: no answer: %v", i, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			c.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
				!strings.Contains(string(body), "at most 16 connections") || strings.Contains(string(body), "--http-") {
				t.Fatalf("refused client %d: %d Retry-After %q %q, want 503 naming the cap", i, resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
		}
	}
	refuse(10)
	g0, f0 := r65Httpmode9Settle(0, 0, 1<<20) // as they are after 10 refusals
	refuse(50)
	g, f := r65Httpmode9Settle(g0, f0, 2)
	t.Logf("after 10 refusals: %d goroutines, %d file descriptors; after 60: %d, %d", g0, f0, g, f)
	if g > g0+2 || f0 >= 0 && f > f0+2 {
		t.Errorf("50 more refusals left goroutines %d → %d, file descriptors %d → %d", g0, g, f0, f)
	}
	lines := r64Httpmode8Lines(logs, 0, "connection refused: every connection has a request in progress")
	if bursts := 1 + int(time.Since(start)/(10*time.Second)); len(lines) == 0 || len(lines) > bursts || !strings.Contains(lines[0], "--http-max-connections") {
		t.Errorf("60 refusals in %v logged %d lines, want 1 to %d naming the flag:\n%s", time.Since(start).Round(time.Second), len(lines), bursts, strings.Join(lines, "\n"))
	}
	// The slow bodies end: every one is served, and the sessions stay at their cap.
	for i, f := range finish {
		if status, id := f(); status != http.StatusOK || id == "" {
			t.Errorf("slow initialization %d: %d %q, want 200 and a session", i, status, id)
		}
	}
	if n := h.Sessions(); n > maxSessions {
		t.Errorf("%d sessions held, over the cap %d", n, maxSessions)
	}
}
