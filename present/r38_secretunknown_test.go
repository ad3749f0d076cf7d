package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR38SecretEntryUnknownNamesListSecretsOnlyWhereUsable: a value entered on the secret page
// whose storing has an unknown outcome pointed to list_secrets even where the caller cannot use
// it; there the Spice.ai portal is named instead, with why.
func TestR38SecretEntryUnknownNamesListSecretsOnlyWhereUsable(t *testing.T) {
	texts := func(unavailable []present.UnavailableTool) []string {
		return []string{
			present.SecretEntryStoreUnknown(unavailable),
			present.SecretEntryClosedWhileStoring(nil, "K", "Spice.ai API error 500", true, "", unavailable),
			present.SecretEntryFailed(nil, "K", "Spice.ai API error 500", true, "", unavailable),
		}
	}
	for _, text := range texts(nil) {
		if !strings.Contains(text, "list_secrets for the app shows which are set.") {
			t.Errorf("usable list_secrets not named: %s", text)
		}
	}
	hidden := []present.UnavailableTool{{Name: "list_secrets", Reason: "it is listed in --exclude-tools"}}
	for _, text := range texts(hidden) {
		if strings.Contains(text, "list_secrets for the app") ||
			!strings.Contains(text, "the Spice.ai portal shows which are set, as list_secrets is not available here (it is listed in --exclude-tools).") {
			t.Errorf("hidden list_secrets offered, or the portal not named: %s", text)
		}
	}
}
