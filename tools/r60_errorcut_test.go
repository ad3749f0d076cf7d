package tools

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR60LongErrorCutWithoutPagingAdvice: an error over the budget (no tool's refusal grows so
// since round 60 quotes long argument names short; this is the final guard, as Call uses it) is
// cut with a notice that says what was left out, not one advising a later page with offset or
// fewer items with limit, and the sandbox note after it still fits.
func TestR60LongErrorCutWithoutPagingAdvice(t *testing.T) {
	note := resultNote
	got := boundError("Invalid argument: "+strings.Repeat("zq ", 6000), len(note)) + note
	for _, want := range []string{"⚠️ Cut: this error is ", "is left out.", note} {
		if !strings.Contains(got, want) {
			t.Errorf("the cut error lacks %q: %s", want, got[max(0, len(got)-600):])
		}
	}
	for _, advice := range []string{"Ask for less", "`offset`", "`limit`", "a later page", "fewer items", "cannot show the rest in parts"} {
		if strings.Contains(got, advice) {
			t.Errorf("the error advises paging (%q): %s", advice, got[max(0, len(got)-600):])
		}
	}
	if len(got) > present.ResultBytes {
		t.Errorf("%d bytes, over the budget of %d", len(got), present.ResultBytes)
	}
}
