package tools

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR49RedteamNoToolReachesAnApprovedOperationUnasked: README lists the actions that change
// nothing until a person approves (deleting an app or a secret, pausing, removing a member or
// changing roles, replacing an API key, adding an admin). A composite tool must not reach one of
// those operations by another way: every tool that declares one (Operations or MayCall) asks.
func TestR49RedteamNoToolReachesAnApprovedOperationUnasked(t *testing.T) {
	approved := []*api.Operation{api.DeleteProject, api.DeleteApp, api.DeleteProjectSecret, api.DeleteSecret,
		api.PauseProject, api.RemoveMember, api.UpdateMemberRoles, api.RegenerateProjectAPIKey, api.RegenerateAPIKey, api.AddMember}
	for _, tool := range All() {
		for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
			if slices.Contains(approved, op) && !tool.AsksApproval() {
				t.Errorf("%s calls %s without asking anyone", tool.Name, op.ID)
			}
		}
	}
}
