package mcpserver_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r64Httpmode8Raw sends send on a new TCP connection to host and returns what the server
// answers until it closes the connection (within 10 s).
func r64Httpmode8Raw(t *testing.T, host, send string) string {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, send); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	answer, err := io.ReadAll(c)
	if isTimeoutErr(err) {
		t.Errorf("%.40q: the connection stayed open 10 s", send)
	}
	return string(answer)
}

// r64Httpmode8Lines is the lines logs holds after its first before bytes that hold part.
func r64Httpmode8Lines(logs *testutil.SyncBuffer, before int, part string) []string {
	var lines []string
	for _, line := range strings.Split(logs.String()[before:], "\n") {
		if strings.Contains(line, part) {
			lines = append(lines, line)
		}
	}
	return lines
}

// TestR64Httpmode8RefusalsBeforeTheHandlerAreLogged: Go's server refuses some requests before
// any handler runs, and logged none of them: headers over the limit (431), a malformed request
// (400), a transfer coding it does not know (501), an HTTP version other than 1.x (505), an
// Expect other than 100-continue (417), headers that stall (closed without an answer). A
// connection that opens with a TLS handshake or a PROXY protocol header waited for the header
// timeout and closed without a word; one that opens with HTTP/2's preface (h2c with prior
// knowledge) was refused as DNS rebinding (net/http hands it on without a Host). Each now logs one line at info naming the kind, the
// client's address and the remedy, never a byte the client sent; the TLS and PROXY openings
// are answered at once.
func TestR64Httpmode8RefusalsBeforeTheHandlerAreLogged(t *testing.T) {
	const marker = "r64-marker-value-3141"
	serve := func() (string, *testutil.SyncBuffer) {
		// 1 s: each stalled case waits the whole read timeout out (2 s made most of the test's time).
		h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{ReadTimeout: time.Second})
		return hostOf(h.URL()), logs
	}
	host, logs := serve()
	all := []*testutil.SyncBuffer{logs}
	get := "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n"
	tlsHello := "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + marker + strings.Repeat("\x00", 200)
	for _, c := range []struct {
		what, send, answer, log string
	}{
		{"headers over the limit", get + "X-A: " + marker + strings.Repeat("a", 40<<10) + "\r\n\r\n", "HTTP/1.1 431 ", "line and headers are over the size limit"},
		{"a header name with a space", get + "X " + marker + ": 1\r\n\r\n", "HTTP/1.1 400 ", "not a valid HTTP/1.1 request"},
		{"an unknown transfer coding", "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: " + marker + "\r\n\r\n", "HTTP/1.1 501 ", "Transfer-Encoding other than chunked"},
		{"HTTP/2.1", "GET /" + marker + " HTTP/2.1\r\nHost: " + host + "\r\n\r\n", "HTTP/1.1 505 ", "HTTP version other than 1.x"},
		{"an unknown expectation", get + "Expect: " + marker + "\r\n\r\n", "HTTP/1.1 417 ", "Expect header other than 100-continue"},
		{"stalled headers", get + "X-A: " + marker, "", "headers did not arrive in time"},
		{"a stalled request line", "GET /" + marker + " HT", "-", "headers did not arrive in time"},
		{"a TLS handshake", tlsHello, "HTTP/1.1 400 Bad Request\r\n", "opened with a TLS handshake"},
		{"HTTP/2 with prior knowledge", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00", "HTTP/1.1 400 Bad Request\r\n", "opened with HTTP/2 (prior knowledge)"},
		{"a PROXY protocol header", "PROXY TCP4 192.0.2.1 " + marker + " 1 2\r\n" + get + "\r\n", "HTTP/1.1 400 Bad Request\r\n", "opened with a PROXY protocol header"},
	} {
		host, logs := host, logs
		if c.what == "a stalled request line" { // a second line of its kind within the throttle's window: its own server
			host, logs = serve()
			all = append(all, logs)
		}
		before := len(logs.String())
		answer := r64Httpmode8Raw(t, host, c.send)
		if c.answer != "-" && (!strings.HasPrefix(answer, c.answer) || c.answer == "" && answer != "") {
			t.Errorf("%s: answered %.100q, want %q", c.what, answer, c.answer)
		}
		// Answered at once, saying why (net/http answered a bare 400 only after the header timeout).
		if want := map[string]string{"a TLS handshake": "plain HTTP, not TLS", "a PROXY protocol header": "no PROXY protocol",
			"HTTP/2 with prior knowledge": "not HTTP/2"}[c.what]; !strings.Contains(answer, want) {
			t.Errorf("%s: answered %q, want it to say %q", c.what, answer, want)
		}
		lines := r64Httpmode8Lines(logs, before, c.log)
		if other := r63Httpmode7RefusalLines(logs, before); len(other) > 1 || len(other) == 1 && !strings.Contains(other[0], c.log) {
			t.Errorf("%s: other refusal lines:\n%s", c.what, strings.Join(other, "\n"))
		}
		if len(lines) != 1 || !strings.Contains(lines[0], c.log) || !strings.Contains(lines[0], `"level":"INFO"`) ||
			!strings.Contains(lines[0], `"remote":"127.0.0.1:`) || !strings.Contains(lines[0], `"remedy":"`) {
			t.Errorf("%s: want one line at info with %q, the address and a remedy:\n%s", c.what, c.log, strings.Join(lines, "\n"))
		}
	}
	for _, logs := range all {
		if strings.Contains(logs.String(), marker) {
			t.Errorf("the log holds what the client sent:\n%s", logs)
		}
	}
}

