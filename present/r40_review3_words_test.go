package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Review 3: the secret page's failure (ErrorWords' Plain, humanweb.PageText) is meant to show
// "what the API said as it is". The API's own backslashes and backticks are not Markdown escapes
// or code spans of ours (escapeText leaves them, README "a backslash before other punctuation"),
// yet markdownShown reads them as such: the page drops them. b8c9aef's page showed these
// messages whole (it showed the Markdown, in which they are unchanged).
func TestReview3ErrorWordsPlainKeepsTheAPIsBackslashesAndBackticks(t *testing.T) {
	for _, m := range []string{
		`path C:\Users\*\secret is not allowed`,
		`use a\*b or a\\b`,
		`quote \" and \_ and \#`,
		"name `x` is reserved",
		"a ` b ` c",
	} {
		w := ErrorWords(&client.APIError{Operation: "upsertProjectSecret", StatusCode: 400, Message: m})
		if !strings.Contains(w.Plain, m) {
			t.Errorf("API said %q; the page shows %q", m, w.Plain)
		}
	}
}

// Both renderings of ErrorWords mask a credential in the API's text: Markdown in a code span,
// the page's plain text as Masked.
func TestReview3ErrorWordsMasksCredentialsInBoth(t *testing.T) {
	w := ErrorWords(&client.APIError{Operation: "upsertProjectSecret", StatusCode: 400, Message: `bad password=hunter2xyz at C:\x\*y`})
	if strings.Contains(w.Markdown, "hunter2xyz") || strings.Contains(w.Plain, "hunter2xyz") {
		t.Fatalf("a credential shows: %q / %q", w.Markdown, w.Plain)
	}
	if !strings.Contains(w.Markdown, "`"+Masked+"`") || !strings.Contains(w.Plain, "password="+Masked+` at C:\x\*y`) {
		t.Errorf("Markdown %q, plain %q", w.Markdown, w.Plain)
	}
}
