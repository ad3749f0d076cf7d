package sandbox

// Regression tests for the emulator defects of audit 17: pod names, infra cluster names,
// runtime resolution from update_channel + version, resume errors, deployment log order,
// HEAD, empty query values, removed members, and YAML 1.2 spicepods.

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestPodNamesAreDNSLabels: a project name may start or end with '-' (or be all hyphens),
// but its instances are named as Kubernetes would, so they meet the {instanceName} rule and
// their logs can be read.
func TestPodNamesAreDNSLabels(t *testing.T) {
	h := newHarness(t, Config{})
	for name, prefix := range map[string]string{
		"-lead-hyphen": "lead-hyphen-",
		"trail-":       "trail-",
		"--Mixed--Up-": "mixed--up-",
		"----":         defaultPodPrefix + "-",
	} {
		res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": name, "region": "us-west-2"})
		h.expect(res, http.StatusCreated, "")
		id := num(res.obj()["id"])
		h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: p\n"}), http.StatusOK, "")
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
		h.clock.Advance(5 * time.Second)
		res = h.do("GET", projectPath(id, "/instances"), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		pod := list(res.obj()["instances"])[0].(map[string]any)["name"].(string)
		if msg := rules.InstanceName(pod); msg != "" || !strings.HasPrefix(pod, prefix) {
			t.Errorf("%q: pod %q (%s), want prefix %q", name, pod, msg, prefix)
		}
		h.expect(h.do("GET", projectPath(id, "/instances/"+pod+"/logs"), "sandbox", nil), http.StatusOK, "")
	}
}

// TestInfraClusterNameIsNotADeploymentTarget: naming the infrastructure cluster (not one of
// its deployment targets) gets the documented message on create and update; an unknown
// name is still not found.
func TestInfraClusterNameIsNotADeploymentTarget(t *testing.T) {
	h := newHarness(t, Config{})
	const acme, infra = "acme-labs", "acme-labs-prod"
	const notTarget = "'" + infra + "' is a cluster, not a deployment target; assign one of its nodegroups"
	for _, tc := range []struct{ cluster, want string }{
		{infra, notTarget},
		{"nope", "Cluster 'nope' not found"},
	} {
		res := h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "clu-a", "cluster_name": tc.cluster})
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors("cluster_name"); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("create with %q: %q, want %q", tc.cluster, got, tc.want)
		}
	}
	res := h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "clu-b", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	id := num(res.obj()["id"])
	res = h.doOrg("PUT", projectPath(id, ""), "sandbox", acme, map[string]any{"cluster_name": infra})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("cluster_name"); !slices.Equal(got, []string{notTarget}) {
		t.Errorf("update: %q", got)
	}
	res = h.doOrg("POST", projectPath(id, "/forks"), "sandbox", acme, map[string]any{"cluster_name": infra})
	h.expect(res, http.StatusBadRequest, "")
	if got := res.fieldErrors("cluster_name"); !slices.Equal(got, []string{notTarget}) {
		t.Errorf("fork: %s", res.raw)
	}
}

