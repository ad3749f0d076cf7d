package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Regression tests for next steps that named no call, or a call that does not work (round 14
// audit): every next step offered below is run exactly as written, and has to work.

// offeredCalls returns the calls of the given tools a text offers (present.Call: `tool {...}`),
// in their order.
func offeredCalls(text string, tools ...string) [][2]string {
	re := regexp.MustCompile("`(" + strings.Join(tools, "|") + ") (\\{[^`]*\\})`")
	var out [][2]string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

// runOffered runs the calls, in order, as written; each has to succeed.
func runOffered(t *testing.T, h *harness, calls [][2]string) {
	t.Helper()
	for _, c := range calls {
		if res := h.callRaw(t, c[0], c[1]); res.IsError {
			t.Fatalf("%s %s, as offered, failed:\n%s", c[0], c[1], text(res))
		}
	}
}

// TestRollbackOfAPausedAppNamesResumeThenRollback: rolling back a paused app is refused
// (spicepod_paused); the advice used to be "resume it, instead of deploying", which deploys
// the current configuration and loses the rollback. It names resume_app (waiting) and then the
// rollback, with the organization, and both work.
func TestRollbackOfAPausedAppNamesResumeThenRollback(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"app": "nightly-etl", "org": "acme-labs", "deployment_id": 1004}
	out := h.fail(t, "rollback_deployment", args)
	mustContain(t, "paused rollback", out, "spicepod_paused", "not deployment 1004's")
	calls := offeredCalls(out, "resume_app", "rollback_deployment")
	want := [][2]string{{"resume_app", `{"app":"nightly-etl","org":"acme-labs","wait":true}`},
		{"rollback_deployment", `{"app":"nightly-etl","org":"acme-labs","deployment_id":1004}`}}
	if len(calls) != 2 || calls[0] != want[0] || calls[1] != want[1] {
		t.Fatalf("want %v offered, got %v:\n%s", want, calls, out)
	}
	runOffered(t, h, calls)
}

// TestRollbackRefusalsNameTheirCalls: a rollback while another deployment runs (409) names the
// wait_for_deployment call for it and the rollback after it; one to a deployment the app does
// not have (404) names the list_deployments call. Both used to name no tool or arguments.
func TestRollbackRefusalsNameTheirCalls(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	queued := h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	id := regexp.MustCompile(`[Dd]eployment (\d+)`).FindStringSubmatch(queued)
	if id == nil {
		t.Fatalf("create_deployment:\n%s", queued)
	}
	out := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	calls := offeredCalls(out, "wait_for_deployment", "rollback_deployment")
	want := [][2]string{{"wait_for_deployment", `{"app":"analytics-app","deployment_id":` + id[1] + `}`},
		{"rollback_deployment", `{"app":"analytics-app","deployment_id":1001}`}}
	if len(calls) != 2 || calls[0] != want[0] || calls[1] != want[1] {
		t.Fatalf("want %v offered, got %v:\n%s", want, calls, out)
	}
	runOffered(t, h, calls)

	unknown := h.fail(t, "rollback_deployment", map[string]any{"app": "docs-search", "deployment_id": 1001})
	mustContain(t, "unknown deployment", unknown, "Deployment not found")
	calls = offeredCalls(unknown, "list_deployments")
	if len(calls) != 1 || calls[0][1] != `{"app":"docs-search","status":"succeeded"}` {
		t.Fatalf("want list_deployments offered:\n%s", unknown)
	}
	runOffered(t, h, calls)
}

// TestUpdateAppSaysHowTheChangeArrives: update_app said "Changes reach the running app with
// the next deployment (create_deployment)" whatever changed and whatever the app's state: on a
// paused app create_deployment is refused (spicepod_paused), and a description needs no
// deployment at all. Now: nothing about deploying for a description, resume_app for a paused
// app, create_deployment otherwise; each call offered works.
func TestUpdateAppSaysHowTheChangeArrives(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	paused := map[string]any{"app": "nightly-etl", "org": "acme-labs"}

	desc := h.ok(t, "update_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "description": "x"})
	for _, never := range []string{"deploy", "create_deployment", "resume_app"} {
		if strings.Contains(desc, never) {
			t.Errorf("a description change speaks of %q:\n%s", never, desc)
		}
	}

	out := h.ok(t, "update_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "replicas": 2})
	if strings.Contains(out, "create_deployment") {
		t.Errorf("a paused app is offered create_deployment:\n%s", out)
	}
	calls := offeredCalls(out, "resume_app", "create_deployment")
	if len(calls) != 1 || calls[0] != [2]string{"resume_app", `{"app":"nightly-etl","org":"acme-labs"}`} {
		t.Fatalf("want resume_app %v offered:\n%s", paused, out)
	}
	runOffered(t, h, calls)

	out = h.ok(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 1}) // it has 2: a change
	calls = offeredCalls(out, "resume_app", "create_deployment")
	if len(calls) != 1 || calls[0] != [2]string{"create_deployment", `{"app":"analytics-app"}`} {
		t.Fatalf("want create_deployment offered:\n%s", out)
	}
	runOffered(t, h, calls)

	// An app never deployed: nothing runs, so no "running app" is spoken of.
	h.ok(t, "create_app", map[string]any{"name": "w3-fresh"})
	out = h.ok(t, "update_app", map[string]any{"app": "w3-fresh", "spicepod": podA})
	mustContain(t, "never deployed", out, "Nothing runs now (no instance ready)")
	if strings.Contains(out, "running app") {
		t.Errorf("a never-deployed app is said to be running:\n%s", out)
	}
	calls = offeredCalls(out, "resume_app", "create_deployment")
	if len(calls) != 1 || calls[0] != [2]string{"create_deployment", `{"app":"w3-fresh"}`} {
		t.Fatalf("want create_deployment offered:\n%s", out)
	}
	runOffered(t, h, calls)
}

// TestPauseOfAnAppWithoutSpicepod: pausing a never-deployed app without a spicepod said
// "resume_app lifts the pause with a deployment of its current configuration"; resume_app is
// then refused (no spicepod) and the app stays paused. It now says to set a spicepod first,
// and after update_app sets one, the resume_app call it names works.
func TestPauseOfAnAppWithoutSpicepod(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "w2-nopod"})
	out := h.ok(t, "pause_app", map[string]any{"app": "w2-nopod"})
	mustContain(t, "pause without spicepod", out, "no spicepod yet", "update_app")
	if strings.Contains(out, "lifts the pause with a deployment of its current configuration") {
		t.Errorf("pause_app promises a resume that is refused:\n%s", out)
	}
	calls := offeredCalls(out, "resume_app")
	if len(calls) != 1 || calls[0][1] != `{"app":"w2-nopod"}` {
		t.Fatalf("want resume_app offered:\n%s", out)
	}
	h.ok(t, "update_app", map[string]any{"app": "w2-nopod", "spicepod": podA})
	runOffered(t, h, calls)

	// With a spicepod, the old words stand.
	h.ok(t, "create_app", map[string]any{"name": "w2-pod"})
	h.ok(t, "update_app", map[string]any{"app": "w2-pod", "spicepod": podA})
	mustContain(t, "pause with spicepod", h.ok(t, "pause_app", map[string]any{"app": "w2-pod"}),
		"lifts the pause with a deployment of its current configuration")
}

