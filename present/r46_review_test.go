package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR46ReviewTokenStatusWithoutWordsNotDoubled: a token endpoint answering a status HTTP has
// no words for (a proxy's 499) with nothing else is shown once, as our words, not repeated as if
// the endpoint had said "(a status HTTP defines no meaning for)" (Reason now falls back to
// StatusWords, while tokenErrorText compares it with http.StatusText, which is "").
func TestR46ReviewTokenStatusWithoutWordsNotDoubled(t *testing.T) {
	got := Error(&client.TokenError{URL: "https://auth.example/oauth/token", StatusCode: 499, Attempts: 1})
	if n := strings.Count(got, "defines no meaning"); n != 1 {
		t.Errorf("the status's words are shown %d times:\n%s", n, got)
	}
}
