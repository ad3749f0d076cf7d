package mcpserver_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r54HttpmodeStalledBody sends head, then the start of a chunked body that never ends, and
// returns the answer and how long it took, and whether the connection closed after it; nil
// (the failure reported) when it could not send or read an answer. It reports with t.Errorf
// only, so that the cases can run on goroutines of their own.
func r54HttpmodeStalledBody(t *testing.T, host, head string) (resp *http.Response, took time.Duration, closed bool) {
	t.Helper()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Error(err)
		return nil, 0, false
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, head+"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"); err != nil {
		t.Error(err)
		return nil, 0, false
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(conn)
	resp, err = http.ReadResponse(r, nil)
	if err != nil {
		t.Errorf("%q: no answer after %s: %v", head, time.Since(start), err)
		return nil, 0, false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	took = time.Since(start)
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = r.ReadByte()
	return resp, took, err == io.EOF || errors.Is(err, syscall.ECONNRESET)
}

// TestR54HttpmodeRefusalBeforeTheBodyIsNotHeldByIt: a request refused before its body is read
// (a method or Accept /mcp does not serve, a foreign Origin or Host) waited for its body to
// arrive before the refusal went out: net/http drains up to 256 KiB of an unread body before
// answering, so a chunked body sent slowly held the answer and the connection until
// --http-read-timeout (30 s; 406 after 10 s here). The refusal now goes out at once and closes
// the connection, the body unread.
func TestR54HttpmodeRefusalBeforeTheBodyIsNotHeldByIt(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{ReadTimeout: 10 * time.Second}, nil)
	host := hostOf(h.URL())
	var wg sync.WaitGroup
	for _, tc := range []struct {
		name, head string
		status     int
	}{
		{"GET ruling out the stream", "GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n", http.StatusNotAcceptable},
		{"PUT", "PUT /mcp HTTP/1.1\r\nHost: " + host + "\r\n", http.StatusMethodNotAllowed},
		{"foreign Origin", "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\n", http.StatusForbidden},
		{"foreign Host", "POST /mcp HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n", http.StatusForbidden},
		{"credential in the query", "POST /mcp?access_token=x HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n", http.StatusBadRequest},
	} {
		// Each case on its own connection at once: each waits half a second for net/http's
		// close after its answer (rstAvoidanceDelay), one after the other 2.5 s of the test.
		wg.Go(func() {
			resp, took, closed := r54HttpmodeStalledBody(t, host, tc.head)
			if resp != nil && (resp.StatusCode != tc.status || took > 5*time.Second || !closed) {
				t.Errorf("%s with a stalled chunked body: %d after %s (closed %v), want %d at once and closed", tc.name, resp.StatusCode, took.Round(time.Millisecond), closed, tc.status)
			}
		})
	}
	wg.Wait()
	// Expect: 100-continue with a Content-Length past the limit: 413 first, never the 100
	// that would ask for the body.
	resp, text, took := exchange(t, h.URL(), "POST /mcp HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n", nil)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !resp.Close || took > 5*time.Second {
		t.Errorf("Expect: 100-continue, Content-Length 100 MB: %d (close %v) after %s: %s", resp.StatusCode, resp.Close, took, text)
	}
}

// r54HttpmodeBoundedBody sends a chunked body of total bytes with method (on session when not
// empty) and checks the answer is 413 and the connection closed before all of it was read. It
// reports with t.Errorf only: the cases run on goroutines of their own.
func r54HttpmodeBoundedBody(t *testing.T, host, method, session string, total int64) {
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	head := method + " /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
	if session != "" {
		head += "Mcp-Session-Id: " + session + "\r\n"
	}
	_, _ = io.WriteString(conn, head+"\r\n")
	var sent atomic.Int64
	wrote := make(chan struct{})
	go func() {
		defer close(wrote)
		batch := strings.Repeat("400\r\n"+strings.Repeat("x", 1024)+"\r\n", 64) // 64 KiB a write
		for range total / (64 << 10) {
			if _, err := io.WriteString(conn, batch); err != nil {
				return
			}
			sent.Add(64 << 10)
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Errorf("%s (session %v) with a 64 MiB chunked body: no answer: %v", method, session != "", err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	if _, err := r.ReadByte(); resp.StatusCode != http.StatusRequestEntityTooLarge || err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("%s (session %v) with a 64 MiB chunked body: %d, then %v; want 413 and closed", method, session != "", resp.StatusCode, err)
	}
	select { // the server's close ends the writes; a drain lets all of them through
	case <-wrote:
	case <-time.After(10 * time.Second):
		t.Errorf("%s (session %v): the body's writes still block 10 s after the 413: the connection is held open", method, session != "")
	}
	if sent.Load() >= total {
		t.Errorf("%s (session %v): all of the 64 MiB body was read: drained, not closed", method, session != "")
	}
}

// TestR54HttpmodeGetAndDeleteBodiesAreBounded: mcp-go reads no body of a GET or a DELETE; the
// endpoint reads one as it reads a POST's, within --http-max-body, and ignores it. A chunked
// body of 64 MiB past a 64 KiB limit gets 413 and the connection closes, not drained, with or
// without a session; a small body is ignored and the request served.
func TestR54HttpmodeGetAndDeleteBodiesAreBounded(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10}, nil)
	host := hostOf(h.URL())
	session := initialize(t, h.URL(), nil)
	const total = 64 << 20 // more than the sockets' buffers hold (tcp_rmem's 32 MiB and tcp_wmem's 4 MiB here)
	// The four cases at once, each on its own connection: each waits for the server's close
	// after its 413 (one after the other, 6 s of the test under -race).
	var wg sync.WaitGroup
	for _, tc := range []struct{ method, session string }{{"GET", ""}, {"GET", session}, {"DELETE", ""}, {"DELETE", session}} {
		wg.Go(func() { r54HttpmodeBoundedBody(t, host, tc.method, tc.session, total) })
	}
	wg.Wait()
	// A small body is ignored: the DELETE ends its session.
	resp, text := sendMCP(t, http.MethodDelete, h.URL(), session, strings.NewReader(`{"ignored":true}`), nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("DELETE with a small body: %d %s", resp.StatusCode, text)
	}
	if resp, _ := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":2,"method":"ping"}`, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after the DELETE with a small body the session answers %d, want 404", resp.StatusCode)
	}
}

