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

// TestR67Spec9InstanceLogsTailAsSpecified: an instance's logs are its last tail lines, oldest
// first, tail defaulting to openapi.json's default; on each plan, tail at its max_tail is
// answered and one more is 403 plan_limit with max_tail, as api/README §4 gives the plans'
// limits (1000, 5000 on Enterprise).
func TestR67Spec9InstanceLogsTailAsSpecified(t *testing.T) {
	tail, ok := api.GetProjectInstanceLogs.Param("tail")
	if !ok || tail.Rule.Default == "" {
		t.Fatal("openapi.json gives getProjectInstanceLogs no tail default")
	}
	def, _ := strconv.Atoi(tail.Rule.Default)
	for plan, cfg := range map[int]Config{1000: {}, 5000: enterpriseConfig()} {
		h := newHarness(t, cfg)
		id := h.deployableApp("sandbox", "logged-app")
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
		h.clock.Advance(10 * time.Minute)
		insts := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
		if len(insts) == 0 {
			t.Fatal("no instance")
		}
		path := projectPath(id, "/instances/"+insts[0].(map[string]any)["name"].(string)+"/logs")
		lines := func(q string) []string {
			res := h.do("GET", path+q, "sandbox", nil)
			h.expect(res, http.StatusOK, "")
			var out []string
			for _, l := range list(res.obj()["lines"]) {
				out = append(out, l.(string))
			}
			return out
		}
		all := lines(fmt.Sprintf("?tail=%d", plan))
		if len(all) < 2 || len(all) >= def {
			t.Fatalf("%d lines: the test wants more than one and fewer than the default %d", len(all), def)
		}
		if got := lines(""); fmt.Sprint(got) != fmt.Sprint(all) {
			t.Errorf("plan %d: without tail %v, want every line (fewer than %d)", plan, got, def)
		}
		for _, n := range []int{1, len(all) - 1} {
			if got := lines(fmt.Sprintf("?tail=%d", n)); fmt.Sprint(got) != fmt.Sprint(all[len(all)-n:]) {
				t.Errorf("plan %d: tail=%d gave %v, want the last %d, oldest first", plan, n, got, n)
			}
		}
		res := h.do("GET", fmt.Sprintf("%s?tail=%d", path, plan+1), "sandbox", nil)
		if res.status != http.StatusForbidden || res.obj()["code"] != "plan_limit" || num(res.obj()["max_tail"]) != int64(plan) {
			t.Errorf("plan %d: tail=%d: %d %s, want 403 plan_limit with max_tail %d", plan, plan+1, res.status, res.raw, plan)
		}
	}
}
