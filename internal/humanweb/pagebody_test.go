package humanweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// storingForm opens a secret form for names whose Store keeps what it gets; check is the
// form's Check.
func storingForm(t *testing.T, check func(name, value string) string, names ...string) (humanweb.Link, func() map[string]string) {
	t.Helper()
	var mu sync.Mutex
	stored := map[string]string{}
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "docs-search (102)", Names: names,
		Check: check,
		Store: func(_ context.Context, name, value string) error {
			mu.Lock()
			defer mu.Unlock()
			stored[name] = value
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	return link, func() map[string]string {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]string{}
		for k, v := range stored {
			out[k] = v
		}
		return out
	}
}

// TestSecretValueLineBreaks: a textarea's line breaks, sent as CR LF by every browser, are
// stored as LF, as the field showed them; everything else, a final line break included, is
// stored as sent.
func TestSecretValueLineBreaks(t *testing.T) {
	link, stored := storingForm(t, nil, "PEM")
	const pem = "-----BEGIN KEY-----\nAAAA\tBBBB \n-----END KEY-----\n"
	r := post(t, link.URL, url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"store"},
		"secret-PEM": {strings.ReplaceAll(pem, "\n", "\r\n")}}, sameOrigin(link.URL))
	if r.status != http.StatusOK || stored()["PEM"] != pem {
		t.Errorf("stored %q (%d), want %q", stored()["PEM"], r.status, pem)
	}
}

// TestSecretValueSizes: the page reads a form whose values are each as long as a value can be
// (MaxValueBytes), sent in the URL encoding's worst case (every byte %XX); a value its Check
// refuses re-shows the form naming the field and the reason, and nothing is stored; a body
// over the form's limit is refused naming the limit, before it is read.
func TestSecretValueSizes(t *testing.T) {
	check := func(name, value string) string {
		if len(value) > humanweb.MaxValueBytes-100 {
			return "at most " + strconv.Itoa(humanweb.MaxValueBytes-100) + " bytes"
		}
		return ""
	}
	link, stored := storingForm(t, check, "A", "B")
	token := tokenOf(t, link.URL)
	longest := strings.Repeat("%", humanweb.MaxValueBytes-100)
	over := strings.Repeat("%", humanweb.MaxValueBytes)
	r := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {longest}, "secret-B": {over}}, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `data-outcome="pending"`) ||
		!strings.Contains(r.body, "Too long to store, so nothing was stored: B: at most "+strconv.Itoa(humanweb.MaxValueBytes-100)+" bytes.") ||
		len(stored()) != 0 || strings.Contains(r.body, "%%%") {
		t.Fatalf("a value over its limit: %d, stored %d\n%.3000s", r.status, len(stored()), r.body)
	}
	r = post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {longest}, "secret-B": {longest}}, sameOrigin(link.URL))
	if got := stored(); r.status != http.StatusOK || got["A"] != longest || got["B"] != longest {
		t.Fatalf("two values at the limit, %d bytes as sent: %d", 2*3*len(longest), r.status)
	}

	// Without a Check, MaxValueBytes is the bound; a body over the form's limit is refused.
	link, stored = storingForm(t, nil, "A")
	token = tokenOf(t, link.URL)
	r = post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {over + "x"}}, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "A: "+strconv.Itoa(humanweb.MaxValueBytes+1)+" bytes; at most "+strconv.Itoa(humanweb.MaxValueBytes)) {
		t.Errorf("over MaxValueBytes without a Check: %d\n%.3000s", r.status, r.body)
	}
	huge := url.Values{"token": {token}, "decision": {"store"}, "secret-A": {strings.Repeat("%", humanweb.MaxValueBytes+40<<10)}}
	r = post(t, link.URL, huge, sameOrigin(link.URL))
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `data-outcome="refused"`) ||
		!strings.Contains(r.body, "each of which can be at most "+strconv.Itoa(humanweb.MaxValueBytes)+" bytes") || len(stored()) != 0 {
		t.Errorf("a body over the form's limit: %d\n%.3000s", r.status, r.body)
	}
	if r := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-A": {"ok"}}, sameOrigin(link.URL)); r.status != http.StatusOK || stored()["A"] != "ok" {
		t.Errorf("the form after refusals: %d", r.status)
	}
}

// TestOriginRefusalsSayWhy: a POST the browser marks as from another site and one whose
// origin the browser hides (Origin: null, no Sec-Fetch-Site: same-origin) are both refused,
// each page saying which; a plain-http page's own POST (its real Origin, no Sec-Fetch-Site,
// as browsers send beyond loopback) is taken.
func TestOriginRefusalsSayWhy(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	form := url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"decline"}}
	for _, c := range []struct {
		headers map[string]string
		says    string
	}{
		{map[string]string{"Origin": "http://evil.example"}, "the browser said it came from another site"},
		{map[string]string{"Sec-Fetch-Site": "cross-site"}, "the browser said it came from another site"},
		{map[string]string{"Origin": "null", "Sec-Fetch-Site": "cross-site"}, "the browser said it came from another site"},
		{map[string]string{"Origin": "null"}, "The browser did not say which site this answer came from"},
		{map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-site"}, "The browser did not say which site this answer came from"},
	} {
		r := post(t, link.URL, form, c.headers)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, c.says) {
			t.Errorf("%v: %d\n%s", c.headers, r.status, r.body)
		}
	}
	u, _ := url.Parse(link.URL)
	if r := post(t, link.URL, form, map[string]string{"Origin": "http://" + u.Host}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Declined {
		t.Errorf("the page's own POST without fetch metadata: %d", r.status)
	}
}
