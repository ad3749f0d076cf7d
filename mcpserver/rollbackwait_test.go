package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestWaitKnowsARollback: wait_for_deployment and get_deployment on a deployment that
// rollback_deployment queued say it is a rollback to its target and that the app's stored
// configuration stays (as rollback_deployment's own result does); a failed one offers the
// rollback again, not create_deployment (which deploys the stored configuration, undoing the
// rollback's purpose), and that call works as written.
func TestWaitKnowsARollback(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	rollback := func() int64 {
		t.Helper()
		var rb struct {
			ID int64 `json:"id"`
		}
		structured(t, h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}), &rb)
		return rb.ID
	}
	id := rollback()
	out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "succeeded rollback", out, "A rollback to deployment 1001: it ran that deployment's configuration again.",
		"The app is live with this configuration.", "stored configuration (spicepod, replicas) was not rolled back",
		"undoes this rollback")
	mustContain(t, "get_deployment", h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": id}),
		"A rollback to deployment 1001")

	h.clock.Advance(time.Hour)
	for _, code := range []string{"insufficient_cpu", "internal_error", "unable_to_start"} {
		if err := h.emu.FailNextDeployment(code); err != nil {
			t.Fatal(err)
		}
		id = rollback()
		out = text(h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": id}))
		mustContain(t, code, out, fmt.Sprintf("Deployment %d of analytics-app (101): **❌ failed**", id),
			"This was a rollback to deployment 1001")
		what, _, _ := strings.Cut(out[strings.Index(out, "What to do:"):], "\n")
		if strings.Contains(what, "deploy again") || strings.Contains(what, "deploy once more with create_deployment") {
			t.Errorf("%s: offers a deployment of the stored configuration as the retry:\n%s", code, what)
		}
		calls := offeredCalls(what, "rollback_deployment")
		if len(calls) != 1 || calls[0][1] != `{"app":"analytics-app","deployment_id":1001}` {
			t.Fatalf("%s: want the rollback offered again:\n%s", code, what)
		}
		runOffered(t, h, calls)
		mustContain(t, code+": offered rollback", h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}),
			"A rollback to deployment 1001")
		h.clock.Advance(time.Hour)
	}

	// A deployment of the stored configuration is not called a rollback.
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	if out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}); strings.Contains(out, "rollback") {
		t.Errorf("create_deployment's deployment called a rollback:\n%s", out)
	}
}

// TestDeployingOverARollbackSaysSo: create_deployment refused while a rollback this server
// queued is in flight (409) used to offer "wait, then deploy again", which, followed, deploys
// the app's stored configuration and undoes the rollback without a word. It says the deployment
// in flight is a rollback and what deploying after it does; both calls it names work as written.
func TestDeployingOverARollbackSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	var rb struct {
		ID int64 `json:"id"`
	}
	structured(t, h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}), &rb)
	out := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app", "commit_message": "x"})
	mustContain(t, "409 over a rollback", out, fmt.Sprintf("Deployment %d, still queued or in progress, is a rollback to deployment 1001", rb.ID),
		"undoes the rollback")
	calls := offeredCalls(out, "wait_for_deployment", "create_deployment")
	want := [][2]string{{"wait_for_deployment", fmt.Sprintf(`{"app":"analytics-app","deployment_id":%d}`, rb.ID)},
		{"create_deployment", `{"app":"analytics-app","commit_message":"x"}`}}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Fatalf("offered %v, want %v:\n%s", calls, want, out)
	}
	runOffered(t, h, calls)

	// A deployment in flight that is no rollback: as before.
	out = h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"})
	if strings.Contains(out, "rollback") {
		t.Errorf("a deployment called a rollback:\n%s", out)
	}
}
