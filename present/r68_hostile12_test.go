package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR68Hostile12CompletionContextMasked: CompletionContextInvalid quoted the context argument's
// name with a plain %q where every other refusal quotes what a client sent masked (QuotedURI):
// a name holding a credential was shown whole. An ordinary name reads as before.
func TestR68Hostile12CompletionContextMasked(t *testing.T) {
	for _, k := range testutil.R66HostileTokens() {
		if got := CompletionContextInvalid("x "+k.Value, "must be an app name"); k.Leaked(got) || !strings.Contains(got, maskedWhy) {
			t.Errorf("%s: %s", k.Family, got)
		}
	}
	if got, want := CompletionContextInvalid("app", "must be an app name."), `Invalid params: context argument "app": must be an app name.`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
