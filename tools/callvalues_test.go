package tools

import (
	"slices"
	"testing"
	"time"
)

// TestEnteredValuesAreForgotten: values entered on the page are the caller's alone, and are
// forgotten once their time is up.
func TestEnteredValuesAreForgotten(t *testing.T) {
	var e enteredValues
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
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
