package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR72Masking18BrokenTokensInEveryArgument: every argument of the catalog given a token a
// line break cuts (a Stripe key past its least, a GitHub token inside its prefix, a Groq key
// with a tab before the break, an Atlassian token wrapped over five lines) and a
// percent-encoded URL whose password holds a raw "=" after "&": no result, nor the debug log,
// shows a piece of any. Before, the refusals that echo a value showed the piece after the
// break, and the encoded URL's user and password whole.
func TestR72Masking18BrokenTokensInEveryArgument(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	catalog := h.listTools(t)
	body := "R72masking18pw" + strings.Repeat("Zq9", 30) // 104 letters and digits
	atlassian := "ATATT3" + body + body[:82]
	var wrapped []string
	for i := 0; i < len(atlassian); i += 40 {
		wrapped = append(wrapped, atlassian[i:min(len(atlassian), i+40)])
	}
	values := map[string][]string{
		"sk_live_" + body[:40] + "\n" + body[40:60] + " end":       {body[32:40], body[52:60]},
		"gh\np_" + body[:36] + " end":                              {body[28:36]},
		"gsk_" + body[:20] + "\t\n" + body[20:52] + " end":         {body[12:20], body[44:52]},
		strings.Join(wrapped, "\n") + " end":                       {wrapped[1][:8], wrapped[3][:8], wrapped[4][:8]},
		"postgres%3A%2F%2Fadmin%3Ap&ss=" + body[:20] + "%40db%2Fx": {body[:12]},
	}
	n := 0
	for v, parts := range values {
		for _, c := range r71Hostile15Calls(catalog, v) {
			n++
			got := r71Hostile15Everything(h.call(t, c.tool, c.args))
			for _, p := range parts {
				if strings.Contains(got, p) {
					t.Errorf("%q as %s's %s: the result shows %q: %.500s", v, c.tool, c.arg, p, got)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d calls", n)
	}
	if strings.Contains(h.logs.String(), body[12:20]) || strings.Contains(h.logs.String(), body[52:60]) {
		t.Errorf("the debug log shows it")
	}
}