// TestUnpinnedDeploymentsResolveVersionAndChannel: without a pin, a deployment runs the newest
// published image that the project's version range matches; a pin wins; a range nothing
// matches (or that is not one) is refused before anything is queued.
func TestUnpinnedDeploymentsResolveVersionAndChannel(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	id := h.deployableApp("sandbox", "versions-app")
	const noMatch = "No published runtime image matches version '%s' on the %s channel; set version to a range such as 2.x, or pin image_tag"
	for _, tc := range []struct {
		update map[string]any
		body   map[string]any
		want   string // image_tag, or the 400 message
	}{
		{map[string]any{}, nil, "2.3.2"},
		{map[string]any{"version": "2.2.x"}, nil, "2.2.0"},
		{map[string]any{"version": "2.x"}, nil, "2.3.2"},
		{map[string]any{"version": "2.3"}, nil, "2.3.2"},
		{map[string]any{"version": "2.3.1"}, nil, "2.3.1"},
		{map[string]any{"version": "v2.1.1"}, nil, "2.1.1"},
		{map[string]any{"version": "~2.1.0"}, nil, "2.1.1"},
		{map[string]any{"version": "~2.3.1"}, nil, "2.3.2"},
		{map[string]any{"version": "^2.2.0"}, nil, "2.3.2"},
		{map[string]any{"version": "*"}, nil, "2.3.2"},
		{map[string]any{"version": "2.2.x", "update_channel": "preview"}, nil, "2.2.0"},
		{map[string]any{"version": "2.2.x", "update_channel": "nightly"}, map[string]any{"channel": "stable"}, "2.2.0"},
		{map[string]any{"version": "2.2.x"}, map[string]any{"image_tag": "2.3.1"}, "2.3.1"},
		{map[string]any{"version": "2.2.x", "image_tag": "2.1.1"}, nil, "2.1.1"},
		{map[string]any{"version": "1.x", "image_tag": nil, "update_channel": "stable"}, nil, "!" + strings.Replace(noMatch, "%s", "1.x", 1)},
		{map[string]any{"version": "3.x"}, map[string]any{"channel": "nightly"}, "!" + strings.Replace(noMatch, "%s", "3.x", 1)},
		{map[string]any{"version": "2.4"}, nil, "!" + strings.Replace(noMatch, "%s", "2.4", 1)},
		{map[string]any{"version": "latest"}, nil, "!" + strings.Replace(noMatch, "%s", "latest", 1)},
		{map[string]any{"version": "2.x.1"}, nil, "!" + strings.Replace(noMatch, "%s", "2.x.1", 1)},
	} {
		h.expect(h.do("PUT", projectPath(id, ""), "sandbox", tc.update), http.StatusOK, "")
		body := tc.body
		if body == nil {
			body = map[string]any{}
		}
		res := h.do("POST", projectPath(id, "/deployments"), "sandbox", body)
		if msg, refused := strings.CutPrefix(tc.want, "!"); refused {
			channel := "stable"
			if c, ok := body["channel"].(string); ok {
				channel = c
			}
			h.expect(res, http.StatusBadRequest, strings.Replace(msg, "%s", channel, 1))
			continue
		}
		h.expect(res, http.StatusAccepted, "")
		if res.obj()["image_tag"] != tc.want {
			t.Errorf("%v %v: image_tag %v, want %s", tc.update, tc.body, res.obj()["image_tag"], tc.want)
		}
		h.clock.Advance(5 * time.Second)
	}
	// Resume resolves the same way.
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"version": "2.2"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	res := h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	d := h.do("GET", projectPath(id, "/deployments/"+itoa(num(res.obj()["deployment_id"]))), "sandbox", nil).obj()
	if d["image_tag"] != "2.2.0" {
		t.Errorf("resume: %v", d)
	}
}

