package sandbox

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse hammers one emulator from many goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 100000})
	const workers = 16
	var wg sync.WaitGroup
	ids := make([]int64, workers)
	for w := range workers {
		wg.Go(func() {
			id := h.deployableApp("sandbox", fmt.Sprintf("worker-%02d", w))
			ids[w] = id
			for i := range 5 {
				h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": fmt.Sprintf("S%d", i), "value": "v"})
				res := h.do("POST", appPath(id, "/deployments"), "sandbox", nil)
				if res.status != http.StatusAccepted && res.status != http.StatusConflict {
					t.Errorf("deployment: %d %s", res.status, res.raw)
				}
				h.clock.Advance(time.Second)
				h.do("GET", appPath(id, "/deployments?limit=5"), "sandbox", nil)
				h.do("POST", appPath(id, "/api-keys"), "sandbox", map[string]any{"key_number": i % 3})
				h.do("GET", "/v1/apps", "sandbox", nil)
			}
		})
	}
	// Everyone racing for one name: exactly one wins.
	var mu sync.Mutex
	created := 0
	for range workers {
		wg.Go(func() {
			res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "contested", "region": "us-east-1"})
			if res.status == http.StatusCreated {
				mu.Lock()
				created++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if created != 1 {
		t.Errorf("%d creations of one name", created)
	}
	if n := h.e.AppCount("sandbox"); n != workers+1 {
		t.Errorf("AppCount = %d", n)
	}
	for _, id := range ids {
		if n := h.e.DeploymentCount("sandbox", id); n < 1 {
			t.Errorf("app %d has no deployments", id)
		}
	}
}
