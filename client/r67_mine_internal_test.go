package client

import (
	"net/http"
	"testing"
	"time"
)

// TestR67MineNoRateLimitHeadersCostNothing: an answer without rate-limit headers (the emulator
// without --rate-limit) is noted without allocating, and one with them is read as before.
func TestR67MineNoRateLimitHeadersCostNothing(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.example"})
	if err != nil {
		t.Fatal(err)
	}
	none := http.Header{"Content-Type": {"application/json"}}
	if allocs := testing.AllocsPerRun(100, func() { c.noteRateLimit(none) }); allocs != 0 {
		t.Errorf("noting an answer without rate-limit headers allocated %.0f times; want 0", allocs)
	}
	c.noteRateLimit(http.Header{"X-Ratelimit-Limit": {"1000"}, "X-Ratelimit-Remaining": {"998"}, "X-Ratelimit-Reset": {"1767225600"}})
	want := RateLimit{Limit: 1000, Remaining: 998, Reset: time.Unix(1767225600, 0).UTC()}
	if got := c.LastRateLimit(); got != want {
		t.Errorf("LastRateLimit() = %+v; want %+v", got, want)
	}
	c.noteRateLimit(http.Header{"X-Ratelimit-Limit": {"1000"}, "X-Ratelimit-Remaining": {""}})
	if got := c.LastRateLimit(); got != want {
		t.Errorf("a half answer replaced what was noted: %+v", got)
	}
}
