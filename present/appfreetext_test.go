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
// still show; ShortenApp shortens the description for structured content and gives its length.
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
		fmt.Sprintf("(shortened; %s characters in all)\n", number(len(tagList(tags)))),
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
	if short, full := ShortenApp(&client.Project{ProjectSummary: client.ProjectSummary{Description: "Orders"}}); full != nil || short.Description != "Orders" {
		t.Errorf("ShortenApp of a short description: %q %v", short.Description, full)
	}
}
