package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r47Flows3OverLateStart is a harness whose start step was answered 504 at 12:00 (it may still
// land until 12:15), with a finish forced over it a minute later: answered (applied) or, with
// lostFinish, answered 504 and then landed (the primary replaced at the emulator directly).
func r47Flows3OverLateStart(t *testing.T, lostFinish bool) *harness {
	h := r46Flows2OverLostStart(t)
	if lostFinish {
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		h.fail(t, "rotate_api_keys", forced(rotateFinish))
		r42FlowsRegenerate(t, h, 1)
	} else {
		h.ok(t, "rotate_api_keys", forced(rotateFinish))
	}
	h.clock.Advance(time.Minute)
	return h
}

// A finish forced over a start step that may still land does not make this server forget that
// start step: until it can no longer land, a start without force is refused as before the finish,
// naming that step and its deadline; from then on (the secondary unchanged) a start goes ahead.
func TestR47Flows3FinishOverLateStartKeepsItsGuard(t *testing.T) {
	for _, c := range []struct {
		name string
		lost bool
	}{{"answered", false}, {"lost then landed", true}} {
		t.Run(c.name, func(t *testing.T) {
			h := r47Flows3OverLateStart(t, c.lost)
			out := text(h.call(t, "rotate_api_keys", rotateStart))
			t.Logf("start after the finish:\n%s", out)
			mustContain(t, "start before the deadline", out, "Refused", "start step at 2026-11-22 12:00:00Z",
				"2026-11-22 12:15:00Z", "no finish is needed")
			// Should it land, no finish is needed (the primary was replaced already), and one without
			// force is refused.
			if strings.Contains(out, `then call rotate_api_keys with step "finish" (it checks`) {
				t.Error("advises a finish, should that start step land, though this server then refuses one")
			}
			h.clock.Advance(15 * time.Minute)
			r46FlowsNotRefused(t, h, "start after the deadline", rotateStart)
		})
	}
}

// As TestR47Flows3FinishOverLateStartKeepsItsGuard, the keys unread before the start step (so no
// read settles it): until it can no longer land a start is refused, naming it; then it goes ahead,
// and a finish is refused as after no start step.
func TestR47Flows3FinishOverUnreadLateStartKeepsItsGuard(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	h.ok(t, "rotate_api_keys", forced(rotateFinish))
	h.clock.Advance(time.Minute)
	out := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start after the finish:\n%s", out)
	mustContain(t, "start before the deadline", out, "Refused", "start step at 2026-11-22 12:00:00Z",
		"2026-11-22 12:15:00Z")
	// Another finish is refused, and not advised: the primary was replaced already.
	out = text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish after the finish:\n%s", out)
	mustContain(t, "finish before the deadline", out, "Refused", "start step at 2026-11-22 12:00:00Z",
		"finish step at 2026-11-22 12:01:00Z", "No finish is needed")
	h.clock.Advance(15 * time.Minute)
	out = text(h.call(t, "rotate_api_keys", rotateFinish))
	mustContain(t, "finish after the deadline", out, "Refused", "has seen no start step")
	r46FlowsNotRefused(t, h, "start after the deadline", rotateStart)
}

// A start step answered 504 at 12:00, the keys unchanged after; after its deadline (12:15) a new
// secondary is read: the texts said a new secondary means that step went through, so a finish is
// accepted as completing it, and a start is refused (clients may be on that key).
func TestR47Flows3NewSecondaryAfterDeadlineThenFinish(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "lost start", out, "A new secondary means the start step went through")
	h.clock.Advance(16 * time.Minute)
	r42FlowsRegenerate(t, h, 2) // landed late, as the delayed request would
	out = text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start after the new secondary:\n%s", out)
	mustContain(t, "start", out, "Refused", "start step at 2026-11-22 12:00:00Z")
	out = r46FlowsNotRefused(t, h, "finish", rotateFinish)
	t.Logf("finish after the new secondary:\n%s", out)
	mustContain(t, "finish", out, "Rotation complete", "start step made at 2026-11-22 12:00:00Z")
	out = text(h.call(t, "rotate_api_keys", rotateFinish))
	mustContain(t, "second finish", out, "Refused", "finished it already")
}