// TestNoSpicepodTextsAreTrue: whether an app can be deployed was read as "has a spicepod or a
// production_branch", but the API stores production_branch on apps with no repository
// connected (and shows no connection), and refuses their deployments and resumes (400 App has
// no spicepod configuration). update_app on a paused app said resume_app "deploys its current
// configuration, these changes included", pause_app on a paused app "resume_app starts it
// again", pause_app "lifts the pause with a deployment", and update_app on a never-deployed app
// "Changes reach the running app with the next deployment". Each now says what a deployment
// needs; the refusals it announces happen, and each call it offers works once the spicepod it
// says to set is set.
func TestNoSpicepodTextsAreTrue(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const refused = "no spicepod configuration"
	never := []string{"Changes reach the running app", "deploys its current configuration", "starts it again",
		"lifts the pause with a deployment of its current configuration"}
	check := func(name, out string, want ...string) {
		t.Helper()
		mustContain(t, name, out, want...)
		for _, w := range never {
			if strings.Contains(out, w) {
				t.Errorf("%s says %q:\n%s", name, w, out)
			}
		}
	}
	const ifConnected = "only if a GitHub repository is connected"

	// A branch without a repository, never deployed, not paused.
	h.ok(t, "create_app", map[string]any{"name": "w3-branch"})
	out := h.ok(t, "update_app", map[string]any{"app": "w3-branch", "production_branch": "dev"})
	check("update_app, never deployed, branch, no spicepod", out, ifConnected, "update_app")
	deploy := offeredCalls(out, "create_deployment", "resume_app")
	mustContain(t, "create_deployment refused", h.fail(t, "create_deployment", map[string]any{"app": "w3-branch"}), refused)

	// No branch: a refusal for sure.
	h.ok(t, "create_app", map[string]any{"name": "w3-nopod"})
	out = h.ok(t, "update_app", map[string]any{"app": "w3-nopod", "replicas": 2})
	check("update_app, never deployed, no spicepod", out, "no spicepod yet, so create_deployment would be refused")
	deployNoPod := offeredCalls(out, "create_deployment", "resume_app")
	// An app that runs nothing: describe_app, list_deployments and list_instances said "Deploy
	// with create_deployment", which is refused; they name the spicepod first, as update_app does.
	for _, c := range []struct{ tool, app, want string }{
		{"describe_app", "w3-nopod", "Spicepod: not set — set one with update_app before deploying"}, // the card says it, once
		{"list_deployments", "w3-nopod", "no spicepod yet, so create_deployment would be refused"},
		{"list_instances", "w3-nopod", "no spicepod yet, so create_deployment would be refused"},
		{"describe_app", "w3-branch", "or now if a GitHub repository is connected"},
		{"list_deployments", "w3-branch", ifConnected},
		{"list_instances", "w3-branch", ifConnected},
	} {
		out := h.ok(t, c.tool, map[string]any{"app": c.app})
		check(c.tool+" "+c.app+", never deployed", out, c.want, "update_app")
		if strings.Contains(out, "Deploy with") || strings.Contains(out, "Deploy it with") {
			t.Errorf("%s %s offers a deployment outright:\n%s", c.tool, c.app, out)
		}
		// The same call as update_app's, which is run below once the spicepod is set.
		if got, want := offeredCalls(out, "create_deployment", "resume_app"), [][2]string{{"create_deployment", `{"app":"` + c.app + `"}`}}; !slices.Equal(got, want) {
			t.Errorf("%s %s: offered %v, want %v", c.tool, c.app, got, want)
		}
	}

	out = h.ok(t, "pause_app", map[string]any{"app": "w3-branch"})
	check("pause_app, branch, no spicepod", out, ifConnected)
	out = h.ok(t, "pause_app", map[string]any{"app": "w3-branch"})
	check("pause_app again, branch, no spicepod", out, "already paused", ifConnected)
	out = h.ok(t, "update_app", map[string]any{"app": "w3-branch", "replicas": 3})
	check("update_app, paused, branch, no spicepod", out, "paused", ifConnected)
	resume := offeredCalls(out, "create_deployment", "resume_app")
	mustContain(t, "resume_app refused", h.fail(t, "resume_app", map[string]any{"app": "w3-branch"}), refused)

	h.ok(t, "pause_app", map[string]any{"app": "w3-nopod"})
	out = h.ok(t, "pause_app", map[string]any{"app": "w3-nopod"})
	check("pause_app again, no spicepod", out, "already paused", "no spicepod yet, so resume_app would be refused")
	resumeNoPod := offeredCalls(out, "create_deployment", "resume_app")

	want := map[string][][2]string{
		"deploy":        {{"create_deployment", `{"app":"w3-branch"}`}},
		"deploy no pod": {{"create_deployment", `{"app":"w3-nopod"}`}},
		"resume":        {{"resume_app", `{"app":"w3-branch"}`}},
		"resume no pod": {{"resume_app", `{"app":"w3-nopod"}`}},
	}
	got := map[string][][2]string{"deploy": deploy, "deploy no pod": deployNoPod, "resume": resume, "resume no pod": resumeNoPod}
	for k, w := range want {
		if !slices.Equal(got[k], w) {
			t.Fatalf("%s: offered %v, want %v", k, got[k], w)
		}
	}
	// With the spicepod set as the texts say, the calls they offer work: resume, then deploy.
	for _, app := range []string{"w3-branch", "w3-nopod"} {
		h.ok(t, "update_app", map[string]any{"app": app, "spicepod": podA})
	}
	runOffered(t, h, append(resume, resumeNoPod...))
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w3-branch"})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w3-nopod"})
	runOffered(t, h, append(deploy, deployNoPod...))
}

