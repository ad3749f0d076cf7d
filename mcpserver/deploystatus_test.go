package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Regression tests for audit round 25 (A5): a deployment of status created, one stuck queued,
// and the list's heading under a status filter.

// markCreated rewrites, in every answer, the deployment whose ID *id holds (0: none) to status
// created, as the API may list a superseded historical record; a list filtered by another
// status leaves it out.
func markCreated(id *atomic.Int64) func(*http.Response) error {
	isIt := func(v any) bool {
		x, ok := v.(map[string]any)
		n, isNum := x["id"].(float64)
		return ok && isNum && int64(n) == id.Load() && x["status"] != nil
	}
	var walk func(v any, filter string)
	walk = func(v any, filter string) {
		x, ok := v.(map[string]any)
		if !ok {
			return
		}
		if isIt(x) {
			x["status"] = "created"
		}
		if list, ok := x["deployments"].([]any); ok {
			kept := []any{}
			for _, d := range list {
				if isIt(d) && filter != "" && filter != "created" {
					continue
				}
				walk(d, filter)
				kept = append(kept, d)
			}
			x["deployments"] = kept
		}
	}
	return func(r *http.Response) error {
		if id.Load() == 0 || !strings.Contains(r.Request.URL.Path, "/deployments") {
			return nil
		}
		filter := r.Request.URL.Query().Get("status")
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return err
		}
		var v any
		if json.Unmarshal(body, &v) == nil {
			walk(v, filter)
			if out, err := json.Marshal(v); err == nil {
				body = out
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
}

// TestCreatedDeploymentIsNotWaitedFor: a deployment of status created is not in flight: the
// current API documents it as a superseded historical record (api/README.md §7.6), older
// documents as a record not yet queued. wait_for_deployment waited the whole timeout for it and
// offered the same call again ("still 📝 created … Nothing is wrong yet"); a succeeded
// deployment before it was said to have a newer one "still in progress (created)". Round 25
// ended the wait at once and said it "will not change", which only the newest document
// supports. Now the wait watches it for at most 30 s (or the timeout when shorter) in case it
// moves on to queued, then says it is not in flight quoting both readings, pointing to
// list_deployments; nothing offers to follow it.
func TestCreatedDeploymentIsNotWaitedFor(t *testing.T) {
	var created atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: recordingProxy(nil, markCreated(&created))})
	var list struct {
		Deployments []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"deployments"`
	}
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app"}), &list)
	newest, older := list.Deployments[0].ID, int64(0) // older: a succeeded one before it
	for _, d := range list.Deployments[1:] {
		if d.Status == "succeeded" && older == 0 {
			older = d.ID
		}
	}
	if older == 0 {
		t.Fatalf("demo analytics-app has no succeeded deployment before its newest: %+v", list.Deployments)
	}
	created.Store(newest)
	// waited is how long the polls slept (on the harness's clock) since the last call to it.
	seen := 0
	waited := func() time.Duration {
		waits, _ := h.recorded()
		var sum time.Duration
		for _, w := range waits[seen:] {
			sum += w
		}
		seen = len(waits)
		return sum
	}
	readings := []string{"not in flight", "The current API documents created as a superseded record; older documents as not yet queued",
		`list_deployments {"app":"analytics-app"}`}

	out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 6})
	mustContain(t, "wait (latest)", out, append([]string{"Nothing to wait for"}, readings...)...)
	if strings.Contains(out, "still") || strings.Contains(out, "Nothing is wrong yet") || strings.Contains(out, "will not change") {
		t.Errorf("a created deployment was waited for as in flight, or said never to change:\n%s", out)
	}
	if w := waited(); w != 6*time.Second {
		t.Errorf("watched a created deployment %v with timeout_seconds 6; want the whole 6 s", w)
	}
	out = h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": newest})
	mustContain(t, "wait (by ID)", out, append([]string{"Nothing to wait for"}, readings...)...)
	if w := waited(); w != 30*time.Second {
		t.Errorf("watched a created deployment %v with the default timeout (600 s); want 30 s", w)
	}

	out = h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": newest})
	mustContain(t, "get", out, append([]string{fmt.Sprintf("Deployment %d has status created", newest)}, readings...)...)
	if strings.Contains(out, "Still running") || strings.Contains(out, "wait_for_deployment") || strings.Contains(out, "will not change") {
		t.Errorf("get_deployment offers to follow a created deployment, or says it never changes:\n%s", out)
	}

	// A succeeded one before it: the created one is a newer deployment, but not in flight.
	out = h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": older})
	mustContain(t, "older", out, fmt.Sprintf("a later deployment (%d) has status created, not in flight", newest))
	if strings.Contains(out, "in progress (created)") || strings.Contains(out, "wait_for_deployment") {
		t.Errorf("a created deployment is treated as in flight:\n%s", out)
	}

	// One that moves on (here straight to its real status, succeeded) within the 30 s is
	// followed to its end.
	var reads atomic.Int64
	h2 := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: recordingProxy(nil, func(r *http.Response) error {
		if strings.HasSuffix(r.Request.URL.Path, fmt.Sprintf("/deployments/%d", newest)) && reads.Add(1) > 2 {
			created.Store(0)
		}
		return markCreated(&created)(r)
	})})
	created.Store(newest)
	out = h2.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": newest})
	mustContain(t, "moved on", out, "Finished after waiting 15 s", "succeeded")
	if strings.Contains(out, "Nothing to wait for") {
		t.Errorf("a created deployment that moved on was not followed:\n%s", out)
	}
}

// TestStuckQueuedDeploymentIsCalledOut: a deployment queued far longer than deployments
// take got "Nothing is wrong yet" from wait_for_deployment and "deployments usually take a
// few minutes" from get_deployment, however old it was. From 10 minutes queued (by the API's
// clock against its created_at, or the wait itself) both name the causes to check.
func TestStuckQueuedDeploymentIsCalledOut(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 2 * time.Hour}})
	var dep struct {
		ID int64 `json:"id"`
	}
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &dep)
	args := map[string]any{"app": "analytics-app", "deployment_id": dep.ID}

	// Fresh: still nothing wrong.
	out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 3})
	mustContain(t, "fresh wait", out, "is still **⏳ queued** after 3 s. Nothing is wrong yet")
	mustContain(t, "fresh get", h.ok(t, "get_deployment", args), "deployments usually take a few minutes")

	// Queued 15 minutes by the API's clock.
	h.clock.Advance(15 * time.Minute)
	advice := []string{"longer than a deployment normally waits (about 10 min)", "no valid spicepod configured",
		`get_app {"app":"analytics-app"}`, "a pinned image_tag (Enterprise plans) does not exist", "list_container_images",
		`list_instances {"app":"analytics-app"}`}
	out = h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 3})
	mustContain(t, "stuck wait", out, append(advice, "is still **⏳ queued** after 3 s", "It has been queued for at least 15 min",
		fmt.Sprintf(`To keep waiting: `+"`"+`wait_for_deployment {"app":"analytics-app","deployment_id":%d}`, dep.ID))...)
	if strings.Contains(out, "Nothing is wrong yet") {
		t.Errorf("a deployment queued 15 minutes is said to be fine:\n%s", out)
	}
	out = h.ok(t, "get_deployment", args)
	mustContain(t, "stuck get", out, advice...)
	if strings.Contains(out, "usually take a few minutes") {
		t.Errorf("get_deployment of a deployment queued 15 minutes:\n%s", out)
	}
}

// TestSlowHealthDoesNotHoldGetDeployment: get_deployment of a queued deployment reads the API's
// clock (GET /v1/health) only for the "queued too long" remark, but under the call's whole time
// limit: a stalled /v1/health held the call until the limit (33.9 s of 60 s). The read now has
// its own short deadline, after which this server's clock is used. The remark's judgement is in
// the structured result too (queued_for_seconds, stuck).
func TestSlowHealthDoesNotHoldGetDeployment(t *testing.T) {
	var stall atomic.Bool
	released := make(chan struct{})
	// The health read's own deadline is 250 ms here (the default 2 s was most of the test's time);
	// a call the stalled read held would still run to the 10 s limit.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 2 * time.Hour}, callTimeout: 10 * time.Second,
		waits: tools.Waits{Health: 250 * time.Millisecond},
		upstream: func(t *testing.T, emulatorURL string) string {
			upstreamURL := inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
				if stall.Load() && r.URL.Path == "/v1/health" {
					select {
					case <-r.Context().Done():
					case <-released:
					}
					return
				}
				rp.ServeHTTP(w, r)
			})(t, emulatorURL)
			t.Cleanup(func() { close(released) }) // runs first: no handler holds the upstream server's Close
			return upstreamURL
		}})
	var dep struct {
		ID int64 `json:"id"`
	}
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &dep)
	args := map[string]any{"app": "analytics-app", "deployment_id": dep.ID}

	// The API's clock answers: queued 15 minutes, stuck, in the text and the structured result.
	h.clock.Advance(15 * time.Minute)
	var got struct {
		Status           string `json:"status"`
		QueuedForSeconds int64  `json:"queued_for_seconds"`
		Stuck            bool   `json:"stuck"`
	}
	res := h.call(t, "get_deployment", args)
	structured(t, res, &got)
	if got.Status != "queued" || !got.Stuck || got.QueuedForSeconds < 14*60 || got.QueuedForSeconds > 15*60 {
		t.Errorf("structured result of a deployment queued 15 minutes: %+v; want stuck, queued_for_seconds about 900", got)
	}

	stall.Store(true)
	start := time.Now()
	out := h.ok(t, "get_deployment", args)
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("get_deployment took %v with /v1/health stalled; want about 250 ms (the health read's own deadline)", took)
	}
	mustContain(t, "stalled health", out, fmt.Sprintf("Deployment %d", dep.ID), "queued")
}

// TestListDeploymentsHeadingNamesStatusFilter: with status given, the heading said "1
// deployment of analytics-app" though the app has 3; it now names the filter.
func TestListDeploymentsHeadingNamesStatusFilter(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "failed", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "status": "failed"}),
		"1 failed deployment of analytics-app")
	mustContain(t, "succeeded", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "status": "succeeded"}),
		"2 succeeded deployments of analytics-app")
	mustContain(t, "all", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}), "3 deployments of analytics-app")
}
