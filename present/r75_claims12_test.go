package present

import "testing"

// TestR75Claims12ReadsAsManagedTag: the spellings that read as create_and_deploy_app's mark
// are one; a tag with another key or value is not one.
func TestR75Claims12ReadsAsManagedTag(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       bool
	}{
		{"created-by", "spice-cloud-mcp", true},
		{"Created_By", "Spice_Cloud_MCP", true},
		{"CREATED BY", "SPICECLOUDMCP", true},
		{"сreated-by", "spice-cloud-mcp", true}, // Cyrillic с
		{"ｃｒｅａｔｅｄ-ｂｙ", "spice-cloud-mcp", true}, // fullwidth
		{"created-by", "spIce-cIoud-mcp", true},
		{"created-by", "spice-c1oud-mcp", true},
		{"created-by", "spice-cl0ud-mcp", true},
		{"created-by", "alice", false},
		{"created-by", "spice-cloud-mcp-2", false},
		{"team", "spice-cloud-mcp", false},
		{"creator", "spice-cloud-mcp", false},
		{"created-by-me", "spice-cloud-mcp", false},
	} {
		if got := ReadsAsManagedTag(tc.key, tc.value); got != tc.want {
			t.Errorf("ReadsAsManagedTag(%q, %q) = %v, want %v", tc.key, tc.value, got, tc.want)
		}
	}
}