// TestDeployTextsFollowWhatRuns: update_app read "can it deploy" from the stored app alone,
// so on a running GitHub-connected app (which stores no spicepod) it said to set a spicepod
// first, which the API refuses (409 github_connected); it offered create_deployment while a
// deployment was queued (409, already in progress); and it, and pause_app, took an app whose
// only instance had failed for a running one ("its runtime stopped and … no longer serves").
// Now an app that runs (a ready instance), has a deployment in flight or has deployed
// successfully deploys; a deployment in flight is named, with wait_for_deployment first; "runs"
// is a ready instance. Every call offered is run as written.
func TestDeployTextsFollowWhatRuns(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	never := []string{"set a spicepod", "set one with update_app", "no spicepod", "only if a GitHub repository"}
	clean := func(name, out string) { // the headline; the app's view below is checked apart
		t.Helper()
		out, _, _ = strings.Cut(out, "\n\n")
		for _, w := range never {
			if strings.Contains(out, w) {
				t.Errorf("%s says %q:\n%s", name, w, out)
			}
		}
	}

	// A connected app, deployed from its repository and running.
	h.ok(t, "create_app", map[string]any{"name": "w4-git"})
	h.ok(t, "connect_repository", map[string]any{"app": "w4-git", "repository": "w4-repo"})
	h.ok(t, "create_deployment", map[string]any{"app": "w4-git"})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w4-git"})
	out := h.ok(t, "update_app", map[string]any{"app": "w4-git", "replicas": 2})
	clean("update_app, connected, running", out)
	mustContain(t, "update_app, connected, running", out, "Changes reach the running app with the next deployment",
		"Spicepod: none stored — a connected GitHub repository's is deployed; with none connected, set one")
	calls := offeredCalls(out, "create_deployment", "resume_app", "update_app", "wait_for_deployment")
	if len(calls) != 1 || calls[0] != [2]string{"create_deployment", `{"app":"w4-git"}`} {
		t.Fatalf("want create_deployment offered, got %v:\n%s", calls, out)
	}
	runOffered(t, h, calls)

	// A deployment in flight (queued, no pods of its own yet): named, waited for first.
	out = h.ok(t, "update_app", map[string]any{"app": "w4-git", "replicas": 1})
	clean("update_app, connected, deployment queued", out)
	mustContain(t, "update_app, deployment queued", out, "is still queued or in progress")
	calls = offeredCalls(out, "create_deployment", "resume_app", "wait_for_deployment")
	if len(calls) != 2 || calls[0][0] != "wait_for_deployment" || calls[1] != [2]string{"create_deployment", `{"app":"w4-git"}`} {
		t.Fatalf("want wait_for_deployment then create_deployment offered, got %v:\n%s", calls, out)
	}
	runOffered(t, h, calls)
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w4-git"})

	// Paused after it deployed: a resume deploys it; no spicepod is asked for.
	h.ok(t, "pause_app", map[string]any{"app": "w4-git"})
	out = h.ok(t, "pause_app", map[string]any{"app": "w4-git"})
	clean("pause_app again, connected", out)
	mustContain(t, "pause_app again, connected", out, "`resume_app {\"app\":\"w4-git\"}` starts it again")
	out = h.ok(t, "update_app", map[string]any{"app": "w4-git", "replicas": 2})
	clean("update_app, connected, paused", out)
	calls = offeredCalls(out, "create_deployment", "resume_app", "update_app")
	if len(calls) != 1 || calls[0] != [2]string{"resume_app", `{"app":"w4-git"}`} {
		t.Fatalf("want resume_app offered, got %v:\n%s", calls, out)
	}
	runOffered(t, h, calls)

	// A never-deployed app with a queued deployment: "nothing runs now", and the wait first.
	h.ok(t, "create_app", map[string]any{"name": "w4-queued"})
	h.ok(t, "update_app", map[string]any{"app": "w4-queued", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "w4-queued"})
	out = h.ok(t, "update_app", map[string]any{"app": "w4-queued", "replicas": 2})
	mustContain(t, "update_app, never ran, deployment queued", out, "Nothing runs now (no instance ready)", "is still queued or in progress")
	calls = offeredCalls(out, "create_deployment", "wait_for_deployment")
	if len(calls) != 2 || calls[0][0] != "wait_for_deployment" || calls[1] != [2]string{"create_deployment", `{"app":"w4-queued"}`} {
		t.Fatalf("want wait_for_deployment then create_deployment offered, got %v:\n%s", calls, out)
	}
	runOffered(t, h, calls)
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w4-queued"})

	// A failed deployment is all the app has: its instance is not ready, so nothing runs, and
	// the pause stops no serving runtime.
	h.ok(t, "create_app", map[string]any{"name": "w4-failed"})
	h.ok(t, "update_app", map[string]any{"app": "w4-failed", "spicepod": podA})
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "w4-failed"})
	h.call(t, "wait_for_deployment", map[string]any{"app": "w4-failed"}) // it fails
	instances := h.ok(t, "list_instances", map[string]any{"app": "w4-failed"})
	if !strings.HasPrefix(instances, "1 instance of") || !strings.Contains(instances, "❌ failed") {
		t.Fatalf("want a failed instance only:\n%s", instances)
	}
	out = h.ok(t, "update_app", map[string]any{"app": "w4-failed", "replicas": 2})
	mustContain(t, "update_app, deployment failed", out, "Nothing runs now (no instance ready)")
	if strings.Contains(out, "running app") {
		t.Errorf("an app whose deployment failed is said to be running:\n%s", out)
	}
	runOffered(t, h, offeredCalls(out, "create_deployment"))
	h.ok(t, "wait_for_deployment", map[string]any{"app": "w4-failed"})
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "w4-failed"})
	h.call(t, "wait_for_deployment", map[string]any{"app": "w4-failed"})
	h.ok(t, "create_app", map[string]any{"name": "w4-failed2"})
	h.ok(t, "update_app", map[string]any{"app": "w4-failed2", "spicepod": podA})
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "w4-failed2"})
	h.call(t, "wait_for_deployment", map[string]any{"app": "w4-failed2"})
	out = h.ok(t, "pause_app", map[string]any{"app": "w4-failed2"})
	mustContain(t, "pause_app, deployment failed", out, "none of its instances was ready", "was not serving",
		"`resume_app {\"app\":\"w4-failed2\"}` lifts the pause with a deployment of its current configuration")
	if strings.Contains(out, "no longer serves") || strings.Contains(out, "runtime stopped") {
		t.Errorf("pause_app says a runtime that served nothing stopped serving:\n%s", out)
	}
}

