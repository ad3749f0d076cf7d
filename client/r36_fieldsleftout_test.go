package client_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR36RemedyOwnsFieldsLeftOut: with more field errors than an error keeps, "Fix the fields
// named above" was the whole remedy though some fields were not named; it now says the rest
// are not shown and that the API's next answer names those still wrong. With every field
// shown, the remedy stays as it was.
func TestR36RemedyOwnsFieldsLeftOut(t *testing.T) {
	for _, tc := range []struct {
		fields   int
		leftOut  bool
		wantText string
	}{
		{25, true, "Fix the fields named above and try again: the further field errors (counted above) are not shown, and the API's next answer names those still wrong"},
		{3, false, "Fix the fields named above and try again"},
	} {
		fields := map[string][]string{}
		for i := range tc.fields {
			fields[fmt.Sprintf("f%02d", i)] = []string{"is invalid"}
		}
		_, err := r33APIError(t, map[string]any{"error": "Validation error", "details": map[string]any{"fieldErrors": fields}})
		shown := present.ToolError("create_app", []string{"apps:write"}, err)
		if !strings.Contains(shown, tc.wantText) {
			t.Errorf("%d fields: the remedy is not %q:\n%s", tc.fields, tc.wantText, shown)
		}
		if strings.Contains(shown, "and 5 more field errors") != tc.leftOut || strings.Contains(shown, "not shown") != tc.leftOut {
			t.Errorf("%d fields: left out said %v, want %v:\n%s", tc.fields, !tc.leftOut, tc.leftOut, shown)
		}
	}
}
