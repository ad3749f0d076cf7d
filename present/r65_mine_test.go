package present

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// r65MineDeepPod is a spicepod whose dataset params nest depth maps (or lists) around a leaf,
// and a key too long for an implicit key at the bottom.
func r65MineDeepPod(depth int, lists bool) map[string]any {
	var v any = map[string]any{strings.Repeat("k", 1200): "leaf: value, [x]", "n": 1.5, "t": true}
	for i := range depth {
		if lists && i%2 == 0 {
			v = []any{"x", v}
		} else {
			v = map[string]any{"a": v}
		}
	}
	return map[string]any{"version": "v1", "kind": "Spicepod", "name": "deep",
		"datasets": []any{map[string]any{"name": "d", "from": "postgres:t", "params": v}}}
}

// TestR65MineDeepSpicepodRendersLinearly: a spicepod nested thousands deep renders in bytes
// proportional to its JSON (block YAML indents every level: 8,000 deep, 48 KB of JSON, rendered
// 64 MB, and get_app paged it by lines), and what it renders still reads back as the spicepod.
func TestR65MineDeepSpicepodRendersLinearly(t *testing.T) {
	for _, lists := range []bool{false, true} {
		for _, depth := range []int{10, 100, 1000, 8000} {
			pod := MaskSpicepod(r65MineDeepPod(depth, lists))
			asJSON, _ := json.Marshal(pod)
			text := spicepodYAML(pod)
			if len(text) > 2*len(asJSON)+4096 {
				t.Errorf("depth %d (lists %v): %d bytes of YAML for %d of JSON", depth, lists, len(text), len(asJSON))
			}
			if depth > 1000 {
				continue // the YAML reader refuses nesting this deep, as it should
			}
			back, msg := rules.ParseSpicepod(text)
			if msg != "" {
				t.Fatalf("depth %d (lists %v): does not parse (%s):\n%.2000s", depth, lists, msg, text)
			}
			if got, _ := json.Marshal(back); string(got) != string(asJSON) {
				t.Errorf("depth %d (lists %v): reads back differently:\n%.500s\n%.500s", depth, lists, asJSON, got)
			}
		}
	}
	// A real spicepod's nesting stays block YAML.
	if text := spicepodYAML(r65MineDeepPod(10, false)); strings.Contains(text, "{") {
		t.Errorf("10 deep written in flow style:\n%s", text)
	}
}

// TestR65MineQueuedWithoutSecretsNamesTheFollowOnce: create_deployment's result for a spicepod
// whose secrets the app lacks wrote the call that follows the deployment twice (in its warning,
// "(… follows it)", and in the deployment's own last line); it is written once, in the last line,
// which the warning points to, whichever follow tools the caller can use.
func TestR65MineQueuedWithoutSecretsNamesTheFollowOnce(t *testing.T) {
	d := &client.Deployment{ID: 1008, Status: client.StatusQueued}
	again := []Arg{{"app", "docs-search"}}
	for _, c := range []struct {
		name        string
		unavailable []UnavailableTool
		follow      string
	}{
		{"all tools", nil, Follow(1008, nil, again...)},
		{"no wait_for_deployment", []UnavailableTool{{Name: "wait_for_deployment", Reason: "scope"}}, "get_deployment"},
		{"neither", []UnavailableTool{{Name: "wait_for_deployment", Reason: "scope"}, {Name: "get_deployment", Reason: "scope"}}, "the Spice.ai portal"},
	} {
		text := DeploymentQueuedWithoutSecrets("docs-search (102)", d, []string{"PG_PASS"}, again, c.unavailable, false, again...)
		warning, rest, _ := strings.Cut(text, "\n\n")
		if !strings.Contains(warning, "the line below says how to follow it") || strings.Contains(warning, c.follow) {
			t.Errorf("%s: the warning names the follow itself or points nowhere:\n%s", c.name, warning)
		}
		if !strings.Contains(rest, c.follow) {
			t.Errorf("%s: the deployment's lines do not say how to follow it (%s):\n%s", c.name, c.follow, rest)
		}
	}
}
