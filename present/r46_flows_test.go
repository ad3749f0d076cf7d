package present

import (
	"strings"
	"testing"
	"time"
)

// A lost step's text while this server's finish step that got no clear answer may still land:
// whatever the read after settled, every claim that the primary works carries the hedge that the
// held finish step may replace it (Valid now included), and no unhedged claim is left; built for
// the case, so rewording a base text cannot drop it.
func TestR46FlowsLostStepOverHeldFinishIsHedged(t *testing.T) {
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	hedge := "unless this server's finish step at 2026-11-22 12:00:00Z, which got no clear answer and may still land until 2026-11-22 12:15:00Z, replaces it"
	for _, c := range []struct {
		step    string
		settled RotationSettled
	}{
		{"start", RotationUnsettled}, {"start", RotationApplied}, {"start", RotationNotApplied},
		{"start", RotationMayStillApply}, {"start", RotationChangedByAnother}, {"finish", RotationNotApplied},
	} {
		out := RotationLost(LostRotationStep{App: "analytics-app (101)", Step: c.step, Why: "no answer came back",
			Settled: c.settled, LandsUntil: at.Add(time.Minute), HeldFinish: at, HeldFinishUntil: at.Add(15 * time.Minute)})
		if !strings.Contains(out, hedge) {
			t.Errorf("%s, settled %d: no hedge:\n%s", c.step, c.settled, out)
		}
		for _, claim := range []string{"primary key was not touched and keeps working", "the primary and the secondary keys keep working",
			"the primary (unchanged)"} {
			if strings.Contains(out, claim) {
				t.Errorf("%s, settled %d: unhedged %q:\n%s", c.step, c.settled, claim, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "Valid now:") && !strings.Contains(line, hedge) {
				t.Errorf("%s, settled %d: Valid now without the hedge: %s", c.step, c.settled, line)
			}
		}
	}
}
