package mcpserver_test

import (
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
)

// r50HostileAnswer answers a request the proxy intercepts: n counts the requests it matched
// so far (from 1); ok false passes the request on to the emulator.
type r50HostileAnswer func(r *http.Request, n int) (status int, body string, ok bool)

// r50HostileProxy puts a proxy in front of the emulator that answers what answer takes and
// passes the rest on.
func r50HostileProxy(answer r50HostileAnswer) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		t.Helper()
		u, err := url.Parse(emulatorURL)
		if err != nil {
			t.Fatal(err)
		}
		rp := httputil.NewSingleHostReverseProxy(u)
		var mu sync.Mutex
		n := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			at := n
			mu.Unlock()
			if status, body, ok := answer(r, at); ok {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
				return
			}
			rp.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
}

// r50HostileDeployment answers GET …/deployments/1002 of analytics-app with status(n), n the
// check it answers (from 1), created at the harness's epoch.
func r50HostileDeployment(status func(n int) string) r50HostileAnswer {
	deployment := regexp.MustCompile(`^/v1/projects/101/deployments/1002$`)
	var checks atomic.Int64
	return func(r *http.Request, _ int) (int, string, bool) {
		if r.Method != http.MethodGet || !deployment.MatchString(r.URL.Path) {
			return 0, "", false
		}
		n := int(checks.Add(1))
		return http.StatusOK, `{"id":1002,"status":"` + status(n) + `","created_at":"2026-11-22T12:00:00.000Z","replicas":1}`, true
	}
}

// TestR50HostileQueuedAfterInProgressIsNotQueuedAllAlong: a deployment the first check saw
// in_progress and every later one queued (a status the API never sends backwards) ended a
// 20-minute wait "queued for at least 20 minutes … something is likely wrong", stuck, with
// queued_for_seconds 1200, though it was seen in progress for the first 12: the wait counted
// itself whole, and created_at, as queued time. Only the checks that saw it queued count now.
func TestR50HostileQueuedAfterInProgressIsNotQueuedAllAlong(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: r50HostileProxy(r50HostileDeployment(func(n int) string {
		if n <= 27 { // in progress for the wait's first 12 minutes and more
			return "in_progress"
		}
		return "queued"
	}))})
	res := h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002, "timeout_seconds": 1200})
	got := text(res)
	var out struct {
		QueuedFor int64 `json:"queued_for_seconds"`
		Stuck     bool  `json:"stuck"`
	}
	structured(t, res, &out)
	waits, _ := h.recorded()
	var before time.Duration // the wait up to the first check that saw it queued
	for _, w := range waits[:27] {
		before += w
	}
	mustContain(t, "wait_for_deployment", got, "is still **⏳ queued** after 20m0s")
	if strings.Contains(got, "queued for at least") || strings.Contains(got, "something is likely wrong") || out.Stuck || out.QueuedFor != int64((20*time.Minute-before)/time.Second) {
		t.Errorf("queued since %v of the wait, not the whole of it: queued_for_seconds %d, stuck %v:\n%s", before, out.QueuedFor, out.Stuck, got)
	}
}
