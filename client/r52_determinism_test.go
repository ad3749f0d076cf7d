package client_test

import (
	"context"
	"testing"
	"time"
)

// r52DeterminismDeadline is a context whose deadline the client judges its waits against but
// which does not pass in the test: Deadline says d from when it was made, Done closes only
// after r51DeterminismGuard (a client that waited anyway fails then instead of hanging). A test
// proving "a wait longer than the deadline is refused at once" then cannot fail because a loaded
// machine spent d before the first attempt came back: a real d-second deadline would end that
// attempt instead, and the test would read a different error.
type r52DeterminismDeadline struct {
	context.Context
	at time.Time
}

func r52DeterminismDeadlineIn(t *testing.T, d time.Duration) context.Context {
	guard, cancel := context.WithTimeout(context.Background(), r51DeterminismGuard)
	t.Cleanup(cancel)
	return r52DeterminismDeadline{Context: guard, at: time.Now().Add(d)}
}

func (c r52DeterminismDeadline) Deadline() (time.Time, bool) { return c.at, true }
