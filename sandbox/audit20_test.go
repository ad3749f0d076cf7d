package sandbox

// Regression tests for the emulator defects of audit 20: one production branch, equivalent
// root directories, offset on the /v1/projects deployment list, the forms of since and
// window, wrongly typed placement fields, region on a clustered project, and error bodies
// that match their operation's 400 and 403 schemas.

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestProductionBranchIsTheProjects: PUT production_branch on a connected project changes the
// branch its deployments read (api/README §7.3), not only the field shown.
func TestProductionBranchIsTheProjects(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "branch-app")
	res := h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "branch-repo"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["production_branch"] != "main" {
		t.Fatalf("connected: %s", res.raw)
	}
	res = h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "dev"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["production_branch"] != "dev" {
		t.Errorf("updated: %s", res.raw)
	}
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "dev" || res.obj()["creation_source"] != "github" {
		t.Errorf("deployment after PUT production_branch dev: %s", res.raw)
	}
	// Connecting again sets the branch anew, for the project and its deployments alike.
	h.clock.Advance(time.Minute)
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "branch-repo", "production_branch": "release"}), http.StatusOK, "")
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["production_branch"]; got != "release" {
		t.Errorf("project after reconnecting: %v", got)
	}
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "release" {
		t.Errorf("deployment after reconnecting: %s", res.raw)
	}
}

// TestEquivalentRootDirectoriesConflict: two spellings of one directory are one directory
// (path.Clean), so the second project gets 409 root_directory_conflict; what was sent is
// stored and echoed as sent.
func TestEquivalentRootDirectoriesConflict(t *testing.T) {
	h := newHarness(t, Config{})
	connect := func(id int64, root string) *result {
		body := map[string]any{"repository": "shared-repo"}
		if root != "-" {
			body["root_directory"] = root
		}
		return h.do("PUT", projectPath(id, "/repository"), "sandbox", body)
	}
	a := h.createApp("sandbox", "dir-a")
	b := h.createApp("sandbox", "dir-b")
	res := connect(a, "./data/")
	h.expect(res, http.StatusOK, "")
	if res.obj()["root_directory"] != "./data/" {
		t.Errorf("root_directory not echoed as sent: %s", res.raw)
	}
	for _, same := range []string{"data", "./data", "data/.", "data/", "data//", "./data/./"} {
		h.expectCode(connect(b, same), http.StatusConflict, "root_directory_conflict")
	}
	h.expect(connect(b, "data/sub"), http.StatusOK, "")
	h.expect(connect(b, "Data"), http.StatusOK, "") // GitHub paths are case-sensitive

	// The repository root: no root_directory, ".", "./".
	c := h.createApp("sandbox", "dir-c")
	h.expect(connect(c, "-"), http.StatusOK, "")
	for _, root := range []string{".", "./", ".//."} {
		h.expectCode(connect(a, root), http.StatusConflict, "root_directory_conflict")
	}
	h.expect(connect(c, "."), http.StatusOK, "") // the same project may reconnect its own directory
	h.expectCode(connect(a, "-"), http.StatusConflict, "root_directory_conflict")
}

// TestProjectDeploymentListIgnoresOffset: only the /v1/apps route defines offset; the
// /v1/projects route ignores it as an unknown parameter (api/README §2, §10), which the
// client relies on by sending later pages to the alias.
func TestProjectDeploymentListIgnoresOffset(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "offset-app")
	for range 3 {
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
		h.clock.Advance(time.Minute)
	}
	ids := func(path string) []int64 {
		t.Helper()
		res := h.do("GET", path, "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		var out []int64
		for _, d := range list(res.obj()["deployments"]) {
			out = append(out, num(d.(map[string]any)["id"]))
		}
		return out
	}
	newest := ids(projectPath(id, "/deployments?limit=1"))
	for _, q := range []string{"offset=1", "offset=-1", "offset=abc", "offset="} {
		if got := ids(projectPath(id, "/deployments?limit=1&"+q)); !slices.Equal(got, newest) {
			t.Errorf("/v1/projects with %s: %v, want the newest %v", q, got, newest)
		}
	}
	all := ids(appPath(id, "/deployments"))
	if got := ids(appPath(id, "/deployments?limit=1&offset=1")); !slices.Equal(got, all[1:2]) {
		t.Errorf("/v1/apps offset=1: %v of %v", got, all)
	}
	res := h.do("GET", appPath(id, "/deployments?offset=-1"), "sandbox", nil)
	h.expect(res, http.StatusBadRequest, "Validation error")
	if len(res.fieldErrors("offset")) != 1 {
		t.Errorf("/v1/apps offset=-1: %s", res.raw)
	}
}

