package tools

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR56WordsKeyNumberSaysEachNumber: a key_number that is none of the three is refused in
// the words of its Required refusal (what each number replaces), with the number sent, not
// "Must be 0, 1, or 2".
func TestR56WordsKeyNumberSaysEachNumber(t *testing.T) {
	var a regenerateArgs
	if err := decodeArgs([]byte(`{"app":"analytics-app","key_number":5}`), &a); err != nil {
		t.Fatal(err)
	}
	got := present.FieldErrorsText(a.validate())
	if want := "key_number: must be 2 (secondary), 1 (primary) or 0 (both); got 5"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
