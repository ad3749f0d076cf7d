package mcpserver_test

import (
	"bufio"
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

// TestHTTPConnectionCap: at most 256 connections are open at once; one beyond gets 503 and is
// closed, and once one closes a new connection is served again.
func TestHTTPConnectionCap(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	const limit = 256
	opened := make([]net.Conn, 0, limit)
	t.Cleanup(func() {
		for _, c := range opened {
			c.Close()
		}
	})
	for range limit {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		opened = append(opened, c)
	}
	// The server accepts connections in order: the 257th is refused once the others are counted.
	deadline := time.Now().Add(10 * time.Second)
	var resp *http.Response
	var text string
	for {
		resp, text = healthz(t, host)
		if resp != nil && resp.StatusCode == http.StatusServiceUnavailable || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(text, "at most 256 connections") ||
		resp.Header.Get("Retry-After") == "" {
		t.Fatalf("connection %d: %v %q", limit+1, resp, text)
	}
	opened[0].Close()
	opened = opened[1:]
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
