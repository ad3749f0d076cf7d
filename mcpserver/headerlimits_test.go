package mcpserver_test

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// hostOf is the host:port of an HTTP server's endpoint URL.
func hostOf(endpoint string) string {
	return strings.TrimPrefix(strings.TrimSuffix(endpoint, "/mcp"), "http://")
}

// TestHTTPHeadersAreBounded: a request's headers are read up to 32 KiB (Go's default, 1 MiB per
// connection, let a few hundred connections that never finish their headers exceed the shipped
// 128 Mi pod limit): a 100 KiB header gets 431, while a bearer token of 16 KiB (OAuth JWTs are a
// few KiB) is served.
func TestHTTPHeadersAreBounded(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	head := "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n"
	resp, text, _ := exchange(t, h.URL(), head, strings.NewReader("X-A: "+strings.Repeat("a", 100<<10)+"\r\n\r\n"))
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("100 KiB header: %d %.200s", resp.StatusCode, text)
	}
	resp, text, _ = exchange(t, h.URL(), head+"Authorization: Bearer "+strings.Repeat("a", 16<<10)+"\r\n\r\n", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(text, "ok") {
		t.Errorf("16 KiB bearer token: %d %.200s", resp.StatusCode, text)
	}
}

// TestHTTPSlowHeadersStayBounded: connections that send header lines and never finish them hold
// at most the header limit each, whatever they send (each used to hold up to 1 MiB until its
// read timeout): the heap never grows by more than about 96 KiB a connection.
func TestHTTPSlowHeadersStayBounded(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	const conns, sent = 100, 512 << 10
	const bound = conns * 96 << 10
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := heap()
	line := "X-A: " + strings.Repeat("a", 8000) + "\r\n"
	var wg sync.WaitGroup
	opened := make([]net.Conn, 0, conns)
	for range conns {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		opened = append(opened, c)
		wg.Go(func() {
			w := bufio.NewWriter(c)
			_, _ = io.WriteString(w, "GET /healthz HTTP/1.1\r\nHost: "+host+"\r\n")
			for n := 0; n < sent; n += len(line) {
				if _, err := io.WriteString(w, line); err != nil {
					return // the server refused the headers and closed
				}
			}
			_ = w.Flush()
		})
	}
	t.Cleanup(func() {
		for _, c := range opened {
			c.Close()
		}
	})
	wg.Wait()
	// Give the server time to read what the connections sent; the heap must stay bounded all along.
	peak := uint64(0)
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if now := heap(); now > base && now-base > peak {
			peak = now - base
		}
	}
	if peak > bound {
		t.Errorf("%d connections sending %d KiB of headers each grew the heap by %d KiB (bound %d KiB)", conns, sent>>10, peak>>10, bound>>10)
	}
	t.Logf("heap growth: %d KiB for %d connections", peak>>10, conns)
}

// TestHTTPIdleConnectionsDoNotLockOut: keep-alive connections left idle past the cap of 256 do
// not keep a new client out (they used to, for anyone who opened 256 and sent one request on
// each): a new connection closes the one idle the longest, and is served.
func TestHTTPIdleConnectionsDoNotLockOut(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	var opened []net.Conn
	for range mcpserver.DefaultMaxConnections + 20 {
		c := openConns(t, host, 1, "GET /healthz HTTP/1.1\r\nHost: "+host+"\r\n\r\n", "HTTP/1.1 200")[0]
		// The client reads the answer before the server marks the connection idle: wait for it,
		// so the next connection is idle later (a loaded machine could otherwise reorder them).
		waitConnState(t, h, c, http.StateIdle)
		opened = append(opened, c)
	}
	if resp, text := healthz(t, host); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("new client after %d idle connections: %v %q", len(opened), resp, text)
	}
	assertClosed(t, opened[0], "the connection idle the longest")
}

// TestHTTPSilentConnectionsDoNotLockOut: connections that never send a byte past the cap do not
// keep a new client out until the header timeout frees them: the oldest is closed instead.
func TestHTTPSilentConnectionsDoNotLockOut(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	opened := openConns(t, host, mcpserver.DefaultMaxConnections+20, "", "")
	if resp, text := healthz(t, host); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("new client after %d silent connections: %v %q", len(opened), resp, text)
	}
	assertClosed(t, opened[0], "the oldest silent connection")
}

// TestHTTPConnectionCap: connections with a request in progress count and are never closed for
// a new one (--http-max-connections, here 4): when all are busy a new connection gets 503 with
// Retry-After and is closed, the busy ones finish their requests, and once one closes a new
// connection is served again.
func TestHTTPConnectionCap(t *testing.T) {
	const limit = 4
	h := serve(t, mcpserver.HTTPOptions{MaxConnections: limit}, nil)
	host := hostOf(h.URL())
	// Each sends headers announcing a body and waits for 100 Continue: the server has read the
	// headers (the connection is active) and waits for the body.
	busy := openConns(t, host, limit, "POST /healthz HTTP/1.1\r\nHost: "+host+
		"\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", "HTTP/1.1 100")
	resp, text := healthz(t, host)
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(text, "at most 4 connections") ||
		resp.Header.Get("Retry-After") == "" {
		t.Fatalf("connection %d: %v %q", limit+1, resp, text)
	}
	for i, c := range busy {
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "{}"); err != nil {
			t.Fatalf("busy connection %d: %v", i, err)
		}
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 ") {
			t.Fatalf("busy connection %d was not answered: %q %v", i, line, err)
		}
	}
	busy[0].Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, text = healthz(t, host)
		if resp != nil && resp.StatusCode == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after one closed: %v %q", resp, text)
	}
}

