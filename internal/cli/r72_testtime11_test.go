package cli_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
)

// TestR72Testtime11SandboxTimingFlagsSetTheDeployments: --sandbox-queued-for and
// --sandbox-runs-for set how long the sandbox's deployments take: 50 ms after it started, a
// deployment of 1 ms each has succeeded, one of the defaults (1 s and 4 s) has not, nor one of 0
// (the default, as sandbox-api's --queued-for 0 is); the flags win over the world a test gives.
func TestR72Testtime11SandboxTimingFlagsSetTheDeployments(t *testing.T) {
	fast := []string{"--sandbox-queued-for", "1ms", "--sandbox-runs-for", "1ms"}
	for _, tc := range []struct {
		name      string
		args      []string
		slowWorld bool // the world given is the 5 s one of r71Testtime10World
		succeeded bool
	}{
		{"1 ms each", fast, false, true},
		{"the defaults", nil, false, false},
		{"0 means the default", []string{"--sandbox-queued-for", "0", "--sandbox-runs-for", "0"}, false, false},
		{"the flags win over the given world", fast, true, true},
		{"only --sandbox-runs-for: still queued for the default 1 s", []string{"--sandbox-runs-for", "1ms"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var world = r71Testtime10World(time.Second, 4*time.Second)
			if !tc.slowWorld {
				world = nil
			}
			s := startStdioWorld(t, nil, world, nil, append([]string{"--sandbox"}, tc.args...)...)
			s.handshake()
			if out, isErr, got := r72DupsNewestSucceeded(t, s); isErr || got != tc.succeeded {
				t.Errorf("%q: the newest deployment has succeeded=%v 50 ms after it started, want %v:\n%s", tc.args, got, tc.succeeded, out)
			}
			s.stop()
		})
	}
}

// TestR72Testtime11SandboxTimingFlagsRefused: the timing flags are refused (exit 2, naming the
// flag and the rule) without --sandbox, where they would set nothing, and when negative.
func TestR72Testtime11SandboxTimingFlagsRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--sandbox-runs-for", "1s"}, []string{"--sandbox-runs-for applies only with --sandbox"}},
		{[]string{"--sandbox-queued-for", "1s"}, []string{"--sandbox-queued-for applies only with --sandbox"}},
		{[]string{"--http", "127.0.0.1:0", "--sandbox-queued-for", "0"}, []string{"--sandbox-queued-for applies only with --sandbox"}},
		{[]string{"--sandbox", "--sandbox-runs-for", "-1s"}, []string{"--sandbox-runs-for -1s: negative duration"}},
		{[]string{"--sandbox", "--sandbox-queued-for", "-2s", "--sandbox-runs-for", "-3s"},
			[]string{"--sandbox-queued-for -2s: negative duration", "--sandbox-runs-for -3s: negative duration"}},
		{[]string{"--sandbox", "--sandbox-runs-for", "soon"}, []string{`invalid value "soon" for flag --sandbox-runs-for: want a duration with its unit`}},
	} {
		got := run(t, map[string]string{"SPICE_API_TOKEN": "tok"}, tc.args...)
		if got.code != 2 {
			t.Errorf("%q: exit %d, want 2; stderr:\n%s", tc.args, got.code, got.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(got.stderr, w) {
				t.Errorf("%q: stderr lacks %q:\n%s", tc.args, w, got.stderr)
			}
		}
	}
}

// r72Testtime11FastRetry is the client's retry policy with its backoff in milliseconds.
var r72Testtime11FastRetry = client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

// TestR72Testtime11RetryIsTheEnvs: cli.Env.Retry is the API client's retry policy, for the
// sandbox's emulator and the real API alike: with 2 attempts of 1 ms backoff, a 503 is retried
// once, after a wait of at most 1 ms (the default: 4 attempts, waits from 250 ms). A field of
// the Env, not a global, so parallel tests each have their own.
func TestR72Testtime11RetryIsTheEnvs(t *testing.T) {
	policy := client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	var requests atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, `{"error":"Service unavailable"}`, http.StatusServiceUnavailable)
	}))
	t.Cleanup(api.Close)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		tool string
		call map[string]any
	}{
		{"sandbox: GitHub never answers", nil, []string{"--sandbox", "--confirm", "agent"}, "connect_repository",
			map[string]any{"app": "analytics-app", "repository": "analytics-unavailable"}},
		{"the real API answering 503", map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "tok"}, nil, "list_apps", map[string]any{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := r72Testtime11StartStdioEnv(t, nil, cli.Env{Args: tc.args, Getenv: getenv(tc.env), Retry: policy})
			s.handshake()
			if out, isErr := s.call(2, tc.tool, tc.call); !isErr {
				t.Fatalf("%s succeeded against a 503: %s", tc.tool, out)
			}
			s.stop()
			retries := regexp.MustCompile(`spice api busy, retrying.* wait=(\S+)`).FindAllStringSubmatch(s.stderr.String(), -1)
			if len(retries) != 1 {
				t.Fatalf("%d retries logged, want 1 (2 attempts):\n%s", len(retries), s.stderr.String())
			}
			if wait, err := time.ParseDuration(retries[0][1]); err != nil || wait > time.Millisecond {
				t.Errorf("the retry waited %s, want at most 1ms", retries[0][1])
			}
		})
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("the API got %d requests, want 2", n)
	}
}
