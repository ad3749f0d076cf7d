package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// deployAndSettle creates a deployment of a project, lets it finish and returns its id.
func (h *harness) deployAndSettle(id int64) int64 {
	h.t.Helper()
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)
	return num(res.obj()["id"])
}

// instances lists a project's instances as name → status.
func (h *harness) instances(id int64) map[string]string {
	h.t.Helper()
	res := h.do("GET", projectPath(id, "/instances"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	out := map[string]string{}
	for _, in := range list(res.obj()["instances"]) {
		m := in.(map[string]any)
		name := m["name"].(string)
		if msg := rules.InstanceName(name); msg != "" { // the client could not ask for its logs
			h.t.Errorf("instance name %q breaks the instance-name rule: %s", name, msg)
		}
		out[name] = m["status"].(string)
	}
	return out
}

// onlyInstance is the name of a project's one instance, which must have status.
func (h *harness) onlyInstance(id int64, status string) string {
	h.t.Helper()
	all := h.instances(id)
	if len(all) != 1 {
		h.t.Fatalf("instances: %v, want one %s", all, status)
	}
	for name, got := range all {
		if got != status {
			h.t.Fatalf("instance %s is %s, want %s", name, got, status)
		}
		return name
	}
	return ""
}

// instanceLog returns an instance's log lines joined by newlines.
func (h *harness) instanceLog(id int64, name string) string {
	h.t.Helper()
	res := h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	var lines []string
	for _, l := range list(res.obj()["lines"]) {
		lines = append(lines, l.(string))
	}
	return strings.Join(lines, "\n")
}

// metricPods lists the pods a project's metrics report.
func (h *harness) metricPods(id int64) []string {
	h.t.Helper()
	res := h.do("GET", projectPath(id, "/metrics"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	var out []string
	for name := range res.obj()["metrics"].(map[string]any) {
		out = append(out, name)
	}
	return out
}

func (h *harness) putSpicepod(id int64, yaml string) {
	h.t.Helper()
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": yaml}), http.StatusOK, "")
}

const secretPod = "version: v1\nkind: Spicepod\nname: pg-app\ndatasets:\n  - from: postgres:orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASSWORD}\n"

// Finding 2: a connected project deploys spicepod.yaml from its repository, whether or not a
// spicepod was stored before connecting; resume and forks read it too.
func TestConnectedProjectDeploysItsRepository(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "gh-proj", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	id := num(res.obj()["id"])
	res = h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "analytics"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["has_spicepod"] != true {
		t.Errorf("the connected directory holds a spicepod.yaml: %s", res.raw)
	}
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	if d := res.obj(); d["branch"] != "main" || d["commit_sha"] == nil || d["creation_source"] != "github" {
		t.Errorf("connected deployment: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)
	dep := h.do("GET", projectPath(id, "/deployments/"+itoa(num(res.obj()["id"]))), "sandbox", nil)
	if dep.obj()["status"] != "succeeded" {
		t.Fatalf("deployment: %s", dep.raw)
	}
	if log := h.instanceLog(id, h.onlyInstance(id, "ready")); !strings.Contains(log, "Spice runtime is ready!") {
		t.Errorf("log: %s", log)
	}
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: x\n"}),
		http.StatusConflict, "github_connected")

	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	res = h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	d := h.do("GET", projectPath(id, "/deployments/"+itoa(num(res.obj()["deployment_id"]))), "sandbox", nil).obj()
	if d["creation_source"] != "github" || d["branch"] != "main" {
		t.Errorf("resumed connected deployment: %v", d)
	}

	res = h.do("POST", projectPath(id, "/forks"), "sandbox", nil)
	h.expect(res, http.StatusCreated, "")
	if pod, _ := res.obj()["config"].(map[string]any)["spicepod"].(map[string]any); pod["kind"] != "Spicepod" {
		t.Errorf("fork copies the repository's spicepod: %s", res.raw)
	}
}

// Finding 3a: a failed instance's log keeps the cause it failed with after the project changes.
func TestFailedInstanceLogKeepsItsCause(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "pg-app")
	h.putSpicepod(id, secretPod)
	h.deployAndSettle(id)
	name := h.onlyInstance(id, "failed")
	before := h.instanceLog(id, name)
	if !strings.Contains(before, `secret "PG_PASSWORD" is not set`) {
		t.Fatalf("failed start: %s", before)
	}
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASSWORD", "value": "x"}), http.StatusOK, "")
	h.putSpicepod(id, "version: v1\nkind: Spicepod\nname: pg-app\n")
	if after := h.instanceLog(id, name); after != before {
		t.Errorf("the pod's log changed with the project:\nbefore %s\nafter %s", before, after)
	}
}

// Finding 3b: a running pod's log shows the spicepod it was deployed with, not a newer one.
func TestRunningInstanceLogShowsWhatItRuns(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "steady-app")
	h.deployAndSettle(id)
	name := h.onlyInstance(id, "ready")
	before := h.instanceLog(id, name)
	h.putSpicepod(id, "version: v1\nkind: Spicepod\nname: steady-app\ndatasets:\n  - from: s3://bucket/x/\n    name: brand_new_ds\n")
	if after := h.instanceLog(id, name); after != before || strings.Contains(after, "brand_new_ds") {
		t.Errorf("undeployed spicepod shows in the running pod's log:\n%s", after)
	}
	h.deployAndSettle(id)
	if log := h.instanceLog(id, h.onlyInstance(id, "ready")); !strings.Contains(log, "Dataset brand_new_ds registered") {
		t.Errorf("after deploying it: %s", log)
	}
}

// Finding 3c: delete tears the runtime down; a revived project has none until it deploys.
func TestDeleteTearsTheRuntimeDown(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "revive-me", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	id := num(res.obj()["id"])
	h.putSpicepod(id, "version: v1\nkind: Spicepod\nname: revive-me\n")
	h.deployAndSettle(id)
	old := h.onlyInstance(id, "ready")
	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")

	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "revive-me"})
	h.expect(res, http.StatusCreated, "")
	if num(res.obj()["id"]) != id {
		t.Fatalf("not revived: %s", res.raw)
	}
	if all := h.instances(id); len(all) != 0 {
		t.Errorf("revived project has instances: %v", all)
	}
	h.expectCode(h.do("GET", projectPath(id, "/instances/"+old+"/logs"), "sandbox", nil), http.StatusConflict, "project_not_deployed")
	if pods := h.metricPods(id); len(pods) != 0 {
		t.Errorf("revived project has metrics: %v", pods)
	}
}

// Finding 3d: pause tears the runtime down; after a resume that fails, only its pod shows.
func TestPauseTearsTheRuntimeDown(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "pg-app")
	h.deployAndSettle(id)
	old := h.onlyInstance(id, "ready")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	if pods := h.metricPods(id); len(pods) != 0 {
		t.Errorf("paused project has metrics: %v", pods)
	}
	h.putSpicepod(id, secretPod)
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusOK, "")
	if all := h.instances(id); len(all) != 0 {
		t.Errorf("resumed project runs before its deployment starts: %v", all)
	}
	h.clock.Advance(5 * time.Second)
	if name := h.onlyInstance(id, "failed"); name == old {
		t.Errorf("the pod from before the pause came back")
	}
	h.expectCode(h.do("GET", projectPath(id, "/instances/"+old+"/logs"), "sandbox", nil), http.StatusNotFound, "instance_not_found")
	// A pod name may have dots (a DNS-1123 subdomain): an unknown one is not found, like any other.
	h.expectCode(h.do("GET", projectPath(id, "/instances/"+old+".web/logs"), "sandbox", nil), http.StatusNotFound, "instance_not_found")
	if pods := h.metricPods(id); len(pods) != 0 {
		t.Errorf("metrics of a torn-down pod: %v", pods)
	}
}

