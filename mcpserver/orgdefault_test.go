package mcpserver_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestEveryToolButTwoTakesOrg keeps the instructions' and README's sentence true: every tool but
// check_health and list_orgs takes an optional org.
func TestEveryToolButTwoTakesOrg(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tool := range h.listTools(t) {
		_, takes := tool.InputSchema.Properties["org"]
		if want := tool.Name != "check_health" && tool.Name != "list_orgs"; takes != want {
			t.Errorf("%s: takes org = %t, want %t", tool.Name, takes, want)
		}
	}
}

// TestWrongDefaultOrgCanBeRecovered: with SPICE_ORG naming an organization the caller cannot
// reach, an organization-scoped tool is refused with the remedy to list your organizations,
// and that remedy works: list_orgs and spice://orgs answer.
func TestWrongDefaultOrgCanBeRecovered(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "nope"})
	mustContain(t, "list_apps", h.fail(t, "list_apps", map[string]any{}), "org_forbidden", "list_orgs lists those you can pass as org")
	mustContain(t, "list_orgs", h.ok(t, "list_orgs", map[string]any{}), "sandbox", "acme-labs")
	var req mcp.ReadResourceRequest
	req.Params.URI = "spice://orgs"
	res, err := h.mcp.ReadResource(context.Background(), req)
	if err != nil {
		t.Fatalf("spice://orgs: %v", err)
	}
	mustContain(t, "spice://orgs", res.Contents[0].(mcp.TextResourceContents).Text, "acme-labs")
	// And the names it lists work as org.
	mustContain(t, "list_apps org", h.ok(t, "list_apps", map[string]any{"org": "sandbox"}), "analytics-app")
}
