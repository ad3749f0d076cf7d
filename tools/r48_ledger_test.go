package tools

import (
	"testing"
	"time"
)

// TestR48LedgerForgetNoEffectOnlyWhenStillSeen: an unsure start step found not to have taken
// effect is remembered as such only when it is still the app's recorded rotation; when another
// unsure start was recorded meanwhile, that one stays and nothing is remembered of the old one.
func TestR48LedgerForgetNoEffectOnlyWhenStillSeen(t *testing.T) {
	var l rotationLedger
	const app = 7
	first := time.Unix(1000, 0)
	if !l.claim(app, openRotation{}) {
		t.Fatal("claim refused")
	}
	l.doneUnsure(app, first, "secondary-before", false, false, false)
	seen := l.get(app)

	// Another start step, also unsure, over the same secondary, recorded meanwhile.
	if !l.claim(app, seen) {
		t.Fatal("second claim refused")
	}
	second := time.Unix(2000, 0)
	l.doneUnsure(app, second, "secondary-before", false, false, false)
	now := l.get(app)

	if got := l.forgetNoEffect(app, seen); got != now {
		t.Errorf("forgetNoEffect on a rotation no longer recorded changed the record: %+v, want %+v", got, now)
	}
	if started, ok := l.hadNoEffect(app, "secondary-before"); ok {
		t.Errorf("a start step no longer recorded was remembered as without effect (started %v)", started)
	}

	// The recorded one, found without effect, is forgotten and remembered.
	if got := l.forgetNoEffect(app, now); got != (openRotation{}) {
		t.Errorf("forgetNoEffect left %+v recorded", got)
	}
	if started, ok := l.hadNoEffect(app, "secondary-before"); !ok || !started.Equal(second) {
		t.Errorf("hadNoEffect = %v, %v; want %v, true", started, ok, second)
	}
}
