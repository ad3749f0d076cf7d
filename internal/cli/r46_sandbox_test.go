package cli_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
)

// Over MCP with --sandbox, the refusals a caller can reach in the default world whose real-API
// advice is false there (commit a spicepod.yaml, try GitHub again, check the source's GitHub
// connection) say what works in the emulator instead. (An admin's change to the admin or owner
// role, whose API refusal says to ask an owner, never reaches the API: the member tools refuse it
// first, reading the caller's role.) GitHub's 503 is retried on a backoff of milliseconds
// (cli.Env.Retry), not the default's 2.5 s.
func TestR46SandboxReachableRefusalsSayWhatTheEmulatorHas(t *testing.T) {
	s := r72Testtime11StartStdioEnv(t, nil, cli.Env{Args: []string{"--sandbox", "--confirm", "agent"}, Getenv: getenv(nil),
		Retry: r72Testtime11FastRetry})
	s.handshake()
	for i, tc := range []struct {
		name  string
		tool  string
		args  map[string]any
		want  []string
		wrong string // the real API's advice
	}{
		{"no spicepod in the directory", "connect_repository",
			map[string]any{"app": "analytics-app", "repository": "analytics", "root_directory": "pods-empty"},
			[]string{"ends in -empty", "nothing can be committed"}, "add one, or set root_directory"},
		{"GitHub never answers", "connect_repository",
			map[string]any{"app": "analytics-app", "repository": "analytics-unavailable"},
			[]string{"ends in -unavailable", "does not help"}, "try again shortly"},
		{"connect docs-search", "connect_repository",
			map[string]any{"app": "docs-search", "repository": "docs"}, nil, ""},
		{"its production branch missing", "update_app",
			map[string]any{"app": "docs-search", "production_branch": "release-missing"}, nil, ""},
		{"fork of a source whose branch is missing", "fork_app",
			map[string]any{"app": "docs-search", "name": "docs-copy"},
			[]string{"ends in -missing", "no fork was made", "fork again"}, "check its GitHub connection"},
	} {
		out, isErr := s.call(float64(10+i), tc.tool, tc.args)
		if tc.want == nil { // a step towards the next refusal
			if isErr {
				t.Fatalf("%s: %s", tc.name, out)
			}
			continue
		}
		if !isErr || !strings.Contains(out, "Sandbox emulator error") {
			t.Errorf("%s: not the emulator's refusal:\n%s", tc.name, out)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: lacks %q:\n%s", tc.name, w, out)
			}
		}
		if strings.Contains(out, tc.wrong) {
			t.Errorf("%s: gives the real API's advice %q, false in the sandbox:\n%s", tc.name, tc.wrong, out)
		}
	}
	s.stop()
}
