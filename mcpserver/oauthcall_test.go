package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestOAuthTokenFailureOfTheCallsOwnExchange: a tool call that is the first to need a token
// (no tools/list before it) makes the exchange in its per-call scope check. That failure is
// the call's own, however often the call asks for its token afterwards — not "reused", "did
// not ask again" — and the check's retries stay within the call's time limit. The next call,
// within the failure's Retry-After, gets it as reused.
func TestOAuthTokenFailureOfTheCallsOwnExchange(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		retryAfter string
		limit      time.Duration
		asks       int64 // token requests the call makes
		want       string
	}{
		{name: "refused", status: http.StatusUnauthorized, asks: 1,
			want: "The OAuth token endpoint refused the client credentials: 401 Unauthorized."},
		{name: "unavailable", status: http.StatusServiceUnavailable, asks: 4,
			want: "The OAuth token endpoint is unavailable: asked 4 times at"},
		// Retry-After beyond the limit: one request, then the call stops (without the limit
		// around the scope check it waited 3 × 2 s).
		{name: "retry-after beyond the limit", status: http.StatusServiceUnavailable, retryAfter: "2", limit: time.Second, asks: 1,
			want: "Stopped without retrying: the OAuth token endpoint asked to wait 2 s, which ends after this tool call's time limit (1 s). Nothing more was sent."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked atomic.Int64
			endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{}`))
			}))
			t.Cleanup(endpoint.Close)
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: tc.limit,
				tokens: func(string) client.TokenSource {
					return client.NewClientCredentials("spice-client", "spice-client-secret", endpoint.URL+"/api/oauth/token")
				}})
			start := time.Now()
			res := h.call(t, "list_apps", nil)
			took := time.Since(start)
			out := text(res)
			if !res.IsError || !strings.Contains(out, tc.want) || strings.Contains(out, "did not ask again") {
				t.Errorf("the call whose exchange failed:\n%s\nwant %q, as its own", out, tc.want)
			}
			if n := asked.Load(); n != tc.asks {
				t.Errorf("token requests = %d, want %d", n, tc.asks)
			}
			if tc.limit > 0 && took > tc.limit+time.Second {
				t.Errorf("the call took %s, its limit is %s", took, tc.limit)
			}
			// Another call within the failure's reuse gets it, and says so.
			if again := text(h.call(t, "list_apps", nil)); !strings.Contains(again, "did not ask again") || asked.Load() != tc.asks {
				t.Errorf("the next call (%d token requests in all):\n%s", asked.Load(), again)
			}
		})
	}
}

// TestSlowTokenEndpointIsNamed: when a call's time limit ends while its own token request is
// still waiting for the endpoint, the result names the token endpoint and says that no request
// reached the API (it said "No answer from the Spice.ai API (GET /v1/projects)").
func TestSlowTokenEndpointIsNamed(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	release, asked := make(chan struct{}), make(chan struct{}, 8)
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); endpoint.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: 3 * time.Second,
		tokens: func(string) client.TokenSource {
			return client.NewClientCredentials("spice-client", "spice-client-secret", endpoint.URL+"/api/oauth/token")
		}})
	// Two calls at once: list_apps (3 s) asks the endpoint; wait_for_deployment (its limit 2 s)
	// waits behind that request and its limit ends first.
	var wg sync.WaitGroup
	var first, second string
	wg.Go(func() { first = text(h.call(t, "list_apps", nil)) })
	wg.Go(func() {
		select { // list_apps's token request waits at the endpoint (100 ms of sleep did when idle)
		case <-asked:
		case <-time.After(r52DeterminismGuard):
			t.Error("list_apps never asked the token endpoint")
			return
		}
		second = text(h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 1}))
	})
	wg.Wait()
	for _, c := range []struct{ out, limit string }{{first, "3 s"}, {second, "2 s"}} {
		if !strings.Contains(c.out, "No answer from the OAuth token endpoint (POST /api/oauth/token) before this tool call's time limit ("+c.limit+") ran out") ||
			strings.Contains(c.out, "Spice.ai API (GET") {
			t.Errorf("a slow token endpoint (limit %s):\n%s", c.limit, c.out)
		}
	}
	if h.emu.Calls("listProjects") != 0 {
		t.Error("a request reached the API without a token")
	}
}