// Finding 7: deployments stopped by pause or delete carry an error_code; resume and rollback
// record a documented creation_source.
func TestStoppedDeploymentsAndCreationSources(t *testing.T) {
	documented := []string{"api", "portal", "github", "cli"}
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "stop-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	paused := num(res.obj()["id"])
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	d := h.do("GET", projectPath(id, "/deployments/"+itoa(paused)), "sandbox", nil).obj()
	if d["status"] != "failed" || d["error_code"] != stoppedCode || d["error_message"] != "Stopped: the project was paused" {
		t.Errorf("stopped by pause: %v", d)
	}

	res = h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	resumed := num(res.obj()["deployment_id"])
	if d := h.do("GET", projectPath(id, "/deployments/"+itoa(resumed)), "sandbox", nil).obj(); !slices.Contains(documented, d["creation_source"].(string)) {
		t.Errorf("resume: creation_source %v", d["creation_source"])
	}
	h.clock.Advance(5 * time.Second)
	res = h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": resumed})
	h.expect(res, http.StatusAccepted, "")
	if !slices.Contains(documented, res.obj()["creation_source"].(string)) {
		t.Errorf("rollback: creation_source %v", res.obj()["creation_source"])
	}
	rollback := num(res.obj()["id"])

	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "stop-app"}), http.StatusCreated, "")
	d = h.do("GET", projectPath(id, "/deployments/"+itoa(rollback)), "sandbox", nil).obj()
	if d["status"] != "failed" || d["error_code"] != stoppedCode || d["error_message"] != stoppedByProjectDelete {
		t.Errorf("stopped by delete: %v", d)
	}
	res = h.do("GET", projectPath(id, "/deployments/"+itoa(rollback)+"/logs"), "sandbox", nil)
	entries := list(res.obj()["logs"])
	if last := entries[len(entries)-1].(map[string]any); last["level"] != "warn" || last["message"] != stoppedByProjectDelete {
		t.Errorf("deployment logs: %s", res.raw)
	}
}

