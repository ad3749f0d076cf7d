package humanweb_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r54HttpmodePost posts form to link with each header given as all of its values, in order
// (several Origin or Sec-Fetch-Site headers).
func r54HttpmodePost(t *testing.T, link string, form url.Values, headers map[string][]string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return do(t, req)
}

// TestR54HttpmodePageChecksEveryOrigin: the MCP endpoint checks every Origin header of a
// request (TestR53HttpmodeEveryOriginIsChecked); the page read only the first, so a POST with
// its own Origin first and a foreign one second approved. Every Origin and Sec-Fetch-Site
// value now counts, in either order, on the own listener and behind --http-public-url; the
// page's own POST is then still taken.
func TestR54HttpmodePageChecksEveryOrigin(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	u, _ := url.Parse(link.URL)
	own := u.Scheme + "://" + u.Host
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, tc := range []struct {
		name    string
		headers map[string][]string
	}{
		{"own then foreign Origin", map[string][]string{"Origin": {own, "http://evil.example"}}},
		{"foreign then own Origin", map[string][]string{"Origin": {"http://evil.example", own}}},
		{"own then null Origin", map[string][]string{"Origin": {own, "null"}}},
		{"empty then foreign Origin", map[string][]string{"Origin": {"", "http://evil.example"}}},
		{"own Origin, same-origin then cross-site fetch", map[string][]string{"Origin": {own}, "Sec-Fetch-Site": {"same-origin", "cross-site"}}},
		{"no Origin, same-origin then cross-site fetch", map[string][]string{"Sec-Fetch-Site": {"same-origin", "cross-site"}}},
	} {
		r := r54HttpmodePost(t, link.URL, approve, tc.headers)
		if r.status != http.StatusForbidden || !strings.Contains(strings.ToLower(r.body), "origin") {
			t.Errorf("%s: %d, want 403 naming the origin\n%s", tc.name, r.status, r.body)
		}
		if d := decision(t, s, "k"); d != humanweb.Pending {
			t.Fatalf("%s decided: %v", tc.name, d)
		}
	}
	if r := r54HttpmodePost(t, link.URL, approve, map[string][]string{"Origin": {own, own}, "Sec-Fetch-Site": {"same-origin"}}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("the page's own Origin twice: %d\n%s", r.status, r.body)
	}

	// Behind --http-public-url the public origin first does not carry a foreign second.
	const public = "https://mcp.example.com"
	ps := humanweb.New(humanweb.Options{Mounted: true, PublicURL: public})
	t.Cleanup(func() { _ = ps.Close() })
	ts := httptest.NewServer(ps.Handler())
	t.Cleanup(ts.Close)
	_, plink, err := ps.Approval(context.Background(), humanweb.Approval{Key: "p", Tool: "pause_app", Action: "Pause app"})
	if err != nil {
		t.Fatal(err)
	}
	local := ts.URL + humanweb.Prefix + plink.URL[strings.LastIndex(plink.URL, "/")+1:]
	form := url.Values{"token": {tokenOf(t, local)}, "decision": {"approve"}}
	if r := r54HttpmodePost(t, local, form, map[string][]string{"Origin": {public, "https://evil.example"}}); r.status != http.StatusForbidden || decision(t, ps, "p") != humanweb.Pending {
		t.Errorf("public origin then foreign: %d\n%s", r.status, r.body)
	}
	if r := r54HttpmodePost(t, local, form, map[string][]string{"Origin": {public}, "Sec-Fetch-Site": {"same-origin"}}); r.status != http.StatusOK || decision(t, ps, "p") != humanweb.Approved {
		t.Errorf("public origin alone: %d\n%s", r.status, r.body)
	}
}

// r54HttpmodeRaw writes head (and, when stall, the start of a chunked body that never ends) on
// a new connection to the link's listener and reads the answer's status line and headers, how
// long they took and whether the connection closed after the answer.
func r54HttpmodeRaw(t *testing.T, link, head string) (status string, took time.Duration, closed bool) {
	t.Helper()
	u, _ := url.Parse(link)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(45 * time.Second))
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("%q: no answer after %s: %v", head, time.Since(start), err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	took = time.Since(start)
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = r.ReadByte()
	return resp.Status, took, err == io.EOF || errors.Is(err, syscall.ECONNRESET)
}

// TestR54HttpmodePageRefusalsDoNotWaitOnTheBody: on the page's own listener (stdio) a POST
// refused on its headers (a foreign Origin, another content type) whose chunked body never
// ends was answered only when the listener's 30 s read timeout ended the body net/http drains
// before answering; now at once, and the connection closes. A Content-Length past the link's
// limit with Expect: 100-continue gets 413 without the 100 that would ask for the body.
func TestR54HttpmodePageRefusalsDoNotWaitOnTheBody(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	u, _ := url.Parse(link.URL)
	stalled := "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
	for name, head := range map[string]string{
		"foreign Origin": "POST " + u.Path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n" + stalled,
		"content type":   "POST " + u.Path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: text/plain\r\n" + stalled,
	} {
		status, took, closed := r54HttpmodeRaw(t, link.URL, head)
		if !strings.HasPrefix(status, "4") || took > 5*time.Second || !closed {
			t.Errorf("%s with a stalled chunked body: %s after %s (closed %v), want a refusal at once and closed", name, status, took.Round(time.Millisecond), closed)
		}
	}
	head := "POST " + u.Path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n"
	if status, took, closed := r54HttpmodeRaw(t, link.URL, head); !strings.HasPrefix(status, "413") || took > 5*time.Second || !closed {
		t.Errorf("Expect: 100-continue, Content-Length 100 MB: %s after %s (closed %v), want 413 at once (no 100) and closed", status, took.Round(time.Millisecond), closed)
	}
	if d := decision(t, s, "k"); d != humanweb.Pending {
		t.Errorf("decided: %v", d)
	}
}

