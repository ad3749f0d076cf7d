package sandbox

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	clock := NewManualClock(testStart.Add(30 * time.Second)) // mid-window
	h := newHarness(t, Config{Clock: clock, RateLimit: 3})
	reset := strconv.FormatInt(testStart.Add(time.Minute).Unix(), 10)
	for i := 1; i <= 3; i++ {
		res := h.do("GET", "/v1/apps", "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		if res.header.Get("X-RateLimit-Limit") != "3" || res.header.Get("X-RateLimit-Remaining") != strconv.Itoa(3-i) ||
			res.header.Get("X-RateLimit-Reset") != reset {
			t.Errorf("request %d headers: %v", i, res.header)
		}
	}
	res := h.do("GET", "/v1/regions", "sandbox", nil)
	h.expect(res, http.StatusTooManyRequests, "Too many requests")
	if res.header.Get("Retry-After") != "30" || res.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 headers: %v", res.header)
	}
	// Per token: another token has its own budget; unauthenticated routes carry no headers.
	other := h.e.IssueToken("sandbox", []string{"members:read"}, 0)
	res = h.do("GET", "/v1/apps", other, nil)
	h.expect(res, http.StatusForbidden, "") // authenticated, so counted and labelled
	if res.header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("other token: %v", res.header)
	}
	if res := h.do("GET", "/v1/health", "", nil); res.header.Get("X-RateLimit-Limit") != "" {
		t.Errorf("health carries rate-limit headers")
	}
	if res := h.do("GET", "/v1/apps", "unknown", nil); res.header.Get("X-RateLimit-Limit") != "" {
		t.Errorf("401 carries rate-limit headers")
	}

	clock.Advance(30 * time.Second) // next window
	res = h.do("GET", "/v1/apps", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	if res.header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("new window: %v", res.header)
	}
}

func TestRateLimitOffByDefault(t *testing.T) {
	h := newHarness(t, Config{})
	for range 50 {
		res := h.do("GET", "/v1/apps", "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		if res.header.Get("X-RateLimit-Limit") != "" {
			t.Fatal("rate-limit headers while limiting is off")
		}
	}
}
