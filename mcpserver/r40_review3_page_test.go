package mcpserver_test

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestReview3SecretPageFailureKeepsTheAPIsBackslashesAndBackticks (review3, round 40): the fix
// for review1 (present.ErrorWords' markdownShown) reads every backslash before punctuation and
// every backtick pair of the agent's Markdown as ours, but escapeText leaves the API's own
// backslashes and backticks as they are: the page now drops them, showing words the API never
// sent (b8c9aef's page showed these messages whole).
func TestReview3SecretPageFailureKeepsTheAPIsBackslashesAndBackticks(t *testing.T) {
	for _, msg := range []string{
		`path C:\Users\*\secret is not allowed`,
		`value must not hold \" or \_`,
		"name `PG_PASS` is reserved",
	} {
		j, _ := json.Marshal(map[string]string{"error": msg})
		answers := []canned{
			{method: "PUT", path: regexp.MustCompile(`/secrets`), status: 400, body: string(j)},
			{method: "POST", path: regexp.MustCompile(`/secrets`), status: 400, body: string(j)},
		}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
		_, body := (&page{}).answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASS": {"v"}})
		i := strings.Index(body, `<p id="outcome"`)
		if i < 0 {
			t.Fatalf("no outcome on the page:\n%s", body)
		}
		outcome := body[i:]
		outcome = html.UnescapeString(outcome[strings.Index(outcome, ">")+1 : strings.Index(outcome, "</p>")])
		if !strings.Contains(outcome, msg) {
			t.Errorf("the API said %q; the page shows:\n%s", msg, outcome)
		}
	}
}
