package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestSecretEntryUnknownOutcomeIsTrue: a value whose request got no answer is never said to be
// refused nor "Nothing was stored"; a refusal's reason ends with a full stop before the next
// sentence. Before, an unknown outcome read "…refused the value… set it again Nothing was stored."
func TestSecretEntryUnknownOutcomeIsTrue(t *testing.T) {
	const reason = "upsertProjectSecret: POST /v1/projects/102/secrets failed: EOF. Outcome unknown: the request was sent but no answer came back. Setting a secret is safe to repeat: set it again"
	for _, text := range []string{present.SecretEntryClosedWhileStoring(nil, "SLOW_KEY", reason, true), present.SecretEntryFailed(nil, "SLOW_KEY", reason, true)} {
		if !strings.Contains(text, "`SLOW_KEY` was stored is unknown") || !strings.Contains(text, "set it again. list_secrets for the app shows which are set.") ||
			strings.Contains(text, "refused") || strings.Contains(text, "Nothing was stored") {
			t.Errorf("unknown outcome: %s", text)
		}
	}
	if text := present.SecretEntryClosedWhileStoring(nil, "K", "403 Insufficient scope", false); !strings.HasSuffix(text, "Spice.ai refused the value for `K`: 403 Insufficient scope. Nothing was stored.") {
		t.Errorf("refusal: %s", text)
	}
}
