package mcpserver_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR36RemedyLookupKeepsTheTimeLimit: a failed call's remedy reads the token to tell which
// tools it may name. That read waited up to 2 s after the call, so a call with a 1 s limit
// answered after 2 s; it now waits only for what is left of the call's limit (a short grace
// once that is spent), and the remedy still names what the operator's policy allows. The
// lookup's own deadline is what is checked: the time the whole call took depends on the
// machine's load.
func TestR36RemedyLookupKeepsTheTimeLimit(t *testing.T) {
	t.Parallel() // waits out its 1 s limit; load only shrinks the budget it bounds
	const limit = time.Second
	// The lookup may use the rest of the limit (or a short grace once it is spent), never 2 s.
	if b := r36RemedyLookupBudget(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: limit}); b < 0 || b > limit {
		t.Errorf("the remedy's token read was given %v (-1: no deadline), want at most what is left of the %v limit", b, limit)
	}
}

// r36RemedyLookupBudget runs update_app over the limit of the plan with opts, the token endpoint
// stalling once the API refused it, checks the refusal names get_limits, and returns the
// deadline the remedy's token read was given (-1: none).
func r36RemedyLookupBudget(t *testing.T, opts harnessOptions) time.Duration {
	t.Helper()
	var stall atomic.Bool
	budget := make(chan time.Duration, 1)
	stallAfterRefusal := func(r *http.Response) error {
		if r.StatusCode == http.StatusForbidden {
			stall.Store(true)
		}
		return nil
	}
	opts.tokens = func(string) client.TokenSource { return r51DeterminismStallingTokens{&stall, budget} }
	opts.upstream = cannedProxy(&[]canned{}, stallAfterRefusal)
	h := newHarness(t, opts)
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 8})
	if !stall.Load() || !strings.Contains(got, "plan") || !strings.Contains(got, "get_limits") {
		t.Fatalf("want the plan-limit refusal naming get_limits (stalled %v):\n%s", stall.Load(), got)
	}
	select {
	case b := <-budget:
		return b
	default:
		t.Fatal("the remedy never read the token")
		return 0
	}
}
