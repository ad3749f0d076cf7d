package present

import (
	"strings"
	"testing"
)

// The busy refusal names regenerate_api_key for replacing one key right away (after a leak).
func TestR45FlowsBusyNamesRegenerate(t *testing.T) {
	out := RotationBusy("analytics-app (101)")
	if !strings.Contains(out, "regenerate_api_key") {
		t.Errorf("busy refusal names no way to replace one key now:\n%s", out)
	}
}
