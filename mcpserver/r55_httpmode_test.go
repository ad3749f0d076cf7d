package mcpserver_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r55HttpmodeLargeBody sends a 4 MiB body with a fresh Go client (Content-Length, or chunked
// when chunked is set; Connection: close when closing is set) and returns the status, or the
// error the client got instead: the client writes the body while it reads the answer, as
// RFC 9112 §9.3 asks of clients, and as Go's and curl's do.
func r55HttpmodeLargeBody(method, target string, headers map[string]string, chunked, closing bool) (int, error) {
	payload := bytes.Repeat([]byte("x"), 4<<20)
	var body io.Reader = bytes.NewReader(payload)
	if chunked {
		body = io.MultiReader(body) // hides the length
	}
	req, _ := http.NewRequest(method, target, body)
	for k, v := range headers {
		if k == "Host" {
			req.Host = v // Go's client sends req.Host, never a Host header
			continue
		}
		req.Header.Set(k, v)
	}
	req.Close = closing
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("after %s: %w", time.Since(start), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestR55HttpmodeRefusalsReachAClientStillSending: every refusal the --http listener sends
// while the client is still sending a large body (413 past --http-max-body, 403 for a foreign
// Origin or Host, 400 for a credential in the URL, 401 without the shared secret, 405, 406)
// reaches the client, with Content-Length or chunked, with or without the client's own
// Connection: close, every time.
func TestR55HttpmodeRefusalsReachAClientStillSending(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10, AuthToken: "r55-secret"}, nil)
	endpoint := h.URL()
	base := strings.TrimSuffix(endpoint, "/mcp")
	auth := map[string]string{mcpserver.AuthTokenHeader: "r55-secret", "Content-Type": "application/json"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range auth {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name, method, target string
		headers              map[string]string
		status               int
	}{
		{"413 past the body limit", http.MethodPost, endpoint, auth, http.StatusRequestEntityTooLarge},
		{"413 on another path", http.MethodPost, base + "/nothing", auth, http.StatusRequestEntityTooLarge},
		{"403 foreign Origin", http.MethodPost, endpoint, with(map[string]string{"Origin": "http://evil.example"}), http.StatusForbidden},
		{"403 foreign Host", http.MethodPost, endpoint, with(map[string]string{"Host": "evil.example"}), http.StatusForbidden},
		{"400 credential in the URL", http.MethodPost, endpoint + "?access_token=x", auth, http.StatusBadRequest},
		{"401 without the shared secret", http.MethodPost, endpoint, map[string]string{"Content-Type": "application/json"}, http.StatusUnauthorized},
		{"405 PUT", http.MethodPut, endpoint, auth, http.StatusMethodNotAllowed},
		{"406 GET ruling out the stream", http.MethodGet, endpoint, with(map[string]string{"Accept": "application/json"}), http.StatusNotAcceptable},
	}
	rounds := 3
	if raceDetector {
		rounds = 1
	}
	for _, tc := range cases {
		for _, mode := range []struct{ chunked, closing bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			t.Run(fmt.Sprintf("%s chunked=%v close=%v", tc.name, mode.chunked, mode.closing), func(t *testing.T) {
				t.Parallel()
				for i := range rounds {
					status, err := r55HttpmodeLargeBody(tc.method, tc.target, tc.headers, mode.chunked, mode.closing)
					// A declared length past the limit gets 413 before the checks behind the
					// body limit (all but the Host check) read the headers.
					if err != nil || status != tc.status && (status != http.StatusRequestEntityTooLarge || mode.chunked || tc.headers["Host"] != "") {
						t.Errorf("round %d: %d %v, want %d", i, status, err, tc.status)
					}
				}
			})
		}
	}
}

// r55HttpmodeHuman serves the demo emulator over --http with the pages mounted and the
// surface told of ended sessions (HumanLinks), its clock skew ahead of the real one.
func r55HttpmodeHuman(t *testing.T) (*mcpserver.HTTPServer, *sandbox.Emulator, *humanweb.Surface, *atomic.Int64) {
	t.Helper()
	emu := sandbox.New(sandbox.Config{Demo: true})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	skew := new(atomic.Int64)
	human := humanweb.New(humanweb.Options{Mounted: true, Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }, Human: human})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Human: human.Handler(), HumanLinks: human})
	return h, emu, human, skew
}

