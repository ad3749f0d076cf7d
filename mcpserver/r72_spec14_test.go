package mcpserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r72Spec14DeploymentRead is a GET of one deployment (getProjectDeployment or its alias).
var r72Spec14DeploymentRead = regexp.MustCompile(`^/v1/(projects|apps)/\d+/deployments/\d+$`)

// r72Spec14Reads serves the emulator (demo data, a deployment that stays in progress for an hour,
// on a manual clock) behind a recorder of the times, on the emulator's clock, at which each
// deployment read reached it, and an MCP server polling with poll (its clock set to the
// emulator's, its sleeps advancing it) driven in process. It creates a deployment of
// analytics-app, calls wait_for_deployment on it with args, and returns the reads' offsets from
// the first.
func r72Spec14Reads(t *testing.T, poll tools.PollPolicy, timeout int) []time.Duration {
	t.Helper()
	clock := sandbox.NewManualClock(epoch)
	emu := sandbox.New(sandbox.Config{Demo: true, Clock: clock, RunsFor: time.Hour})
	var mu sync.Mutex
	var reads []time.Time
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r72Spec14DeploymentRead.MatchString(r.URL.Path) {
			mu.Lock()
			reads = append(reads, clock.Now())
			mu.Unlock()
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	poll.Now = clock.Now
	poll.Sleep = func(ctx context.Context, d time.Duration) error { clock.Advance(d); return ctx.Err() }
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil },
		Poll: poll, Safety: tools.Safety{NoConfirm: true}})
	mc, err := mcpclient.NewInProcessClient(srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mc.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := mc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, mc, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	d, err := c.CreateProjectDeployment(ctx, 101, client.CreateProjectDeploymentRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var req mcp.CallToolRequest
	req.Params.Name = "wait_for_deployment"
	req.Params.Arguments = map[string]any{"app": "analytics-app", "deployment_id": d.ID, "timeout_seconds": timeout}
	res, err := mc.CallTool(ctx, req)
	if err != nil || res.IsError {
		t.Fatalf("wait_for_deployment: %v %s", err, text(res))
	}
	mu.Lock()
	defer mu.Unlock()
	offsets := make([]time.Duration, len(reads))
	for i, at := range reads {
		offsets[i] = at.Sub(reads[0])
	}
	return offsets
}

// r72Spec14Cadence is the offsets of the reads a wait of timeout makes polling first, then
// doubling to at most most (the last wait cut to end at the timeout).
func r72Spec14Cadence(first, most, timeout time.Duration) []time.Duration {
	at, wait := time.Duration(0), first
	out := []time.Duration{0}
	for at < timeout {
		at = min(at+wait, timeout)
		out = append(out, at)
		wait = min(wait*2, most)
	}
	return out
}

// TestR72Spec14PollsFiveThenEveryTen: wait_for_deployment on the real API's schedule reads the
// deployment at once, 5 s later, then every 10 s (api/README §7.6: the current skill's "about
// every 10 s", starting as fast as the older guide's 5 s backoff), until the timeout, counted at
// the emulator on its clock: a 10-minute wait (the default) makes 62 reads, at most 7 in any
// minute, against the documented 1,000 a minute per user (§10 "Rate limits"). Before: 5 s,
// 10 s, 20 s, then every 30 s (23 reads).
func TestR72Spec14PollsFiveThenEveryTen(t *testing.T) {
	got := r72Spec14Reads(t, tools.RealAPIPolling, 600)
	want := r72Spec14Cadence(5*time.Second, 10*time.Second, 10*time.Minute)
	if !slices.Equal(got, want) {
		t.Errorf("deployment reads at %v, want %v", got, want)
	}
	if len(got) != 62 {
		t.Errorf("a 10-minute wait read the deployment %d times, want 62", len(got))
	}
	most := 0
	for i := range got {
		n := 0
		for _, at := range got[i:] {
			if at-got[i] < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	if most > 7 {
		t.Errorf("%d reads within one minute, want at most 7 (the documented budget is 1,000 a minute)", most)
	}
}

// TestR72Spec14UserPollSettingsKept: a PollPolicy an embedder sets (mcpserver.Options.Poll) is
// followed as set: First doubles up to Max; a zero value is the real API's schedule; a First
// above the real schedule's cap with no Max polls every First; a Max below First is First.
func TestR72Spec14UserPollSettingsKept(t *testing.T) {
	for _, c := range []struct {
		name        string
		poll        tools.PollPolicy
		first, most time.Duration
	}{
		{"zero value", tools.PollPolicy{}, 5 * time.Second, 10 * time.Second},
		{"2 s doubling to 8 s", tools.PollPolicy{First: 2 * time.Second, Max: 8 * time.Second}, 2 * time.Second, 8 * time.Second},
		{"1 s, no cap set", tools.PollPolicy{First: time.Second}, time.Second, 10 * time.Second},
		{"20 s, no cap set", tools.PollPolicy{First: 20 * time.Second}, 20 * time.Second, 20 * time.Second},
		{"every 30 s (the old cap)", tools.PollPolicy{First: 30 * time.Second, Max: 30 * time.Second}, 30 * time.Second, 30 * time.Second},
		{"sandbox", tools.SandboxPolling, 500 * time.Millisecond, time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := r72Spec14Reads(t, c.poll, 120)
			if want := r72Spec14Cadence(c.first, c.most, 2*time.Minute); !slices.Equal(got, want) {
				t.Errorf("deployment reads at %v, want %v", got, want)
			}
		})
	}
}

// TestR72Spec14StoppedByEitherGenerationsDelete: get_deployment presents a deployment a DELETE
// ended in flight as the app's deletion whichever generation the DELETE came through, quoting the
// message the emulator wrote ("Stopped: the app was deleted" through /v1/apps, "Stopped: the
// project was deleted" through /v1/projects), and never as a pause.
func TestR72Spec14StoppedByEitherGenerationsDelete(t *testing.T) {
	for _, c := range []struct{ route, message string }{
		{"/v1/apps/101", "Stopped: the app was deleted"},
		{"/v1/projects/101", "Stopped: the project was deleted"},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
		h.clock.Advance(time.Second) // in progress
		r67Spec9Do(t, h, "DELETE", c.route, nil, http.StatusNoContent)
		r67Spec9Do(t, h, "POST", "/v1/projects", map[string]any{"name": "analytics-app", "region": "us-west-2"}, http.StatusCreated)
		out := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008})
		mustContain(t, "DELETE "+c.route, out, "**❌ failed** — "+c.message,
			"- Error code: `stopped` — not a failure: the app's deletion stopped it", "What to do: Nothing failed; the app's deletion stopped this deployment.")
		for _, wrong := range []string{"a pause", "paused"} {
			if strings.Contains(out, wrong) {
				t.Errorf("DELETE %s: get_deployment says %q:\n%s", c.route, wrong, out)
			}
		}
	}
}

