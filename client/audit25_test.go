package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestAudit25InputsNeverReachTheAPI: the client refuses, naming the field, what the emulator
// refuses by the same rule: a blank production_branch (update and connect), a spicepod over
// rules.SpicepodMaxBytes as sent (it met the body limit, "Request body too large", naming no
// field) and add member's roles: [] (it was left out, so the API added a member). Nothing
// reaches a recording proxy in front of the emulator.
func TestAudit25InputsNeverReachTheAPI(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	const app = 101
	blank := ""
	_, err := c.UpdateProject(ctx, app, client.UpdateProjectRequest{ProductionBranch: &blank})
	wantValidationError(t, err, "production_branch", rules.BranchBlank)
	_, err = c.ConnectProjectRepository(ctx, app, client.ConnectRepositoryRequest{Repository: "analytics", ProductionBranch: " "})
	wantValidationError(t, err, "production_branch", rules.BranchBlank)

	big := "version: v1\nkind: Spicepod\nname: big\ns: " + strings.Repeat("y", rules.SpicepodMaxBytes) + "\n"
	_, err = c.UpdateProject(ctx, app, client.UpdateProjectRequest{Spicepod: big})
	wantValidationError(t, err, "spicepod", "Spicepod is too large")
	wantValidationError(t, err, "spicepod", "at most 1,048,576 (1 MiB)")

	_, err = c.AddMember(ctx, client.AddMemberRequest{Username: "jdoe", Roles: []string{}})
	wantValidationError(t, err, "roles", rules.Roles(nil))
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
}
