package mcpserver_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r46FlowsHarness is the demo emulator with confirmation off.
func r46FlowsHarness(t *testing.T) *harness {
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
}

// r46FlowsNotRefused fails when calling tool with args is refused.
func r46FlowsNotRefused(t *testing.T, h *harness, what string, args map[string]any) string {
	t.Helper()
	out := text(h.call(t, "rotate_api_keys", args))
	if strings.HasPrefix(out, "Refused") {
		t.Errorf("%s: the call the text advised (%v) is refused:\n%s", what, args, out)
	}
	return out
}

// A start answered 504 (it may still land), a minute later a forced start answered 504 too, the
// read after showing the keys unchanged: a new secondary read later may come from either step,
// so the text does not say it means this start went through; it names the earlier step, and what
// it says to do once neither can land any more is what this server then accepts.
func TestR46FlowsForcedLostStartOverLostStartNamesBoth(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced lost start:\n%s", out)
	if strings.Contains(out, "A new secondary means the start step went through") {
		t.Error("says a new secondary means this start step went through, though the earlier one may have made it")
	}
	mustContain(t, "both steps", out, "earlier start step at 2026-11-22 12:00:00Z", "2026-11-22 12:16:00Z",
		`step "finish" and force: true`, `start again with force: true`)
	// Once neither can land, what it says to do in either case is accepted.
	h.clock.Advance(16 * time.Minute)
	r46FlowsNotRefused(t, h, "finish", forced(rotateFinish))
	h2 := r46FlowsHarness(t)
	h2.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h2.fail(t, "rotate_api_keys", rotateStart)
	h2.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h2.fail(t, "rotate_api_keys", forced(rotateStart))
	h2.clock.Advance(16 * time.Minute)
	r46FlowsNotRefused(t, h2, "start", forced(rotateStart))
}

// A step forced over a finish step whose answer was lost and which may still land, its own answer
// lost and the keys unchanged after: the "not applied" text names a call this server accepts now
// (following it, the call is not refused).
func TestR46FlowsNotAppliedNextIsAccepted(t *testing.T) {
	for _, step := range []map[string]any{rotateStart, rotateFinish} {
		t.Run(step["step"].(string), func(t *testing.T) {
			h := r46FlowsHarness(t)
			h.ok(t, "rotate_api_keys", rotateStart)
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
			h.fail(t, "rotate_api_keys", rotateFinish)
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}) // not applied
			out := h.fail(t, "rotate_api_keys", forced(step))
			t.Logf("forced step, not applied:\n%s", out)
			mustContain(t, "not applied", out, "did not take effect")
			next := step
			if strings.Contains(out, "again with force: true") {
				next = forced(step)
			}
			r46FlowsNotRefused(t, h, "as advised", next)
		})
	}
}

// A start forced over a finish step whose answer was lost and which may still land: whatever its
// own lost answer leaves, no line of the text (Valid now included) says the primary works without
// the hedge that the held finish step may still replace it.
func TestR46FlowsLostStartOverHeldFinishHedgesEveryLine(t *testing.T) {
	for _, c := range []struct {
		name   string
		faults []sandbox.Fault
	}{
		{"applied", []sandbox.Fault{{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true}}},
		{"not applied", []sandbox.Fault{{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}}},
		{"may still apply", []sandbox.Fault{{Operation: api.RegenerateProjectAPIKey.ID, Status: 504}}},
		{"unread", []sandbox.Fault{{Operation: api.GetProjectAPIKeys.ID, Status: 500, Times: -1},
			{Operation: api.RegenerateProjectAPIKey.ID, Status: 504}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := r46FlowsHarness(t)
			h.ok(t, "rotate_api_keys", rotateStart)
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
			h.fail(t, "rotate_api_keys", rotateFinish)
			for _, f := range c.faults {
				h.emu.InjectFault(f)
			}
			out := h.fail(t, "rotate_api_keys", forced(rotateStart))
			t.Logf("forced lost start:\n%s", out)
			mustContain(t, "hedge", out, "unless this server's finish step at 2026-11-22 12:00:00Z")
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "Valid now:") && !strings.Contains(line, "unless this server's finish step") {
					t.Errorf("the Valid now line names the primary unhedged: %s", line)
				}
			}
		})
	}
}

// Two rotate_api_keys starts of one app at once, the first slowed at the API: the second is
// refused as busy, and the secondary was regenerated once, by the first.
func TestR46FlowsConcurrentStartsOneBusy(t *testing.T) {
	h := r46FlowsHarness(t)
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Latency: time.Second})
	var wg sync.WaitGroup
	var first *mcp.CallToolResult
	var firstErr error
	wg.Go(func() {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "rotate_api_keys", rotateStart
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		first, firstErr = h.mcp.CallTool(ctx, req)
	})
	untilCalled(t, h, api.RegenerateProjectAPIKey) // the first is in flight at the API
	second := h.call(t, "rotate_api_keys", rotateStart)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("first start: %v", firstErr)
	}
	t.Logf("first:\n%s\nsecond:\n%s", text(first), text(second))
	if first.IsError {
		t.Errorf("the first start failed: %s", text(first))
	}
	if !second.IsError || !strings.HasPrefix(text(second), "Another rotate_api_keys call for analytics-app") {
		t.Errorf("the second start, while the first ran, is not refused as busy:\n%s", text(second))
	}
	if n := h.emu.Calls(api.RegenerateProjectAPIKey.ID); n != 1 {
		t.Errorf("regenerated %d times, want 1", n)
	}
	if p, s := emulatorKeys(t, h); p != p0 || s == s0 {
		t.Error("want the secondary replaced once, the primary kept")
	}
}

