package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r42FlowsGoodBad gives docs-search (no repository: every deployment has the default image
// tag, no commit, one replica) a good deployment and a newer bad one; returns the good one.
func r42FlowsGoodBad(t *testing.T, h *harness) int64 {
	t.Helper()
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	good := h.newestIDs(t)
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-broken\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	return good
}

// A rollback whose request failed with a 502 BEFORE anything was applied; the read after it
// succeeded and showed nothing new (the rollback did not happen). An hour later the agent (or a
// colleague) redeploys the stored, bad configuration with create_deployment, then retries the
// rollback: the API refuses it with 409 naming that create_deployment's deployment. The re-run's
// 409 path compares the deployment in flight with the unsettled lost record (lostAt: no
// 15-minute window, and the record was never cleared though the read showed nothing applied)
// and says flatly that it "is the rollback ... this server queued already: no second one is
// needed" -- and records it as a rollback, so wait_for_deployment then reports the bad
// configuration's deployment as having run the target's configuration again. The rollback never
// happened.
func TestR42FlowsRollbackRerunTakesLaterCreateDeploymentForTheRollback(t *testing.T) {
	for _, gap := range []time.Duration{2 * time.Minute, time.Hour} {
		t.Run(gap.String(), func(t *testing.T) { r42FlowsRollbackRerun(t, gap) })
	}
}

func r42FlowsRollbackRerun(t *testing.T, gap time.Duration) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502}) // not applied
	first := h.fail(t, "rollback_deployment", args)
	t.Logf("first (not applied, read after ok):\n%s", first)
	h.clock.Advance(gap)
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}) // the stored (bad) configuration
	out := h.fail(t, "rollback_deployment", args)
	t.Logf("re-run:\n%s", out)
	if strings.Contains(out, "this server queued already: no second one is needed") {
		t.Errorf("a create_deployment of the stored (bad) configuration, made an hour after a rollback that was never applied, "+
			"is called the rollback queued already (no second one needed):\n%s", out)
	}
	w := text(h.call(t, "wait_for_deployment", map[string]any{"app": "docs-search"}))
	t.Logf("wait:\n%s", w)
	if strings.Contains(strings.ToLower(w), "rollback") {
		t.Errorf("wait_for_deployment reports the create_deployment's deployment as a rollback:\n%s", w)
	}
}

// r42FlowsRegenerate replaces analytics-app's key keyNumber straight at the emulator, as another
// caller (the console, another replica) would.
func r42FlowsRegenerate(t *testing.T, h *harness, keyNumber int) {
	id := h.appID(t, "analytics-app")
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/v1/projects/%d/api-keys", h.api.URL, id),
		strings.NewReader(fmt.Sprintf(`{"key_number":%d}`, keyNumber)))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("third-party regenerate: %d", resp.StatusCode)
	}
}

// r42FlowsLateWrite is a gateway that answers the second key regeneration (the first passes)
// 504 Gateway Timeout at once while its upstream is still working on it: the write reaches the
// API only after the next read of the keys has been answered (as a backend finishing a slow
// request after the gateway gave up).
func r42FlowsLateWrite(t *testing.T, emu string) string {
	var mu sync.Mutex
	var held *http.Request
	var heldBody []byte
	posts := 0
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		keys := strings.HasSuffix(r.URL.Path, "/api-keys")
		mu.Lock()
		if keys && r.Method == http.MethodPost {
			posts++
			if posts == 2 {
				heldBody, _ = io.ReadAll(r.Body)
				held = r.Clone(context.Background())
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusGatewayTimeout)
				_, _ = w.Write([]byte(`{"error":"Gateway timeout"}`))
				return
			}
		}
		late, body := held, heldBody
		if keys && r.Method == http.MethodGet && late != nil {
			held = nil
		} else {
			late = nil
		}
		mu.Unlock()
		rp.ServeHTTP(w, r)
		if late != nil { // the upstream finishes the write now
			r42PostToEmulator(emu+late.URL.Path, late.Header.Clone(), body)
		}
	})(t, emu)
}

