package present

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestR42SecretEntryLinkNamesManySecretsInBrief: the secret-entry link's text named every
// secret a spicepod references, so hundreds (or one very long name) pushed it past the result
// budget and the final guard cut the link off. A few short names are all named; many are
// counted with the first few and the page names them all; one long name is its start and end.
func TestR42SecretEntryLinkNamesManySecretsInBrief(t *testing.T) {
	expires := time.Date(2026, 11, 22, 12, 10, 0, 0, time.UTC)
	few := []string{"PG_PASS", "API_TOKEN"}
	if got := SecretEntryLink("app (1)", few, "http://x/human/abc", expires, ""); !strings.Contains(got, "values of `PG_PASS`, `API_TOKEN` for app (1)") {
		t.Errorf("few names not all named:\n%s", got)
	}
	many := make([]string, 300)
	for i := range many {
		many[i] = fmt.Sprintf("S%04d_%s", i, strings.Repeat("A1", 100))
	}
	for _, got := range []string{SecretEntryLink("app (1)", many, "http://x/human/abc", expires, SecretEntryThenDeploy),
		SecretEntryOpened("app (1)", many, expires, SecretEntryThenDeploy), SecretEntryQuestion("app (1)", many),
		SecretsStoredOnPage("app (1)", many), StepSecretsEntered(many), ChangeSecretsEntered(many)} {
		if len(got) > 1500 || !strings.Contains(got, "300 secrets (") || !strings.Contains(got, "S0000_") || strings.Contains(got, "S0299_") {
			t.Errorf("%d bytes, want 300 named in brief:\n%s", len(got), got)
		}
	}
	long := []string{"K_" + strings.Repeat("B", 5000)}
	if got := SecretEntryLink("app (1)", long, "http://x/human/abc", expires, ""); len(got) > 1000 || !strings.Contains(got, "(5,002 characters)") || strings.Contains(got, "secrets (") {
		t.Errorf("one long name, %d bytes:\n%s", len(got), got)
	}
}
