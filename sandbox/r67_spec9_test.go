package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR67Spec9DeploymentPagesAsSpecified: every list operation openapi.json pages (a limit with
// a default and a maximum: the deployments of an app, current route and alias) answers as the
// spec gives it, over apps of no deployment, one, exactly a default page, a page and one, the
// maximum and one more: without limit the newest default-many, with the maximum that many,
// newest first; past the maximum or under the minimum a 400 naming limit; and where the
// operation takes offset, its pages of the default size read every deployment once, in order.
func TestR67Spec9DeploymentPagesAsSpecified(t *testing.T) {
	var paged []*api.Operation
	var limit api.Rule
	for _, op := range api.Operations {
		for _, p := range op.Params {
			if p.In == "query" && p.Name == "limit" && p.Rule.HasMaximum && p.Rule.Default != "" {
				paged, limit = append(paged, op), p.Rule
			}
		}
	}
	if len(paged) != 2 {
		t.Fatalf("paged list operations: %d, want listProjectDeployments and its alias listDeployments", len(paged))
	}
	def, err := strconv.Atoi(limit.Default)
	if err != nil {
		t.Fatal(err)
	}
	max := int(limit.Maximum)
	for _, n := range []int{0, 1, def, def + 1, max, max + 1} {
		h := newHarness(t, enterpriseConfig())
		id := h.deployableApp("sandbox", "paged-app")
		var ids []int64 // newest first
		for i := 0; i < n; i++ {
			dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
			h.expect(dep, http.StatusAccepted, "")
			ids = append([]int64{num(dep.obj()["id"])}, ids...)
			h.clock.Advance(10 * time.Second)
		}
		for _, op := range paged {
			path := op.Expand(itoa(id))
			rows := func(q string) []int64 {
				res := h.do("GET", path+q, "sandbox", nil)
				h.expect(res, http.StatusOK, "")
				var got []int64
				for _, d := range list(res.obj()["deployments"]) {
					got = append(got, num(d.(map[string]any)["id"]))
				}
				return got
			}
			for q, want := range map[string][]int64{"": ids[:min(n, def)], fmt.Sprintf("?limit=%d", max): ids[:min(n, max)]} {
				if got := rows(q); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%d deployments: %s%s: %d rows %v, want %d, newest first", n, op.ID, q, len(got), got, len(want))
				}
			}
			for _, bad := range []int64{limit.Minimum - 1, limit.Maximum + 1} {
				res := h.do("GET", fmt.Sprintf("%s?limit=%d", path, bad), "sandbox", nil)
				if res.status != http.StatusBadRequest || len(res.fieldErrors("limit")) == 0 {
					t.Errorf("%s limit=%d: %d %.200s, want 400 naming limit", op.ID, bad, res.status, res.raw)
				}
			}
			if _, ok := op.Param("offset"); !ok {
				continue
			}
			var all []int64
			for offset := 0; ; offset += def {
				page := rows(fmt.Sprintf("?offset=%d", offset))
				all = append(all, page...)
				if len(page) < def {
					break
				}
			}
			if fmt.Sprint(all) != fmt.Sprint(ids) {
				t.Errorf("%d deployments: %s's pages of %d read %d: %v", n, op.ID, def, len(all), all)
			}
		}
	}
}
