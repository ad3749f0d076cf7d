package gendocs

import (
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR67Spec9WhenShownWithItsCondition: an operation a tool calls only on some paths is in the
// table's second column with its condition, not among those called on every use; a When naming
// an operation outside the tool's Operations refuses to generate.
func TestR67Spec9WhenShownWithItsCondition(t *testing.T) {
	table, err := operationsTable(tools.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		"| `listContainerImages` | `GET /v1/container-images` | `list_container_images` | `create_and_deploy_app` (when `image_tag` is given) |",
		"| `resumeProject` | `POST /v1/projects/{projectId}/resume` |  | `resume_app` (when the app is paused) |",
	} {
		if !strings.Contains(table, row) {
			t.Errorf("the table has no row %q", row)
		}
	}
	all := slices.Clone(tools.All())
	all = append(all, tools.Tool{Name: "odd", Operations: []*api.Operation{api.GetHealth}, When: map[*api.Operation]string{api.ListRegions: "sometimes"}})
	if _, err := operationsTable(all); err == nil || !strings.Contains(err.Error(), "odd: When names listRegions, which neither its Operations nor its MayCall do") {
		t.Errorf("a When outside the tool's Operations and MayCall: error %v", err)
	}
}
