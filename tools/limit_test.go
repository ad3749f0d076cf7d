package tools

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestTimeLimitEndsWithDeadlineExceeded(t *testing.T) {
	ctx, cancel := withTimeLimit(context.Background(), 50*time.Millisecond)
	defer cancel()
	if d, ok := ctx.Deadline(); !ok || time.Until(d) > 50*time.Millisecond {
		t.Errorf("Deadline = %v, %t", d, ok)
	}
	select {
	case <-ctx.Done():
	case <-time.After(r53DeterminismGuard):
		t.Fatal("the limit did not end the context")
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v", ctx.Err())
	}
}

// TestTimeLimitPausesForAPerson: a person's time is not counted. Proven by conditions, not by
// how long the rest of the limit took to run out on a loaded machine: the limit is paused with
// time left (r51DeterminismPausedInTime), stays live while the person takes longer than the
// whole limit, and after it resumes ends exactly what was left later, with DeadlineExceeded.
func TestTimeLimitPausesForAPerson(t *testing.T) {
	const limit = 100 * time.Millisecond
	ctx, cancel, left, resume := r51DeterminismPausedInTime(t, limit)
	defer cancel()
	time.Sleep(2 * limit) // a person takes longer than the whole limit
	if ctx.Err() != nil {
		t.Fatalf("ended while paused: %v", ctx.Err())
	}
	before := time.Now()
	resume()
	after := time.Now()
	resume() // a second call changes nothing
	end, ok := ctx.Deadline()
	if !ok || end.Before(before.Add(left)) || end.After(after.Add(left)) {
		t.Errorf("after the pause the limit ends at +%v, want what was left (%v) after the resume", end.Sub(before), left)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the limit did not end after the pause")
	}
	if now := time.Now(); now.Before(end) {
		t.Errorf("ended %v before its end", end.Sub(now))
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v", ctx.Err())
	}
	pauseTimeLimit(context.Background())() // no limit: nothing to pause
}

func TestTimeLimitFollowsItsParent(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), limitKey{}, "not a limit"))
	ctx, cancel := withTimeLimit(parent, time.Hour)
	defer cancel()
	child, stop := context.WithCancel(ctx)
	defer stop()
	cancelParent()
	select {
	case <-child.Done():
	case <-time.After(r53DeterminismGuard):
		t.Fatal("the parent's cancellation did not reach the child")
	}
	if !errors.Is(ctx.Err(), context.Canceled) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v", ctx.Err())
	}
	if got := timedOut(parent, ctx, time.Hour, context.DeadlineExceeded); got != context.DeadlineExceeded {
		t.Errorf("the caller's end was attributed to the limit: %v", got)
	}
	short, cancelShort := context.WithTimeout(context.Background(), time.Minute)
	defer cancelShort()
	limited, cancelLimited := withTimeLimit(short, time.Hour)
	defer cancelLimited()
	if d, _ := limited.Deadline(); time.Until(d) > time.Minute {
		t.Errorf("Deadline %v ignores the parent's earlier one", d)
	}
}

// TestSpentTimeLimitEndsAtOnce: a limit already spent (a scope check that waited for the token
// endpoint took it all) or a parent already done ends the context at once, without a panic
// (the watch used to fire before its own timer was set: a nil Timer.Stop killed the process).
func TestSpentTimeLimitEndsAtOnce(t *testing.T) {
	done, cancelParent := context.WithCancel(context.Background())
	cancelParent()
	for i := range 2000 {
		parent, limit := context.Background(), -time.Duration(i%3)*time.Millisecond
		if i%2 == 1 {
			parent, limit = done, time.Minute
		}
		ctx, cancel := withTimeLimit(parent, limit)
		<-ctx.Done()
		if ctx.Err() == nil {
			t.Fatal("no error once done")
		}
		cancel()
	}
}
