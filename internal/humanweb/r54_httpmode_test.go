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

// r54HttpmodePost posts form to link with each header given as all of its values, in order
// (several Origin or Sec-Fetch-Site headers).
func r54HttpmodePost(t *testing.T, link string, form url.Values, headers map[string][]string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return do(t, req)
}

// TestR54HttpmodePageChecksEveryOrigin: the MCP endpoint checks every Origin header of a
// request (TestR53HttpmodeEveryOriginIsChecked); the page read only the first, so a POST with
// its own Origin first and a foreign one second approved. Every Origin and Sec-Fetch-Site
// value now counts, in either order, on the own listener and behind --http-public-url; the
// page's own POST is then still taken.
func TestR54HttpmodePageChecksEveryOrigin(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	u, _ := url.Parse(link.URL)
	own := u.Scheme + "://" + u.Host
	approve := url.Values{"token": {token}, "decision": {"approve"}}
	for _, tc := range []struct {
		name    string
		headers map[string][]string
	}{
		{"own then foreign Origin", map[string][]string{"Origin": {own, "http://evil.example"}}},
		{"foreign then own Origin", map[string][]string{"Origin": {"http://evil.example", own}}},
		{"own then null Origin", map[string][]string{"Origin": {own, "null"}}},
		{"empty then foreign Origin", map[string][]string{"Origin": {"", "http://evil.example"}}},
		{"own Origin, same-origin then cross-site fetch", map[string][]string{"Origin": {own}, "Sec-Fetch-Site": {"same-origin", "cross-site"}}},
		{"no Origin, same-origin then cross-site fetch", map[string][]string{"Sec-Fetch-Site": {"same-origin", "cross-site"}}},
	} {
		r := r54HttpmodePost(t, link.URL, approve, tc.headers)
		if r.status != http.StatusForbidden || !strings.Contains(strings.ToLower(r.body), "origin") {
			t.Errorf("%s: %d, want 403 naming the origin\n%s", tc.name, r.status, r.body)
		}
		if d := decision(t, s, "k"); d != humanweb.Pending {
			t.Fatalf("%s decided: %v", tc.name, d)
		}
	}
	if r := r54HttpmodePost(t, link.URL, approve, map[string][]string{"Origin": {own, own}, "Sec-Fetch-Site": {"same-origin"}}); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("the page's own Origin twice: %d\n%s", r.status, r.body)
	}

	// Behind --http-public-url the public origin first does not carry a foreign second.
	const public = "https://mcp.example.com"
	ps := humanweb.New(humanweb.Options{Mounted: true, PublicURL: public})
	t.Cleanup(func() { _ = ps.Close() })
	ts := httptest.NewServer(ps.Handler())
	t.Cleanup(ts.Close)
	_, plink, err := ps.Approval(context.Background(), humanweb.Approval{Key: "p", Tool: "pause_app", Action: "Pause app"})
	if err != nil {
		t.Fatal(err)
	}
	local := ts.URL + humanweb.Prefix + plink.URL[strings.LastIndex(plink.URL, "/")+1:]
	form := url.Values{"token": {tokenOf(t, local)}, "decision": {"approve"}}
	if r := r54HttpmodePost(t, local, form, map[string][]string{"Origin": {public, "https://evil.example"}}); r.status != http.StatusForbidden || decision(t, ps, "p") != humanweb.Pending {
		t.Errorf("public origin then foreign: %d\n%s", r.status, r.body)
	}
	if r := r54HttpmodePost(t, local, form, map[string][]string{"Origin": {public}, "Sec-Fetch-Site": {"same-origin"}}); r.status != http.StatusOK || decision(t, ps, "p") != humanweb.Approved {
		t.Errorf("public origin alone: %d\n%s", r.status, r.body)
	}
}
