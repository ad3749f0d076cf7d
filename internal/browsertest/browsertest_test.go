package browsertest_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// formServer is a tiny one-time-token form: GET / shows it, POST /submit accepts the token
// once and only from its own origin, and never writes the value back.
type formServer struct {
	mu       sync.Mutex
	used     map[string]bool
	received []string
	origin   string
}

func (s *formServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Form</title><h1>Enter a value</h1>
<form method="post" action="/submit"><input type="hidden" name="token" value="t1">
<label>Value <input id="value" name="value" type="password"></label>
<button id="send" type="submit">Send</button></form>`)
	case r.Method == http.MethodPost && r.URL.Path == "/submit":
		s.mu.Lock()
		defer s.mu.Unlock()
		if o := r.Header.Get("Origin"); o != s.origin {
			http.Error(w, "foreign origin "+html.EscapeString(o), http.StatusForbidden)
			return
		}
		tok := r.PostFormValue("token")
		if tok != "t1" || s.used[tok] {
			http.Error(w, "this link was already used", http.StatusConflict)
			return
		}
		s.used[tok] = true
		s.received = append(s.received, r.PostFormValue("value"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>Done</title><p id="result">Saved.</p>`)
	default:
		http.NotFound(w, r)
	}
}

// TestBrowserDrivesALocalForm proves the harness itself: a real Chromium fills and submits a
// form, every response is recorded with its body, a replayed POST and a cross-site POST reach
// the server with the headers a browser really sends, and screenshots are written.
func TestBrowserDrivesALocalForm(t *testing.T) {
	t.Logf("browser: %s", browsertest.Version(t))
	const secret = "smoke-secret-4b1d"
	fs := &formServer{used: map[string]bool{}}
	rec := browsertest.Record(fs)
	site := httptest.NewServer(rec)
	defer site.Close()
	fs.origin = site.URL

	tab := browsertest.NewTab(t)
	tab.Do(
		chromedp.Navigate(site.URL+"/"),
		chromedp.SendKeys(chromedp.ID("value"), secret),
	)
	dir := browsertest.ScreenshotDir(t)
	tab.Screenshot(filepath.Join(dir, "form.png"))
	tab.Do(chromedp.Click(chromedp.ID("send")), chromedp.WaitVisible(chromedp.ID("result")))
	if got := tab.Text(); !strings.Contains(got, "Saved.") {
		t.Fatalf("after submit the page says %q", got)
	}

	// Replay: the same token again, from the page's own origin.
	status, body := tab.Fetch(site.URL+"/submit", `{method: "POST", body: new URLSearchParams({token: "t1", value: "again"})}`)
	if status != http.StatusConflict || !strings.Contains(body, "already used") {
		t.Errorf("replayed POST: %d %q", status, body)
	}

	// Cross-site: a page on another loopback site (localhost, not 127.0.0.1) posts a form to
	// the server; Chromium sends its Origin, and the server refuses.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s/submit">
<input name="token" value="t1"><input name="value" value="forged"></form>
<script>document.getElementById("f").submit()</script>`, site.URL)
	}))
	defer evil.Close()
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	cross := browsertest.NewTab(t)
	cross.Do(chromedp.Navigate(evilURL))
	browsertest.Get(cross, chromedp.Poll[bool](`document.body.innerText.includes("foreign origin")`))
	if !strings.Contains(cross.Text(), "foreign origin http://localhost:") {
		t.Errorf("cross-site page shows %q", cross.Text())
	}
	var refused bool
	for _, r := range cross.Responses() {
		refused = refused || (r.Method == http.MethodPost && r.Status == http.StatusForbidden)
	}
	if !refused {
		t.Errorf("no refused POST among %+v", cross.Responses())
	}

	fs.mu.Lock()
	received := append([]string(nil), fs.received...)
	fs.mu.Unlock()
	if len(received) != 1 || received[0] != secret {
		t.Errorf("the server received %q, want exactly the one value typed", received)
	}

	// Every response, seen from both ends, carries no value.
	seen := tab.Responses()
	if len(seen) < 3 {
		t.Fatalf("the tab recorded %d responses, want the form, the submit and the replay: %+v", len(seen), seen)
	}
	var form, done bool
	for _, r := range seen {
		form = form || strings.Contains(r.Body, `id="value"`)
		done = done || strings.Contains(r.Body, "Saved.")
	}
	if !form || !done {
		t.Errorf("bodies missing from the recorded responses: %+v", seen)
	}
	for _, r := range append(seen, rec.Responses()...) {
		if strings.Contains(r.Body, secret) {
			t.Errorf("%s %s echoes the value: %s", r.Method, r.URL, r.Body)
		}
	}
}

// recordingTB notes how Require ended a test instead of ending this one.
type recordingTB struct {
	testing.TB
	fatal, skip string
}

func (r *recordingTB) Helper()                      {}
func (r *recordingTB) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recordingTB) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

// TestMissingBrowser: without a browser a test is skipped with the install command locally,
// and fails under CI, which must never pass by skipping.
func TestMissingBrowser(t *testing.T) {
	t.Setenv("CHROME_PATH", filepath.Join(t.TempDir(), "no-chromium"))
	for _, c := range []struct{ ci, want string }{{"", "skip"}, {"false", "skip"}, {"true", "fail"}, {"1", "fail"}} {
		t.Setenv("CI", c.ci)
		r := &recordingTB{TB: t}
		browsertest.Require(r)
		got := map[bool]string{true: "fail", false: "skip"}[r.fatal != ""]
		if got != c.want || (r.fatal == "" && r.skip == "") || !strings.Contains(r.fatal+r.skip, "no-chromium") {
			t.Errorf("CI=%q: fatal %q, skip %q; want %s", c.ci, r.fatal, r.skip, c.want)
		}
	}
}
