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
			`Invalid arguments, nothing was sent: tags.env: must hold only letters, digits, '_', '@' and '-'; got "prod east", where ' ' is not allowed`, ""},
		{"create_app", map[string]any{"name": "abcd-x", "tags": map[string]any{"env": "a/b"}},
			`Invalid arguments, nothing was sent: tags.env: must hold only letters, digits, '_', '@' and '-'; got "a/b", where '/' is not allowed`, ""},
		{"create_and_deploy_app", map[string]any{"name": "abcd-x", "tags": map[string]any{"env": long}, "spicepod": "version: v1\nkind: Spicepod\nname: x\n"},
			"Invalid arguments, nothing was sent: tags.env: must be at most 256 characters; got 300", long},
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

// TestR55WordsCreateAppSaysOnce: create_app's result says to set a spicepod with update_app
// once (the headline; the spicepod line only that none is set), and with both region and a
// cname of another region it says which placed the app (openapi.json: region wins).
func TestR55WordsCreateAppSaysOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "create_app", map[string]any{"name": "abcd-y"})
	if n := strings.Count(got, "update_app"); n != 1 {
		t.Errorf("update_app named %d times:\n%s", n, got)
	}
	mustContain(t, "create_app", got, "Next: set a spicepod with update_app", "\n- Spicepod: not set")
	if strings.Contains(got, "cname") {
		t.Errorf("a cname note without a cname:\n%s", got)
	}
	got = h.ok(t, "create_app", map[string]any{"name": "abcd-x", "region": "us-west-2", "cname": "us-east-1"})
	mustContain(t, "create_app", got, `cname "us-east-1" was not used: with both given, region (us-west-2) places the app.`, "- Region: us-west-2")
	got = h.ok(t, "create_app", map[string]any{"name": "abcd-z", "region": "us-east-1", "cname": "us-east-1"})
	if strings.Contains(got, "was not used") {
		t.Errorf("the same region twice is noted:\n%s", got)
	}
}
