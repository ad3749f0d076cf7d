package mcpserver_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r43Reviewflows2HeldFinish is a gateway that holds the second key regeneration (the finish)
// until release is closed (signalling arrived), then answers it 504 itself without passing it
// on; every other request goes to the emulator.
func r43Reviewflows2HeldFinish(arrived, release chan struct{}) func(t *testing.T, emu string) string {
	return r43Reviewflows2HeldPost(2, arrived, release)
}

func r43Reviewflows2HeldPost(nth int, arrived, release chan struct{}) func(t *testing.T, emu string) string {
	return func(t *testing.T, emu string) string {
		var mu sync.Mutex
		posts := 0
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			if strings.HasSuffix(r.URL.Path, "/api-keys") && r.Method == http.MethodPost {
				mu.Lock()
				posts++
				n := posts
				mu.Unlock()
				if n == nth {
					close(arrived)
					<-release
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusGatewayTimeout)
					_, _ = w.Write([]byte(`{"error":"Gateway timeout"}`))
					return
				}
			}
			rp.ServeHTTP(w, r)
		})(t, emu)
	}
}

// Two sessions of one server: session A's finish is in flight (its answer will be a gateway's 504:
// it may still land), and session B calls regenerate_api_key for the primary meanwhile (through
// this very server). The read after A's lost finish shows a primary other than before it, and
// rotationLost takes that as the finish having gone through (RotationApplied -> done(replaced)):
// the rotation is closed, the text says the finish step went through, and a start goes ahead at
// once. But the primary changed because of regenerate_api_key (which this server ran itself),
// and the lost finish may still replace the primary regenerate_api_key just handed out. When
// regenerate_api_key runs just after the lost finish instead, taintFinish makes exactly this
// case held (TestR43ReviewflowsRegenerateDuringPendingFinishTakenAsLanded); run while the
// finish is in flight, nothing does (taintFinish only marks a finish already recorded).
func TestR43Reviewflows2RegenerateDuringInFlightFinishTakenAsLanded(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r43Reviewflows2HeldFinish(arrived, release)})
	h.ok(t, "rotate_api_keys", rotateStart)
	done := make(chan string)
	go func() { done <- text(h.call(t, "rotate_api_keys", rotateFinish)) }()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the finish never reached the gateway")
	}
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1})
	close(release)
	fin := <-done
	t.Logf("finish (504, regenerate_api_key of the primary while it ran):\n%s", fin)
	if strings.Contains(fin, "went through") {
		t.Errorf("the lost finish is said to have gone through; the primary changed because of regenerate_api_key, " +
			"which this server ran while the finish was in flight, and the finish was never applied (it may still be)")
	}
	r43StartWordsLostStep(t, h, "right after",
		"a start right after a finish answered 504 (which may still land) replaced the secondary with no "+
			"word of the lost finish")
}