// r46FlowsHeldFinish is a harness whose rotation was started, and whose finish step was answered
// 504 Gateway Timeout with the keys unchanged after: held, it may still land until 12:15.
func r46FlowsHeldFinish(t *testing.T) *harness {
	h := r46FlowsHarness(t)
	h.ok(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateFinish)
	return h
}

// A start forced over a finish step that may still land, which went through (its answer lost or
// not): the finish its text says to call next is refused while that finish step may still land,
// so the text says until when; from then on, the finish it names goes ahead.
func TestR46FlowsStartOverHeldFinishSaysWhenFinishGoesAhead(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault *sandbox.Fault
		late  bool // the start lands after the read that follows it
	}{
		{"answered", nil, false},
		{"lost, applied", &sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true}, false},
		{"lost, lands late", &sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := r46FlowsHeldFinish(t)
			h.clock.Advance(time.Minute)
			if c.fault != nil {
				h.emu.InjectFault(*c.fault)
			}
			out := text(h.call(t, "rotate_api_keys", forced(rotateStart)))
			t.Logf("forced start:\n%s", out)
			mustContain(t, "finish waits", out, "2026-11-22 12:15:00Z this server refuses a finish without force: true")
			if c.late {
				r42FlowsRegenerate(t, h, 2) // as the delayed start step would
			}
			if fin := text(h.call(t, "rotate_api_keys", rotateFinish)); !strings.HasPrefix(fin, "Refused") {
				t.Errorf("a finish right after went ahead, though the text says it is refused until 12:15:\n%s", fin)
			}
			h.clock.Advance(15 * time.Minute)
			r46FlowsNotRefused(t, h, "finish from then on", rotateFinish)
		})
	}
}

// A forced finish with no start step remembered, the keys unread before it, its answer lost
// (502) and nothing applied: what the text says to call next is accepted.
func TestR46FlowsLostForcedFinishUnreadNextIsAccepted(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502})
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("forced lost finish:\n%s", out)
	next := rotateFinish
	if strings.Contains(out, `step "finish" again with force: true`) {
		next = forced(rotateFinish)
	}
	r46FlowsNotRefused(t, h, "as advised", next)
}

// A finish whose answer was lost (502) after it went through, the keys read before it but not
// after: the text does not tell to call finish again without reading the keys first (this
// server, reading the new primary, refuses that finish as finished already).
func TestR46FlowsLostFinishUnreadAfterSaysReadFirst(t *testing.T) {
	h := r46FlowsHarness(t)
	h.ok(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID}) // the read before: answered
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateFinish)
	t.Logf("lost finish:\n%s", out)
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish again:\n%s", fin)
	if strings.HasPrefix(fin, "Refused") {
		mustContain(t, "lost finish", out, "Next: Read the keys", "a new primary shows the finish step was applied")
	}
}

// A start whose answer was lost with the keys unread around it: no read can tell whether it made
// the secondary, so the finish its text names is the one this server accepts (with force).
func TestR46FlowsLostStartUnreadNextIsAccepted(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403, Times: 2})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	t.Logf("lost start:\n%s", out)
	next := rotateFinish
	if strings.Contains(out, `step "finish" and force: true`) {
		next = forced(rotateFinish)
	}
	r46FlowsNotRefused(t, h, "as advised", next)
}

// A start forced over a finish step that may still land, then a plain start: refused. Its text
// says a start goes ahead once that finish step went through; but the forced start began a
// rotation of its own, whose secondary a start would replace: the text says what holds then.
func TestR46FlowsStartRefusedOverHeldFinishAfterForcedStart(t *testing.T) {
	h := r46FlowsHeldFinish(t)
	h.clock.Advance(time.Minute)
	h.ok(t, "rotate_api_keys", forced(rotateStart))
	out := h.fail(t, "rotate_api_keys", rotateStart)
	t.Logf("start:\n%s", out)
	r42FlowsRegenerate(t, h, 1) // the held finish step lands
	again := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start once it landed:\n%s", again)
	if strings.Contains(out, "Once it went through, a start goes ahead") && strings.HasPrefix(again, "Refused") {
		t.Error("the refusal says a start goes ahead once the finish step went through; it is refused then")
	}
}

// A start answered 504 (it may still land), then a forced start answered 504 with the keys
// unread around it: the text does not send clients to the current secondary while the earlier
// step may still replace it; it names that step and from when neither can land.
func TestR46FlowsForcedLostStartUnreadOverLostStartNamesBoth(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403, Times: 2})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced lost start, keys unread:\n%s", out)
	mustContain(t, "both steps", out, "earlier start step at 2026-11-22 12:00:00Z", "before 2026-11-22 12:16:00Z",
		`step "finish" and force: true`)
	h.clock.Advance(16 * time.Minute)
	r46FlowsNotRefused(t, h, "finish", forced(rotateFinish))
}
