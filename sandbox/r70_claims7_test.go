package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR70Claims7ListsAreEnvelopeObjects: api/README §2's "Envelope objects, never bare arrays",
// for every GET operation, not only the project and deployment lists: openapi.json types no
// answer as an array, and each GET the emulator answers 2xx (both spellings, as an admin of
// acme-labs) is a JSON object.
func TestR70Claims7ListsAreEnvelopeObjects(t *testing.T) {
	for path, item := range spec(t)["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			o, _ := op.(map[string]any) // a path's "parameters" is a list
			responses, _ := o["responses"].(map[string]any)
			for status, r := range responses {
				content, _ := r55SpecResolve(spec(t), r)["content"].(map[string]any)
				for _, c := range content {
					if schema := r55SpecResolve(spec(t), c.(map[string]any)["schema"]); schema["type"] == "array" {
						t.Errorf("openapi.json: %s %s %s answers a bare array", method, path, status)
					}
				}
			}
		}
	}
	h := newHarness(t, Config{Demo: true})
	answered := 0
	for _, op := range api.Operations {
		if op.Method != http.MethodGet {
			continue
		}
		res := h.doOrg(op.Method, r48SpecauditPath(t, h, op), "sandbox", "acme-labs", nil)
		if res.status/100 != 2 {
			continue
		}
		answered++
		if raw := bytes.TrimSpace(res.raw); len(raw) == 0 || raw[0] != '{' {
			t.Errorf("%s answered %d with no object: %.200s", op.ID, res.status, res.raw)
		}
	}
	if answered < 20 {
		t.Errorf("only %d GET operations answered 2xx: the walk read too little", answered)
	}
}

// r70Claims7State is everything a GET shows of a project: itself, its deployments, secrets,
// keys, instances and metrics, each status and body.
func r70Claims7State(h *harness, id int64) string {
	var b strings.Builder
	for _, suffix := range []string{"", "/deployments", "/secrets", "/api-keys", "/instances", "/metrics", "/forks"} {
		res := h.do("GET", projectPath(id, suffix), "sandbox", nil)
		b.WriteString(suffix + " " + itoa(int64(res.status)) + " " + string(res.raw) + "\n")
	}
	return b.String()
}

// TestR70Claims7SecondPauseChangesNothing: api/README §7.4, "pausing a paused project is 204
// again and changes nothing": every GET of the project reads the same after the second pause,
// however much time passes between, and resume then starts one deployment.
func TestR70Claims7SecondPauseChangesNothing(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "pause-twice")
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "TOKEN", "value": "v"}), http.StatusOK, "")
	h.deployAndSettle(id)
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.clock.Advance(time.Minute)
	before := r70Claims7State(h, id)
	deployments := h.e.DeploymentCount("sandbox", id)
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	if after := r70Claims7State(h, id); after != before {
		t.Errorf("a second pause changed what the project reads:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusOK, "")
	if n := h.e.DeploymentCount("sandbox", id); n != deployments+1 {
		t.Errorf("resume after two pauses: %d deployments, want %d", n, deployments+1)
	}
}

// TestR70Claims7DeploymentImageTypedThenIgnored: api/README §7.6, create deployment's `image`
// (sent by Spice's Rust CLI) is refused when not a string, as any mistyped field, naming it and
// queueing nothing; a string is ignored: the deployment runs the image it would without it.
func TestR70Claims7DeploymentImageTypedThenIgnored(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "image-app")
	for _, route := range []string{projectPath(id, "/deployments"), appPath(id, "/deployments")} {
		for _, image := range []any{5, true, []any{"x"}, map[string]any{"name": "x"}, nil} {
			res := h.do("POST", route, "sandbox", map[string]any{"image": image})
			h.expect(res, http.StatusBadRequest, "Validation error")
			if got := res.fieldErrors("image"); len(got) != 1 || !strings.HasPrefix(got[0], "Expected string, received") {
				t.Errorf("%s image %v: %s", route, image, res.raw)
			}
		}
	}
	if n := h.e.DeploymentCount("sandbox", id); n != 0 {
		t.Fatalf("refused images queued %d deployments", n)
	}
	plain := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(plain, http.StatusAccepted, "")
	h.clock.Advance(time.Minute)
	sent := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"image": "attacker/runtime:latest"})
	h.expect(sent, http.StatusAccepted, "")
	if got, want := sent.obj()["image"], plain.obj()["image"]; got != want || strings.Contains(string(sent.raw), "attacker") {
		t.Errorf("image sent: the deployment runs %v, want %v as without it: %s", got, want, sent.raw)
	}
}

// TestR70Claims7RefusedRollbackQueuesNothing: api/README §7.6, "A rollback is a deployment: what
// would refuse create deployment refuses it the same way, and nothing is queued", for the two
// refusals no test read: an organization not fully configured (409, rollback lists no 422) and
// a target whose recorded spicepod a deployment would refuse (400).
func TestR70Claims7RefusedRollbackQueuesNothing(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "roll-refused")
	target := h.deployAndSettle(id)
	count := h.e.DeploymentCount("sandbox", id)
	rollback := func(route string) *result {
		return h.do("POST", route, "sandbox", map[string]any{"target_deployment_id": target})
	}

	h.e.mu.Lock()
	h.e.orgs["sandbox"].notConfigured = true
	h.e.mu.Unlock()
	for _, route := range []string{projectPath(id, "/rollback"), appPath(id, "/rollback")} {
		h.expect(rollback(route), http.StatusConflict, "Organization is not fully configured")
	}
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusUnprocessableEntity, "Organization is not fully configured")
	h.e.mu.Lock()
	h.e.orgs["sandbox"].notConfigured = false
	a, err := h.e.anyApp("sandbox", id)
	if err == nil {
		for _, d := range a.deployments {
			if d.id == target {
				d.spicepod = map[string]any{"kind": "Spicepod", "name": "roll-refused"} // no version
			}
		}
	}
	h.e.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{projectPath(id, "/rollback"), appPath(id, "/rollback")} {
		h.expect(rollback(route), http.StatusBadRequest, "Invalid spicepod configuration")
	}
	if n := h.e.DeploymentCount("sandbox", id); n != count {
		t.Errorf("refused rollbacks: %d deployments, was %d", n, count)
	}
}

// TestR70Claims7OnlyAPIKeyRoutesReturnKeys: api/README §7.8, "Only the api-keys routes return
// keys": after a regeneration, a create, an update, a secret, a deployment, a fork and every GET
// operation (nightly-etl of acme-labs the subject), no answer but the api-keys routes' shows a
// runtime key of any project of the organization, but for the deprecated /v1/apps objects'
// api_key (§1), and that never the secondary key.
func TestR70Claims7OnlyAPIKeyRoutesReturnKeys(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("acme-labs", "nightly-etl")
	type answer struct {
		op  string
		raw []byte
	}
	var answers []answer
	send := func(op, method, path string, body any) {
		res := h.doOrg(method, path, "sandbox", "acme-labs", body)
		answers = append(answers, answer{op, res.raw})
	}
	send("regenerateProjectAPIKey", "POST", projectPath(id, "/api-keys"), map[string]any{"key_number": 0})
	send("createProject", "POST", "/v1/projects", map[string]any{"name": "keyed-walk", "region": "us-west-2"})
	send("createApp", "POST", "/v1/apps", map[string]any{"name": "keyed-walk-app", "region": "us-west-2"})
	send("updateProject", "PUT", projectPath(id, ""), map[string]any{"description": "d"})
	send("updateApp", "PUT", appPath(id, ""), map[string]any{"description": "e"})
	send("upsertProjectSecret", "POST", projectPath(id, "/secrets"), map[string]any{"name": "KEY", "value": "v"})
	send("createProjectDeployment", "POST", projectPath(id, "/deployments"), nil)
	h.clock.Advance(time.Minute)
	send("forkProject", "POST", projectPath(id, "/forks"), map[string]any{"name": "keyed-walk-copy"})
	for _, op := range api.Operations {
		if op.Method == http.MethodGet {
			send(op.ID, op.Method, r48SpecauditPath(t, h, op), nil)
		}
	}
	var primaries, secondaries []string
	for _, p := range list(h.doOrg("GET", "/v1/projects", "sandbox", "acme-labs", nil).obj()["projects"]) {
		pid := num(p.(map[string]any)["id"])
		k1, ok1 := h.e.APIKey("acme-labs", pid, 1)
		k2, ok2 := h.e.APIKey("acme-labs", pid, 2)
		if !ok1 || !ok2 {
			t.Fatalf("project %d has no keys", pid)
		}
		primaries, secondaries = append(primaries, k1), append(secondaries, k2)
	}
	if len(primaries) < 3 {
		t.Fatalf("%d projects in acme-labs: the walk made too few", len(primaries))
	}
	read := 0
	for _, a := range answers {
		if strings.Contains(strings.ToLower(a.op), "apikey") {
			read++
			continue
		}
		for i := range primaries {
			if bytes.Contains(a.raw, []byte(secondaries[i])) ||
				bytes.Contains(a.raw, []byte(primaries[i])) && !r70Claims7DeprecatedAppsKey(a.op, a.raw, primaries[i]) {
				t.Errorf("%s shows a runtime key: %.300s", a.op, a.raw)
			}
		}
	}
	deprecated := 0
	for _, a := range answers {
		for _, k := range primaries {
			if r70Claims7DeprecatedAppsKey(a.op, a.raw, k) && bytes.Contains(a.raw, []byte(k)) {
				deprecated++
			}
		}
	}
	t.Logf("%d answers, %d of the api-keys routes, %d /v1/apps answers with the deprecated api_key", len(answers), read, deprecated)
	if read < 3 {
		t.Errorf("%d api-keys answers read: the walk missed them", read)
	}
}

// r70Claims7DeprecatedAppsKey says whether an answer shows the primary key only as a /v1/apps
// App object's (or list row's) deprecated api_key.
func r70Claims7DeprecatedAppsKey(op string, raw []byte, primary string) bool {
	if !strings.HasSuffix(op, "App") && op != "listApps" {
		return false
	}
	var v struct {
		APIKey string `json:"api_key"`
		Apps   []struct {
			APIKey string `json:"api_key"`
		} `json:"apps"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	n := 0
	if v.APIKey == primary {
		n++
	}
	for _, a := range v.Apps {
		if a.APIKey == primary {
			n++
		}
	}
	return n == bytes.Count(raw, []byte(primary))
}
