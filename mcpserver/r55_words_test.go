package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR55WordsOffsetOnce: a negative offset is refused naming the field once, whichever
// offset it is.
func TestR55WordsOffsetOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_app", map[string]any{"app": "analytics-app", "spicepod_offset": -1}, "Invalid arguments, nothing was sent: spicepod_offset: must be 0 or more"},
		{"list_apps", map[string]any{"offset": -1}, "Invalid arguments, nothing was sent: offset: must be 0 or more"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, tc.want)
		if strings.Contains(strings.ToLower(got), "offset: offset") {
			t.Errorf("%s: the field is named twice:\n%s", tc.tool, got)
		}
	}
}

// TestR55WordsTagValueQuoted: a tag value outside the rule is refused naming its key, quoting
// what was sent (masked when it looks like a credential) and the first character not allowed;
// one too long says its length.
func TestR55WordsTagValueQuoted(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	long := strings.Repeat("a", 300)
	for _, tc := range []struct {
		tool    string
		args    map[string]any
		want    string
		notWant string
	}{
		{"update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"env": "prod east", "team": "ok"}},
			`Invalid argument tags.env: must hold only letters, digits, '_', '@' and '-'; got "prod east", where ' ' is not allowed`, ""},
		{"create_app", map[string]any{"name": "abcd-x", "tags": map[string]any{"env": "a/b"}},
			`Invalid argument tags.env: must hold only letters, digits, '_', '@' and '-'; got "a/b", where '/' is not allowed`, ""},
		{"create_and_deploy_app", map[string]any{"name": "abcd-x", "tags": map[string]any{"env": long}, "spicepod": "version: v1\nkind: Spicepod\nname: x\n"},
			"Invalid argument tags.env: must be at most 256 characters; got 300", long},
		{"update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"key": "ghp_abcdefghijklmnopqrstuvwxyz0123456789 x"}},
			"(masked: it looks like a credential)", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, tc.want)
		if tc.notWant != "" && strings.Contains(got, tc.notWant) {
			t.Errorf("%s: shows what it should not:\n%s", tc.tool, got)
		}
	}
}