// TestR72Spec14EndpointEitherForm: api/README §7.1, a project's endpoint may come as a host
// (Spice's skill: us-west-2-prod-aws-data.spiceai.io, to which a client adds https://) or as a URL
// (the emulator's, the clusters page's): "accept both forms". With the API's answers rewritten to
// the host alone, get_app, get_api_keys (text and structured usage), list_forks and fork_app show
// the URL, as they do for the URL form. Before, they showed the bare host, which is no address a
// client can send a key to.
func TestR72Spec14EndpointEitherForm(t *testing.T) {
	const host = "us-west-2-prod-aws-data.spiceai.io"
	bare := func(v any) {
		if m, ok := v.(map[string]any); ok {
			if ep, ok := m["endpoint"].(string); ok {
				m["endpoint"] = strings.TrimPrefix(ep, "https://")
			}
		}
	}
	hostOnly := func(answer map[string]any) {
		bare(answer)
		for _, k := range []string{"projects", "apps", "forks"} {
			if items, ok := answer[k].([]any); ok {
				for _, item := range items {
					bare(item)
				}
			}
		}
	}
	for _, form := range []string{"host", "url"} {
		opts := harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}}
		if form == "host" {
			var none []canned
			opts.upstream = cannedProxy(&none, editedAnswer(func(*http.Response) bool { return true }, hostOnly))
		}
		h := newHarness(t, opts)
		fork := h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-walk"})
		got := map[string]string{
			"get_app":      h.ok(t, "get_app", map[string]any{"app": "analytics-app"}),
			"get_api_keys": h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"}),
			"list_forks":   h.ok(t, "list_forks", map[string]any{"app": "analytics-app"}),
			"fork_app":     fork,
		}
		for tool, out := range got {
			if !strings.Contains(out, "https://"+host) {
				t.Errorf("%s, endpoint as a %s: no https://%s in:\n%s", tool, form, host, out)
			}
			if strings.Contains(strings.ReplaceAll(out, "https://"+host, ""), host) {
				t.Errorf("%s, endpoint as a %s: the bare host shown:\n%s", tool, form, out)
			}
		}
		res := h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"})
		var keys struct {
			Usage string `json:"usage"`
		}
		structured(t, res, &keys)
		if !strings.Contains(keys.Usage, "https://"+host) {
			t.Errorf("get_api_keys' structured usage, endpoint as a %s: %q", form, keys.Usage)
		}
	}
}
