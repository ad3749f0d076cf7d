package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestSpicepodSizeAsSentIsUnescaped: a spicepod's size as sent is its JSON without HTML
// escaping, as any client writes it: a 200 KB spicepod of "<" sent as raw bytes is stored (it
// was refused as "1200052 bytes as sent", each < counted as \u003c), as text or object; one over
// the limit, counted so, is refused naming spicepod.
func TestSpicepodSizeAsSentIsUnescaped(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "angle-pod")
	lt := strings.Repeat("<", 200_000)
	for _, body := range []string{
		`{"spicepod":{"version":"v1","kind":"Spicepod","name":"t","s":"` + lt + `"}}`,
		`{"spicepod":"version: v1\nkind: Spicepod\nname: t\ns: ` + strings.Repeat("<&>", 200_000/3) + `\n"}`,
	} {
		h.expect(h.do("PUT", projectPath(id, ""), "sandbox", body), http.StatusOK, "")
	}
	over := `{"spicepod":{"version":"v1","kind":"Spicepod","name":"t","s":"` + strings.Repeat("<", rules.SpicepodMaxBytes) + `"}}`
	res := h.do("PUT", projectPath(id, ""), "sandbox", over)
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("spicepod"); len(got) != 1 || !strings.HasPrefix(got[0], "Spicepod is too large: 1,048,628 bytes as sent") {
		t.Errorf("over the limit: %.300s", res.raw)
	}
}

// TestProductionBranchIsAGitRefName: update and connect refuse, naming production_branch, a
// branch name Git's ref-name rules refuse (" main " and "a b" were stored), and change nothing.
func TestProductionBranchIsAGitRefName(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "branch-app")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "branch-repo", "production_branch": "dev"}), http.StatusOK, "")
	for _, bad := range []string{" main ", "a b", "a..b", "main.lock", "-x", "a~1", "HEAD", "/main", "main/", "feature/.x", "a@{1}"} {
		for _, path := range []string{projectPath(id, ""), appPath(id, ""), projectPath(id, "/repository")} {
			body := map[string]any{"production_branch": bad}
			if strings.HasSuffix(path, "/repository") {
				body["repository"] = "branch-repo"
			}
			res := h.do("PUT", path, "sandbox", body)
			h.expect(res, http.StatusBadRequest, "Validation error")
			if got := res.fieldErrors("production_branch"); !slices.Equal(got, []string{rules.ProductionBranch(bad)}) || !strings.HasPrefix(got[0], rules.BranchNamePrefix) {
				t.Errorf("PUT %s %q: %s", path, bad, res.raw)
			}
		}
	}
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["production_branch"]; got != "dev" {
		t.Errorf("production_branch after the refusals: %v", got)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "release/2026.10"}), http.StatusOK, "")
}