// TestDeploymentLogsSinceForms: since takes the forms Spice's CLIs pass — RFC 3339, dates,
// unix seconds, durations back from now — and anything else is a field-named 400 (Assumed);
// window accepts every value of its pattern, however long.
func TestDeploymentLogsSinceForms(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "since-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	dep := itoa(num(res.obj()["id"]))
	h.clock.Advance(10 * time.Second)
	logs := func(since string) (int, *result) {
		t.Helper()
		res := h.do("GET", projectPath(id, "/deployments/"+dep+"/logs?since="+since), "sandbox", nil)
		return len(list(res.obj()["logs"])), res
	}
	all, _ := logs("1h")
	if all == 0 {
		t.Fatal("no log lines")
	}
	// testStart is 2025-01-15T10:00:00Z; the lines are from its first seconds.
	for since, want := range map[string]int{
		"1h": all, "10m": all, "2d": all, "1h30m": all, "1.5h": all, "99999999999999999999d": all, "1s": 0,
		"1700000000": all, "1800000000": 0, "99999999999999999999": 0,
		"2025-01-15": all, "2026-12-01": 0,
		"2025-01-15T09:59:00Z": all, "2025-01-15T11:00:00%2B01:00": all, "2025-01-15T09:59:59.5Z": all, "2026-12-01T00:00:00Z": 0,
	} {
		got, res := logs(since)
		h.expect(res, http.StatusOK, "")
		if got != want {
			t.Errorf("since=%s: %d lines, want %d", since, got, want)
		}
	}
	for _, bad := range []string{"yesterday", "-1h", "10M", "1h-", "2025-13-01", ".h"} {
		_, res := logs(bad)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors("since"); !slices.Equal(got, []string{sinceRule}) {
			t.Errorf("since=%s: %s", bad, res.raw)
		}
	}
	for window, status := range map[string]int{"5m": 200, "99999999999999999999d": 200, "0s": 200, "5x": 400, "m": 400, "-5m": 400} {
		h.expect(h.do("GET", projectPath(id, "/metrics?window="+window), "sandbox", nil), status, "")
	}
}

// TestPlacementFieldsAreTyped: cname is checked against its schema even when region decides
// the placement (minLength 1 on /v1/apps); a fork's cluster_name is a string, not nullable.
func TestPlacementFieldsAreTyped(t *testing.T) {
	h := newHarness(t, Config{})
	for _, route := range []string{"/v1/projects", "/v1/apps"} {
		for _, cname := range []any{5, []any{1}, map[string]any{}, nil, 1.5, true} {
			res := h.do("POST", route, "sandbox", map[string]any{"name": "typed-cname", "region": "us-east-1", "cname": cname})
			h.expect(res, http.StatusBadRequest, "Validation error")
			if len(res.fieldErrors("cname")) != 1 {
				t.Errorf("%s cname %v: %s", route, cname, res.raw)
			}
		}
	}
	res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "typed-cname", "region": "us-east-1", "cname": ""})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("cname"); !slices.Equal(got, []string{"String must contain at least 1 character(s)"}) {
		t.Errorf("/v1/apps cname \"\": %s", res.raw)
	}
	// CreateProjectRequest.cname has no minLength; next to region it is not used.
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "empty-cname", "region": "us-east-1", "cname": ""}), http.StatusCreated, "")
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "null-cluster", "region": "us-east-1", "cluster_name": nil}), http.StatusCreated, "")

	src := h.deployableApp("sandbox", "fork-typed")
	res = h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"cluster_name": nil})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("cluster_name"); !slices.Equal(got, []string{"Expected string, received null"}) {
		t.Errorf("fork cluster_name null: %s", res.raw)
	}
	res = h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"cname": 5})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("cname"); !slices.Equal(got, []string{"Unrecognized key: cname"}) {
		t.Errorf("fork cname: %s", res.raw)
	}
}

