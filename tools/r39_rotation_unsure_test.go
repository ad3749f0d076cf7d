package tools

import (
	"testing"
	"time"
)

// TestR39RotationLedgerUnsureStart: a start step whose answer was lost is remembered as unsure,
// with the hash of the secondary before it: unchanged tells it did not take effect, settle
// opens the rotation with the key read since; finishing it records no finished rotation.
func TestR39RotationLedgerUnsureStart(t *testing.T) {
	var l rotationLedger
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if !l.claim(101, openRotation{}) {
		t.Fatal("claim refused")
	}
	l.doneUnsure(101, at, "old-secondary", false, false, false)
	seen := l.get(101)
	if !seen.known() || !seen.unsure || seen.made("old-secondary") || !seen.unchanged("old-secondary") || seen.unchanged("new") {
		t.Fatalf("recorded %+v", seen)
	}
	open := l.settle(101, seen, "new")
	if !open.made("new") || open.unsure || !open.started.Equal(at) || l.get(101) != open {
		t.Fatalf("settled %+v", open)
	}
	if l.settle(101, seen, "other").known() {
		t.Error("settled a start step no longer recorded")
	}
	// Unread before: nothing can tell it did not take effect.
	l.claim(102, openRotation{})
	l.doneUnsure(102, at, "", false, false, false)
	if u := l.get(102); u.unchanged("") || u.hadBefore {
		t.Errorf("unread before: %+v", u)
	}
	l.claim(102, l.get(102))
	l.done(102, "finish", true, at, "", "")
	if _, ok := l.lastFinished(102); ok || l.get(102).known() {
		t.Error("a forced finish after an unsure start was recorded as finishing a start step seen")
	}
}
