package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR63Spec5YAMLFloatRefusedByTheTools: update_app and create_and_deploy_app refuse a spicepod
// whose YAML text holds a float a double would change, as they refuse it in an object: naming
// where, not the number, with nothing sent (api/README §10 "Spicepod numbers"). Before, the YAML
// text was read to a float first and sent, to be stored as 0.1.
func TestR63Spec5YAMLFloatRefusedByTheTools(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := `"version: v1\nkind: Spicepod\nname: %s\nruntime:\n  pg_port: 0.10000000000000000001\n"`
	for tool, args := range map[string]string{
		"update_app":            `{"app":"analytics-app","spicepod":` + strings.Replace(pod, "%s", "analytics-app", 1) + `}`,
		"create_and_deploy_app": `{"name":"float-app","region":"us-west-2","spicepod":` + strings.Replace(pod, "%s", "float-app", 1) + `}`,
	} {
		r := h.callRaw(t, tool, args)
		text := r.Content[0].(mcp.TextContent).Text
		if !r.IsError || !strings.Contains(text, "nothing was sent") || !strings.Contains(text, "(at runtime.pg_port)") ||
			!strings.Contains(text, "rounded") || strings.Contains(text, "0000000001") {
			t.Errorf("%s: %v %s", tool, r.IsError, text)
		}
	}
	if strings.Contains(h.ok(t, "list_apps", map[string]any{}), "float-app") {
		t.Errorf("create_and_deploy_app created the app")
	}
}
