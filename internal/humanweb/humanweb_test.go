package humanweb_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// fakeClock is a clock a test moves.
type fakeClock struct{ now atomic.Int64 }

func newClock() *fakeClock {
	c := &fakeClock{}
	c.now.Store(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.now.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.now.Add(int64(d)) }

func newSurface(t *testing.T, opts humanweb.Options) *humanweb.Surface {
	t.Helper()
	s := humanweb.New(opts)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(body)}
}

func get(t *testing.T, link string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, link, nil)
	return do(t, req)
}

// post sends a form with the given extra headers (a browser on the page itself sends Origin
// and Sec-Fetch-Site: same-origin).
func post(t *testing.T, link string, form url.Values, headers map[string]string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

func sameOrigin(link string) map[string]string {
	u, _ := url.Parse(link)
	return map[string]string{"Origin": u.Scheme + "://" + u.Host, "Sec-Fetch-Site": "same-origin"}
}

func tokenOf(t *testing.T, link string) string {
	t.Helper()
	r := get(t, link)
	m := tokenField.FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d %s", link, r.status, r.body)
	}
	return m[1]
}

func approval(t *testing.T, s *humanweb.Surface, key string) humanweb.Link {
	t.Helper()
	d, link, err := s.Approval(context.Background(), humanweb.Approval{Key: key, Tool: "delete_app",
		Action: "Delete app docs-search (102)", Effects: []string{"Its secrets and API keys are kept."}})
	if err != nil || d != humanweb.Pending {
		t.Fatalf("Approval: %v %v", d, err)
	}
	return link
}

