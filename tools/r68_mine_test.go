package tools

import (
	"strings"
	"testing"
)

// TestR68MineUnknownToolFlagNamesNearMiss: --tools list-apps (README's tool names are snake
// case; a newcomer types the dash newcomer6 saw) was refused with the 38 valid names alone; a
// near miss now names its tool first, as a tools/call of a near miss does (NearTool), and a
// name near none gets the list alone.
func TestR68MineUnknownToolFlagNamesNearMiss(t *testing.T) {
	for _, tc := range []struct {
		policy Policy
		want   string
	}{
		{Policy{Tools: []string{"list-apps"}}, `unknown tool "list-apps" in --tools; did you mean list_apps? valid: list_apps, `},
		{Policy{ExcludeTools: []string{"Delete_App"}}, `unknown tool "Delete_App" in --exclude-tools; did you mean delete_app? valid: `},
		{Policy{Tools: []string{"getDeployment"}}, `unknown tool "getDeployment" in --tools; did you mean get_deployment? valid: `},
		{Policy{Tools: []string{"nope"}}, `unknown tool "nope" in --tools; valid: list_apps, `},
	} {
		err := tc.policy.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !strings.HasSuffix(err.Error(), "wait_for_deployment") {
			t.Errorf("%+v: got %v\n want prefix %q and every tool", tc.policy, err, tc.want)
		}
	}
}
