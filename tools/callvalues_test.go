package tools

import (
	"slices"
	"testing"
	"time"
)

// TestEnteredValuesAreForgotten: values entered on the page are the caller's alone, and are
// forgotten once their time is up.
func TestEnteredValuesAreForgotten(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	e := enteredValues{now: func() time.Time { return now }, afterFunc: func(time.Duration, func()) {}}
	e.add("a", "value-one", now.Add(time.Minute))
	e.add("a", "value-two", now.Add(time.Hour))
	e.add("b", "value-three", now.Add(time.Minute))
	if got := e.values("a", now); !slices.Equal(got, []string{"value-one", "value-two"}) {
		t.Errorf("a: %q", got)
	}
	if got := e.values("a", now.Add(2*time.Minute)); !slices.Equal(got, []string{"value-two"}) {
		t.Errorf("a later: %q", got)
	}
	if got := e.values("b", now.Add(2*time.Minute)); len(got) != 0 || len(e.byCall) != 1 {
		t.Errorf("b later: %q, %d callers kept", got, len(e.byCall))
	}
}

// TestEnteredValuesDropAtExpiry: a value entered on the page is dropped when its time is up,
// by a timer set when it was entered, without a later call asking for the caller's values.
func TestEnteredValuesDropAtExpiry(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	type timer struct {
		at time.Time
		f  func()
	}
	var timers []timer
	e := enteredValues{now: func() time.Time { return now },
		afterFunc: func(d time.Duration, f func()) { timers = append(timers, timer{now.Add(d), f}) }}
	ttl := 10*time.Minute + time.Minute // the link's outcome, plus one (human.go)
	e.add("a", "value-one", now.Add(ttl))
	now = now.Add(time.Minute)
	e.add("a", "value-two", now.Add(ttl))
	e.add("b", "value-three", now.Add(ttl))
	if len(timers) != 3 || !timers[0].at.Equal(now.Add(ttl-time.Minute)) || !timers[1].at.Equal(now.Add(ttl)) {
		t.Fatalf("timers: %v", timers)
	}
	held := func() (n int) {
		for _, list := range e.byCall {
			n += len(list)
		}
		return n
	}
	timers[0].f() // the first value's time is up; no call has come
	if n := held(); n != 2 || slices.ContainsFunc(e.byCall["a"], func(v entered) bool { return v.value == "value-one" }) {
		t.Errorf("after the first expiry: %v", e.byCall)
	}
	timers[1].f()
	timers[2].f()
	if len(e.byCall) != 0 {
		t.Errorf("after every expiry: %v", e.byCall)
	}
}
