package humanweb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR53ClaimsPageOriginHiddenOrForeignIsRefused: README (The page) says a POST is refused
// "from a foreign Origin … or a cross-site Sec-Fetch-Site, and when the browser hides where it
// came from (Origin: null without Sec-Fetch-Site: same-origin), each refusal saying which". A
// page that hides its origin tries every Sec-Fetch-Site a browser may send beside Origin: null
// (none, same-site, cross-site, none at all, and in another case); a foreign page tries the
// public URL's origin spelled with a path, user information or another scheme, on the own
// listener and behind --http-public-url. None decides; each refusal names its kind; the page's
// own POST is then taken.
func TestR53ClaimsPageOriginHiddenOrForeignIsRefused(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, fetch := range []string{"", "none", "same-site", "cross-site", "Same-Origin"} {
		headers := map[string]string{"Origin": "null"}
		if fetch != "" {
			headers["Sec-Fetch-Site"] = fetch
		}
		r := post(t, link.URL, approve, headers)
		if r.status < 400 || !strings.Contains(strings.ToLower(r.body), "origin") {
			t.Errorf("Origin null, Sec-Fetch-Site %q: %d\n%s", fetch, r.status, r.body)
		}
		if d := decision(t, s, "k"); d != humanweb.Pending {
			t.Fatalf("Origin null, Sec-Fetch-Site %q decided: %v", fetch, d)
		}
	}
	if r := post(t, link.URL, approve, map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-origin"}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("Origin null, same-origin fetch (the page's own under no-referrer): %d\n%s", r.status, r.body)
	}

	// Behind --http-public-url: its origin spelled otherwise than a browser's Origin is no match.
	const public = "https://mcp.example.com"
	for _, origin := range []string{public + "/human/", "https://user@mcp.example.com", "http://mcp.example.com", "https://mcp.example.com:8443", "https://mcp.example.com.", "null"} {
		ps := humanweb.New(humanweb.Options{Mounted: true, PublicURL: public})
		ts := httptest.NewServer(ps.Handler())
		_, plink, err := ps.Approval(context.Background(), humanweb.Approval{Key: "p", Tool: "pause_app", Action: "Pause app"})
		if err != nil {
			t.Fatal(err)
		}
		local := ts.URL + humanweb.Prefix + plink.URL[strings.LastIndex(plink.URL, "/")+1:]
		form := url.Values{"token": {tokenOf(t, local)}, "decision": {"approve"}}
		r := post(t, local, form, map[string]string{"Origin": origin, "Sec-Fetch-Site": "same-site"})
		if r.status < 400 || decision(t, ps, "p") != humanweb.Pending {
			t.Errorf("public URL %s, Origin %s: %d", public, origin, r.status)
		}
		ts.Close()
		_ = ps.Close()
	}
}
