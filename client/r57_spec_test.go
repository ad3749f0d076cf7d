package client_test

import (
	"context"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestR57SpecAssumedRulesRefusedBeforeSending: api/README's Assumed input rules that say
// "the client checks the same" (or "emulator and client") are refused by the client itself,
// naming the field with the emulator's rule (rules.*), before any request: an update's region
// outside the regions create accepts (§10 "region on update"), a negative storage size (§10
// "Storage sizes below 0"), the repository names "." and ".." (§7.3), and roles: [] on change
// roles as on add member (§7.9: "refused on both routes ... Array must contain at least 1
// element(s)"). The emulator's side is TestR57SpecEmulatorHoldsTheSameRules.
func TestR57SpecAssumedRulesRefusedBeforeSending(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	const app = 101
	region := "eu-west-1"
	_, err := c.UpdateProject(ctx, app, client.UpdateProjectRequest{Region: &region})
	wantValidationError(t, err, "region", rules.Enum(region, rules.RegionCodes))
	negative := -1.0
	_, err = c.UpdateProject(ctx, app, client.UpdateProjectRequest{StorageSizeGB: &negative})
	wantValidationError(t, err, "storage_size_gb", "0 or more")
	for _, repo := range []string{".", "..", "sandbox/.."} {
		_, err = c.ConnectProjectRepository(ctx, app, client.ConnectRepositoryRequest{Repository: repo})
		wantValidationError(t, err, "repository", rules.Repository(repo))
	}
	_, err = c.AddMember(ctx, client.AddMemberRequest{Username: "jdoe", Roles: []string{}})
	wantValidationError(t, err, "roles", rules.Roles(nil))
	_, err = c.UpdateMemberRoles(ctx, 2, []string{})
	wantValidationError(t, err, "roles", rules.Roles(nil))
	_, err = c.UpdateMemberRoles(ctx, 2, nil)
	wantValidationError(t, err, "roles", rules.Roles(nil))
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
}
