package mcpserver_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR53ClaimsMaskedQueryNamesAreTheTransportsRefused: README (Credentials in text) says a URL
// query parameter's value is masked when its name is credential-named, "exactly the names the
// HTTP transport refuses in its own query string". The transport reads a parameter's name
// percent-decoded and splits pairs at '&' and ';'. A query the transport refuses must show no
// value when a log line or a spicepod holds it in a URL: an encoded letter (?%74oken=), a name
// spelled with a character that folds to ASCII (?%C5%BFecret=, the long s), a pair after ';'
// (?a=1;code=), an encoded separator inside the name (?api%5Fkey=).
func TestR53ClaimsMaskedQueryNamesAreTheTransportsRefused(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	const value = "Qv7r53SecretValue"
	for _, query := range []string{"token=" + value, "%74oken=" + value, "%C5%BFecret=" + value, "a=1;code=" + value,
		"a=1;%6Bey=" + value, "api%5Fkey=" + value, "to+ken=" + value, "x-api-key=" + value, "token[]=" + value,
		"a=1&%20token=" + value, "cursor=abc&sig=" + value, "p%61ss=" + value} {
		resp, body := rpc(t, h.URL()+"?"+query, "", initializeJSON, nil)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, value) {
			t.Errorf("transport, ?%s: %d %s", query, resp.StatusCode, body)
		}
		line := "GET https://data.example.com/v1/export?" + query + " 200"
		if got := present.MaskText(line); strings.Contains(got, value) {
			t.Errorf("the transport refuses ?%s, but masking shows it: %s", query, got)
		}
		pod := map[string]any{"datasets": []any{map[string]any{"from": "https://data.example.com/x.csv?" + query, "name": "d"}}}
		if got := present.MaskSpicepod(pod); strings.Contains(fmt.Sprint(got), value) {
			t.Errorf("the transport refuses ?%s, but a spicepod shows it: %v", query, got)
		}
	}
	// Names the transport takes stay readable in both.
	for _, query := range []string{"cursor=Abc123", "debug=1&lang=en", "a=1;b=2"} {
		if resp, body := rpc(t, h.URL()+"?"+query, "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("transport, ?%s: %d %s", query, resp.StatusCode, body)
		}
		line := "GET https://data.example.com/v1/export?" + query + " 200"
		if got := present.MaskText(line); got != line {
			t.Errorf("?%s masked: %s", query, got)
		}
	}
}

// TestR53ClaimsHTTPLimitsHoldAgainstEvasion: README (Limits) says request bodies are read "at
// most --http-max-body" on every path, a larger Content-Length gets 413 before a byte of the
// body is read, a chunked body is read only up to the limit and then gets 413, "the connection
// is closed, not drained", and a request's line and headers may take about 36 KiB, more
// getting 431 with the connection closed. An agent tries to get around each: the announced
// body on GET and DELETE of /mcp and on the OAuth metadata; a chunked body in 1-byte chunks one
// byte past the limit, whose sender keeps writing after the 413; headers split into a thousand
// small lines, and a request line alone past the cap; while 30 KiB of headers in small lines
// (room for a JWT) is served.
func TestR53ClaimsHTTPLimitsHoldAgainstEvasion(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10}, nil)
	host := hostOf(h.URL())
	for _, target := range []string{"GET /mcp", "DELETE /mcp", "POST /.well-known/oauth-protected-resource", "PUT /mcp"} {
		head := target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\nContent-Length: 100000000\r\n\r\n"
		resp, text, took := exchange(t, h.URL(), head, nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !resp.Close || took > 5*time.Second {
			t.Errorf("%s with Content-Length 100 MB: %d (close %v) after %s: %s", target, resp.StatusCode, resp.Close, took, text)
		}
	}

	// One byte past the limit in 1-byte chunks; the sender then writes on, 16 Mi chunks more (112 MiB
	// on the wire: more than the kernel's buffers on both sides hold (up to 32 + 4 MiB here), so the writes
	// end only when the server stops reading; 1 Mi chunks (7 MiB) fitted in the buffers
	// when the loaded server answered late, and the test failed as 'drained').
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /mcp HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
	var sent atomic.Int64
	go func() {
		batch := strings.Repeat("1\r\n \r\n", 1024) // 1,024 chunks a write
		for range (64<<10 + 1 + 16<<20) / 1024 {
			if _, err := io.WriteString(conn, batch); err != nil {
				return
			}
			sent.Add(1024)
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("chunked past the limit: no answer: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked, 1-byte chunks past the limit: %d", resp.StatusCode)
	}
	// Closed: EOF, or a reset as the client's unread chunks meet the closed socket.
	if _, err := r.ReadByte(); err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("after the 413 the connection stays open (%v): it is drained", err)
	}
	if n := sent.Load(); n >= (64<<10+1+16<<20)/1024*1024 {
		t.Errorf("the server read all %d chunks the client sent: drained, not closed", n)
	}

	// Headers: a thousand small lines past the cap, a request line past it, and 30 KiB served.
	line := "X-R53-%04d: " + strings.Repeat("a", 28) + "\r\n" // 42 bytes
	var many, fits strings.Builder
	for i := range 1000 { // 42,000 bytes
		fmt.Fprintf(&many, line, i)
		if i < 730 { // 30,660 bytes
			fmt.Fprintf(&fits, line, i)
		}
	}
	for name, head := range map[string]string{
		"1,000 header lines, 41 KiB": "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\n" + many.String() + "\r\n",
		"a 40 KiB request line":      "GET /healthz?" + strings.Repeat("a", 40<<10) + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n",
	} {
		resp, text, _ := exchange(t, h.URL(), head, nil)
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !resp.Close {
			t.Errorf("%s: %d (close %v) %.200s", name, resp.StatusCode, resp.Close, text)
		}
	}
	resp, text, _ := exchange(t, h.URL(), "GET /healthz HTTP/1.1\r\nHost: "+host+"\r\n"+fits.String()+"\r\n", nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("30 KiB of headers in small lines: %d %.200s", resp.StatusCode, text)
	}
}
