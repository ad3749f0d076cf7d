package tools

import (
	"context"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Progress receives human-readable progress messages of a long tool call; the MCP layer turns
// them into notifications/progress when the client asked for them. Messages never carry
// argument values, so no secret can travel in one.
type Progress func(message string)

type progressKey struct{}

// WithProgress attaches a progress sink to ctx.
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// report sends a progress message (worded by present) if the caller wants them.
func report(ctx context.Context, message string) {
	if p, ok := ctx.Value(progressKey{}).(Progress); ok && p != nil {
		// An app's name may be a value the caller sent (this call's or an earlier one's).
		p(client.RedactKnown(ctx, message))
	}
}

// PollPolicy is how deployments are polled: the first wait First, each next one doubled, capped at Max.
// Now and Sleep are the clock, replaceable so tests can run on the emulator's clock.
type PollPolicy struct {
	First time.Duration
	Max   time.Duration
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// RealAPIPolling polls 5 s after the first read, then every 10 s: the current API's skill says
// "about every 10 s" (api/README §7.6), the older guide's backoff starts at 5 s; 62 reads in a
// 10-minute wait, far inside the rate limits (§10).
var RealAPIPolling = PollPolicy{First: 5 * time.Second, Max: 10 * time.Second}

// SandboxPolling matches the emulator's few-second deployments.
var SandboxPolling = PollPolicy{First: 500 * time.Millisecond, Max: time.Second}

func (p PollPolicy) withDefaults() PollPolicy {
	if p.First <= 0 {
		p.First = RealAPIPolling.First
	}
	if p.Max < p.First {
		p.Max = max(RealAPIPolling.Max, p.First)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Sleep == nil {
		p.Sleep = sleepContext
	}
	return p
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
