package mcpserver_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// toolByName is one tool as tools/list gives it.
func toolByName(t *testing.T, h *harness, name string) mcp.Tool {
	t.Helper()
	for _, tool := range h.listTools(t) {
		if tool.Name == name {
			return tool
		}
	}
	t.Fatalf("tools/list has no %s", name)
	return mcp.Tool{}
}

// paramDescription is the description of a tool's parameter in tools/list.
func paramDescription(t *testing.T, tool mcp.Tool, param string) string {
	t.Helper()
	p, ok := tool.InputSchema.Properties[param].(map[string]any)
	if !ok {
		t.Fatalf("%s has no parameter %s", tool.Name, param)
	}
	d, _ := p["description"].(string)
	return d
}

// TestContainerImagesSayPinningNeedsEnterprise: on the standard plan list_container_images said
// "use the tag as image_tag", and its description "pass a tag as image_tag", though the API
// refuses image_tag without Enterprise (api/README §7.14). The heading, the description and
// create_deployment's image_tag say the pin needs Enterprise and name the other way.
func TestContainerImagesSayPinningNeedsEnterprise(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "list_container_images", map[string]any{})
	mustContain(t, "list_container_images", out, "Pinning a tag (`image_tag`) needs the Enterprise plan",
		"update_app's `update_channel` and `version`", "| 2.3.2 |")
	if strings.Contains(out, "use the tag as") {
		t.Errorf("list_container_images offers every tag as image_tag:\n%s", out)
	}
	// What the heading says holds on this (standard) plan.
	mustContain(t, "update_app image_tag", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "image_tag": "2.3.1"}),
		"image_tag_requires_enterprise")

	images := toolByName(t, h, "list_container_images")
	if strings.Contains(images.Description, "pass a tag") || !strings.Contains(images.Description, "image_tag needs Enterprise") {
		t.Errorf("list_container_images description: %q", images.Description)
	}
	for _, name := range []string{"create_deployment", "update_app"} {
		if d := paramDescription(t, toolByName(t, h, name), "image_tag"); !strings.Contains(d, "Enterprise") {
			t.Errorf("%s image_tag: %q does not say it needs Enterprise", name, d)
		}
	}
}

// TestClustersShowThePublicEndpoint: list_clusters showed the API's endpoint, the private host
// usable only with VPC peering, as "Endpoint". Both are shown, named for what they are, the
// public one derived from infra_cluster_name and region (api/README §7.11), with the clusters
// sharing hardware; the structured content says the same.
func TestClustersShowThePublicEndpoint(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	res := h.call(t, "list_clusters", map[string]any{"org": "acme-labs"})
	if res.IsError {
		t.Fatalf("list_clusters: %s", text(res))
	}
	public := "https://acme-labs-prod-us-west-2-prod-data.spiceai.io"
	mustContain(t, "list_clusters", text(res),
		"| Public endpoint | Private endpoint (VPC peering only) |",
		"| "+public+" | private-acme-labs-prod-production-us-west-2-prod-data.spiceai.io |",
		"acme-labs-prod-production and acme-labs-prod-sandbox share hardware (acme-labs-prod)")
	var out struct {
		Clusters []struct {
			ClusterName    string `json:"cluster_name"`
			Endpoint       string `json:"endpoint"`
			PublicEndpoint string `json:"public_endpoint"`
		} `json:"clusters"`
		SharedHardware []struct {
			Hardware string   `json:"infra_cluster_name"`
			Clusters []string `json:"clusters"`
		} `json:"shared_hardware"`
	}
	structured(t, res, &out)
	if len(out.Clusters) != 2 {
		t.Fatalf("structured clusters: %+v", out.Clusters)
	}
	for _, c := range out.Clusters {
		if c.PublicEndpoint != public || !strings.HasPrefix(c.Endpoint, "private-") {
			t.Errorf("structured cluster %+v, want public_endpoint %s", c, public)
		}
	}
	// The clusters sharing hardware are named once per hardware, as the text's note does
	// (TestR42ReviewbudgetClustersSharedHardwareQuadratic: once per cluster is N² names).
	if len(out.SharedHardware) != 1 || out.SharedHardware[0].Hardware != "acme-labs-prod" ||
		!slices.Equal(out.SharedHardware[0].Clusters, []string{out.Clusters[0].ClusterName, out.Clusters[1].ClusterName}) {
		t.Errorf("structured shared_hardware %+v, want acme-labs-prod: both clusters", out.SharedHardware)
	}
}

// TestUpdateMemberRolesNamesEveryRole: the description offered "admin, member or viewer" while
// the schema takes owner and billing too, and granting owner answered "bob now has roles owner"
// though bob is not the organization's owner (api/README §4). The description names all five;
// the result says what the owner role and the legacy billing role are.
func TestUpdateMemberRolesNamesEveryRole(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	tool := toolByName(t, h, "update_member_roles")
	items, _ := tool.InputSchema.Properties["roles"].(map[string]any)["items"].(map[string]any)
	enum, _ := items["enum"].([]any)
	if len(enum) != 5 {
		t.Fatalf("roles enum %v", enum)
	}
	for _, role := range enum {
		if !strings.Contains(tool.Description, role.(string)) {
			t.Errorf("update_member_roles description does not name %v: %q", role, tool.Description)
		}
	}
	mustContain(t, "update_member_roles owner", h.ok(t, "update_member_roles", map[string]any{"member": "bob", "roles": []any{"owner"}}),
		"bob (user 2) now has the role owner.", "bob is not the organization's owner")
	out := h.ok(t, "update_member_roles", map[string]any{"member": "bob", "roles": []any{"billing"}})
	// Its rights are Assumed (api/README §4), not stated by the API: said as this server's reading.
	mustContain(t, "update_member_roles billing", out, "billing is a legacy role whose rights the API does not document",
		"read as member here")
	if strings.Contains(out, "the API treats it as member") {
		t.Errorf("update_member_roles states billing's rights as the API's:\n%s", out)
	}
	if strings.Contains(out, "organization's owner") {
		t.Errorf("update_member_roles billing explains the owner role:\n%s", out)
	}
}
