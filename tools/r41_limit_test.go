package tools

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestR41SpentTimeLimitEndsAtOnce: a time limit already spent (0 or less: --tool-timeout 1ns
// less the time taken before the call ran) ends the context before withTimeLimit returns, not
// when the timer's goroutine gets to run; a fast request (the in-process sandbox) would
// otherwise be sent in between. Resuming a paused limit with nothing left does the same.
func TestR41SpentTimeLimitEndsAtOnce(t *testing.T) {
	for _, limit := range []time.Duration{0, -time.Millisecond} {
		ctx, cancel := withTimeLimit(context.Background(), limit)
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Errorf("limit %s: Err = %v right after withTimeLimit, want context.DeadlineExceeded", limit, ctx.Err())
		}
		select {
		case <-ctx.Done():
		default:
			t.Errorf("limit %s: Done not closed right after withTimeLimit", limit)
		}
		cancel()
	}
	// A parent already done keeps its own reason.
	parent, cancelParent := context.WithCancel(context.Background())
	cancelParent()
	ctx, cancel := withTimeLimit(parent, 0)
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("cancelled parent, spent limit: Err = %v, want context.Canceled", ctx.Err())
	}
	cancel()

	ctx, cancel = withTimeLimit(context.Background(), time.Hour)
	defer cancel()
	c := ctx.Value(limitKey{}).(*limitCtx)
	resume := pauseTimeLimit(ctx)
	c.mu.Lock()
	c.remaining = -time.Millisecond // spent before the pause
	c.mu.Unlock()
	resume()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("resumed with nothing left: Err = %v right after resume, want context.DeadlineExceeded", ctx.Err())
	}
}
