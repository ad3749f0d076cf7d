package mcpserver_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r36StallingTokens reads the token at once until stall is set, then hangs until the read's
// context ends: a token exchange that stops answering after the call's request was answered.
type r36StallingTokens struct{ stall *atomic.Bool }

func (s r36StallingTokens) Token(ctx context.Context) (string, error) {
	if s.stall.Load() {
		<-ctx.Done()
		return "", ctx.Err()
	}
	return "sandbox", nil
}

// TestR36RemedyLookupKeepsTheTimeLimit: a failed call's remedy reads the token to tell which
// tools it may name. That read waited up to 2 s after the call, so a call with a 1 s limit
// answered after 2 s; it now waits only for what is left of the call's limit (a short grace
// once that is spent), and the remedy still names what the operator's policy allows.
func TestR36RemedyLookupKeepsTheTimeLimit(t *testing.T) {
	var stall atomic.Bool
	stallAfterRefusal := func(r *http.Response) error {
		if r.StatusCode == http.StatusForbidden {
			stall.Store(true)
		}
		return nil
	}
	const limit = time.Second
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: limit,
		tokens:   func(string) client.TokenSource { return r36StallingTokens{&stall} },
		upstream: cannedProxy(&[]canned{}, stallAfterRefusal)})
	start := time.Now()
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 8})
	took := time.Since(start)
	if !stall.Load() || !strings.Contains(got, "plan") || !strings.Contains(got, "get_limits") {
		t.Fatalf("want the plan-limit refusal naming get_limits (stalled %v):\n%s", stall.Load(), got)
	}
	// The refusal comes well before the limit; the lookup may use the rest of it, not 2 s.
	if took > limit+500*time.Millisecond {
		t.Errorf("the failed call answered after %v, past its %v time limit", took.Round(time.Millisecond), limit)
	}
}
