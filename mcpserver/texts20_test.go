package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestUpdateAppToItsCurrentValueChangesNothing: update_app with replicas equal to the app's
// said "Updated replicas" and offered a deployment for a change that did not happen. A field
// given the value the app already has (read once before) is named as unchanged, nothing is
// sent when nothing else is given, and no deployment is offered for it; when the read fails,
// the update goes on as before.
func TestUpdateAppToItsCurrentValueChangesNothing(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	first := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 1})
	mustContain(t, "first", first, "Updated replicas.", "create_deployment")

	// The same value again: no update is sent (a PUT now fails), nothing is claimed or offered.
	answers = []canned{{method: http.MethodPut, path: regexp.MustCompile(`^/v1/projects/\d+$`), status: 500,
		body: `{"error":"no update should be sent"}`}}
	again := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 1})
	mustContain(t, "again", again, "Nothing changed on analytics-app", "replicas already had the value given", "no update was sent")
	for _, never := range []string{"Updated", "create_deployment", "resume_app"} {
		if strings.Contains(again, never) {
			t.Errorf("the same replicas again says %q:\n%s", never, again)
		}
	}

	// With a real change beside it: the change is made, replicas is named unchanged, and a
	// description (no deployment carries it) offers no deployment.
	answers = nil
	mixed := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 1, "description": "Same replicas"})
	mustContain(t, "mixed", mixed, "Updated description. Unchanged: replicas already had the value given.", "**analytics-app** (101)")
	if strings.Contains(mixed, "create_deployment") {
		t.Errorf("a description change and the same replicas offer a deployment:\n%s", mixed)
	}

	// The read is optional: when it fails, every given field counts as changed, as before.
	answers = []canned{{method: http.MethodGet, path: regexp.MustCompile(`^/v1/projects/\d+$`), status: 500, body: `{"error":"down"}`}}
	unread := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 1})
	mustContain(t, "read failed", unread, "Updated replicas.")
}

// TestDeleteAppQuestionIsTrueForANeverDeployedApp: delete_app asks before it reads anything
// of the app, and its question said "stop its deployments" for an app that never had one. The
// question now says what the delete stops for any app.
func TestDeleteAppQuestionIsTrueForANeverDeployedApp(t *testing.T) {
	var asked atomic.Int64
	var questions []string
	var mu sync.Mutex
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: declineAll(&asked, &questions, &mu)})
	h.ok(t, "create_app", map[string]any{"name": "never-deployed"})
	h.call(t, "delete_app", map[string]any{"app": "never-deployed"})
	mu.Lock()
	defer mu.Unlock()
	if len(questions) != 1 {
		t.Fatalf("want one question, got %q", questions)
	}
	q := questions[0]
	mustContain(t, "question", q, "Delete app never-deployed", "if it runs, its runtime is torn down",
		"A deployment of it still queued or in progress, if any, ends")
	if strings.Contains(q, "stop its deployments") {
		t.Errorf("the question claims deployments to stop for a never-deployed app:\n%s", q)
	}
}

// TestRollbackConflictWithoutIDNamesAWorkingWait: a rollback refused because a deployment is
// in flight (409) whose answer names none said "wait_for_deployment (the app and its
// deployment_id)", a call nobody can follow literally. It names wait_for_deployment without
// deployment_id (it follows the app's newest, the one in flight) and the rollback; both work.
func TestRollbackConflictWithoutIDNamesAWorkingWait(t *testing.T) {
	// The API's words for it (api/README §7.6), without activeDeploymentId.
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	answers = []canned{{method: http.MethodPost, path: regexp.MustCompile(`^/v1/projects/\d+/rollback$`), status: 409,
		body: `{"error":"A deployment is already in progress for this app"}`}}
	out := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	answers = nil // the calls offered reach the emulator
	mustContain(t, "409 without ID", out, "409 Conflict", "list_deployments")
	if strings.Contains(out, "its deployment_id") {
		t.Errorf("the refusal names a call with a value left to guess:\n%s", out)
	}
	calls := wantOffered(t, "409 without ID", out, [][2]string{
		{"wait_for_deployment", `{"app":"analytics-app"}`},
		{"rollback_deployment", `{"app":"analytics-app","deployment_id":1001}`}}, "wait_for_deployment", "rollback_deployment")
	runOffered(t, h, calls)
}

// TestPausedAppWithoutSpicepodIsOfferedUpdateFirst: create_deployment and rollback_deployment
// on a paused app are refused (spicepod_paused) and offered resume_app, which the API refuses
// too when the app has no spicepod ("App has no spicepod configuration"). They now name
// update_app with a spicepod first; that, then the resume as offered, works.
func TestPausedAppWithoutSpicepodIsOfferedUpdateFirst(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	// An app with a deployment to roll back to, deleted and created again: it keeps its
	// history, not its spicepod; then paused.
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "podless", "spicepod": podA})
	listed := h.ok(t, "list_deployments", map[string]any{"app": "podless", "status": "succeeded"})
	id := regexp.MustCompile(`\b(1\d{3,})\b`).FindStringSubmatch(listed)
	if id == nil {
		t.Fatalf("list_deployments:\n%s", listed)
	}
	h.ok(t, "delete_app", map[string]any{"app": "podless"})
	h.ok(t, "create_app", map[string]any{"name": "podless"})
	h.ok(t, "pause_app", map[string]any{"app": "podless"})

	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"create_deployment", map[string]any{"app": "podless"}},
		{"create_deployment", map[string]any{"app": "podless", "replicas": 2}},
		{"rollback_deployment", map[string]any{"app": "podless", "deployment_id": json.Number(id[1])}},
	} {
		out := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, out, "spicepod_paused", "no spicepod", "update_app (the app and its spicepod)")
		if strings.Contains(out, "resume it with") || strings.Contains(out, "first `resume_app") {
			t.Errorf("%s %v offers resume_app first, which is refused without a spicepod:\n%s", tc.tool, tc.args, out)
		}
		if res := h.call(t, "resume_app", map[string]any{"app": "podless"}); !res.IsError {
			t.Fatalf("resume_app without a spicepod worked; the test's premise is gone:\n%s", text(res))
		}
	}
	// get_deployment of the deployment it kept (its newest, succeeded) said "resume_app starts
	// it again" too.
	got := h.ok(t, "get_deployment", map[string]any{"app": "podless", "deployment_id": json.Number(id[1])})
	mustContain(t, "get_deployment", got, "The app is paused", "no spicepod", "update_app (the app and its spicepod)")
	if strings.Contains(got, "starts it again") {
		t.Errorf("get_deployment offers resume_app alone, which is refused without a spicepod:\n%s", got)
	}
	// Followed as offered: the spicepod, then the resume.
	h.ok(t, "update_app", map[string]any{"app": "podless", "spicepod": podA})
	h.ok(t, "resume_app", map[string]any{"app": "podless", "wait": true})
}
