package tools

import (
	"context"
	"testing"
	"time"
)

// r51DeterminismPausedInTime returns a time limit of limit paused while time was left, and what
// was left. A machine too loaded to pause it before it ran out (it ended, or nothing was left)
// only makes it try again: the test proves the pause, not how fast the machine is.
func r51DeterminismPausedInTime(t *testing.T, limit time.Duration) (ctx context.Context, cancel context.CancelFunc, left time.Duration, resume func()) {
	t.Helper()
	for range 50 {
		ctx, cancel = withTimeLimit(context.Background(), limit)
		resume = pauseTimeLimit(ctx)
		c := ctx.Value(limitKey{}).(*limitCtx)
		c.mu.Lock()
		left, ended := c.remaining, c.err != nil
		c.mu.Unlock()
		if !ended && left > 0 {
			return ctx, cancel, left, resume
		}
		resume()
		cancel()
	}
	t.Fatalf("the limit of %v ran out before every one of 50 pauses", limit)
	return nil, nil, 0, nil
}

// r51DeterminismAwaitPauses waits until ctx's time limit is paused n times over (a wait for a
// person has begun); the guard only ends a broken test.
func r51DeterminismAwaitPauses(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	c := ctx.Value(limitKey{}).(*limitCtx)
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		c.mu.Lock()
		paused := c.paused
		c.mu.Unlock()
		if paused >= n {
			return
		}
	}
	t.Fatalf("the time limit was never paused %d times over", n)
}