// TestUpdateRegionMustBeTheClusters: a project on a dedicated cluster runs in the cluster's
// region, so PUT region elsewhere is refused as on create (api/README §10).
func TestUpdateRegionMustBeTheClusters(t *testing.T) {
	h := newHarness(t, Config{})
	const acme = "acme-labs"
	res := h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "clustered", "cluster_name": acme + "-prod-production"})
	h.expect(res, http.StatusCreated, "")
	id, region := num(res.obj()["id"]), res.obj()["region"].(string)
	other := "us-east-1"
	if region == other {
		other = "us-west-2"
	}
	res = h.doOrg("PUT", projectPath(id, ""), "sandbox", acme, map[string]any{"region": other})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("region"); !slices.Equal(got, []string{"region '" + other + "' does not match cluster region '" + region + "'"}) {
		t.Errorf("PUT region %s: %s", other, res.raw)
	}
	if got := h.doOrg("GET", projectPath(id, ""), "sandbox", acme, nil).obj()["config"].(map[string]any)["region"]; got != region {
		t.Errorf("config.region after the refusal: %v", got)
	}
	h.expect(h.doOrg("PUT", projectPath(id, ""), "sandbox", acme, map[string]any{"region": region}), http.StatusOK, "")
	res = h.doOrg("PUT", projectPath(id, ""), "sandbox", acme, map[string]any{"region": "eu-west-9"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("region"); len(got) != 1 {
		t.Errorf("unknown region: one message, got %q", got)
	}
	// Without a cluster, region stays free among the served regions.
	plain := h.createApp("sandbox", "unclustered")
	h.expect(h.do("PUT", projectPath(plain, ""), "sandbox", map[string]any{"region": "us-east-1"}), http.StatusOK, "")
}

// TestErrorBodiesMatchTheirOperation: a blank X-Org-Name answers a body that is also a
// ValidationError where that is the operation's 400 (createApp, addMember), and elsewhere
// openapi.json's blankOrgHeader example exactly (round 75: no details there); owner protection
// answers without a code on PATCH and DELETE alike, as the spec's examples.
func TestErrorBodiesMatchTheirOperation(t *testing.T) {
	h := newHarness(t, Config{})
	for _, req := range []struct {
		method, path string
		body         any
		details      bool
	}{
		{"POST", "/v1/apps", map[string]any{"name": "blank-org", "region": "us-west-2"}, true},
		{"POST", "/v1/members", map[string]any{"username": "jdoe"}, true},
		{"GET", "/v1/projects", nil, false},
	} {
		res := h.doOrg(req.method, req.path, "sandbox", " ", req.body)
		h.expect(res, http.StatusBadRequest, "Invalid X-Org-Name header")
		if (len(res.fieldErrors("X-Org-Name")) == 1) != req.details || res.obj()["code"] != nil {
			t.Errorf("%s %s: %s", req.method, req.path, res.raw)
		}
	}
	for _, method := range []string{"PATCH", "DELETE"} {
		res := h.do(method, "/v1/members/1", "sandbox", map[string]any{"roles": []string{"member"}})
		h.expect(res, http.StatusForbidden, "")
		if _, coded := res.obj()["code"]; coded {
			t.Errorf("%s of the owner: %s", method, res.raw)
		}
	}
}
