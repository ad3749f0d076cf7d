package browsertest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestPagesBeyondLoopbackInBrowser: over --http on an address beyond loopback, plain http (as
// `--http 0.0.0.0:PORT` opened at the machine's address), Chromium sends no Sec-Fetch-Site (the
// origin is not potentially trustworthy). The page's own forms still work: Approve and Store
// succeed, because the page's Referrer-Policy (same-origin) has the browser send its real
// Origin. Posts from another site, with its Origin or hiding it (Origin: null), are refused,
// and each refusal says what happened.
func TestPagesBeyondLoopbackInBrowser(t *testing.T) {
	ip := testutil.NonLoopbackIPv4(t)
	s := newServer(t, serverOptions{http: true, addr: ip + ":0"})
	secrets := demoSecretValues(t, s)

	del := map[string]any{"app": "docs-search"}
	link := linkIn(t, s.call(t, "delete_app", del))
	if !strings.HasPrefix(link, "http://"+ip+":") {
		t.Fatalf("the link %s is not at %s", link, ip)
	}
	origin := link[:strings.Index(link, "/human/")]
	tab := browsertest.NewTab(t)
	if status := open(t, tab, link); status != http.StatusOK || outcome(tab) != "pending" {
		t.Fatalf("approval page at %s: %d %s", ip, status, outcome(tab))
	}
	if status := submit(t, tab, "approve"); status != http.StatusOK || outcome(tab) != "approved" {
		t.Fatalf("approve at %s: %d %s: %s", ip, status, outcome(tab), tab.Text())
	}
	if res := s.call(t, "delete_app", del); res.IsError || s.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("the approved deletion:\n%s", text(res))
	}

	args := map[string]any{"name": "orders-app", "spicepod": twoSecretPod}
	link = linkIn(t, s.call(t, "create_and_deploy_app", args))
	open(t, tab, link)
	token := browsertest.Get(tab, chromedp.Value(chromedp.CSS(`input[name="token"]`)))
	forged := map[string]string{"decision": "store", "secret-ORDERS_PG_USER": "forged", "secret-ORDERS_PG_PASS": "forged"}
	cross := crossSitePost(t, link, token, forged)
	if !strings.Contains(pageText(cross, "outcome"), "the browser said it came from another site") {
		t.Errorf("the cross-site refusal says %q", pageText(cross, "outcome"))
	}
	hidden := crossSitePostHidingOrigin(t, link, token, forged)
	open(t, tab, link)
	if outcome(tab) != "pending" || s.emu.Calls(api.UpsertProjectSecret.ID) != 0 {
		t.Fatalf("after the cross-site POSTs the form shows %s, %d secrets written", outcome(tab), s.emu.Calls(api.UpsertProjectSecret.ID))
	}
	fillSecrets(t, tab)
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("store at %s: %d %s: %s", ip, status, outcome(tab), tab.Text())
	}
	if res := s.call(t, "create_and_deploy_app", args); res.IsError {
		t.Fatalf("the deploy:\n%s", text(res))
	}
	checkDeployed(t, s, "orders-app")

	// What Chromium sent: the page's own POSTs carry its real Origin and, as Referer, the
	// page's URL (same origin only); the cross-site ones another origin or null.
	posts := s.posts.all()
	t.Logf("POST headers at %s: %v", ip, posts)
	var own int
	for _, h := range posts {
		if h.Get("Origin") == origin {
			own++
			if ref := h.Get("Referer"); ref != "" && !strings.HasPrefix(ref, origin+"/") {
				t.Errorf("a POST of the page carries Referer %s", ref)
			}
		} else if ref := h.Get("Referer"); strings.Contains(ref, "/human/") {
			t.Errorf("a POST from another origin carries the link as Referer: %s", ref)
		}
	}
	if own != 2 || len(posts) != 4 {
		t.Errorf("%d POSTs, %d from the page's origin %s; want 4 and 2: %v", len(posts), own, origin, posts)
	}
	noLeaks(t, s, []*browsertest.Tab{tab, cross, hidden}, append(values(), secrets...)...)
}

// TestPageHeadersOnLoopbackInBrowser: on localhost (a potentially trustworthy origin) Chromium
// sends the page's Origin and Sec-Fetch-Site: same-origin with its own form.
func TestPageHeadersOnLoopbackInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{http: true})
	link := linkIn(t, s.call(t, "delete_app", map[string]any{"app": "docs-search"}))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	if status := submit(t, tab, "decline"); status != http.StatusOK || outcome(tab) != "declined" {
		t.Fatalf("decline: %d %s", status, outcome(tab))
	}
	posts := s.posts.all()
	t.Logf("POST headers on loopback: %v", posts)
	if len(posts) != 1 || posts[0].Get("Origin") != link[:strings.Index(link, "/human/")] || posts[0].Get("Sec-Fetch-Site") != "same-origin" {
		t.Errorf("the page's POST on loopback carried %v", posts)
	}
}

// crossSitePostHidingOrigin is crossSitePost from a page whose own Referrer-Policy
// (no-referrer) makes the browser send "Origin: null": refused (403), saying the browser did
// not say where the answer came from.
func crossSitePostHidingOrigin(t *testing.T, target, token string, fields map[string]string) *browsertest.Tab {
	t.Helper()
	return postFromAnotherSite(t, target, token, fields, "no-referrer", "did not say which site")
}

// pastePEM is a private key as a person copies it: line breaks and a final one.
const pastePEM = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+XQpS\nbrowser-pem-4e1f0c\n-----END PRIVATE KEY-----\n"