// r55HttpmodePost posts form to a page link with the page's own Origin.
func r55HttpmodePost(t *testing.T, link string, form url.Values) (int, string) {
	t.Helper()
	u, _ := url.Parse(link)
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// r55HttpmodeLink is the page link in a call's result and the token of its form.
func r55HttpmodeLink(t *testing.T, out string) (link, token string) {
	t.Helper()
	link = humanweb.URLPattern.FindString(out)
	if link == "" {
		t.Fatalf("no page link: %s", out)
	}
	m := r54HttpmodeToken.FindStringSubmatch(r54HttpmodeGet(t, link))
	if m == nil {
		t.Fatalf("no token on the page of %s", link)
	}
	return link, m[1]
}

// TestR55HttpmodeEndedSessionWithdrawsItsSecretForms: a secret form whose caller is its
// session (no bearer token) is withdrawn by the session's DELETE, as its approvals are: the
// values posted after it get 410 saying the session ended and nothing was stored, and none
// reaches the API. Before, the form stayed open and stored them (200) for an agent that was
// gone.
func TestR55HttpmodeEndedSessionWithdrawsItsSecretForms(t *testing.T) {
	h, emu, _, _ := r55HttpmodeHuman(t)
	a := connect(t, h.URL(), nil)
	out, _ := callText(t, a, "set_secret", map[string]any{"app": "docs-search", "name": "R55_NEW"})
	link, token := r55HttpmodeLink(t, out)
	_ = a.Close() // DELETE: the session ends
	const value = "r55-value-5d1f9c"
	status, page := r55HttpmodePost(t, link, url.Values{"token": {token}, "decision": {"store"}, "secret-R55_NEW": {value}})
	if status != http.StatusGone || !strings.Contains(page, `data-outcome="withdrawn"`) ||
		!strings.Contains(page, "session that asked for these values ended") || strings.Contains(page, value) {
		t.Errorf("storing after the session ended: %d\n%s", status, page)
	}
	if n := emu.Calls(api.UpsertProjectSecret.ID); n != 0 {
		t.Errorf("%d secrets written after the session ended", n)
	}
	if status, page := r55HttpmodeGet(t, link); status != http.StatusGone || !strings.Contains(page, "session that asked for these values ended") {
		t.Errorf("the page after the session ended: %d\n%s", status, page)
	}
}

// r55HttpmodeGet fetches a page: its status and body.
func r55HttpmodeGet(t *testing.T, link string) (int, string) {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// TestR55HttpmodeBearerLinksOutliveTheSessionAndExpire: a caller with a bearer token keeps its
// approval link when its session ends (README: the token is the caller, and its next session's
// identical call acts on the answer), and the link still expires a TTL after it was issued:
// its page then answers 410 'expired' and an approval changes nothing.
func TestR55HttpmodeBearerLinksOutliveTheSessionAndExpire(t *testing.T) {
	h, emu, human, skew := r55HttpmodeHuman(t)
	bearer := map[string]string{"Authorization": "Bearer r55-alice"}
	a := connect(t, h.URL(), bearer)
	out, _ := callText(t, a, "delete_app", map[string]any{"app": "docs-search"})
	link, token := r55HttpmodeLink(t, out)
	stale, _ := callText(t, a, "delete_app", map[string]any{"app": "analytics-app"})
	staleLink, staleToken := r55HttpmodeLink(t, stale)
	_ = a.Close() // DELETE: the session ends; its caller is the token
	if status, page := r55HttpmodePost(t, link, url.Values{"token": {token}, "decision": {"approve"}}); status != http.StatusOK || !strings.Contains(page, `data-outcome="approved"`) {
		t.Fatalf("approving after the bearer caller's session ended: %d\n%s", status, page)
	}
	b := connect(t, h.URL(), bearer)
	if out, isErr := callText(t, b, "delete_app", map[string]any{"app": "docs-search"}); isErr || emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("the next session's identical call: %s", out)
	}
	// The other link expires on time, session or not.
	skew.Store(int64(human.TTL() + time.Second))
	if status, page := r55HttpmodeGet(t, staleLink); status != http.StatusGone || !strings.Contains(page, `data-outcome="expired"`) {
		t.Errorf("the page a TTL after it was issued: %d\n%s", status, page)
	}
	if status, page := r55HttpmodePost(t, staleLink, url.Values{"token": {staleToken}, "decision": {"approve"}}); status != http.StatusGone || !strings.Contains(page, `data-outcome="expired"`) {
		t.Errorf("approving a TTL after it was issued: %d\n%s", status, page)
	}
	if out, _ := callText(t, b, "delete_app", map[string]any{"app": "analytics-app"}); emu.Calls(api.DeleteProject.ID) != 1 || strings.Contains(out, staleLink) {
		t.Errorf("after expiry the call: %s", out)
	}
}

// TestR55HttpmodeConnectionCapRefusalReachesAClientStillSending: at the connection cap, with
// every connection busy, a new one gets 503 written on the connection before net/http reads
// anything; it used to close at once, and a client sending a 4 MiB body met the reset instead
// of the answer (with Connection: close or not). It now closes lingering, and the 503 arrives.
func TestR55HttpmodeConnectionCapRefusalReachesAClientStillSending(t *testing.T) {
	const limit = 2
	h := serve(t, mcpserver.HTTPOptions{MaxConnections: limit}, nil)
	host := hostOf(h.URL())
	openConns(t, host, limit, "POST /healthz HTTP/1.1\r\nHost: "+host+
		"\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", "HTTP/1.1 100")
	rounds := 3
	if raceDetector {
		rounds = 1
	}
	for _, mode := range []struct{ chunked, closing bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		for i := range rounds {
			status, err := r55HttpmodeLargeBody(http.MethodPost, "http://"+host+"/healthz", nil, mode.chunked, mode.closing)
			if err != nil || status != http.StatusServiceUnavailable {
				t.Errorf("chunked %v, Connection: close %v, round %d: %d %v, want 503", mode.chunked, mode.closing, i, status, err)
			}
		}
	}
}
