package mcpserver_test

import (
	"context"
	"sync/atomic"
	"time"
)

// r51DeterminismStallingTokens reads the token at once until stall is set, then hangs until the
// read's context ends (a token exchange that stops answering after the call's request was
// answered), telling first how long that context gives it: how long a remedy lookup may hold
// the answer, read as a condition instead of timed from outside.
type r51DeterminismStallingTokens struct {
	stall  *atomic.Bool
	budget chan time.Duration // one per stalled read; -1: no deadline
}

func (s r51DeterminismStallingTokens) Token(ctx context.Context) (string, error) {
	if s.stall.Load() {
		budget := time.Duration(-1)
		if end, ok := ctx.Deadline(); ok {
			budget = time.Until(end)
		}
		select {
		case s.budget <- budget:
		default:
		}
		<-ctx.Done()
		return "", ctx.Err()
	}
	return "sandbox", nil
}
