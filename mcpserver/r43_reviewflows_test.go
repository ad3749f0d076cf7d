package mcpserver_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r43ReviewflowsPendingFinish: a start that went through, then a finish answered 504 (may still
// land; the read after it shows the primary unchanged).
func r43ReviewflowsPendingFinish(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", rotateFinish)
	t.Logf("finish (504):\n%s", out)
	return h
}

// A finish answered 504 may still land for 15 minutes. Within that window the user (through this
// very server) regenerates the primary with regenerate_api_key. The next rotate_api_keys step
// reads a primary other than the one before the lost finish and settles it as "went through"
// (settleFinished): a start then goes ahead with no word that the lost finish may still land,
// and a finish is refused as "finished already". The primary changed because of
// regenerate_api_key, not the lost finish, which may still replace the primary
// regenerate_api_key just handed out. For a start step whose outcome is unknown the project
// handles exactly this (regenerate_api_key taints it: taintUnsure, tools/apikeys.go:106); for a
// lost finish nothing does.
func TestR43ReviewflowsRegenerateDuringPendingFinishTakenAsLanded(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1})
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish after regenerate_api_key 1:\n%s", fin)
	if strings.Contains(fin, "finished it already") {
		t.Errorf("after regenerate_api_key replaced the primary, the lost finish (which may still land) is said to have "+
			"finished the rotation:\n%s", fin)
	}
	st := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start after regenerate_api_key 1:\n%s", st)
	if !strings.HasPrefix(st, "Refused") && !strings.Contains(st, "may still land") {
		t.Errorf("a start 1 minute after a finish answered 504 (and a regenerate_api_key of the primary) goes ahead "+
			"with no word that the lost finish may still land:\n%s", st)
	}
}

// r43ReviewflowsLostFinishReadFails is a gateway that answers the second key regeneration (the
// finish) 504 itself, and fails every read of the keys after it (500) until ok is closed.
func r43ReviewflowsLostFinishReadFails(ok chan struct{}) func(t *testing.T, emu string) string {
	return func(t *testing.T, emu string) string {
		var mu sync.Mutex
		posts := 0
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			keys := strings.HasSuffix(r.URL.Path, "/api-keys")
			mu.Lock()
			if keys && r.Method == http.MethodPost {
				posts++
				if posts == 2 {
					mu.Unlock()
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusGatewayTimeout)
					_, _ = w.Write([]byte(`{"error":"Gateway timeout"}`))
					return
				}
			}
			failing := posts >= 2
			mu.Unlock()
			select {
			case <-ok:
				failing = false
			default:
			}
			if keys && r.Method == http.MethodGet && failing {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"error":"Internal server error"}`))
				return
			}
			rp.ServeHTTP(w, r)
		})(t, emu)
	}
}

// A finish answered 504 whose read after it fails: the result (RotationLost's last branch,
// present/rotation.go) says "Call rotate_api_keys with step "finish" again, as before:
// replacing the primary once more cuts off no client that uses the secondary." But the step was
// recorded as a finish that may still land (rotationLost -> finishUnsure with
// client.MayStillApply), so the finish it tells the agent to call is refused (RotationFinishPending)
// for 15 minutes. The text contradicts what the server does, and tells the agent to repeat a
// finish which, as the refusal says, could replace the primary twice.
func TestR43ReviewflowsLostFinishUnreadSaysCallAgainButRefused(t *testing.T) {
	ok := make(chan struct{})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r43ReviewflowsLostFinishReadFails(ok)})
	h.ok(t, "rotate_api_keys", rotateStart)
	lost := h.fail(t, "rotate_api_keys", rotateFinish)
	t.Logf("finish (504, read after fails):\n%s", lost)
	close(ok)
	again := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish again, as told:\n%s", again)
	if strings.Contains(lost, "again, as before") && strings.HasPrefix(again, "Refused") {
		t.Errorf("the lost finish's result says to call finish again, as before; this server then refuses that finish")
	}
}

// A forced finish with no start step in this server's memory (say, after a restart: the texts
// tell the agent to use force then) answered 504: the result says "until HH:MM this server
// refuses another finish (without force: true) while the keys still show the old primary, since
// this step may still land ... from then on an unchanged primary shows this step was never
// applied, and a finish goes ahead." But finishUnsure records nothing when the ledger has no
// rotation for the app (tools/rotations.go finishUnsure: `if !ok ... return`): a start right after
// goes ahead, replacing the secondary every client is on while the lost finish may still replace
// the primary (RotationStartFinishPending exists to refuse exactly this), and after the window a
// finish does not "go ahead" either.
func TestR43ReviewflowsForcedLostFinishWithoutLedgerNotHeld(t *testing.T) {
	setup := func(t *testing.T) (*harness, string) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
		t.Logf("forced finish (504):\n%s", out)
		return h, out
	}
	t.Run("start", func(t *testing.T) {
		h, _ := setup(t)
		_, s0 := emulatorKeys(t, h)
		st := text(h.call(t, "rotate_api_keys", rotateStart))
		t.Logf("start 0 s later:\n%s", st)
		if _, s1 := emulatorKeys(t, h); s1 != s0 {
			t.Errorf("a start right after a forced finish answered 504 (may still land) replaced the secondary clients " +
				"stay on, with no refusal")
		}
	})
	t.Run("after the window", func(t *testing.T) {
		h, lost := setup(t)
		h.clock.Advance(16 * time.Minute)
		fin := text(h.call(t, "rotate_api_keys", rotateFinish))
		t.Logf("finish after the window:\n%s", fin)
		if strings.Contains(lost, "and a finish goes ahead") && strings.HasPrefix(fin, "Refused") {
			t.Errorf("the lost finish's text says a finish goes ahead after the window; it is refused")
		}
	})
}

// A finish answered 504 (may still land), then a forced start: its result notes the lost finish
// may still replace the primary. Then the agent moves clients to the new secondary and finishes
// (no force) 2 minutes after the lost finish: README says for 15 minutes "a second finish (which
// could replace the primary twice, the second time after clients were told of its new primary)
// ... is refused". The forced start's done() dropped the finishing mark from the ledger, so this
// finish goes ahead and its result says "Rotation complete" with no word that the lost finish
// may still replace the primary it hands out.
func TestR43ReviewflowsFinishAfterForcedStartOverPendingFinish(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	st := h.ok(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced start:\n%s", st)
	h.clock.Advance(2 * time.Minute)
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish 2 min after the lost one:\n%s", fin)
	if !strings.HasPrefix(fin, "Refused") && !strings.Contains(fin, "may still land") {
		t.Errorf("a finish 2 minutes after a finish answered 504 (which may still land) goes ahead with no word of it")
	}
}

// A start while a finish answered 504 may still land is refused (RotationStartFinishPending),
// saying "Once it went through (or from then on), a start goes ahead". From then on (16 minutes
// later, the primary still unchanged) the lost finish is settled as not applied, so the rotation
// is open again, and a start is refused anyway (RotationStartOpen: the start step's secondary is
// still in place): the refusal's promise is false in the "from then on" case.
func TestR43ReviewflowsStartFinishPendingPromiseAfterWindow(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	first := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start while the finish may still land:\n%s", first)
	if !strings.HasPrefix(first, "Refused") {
		t.Fatal("expected the start to be refused")
	}
	h.clock.Advance(16 * time.Minute)
	later := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start 16 minutes later:\n%s", later)
	if strings.Contains(first, "(or from then on), a start goes ahead") && strings.HasPrefix(later, "Refused") {
		t.Errorf("the refusal said a start goes ahead from %s on; 16 minutes later it is refused", "the window's end")
	}
}