// A finish answered 504 at 12:00 (held), then at 12:02 a forced start (its result notes the lost
// finish may still land), then the lost finish lands. The finish the agent then calls (after
// moving clients to the forced start's secondary, as told) is refused as "this server finished it
// already, at 12:00 (its start step ran at 12:02), and has seen no start step since": a rotation
// finished two minutes before it started, and a start step the server ran after that finish
// denied. settleFinished records finishedRotation{started: the forced start's time, finished: the
// lost finish's time} (tools/rotations.go settleFinished) for a start that came after that finish.
func TestR43Reviewflows2FinishedAlreadyBeforeItStarted(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	h.clock.Advance(2 * time.Minute)
	st := h.ok(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced start 2 min later:\n%s", st)
	r42FlowsRegenerate(t, h, 1) // the lost finish lands, at the emulator directly
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish after the lost one landed:\n%s", fin)
	if strings.Contains(fin, "has seen no start step since") {
		t.Errorf("the refusal says this server has seen no start step since the finish it took as landed; it ran a "+
			"(forced) start step after that finish was sent, and it says that start ran after the finish:\n%s", fin)
	}
}

// A finish answered 504 (held: it may still land), then a finish with force: true that goes
// through (a new primary, handed out). A start is refused while the lost finish may still land
// (TestR43Flows2StartAfterForcedFinishOverPendingFinish), but the refusal (finishMayStillLand's
// non-blind text) says "the primary key is still the one from before it (checked just now)" and
// tells the agent "a primary other than the one from before that step means it went through and
// the rotation is complete ... Once it went through, or from then on, a start goes ahead". The
// primary is not the one from before the lost finish: the forced finish replaced it. An agent that
// reads the keys as told sees a primary other than before the lost step, takes the rotation as
// complete and starts: refused again. done() keeps the hold against the forced finish's primary
// (not blind), so the text meant for an untouched primary is used; finishMayStillLand's blind text
// names exactly this case ("another call (regenerate_api_key, a forced finish) replaced the
// primary since").
func TestR43Reviewflows2ForcedFinishHeldTextSaysPrimaryUnchanged(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	p0, _ := emulatorKeys(t, h)
	h.ok(t, "rotate_api_keys", r43RotateFinishForced)
	p1, _ := emulatorKeys(t, h)
	if p1 == p0 {
		t.Fatal("the forced finish did not replace the primary")
	}
	st := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start after the forced finish (primary replaced by it):\n%s", st)
	if !strings.HasPrefix(st, "Refused") {
		t.Fatalf("expected the start to be refused:\n%s", st)
	}
	if strings.Contains(st, "still the one from before it") || strings.Contains(st, "a primary other than the one from before that step means it went through") {
		t.Errorf("the refusal says the primary is still the one from before the lost finish, and that a primary other than "+
			"that one means it went through; the forced finish replaced it, and this server refuses a start all the same:\n%s", st)
	}
}

// The start-step analog of TestR43Reviewflows2RegenerateDuringInFlightFinishTakenAsLanded: a
// start in flight (answered 504 by a gateway, never applied), regenerate_api_key of the secondary
// through this server meanwhile. The read after takes the new secondary as the start's
// (RotationApplied), so the ledger records regenerate_api_key's secondary as made by the start
// step and the finish goes ahead as completing a start step this server saw, while the lost start
// may still replace that secondary (clients were moved to it).
func TestR43Reviewflows2RegenerateDuringInFlightStartTakenAsLanded(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r43Reviewflows2HeldPost(1, arrived, release)})
	done := make(chan string)
	go func() { done <- text(h.call(t, "rotate_api_keys", rotateStart)) }()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the start never reached the gateway")
	}
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	close(release)
	st := <-done
	t.Logf("start (504, regenerate_api_key of the secondary while it ran):\n%s", st)
	if strings.Contains(st, "went through") {
		t.Errorf("the lost start is said to have gone through; the secondary changed because of regenerate_api_key, " +
			"which this server ran while the start was in flight")
	}
}

// Two apps: a lost finish held on analytics-app; regenerate_api_key of docs-search's primary does
// not taint it, and a start on docs-search is not held by it. (Expected to hold.)
func TestR43Reviewflows2TwoAppsHold(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	h.ok(t, "regenerate_api_key", map[string]any{"app": "docs-search", "key_number": 1})
	h.ok(t, "rotate_api_keys", map[string]any{"app": "docs-search", "step": "start"})
	r42FlowsRegenerate(t, h, 1) // the lost finish lands
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish on analytics-app after it landed:\n%s", fin)
	if !strings.Contains(fin, "finished it already") {
		t.Errorf("another app's regenerate_api_key changed how analytics-app's lost finish settles:\n%s", fin)
	}
}

// regenerate_api_key of the secondary (key 2) through this server while a lost finish is held:
// the hold stays (start and finish refused within the window), the lost finish landing still
// settles it (the primary is untouched by key 2). (Expected to hold.)
func TestR43Reviewflows2RegenerateSecondaryDuringHeldFinish(t *testing.T) {
	t.Run("held", func(t *testing.T) {
		h := r43ReviewflowsPendingFinish(t)
		h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
		for _, step := range []map[string]any{rotateStart, rotateFinish, rotateStart} {
			p0, s0 := emulatorKeys(t, h)
			out := text(h.call(t, "rotate_api_keys", step))
			if p1, s1 := emulatorKeys(t, h); p1 != p0 || s1 != s0 || !strings.HasPrefix(out, "Refused") {
				t.Errorf("%v within the window went ahead:\n%s", step["step"], out)
			}
		}
		h.clock.Advance(16 * time.Minute)
		h.ok(t, "rotate_api_keys", rotateStart)
	})
	t.Run("landed", func(t *testing.T) {
		h := r43ReviewflowsPendingFinish(t)
		h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
		r42FlowsRegenerate(t, h, 1)
		h.ok(t, "rotate_api_keys", rotateStart)
	})
}

