package mcpserver_test

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR46ReviewNotAppliedStartOverLostStartHedgesTheSecondary: a start answered 504 (it may
// still land for 15 minutes), then a forced start answered 502 with the keys unchanged after
// ("did not take effect"). The text says the secondary keeps working, unhedged, though the
// earlier start step may still replace it: RotationLost's NotApplied branch hedges the primary
// for a held finish (62f68e7) but ignores Twice/EarlierStart for a start.
func TestR46ReviewNotAppliedStartOverLostStartHedgesTheSecondary(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}) // not applied
	out := h.fail(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced start over a lost start, not applied:\n%s", out)
	if !strings.Contains(out, "did not take effect") {
		t.Skipf("not the not-applied text")
	}
	if !strings.Contains(out, "12:00:00") {
		t.Error("the not-applied text says the keys keep working without naming the earlier start step that may still replace the secondary")
	}
}

// TestR46ReviewNotAppliedFinishOverLostStartHedgesTheSecondary: the same for a finish forced
// over a start step that may still land (refused as "late" without force), answered 502 with the
// keys unchanged: "the primary and the secondary keys keep working", though that start step may
// still replace the secondary (earlierStart is computed for a start step only).
func TestR46ReviewNotAppliedFinishOverLostStartHedgesTheSecondary(t *testing.T) {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}) // not applied
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("forced finish over a lost start, not applied:\n%s", out)
	if !strings.Contains(out, "did not take effect") {
		t.Skipf("not the not-applied text")
	}
	if strings.Contains(out, "the secondary keys keep working") && !strings.Contains(out, "12:00:00") {
		t.Error("says the secondary keeps working without naming the start step at 12:00 that may still replace it")
	}
}
