package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Review 4: README says the secret page's failure "is rendered from the same words as the
// result's, not un-escaped from it", its own backslashes and backticks included. b2670cf does
// that for an API error, but a refused OAuth token (the page's upsert needing a new token) is
// still un-escaped from the Markdown (markdownShown): the endpoint's backslashes and backticks
// are dropped on the page while the agent's text keeps them.
func TestReview4ErrorWordsPlainKeepsTheTokenEndpointsBackslashesAndBackticks(t *testing.T) {
	for _, d := range []string{`path C:\Users\*\secret is not allowed`, `use a\*b`, "client `x` is disabled"} {
		w := ErrorWords(&client.TokenError{URL: "https://auth.example/oauth/token", StatusCode: 401, Code: "invalid_client", Description: d, Attempts: 1})
		if !strings.Contains(w.Markdown, d) {
			t.Fatalf("Markdown %q lacks %q", w.Markdown, d)
		}
		if !strings.Contains(w.Plain, d) {
			t.Errorf("the token endpoint said %q; the page shows %q", d, w.Plain)
		}
	}
}