// TestForkNamesSharedStateAndWhatItLacks: fork_app said the fork had "a copy of the
// configuration" and to deploy it straight away, though the API's shared_state listed settings
// that still point at the source's state (fix them before deploying, api/README.md) and the
// fork lacks the source's image_tag (forks do not copy it). The emulator always answers
// shared_state [], so a proxy adds entries: they are listed (values masked as the spicepod's),
// with get_app, update_app and create_deployment named in that order; the calls offered work.
func TestForkNamesSharedStateAndWhatItLacks(t *testing.T) {
	const consumerGroup = "orders-cg-7f3a9"
	shared := func(r *http.Response) error {
		if r.Request.Method != http.MethodPost || !strings.HasSuffix(r.Request.URL.Path, "/forks") || r.StatusCode != http.StatusCreated {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var fork map[string]any
		if err := json.Unmarshal(body, &fork); err != nil {
			return err
		}
		fork["shared_state"] = []any{map[string]any{"setting": "datasets[0].params.kafka_consumer_group",
			"value": consumerGroup, "note": "shared with source"}}
		body, _ = json.Marshal(fork)
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, shared)})
	res := h.call(t, "fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "w2-fraud-fork"})
	out := text(res)
	if res.IsError {
		t.Fatalf("fork_app:\n%s", out)
	}
	mustContain(t, "fork with shared_state", out, "shared_state", "`datasets[0].params.kafka_consumer_group`",
		"shared with source", "update_app", "image_tag `2.3.2-enterprise`")
	if strings.Contains(everything(res), consumerGroup) {
		t.Errorf("the shared setting's value is not masked:\n%s", everything(res))
	}
	if strings.Contains(out, "deploy it with create_deployment.") || strings.Contains(out, "a copy of the spicepod, configuration and secrets") {
		t.Errorf("fork_app still says to deploy it as it is, or that it copied the whole configuration:\n%s", out)
	}
	calls := offeredCalls(out, "get_app", "create_deployment")
	fork := `{"app":"w2-fraud-fork","org":"acme-labs"}`
	if len(calls) != 2 || calls[0] != [2]string{"get_app", fork} || calls[1] != [2]string{"create_deployment", fork} ||
		strings.Index(out, "update_app") > strings.Index(out, "`create_deployment") {
		t.Fatalf("want get_app, update_app, then create_deployment on the fork:\n%s", out)
	}
	runOffered(t, h, calls)

	// Without shared state the fork is said to be ready to deploy, as before; the source had
	// nothing the fork lacks, so nothing is named.
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out = plain.ok(t, "fork_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "name": "w2-plain-fork"})
	mustContain(t, "fork without shared_state", out,
		"The fork has API keys of its own and a copy of the spicepod, configuration and secrets. Nothing is deployed yet: deploy it with create_deployment.")
}

// TestForkNamesEveryNotCopiedSetting: fork_app's list of what the fork lacks left out the
// executor's resources (the fork's executor keeps only its counts and storage), the
// visibility (forks are private) and the repository link with its production branch
// (api/README §7.2 "Not copied: … repository link, instance size, visibility"). Each is named
// with the source's value, read from the source and the fork as they are; the fork's
// create_deployment, as offered, deploys it.
func TestForkNamesEveryNotCopiedSetting(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"), Org: "acme-labs",
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id := func(name string) int64 {
		apps, err := api.ListProjects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			if a.Name == name {
				return a.ID
			}
		}
		t.Fatalf("no app %q in acme-labs", name)
		return 0
	}
	src := id("fraud-scoring")
	two, five, public := 2, 5.0, "public"
	if _, err := api.UpdateProject(ctx, src, client.UpdateProjectRequest{Visibility: &public, Executor: &client.ExecutorSpec{
		Replicas: &two, StorageSizeGB: &five, Resources: &client.ResourceSpec{Limits: map[string]any{"cpu": "2"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ConnectProjectRepository(ctx, src, client.ConnectRepositoryRequest{Repository: "fraud-repo", ProductionBranch: "release"}); err != nil {
		t.Fatal(err)
	}
	out := h.ok(t, "fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "fraud-fork2"})
	mustContain(t, "fork of a connected source with executor resources", out, "a copy of the spicepod, secrets and configuration, but not the source's",
		"image_tag `2.3.2-enterprise`", "executor resources limits cpu=2", "visibility `public` (the fork is `private`)",
		"production branch `release` (and its repository link, if one was connected)", "API keys of its own")
	fork, err := api.GetProject(ctx, id("fraud-fork2"))
	if err != nil {
		t.Fatal(err)
	}
	if e := fork.Config.Executor; e == nil || e.Resources != nil || fork.ProductionBranch != "" || fork.Visibility != "private" {
		t.Fatalf("the emulator's fork is not as the text says: %+v %+v", fork, e)
	}
	runOffered(t, h, offeredCalls(out, "create_deployment"))

	// The source unread (its getProject fails): the text said "The fork has a copy of …"
	// and named nothing it lacks. It says the source was not checked, and what forks never copy.
	h.emu.InjectFault(sandbox.Fault{Operation: "getProject", Status: http.StatusNotFound, Code: "x", Times: -1})
	out = h.ok(t, "fork_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "fraud-fork3"})
	mustContain(t, "fork of a source not read", out, "could not be read first, so which of these it had, and the fork lacks, was not checked",
		"but for what forks never copy. Those are the repository link (and production branch), the instance size",
		"an image_tag pin (the runtime image and registry are copied)",
		"and the visibility (forks are private)", "API keys of its own", "Nothing is deployed yet")
	// The API copies the image and registry (the emulator as api/README says): never named as lost.
	if strings.Contains(out, "but not the source's") || strings.Contains(out, "a copy of the spicepod, configuration and secrets") ||
		strings.Contains(out, "image_tag, image, registry") {
		t.Errorf("names what the fork lacks of a source it did not read:\n%s", out)
	}
}

// TestProductionBranchDefaultIsTheRepositorys: connect_repository's production_branch was
// described as "Default main"; the API defaults it to the repository's default branch.
func TestProductionBranchDefaultIsTheRepositorys(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	for _, tool := range h.listTools(t) {
		if tool.Name != "connect_repository" {
			continue
		}
		prop, _ := tool.InputSchema.Properties["production_branch"].(map[string]any)
		desc, _ := prop["description"].(string)
		if !strings.Contains(desc, "default") || strings.Contains(desc, "main") {
			t.Errorf("production_branch is described as %q", desc)
		}
		return
	}
	t.Fatal("connect_repository is not listed")
}

// TestPauseSaysWhichDeploymentItEnded: pause_app said "it had no runtime running (no
// instances), so nothing was stopped" when the pause ended a queued deployment (failed,
// error_code stopped; api/README §7.6), and said nothing of one in progress. It names the
// deployment it ended; when the deployments cannot be read (a token without deployments:read)
// it hedges instead of claiming nothing was stopped, and update_app does not promise that
// create_deployment deploys (a queued deployment refuses it, 409).
func TestPauseSaysWhichDeploymentItEnded(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: 4 * time.Second},
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	deploy := func(app string) int64 { return deployNewApp(t, h, app) }
	id := deploy("zed1")
	out := h.ok(t, "pause_app", map[string]any{"app": "zed1"})
	mustContain(t, "pause, queued", out, fmt.Sprintf("ended deployment %d (it was queued)", id), "failed now with error_code stopped")
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("pause_app says nothing was stopped though it ended a queued deployment:\n%s", out)
	}
	mustContain(t, "the deployment", h.ok(t, "get_deployment", map[string]any{"app": "zed1", "deployment_id": id}), "failed", "stopped")

	id = deploy("zed2")
	h.clock.Advance(2 * time.Second) // in progress, its instance starting
	out = h.ok(t, "pause_app", map[string]any{"app": "zed2"})
	mustContain(t, "pause, in progress", out, fmt.Sprintf("ended deployment %d (it was in progress)", id), "error_code stopped")
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("pause_app says nothing was stopped though it ended a deployment in progress:\n%s", out)
	}

	// Nothing ran or was in flight: nothing was stopped, as before.
	h.ok(t, "create_app", map[string]any{"name": "zed3"})
	mustContain(t, "pause, never deployed", h.ok(t, "pause_app", map[string]any{"app": "zed3"}), "nothing was stopped")

	// A token that cannot read deployments (a proxy answers for the API, 403 insufficient_scope,
	// once the deployment is queued): no claim either way.
	answers := &[]canned{}
	scoped := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: 4 * time.Second},
		upstream: cannedProxy(answers, nil), safety: tools.Safety{Confirm: tools.ConfirmOff}})
	scoped.ok(t, "create_app", map[string]any{"name": "zed4"})
	scoped.ok(t, "update_app", map[string]any{"app": "zed4", "spicepod": podYAML})
	scoped.ok(t, "create_deployment", map[string]any{"app": "zed4"})
	*answers = append(*answers, canned{method: "GET", path: regexp.MustCompile(`/deployments$`), status: http.StatusForbidden,
		body: `{"error":"insufficient_scope","message":"Insufficient scope. Required: deployments:read"}`})
	out = scoped.ok(t, "update_app", map[string]any{"app": "zed4", "description": "x", "replicas": 2})
	mustContain(t, "update, deployments unread", out, "unless a deployment is already queued or in progress", "wait for it first")
	out = scoped.ok(t, "pause_app", map[string]any{"app": "zed4"})
	mustContain(t, "pause, deployments unread", out, "Whether a deployment was queued or in progress could not be checked")
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("pause_app claims nothing was stopped without reading the deployments:\n%s", out)
	}
}

