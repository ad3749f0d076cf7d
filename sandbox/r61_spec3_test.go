package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r61Spec3Spelled respells the literal segments of path (which expands op's pattern) with f,
// leaving the wildcard values as they are.
func r61Spec3Spelled(op *api.Operation, path string, f func(string) string) string {
	segs := strings.Split(path, "/")
	for i, p := range strings.Split(op.Path, "/") {
		if !strings.HasPrefix(p, "{") {
			segs[i] = f(p)
		}
	}
	return strings.Join(segs, "/")
}

// r61Spec3Mixed upper-cases every other letter ("pRoJeCtS"), a spelling no one types on purpose.
func r61Spec3Mixed(s string) string {
	b := []byte(s)
	for i := 1; i < len(b); i += 2 {
		b[i] = strings.ToUpper(string(b[i]))[0]
	}
	return string(b)
}

// TestR61Spec3RoutesAsExpressReadsThem: api/README §10 "Route spelling" (Assumed): as Express'
// router by default (caseSensitive and strict off), every route of openapi.json, the deprecated
// /v1/apps aliases included, is reached with one trailing slash and with its literal segments in
// any ASCII case; the request reaches the same operation (counted by Calls), answered as the
// canonical spelling is, and a method the path does not serve is 405 with the same Allow. Before,
// each variant was 404 "Not found".
func TestR61Spec3RoutesAsExpressReadsThem(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	paths := map[*api.Operation]string{} // before any variant deletes the project they name
	for _, op := range api.Operations {
		paths[op] = r59SpecPathWith(t, h, op, "", "")
	}
	for _, op := range api.Operations {
		path := paths[op]
		var body any
		if op.Body != "" {
			body = r59SpecBody(op)
		}
		variants := []string{
			path + "/",
			r61Spec3Spelled(op, path, strings.ToUpper),
			r61Spec3Spelled(op, path, r61Spec3Mixed) + "/",
		}
		allow := h.doOrg("OPTIONS", path, "sandbox", "acme-labs", nil)
		if allow.status != http.StatusMethodNotAllowed || allow.header.Get("Allow") == "" {
			t.Fatalf("OPTIONS %s: %d Allow %q, want 405 with Allow", path, allow.status, allow.header.Get("Allow"))
		}
		for _, v := range variants {
			before := h.e.Calls(op.ID)
			canonical := 0
			if op.Method == http.MethodGet {
				canonical = h.doOrg(op.Method, path, "sandbox", "acme-labs", nil).status
				before++
			}
			res := h.doOrg(op.Method, v, "sandbox", "acme-labs", body)
			if got := h.e.Calls(op.ID); got != before+1 {
				t.Errorf("%s %s (%s): %d %.200s, did not reach %s", op.Method, v, op.Path, res.status, res.raw, op.ID)
			}
			if canonical != 0 && res.status != canonical {
				t.Errorf("%s %s: %d %.200s, want %d as for %s", op.Method, v, res.status, res.raw, canonical, path)
			}
			wrong := h.doOrg("OPTIONS", v, "sandbox", "acme-labs", nil)
			if wrong.status != http.StatusMethodNotAllowed || wrong.header.Get("Allow") != allow.header.Get("Allow") {
				t.Errorf("OPTIONS %s: %d Allow %q, want 405 Allow %q as for %s", v, wrong.status, wrong.header.Get("Allow"), allow.header.Get("Allow"), path)
			}
		}
	}
}

// TestR61Spec3RouteSpellingsThatStayUnknown: what Express' router does not read as a route stays
// 404 "Not found" (api/README §10 "Route spelling"): two trailing slashes, an empty segment, a
// letter or a slash of a literal segment percent-encoded (Express matches the path as sent), and
// any other spelling of the token endpoint, which is on the portal, not the Express app.
func TestR61Spec3RouteSpellingsThatStayUnknown(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("sandbox", "analytics-app")
	for _, p := range []string{
		projectPath(id, "//"), "/v1//projects", "//v1/projects", "/v1/projects/" + itoa(id) + "//secrets",
		"/v1%2Fprojects", "/v1/%70rojects", "/v1/project%73/" + itoa(id), "/v1/apps%2F",
		"/v1/projectss", "/v1/projects/" + itoa(id) + "/secret",
	} {
		h.expect(h.do("GET", p, "sandbox", nil), http.StatusNotFound, "Not found")
	}
	for _, p := range []string{oauthTokenPath + "/", strings.ToUpper(oauthTokenPath), "/api/OAuth/token"} {
		h.expect(h.do("POST", p, "", "grant_type=client_credentials"), http.StatusNotFound, "Not found")
	}
}

// TestR61Spec3WildcardValuesKeepTheirCase: only literal segments match without case; a secret
// created and deleted through upper-case, slash-ended spellings keeps the name's own case, and a
// name differing only in case is another secret.
func TestR61Spec3WildcardValuesKeepTheirCase(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("sandbox", "analytics-app")
	up := "/V1/PROJECTS/" + itoa(id) + "/SECRETS/"
	h.expect(h.do("POST", up, "sandbox", map[string]any{"name": "Mixed_Case", "value": "v"}), http.StatusOK, "")
	names := func() []string {
		var out []string
		for _, s := range list(h.do("GET", "/v1/Projects/"+itoa(id)+"/Secrets", "sandbox", nil).obj()["secrets"]) {
			out = append(out, s.(map[string]any)["name"].(string))
		}
		return out
	}
	if got := names(); !strings.Contains(strings.Join(got, ","), "Mixed_Case") {
		t.Fatalf("secrets %q, want Mixed_Case", got)
	}
	h.expect(h.do("DELETE", up+"MIXED_CASE/", "sandbox", nil), http.StatusNotFound, "")
	h.expect(h.do("DELETE", up+"Mixed_Case/", "sandbox", nil), http.StatusNoContent, "")
	if got := names(); strings.Contains(strings.Join(got, ","), "Mixed_Case") {
		t.Errorf("secrets %q after delete", got)
	}
	if v, ok := h.e.SecretValue("sandbox", id, "Mixed_Case"); ok {
		t.Errorf("Mixed_Case still stored: %q", v)
	}
}