// Finding 10: runtime v2 no longer reads version: v1beta1 spicepods (api/README §1).
func TestV1beta1SpicepodFailsOnRuntimeV2(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "old-pod")
	h.putSpicepod(id, "version: v1beta1\nkind: Spicepod\nname: old-pod\n")
	dep := h.deployAndSettle(id)
	d := h.do("GET", projectPath(id, "/deployments/"+itoa(dep)), "sandbox", nil).obj()
	if msg, _ := d["error_message"].(string); d["status"] != "failed" || d["error_code"] != "unable_to_start" || !strings.Contains(msg, "v1beta1") {
		t.Fatalf("v1beta1 deployment: %v", d)
	}
	if log := h.instanceLog(id, h.onlyInstance(id, "failed")); !strings.Contains(log, `unsupported spicepod version "v1beta1"`) {
		t.Errorf("log: %s", log)
	}
	h.putSpicepod(id, "version: v1\nkind: Spicepod\nname: old-pod\n")
	h.deployAndSettle(id)
	h.onlyInstance(id, "ready")
}

// Finding 11: instance log lines come oldest first, with and without datasets.
func TestInstanceLogsAreOldestFirst(t *testing.T) {
	h := newHarness(t, Config{})
	for _, pod := range []string{
		"version: v1\nkind: Spicepod\nname: bare\n",
		"version: v1\nkind: Spicepod\nname: bare\ndatasets:\n  - from: s3://b/x/\n    name: a\n  - from: s3://b/y/\n    name: b\nmodels:\n  - from: openai:gpt-4o\n    name: m\n",
	} {
		id := h.createApp("sandbox", "order-"+itoa(int64(len(pod))))
		h.putSpicepod(id, pod)
		h.deployAndSettle(id)
		lines := strings.Split(h.instanceLog(id, h.onlyInstance(id, "ready")), "\n")
		var stamps []string
		for _, l := range lines {
			stamp, _, _ := strings.Cut(l, " ")
			stamps = append(stamps, stamp)
		}
		if !slices.IsSorted(stamps) {
			t.Errorf("not oldest first:\n%s", strings.Join(lines, "\n"))
		}
		if !strings.HasSuffix(lines[len(lines)-1], "Spice runtime is ready!") {
			t.Errorf("ready is not last: %s", lines[len(lines)-1])
		}
	}
}

// A missing secret fails the dataset or model that references it, after the ones before it
// registered; one referenced elsewhere fails the spicepod's load.
func TestMissingSecretFailsWhatReferencesIt(t *testing.T) {
	h := newHarness(t, Config{})
	for pod, want := range map[string]string{
		"version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: s3://b/x/\n    name: first\n  - from: postgres:t\n    name: second\n    params:\n      pg_pass: ${secrets:PG_PASSWORD}\n": `Dataset first registered|Failed to initialize dataset second: secret "PG_PASSWORD" is not set`,
		"version: v1\nkind: Spicepod\nname: s\nmodels:\n  - from: openai:gpt-4o\n    name: gpt\n    params:\n      openai_api_key: ${secrets:OPENAI_KEY}\n":                                   `Failed to initialize model gpt: secret "OPENAI_KEY" is not set`,
		"version: v1\nkind: Spicepod\nname: s\nruntime:\n  params:\n    token: ${secrets:RUNTIME_TOKEN}\n":                                                                                    `Failed to load the spicepod: secret "RUNTIME_TOKEN" is not set`,
	} {
		id := h.createApp("sandbox", "secret-"+itoa(int64(len(pod))))
		h.putSpicepod(id, pod)
		h.deployAndSettle(id)
		log := h.instanceLog(id, h.onlyInstance(id, "failed"))
		for _, w := range strings.Split(want, "|") {
			if !strings.Contains(log, w) {
				t.Errorf("missing %q in\n%s", w, log)
			}
		}
		if strings.Contains(log, "Address already in use") {
			t.Errorf("false cause in\n%s", log)
		}
	}
}