// A finish answered 504 at 12:00 (held), then at 12:02 a forced start also answered 504 (the read
// after shows the secondary unchanged: it may still land until 12:17, README: a start is then
// refused for 15 minutes, RotationStartMayStillLand). Then the lost finish lands (a new primary).
// The next call reads the new primary and settleFinished drops the whole ledger entry, the lost
// start's record (unsure, late) with it: a start at 12:03 goes ahead with no refusal and no word
// that the forced start may still replace the secondary it hands out.
func TestR43Reviewflows2LandedFinishDropsUnsureStartHold(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	h.clock.Advance(2 * time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: "regenerateProjectApiKey", Status: 504})
	lost := h.fail(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced start (504) 2 min later:\n%s", lost)
	r42FlowsRegenerate(t, h, 1) // the lost finish lands
	h.clock.Advance(time.Minute)
	r43StartWordsLostStep(t, h, "1 min after the lost start",
		"a start 1 minute after a start answered 504 (which may still land) replaced the secondary with no "+
			"refusal and no word of it")
}

// A finish F1 answered 504 at 12:00 (held until 12:15). At 12:10 a forced finish F2 is sent and
// also answered 504 by a gateway (never applied, may still land until 12:25); while it is in
// flight F1 lands. The read after F2 shows a primary other than before F2, so F2 is taken as having
// gone through (it did not: the new primary is F1's), and F2 is recorded nowhere as a finish that
// may still land. From 12:16 on (F1's window over) a start goes ahead, while F2 may still replace
// the primary until 12:25.
func TestR43Reviewflows2ForcedFinishTakesEarlierFinishLandingAsItsOwn(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r43Reviewflows2HeldPost(3, arrived, release)})
	h.ok(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: "regenerateProjectApiKey", Status: 504})
	t.Logf("finish F1 (504):\n%s", h.fail(t, "rotate_api_keys", rotateFinish))
	h.clock.Advance(10 * time.Minute)
	done := make(chan string)
	go func() { done <- text(h.call(t, "rotate_api_keys", r43RotateFinishForced)) }()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the forced finish never reached the gateway")
	}
	r42FlowsRegenerate(t, h, 1) // F1 lands meanwhile
	close(release)
	f2 := <-done
	t.Logf("forced finish F2 (504 from the gateway, F1 landed meanwhile):\n%s", f2)
	h.clock.Advance(6 * time.Minute) // 12:16: F1 can no longer land; F2 may until 12:25
	r43StartWordsLostStep(t, h, "at 12:16",
		"a start 6 minutes after a forced finish answered 504 (which may still land) went ahead with no word "+
			"of it; that finish was taken as landed from another finish's primary")
}

// Two lost finishes: F1 answered 504 at 12:00 (held), then at 12:10 a forced finish F2 also
// answered 504 with the primary unchanged just after (its text: it may still land until 12:25).
// The ledger keeps one finish only (finishUnsure overwrites F1's with F2's). Then one of them lands
// (a new primary): the next call settles "the" finish as went through and drops the hold, so a
// start at 12:11 goes ahead, while the other lost finish may still replace the primary.
func TestR43Reviewflows2TwoLostFinishesOneLandsDropsHold(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	h.clock.Advance(10 * time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: "regenerateProjectApiKey", Status: 504})
	t.Logf("forced finish F2 (504):\n%s", h.fail(t, "rotate_api_keys", r43RotateFinishForced))
	r42FlowsRegenerate(t, h, 1) // one of the two lands
	h.clock.Advance(time.Minute)
	r43StartWordsLostStep(t, h, "at 12:11",
		"a start 1 minute after a forced finish answered 504 (the other lost finish landed) went ahead with "+
			"no word that one of them may still replace the primary")
}

// r43StartWordsLostStep calls rotate_api_keys' start step (when: for the log) and fails with why
// when it replaced the secondary without a word that an earlier lost step may still land.
func r43StartWordsLostStep(t *testing.T, h *harness, when, why string) {
	t.Helper()
	_, s0 := emulatorKeys(t, h)
	st := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start %s:\n%s", when, st)
	if _, s1 := emulatorKeys(t, h); s1 != s0 && !strings.Contains(st, "may still land") {
		t.Errorf("%s:\n%s", why, st)
	}
}