// A finish step answered 504 Gateway Timeout (the gateway gave up; the API finishes the write a
// moment later). The one read just after still shows the old keys, and the result states as a
// fact that "the step did not take effect: the primary and the secondary keys keep working" and
// to call it again "as before". A 504 says only that the gateway stopped waiting: the primary is
// in fact replaced a moment later, so clients told their primary keeps working are cut off.
// The result should leave the outcome open (as the unsettled texts do) rather than claim it.
func TestR42FlowsRotationGatewayTimeoutCalledNotApplied(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r42FlowsLateWrite})
	h.ok(t, "rotate_api_keys", rotateStart)
	p0, _ := emulatorKeys(t, h)
	out := h.fail(t, "rotate_api_keys", rotateFinish)
	t.Logf("finish:\n%s", out)
	p1, _ := emulatorKeys(t, h)
	if p1 == p0 {
		t.Fatal("the held finish was to reach the API after the read")
	}
	if strings.Contains(out, "did not take effect") || strings.Contains(out, "primary and the secondary keys keep working") {
		t.Errorf("a finish answered 504 Gateway Timeout is said not to have taken effect (the primary keeps working), "+
			"but the API replaced the primary a moment later:\n%s", out)
	}
}

// r42FlowsFinishSecondReadLost is a gateway in front of the API for a finish step: just before
// the finish's regeneration reaches the API, another caller (the console, another replica)
// replaces the secondary key; the finish's answer leaves the untouched secondary out (as
// TestR38RegenerateAnswerWithoutTheOtherKey's gateway does), and every read of the keys after it
// fails (500).
func r42FlowsFinishSecondReadLost(t *testing.T, emu string) string {
	var mu sync.Mutex
	posts, after := 0, false
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		keys := strings.HasSuffix(r.URL.Path, "/api-keys")
		mu.Lock()
		if keys && r.Method == http.MethodGet && after {
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"Internal server error"}`))
			return
		}
		finish := false
		if keys && r.Method == http.MethodPost {
			posts++
			finish = posts == 2
		}
		mu.Unlock()
		if !finish {
			rp.ServeHTTP(w, r)
			return
		}
		// the third party, a moment before the finish reaches the API
		r42PostToEmulator(emu+r.URL.Path, r.Header.Clone(), []byte(`{"key_number":2}`))
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(http.MethodPost, emu+r.URL.Path, bytes.NewReader(body))
		req.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		var answer map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&answer)
		delete(answer, "api_key_2")
		mu.Lock()
		after = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.StatusCode)
		_ = json.NewEncoder(w).Encode(answer)
	})(t, emu)
}

// A finish whose answer leaves the secondary out and whose read of the keys after it is lost:
// the result vouches, as a fact, "Valid now: both: the new primary and the secondary the start
// step made" though nothing after the finish was read; here another caller had replaced the
// secondary just before the finish reached the API, so clients moved to the start step's key
// are cut off too. README (rotate_api_keys) says a finish whose answer or read after shows
// another secondary says so "instead of vouching for it"; when neither shows it, the result
// should say the secondary could not be checked after the finish, not vouch for it.
func TestR42FlowsRotationFinishSecondReadLostVouches(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r42FlowsFinishSecondReadLost})
	h.ok(t, "rotate_api_keys", rotateStart)
	_, s1 := emulatorKeys(t, h)
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish:\n%s", out)
	if _, s2 := emulatorKeys(t, h); s2 == s1 {
		t.Fatal("the third party was to replace the secondary")
	}
	if strings.Contains(out, "the secondary the start step made") && !strings.Contains(out, "could not") {
		t.Errorf("the finish vouches for the start step's secondary though nothing after the finish was read "+
			"(another caller had replaced it):\n%s", out)
	}
}

// pause_app whose answer is lost (a 502 after the API paused the app): the error says the
// outcome is unknown and "Check the current state before retrying" -- the catch-all, naming no
// call that checks (list_instances answers 409 project_paused for a paused app; pause_app itself
// checks first and says "already paused"). README (Retries): a POST that gets a 5xx "says the
// outcome is unknown and how to check"; every other workflow write here (resume, rollback,
// deploy, rotation, create) names it. The deployment the pause may have ended is not mentioned
// either.
func TestR42FlowsPauseLostAnswerSaysHowToCheck(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	t.Logf("pause:\n%s", out)
	if !strings.Contains(out, "pause_app") && !strings.Contains(out, "list_instances") && !strings.Contains(out, "get_app") &&
		!strings.Contains(out, "describe_app") {
		t.Errorf("a pause whose answer was lost names no call that tells whether the app is paused:\n%s", out)
	}
}

// A rollback whose answer was lost and whose read after it failed; an hour later the agent
// redeploys the stored configuration and retries the rollback: the 409 names that
// create_deployment's deployment. The lost record is an hour old (past the 15 minutes a retry's
// lost answer is checked against an earlier attempt): it is not compared with the deployment in
// flight, which is not taken for the rollback.
func TestR42FlowsRollbackRerunWindow(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID}) // the read before passes
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID, Status: 500})
	h.fail(t, "rollback_deployment", args)
	h.clock.Advance(time.Hour)
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	out := h.fail(t, "rollback_deployment", args)
	t.Logf("re-run:\n%s", out)
	if strings.Contains(out, "taken for the rollback") || strings.Contains(out, "queued already") {
		t.Errorf("a create_deployment made an hour after a lost rollback answer is taken for that rollback:\n%s", out)
	}
}

// A rollback whose answer was lost but whose read after it found a deployment created since with
// the target's image tag, commit and replicas: that deployment is only taken for the rollback
// (another caller's would look the same), so wait_for_deployment and get_deployment say it with
// that hedge rather than as a fact.
func TestR42FlowsRollbackByShapeHedgedInWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost", h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}),
		"is taken for that rollback")
	for _, out := range []string{
		h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}),
		h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}),
	} {
		t.Logf("%s", out)
		mustContain(t, "hedged", out, "Taken for the rollback to deployment 1001 whose answer this server lost",
			"a deployment another caller started meanwhile would look the same", "If it is, it ran that deployment's configuration again.")
		if strings.Contains(out, "A rollback to deployment 1001:") {
			t.Errorf("a deployment only matched by shape is called a rollback as a fact:\n%s", out)
		}
	}
}

// A start step answered 504 Gateway Timeout whose read just after shows both keys unchanged: the
// write may still land, so the result leaves the outcome open and names the read that tells, and
// the server keeps the step as unsure (a later step checks the keys again). A 502 the API answered keeps saying the step did not take effect
// (TestR39RotationLostStartNotApplied).
func TestR42FlowsRotationStartGatewayTimeoutUnsure(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	t.Logf("start:\n%s", out)
	mustContain(t, "lost start", out, "504 Gateway Timeout", "does not settle it", "may apply it a moment later",
		"Read the keys again with get_api_keys before telling clients anything", "Do not start again blindly")
	if strings.Contains(out, "did not take effect") {
		t.Errorf("a start answered 504 is said not to have taken effect:\n%s", out)
	}
}

// A pause whose answer is lost while a deployment is in flight: the error names that deployment
// as the one the pause ended if it went through, and the pause_app call that tells, which, run as
// written, says the app is already paused.
func TestR42FlowsPauseLostAnswerNamesTheDeploymentItMayHaveEnded(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	var d struct {
		ID int64 `json:"id"`
	}
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &d)
	id := d.ID
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	t.Logf("pause:\n%s", out)
	mustContain(t, "lost pause", out, "`pause_app {\"app\":\"analytics-app\"}` again is safe",
		fmt.Sprintf("Deployment %d was queued when the pause was sent: if the pause went through, it ended that deployment", id))
	mustContain(t, "again", h.ok(t, "pause_app", map[string]any{"app": "analytics-app"}), "is already paused")
}

// A rollback answered 504 Gateway Timeout whose read after shows nothing deployed since: the
// write may still land, so its record is kept (unlike a 502's), and a re-run within minutes
// refused by a deployment of the target's shape takes it for that rollback with the hedge.
func TestR42FlowsRollbackGatewayTimeoutStaysUnsettled(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 504})
	h.fail(t, "rollback_deployment", args)
	h.clock.Advance(time.Minute)
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}) // as the late rollback would look
	out := h.fail(t, "rollback_deployment", args)
	t.Logf("re-run:\n%s", out)
	mustContain(t, "re-run", out, "is taken for the rollback to deployment", "would look the same")
}

// r42PostToEmulator sends a write to the emulator behind a test proxy, as the upstream finishing
// it (late, or another caller's), its answer read and dropped.
func r42PostToEmulator(url string, header http.Header, body []byte) {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header = header
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