// paste puts text into a field as a paste does (execCommand insertText: the browser applies
// what it applies to typed or pasted text).
func paste(tab *browsertest.Tab, id, text string) string {
	return browsertest.Get(tab, chromedp.Evaluate[string](fmt.Sprintf(`(() => { const f = document.getElementById(%q); f.focus();
document.execCommand("insertText", false, %q); return f.value; })()`, id, text)))
}

// TestMultiLineSecretInBrowser: a PEM key pasted on the secret page is stored byte for byte,
// line breaks and the final one included; Enter in the field adds a line and submits nothing;
// a value pasted with CR LF line breaks is stored with LF, as the field holds it. The field
// hides what is typed.
func TestMultiLineSecretInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{})
	args := map[string]any{"app": "analytics-app", "name": "TLS_KEY"}
	link := linkIn(t, s.call(t, "set_secret", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	field := "secret-TLS_KEY"
	if sec := browsertest.Get(tab, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("secret-TLS_KEY")).webkitTextSecurity`)); sec != "disc" {
		t.Errorf("the field shows what is typed (-webkit-text-security %q)", sec)
	}
	tab.Do(chromedp.SendKeys(chromedp.ID(field), "one"+kb.Enter+"two"))
	if o := outcome(tab); o != "pending" || s.emu.Calls(api.UpsertProjectSecret.ID) != 0 {
		t.Fatalf("Enter in the field: the page shows %s", o)
	}
	if v := browsertest.Get(tab, chromedp.Evaluate[string](`document.getElementById("secret-TLS_KEY").value`)); v != "one\ntwo" {
		t.Errorf("typed with Enter, the field holds %q", v)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("secret-TLS_KEY").value = ""`))
	if v := paste(tab, field, pastePEM); v != pastePEM {
		t.Errorf("pasted, the field holds %q", v)
	}
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("store: %d %s: %s", status, outcome(tab), tab.Text())
	}
	id := s.appID(t, "analytics-app")
	if got, _ := s.emu.SecretValue("sandbox", id, "TLS_KEY"); got != pastePEM {
		t.Errorf("stored %q, want the pasted PEM %q", got, pastePEM)
	}

	// Pasted with CR LF (copied on Windows): the field holds LF, and LF is stored.
	args = map[string]any{"app": "analytics-app", "name": "TLS_KEY_CRLF"}
	link = linkIn(t, s.call(t, "set_secret", args))
	open(t, tab, link)
	paste(tab, "secret-TLS_KEY_CRLF", strings.ReplaceAll(pastePEM, "\n", "\r\n"))
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("store CR LF: %d %s: %s", status, outcome(tab), tab.Text())
	}
	if got, _ := s.emu.SecretValue("sandbox", id, "TLS_KEY_CRLF"); got != pastePEM {
		t.Errorf("pasted with CR LF, stored %q, want %q", got, pastePEM)
	}
	noLeaks(t, s, []*browsertest.Tab{tab}, "browser-pem-4e1f0c")
}

// TestLongSecretInBrowser: over --http (whose other paths take at most --http-max-body, 1 MiB),
// the secret page takes a value as long as set-secret's request allows: one whose URL encoding
// is over 1 MiB is stored exactly. A value over the limit is refused on the page, naming the
// limit, and nothing reaches the API; the form can then be used.
func TestLongSecretInBrowser(t *testing.T) {
	s := newServer(t, serverOptions{http: true})
	args := map[string]any{"app": "analytics-app", "name": "BUNDLE"}
	link := linkIn(t, s.call(t, "set_secret", args))
	tab := browsertest.NewTab(t)
	open(t, tab, link)
	// About 400 000 bytes in lines of 76 (as base64 is wrapped), each byte sent as %XX and each
	// line break as %0D%0A: 1.2 MB as sent, and 400 KB in the API request's JSON. (Lines: a
	// single line of a megabyte takes Chromium minutes to lay out in a masked field.)
	long := strings.Repeat(strings.Repeat("/+&=", 19)+"\n", 5200)
	set := func(v string) {
		tab.Do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById("secret-BUNDLE").value = %q`, v)))
	}
	// Over the limit: the request that would store it is over 1 MiB + 64 KiB.
	set(strings.Repeat(strings.Repeat("a", 75)+"\n", rules.BodyMaxBytes/76+1))
	if status := submit(t, tab, "store"); status != http.StatusRequestEntityTooLarge || outcome(tab) != "pending" {
		t.Fatalf("a value over the limit: %d %s: %s", status, outcome(tab), tab.Text())
	}
	if why := pageText(tab, "toolong"); !strings.Contains(why, "BUNDLE") || !strings.Contains(why, plain.Number(rules.BodyMaxBytes)) {
		t.Errorf("the page says %q", why)
	}
	if n := s.emu.Calls(api.UpsertProjectSecret.ID); n != 0 {
		t.Fatalf("%d set-secret requests for a value over the limit", n)
	}
	set(long)
	if status := submit(t, tab, "store"); status != http.StatusOK || outcome(tab) != "stored" {
		t.Fatalf("a value of %d bytes: %d %s: %s", len(long), status, outcome(tab), tab.Text())
	}
	if got, _ := s.emu.SecretValue("sandbox", s.appID(t, "analytics-app"), "BUNDLE"); got != long {
		t.Errorf("stored %d bytes, want the %d entered", len(got), len(long))
	}
}
