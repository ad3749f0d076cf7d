// Package browsertest drives a real headless Chromium from Go tests, through the DevTools
// protocol over a pipe (github.com/chromedp/chromedp; no debugging port is opened and nothing
// is downloaded: the browser is Debian's chromium package, which .ci/run installs).
//
// One browser process serves a whole test binary: a test package calls [Main] from its
// TestMain, and every test opens its own [Tab] (a new, empty browser context: no cookies,
// storage or cache shared between flows). A Tab records every response the page received
// (status and body, read through the DevTools protocol), so a test can search everything the
// browser was sent; [Record] does the same on the server side for any http.Handler.
//
// Where Chromium is missing, a test that asks for it is skipped with a message saying how to
// install it, except under CI (CI set to anything but "" or "false"), where it fails: CI must
// never pass by skipping the browser.
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	browserdomain "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ExecPath finds the browser: $CHROME_PATH when set, else /usr/bin/chromium (Debian's
// package), else chromium or chromium-browser on PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium: set CHROME_PATH, or install Debian's package: apt-get install -y --no-install-recommends chromium")
}

// InCI reports whether the tests run under CI, where a missing browser is a failure.
func InCI() bool {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("CI")))
	return v != "" && v != "false" && v != "0"
}

// Flags are the command-line switches the browser starts with, besides the pipe chromedp
// connects through, about:blank and a fresh temporary --user-data-dir. The machine has no
// network beyond loopback: everything that would reach out (background networking, component
// updates, sync, QUIC) is off, so the browser neither waits for nor logs refused connections.
// As root Chromium needs --no-sandbox.
var Flags = []chromedp.ExecAllocatorOption{
	chromedp.Headless,
	chromedp.NoSandbox,
	chromedp.DisableGPU,
	chromedp.NoFirstRun,
	chromedp.NoDefaultBrowserCheck,
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-extensions", true),
	chromedp.Flag("disable-default-apps", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication"),
	chromedp.Flag("disable-client-side-phishing-detection", true),
	chromedp.Flag("safebrowsing-disable-auto-update", true),
	chromedp.Flag("metrics-recording-only", true),
	chromedp.Flag("password-store", "basic"),
	chromedp.Flag("use-mock-keychain", true),
	chromedp.Flag("hide-scrollbars", true),
	chromedp.Flag("mute-audio", true),
	chromedp.WindowSize(1000, 800),
}

// shared is the test binary's one browser, started by the first test that needs it.
var shared struct {
	sync.Mutex
	ctx     context.Context // the browser's chromedp context (its first, blank tab)
	cancel  func()
	err     error
	started bool
}

// Main runs the package's tests and then stops the shared browser, if a test started it.
// Call it from TestMain: func TestMain(m *testing.M) { browsertest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop ends the shared browser; the next test that needs one starts a new one.
func Stop() {
	shared.Lock()
	defer shared.Unlock()
	if shared.cancel != nil {
		shared.cancel()
	}
	shared.ctx, shared.cancel, shared.err, shared.started = nil, nil, nil, false
}

// Require returns the browser's path, or skips the test (fails it under CI) when there is none.
func Require(t testing.TB) string {
	t.Helper()
	p, err := ExecPath()
	if err != nil {
		if InCI() {
			t.Fatalf("headless Chromium is required in CI: %v", err)
		}
		t.Skipf("skipping the browser test: %v", err)
	}
	return p
}

func browser(t testing.TB) context.Context {
	t.Helper()
	path := Require(t)
	shared.Lock()
	defer shared.Unlock()
	if !shared.started {
		shared.started = true
		out := &lockedWriter{}
		// The profile directory is the package's own, so that Stop can find where the
		// browser's SingletonSocket lies (TMPDIR's org.chromium.Chromium.*, named by the
		// profile's SingletonSocket link), which Chromium leaves when it is ended rather than
		// quit: runs outside .ci/run piled them up in /tmp.
		profile, err := os.MkdirTemp("", "browsertest-")
		if err != nil {
			t.Fatal(err)
		}
		opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.CombinedOutput(out), chromedp.UserDataDir(profile)}, Flags...)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		shared.ctx = ctx
		shared.cancel = func() {
			socket, _ := os.Readlink(filepath.Join(profile, "SingletonSocket"))
			cancelCtx()
			cancelAlloc()
			// chromedp ends a browser's lingering children only in a profile of its own making.
			for quiet, deadline := 0, time.Now().Add(2*time.Second); quiet < 3 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if pids := ProfileProcesses(profile); len(pids) > 0 {
					for _, pid := range pids {
						if p, err := os.FindProcess(pid); err == nil {
							_ = p.Kill()
						}
					}
					quiet = 0
				} else {
					quiet++
				}
			}
			if dir := filepath.Dir(socket); strings.HasPrefix(filepath.Base(dir), "org.chromium.Chromium.") {
				removeAll(dir)
			}
			removeAll(profile)
		}
		// The first Do starts the process; its context must outlive the call, so the bound
		// is a timer, not a context deadline.
		done := make(chan error, 1)
		go func() { done <- chromedp.Do(ctx) }()
		select {
		case err := <-done:
			if err != nil {
				shared.err = fmt.Errorf("starting %s: %w\n%s", path, err, out.String())
			}
		case <-time.After(90 * time.Second):
			shared.err = fmt.Errorf("starting %s: no answer after 90s\n%s", path, out.String())
		}
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.ctx
}

