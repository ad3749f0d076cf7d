package browsertest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
)

// r56HttpmodeFramed loads, in a new tab, a page of another origin that frames target, and
// returns the frame's URL and unreachable URL as Chromium reports them once it has loaded.
func r56HttpmodeFramed(t *testing.T, target string) (frameURL, unreachable string, tab *browsertest.Tab) {
	t.Helper()
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Prize</title><p>Click the button to win</p>
<iframe id="f" src="%s" style="opacity:0.01;position:absolute;top:0;left:0;width:800px;height:600px"></iframe>`, target)
	}))
	defer evil.Close()
	tab = browsertest.NewTab(t)
	// Another port of the same host: another origin but the same site, so the frame stays in the
	// page's process and its frame tree (another site's frame is a target of its own).
	tab.Do(chromedp.Navigate(evil.URL))
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var tree *page.FrameTree
		tab.Do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
			res, err := cdp.Call(ctx, target, page.GetFrameTree, cdp.Empty{})
			tree = res.FrameTree
			return err
		}))
		if len(tree.ChildFrames) == 1 {
			f := tree.ChildFrames[0].Frame
			if f.URL != "about:blank" && f.URL != "" {
				return f.URL, f.UnreachableURL, tab
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the framing page's frame never loaded: %+v", tree)
		}
	}
}

// TestR56HttpmodePageCannotBeFramedInBrowser: an adversary's page (another origin) that frames
// a pending approval page, to have the person click Approve through a transparent frame
// (clickjacking), gets Chromium's error page in the frame: frame-ancestors 'none' and
// X-Frame-Options: DENY hold in the real browser. The approval stays pending and the call acts
// on nothing; the link (the capability) and the page's form token appear in no log line.
func TestR56HttpmodePageCannotBeFramedInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{http: true})
	args := map[string]any{"app": "docs-search"}
	link := linkIn(t, s.call(t, "delete_app", args))
	frameURL, unreachable, evil := r56HttpmodeFramed(t, link)
	if !strings.HasPrefix(frameURL, "chrome-error:") || unreachable != link {
		t.Errorf("a framed approval page loaded in the frame: url %q, unreachable %q", frameURL, unreachable)
	}
	framed := false
	for _, r := range evil.Responses() {
		framed = framed || r.URL == link && strings.Contains(r.Body, `id="approve"`) && r.Status == http.StatusOK
	}
	t.Logf("frame %q (unreachable %q); the browser fetched the page itself: %v", frameURL, unreachable, framed)
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("after the framing attempt the page shows %d %s", status, outcome(tab))
	}
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	if res := s.call(t, "delete_app", args); !res.IsError || s.emu.Calls(api.DeleteProject.ID) != 0 {
		t.Fatalf("the call acted without an approval:\n%s", text(res))
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(u.Path, "/human/")
	logs := s.logs.String()
	if len(id) < 20 || len(token) < 20 || !strings.Contains(logs, "approval link opened") {
		t.Fatalf("link id %q, token %q, or the logs lack the link's opening: the leak check would prove nothing", id, token)
	}
	for what, v := range map[string]string{"the link's ID": id, "the form token": token} {
		if strings.Contains(logs, v) {
			t.Errorf("the logs contain %s", what)
		}
	}
}

// TestR56HttpmodeUsedLinkInAnotherProfile: the link is the capability (no cookie ties it to a
// browser), so what matters once it is used is that it acts no more: opened in another browser
// profile (a new browser context) after the approval, it shows the outcome and no form, and a
// replay of the used form's POST, with its token, from that profile gets 409 and changes
// nothing: the approved deletion happens once.
func TestR56HttpmodeUsedLinkInAnotherProfile(t *testing.T) {
	s := newServer(t, serverOptions{http: true})
	args := map[string]any{"app": "docs-search"}
	link := linkIn(t, s.call(t, "delete_app", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	if status := submit(t, tab, "approve"); status != http.StatusOK || outcome(tab) != "approved" {
		t.Fatalf("approve: %d %s", status, outcome(tab))
	}
	other := browsertest.NewTab(t)
	if status := open(t, other, link); status != http.StatusOK || outcome(other) != "approved" {
		t.Errorf("the used link in another profile: %d %s, want 200 approved", status, outcome(other))
	}
	if html := other.HTML(); strings.Contains(html, token) || strings.Contains(html, `id="approve"`) {
		t.Error("the used link's page in another profile shows the form or its token")
	}
	if status := other.PostForm(link, map[string]string{"token": token, "decision": "approve"}); status != http.StatusConflict {
		t.Errorf("the used form replayed from another profile: %d, want 409", status)
	}
	if res := s.call(t, "delete_app", args); res.IsError || s.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("the approved deletion:\n%s", text(res))
	}
	if res := s.call(t, "delete_app", args); s.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Errorf("a second call after one approval deleted again:\n%s", text(res))
	}
}
