package tools

import (
	"testing"
	"time"
)

// TestRotationLedgerClaims: one step per app at a time, decided on what is still the case;
// the ledger holds a hash of the start step's secondary key, not the key.
func TestRotationLedgerClaims(t *testing.T) {
	var l rotationLedger
	none := openRotation{}
	if !l.claim(101, none) {
		t.Fatal("first claim refused")
	}
	if l.claim(101, none) {
		t.Error("a second step for the same app ran while the first was running")
	}
	if !l.claim(102, none) {
		t.Error("another app was blocked")
	}
	l.done(102, "start", false, time.Time{}, "", "")
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l.done(101, "start", true, at, "", "secondary-key")
	seen := l.get(101)
	if !seen.known() || !seen.made("secondary-key") || seen.made("other") || !seen.started.Equal(at) || l.get(102).known() {
		t.Fatalf("recorded %+v", seen)
	}
	if l.claim(101, none) {
		t.Error("a step decided before the start step was recorded went ahead")
	}
	if !l.claim(101, seen) {
		t.Fatal("claim on the open rotation refused")
	}
	l.done(101, "finish", true, at, "", "secondary-key")
	if l.get(101).known() {
		t.Error("finish left the rotation open")
	}
	// forget drops only what was seen.
	l.done(101, "start", true, at, "", "k2")
	l.forget(101, seen)
	if !l.get(101).known() {
		t.Error("forgot a newer start step")
	}
}