// TestR54HttpmodeOddRequestsGetREADMEsAnswers: README's HTTP claims against odd requests. HEAD,
// OPTIONS and TRACE on /mcp get 405 naming the methods served (TRACE never echoes the request);
// HTTP/1.0 without Host gets the loopback listener's 403 on every path; a session ID holding a
// byte no session ID has (obs-text) gets 400 and a forged one 404, neither echoed in the
// answer's headers or body; a 40 KiB URL gets 431 (the request line counts against the header
// cap; no 414). Held already.
func TestR54HttpmodeOddRequestsGetREADMEsAnswers(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	for _, method := range []string{"HEAD", "OPTIONS", "TRACE"} {
		resp, text, _ := exchange(t, h.URL(), method+" /mcp HTTP/1.1\r\nHost: "+host+"\r\nX-Echo-Me: r54\r\nConnection: close\r\n\r\n", nil)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST, DELETE" || strings.Contains(text, "r54") {
			t.Errorf("%s /mcp: %d Allow %q %q", method, resp.StatusCode, resp.Header.Get("Allow"), text)
		}
	}
	for _, path := range []string{"/mcp", "/healthz", "/human/" + strings.Repeat("A", 43)} {
		resp, text, _ := exchange(t, h.URL(), "GET "+path+" HTTP/1.0\r\n\r\n", nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("HTTP/1.0 GET %s without Host: %d %q", path, resp.StatusCode, text)
		}
	}
	for id, status := range map[string]int{"abc\x85X-Injected: 1": http.StatusBadRequest, "mcp-session-r54-forged.0.abc": http.StatusNotFound} {
		resp, text, _ := exchange(t, h.URL(), "DELETE /mcp HTTP/1.1\r\nHost: "+host+"\r\nMcp-Session-Id: "+id+"\r\nConnection: close\r\n\r\n", nil)
		if resp.StatusCode != status || resp.Header.Get("X-Injected") != "" || resp.Header.Get("Mcp-Session-Id") != "" || strings.Contains(text, "Injected") || strings.Contains(text, "forged") {
			t.Errorf("DELETE with session ID %q: %d %v %q", id, resp.StatusCode, resp.Header, text)
		}
	}
	resp, _, _ := exchange(t, h.URL(), "GET /mcp?"+strings.Repeat("a", 40<<10)+" HTTP/1.1\r\nHost: "+host+"\r\n\r\n", nil)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 40 KiB URL: %d, want 431", resp.StatusCode)
	}
}

// TestR54HttpmodeEndedSessionWithdrawsItsApprovals: a caller without a bearer token (the
// server's own credentials) is its 2025-era session, and its approvals are bound to it. Once
// the client ended the session (DELETE), its approval page still took an answer and said "tell
// the agent to call delete_app again … and it will do this once", which no call could do: the
// next session is another caller and got a new link. The page is now withdrawn: 410, saying the
// session ended and nothing was changed; a caller with a bearer token, which any session of its
// own may continue, keeps its link.
func TestR54HttpmodeEndedSessionWithdrawsItsApprovals(t *testing.T) {
	h, _ := serveHumanLinks(t, mcpserver.HTTPOptions{})
	a := connect(t, h.URL(), nil)
	out, _ := callText(t, a, "delete_app", map[string]any{"app": "docs-search"})
	link := humanweb.URLPattern.FindString(out)
	if link == "" {
		t.Fatalf("no approval link: %s", out)
	}
	page := r54HttpmodeGet(t, link)
	token := r54HttpmodeToken.FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("no token on the page: %s", page)
	}
	_ = a.Close() // DELETE: the session ends
	u, _ := url.Parse(link)
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(url.Values{"token": {token[1]}, "decision": {"approve"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone || !strings.Contains(string(raw), `data-outcome="withdrawn"`) || strings.Contains(string(raw), "call <code>delete_app</code> again") {
		t.Errorf("approving after the session ended: %d\n%s", resp.StatusCode, raw)
	}
	b := connect(t, h.URL(), nil)
	if out, _ := callText(t, b, "delete_app", map[string]any{"app": "docs-search"}); !humanweb.URLPattern.MatchString(out) || strings.Contains(out, link) {
		t.Errorf("another session's call: %s", out)
	}
}

var r54HttpmodeToken = lazyregexp.New(`name="token" value="([^"]+)"`)

func r54HttpmodeGet(t *testing.T, link string) string {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return string(raw)
}