// TestHTTPLargeConnectionCapReservesNothing: the cap bounds the connections; it reserves no
// memory for them up front (a cap of 10,000,000 took 455 MB at start-up, 100,000,000 a minute
// before /healthz answered).
func TestHTTPLargeConnectionCapReservesNothing(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	h := serve(t, mcpserver.HTTPOptions{MaxConnections: 1_000_000}, nil)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("starting with a cap of 1,000,000 connections allocated %d MiB", grew>>20)
	}
	if resp, text := healthz(t, hostOf(h.URL())); resp == nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %v %q", resp, text)
	}
}

// TestHTTPSendingConnectionOutranksSilentOne: at the cap, a keep-alive connection part-way
// through sending its next request (http.Server still reports it idle until the headers are
// read) is not closed for a new one while a connection that sent nothing is open: the silent
// one goes, and the sender's request is answered (it used to be dropped).
func TestHTTPSendingConnectionOutranksSilentOne(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxConnections: 2}, nil)
	host := hostOf(h.URL())
	request := "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n"
	sender := openConns(t, host, 1, "", "")[0]
	r := bufio.NewReader(sender)
	_ = sender.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(sender, request+"\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first request: %v %v", resp, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// Going idle clears what the connection sent: send the next request only after.
	waitConnState(t, h, sender, http.StateIdle)
	if _, err := io.WriteString(sender, request); err != nil {
		t.Fatal(err)
	}
	// The server has read part of the request, and counts the silent connection, before the new
	// client comes (conditions; 200 and 100 ms of sleep were on an idle machine).
	r52DeterminismUntilSending(t, h, sender)
	silent := openConns(t, host, 1, "", "")[0]
	waitConnState(t, h, silent, http.StateNew)
	if resp, text := healthz(t, host); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("new client at the cap: %v %q", resp, text)
	}
	assertClosed(t, silent, "the silent connection")
	_ = sender.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(sender, "\r\n"); err != nil {
		t.Fatalf("sender: %v", err)
	}
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Errorf("the sender's request was dropped: %q %v", line, err)
	}
}

// openConns opens n connections one after the other, sends request on each and reads a line
// starting with want (nothing when request is empty); the test closes them at its end.
func openConns(t *testing.T, host string, n int, request, want string) []net.Conn {
	t.Helper()
	opened := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range opened {
			c.Close()
		}
	})
	for i := range n {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		opened = append(opened, c)
		if request == "" {
			continue
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, request); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		r := bufio.NewReader(c)
		line, err := r.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, want) {
			t.Fatalf("connection %d: %q %v", i, line, err)
		}
		// Read the rest of the answer's head (a 100 Continue has none).
		for err == nil && line != "\r\n" && !strings.HasPrefix(want, "HTTP/1.1 100") {
			line, err = r.ReadString('\n')
		}
		_ = c.SetDeadline(time.Time{})
	}
	return opened
}

// waitConnState waits (up to 5 s) until h counts the connection c in state.
func waitConnState(t *testing.T, h *mcpserver.HTTPServer, c net.Conn, state http.ConnState) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		got, ok := mcpserver.ConnState(h, c.LocalAddr().String())
		if ok && got == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection %s: the server counts it %v (counted: %v), not %v", c.LocalAddr(), got, ok, state)
		}
	}
}

// assertClosed checks the server closed c: a read ends (EOF or reset) rather than timing out.
func assertClosed(t *testing.T, c net.Conn, what string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := c.Read(make([]byte, 1))
	if err == nil || isTimeoutErr(err) {
		t.Errorf("%s was not closed: %v", what, err)
	}
}

func isTimeoutErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// healthz sends GET /healthz on a new connection; resp is nil when the connection broke off.
func healthz(t *testing.T, host string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		return nil, err.Error()
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, err.Error()
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

// TestHTTPLoopbackServerTokenWarns: the server's own credentials on loopback without a shared
// secret start with a warning that every local user can act with them; with a secret, none.
func TestHTTPLoopbackServerTokenWarns(t *testing.T) {
	for _, secret := range []string{"", "a shared secret of 16+ chars"} {
		var logs testutil.SyncBuffer
		serve(t, mcpserver.HTTPOptions{ServerCredentials: true, AuthToken: secret, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, nil)
		warned := strings.Contains(logs.String(), "every local user and process of this host can reach a loopback port")
		if warned != (secret == "") {
			t.Errorf("secret %q: warned %v: %s", secret, warned, logs.String())
		}
	}
}
