package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestSlowHealthDoesNotHoldCreateApp: create_app and create_and_deploy_app read the API's clock
// (GET /v1/health) before the create, for the reactivation rule only, but under the call's
// whole time limit: a stalled /v1/health held them until the limit, which was then blamed on
// POST /v1/projects ("Outcome unknown"), and no app was created. The read has its own short
// deadline (as queuedFor's had), after which this server's clock is used.
func TestSlowHealthDoesNotHoldCreateApp(t *testing.T) {
	// The health read's own deadline set short (2 s by default: TestR72Testtime12WaitsDefaultToTwoSeconds).
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: 10 * time.Second, realSleep: true,
		waits: tools.Waits{Health: 100 * time.Millisecond}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetHealth.ID, Latency: time.Minute, Times: -1})
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"create_app", map[string]any{"name": "slowclock-one"}},
		{"create_and_deploy_app", map[string]any{"name": "slowclock-two", "region": "us-west-2", "wait": false, "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}},
	} {
		start := time.Now()
		out := h.ok(t, tc.tool, tc.args)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s took %v with /v1/health stalled; want about 100 ms (the health read's own deadline)", tc.tool, took)
		}
		if strings.Contains(out, "Outcome unknown") || strings.Contains(out, "time limit") {
			t.Errorf("%s with /v1/health stalled:\n%s", tc.tool, out)
		}
		h.appID(t, tc.args["name"].(string)) // created
	}
}

// TestWaitsThatEndQueuedSayStuckInStructured: resume_app and create_and_deploy_app whose wait
// timed out on a deployment still queued said in the text that it had been queued for at
// least the whole wait (10 minutes: stuck, what to check), while their structured deployment
// kept the API clock's shorter reading (queued_for_seconds 595, no stuck); only
// wait_for_deployment agreed. All three now raise it to the wait's length.
func TestWaitsThatEndQueuedSayStuckInStructured(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 2 * time.Hour}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	type dep struct {
		Status           string `json:"status"`
		QueuedForSeconds int64  `json:"queued_for_seconds"`
		Stuck            bool   `json:"stuck"`
	}
	check := func(what, text string, d dep) {
		t.Helper()
		mustContain(t, what, text, "It has been queued for at least 10 min")
		if d.Status != "queued" || !d.Stuck || d.QueuedForSeconds < 600 {
			t.Errorf("%s: structured deployment %+v; want queued, stuck, queued_for_seconds ≥ 600 as the text says:\n%s", what, d, text)
		}
	}

	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	res := h.call(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true, "timeout_seconds": 600})
	var resumed struct {
		Deployment dep `json:"deployment"`
	}
	structured(t, res, &resumed)
	check("resume_app", text(res), resumed.Deployment)

	res = h.call(t, "create_and_deploy_app", map[string]any{"name": "queued-long", "region": "us-west-2", "timeout_seconds": 600,
		"spicepod": "version: v1\nkind: Spicepod\nname: q\n"})
	var deployed struct {
		Deployment dep `json:"deployment"`
	}
	structured(t, res, &deployed)
	check("create_and_deploy_app", text(res), deployed.Deployment)
}

// TestUpdateAppReadFailureSaysNothingWasSent: update_app with tags (or resources) reads the
// app first; when that read failed, the API's error came back bare, saying neither that
// nothing was sent nor why a call that only writes read anything. A tag list names the tags
// removed as read just before the update (one added meanwhile by another call is removed too).
func TestUpdateAppReadFailureSaysNothingWasSent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, status := range []int{http.StatusInternalServerError, http.StatusForbidden} {
		h.emu.InjectFault(sandbox.Fault{Operation: api.GetProject.ID, Status: status, Times: -1})
		for _, args := range []map[string]any{
			{"app": "analytics-app", "tags": map[string]any{"team": "x"}},
			{"app": "analytics-app", "resources": map[string]any{"limits": map[string]any{"cpu": "2"}}},
		} {
			out := h.fail(t, "update_app", args)
			mustContain(t, http.StatusText(status), out, "update_app reads the app first when tags or resources are given",
				"tags replace the app's tags whole", "That read failed, so nothing was sent:", "Spice.ai API")
		}
		h.emu.ClearFaults()
		if n := h.emu.Calls(api.UpdateProject.ID); n != 0 {
			t.Errorf("%d updates sent after the read failed", n)
		}
	}
	out := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"team": "x"}})
	mustContain(t, "tags removed", out, "as read just before the update:")
}
