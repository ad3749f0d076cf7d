package sandbox

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

func TestFaultTimesAndOperation(t *testing.T) {
	h := newHarness(t, Config{})
	h.offSpec = true
	h.e.InjectFault(Fault{Operation: api.ListApps.ID, Status: 503, Times: 2})
	h.e.InjectFault(Fault{Operation: api.ListRegions.ID, Status: 429, RetryAfter: "7"})
	h.expect(h.do("GET", "/v1/apps", "sandbox", nil), 503, "Service unavailable")
	h.expect(h.do("GET", "/v1/apps", "", nil), 503, "Service unavailable") // before authentication
	h.expect(h.do("GET", "/v1/apps", "sandbox", nil), http.StatusOK, "")
	if h.e.Calls(api.ListApps.ID) != 3 {
		t.Errorf("listApps calls = %d", h.e.Calls(api.ListApps.ID))
	}
	res := h.do("GET", "/v1/regions", "sandbox", nil)
	h.expect(res, 429, "Too many requests")
	if res.header.Get("Retry-After") != "7" {
		t.Errorf("Retry-After %q", res.header.Get("Retry-After"))
	}
	h.expect(h.do("GET", "/v1/regions", "sandbox", nil), http.StatusOK, "")

	h.e.InjectFault(Fault{Status: 500, Times: -1})
	for _, p := range []string{"/v1/health", "/v1/apps", "/v1/members"} {
		h.expect(h.do("GET", p, "sandbox", nil), 500, "Internal server error")
	}
	h.e.ClearFaults()
	h.expect(h.do("GET", "/v1/health", "", nil), http.StatusOK, "")

	for status, msg := range map[int]string{
		502: "Upstream service failure while provisioning the deployment",
		504: "Gateway timeout",
		422: "Organization is not fully configured",
	} {
		h.e.InjectFault(Fault{Operation: api.CreateDeployment.ID, Status: status})
		h.expect(h.do("POST", "/v1/apps/1/deployments", "sandbox", nil), status, msg)
	}
	// A 502 elsewhere does not speak of provisioning a deployment, matched by operation or not.
	h.e.InjectFault(Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502})
	h.expect(h.do("POST", "/v1/projects/1/api-keys", "sandbox", nil), 502, "Upstream service failure")
	h.e.InjectFault(Fault{Status: 502})
	h.expect(h.do("POST", "/v1/projects/1/api-keys", "sandbox", nil), 502, "Upstream service failure")
	h.e.InjectFault(Fault{Status: 502})
	h.expect(h.do("POST", "/v1/projects/1/deployments", "sandbox", nil), 502, "Upstream service failure while provisioning the deployment")
}

// TestFaultAfterApply: the operation runs, the client sees an error anyway.
func TestFaultAfterApply(t *testing.T) {
	h := newHarness(t, Config{})
	h.e.InjectFault(Fault{Operation: api.CreateApp.ID, Status: 500, AfterApply: true})
	h.expect(h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "ghost-app", "region": "us-west-2"}), 500, "Internal server error")
	if h.e.AppCount("sandbox") != 1 {
		t.Fatal("AfterApply must apply the operation")
	}
	h.expect(h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "ghost-app", "region": "us-west-2"}), http.StatusConflict, "")

	id := h.deployableApp("sandbox", "deploy-ghost")
	h.e.InjectFault(Fault{Operation: api.CreateDeployment.ID, Status: 502, AfterApply: true})
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), 502, "")
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusConflict, "A deployment is already in progress for this app")
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t, Config{})
	h.e.InjectFault(Fault{Operation: api.GetHealth.ID, Latency: 20 * time.Millisecond})
	start := time.Now()
	h.expect(h.do("GET", "/v1/health", "", nil), http.StatusOK, "")
	if time.Since(start) < 20*time.Millisecond {
		t.Errorf("latency not applied")
	}

	// A cancelled request stops waiting at once, over HTTP and in the handler itself.
	h.e.InjectFault(Fault{Latency: time.Hour, Times: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.srv.URL+"/v1/health", nil)
	start = time.Now()
	if _, err := h.srv.Client().Do(req); err == nil {
		t.Fatal("expected the client to give up")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("client waited for the fault latency")
	}

	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan struct{})
	rec := httptest.NewRecorder()
	go func() {
		h.e.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/v1/health", nil))
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second): // the fault sleeps an hour: any load ends well before
		t.Fatal("handler kept sleeping after the request was cancelled")
	}
	h.e.ClearFaults()

	// AfterApply with latency only: state changes, the answer is slow.
	h.e.InjectFault(Fault{Operation: api.CreateApp.ID, Latency: time.Hour, AfterApply: true})
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req = httptest.NewRequestWithContext(ctx, "POST", "/v1/apps", stringsReader(`{"name":"slow-app","region":"us-west-2"}`))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	h.e.ServeHTTP(httptest.NewRecorder(), req)
	if h.e.AppCount("sandbox") != 1 {
		t.Errorf("the slow request must still have created the app")
	}
}