// As TestR47Flows3NewSecondaryAfterDeadlineThenFinish, with a finish forced over the start step
// while it could still land: the new secondary shows it landed after that finish, whose new
// primary clients were told to use; another finish would cut them off, so it is refused without
// force, naming both steps, and a start is refused too (clients may be on the new secondary).
func TestR47Flows3StartLandedAfterForcedFinish(t *testing.T) {
	h := r47Flows3OverLateStart(t, false)
	h.clock.Advance(15 * time.Minute)
	r42FlowsRegenerate(t, h, 2) // landed late
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish after the late start landed:\n%s", out)
	mustContain(t, "finish", out, "Refused", "start step at 2026-11-22 12:00:00Z", "2026-11-22 12:01:00Z",
		"No finish is needed", "force: true")
	out = text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start after the late start landed:\n%s", out)
	// Both keys were replaced already: no finish is needed.
	mustContain(t, "start", out, "Refused", "start step at 2026-11-22 12:00:00Z", "No finish is needed")
	r46FlowsNotRefused(t, h, "forced finish", forced(rotateFinish))
}

// r47Flows3UnreadFinishOverNoEffect: a start step answered 504 at 12:00 that, the keys unchanged
// at 12:16, had no effect; a finish forced over it (refused without force), answered status, the
// keys unreadable after it.
// refusedFirst: a finish without force was refused first (the start step had no effect).
func r47Flows3UnreadFinishOverNoEffect(t *testing.T, status int, refusedFirst bool) (*harness, string) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(16 * time.Minute)
	if refusedFirst {
		out := text(h.call(t, "rotate_api_keys", rotateFinish))
		mustContain(t, "refused finish", out, "Refused", "did not take effect")
	}
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID}) // the read before: answered
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 500})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: status})
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("unread forced finish over a start without effect:\n%s", out)
	return h, out
}

// TestR47Flows3UnreadFinishOverNoEffectNext: with the old primary read next (the finish not
// applied), the call the text names is accepted, and is not another forced finish, which would
// cut off the clients still on the primary (no start step moved them to the secondary); once
// a finish that may still land no longer can, a start goes ahead.
func TestR47Flows3UnreadFinishOverNoEffectNext(t *testing.T) {
	for _, c := range []struct {
		status       int
		refusedFirst bool
	}{{500, false}, {504, false}, {500, true}} {
		status := c.status
		name := http.StatusText(status)
		if c.refusedFirst {
			name += "/refused first"
		}
		t.Run(name, func(t *testing.T) {
			h, out := r47Flows3UnreadFinishOverNoEffect(t, status, c.refusedFirst)
			if strings.Contains(out, `"finish" again with force: true`) {
				t.Error("advises a forced finish again, though no start step took effect")
			}
			if status == 504 {
				h.clock.Advance(16 * time.Minute)
			} else {
				mustContain(t, "next", out, "start step at 2026-11-22 12:00:00Z", `step "start"`)
			}
			r46FlowsNotRefused(t, h, "start", rotateStart)
		})
	}
}

// A finish forced over a start step without effect, answered 502 and not applied (the keys read
// after unchanged): the text advises a start, which is accepted, not a forced finish again.
func TestR47Flows3NotAppliedFinishOverNoEffectNext(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(16 * time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502})
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("not applied forced finish over a start without effect:\n%s", out)
	if strings.Contains(out, `"finish" again with force: true`) {
		t.Error("advises a forced finish again, though no start step took effect")
	}
	mustContain(t, "next", out, "did not take effect", "start step at 2026-11-22 12:00:00Z", `step "start"`)
	r46FlowsNotRefused(t, h, "start", rotateStart)
}

// A finish forced over a start step that had no effect (directly, or after a refused finish):
// the result does not say the secondary was replaced since that start step, which made none; it
// says the secondary is the one from before that step.
func TestR47Flows3ForcedFinishOverNoEffectSaysWhichSecondary(t *testing.T) {
	for _, refusedFirst := range []bool{false, true} {
		h := r46FlowsHarness(t)
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		h.fail(t, "rotate_api_keys", rotateStart)
		h.clock.Advance(16 * time.Minute)
		if refusedFirst {
			h.call(t, "rotate_api_keys", rotateFinish)
		}
		out := h.ok(t, "rotate_api_keys", forced(rotateFinish))
		t.Logf("forced finish over a start without effect (refused first: %v):\n%s", refusedFirst, out)
		if strings.Contains(out, "replaced since") {
			t.Error("says the secondary was replaced since the start step, which made none")
		}
		mustContain(t, "valid", out, "start step at 2026-11-22 12:00:00Z did not take effect")
	}
}