func decision(t *testing.T, s *humanweb.Surface, key string) humanweb.Decision {
	t.Helper()
	d, _, err := s.Approval(context.Background(), humanweb.Approval{Key: key, Tool: "delete_app", Action: "Delete app docs-search (102)"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestLinksAreUnguessableAndServedLazily: no listener until the first link; links are
// 256-bit, on loopback, different each time, and matched by URLPattern.
func TestLinksAreUnguessableAndServedLazily(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	if _, started := s.Listening(); started {
		t.Fatal("the page server started before any link was needed")
	}
	a, b := approval(t, s, "k1"), approval(t, s, "k2")
	base, started := s.Listening()
	if !started || !strings.HasPrefix(a.URL, base+humanweb.Prefix) || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("links %s on %s", a.URL, base)
	}
	id := strings.TrimPrefix(a.URL, base+humanweb.Prefix)
	if len(id) != 43 || a.URL == b.URL || !humanweb.URLPattern.MatchString("see "+a.URL+".") || a.Ref == "" || strings.Contains(a.URL, a.Ref) {
		t.Errorf("link %q, ref %q", a.URL, a.Ref)
	}
	// The same key gets the same open link.
	if again := approval(t, s, "k1"); again.URL != a.URL {
		t.Error("a second request for the same approval opened another link")
	}
}

// TestApprovalPage: the page says what will happen, carries every security header, and
// records the decision once; the decision is reported once.
func TestApprovalPage(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	r := get(t, link.URL)
	for _, want := range []string{"Delete app docs-search (102)", "Its secrets and API keys are kept.", `id="approve"`, `id="decline"`,
		`data-outcome="pending"`, "delete_app", `id="expires"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for header, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'", "Cache-Control": "no-store", "X-Frame-Options": "DENY",
		"Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff", "Content-Type": "text/html; charset=utf-8",
	} {
		if !strings.Contains(r.header.Get(header), want) {
			t.Errorf("%s: %q", header, r.header.Get(header))
		}
	}
	for _, csp := range []string{"form-action 'self'", "frame-ancestors 'none'", "style-src 'sha256-"} {
		if !strings.Contains(r.header.Get("Content-Security-Policy"), csp) {
			t.Errorf("CSP lacks %s", csp)
		}
	}
	if r.header.Get("Set-Cookie") != "" || r.header.Get("Access-Control-Allow-Origin") != "" || strings.Contains(r.body, "<script") ||
		strings.Contains(r.body, "http://") && !strings.Contains(r.body, "http://127.0.0.1") {
		t.Error("the page sets a cookie, allows CORS, runs a script or loads something")
	}
	if decision(t, s, "k") != humanweb.Pending {
		t.Fatal("decided before anyone answered")
	}
	token := tokenField.FindStringSubmatch(r.body)[1]
	done := post(t, link.URL, url.Values{"token": {token}, "decision": {"approve"}}, sameOrigin(link.URL))
	if done.status != http.StatusOK || !strings.Contains(done.body, `data-outcome="approved"`) {
		t.Fatalf("approve: %d %s", done.status, done.body)
	}
	again := post(t, link.URL, url.Values{"token": {token}, "decision": {"decline"}}, sameOrigin(link.URL))
	if again.status != http.StatusConflict || !strings.Contains(again.body, `data-outcome="used"`) {
		t.Errorf("second answer: %d", again.status)
	}
	if d := decision(t, s, "k"); d != humanweb.Approved {
		t.Fatalf("decision %v", d)
	}
	// Used: the next request for the same key is a new link, and the old page is gone.
	if d := decision(t, s, "k"); d != humanweb.Pending {
		t.Errorf("an approval was reported twice: %v", d)
	}
	if r := get(t, link.URL); r.status != http.StatusNotFound || !strings.Contains(r.body, `data-outcome="unknown"`) {
		t.Errorf("used link: %d", r.status)
	}
}

// TestPageRefusals: cross-site POSTs (Origin or Sec-Fetch-Site), a missing or wrong token,
// other methods and content types, bodies too large, unknown links and foreign Host headers
// are refused, and none of them decides anything.
func TestPageRefusals(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, tc := range []struct {
		name    string
		form    url.Values
		headers map[string]string
		status  int
	}{
		{"foreign Origin", approve, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", approve, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "null"}, http.StatusForbidden},
		{"same-site but other origin", approve, map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:1"}, http.StatusForbidden},
		{"null Origin without fetch metadata", approve, map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"no token", url.Values{"decision": {"approve"}}, sameOrigin(link.URL), http.StatusForbidden},
		{"wrong token", url.Values{"token": {otherToken(token)}, "decision": {"approve"}}, sameOrigin(link.URL), http.StatusForbidden},
		{"no decision", url.Values{"token": {token}}, sameOrigin(link.URL), http.StatusBadRequest},
	} {
		r := post(t, link.URL, tc.form, tc.headers)
		if r.status != tc.status || !strings.Contains(r.body, `data-outcome="refused"`) {
			t.Errorf("%s: %d, want %d\n%s", tc.name, r.status, tc.status, r.body)
		}
		if r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: CORS header", tc.name)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, link.URL, strings.NewReader(`{"token":"`+token+`","decision":"approve"}`))
	req.Header.Set("Content-Type", "application/json")
	if r := do(t, req); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("JSON body: %d", r.status)
	}
	big := url.Values{"token": {token}, "decision": {"approve"}, "pad": {strings.Repeat("x", 70<<10)}}
	if r := post(t, link.URL, big, sameOrigin(link.URL)); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("large body: %d", r.status)
	}
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodOptions} {
		req, _ := http.NewRequest(method, link.URL, nil)
		if r := do(t, req); r.status != http.StatusMethodNotAllowed || r.header.Get("Access-Control-Allow-Methods") != "" {
			t.Errorf("%s: %d", method, r.status)
		}
	}
	base, _ := s.Listening()
	if r := get(t, base+humanweb.Prefix+strings.Repeat("A", 43)); r.status != http.StatusNotFound {
		t.Errorf("unknown link: %d", r.status)
	}
	// DNS rebinding: a foreign Host on the loopback listener.
	req, _ = http.NewRequest(http.MethodGet, link.URL, nil)
	req.Host = "evil.example"
	if r := do(t, req); r.status != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d", r.status)
	}
	if d := decision(t, s, "k"); d != humanweb.Pending {
		t.Fatalf("a refused request decided: %v", d)
	}
	// Origin null with Sec-Fetch-Site same-origin (the browser vouches for the page itself,
	// as browsers did under the page's former Referrer-Policy no-referrer) still works.
	r := post(t, link.URL, url.Values{"token": {token}, "decision": {"decline"}}, map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-origin"})
	if r.status != http.StatusOK || decision(t, s, "k") != humanweb.Declined {
		t.Errorf("decline from the page: %d", r.status)
	}
}

// TestExpiry: a link expires after the TTL; answering then is refused and decides nothing.
func TestExpiry(t *testing.T) {
	clock := newClock()
	s := newSurface(t, humanweb.Options{Now: clock.Now, TTL: time.Minute})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	if !link.Expires.Equal(clock.Now().Add(time.Minute)) {
		t.Errorf("expires %v", link.Expires)
	}
	clock.Advance(61 * time.Second)
	if r := get(t, link.URL); r.status != http.StatusGone || !strings.Contains(r.body, `data-outcome="expired"`) {
		t.Errorf("GET expired: %d", r.status)
	}
	if r := post(t, link.URL, url.Values{"token": {token}, "decision": {"approve"}}, sameOrigin(link.URL)); r.status != http.StatusGone {
		t.Errorf("POST expired: %d", r.status)
	}
	if next := approval(t, s, "k"); next.URL == link.URL {
		t.Error("an expired link was handed out again")
	}
}

// TestApprovalLapses: an approval is good for a TTL after it was given, not longer (the page's
// record of it was kept a TTL more, and an approval used to be honoured until then: 2 TTLs).
func TestApprovalLapses(t *testing.T) {
	clock := newClock()
	s := newSurface(t, humanweb.Options{Now: clock.Now, TTL: time.Minute})
	for _, wait := range []time.Duration{59 * time.Second, 61 * time.Second, 119 * time.Second} {
		link := approval(t, s, "k")
		clock.Advance(30 * time.Second)
		if r := post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"approve"}}, sameOrigin(link.URL)); r.status != http.StatusOK {
			t.Fatalf("approve: %d", r.status)
		}
		clock.Advance(wait)
		got := decision(t, s, "k")
		if want := humanweb.Approved; wait >= time.Minute {
			want = humanweb.Pending // lapsed: a new link is opened
			if got != want {
				t.Errorf("approved %v ago: %v, want a new link", wait, got)
			}
			clock.Advance(2 * time.Minute) // let that new link lapse too
			continue
		} else if got != want {
			t.Errorf("approved %v ago: %v, want Approved", wait, got)
		}
	}
}

// TestSecretForm: the form has one masked field per name; a missing field re-shows the form
// without any value; the values reach Store in order; no response ever contains a value; the
// token works once; Await returns what happened.
func TestSecretForm(t *testing.T) {
	const v1, v2 = "value-one-7c1d", "value-two-e93a"
	var mu sync.Mutex
	stored := map[string]string{}
	s := newSurface(t, humanweb.Options{})
	form := humanweb.SecretForm{Key: "f", Tool: "create_and_deploy_app", App: "pg-app (104)", Names: []string{"PG_PASS", "PG_USER"},
		Memo: "resume here",
		Store: func(_ context.Context, name, value string) error {
			mu.Lock()
			defer mu.Unlock()
			stored[name] = value
			return nil
		}}
	res, link, err := s.Secrets(context.Background(), form)
	if err != nil || res.Decision != humanweb.Pending {
		t.Fatal(res, err)
	}
	var seen strings.Builder
	page := get(t, link.URL)
	seen.WriteString(page.body)
	for _, want := range []string{"Enter secret values for pg-app (104)", `<textarea id="secret-PG_PASS" name="secret-PG_PASS" rows="3" required`,
		`id="secret-PG_USER"`, `id="store"`, `id="cancel"`, "never shown to the AI agent"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	token := tokenField.FindStringSubmatch(page.body)[1]
	partial := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {v1}}, sameOrigin(link.URL))
	seen.WriteString(partial.body)
	if partial.status != http.StatusBadRequest || !strings.Contains(partial.body, "missing: PG_USER") || len(stored) != 0 {
		t.Fatalf("partial form: %d", partial.status)
	}
	awaited := make(chan humanweb.FormResult, 1)
	go func() {
		r, err := s.Await(context.Background(), link.Ref)
		if err != nil {
			t.Error(err)
		}
		awaited <- r
	}()
	done := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {v1}, "secret-PG_USER": {v2}}, sameOrigin(link.URL))
	seen.WriteString(done.body)
	if done.status != http.StatusOK || !strings.Contains(done.body, `data-outcome="stored"`) || stored["PG_PASS"] != v1 || stored["PG_USER"] != v2 {
		t.Fatalf("submit: %d %v", done.status, stored)
	}
	select {
	case r := <-awaited:
		if r.Decision != humanweb.Stored || strings.Join(r.Stored, ",") != "PG_PASS,PG_USER" || r.Memo != "resume here" {
			t.Errorf("await: %+v", r)
		}
	case <-time.After(r53DeterminismGuard):
		t.Fatal("Await did not return")
	}
	replay := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"x"}, "secret-PG_USER": {"y"}}, sameOrigin(link.URL))
	seen.WriteString(replay.body)
	if replay.status == http.StatusOK || stored["PG_PASS"] != v1 {
		t.Errorf("replayed form: %d", replay.status)
	}
	if strings.Contains(seen.String(), v1) || strings.Contains(seen.String(), v2) {
		t.Error("a response contains a value typed into the form")
	}
}

// TestSecretFormFailureAndCancel: a value the API refuses stops the form there and the page
// says which; "store nothing" stores nothing; a form that expires while awaited reports it.
func TestSecretFormFailureAndCancel(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	var calls atomic.Int64
	failing := humanweb.SecretForm{Key: "f1", Tool: "set_secret", App: "a", Names: []string{"A", "B", "C"},
		Store: func(_ context.Context, name, _ string) error {
			calls.Add(1)
			if name == "B" {
				return errors.New("403 Insufficient scope.")
			}
			return nil
		}}
	_, link, _ := s.Secrets(context.Background(), failing)
	r := post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"store"}, "secret-A": {"1"}, "secret-B": {"2"}, "secret-C": {"3"}}, sameOrigin(link.URL))
	if !strings.Contains(r.body, `data-outcome="failed"`) || !strings.Contains(r.body, "403 Insufficient scope.") || calls.Load() != 2 {
		t.Errorf("failure page: %d calls\n%s", calls.Load(), r.body)
	}
	if res, _, _ := s.Secrets(context.Background(), failing); res.Decision != humanweb.Failed || res.Failed != "B" || strings.Join(res.Stored, ",") != "A" {
		t.Errorf("reported: %+v", res)
	}

	cancel := humanweb.SecretForm{Key: "f2", Tool: "set_secret", App: "a", Names: []string{"A"},
		Store: func(context.Context, string, string) error { t.Error("stored after cancel"); return nil }}
	_, link, _ = s.Secrets(context.Background(), cancel)
	r = post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"cancel"}}, sameOrigin(link.URL))
	if !strings.Contains(r.body, `data-outcome="declined"`) {
		t.Error("cancel page")
	}
	if res, _, _ := s.Secrets(context.Background(), cancel); res.Decision != humanweb.Declined {
		t.Errorf("cancel reported as %v", res.Decision)
	}

	short := newSurface(t, humanweb.Options{TTL: 100 * time.Millisecond})
	_, link, _ = short.Secrets(context.Background(), humanweb.SecretForm{Key: "f3", Names: []string{"A"}, Store: cancel.Store})
	res, err := short.Await(context.Background(), link.Ref)
	if err != nil || res.Decision != humanweb.Expired {
		t.Errorf("await expired: %+v %v", res, err)
	}
	if _, err := short.Await(context.Background(), "no-such-ref"); !errors.Is(err, humanweb.ErrUnknownLink) {
		t.Errorf("unknown ref: %v", err)
	}
}

// TestMountedBase: mounted under another server, links use the MCP request's address, or the
// public URL when one is set; without either there is no link.
func TestMountedBase(t *testing.T) {
	s := newSurface(t, humanweb.Options{Mounted: true})
	ctx := humanweb.WithRequestBase(context.Background(), "https://mcp.example.com")
	_, link, err := s.Approval(ctx, humanweb.Approval{Key: "k", Action: "x"})
	if err != nil || !strings.HasPrefix(link.URL, "https://mcp.example.com/human/") {
		t.Errorf("%s %v", link.URL, err)
	}
	if _, _, err := s.Approval(context.Background(), humanweb.Approval{Key: "k2"}); !errors.Is(err, humanweb.ErrNoBase) {
		t.Errorf("no base: %v", err)
	}
	if _, started := s.Listening(); started {
		t.Error("a mounted surface started a listener")
	}
	public := newSurface(t, humanweb.Options{Mounted: true, PublicURL: "https://public.example.com/base/"})
	if _, link, _ := public.Approval(ctx, humanweb.Approval{Key: "k"}); !strings.HasPrefix(link.URL, "https://public.example.com/base/human/") {
		t.Errorf("public: %s", link.URL)
	}
}

// otherToken is token with its last character changed: always a different, well-formed token.
func otherToken(token string) string {
	last := "A"
	if strings.HasSuffix(token, "A") {
		last = "B"
	}
	return token[:len(token)-1] + last
}