// TestR64Httpmode8ServedConnectionsLogNoRefusal: what the refusals before the handler watch
// (reads that time out, what net/http writes itself) is also what serving does: a keep-alive
// connection closed by the idle timeout, a body sent after 100 Continue, pipelined requests, a
// body that arrives too late (the handler's 408), OPTIONS * (net/http's own 200, which was
// logged as a malformed request) and a connection that sends nothing log no refusal of
// net/http's at info.
func TestR64Httpmode8ServedConnectionsLogNoRefusal(t *testing.T) {
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{},
		mcpserver.HTTPOptions{ReadTimeout: time.Second, IdleTimeout: 300 * time.Millisecond})
	host := hostOf(h.URL())
	get := "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
	body := r63Httpmode7Initialize
	post := "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n"
	// The five connections at once: each waits for the server's idle or read timeout to close
	// it (one after the other, 2.6 s of the test under -race).
	sends := []string{get + get, post + "\r\n" + body, post + "\r\n" + body[:5],
		"OPTIONS * HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", ""}
	answers := make([]string, len(sends))
	var wg sync.WaitGroup
	for i, send := range sends {
		wg.Go(func() { answers[i] = r74Testtime14Raw(t, host, send) })
	}
	wg.Wait()
	if answer := answers[0]; strings.Count(answer, "HTTP/1.1 200 OK") != 2 {
		t.Errorf("pipelined, then idle: %q", answer)
	}
	if answer := answers[1]; !strings.HasPrefix(answer, "HTTP/1.1 200 OK") {
		t.Errorf("a POST, then idle: %q", answer)
	}
	if answer := answers[2]; !strings.HasPrefix(answer, "HTTP/1.1 408 ") {
		t.Errorf("a body too slow: %q", answer)
	}
	if answer := answers[3]; !strings.HasPrefix(answer, "HTTP/1.1 200 OK") {
		t.Errorf("OPTIONS *, which net/http answers itself: %q", answer)
	}
	if answer := answers[4]; answer != "" {
		t.Errorf("a silent connection: %q", answer)
	}
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, post+"Expect: 100-continue\r\n\r\n")
	r := bufio.NewReader(c)
	if line, _ := r.ReadString('\n'); line != "HTTP/1.1 100 Continue\r\n" {
		t.Fatalf("Expect: 100-continue: %q", line)
	}
	if line, _ := r.ReadString('\n'); line != "\r\n" {
		t.Fatalf("Expect: 100-continue: %q after the status line", line)
	}
	_, _ = io.WriteString(c, body)
	if resp, err := http.ReadResponse(r, nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the body after 100 Continue: %v %v", resp, err)
	} else {
		_ = resp.Body.Close()
	}
	for _, part := range []string{"before it was read", "headers did not arrive", "opened with"} {
		if lines := r64Httpmode8Lines(logs, 0, part); len(lines) > 0 {
			t.Errorf("logged %q:\n%s", part, strings.Join(lines, "\n"))
		}
	}
	if lines := r64Httpmode8Lines(logs, 0, "sent no request in time"); len(lines) != 1 || !strings.Contains(lines[0], `"level":"DEBUG"`) {
		t.Errorf("the silent connection: want one line at debug:\n%s", strings.Join(lines, "\n"))
	}
}

