package present

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestAppFreeTextsAreShortenedWithTheirLength: an app's description, tag list and production
// branch (free texts the API does not bound) are shortened in its view to DescriptionBytes,
// TagsBytes and textBytes, each with a note of its full length, so the runtime and spicepod
// still show; ShortenApp shortens them for structured content and gives their lengths (for
// tags: the first whole tags that fit, and their number).
func TestAppFreeTextsAreShortenedWithTheirLength(t *testing.T) {
	tags := map[string]string{}
	for i := range 500 {
		tags[fmt.Sprintf("key-%03d", i)] = "value"
	}
	a := &client.Project{ProjectSummary: client.ProjectSummary{Name: "analytics-app", Description: strings.Repeat("word ", 6000),
		Tags: tags}, ProductionBranch: strings.Repeat("b", 5000)}
	a.Config.Spicepod = map[string]any{"version": "v1", "kind": "Spicepod", "name": "analytics-app"}
	got := App(a)
	for _, want := range []string{
		"(shortened; 30,000 characters in all)\n",
		"key-000=value, key-001=value", "key-065=value … (shortened; 66 of 500 tags shown)\n",
		"(shortened; 5,000 characters in all)\n",
		"- Spicepod:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if len(got) > DescriptionBytes+TagsBytes+textBytes+500 {
		t.Errorf("the view is %d bytes", len(got))
	}
	short, full := ShortenApp(a)
	if full["description"] != 30000 || len(short.Description) > DescriptionBytes+len("…") || !strings.HasSuffix(short.Description, "…") || a.Description != strings.Repeat("word ", 6000) {
		t.Errorf("ShortenApp: %d bytes, %v", len(short.Description), full)
	}
	if full["production_branch"] != 5000 || len(short.ProductionBranch) > textBytes+len("…") || full["tags"] != 500 || len(short.Tags) != 66 ||
		short.Tags["key-065"] != "value" || len(a.Tags) != 500 || len(a.ProductionBranch) != 5000 {
		t.Errorf("ShortenApp: branch %d bytes, %d tags, %v", len(short.ProductionBranch), len(short.Tags), full)
	}
	if short, full := ShortenApp(&client.Project{ProjectSummary: client.ProjectSummary{Description: "Orders"}}); full != nil || short.Description != "Orders" {
		t.Errorf("ShortenApp of a short description: %q %v", short.Description, full)
	}
}
