package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestCreateDeploymentUnsetSecretsOtherStore: a spicepod that declares another secret store
// (aws_secrets_manager) may find ${secrets:DB_TOKEN} there, so create_deployment does not warn
// that the deployment is likely to fail for want of it; an ${env:API_KEY} reference, which only
// the app's secrets provide, is still named.
func TestCreateDeploymentUnsetSecretsOtherStore(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: x\nsecrets:\n  - from: aws_secrets_manager\n    name: aws\n    params:\n      aws_region: us-east-1\n" +
		"datasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: ${secrets:DB_TOKEN}\n      u: ${aws:DB_USER}\n"
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": pod})
	res := h.call(t, "create_deployment", map[string]any{"app": "docs-search"})
	if out := text(res); res.IsError || strings.Contains(out, "likely to fail") || strings.Contains(out, "DB_TOKEN") {
		t.Errorf("another store declared, warned:\n%s", out)
	}
	h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": pod + "      k: ${env:API_KEY}\n"})
	out := h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	if !strings.Contains(out, "likely to fail") || !strings.Contains(out, "API_KEY") || strings.Contains(out, "DB_TOKEN") {
		t.Errorf("env reference not named, or the other store's named:\n%s", out)
	}
}
