package sandbox

import (
	"net/http"
	"testing"
)

// TestReview1CommaOnlyOrgHeaderIsAnUnknownHandle (review1, round 40): api/README §3 says a
// repeated X-Org-Name is one comma-joined value that names no organization (403 org_forbidden)
// and "Lines that are all blank are the empty header (400)". selectOrg trims commas too before
// deciding the header is empty, so a header holding a handle of commas (one line ",", or the
// lines "," and ",") is refused as blank (400 "Must not be blank"), which it is not.
func TestReview1CommaOnlyOrgHeaderIsAnUnknownHandle(t *testing.T) {
	for name, lines := range map[string][]string{"one line": {","}, "two lines": {",", ","}} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Config{})
			res := h.send("GET", "/v1/projects", nil, func(req *http.Request) {
				req.Header.Set("Authorization", "Bearer sandbox")
				for _, l := range lines {
					req.Header.Add("X-Org-Name", l)
				}
			})
			h.expectCode(res, http.StatusForbidden, "org_forbidden")
		})
	}
}