// TestResumeAnswersTheDeploymentError: a resume that cannot deploy stays paused and answers
// with the error the deployment got (status and message), not a generic text.
func TestResumeAnswersTheDeploymentError(t *testing.T) {
	orgs := DefaultOrgs()
	orgs[0].NotConfigured = true
	h := newHarness(t, Config{Orgs: orgs})
	id := h.deployableApp("sandbox", "resume-app")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusUnprocessableEntity, "Organization is not fully configured")
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")

	// A version nothing matches: the deployment's 400, and still paused.
	h2 := newHarness(t, Config{})
	id = h2.deployableApp("sandbox", "resume-app")
	h2.expect(h2.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"version": "9.x"}), http.StatusOK, "")
	h2.expect(h2.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	res := h2.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h2.expect(res, http.StatusBadRequest, "")
	if !strings.Contains(res.errText(), "version '9.x'") {
		t.Errorf("resume: %s", res.raw)
	}
	h2.expectCode(h2.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")
}

// TestDeploymentLogsStayInOrder: with a deployment shorter than a second, every log line is
// stamped within [started_at, finished_at] after the queued line, oldest first, whether it
// succeeds or fails.
func TestDeploymentLogsStayInOrder(t *testing.T) {
	h := newHarness(t, Config{QueuedFor: time.Millisecond, RunsFor: time.Millisecond})
	id := h.deployableApp("sandbox", "short-app")
	for _, fail := range []string{"", "unable_to_start", "insufficient_cpu"} {
		if err := h.e.FailNextDeployment(fail); err != nil {
			t.Fatal(err)
		}
		res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
		h.expect(res, http.StatusAccepted, "")
		dep := itoa(num(res.obj()["id"]))
		h.clock.Advance(time.Second)
		d := h.do("GET", projectPath(id, "/deployments/"+dep), "sandbox", nil).obj()
		started, _ := time.Parse(time.RFC3339, d["started_at"].(string))
		finished, _ := time.Parse(time.RFC3339, d["finished_at"].(string))
		res = h.do("GET", projectPath(id, "/deployments/"+dep+"/logs"), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		var prev time.Time
		for i, l := range list(res.obj()["logs"]) {
			at, _ := time.Parse(time.RFC3339, l.(map[string]any)["timestamp"].(string))
			if at.Before(prev) || i > 0 && l.(map[string]any)["source"] != "deployer" && (at.Before(started) || at.After(finished)) {
				t.Errorf("%q: line %d at %s (started %s, finished %s, previous %s): %s", fail, i, at, started, finished, prev, res.raw)
			}
			prev = at
		}
		if at := prev; at.After(finished) {
			t.Errorf("%q: last line after finished_at", fail)
		}
	}
}

// TestHeadIsGetWithoutBody: HEAD on a GET route answers as GET does, without a body.
func TestHeadIsGetWithoutBody(t *testing.T) {
	h := newHarness(t, Config{})
	get := h.do("GET", "/v1/projects", "sandbox", nil)
	res := h.do("HEAD", "/v1/projects", "sandbox", nil)
	if res.status != http.StatusOK || len(res.raw) != 0 || res.header.Get("Content-Length") != itoa(int64(len(get.raw))) {
		t.Errorf("HEAD: %d %q %v", res.status, res.raw, res.header)
	}
	if res := h.do("HEAD", "/v1/projects", "", nil); res.status != http.StatusUnauthorized || len(res.raw) != 0 {
		t.Errorf("HEAD without a token: %d", res.status)
	}
}

// TestEmptyQueryValuesAreRefused: tail=, limit=, status= and the other query parameters sent
// empty fail their schema (a field-named 400) instead of meaning "absent".
func TestEmptyQueryValuesAreRefused(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "query-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	dep := itoa(num(res.obj()["id"]))
	h.clock.Advance(5 * time.Second)
	pod := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])[0].(map[string]any)["name"].(string)
	for path, field := range map[string]string{
		projectPath(id, "/instances/"+pod+"/logs?tail="):    "tail",
		projectPath(id, "/deployments?limit="):              "limit",
		appPath(id, "/deployments?offset="):                 "offset", // the /v1/projects route ignores offset
		projectPath(id, "/deployments?status="):             "status",
		projectPath(id, "/deployments/"+dep+"/logs?limit="): "limit",
		projectPath(id, "/deployments/"+dep+"/logs?since="): "since",
		projectPath(id, "/metrics?window="):                 "window",
		"/v1/regions?env=":                                  "env",
		"/v1/container-images?channel=":                     "channel",
	} {
		res := h.do("GET", path, "sandbox", nil)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors(field)) != 1 {
			t.Errorf("%s: %s", path, res.raw)
		}
	}
}

