package mcpserver_test

import (
	"strings"
	"testing"
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
		outcome := secretPageFailure(t, msg)
		if !strings.Contains(outcome, msg) {
			t.Errorf("the API said %q; the page shows:\n%s", msg, outcome)
		}
	}
}