// TestR54HttpmodePageJudgesRefererWithoutOrigin: every current browser sends Origin on a form
// POST; one that sends none (an older browser) still sends the page it came from as Referer,
// and a POST without Origin whose Referer is another site was taken. A Referer is now judged
// as its origin would be when no Origin comes (another site, another scheme or port, or no URL
// at all is refused); the page's own Referer (Referrer-Policy same-origin sends it the link)
// and a POST with neither header (a non-browser client, which needs the token anyway) are taken.
func TestR54HttpmodePageJudgesRefererWithoutOrigin(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	u, _ := url.Parse(link.URL)
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, referer := range []string{"http://evil.example/page", "https://" + u.Host + u.Path, "http://" + u.Hostname() + ":1/", "not a url", "http://" + u.Host + ".evil.example/"} {
		r := r54HttpmodePost(t, link.URL, approve, map[string][]string{"Referer": {referer}})
		if r.status != http.StatusForbidden {
			t.Errorf("no Origin, Referer %q: %d, want 403", referer, r.status)
		}
		if d := decision(t, s, "k"); d != humanweb.Pending {
			t.Fatalf("no Origin, Referer %q decided: %v", referer, d)
		}
	}
	if r := r54HttpmodePost(t, link.URL, approve, map[string][]string{"Referer": {link.URL, "http://evil.example/"}}); r.status != http.StatusForbidden {
		t.Errorf("no Origin, own Referer then a foreign one: %d, want 403", r.status)
	}
	if r := r54HttpmodePost(t, link.URL, approve, map[string][]string{"Referer": {link.URL}}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("no Origin, the page's own Referer: %d\n%s", r.status, r.body)
	}
	other := approval(t, s, "other")
	form := url.Values{"token": {tokenOf(t, other.URL)}, "decision": {"approve"}}
	if r := r54HttpmodePost(t, other.URL, form, nil); r.status != http.StatusOK || decision(t, s, "other") != humanweb.Approved {
		t.Errorf("neither Origin nor Referer: %d\n%s", r.status, r.body)
	}
}

// TestR54HttpmodePageFramingHeadersOnEveryAnswer: README (The page) says every response
// carries frame-ancestors 'none' and X-Frame-Options: DENY; a page framed for clickjacking
// could be any of them, refusals too. Tried: the pending page, HEAD, an unknown link, another
// method, a foreign Origin, a body too large, a replayed answer (409), an expired link (410).
// Held already.
func TestR54HttpmodePageFramingHeadersOnEveryAnswer(t *testing.T) {
	now := time.Now()
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	s := newSurface(t, humanweb.Options{Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	u, _ := url.Parse(link.URL)
	unknown := u.Scheme + "://" + u.Host + humanweb.Prefix + strings.Repeat("A", 43)
	check := func(name string, r response, status int) {
		t.Helper()
		csp := r.header.Get("Content-Security-Policy")
		if r.status != status || r.header.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") || r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d (want %d), X-Frame-Options %q, CSP %q, Cache-Control %q", name, r.status, status,
				r.header.Get("X-Frame-Options"), csp, r.header.Get("Cache-Control"))
		}
	}
	check("pending page", get(t, link.URL), http.StatusOK)
	head, _ := http.NewRequest(http.MethodHead, link.URL, nil)
	check("HEAD", do(t, head), http.StatusOK)
	check("unknown link", get(t, unknown), http.StatusNotFound)
	put, _ := http.NewRequest(http.MethodPut, link.URL, nil)
	check("PUT", do(t, put), http.StatusMethodNotAllowed)
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	check("foreign Origin", post(t, link.URL, approve, map[string]string{"Origin": "http://evil.example"}), http.StatusForbidden)
	check("too large", post(t, link.URL, url.Values{"token": {token}, "pad": {strings.Repeat("x", 70<<10)}}, sameOrigin(link.URL)), http.StatusRequestEntityTooLarge)
	check("approved", post(t, link.URL, approve, sameOrigin(link.URL)), http.StatusOK)
	check("replayed", post(t, link.URL, approve, sameOrigin(link.URL)), http.StatusConflict)
	expiring := approval(t, s, "e")
	etoken := tokenOf(t, expiring.URL)
	clock.Store(now.Add(humanweb.DefaultTTL + time.Minute).UnixNano())
	check("expired", post(t, expiring.URL, url.Values{"token": {etoken}, "decision": {"approve"}}, sameOrigin(expiring.URL)), http.StatusGone)
}
