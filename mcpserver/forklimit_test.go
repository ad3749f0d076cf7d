package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestForkAtTheAppLimitSaysSo: a fork at the organization's app limit is refused with create's
// uncoded 403 ("Organization has reached the maximum app limit"); fork_app's remedy was the
// generic 403's ("The token is not allowed to do this; check its scopes") while create_app named
// the plan's app limit. fork_app names it too.
func TestForkAtTheAppLimitSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{
		Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}, MaxApps: 2}}}})
	h.ok(t, "create_app", map[string]any{"name": "sales-app"})
	h.ok(t, "update_app", map[string]any{"app": "sales-app", "spicepod": podYAML})
	h.ok(t, "create_app", map[string]any{"name": "other-app"})
	got := h.fail(t, "fork_app", map[string]any{"app": "sales-app", "name": "sales-limit-fork"})
	mustContain(t, "fork at the app limit", got, "maximum app limit",
		"The organization has reached its plan's app limit: delete an unused app, or ask the user to upgrade the plan; then fork again")
	if strings.Contains(got, "check its scopes") {
		t.Errorf("fork_app at the app limit blames the token's scopes:\n%s", got)
	}
	created := h.fail(t, "create_app", map[string]any{"name": "third-app"})
	mustContain(t, "create at the app limit", created, "The organization has reached its plan's app limit")
}

// TestForkShowsLostSettingsAsGetAppDoes: fork_app's list of what the fork lacks masked the
// source's production branch (ci/token=… read as a credential pair) though get_app shows it as
// it is, and cut it before masking, so a branch cut inside a token showed part of it. The list
// quotes it as get_app shows it.
func TestForkShowsLostSettingsAsGetAppDoes(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const branch = "ci/token=abc123def456"
	// Set as another client would (update_app refuses it as a credential since round 63:
	// TestR63Hostile7CredentialsNotKeptWhereOthersSeeThem).
	raw, err := client.New(client.Config{BaseURL: h.api.URL, Version: "test", Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.UpdateProject(context.Background(), h.appID(t, "analytics-app"), client.UpdateProjectRequest{ProductionBranch: new(branch)}); err != nil {
		t.Fatal(err)
	}
	// Stored, it is shown masked, with why, as a credential another client stored is since
	// round 64 (TestR64Hostile8StoredAppCredentialsMasked), in both.
	const shown = "`ci/token=********` (masked: it looks like a credential)"
	mustContain(t, "get_app of the source", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "Production branch: "+shown)
	got := h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-branch-fork"})
	mustContain(t, "fork of a source with that branch", got,
		"production branch "+shown+" (and its repository link, if one was connected)")
}