// TestDescribeAppTellsPaused: describe_app ("start here to check on an app") showed a paused
// app's configuration and deployments with no sign of the pause. It says so, with the
// resume_app call that works (or the spicepod first), and says nothing of a pause otherwise.
func TestDescribeAppTellsPaused(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "dp-pod"})
	h.ok(t, "update_app", map[string]any{"app": "dp-pod", "spicepod": podA})
	h.ok(t, "create_app", map[string]any{"name": "dp-nopod"})
	for _, app := range []string{"dp-pod", "dp-nopod"} {
		if out := h.ok(t, "describe_app", map[string]any{"app": app}); strings.Contains(out, "paused") {
			t.Errorf("describe_app %s, not paused, speaks of a pause:\n%s", app, out)
		}
		h.ok(t, "pause_app", map[string]any{"app": app})
	}
	out := h.ok(t, "describe_app", map[string]any{"app": "dp-nopod"})
	mustContain(t, "describe_app, paused, no spicepod", out, "**Paused**", "Once a spicepod is set, `resume_app")
	out = h.ok(t, "describe_app", map[string]any{"app": "dp-pod"})
	mustContain(t, "describe_app, paused", out, "**Paused**", "deployments are refused")
	resume := offeredCalls(out, "create_deployment", "resume_app")
	if want := [][2]string{{"resume_app", `{"app":"dp-pod"}`}}; !slices.Equal(resume, want) {
		t.Fatalf("offered %v, want %v", resume, want)
	}
	runOffered(t, h, resume)
	if out := h.ok(t, "describe_app", map[string]any{"app": "dp-pod"}); strings.Contains(out, "**Paused**") {
		t.Errorf("describe_app after the resume still says paused:\n%s", out)
	}
}

// deployNewApp creates app with a spicepod and starts a deployment of it, returning its id.
func deployNewApp(t *testing.T, h *harness, app string) int64 {
	t.Helper()
	h.ok(t, "create_app", map[string]any{"name": app})
	h.ok(t, "update_app", map[string]any{"app": app, "spicepod": podYAML})
	var d client.Deployment
	structured(t, h.call(t, "create_deployment", map[string]any{"app": app}), &d)
	return d.ID
}
