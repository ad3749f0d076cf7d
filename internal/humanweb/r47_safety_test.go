package humanweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR47SafetyPageAnswerNeedsItsOwnTokenAndOrigin: README (The page) says a POST needs the
// page's one-time token and is refused from a foreign Origin or a cross-site Sec-Fetch-Site.
// Each half is tried alone with the other half right: the page's own Origin beside a
// cross-site or same-site Sec-Fetch-Site, a cross-site Sec-Fetch-Site without Origin, a
// look-alike Origin (a longer name, another scheme or port, user information), another
// page's token, the token twice with a wrong one first, an empty token. None decides
// anything, and the page then still takes its own answer.
func TestR47SafetyPageAnswerNeedsItsOwnTokenAndOrigin(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	other := approval(t, s, "other")
	token, otherTok := tokenOf(t, link.URL), tokenOf(t, other.URL)
	u, _ := url.Parse(link.URL)
	own := u.Scheme + "://" + u.Host
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, tc := range []struct {
		name    string
		form    url.Values
		headers map[string]string
	}{
		{"own Origin, cross-site fetch", approve, map[string]string{"Origin": own, "Sec-Fetch-Site": "cross-site"}},
		{"own Origin, same-site fetch", approve, map[string]string{"Origin": own, "Sec-Fetch-Site": "same-site"}},
		{"cross-site fetch, no Origin", approve, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"longer host", approve, map[string]string{"Origin": own + ".evil.example"}},
		{"https", approve, map[string]string{"Origin": "https://" + u.Host}},
		{"another port", approve, map[string]string{"Origin": "http://" + u.Hostname() + ":1"}},
		{"user information", approve, map[string]string{"Origin": "http://" + u.Host + "@evil.example"}},
		{"another page's token", url.Values{"token": {otherTok}, "decision": {"approve"}}, sameOrigin(link.URL)},
		{"wrong token first", url.Values{"token": {otherTok, token}, "decision": {"approve"}}, sameOrigin(link.URL)},
		{"empty token", url.Values{"token": {""}, "decision": {"approve"}}, sameOrigin(link.URL)},
		{"token with a space", url.Values{"token": {token + " "}, "decision": {"approve"}}, sameOrigin(link.URL)},
	} {
		r := post(t, link.URL, tc.form, tc.headers)
		if r.status < 400 || strings.Contains(r.body, `data-outcome="approved"`) {
			t.Errorf("%s: %d\n%s", tc.name, r.status, r.body)
		}
		if d := decision(t, s, "k"); d != humanweb.Pending {
			t.Fatalf("%s decided: %v", tc.name, d)
		}
	}
	if r := post(t, link.URL, approve, sameOrigin(link.URL)); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("the page's own answer: %d\n%s", r.status, r.body)
	}
}

// TestR47SafetySecretFormStoresOnlyWhatItAsked: README says a page stores the values of the
// secrets it names (one page takes every missing secret of a deploy), and no response holds a
// value typed. A POST adds a field for a secret the page did not ask, a name differing only in
// case, and the asked field twice: only the asked secret is stored, once, with one value, and
// no response shows any value.
func TestR47SafetySecretFormStoresOnlyWhatItAsked(t *testing.T) {
	var mu sync.Mutex
	stored := map[string][]string{}
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "analytics-app (101)",
		Names: []string{"PG_PASS"}, Store: func(_ context.Context, name, value string) error {
			mu.Lock()
			defer mu.Unlock()
			stored[name] = append(stored[name], value)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	token := tokenOf(t, link.URL)
	r := post(t, link.URL, url.Values{"token": {token}, "decision": {"store"}, "secret-PG_PASS": {"r47-first-value", "r47-second-value"},
		"secret-OTHER": {"r47-other-value"}, "secret-pg_pass": {"r47-case-value"}}, sameOrigin(link.URL))
	mu.Lock()
	defer mu.Unlock()
	for name, values := range stored {
		if name != "PG_PASS" || len(values) != 1 {
			t.Errorf("stored %s: %d value(s)", name, len(values))
		}
	}
	for _, v := range []string{"r47-first-value", "r47-second-value", "r47-other-value", "r47-case-value"} {
		if strings.Contains(r.body, v) {
			t.Errorf("the response shows %q", v)
		}
	}
}