// ProfileProcesses returns the processes (read from /proc; none where there is no /proc) whose
// command line has --user-data-dir= naming dir or a directory in it: a browser's, and its
// children's.
func ProfileProcesses(dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil {
			continue
		}
		for arg := range bytes.SplitSeq(cmdline, []byte{0}) {
			if d, ok := bytes.CutPrefix(arg, []byte("--user-data-dir=")); ok && (string(d) == dir || strings.HasPrefix(string(d), dir+string(filepath.Separator))) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// removeAll removes dir, trying again for a while: the browser's last child processes can still
// write to its profile just after the browser has ended.
func removeAll(dir string) {
	for deadline := time.Now().Add(5 * time.Second); os.RemoveAll(dir) != nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// lockedWriter keeps the browser's own output, for the message when it fails to start.
type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() < 64<<10 {
		l.buf.Write(p)
	}
	return len(p), nil
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Version returns the running browser's product string, e.g. "Chrome/156.0.8078.114".
func Version(t testing.TB) string {
	t.Helper()
	ctx := browser(t)
	v, err := chromedp.CallBrowser(ctx, browserdomain.GetVersion, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	return v.Product
}

// BodyUnavailable starts Response.Body when the browser kept no body to read.
const BodyUnavailable = "browsertest: body unavailable: "

// Response is one HTTP response a tab received.
type Response struct {
	URL    string
	Method string
	Status int64
	Body   string // "" when the browser kept none (e.g. a redirect)
}

// Tab is one page in its own browser context, closed when the test ends.
type Tab struct {
	Ctx context.Context // for chromedp.Do and chromedp.Run; bounded by two minutes

	t       testing.TB
	mu      sync.Mutex
	pending map[network.RequestID]*Response
	done    []*Response
	reads   int        // body reads in flight
	settled *sync.Cond // on mu: signalled when reads drops to 0
	closed  bool       // the test ended: no new reads start
	dialogs []string
}

// NewTab opens a new tab in a new browser context of the shared browser. JavaScript dialogs
// (alert, confirm) are recorded and accepted.
func NewTab(t testing.TB) *Tab {
	t.Helper()
	parent := browser(t)
	tab := &Tab{t: t, pending: map[network.RequestID]*Response{}}
	tab.settled = sync.NewCond(&tab.mu)
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext(), chromedp.WithListener(tab.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	tab.Ctx = ctx
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		cancelTimeout()
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(func() {
		tab.mu.Lock()
		tab.closed = true
		tab.waitReadsLocked()
		tab.mu.Unlock()
		cancelTimeout()
		cancel()
	})
	return tab
}

// listen runs in the tab's event loop: it must return fast and send no command itself.
func (tab *Tab) listen(ev any) {
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		tab.mu.Lock()
		if e.RedirectResponse != nil { // the earlier hop of this request ended in a redirect
			if r := tab.pending[e.RequestID]; r != nil {
				r.Status = e.RedirectResponse.Status
				tab.done = append(tab.done, r)
			}
		}
		tab.pending[e.RequestID] = &Response{URL: e.Request.URL, Method: e.Request.Method}
		tab.mu.Unlock()
	case *network.EventResponseReceived:
		tab.mu.Lock()
		if r := tab.pending[e.RequestID]; r != nil {
			r.Status = e.Response.Status
		}
		tab.mu.Unlock()
	case *network.EventLoadingFailed:
		tab.mu.Lock()
		if r := tab.pending[e.RequestID]; r != nil {
			delete(tab.pending, e.RequestID)
			tab.done = append(tab.done, r)
		}
		tab.mu.Unlock()
	case *network.EventLoadingFinished:
		tab.mu.Lock()
		r := tab.pending[e.RequestID]
		delete(tab.pending, e.RequestID)
		if r == nil || tab.closed {
			tab.mu.Unlock()
			return
		}
		tab.reads++
		tab.mu.Unlock()
		go func() {
			res, err := chromedp.Call(tab.Ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: e.RequestID})
			tab.mu.Lock()
			defer tab.mu.Unlock()
			if tab.reads--; tab.reads == 0 {
				tab.settled.Broadcast()
			}
			switch {
			case err == nil:
				r.Body = string(res.Body)
			case tab.Ctx.Err() == nil:
				r.Body = BodyUnavailable + err.Error()
			}
			tab.done = append(tab.done, r)
		}()
	case *page.EventJavascriptDialogOpening:
		tab.mu.Lock()
		tab.dialogs = append(tab.dialogs, e.Message)
		tab.mu.Unlock()
		go func() {
			_, _ = chromedp.Call(tab.Ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}()
	}
}

// Do runs chromedp actions in the tab and fails the test on error.
func (tab *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, actions...); err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
}

// Get runs one chromedp action that returns a value and fails the test on error.
func Get[T any](tab *Tab, action chromedp.Action[T]) T {
	tab.t.Helper()
	v, err := chromedp.Run(tab.Ctx, action)
	if err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
	return v
}

func (tab *Tab) waitReadsLocked() {
	for tab.reads > 0 {
		tab.settled.Wait()
	}
}

// Settle waits until the bodies of the responses that have finished loading are read: a
// navigation that follows at once could otherwise drop a body before it is read.
func (tab *Tab) Settle() {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	tab.waitReadsLocked()
}

// Responses returns every response the tab has received so far, bodies read.
func (tab *Tab) Responses() []Response {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	tab.waitReadsLocked()
	out := make([]Response, 0, len(tab.done))
	for _, r := range tab.done {
		out = append(out, *r)
	}
	return out
}

// Dialogs returns the messages of the JavaScript dialogs the page opened.
func (tab *Tab) Dialogs() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.dialogs...)
}

// HTML returns the current document's markup as the browser holds it now.
func (tab *Tab) HTML() string {
	tab.t.Helper()
	return Get(tab, chromedp.OuterHTML(chromedp.CSS("html")))
}

// Text returns the visible text of the current document.
func (tab *Tab) Text() string {
	tab.t.Helper()
	return Get(tab, chromedp.Text(chromedp.CSS("body")))
}

// Screenshot writes a PNG of the whole page to path.
func (tab *Tab) Screenshot(path string) {
	tab.t.Helper()
	png := Get(tab, chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Fatal(err)
	}
}

// ScreenshotDir is where a test writes its screenshots: $BROWSERTEST_SCREENSHOTS when set (to
// look at them after the run), else a temporary directory removed with the test.
func ScreenshotDir(t testing.TB) string {
	if d := os.Getenv("BROWSERTEST_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// Fetch runs fetch(url, init) in the page (its origin, its browser context) and returns the
// status and body; init is a JavaScript expression for fetch's second argument, e.g.
// `{method: "POST", body: new FormData(document.forms[0])}`.
func (tab *Tab) Fetch(url, init string) (int, string) {
	tab.t.Helper()
	if init == "" {
		init = "{}"
	}
	type result struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	js := fmt.Sprintf(`fetch(%q, %s).then(async r => ({status: r.status, body: await r.text()}))`, url, init)
	out := Get(tab, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
	return out.Status, out.Body
}

// PostForm submits a form built in the current page (so from its origin, as its own form
// would be) with the given fields to url, waits for the answer page and returns its status.
// It is how a test replays a form a page already submitted: the page's Content-Security-Policy
// may forbid fetch, but a form posted to its own origin is what the page itself does.
func (tab *Tab) PostForm(url string, fields map[string]string) int64 {
	tab.t.Helper()
	js := fmt.Sprintf(`(() => {
	const f = document.createElement("form");
	f.method = "post";
	f.action = %q;
	for (const [k, v] of Object.entries(%s)) {
		const i = document.createElement("input");
		i.type = "hidden"; i.name = k; i.value = v;
		f.appendChild(i);
	}
	document.body.appendChild(f);
	f.submit();
})()`, url, jsonObject(fields))
	resp, err := chromedp.RunResponse(tab.Ctx, chromedp.Evaluate[chromedp.Void](js))
	if err != nil {
		tab.t.Fatalf("posting a form to %s: %v", url, err)
	}
	tab.Settle()
	return resp.Status
}

func jsonObject(fields map[string]string) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// Recorder is an http.Handler that records every response another handler writes.
type Recorder struct {
	next http.Handler
	mu   sync.Mutex
	rs   []Response
}

// Record wraps h so that every response it writes (status and body) is kept.
func Record(h http.Handler) *Recorder { return &Recorder{next: h} }

func (rec *Recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &capture{ResponseWriter: w, status: http.StatusOK}
	rec.next.ServeHTTP(cw, r)
	rec.mu.Lock()
	rec.rs = append(rec.rs, Response{URL: r.URL.String(), Method: r.Method, Status: int64(cw.status), Body: cw.body.String()})
	rec.mu.Unlock()
}

// Responses returns the responses recorded so far.
func (rec *Recorder) Responses() []Response {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Response(nil), rec.rs...)
}

type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	wrote  bool
}

func (c *capture) WriteHeader(code int) {
	if !c.wrote {
		c.status, c.wrote = code, true
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(p []byte) (int, error) {
	c.wrote = true
	c.body.Write(p)
	return c.ResponseWriter.Write(p)
}

func (c *capture) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }
