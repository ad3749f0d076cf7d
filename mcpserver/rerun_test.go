package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// create_and_deploy_app run again: it reconciles with what the app has instead of redoing the
// first run, and never calls a change it did not make a resume.

const (
	podA = "version: v1\nkind: Spicepod\nname: podv1\n"
	podB = "version: v1\nkind: Spicepod\nname: podv2\ndatasets:\n  - from: s3://bucket/x/\n    name: newds\n"
)

// emuGet reads the emulator's own answer for path (token sandbox), as the state to assert.
func emuGet(t *testing.T, h *harness, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.api.URL+path, nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

type emuApp struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Region      string            `json:"region"`
	Description string            `json:"description"`
	Visibility  string            `json:"visibility"`
	Tags        map[string]string `json:"tags"`
	Config      struct {
		Spicepod map[string]any `json:"spicepod"`
	} `json:"config"`
}

func emuAppOf(t *testing.T, h *harness, id int64) emuApp {
	t.Helper()
	var app emuApp
	emuGet(t, h, "/v1/projects/"+itoa(id), &app)
	return app
}

// emuDeployment is what the tests read of a deployment, straight from the emulator.
type emuDeployment struct {
	ID            int64  `json:"id"`
	Status        string `json:"status"`
	Replicas      int    `json:"replicas"`
	CommitMessage string `json:"commit_message"`
}

func emuDeployments(t *testing.T, h *harness, id int64) []emuDeployment {
	t.Helper()
	var list struct {
		Deployments []emuDeployment `json:"deployments"`
	}
	emuGet(t, h, "/v1/projects/"+itoa(id)+"/deployments", &list)
	return list.Deployments
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestRerunWithAChangedSpicepodDeploysIt: a re-run that changes the spicepod while the first
// run's deployment is in flight waits for that one (it runs the old spicepod) and deploys anew.
func TestRerunWithAChangedSpicepodDeploysIt(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "chgapp", "spicepod": podA, "wait": false})
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "chgapp", "spicepod": podB, "timeout_seconds": 30})
	if strings.Contains(out, "following it") {
		t.Errorf("the re-run followed the old deployment:\n%s", out)
	}
	mustContain(t, "changed re-run", out, "| configure | set spicepod (the app's differed from this call's) |",
		"earlier deployment 1001 (not of this configuration) ended: succeeded", "deployment 1002 queued", "| wait | succeeded")
	id := h.appID(t, "chgapp")
	deps := emuDeployments(t, h, id)
	if len(deps) != 2 || deps[0].ID != 1002 || deps[0].Status != "succeeded" {
		t.Errorf("deployments = %+v, want 1002 succeeded after 1001", deps)
	}
	if name := emuAppOf(t, h, id).Config.Spicepod["name"]; name != "podv2" {
		t.Errorf("stored spicepod name = %v", name)
	}
}

// TestRerunReconciles: repeating a finished call changes nothing and deploys nothing; a secret
// changed since is not rewritten; a spicepod changed since is set back, saying so, and deployed.
func TestRerunReconciles(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	first := map[string]any{"name": "ovrapp", "spicepod": podA, "secrets": map[string]any{"TOKEN_A": "first-value-1"}}
	h.ok(t, "create_and_deploy_app", first)
	id := h.appID(t, "ovrapp")
	before := mutatingCalls(h)
	out := h.ok(t, "create_and_deploy_app", first)
	mustContain(t, "same call again", out, "| configure | already spicepod as given; nothing sent |",
		"| secret TOKEN_A | already set; not rewritten (set_secret changes its value) |",
		"| deploy | none started: this run changed nothing and deployment 1001 (this configuration, from an earlier run) succeeded |")
	if n := mutatingCalls(h) - before; n != 0 {
		t.Errorf("%d changes from a call that had nothing to change", n)
	}

	h.ok(t, "set_secret", map[string]any{"app": "ovrapp", "name": "TOKEN_A", "value": "rotated-value-2"})
	h.ok(t, "update_app", map[string]any{"app": "ovrapp", "spicepod": podB})
	out = h.ok(t, "create_and_deploy_app", first)
	mustContain(t, "after later changes", out, "| secret TOKEN_A | already set; not rewritten",
		"| configure | set spicepod (the app's differed from this call's) |", "deployment 1002 queued")
	if v, _ := h.emu.SecretValue("sandbox", id, "TOKEN_A"); v != "rotated-value-2" {
		t.Errorf("TOKEN_A = %q: the re-run rewrote it", v)
	}
	if n := h.emu.DeploymentCount("sandbox", id); n != 2 {
		t.Errorf("deployments = %d, want 2", n)
	}
}

// TestRerunRefusesOtherPlacementOrMetadata: region, tags, description and visibility that
// differ from the app an earlier run created are refused, each named, before any change.
func TestRerunRefusesOtherPlacementOrMetadata(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-east-1", "wait": false, "tags": map[string]any{"team": "a"}})
	before := mutatingCalls(h)
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-west-2", "wait": false,
		"tags": map[string]any{"team": "b"}, "description": "new desc", "visibility": "public"})
	mustContain(t, "refusal", out, "Invalid arguments, nothing was changed",
		"region: The existing app regapp (", "is in region us-east-1, not us-west-2: pass region us-east-1 or leave region out",
		"then deploy it with create_deployment", "fork_app (region us-west-2)",
		"tags: ", "team=a", "description: ", "visibility: ", "differs in visibility: leave visibility out to keep the app's", "The app's: private; given: public")
	if strings.Contains(out, "Nothing is lost") {
		t.Errorf("a refusal that would be refused again says to call again:\n%s", out)
	}
	if n := mutatingCalls(h) - before; n != 0 {
		t.Errorf("%d changes from a refused call", n)
	}
	app := emuAppOf(t, h, h.appID(t, "regapp"))
	if app.Region != "us-east-1" || app.Tags["team"] != "a" || app.Description != "" || app.Visibility != "private" {
		t.Errorf("app after the refusal = %+v", app)
	}
	// Arguments that agree with the app go on; without region, the plan names the app's region,
	// not the default one a new app would get.
	mustContain(t, "same placement", h.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-east-1", "wait": false}),
		"region us-east-1", "reused regapp")
	mustContain(t, "no region", h.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "wait": false}),
		"name regapp, region us-east-1", "reused regapp")

	// update_app's region alone does not move the app (it sets config.region; the app stays
	// where it runs until a deployment succeeds, api/README §10), and no surface says
	// otherwise: a re-run right after it is refused again, naming the deployment that moves it.
	mustContain(t, "update_app region", h.ok(t, "update_app", map[string]any{"app": "regapp", "region": "us-west-2"}),
		"Updated region.", "region sets the configuration's region (config.region): the app stays where it runs now",
		"until a deployment succeeds, which runs it in config.region and moves it there",
		"- Region: us-east-1", "config.region us-west-2 (a deployment that succeeds moves the app there)")
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "regapp"}), "- Region: us-east-1", "config.region us-west-2")
	out = h.fail(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-west-2", "wait": false})
	mustContain(t, "after update_app region", out, "is in region us-east-1, not us-west-2",
		"set its region with update_app (region us-west-2), then deploy it with create_deployment")
	if strings.Contains(out, "change it with update_app") {
		t.Errorf("the refusal offers update_app alone, which does not move the app:\n%s", out)
	}
	mustContain(t, "the app's region", h.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-east-1", "wait": false}),
		"reused regapp")
	mustContain(t, "a copy there", h.ok(t, "fork_app", map[string]any{"app": "regapp", "region": "us-west-2"}), "us-west-2")
	// The refusal's other way out, followed literally: update_app (done above), then
	// create_deployment; once it succeeds the app is in us-west-2 and the re-run goes on.
	h.ok(t, "wait_for_deployment", map[string]any{"app": "regapp"})
	h.ok(t, "create_deployment", map[string]any{"app": "regapp"})
	mustContain(t, "moved", h.ok(t, "wait_for_deployment", map[string]any{"app": "regapp"}), "succeeded")
	got := h.ok(t, "get_app", map[string]any{"app": "regapp"})
	mustContain(t, "get_app after the deployment", got, "- Region: us-west-2", "- Endpoint: https://us-west-2-prod-aws-data.spiceai.io")
	if strings.Contains(got, "config.region") {
		t.Errorf("config.region shown apart from Region after the move:\n%s", got)
	}
	mustContain(t, "re-run in the new region", h.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": podA, "region": "us-west-2", "wait": false}),
		"reused regapp")
}

// TestPlanRefusalsSayNothingWasChanged: a refusal after read-only checks says nothing was
// changed (requests were sent) and does not offer the same call again.
func TestPlanRefusalsSayNothingWasChanged(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, args := range []map[string]any{
		{"name": "analytics-app", "spicepod": podA},
		{"name": "pin-app", "spicepod": podA, "image_tag": "2.3.2"},
		{"name": "cl-app", "spicepod": podA, "cluster_name": "nope"},
	} {
		out := h.fail(t, "create_and_deploy_app", args)
		mustContain(t, "refusal", out, "Invalid arguments, nothing was changed")
		if strings.Contains(out, "nothing was sent") || strings.Contains(out, "Nothing is lost") {
			t.Errorf("refusal of %v:\n%s", args, out)
		}
	}
}

// TestCreateAnswerLostOrRaced: when the create's answer is lost (applied, then 503) or the
// name was taken meanwhile by a concurrent run (409), the run goes on with the app carrying the
// workflow's tag; when the app is a deleted one brought back, the run says so (not that it did).
func TestCreateAnswerLostOrRaced(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 409, AfterApply: true})
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "raced", "spicepod": podA, "wait": false})
	mustContain(t, "raced", out, "| create app | found raced (", "using it", "| configure | set spicepod")
	if n := h.emu.AppCount("sandbox"); n != 3 {
		t.Errorf("apps = %d, want 3 (2 demo + raced)", n)
	}

	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 503, AfterApply: true})
	pod := "version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	args := map[string]any{"name": "analytics-app", "spicepod": pod, "wait": false}
	out = h.ok(t, "create_and_deploy_app", args)
	if !strings.HasPrefix(out, "analytics-app (101) is a deleted app brought back by this call's unanswered create or by a concurrent run") {
		t.Errorf("no reactivation notice first:\n%s", out)
	}
	mustContain(t, "revived", out, "Restored secrets: `OPENAI_API_KEY`, `PG_PASS`", "Its previous API keys are live again",
		"| secret PG_PASS | restored with the reactivated app")
	if strings.Contains(out, "referenced but not set") {
		t.Errorf("the plan row still says the user enters a restored secret:\n%s", out)
	}
	if strings.Contains(out, "/human/") {
		t.Errorf("a page was opened for a restored secret:\n%s", out)
	}
	deps := h.emu.DeploymentCount("sandbox", 101)
	mustContain(t, "again", h.ok(t, "create_and_deploy_app", args), "reused analytics-app (101)", "following it")
	if n := h.emu.DeploymentCount("sandbox", 101); n != deps {
		t.Errorf("deployments %d → %d: the re-run deployed again", deps, n)
	}
}

// TestReactivationSeenWithoutHealth: create_app tells a reactivation when GET /v1/health fails
// (this server's clock stands in), and still calls a new app created.
func TestReactivationSeenWithoutHealth(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "delete_app", map[string]any{"app": "docs-search"})
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetHealth.ID, Status: 503, Times: -1})
	mustContain(t, "revived", h.ok(t, "create_app", map[string]any{"name": "docs-search"}),
		"Reactivated the deleted app docs-search (102)", "Its previous API keys are live again")
	out := h.ok(t, "create_app", map[string]any{"name": "brand-new"})
	if strings.Contains(out, "Reactivated") {
		t.Errorf("a new app called reactivated:\n%s", out)
	}
}

// TestWorkflowTimeoutSaysWhatChanged: a run stopped by its time limit lists what it changed,
// not the last request's "Nothing was changed."
func TestWorkflowTimeoutSaysWhatChanged(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	h := newHarness(t, harnessOptions{realClock: true, callTimeout: 2 * time.Second})
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: 100 * time.Second, Times: -1})
	out := text(h.call(t, "create_and_deploy_app", map[string]any{"name": "tmoapp", "spicepod": podA, "timeout_seconds": 3}))
	if strings.Contains(out, "Nothing was changed") {
		t.Errorf("says nothing was changed:\n%s", out)
	}
	mustContain(t, "timed out", out, "This run changed: created tmoapp (", "set spicepod", "started deployment 1001")
	if n := h.emu.DeploymentCount("sandbox", h.appID(t, "tmoapp")); n != 1 {
		t.Errorf("deployments = %d", n)
	}
}

// TestForkIsNotAnEarlierRun: a fork copies the workflow's tag, but is not the workflow's app.
func TestForkIsNotAnEarlierRun(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "pre1", "spicepod": podA})
	h.ok(t, "fork_app", map[string]any{"app": "pre1", "name": "pre1-fork"})
	before := mutatingCalls(h)
	mustContain(t, "fork", h.fail(t, "create_and_deploy_app", map[string]any{"name": "pre1-fork", "spicepod": podA, "wait": false}),
		`An app named "pre1-fork" already exists and was not created by create_and_deploy_app`)
	if n := mutatingCalls(h) - before; n != 0 {
		t.Errorf("%d changes", n)
	}
}
