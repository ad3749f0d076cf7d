package present

import (
	"strings"
	"testing"
)

// TestConfirmDeclinedWithoutAnAction: an answer of "result":{} names no action; the refusal says
// so rather than "The user did not confirm ()." with empty parentheses.
func TestConfirmDeclinedWithoutAnAction(t *testing.T) {
	got := ConfirmDeclined("")
	if strings.Contains(got, "()") || !strings.Contains(got, "named no action") || !strings.Contains(got, "Nothing was changed;") {
		t.Errorf("ConfirmDeclined(\"\") = %q", got)
	}
	if got := ConfirmDeclined("decline"); got != "The user did not confirm (decline). Nothing was changed; do not call again unless the user asks for it." {
		t.Errorf("ConfirmDeclined(decline) = %q", got)
	}
}