// TestRemovedMemberCannotReachTheOrganization: a token whose user was removed from its own
// organization gets org_forbidden (README §3), not the role check's forbidden.
func TestRemovedMemberCannotReachTheOrganization(t *testing.T) {
	h := newHarness(t, Config{Tokens: []Token{
		{Value: "sandbox", Org: "sandbox", Scopes: []string{"*"}},
		{Value: "bobs", Org: "sandbox", User: "bob", Scopes: []string{"*"}},
	}})
	h.expect(h.do("GET", "/v1/projects", "bobs", nil), http.StatusOK, "")
	h.expect(h.do("DELETE", "/v1/members/2", "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(h.do("GET", "/v1/projects", "bobs", nil), http.StatusForbidden, "org_forbidden")
	h.expectCode(h.doOrg("GET", "/v1/projects", "bobs", "sandbox", nil), http.StatusForbidden, "org_forbidden")
	h.expect(h.do("GET", "/v1/projects", "sandbox", nil), http.StatusOK, "")
}

// TestRemovedMemberStillListsTheirOrganizations: GET /v1/orgs is about the user (every
// organization they have a role in), so a member removed from the token's organization still
// lists the others, without X-Org-Name as with it; the removed one is no longer listed and
// stays unreachable.
func TestRemovedMemberStillListsTheirOrganizations(t *testing.T) {
	h := newHarness(t, Config{
		Orgs: []Org{{Slug: "acme", Owner: "carol", Members: []string{"dan"}}, {Slug: "beta", Owner: "erin", Members: []string{"dan"}}},
		Tokens: []Token{
			{Value: "carol", Org: "acme", Scopes: []string{"*"}},
			{Value: "dan", Org: "acme", User: "dan", Scopes: []string{"*"}},
		},
	})
	names := func(res *result) (out []string) {
		h.expect(res, http.StatusOK, "")
		for _, o := range list(res.obj()["orgs"]) {
			out = append(out, o.(map[string]any)["name"].(string))
		}
		return out
	}
	if got := names(h.do("GET", "/v1/orgs", "dan", nil)); strings.Join(got, ",") != "acme,beta" {
		t.Fatalf("before: %v", got)
	}
	var dan any
	for _, m := range list(h.do("GET", "/v1/members", "carol", nil).obj()["members"]) {
		if m.(map[string]any)["username"] == "dan" {
			dan = m.(map[string]any)["user_id"]
		}
	}
	h.expect(h.do("DELETE", fmt.Sprintf("/v1/members/%v", dan), "carol", nil), http.StatusNoContent, "")
	for _, res := range []*result{h.do("GET", "/v1/orgs", "dan", nil), h.doOrg("GET", "/v1/orgs", "dan", "beta", nil)} {
		if got := names(res); strings.Join(got, ",") != "beta" {
			t.Errorf("after removal: %v, want [beta]", got)
		}
	}
	h.expectCode(h.doOrg("GET", "/v1/orgs", "dan", "acme", nil), http.StatusForbidden, "org_forbidden")
	h.expectCode(h.do("GET", "/v1/projects", "dan", nil), http.StatusForbidden, "org_forbidden")
	h.expect(h.doOrg("GET", "/v1/projects", "dan", "beta", nil), http.StatusOK, "")
}

// TestSpicepodKeepsYAML12Values: the stored spicepod holds the values Spice reads (YAML 1.2),
// not yaml.v3's YAML 1.1 readings, and a %YAML 1.2 directive is accepted.
func TestSpicepodKeepsYAML12Values(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "yaml-app")
	pod := "%YAML 1.2\n---\nversion: v1\nkind: Spicepod\nname: yaml-app\nmetadata:\n" +
		"  a: 0755\n  b: 1_000\n  d: 2024-01-01\n  l: 00123\n  o: 0o17\n  y: yes\n  n: 12\n"
	res := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": pod})
	h.expect(res, http.StatusOK, "")
	meta := res.obj()["config"].(map[string]any)["spicepod"].(map[string]any)["metadata"].(map[string]any)
	want := map[string]any{"a": "0755", "b": "1_000", "d": "2024-01-01", "l": "00123", "o": 15.0, "y": "yes", "n": 12.0}
	for k, v := range want {
		if meta[k] != v {
			t.Errorf("%s = %#v, want %#v", k, meta[k], v)
		}
	}
}