// TestR64Httpmode8PrefixedEndpointNamesTheProxy: behind a reverse proxy that serves the server
// under a prefix and passes it on (/spice/mcp), the client got "serves MCP … at /mcp" and the
// operator "point the client at /mcp", which it already was, at the proxy. Both now say that
// the proxy must strip its prefix; the prefix, the client's own text, is not logged.
func TestR64Httpmode8PrefixedEndpointNamesTheProxy(t *testing.T) {
	const prefix = "/r64-prefix-2718"
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	base := strings.TrimSuffix(h.URL(), "/mcp")
	for i, path := range []string{prefix + "/mcp", prefix + "/mcp/", prefix + "/healthz"} {
		server, logs := base, logs
		if i > 0 { // a second line of its kind within the throttle's window: its own server
			h, l := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
			server, logs = strings.TrimSuffix(h.URL(), "/mcp"), l
		}
		resp, body := sendMCP(t, http.MethodPost, server+path, "", strings.NewReader(r63Httpmode7Initialize), nil)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "must strip its own prefix") {
			t.Errorf("%s: %d %q, want 404 saying the proxy must strip its prefix", path, resp.StatusCode, body)
		}
		lines := r63Httpmode7RefusalLines(logs, 0)
		if len(lines) != 1 || !strings.Contains(lines[0], "under a path prefix") || !strings.Contains(lines[0], `"remedy":"a reverse proxy in front passes its path prefix on`) {
			t.Errorf("%s: want one line naming the prefix and the proxy:\n%s", path, strings.Join(lines, "\n"))
		}
		if strings.Contains(logs.String(), prefix) {
			t.Errorf("%s: the log holds the client's path:\n%s", path, logs)
		}
	}
}

// TestR64Httpmode8NoHostIsNamed: an HTTP/1.0 request without a Host header (a health checker's,
// such as HAProxy's httpchk by default) on a loopback listener was refused as DNS rebinding
// ("its Host is neither loopback nor …", answering "invalid Host header"). It is still refused
// (a Host naming the server is the rule), but the answer and the line say the header is missing.
func TestR64Httpmode8NoHostIsNamed(t *testing.T) {
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	answer := r64Httpmode8Raw(t, hostOf(h.URL()), "GET /healthz HTTP/1.0\r\n\r\n")
	if !strings.HasPrefix(answer, "HTTP/1.0 403 ") || !strings.Contains(answer, "no Host header") {
		t.Errorf("HTTP/1.0 without Host: %q, want 403 saying Host is missing", answer)
	}
	lines := r63Httpmode7RefusalLines(logs, 0)
	if len(lines) != 1 || !strings.Contains(lines[0], "has no Host header") || !strings.Contains(lines[0], `"remedy":"`) {
		t.Errorf("want one line saying Host is missing, with a remedy:\n%s", strings.Join(lines, "\n"))
	}
}
