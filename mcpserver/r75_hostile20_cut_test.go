package mcpserver_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR75Hostile20CutPiecesOverMCP: an upstream that echoes a value set earlier (set_secret) in
// pieces around its cuts, each under 12 bytes — a middle cut of 11 and 11 bytes, two middles of
// 11 bytes between marks ("…x…[truncated]…y…"), 8 and 6 bytes — in a deployment's error_message,
// a 400's plain-text body and an instance's log line, shows no piece of 4 bytes or more of it,
// in the tool's text or structured content (before: 22 bytes of it in two pieces).
func TestR75Hostile20CutPiecesOverMCP(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	echo := ""
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
		upstream: r74Hostile19Upstream(&mu, &echo)})
	v := r74Hostile19Value
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": v})
	cuts := map[string][]string{
		"middle cut, 11 and 11":  {"cut " + v[:11] + "…[truncated]…" + v[17:], v[:11], v[17:]},
		"two middles of 11":      {"…" + v[2:13] + "…[truncated]…" + v[14:25] + "…", v[2:13], v[14:25]},
		"a beginning and an end": {"was " + v[:8] + "... then ..." + v[22:], v[:8], v[22:]},
	}
	for form, c := range cuts {
		mu.Lock()
		echo = c[0]
		mu.Unlock()
		for _, call := range r75Hostile20EchoCalls {
			got := r71Hostile15Everything(h.call(t, call.tool, call.args))
			if !strings.Contains(got, "connect failed") && !strings.Contains(got, "auth rejected") && !strings.Contains(got, "bad request") {
				t.Fatalf("%s, %s: the echo is not shown: %.600s", form, call.tool, got)
			}
			for _, piece := range c[1:] {
				if strings.Contains(got, piece) {
					t.Errorf("%s, %s: shows %q: %.900s", form, call.tool, piece, got)
				}
			}
		}
	}
}

// r75Hostile20EchoCalls are the calls whose answers r74Hostile19Upstream writes the echo in.
var r75Hostile20EchoCalls = []struct {
	tool string
	args map[string]any
}{
	{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002}},
	{"get_instance_logs", map[string]any{"app": "analytics-app", "instance": "r74-node"}},
	{"list_secrets", map[string]any{"app": "analytics-app"}},
}

// TestR75Hostile20CutKeepsOwnWordsOverMCP: once a value that begins with a tool's name
// (create_deployment-7f3k9q2) was set, an upstream text cut after that name ("retry with
// create_deployment…") shows the name, in each answer that echoes it, while one cut a byte of
// the value later ("create_deployment-…" aside, "create_deployment-7f…") shows no beginning of it.
// Before, the cut rule redacted the tool's name ("retry with [REDACTED]…").
func TestR75Hostile20CutKeepsOwnWordsOverMCP(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	echo := ""
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
		upstream: r74Hostile19Upstream(&mu, &echo)})
	const v = "create_deployment-7f3k9q2"
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DEPLOY_TOKEN", "value": v})
	for sent, shown := range map[string]bool{"retry with create_deployment…": true, "retry with create_deployment-7f…": false} {
		mu.Lock()
		echo = sent
		mu.Unlock()
		for _, call := range r75Hostile20EchoCalls {
			got := r71Hostile15Everything(h.call(t, call.tool, call.args))
			if !strings.Contains(got, "retry with ") {
				t.Fatalf("%s: the echo is not shown: %.600s", call.tool, got)
			}
			if strings.Contains(got, sent) != shown || strings.Contains(got, "create_deployment-7f") {
				t.Errorf("%s, %q: shown %v, want %v: %.900s", call.tool, sent, !shown, shown, got)
			}
		}
	}
}
