package humanweb

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// hostile is what an app name, a secret name, an action or an API error could carry: markup,
// both quotes and ampersands.
const hostile = `<script>alert('x')</script>"><img src=x onerror=alert(1)>&amp;&lt;`

// everyPage is one page per outcome and variant, its facts all set to v.
func everyPage(v string) map[string]page {
	pages := map[string]page{
		"unknown": {Outcome: "unknown"},
	}
	for _, r := range []string{"origin", "token", "host", "form"} {
		pages["refused "+r] = page{Outcome: "refused", Refusal: r}
	}
	for _, o := range []string{"pending", "approved", "declined", "expired", "used"} {
		pages["approval "+o] = page{Outcome: o, Kind: "approval", Tool: v, Action: v, Effects: []string{v, v + "2"}, Token: v, Expires: v}
	}
	names := []string{v, v + "2"}
	for _, o := range []string{"pending", "stored", "failed", "declined", "expired", "withdrawn", "used"} {
		p := page{Outcome: o, Kind: "secrets", Tool: v, App: v, Names: names, Token: v, Expires: v, Stored: names[:1], Failed: v, Reason: v}
		pages["secrets "+o] = p
		p.Missing, p.Stored = names, nil
		pages["secrets "+o+" (missing, nothing stored)"] = p
	}
	return pages
}

// TestHostileValuesAreEscaped: on every page, every fact is escaped for HTML: the page with a
// hostile value is, once its escaped form is put back to a plain word, the page with that
// word. So no value can end an attribute, open an element or run a script.
func TestHostileValuesAreEscaped(t *testing.T) {
	const plain = "PLAINWORD"
	escaped := html.EscapeString(hostile)
	if strings.ContainsAny(escaped, `<>"'`) {
		t.Fatalf("escaped form %q", escaped)
	}
	hostilePages, plainPages := everyPage(hostile), everyPage(plain)
	for name, p := range hostilePages {
		body := p.html()
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Errorf("%s: markup from a value reached the page\n%s", name, body)
		}
		want := plainPages[name]
		if strings.ReplaceAll(body, escaped, plain) != want.html() {
			t.Errorf("%s: a value is not escaped where it appears\n%s", name, body)
		}
	}
}

// TestHostileValuesOverHTTP: the same through the pages as served, with hostile app, secret
// names, tool, action, effects and API error, from the form to its outcome.
func TestHostileValuesOverHTTP(t *testing.T) {
	s := New(Options{Mounted: true, PublicURL: "http://127.0.0.1"})
	defer s.Close()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx := context.Background()
	check := func(what string, res *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		if _, err := io.Copy(&b, res.Body); err != nil {
			t.Fatal(err)
		}
		body := b.String()
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") || !strings.Contains(body, html.EscapeString(hostile)) {
			t.Errorf("%s: hostile value not escaped\n%s", what, body)
		}
		return body
	}
	local := func(link string) string { return srv.URL + strings.TrimPrefix(link, "http://127.0.0.1") }
	postForm := func(link string, form url.Values) (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return http.DefaultClient.Do(req)
	}

	_, link, err := s.Approval(ctx, Approval{Key: "a", Tool: hostile, Action: hostile, Effects: []string{hostile}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(local(link.URL))
	body := check("approval page", res, err)
	token := html.UnescapeString(strings.SplitN(strings.SplitN(body, `name="token" value="`, 2)[1], `"`, 2)[0])
	res, err = postForm(local(link.URL), url.Values{"token": {token}, "decision": {"approve"}})
	check("approved page", res, err)

	names := []string{hostile, "B&" + hostile}
	_, link, err = s.Secrets(ctx, SecretForm{Key: "f", Tool: hostile, App: hostile, Names: names,
		Store: func(_ context.Context, name, _ string) error {
			if name == names[1] {
				return errors.New("refused: " + hostile)
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	res, err = http.Get(local(link.URL))
	body = check("secret form", res, err)
	if !strings.Contains(body, `name="`+html.EscapeString("secret-"+hostile)+`"`) {
		t.Errorf("the field of a hostile name is not its escaped name\n%s", body)
	}
	token = html.UnescapeString(strings.SplitN(strings.SplitN(body, `name="token" value="`, 2)[1], `"`, 2)[0])
	res, err = postForm(local(link.URL), url.Values{"token": {token}, "decision": {"store"}, "secret-" + names[0]: {"v"}})
	check("form with a missing value", res, err)
	res, err = postForm(local(link.URL), url.Values{"token": {token}, "decision": {"store"}, "secret-" + names[0]: {"v"}, "secret-" + names[1]: {"w"}})
	body = check("failed page", res, err)
	if !strings.Contains(body, `data-outcome="failed"`) {
		t.Errorf("the form with hostile names was not stored up to the refusal\n%s", body)
	}
}

// TestStyleHashMatchesCSP: the CSP allows exactly the inline style every page carries.
func TestStyleHashMatchesCSP(t *testing.T) {
	for name, p := range everyPage("x") {
		body := p.html()
		_, rest, _ := strings.Cut(body, "<style>")
		style, _, ok := strings.Cut(rest, "</style>")
		if !ok || strings.Count(body, "<style") != 1 {
			t.Fatalf("%s: not one inline style", name)
		}
		if want := "style-src 'sha256-" + hashCSS(style) + "'"; !strings.Contains(csp(), want) {
			t.Errorf("%s: the CSP %q does not allow the page's style (%s)", name, csp(), want)
		}
	}
}
