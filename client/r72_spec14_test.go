package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR72Spec14MetricsAsDocumented: api/README §7.13 through the client over real HTTP against the
// emulator (no spec test had held the client's side). Both routes, /v1/projects and /v1/apps,
// answer alike; a project never deployed, and one paused, has no pod metrics and 0 active
// executors; a deployed one has every documented pod field, and with a window lower counters
// (per-second rates); any window matching ^[0-9]+[smhd]$, however long, is sent and answered,
// and one that does not match is refused before any request; an answer with fields missing
// (partial results) reads as no data for them, not as zeros nor as an error.
func TestR72Spec14MetricsAsDocumented(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	created, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "metric-walk", Region: "us-west-2"})
	mustNoErr(t, err)
	id := created.ID
	both := func(window string) *client.ProjectMetrics {
		t.Helper()
		p, err := env.client.GetProjectMetrics(ctx, id, window)
		mustNoErr(t, err)
		a, err := env.client.GetAppMetrics(ctx, id, window)
		mustNoErr(t, err)
		if !reflect.DeepEqual(p, a) {
			t.Errorf("window %q: /v1/projects %+v, /v1/apps %+v", window, p, a)
		}
		return p
	}
	// Numbers decode as json.Number (UseNumber): exact, whatever their size.
	num := func(v any) float64 {
		n, _ := v.(json.Number)
		f, err := n.Float64()
		if err != nil {
			t.Fatalf("%v (%T) is no number", v, v)
		}
		return f
	}
	executors := func(m *client.ProjectMetrics) float64 { return num(m.Cluster["active_executors_count"]) }
	if m := both(""); len(m.Metrics) != 0 || executors(m) != 0 {
		t.Errorf("never deployed: %+v, want no pod and 0 executors", m)
	}
	pod := "version: v1\nkind: Spicepod\nname: metric-walk\n"
	_, err = env.client.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: pod})
	mustNoErr(t, err)
	_, err = env.client.CreateProjectDeployment(ctx, id, client.CreateProjectDeploymentRequest{})
	mustNoErr(t, err)
	env.clock.Advance(time.Minute)
	total := both("")
	if len(total.Metrics) == 0 {
		t.Fatalf("deployed: no pod metrics: %+v", total)
	}
	fields := []string{"cpu_usage_percent", "memory_usage_bytes", "disk_read_bytes", "disk_read_operations", "disk_write_bytes", "disk_write_operations"}
	rate := both("5m")
	for name, raw := range total.Metrics {
		m, _ := raw.(map[string]any)
		r, _ := rate.Metrics[name].(map[string]any)
		for _, f := range fields {
			if _, ok := m[f]; !ok {
				t.Errorf("pod %s: no %s: %v", name, f, m)
			}
		}
		if !(num(r["disk_read_bytes"]) < num(m["disk_read_bytes"])) {
			t.Errorf("pod %s: with a window disk_read_bytes %v, without %v: not a per-second rate", name, r["disk_read_bytes"], m["disk_read_bytes"])
		}
	}
	for _, k := range []string{"rows_ingested", "bytes_ingested"} {
		if _, ok := total.Ingestion[k]; !ok {
			t.Errorf("ingestion without %s: %v", k, total.Ingestion)
		}
	}
	for _, window := range []string{"0s", "90s", "36500d", "99999999999999999999d"} {
		both(window)
	}
	for _, window := range []string{"5 minutes", "5x", "-5m", "m", "1.5h", "5M"} {
		before := env.emu.Calls(api.GetProjectMetrics.ID)
		if _, err := env.client.GetProjectMetrics(ctx, id, window); err == nil || env.emu.Calls(api.GetProjectMetrics.ID) != before {
			t.Errorf("window %q: err %v, %d requests sent; want refused before any", window, err, env.emu.Calls(api.GetProjectMetrics.ID)-before)
		}
	}
	mustNoErr(t, env.client.PauseProject(ctx, id))
	if m := both(""); len(m.Metrics) != 0 || executors(m) != 0 {
		t.Errorf("paused: %+v, want no pod and 0 executors", m)
	}

	// Partial results: the service may leave groups and fields out.
	u, err := url.Parse(env.srv.URL)
	mustNoErr(t, err)
	var rewritten atomic.Int64
	rp := httputil.NewSingleHostReverseProxy(u)
	partial := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/metrics") {
			rewritten.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"metrics":{"metric-walk-0":{"cpu_usage_percent":12.5}}}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(partial.Close)
	c, err := client.New(client.Config{BaseURL: partial.URL, Tokens: client.StaticToken("sandbox"), Retry: fastRetry})
	mustNoErr(t, err)
	m, err := c.GetProjectMetrics(ctx, id, "5m")
	mustNoErr(t, err)
	p, _ := m.Metrics["metric-walk-0"].(map[string]any)
	if rewritten.Load() != 1 || p["cpu_usage_percent"] != json.Number("12.5") || len(p) != 1 || m.Ingestion != nil || m.Cluster != nil {
		t.Errorf("a partial answer read as %+v, want its one field and no ingestion or cluster", m)
	}
}
