package mcpserver_test

import (
	"strings"
	"testing"
	"time"
)

// A finish answered 504 (it may still land), then a finish with force: true, which goes
// through: the rotation is finished, but the lost finish may still replace the primary this one
// handed out. A start right after would replace the secondary too (cutting off the clients left
// on it), so it is refused while the lost finish may still land, as after the lost finish alone.
// The forced finish replaced the primary from before the lost one, so a primary changed since does
// not show the lost one went through (it is held blind, TestR43Reviewflows2ForcedFinishHeldTextSaysPrimaryUnchanged):
// only once it can no longer land does a start go ahead.
func TestR43Flows2StartAfterForcedFinishOverPendingFinish(t *testing.T) {
	setup := func(t *testing.T) *harness {
		h := r43ReviewflowsPendingFinish(t)
		out := h.ok(t, "rotate_api_keys", r43RotateFinishForced)
		t.Logf("forced finish:\n%s", out)
		return h
	}
	t.Run("held", func(t *testing.T) {
		h := setup(t)
		_, s0 := emulatorKeys(t, h)
		st := text(h.call(t, "rotate_api_keys", rotateStart))
		t.Logf("start right after:\n%s", st)
		if _, s1 := emulatorKeys(t, h); s1 != s0 || !strings.HasPrefix(st, "Refused") {
			t.Fatalf("a start right after a forced finish over a finish that may still land is not refused:\n%s", st)
		}
		mustContain(t, "refusal", st, "may still land")
	})
	t.Run("after the window", func(t *testing.T) {
		h := setup(t)
		h.clock.Advance(16 * time.Minute)
		h.ok(t, "rotate_api_keys", rotateStart)
	})
	t.Run("landed", func(t *testing.T) {
		h := setup(t)
		r42FlowsRegenerate(t, h, 1) // the lost finish lands, at the emulator directly (or something else replaced it)
		st := text(h.call(t, "rotate_api_keys", rotateStart))
		t.Logf("start after a new primary:\n%s", st)
		mustContain(t, "refusal", st, "Refused", "may still land")
		h.clock.Advance(16 * time.Minute)
		h.ok(t, "rotate_api_keys", rotateStart)
	})
}

// A finish answered 504 (it may still land), then the secondary is replaced outside this server
// (the console): the start step no longer counts, but the lost finish is still held. A start is
// refused while it may still land, the second time as the first (forgetting the start step used
// to forget the held finish too).
func TestR43Flows2SecondaryReplacedKeepsPendingFinishHeld(t *testing.T) {
	h := r43ReviewflowsPendingFinish(t)
	r42FlowsRegenerate(t, h, 2)
	for i := 1; i <= 2; i++ {
		_, s0 := emulatorKeys(t, h)
		st := text(h.call(t, "rotate_api_keys", rotateStart))
		t.Logf("start %d:\n%s", i, st)
		if _, s1 := emulatorKeys(t, h); s1 != s0 || !strings.HasPrefix(st, "Refused") {
			t.Fatalf("start %d while a lost finish may still land is not refused:\n%s", i, st)
		}
	}
	h.clock.Advance(16 * time.Minute)
	h.ok(t, "rotate_api_keys", rotateStart)
}
