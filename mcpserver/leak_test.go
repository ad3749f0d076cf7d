package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestSecretValuesAreNeverEchoed sets secrets through every path that carries a value
// (create, update, failures) with debug logging on, then checks every result and log line.
func TestSecretValuesAreNeverEchoed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const canary = "canary-secret-7f3e9a"
	var results []string
	record := func(name string, args map[string]any) {
		results = append(results, everything(h.call(t, name, args)))
	}
	record("set_secret", map[string]any{"app": "analytics-app", "name": "NEW_SECRET", "value": canary})
	record("set_secret", map[string]any{"app": "analytics-app", "name": "NEW_SECRET", "value": canary + "-2"})
	record("set_secret", map[string]any{"app": "analytics-app", "name": "9BAD", "value": canary})
	record("set_secret", map[string]any{"app": "missing-app", "name": "OK", "value": canary})
	record("set_secret", map[string]any{"app": "analytics-app", "name": "OK", "value": canary, "extra": canary})
	h.emu.InjectFault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Status: 500})
	record("set_secret", map[string]any{"app": "analytics-app", "name": "OK", "value": canary})
	record("list_secrets", map[string]any{"app": "analytics-app"})
	record("get_secret", map[string]any{"app": "analytics-app", "name": "NEW_SECRET"})
	record("get_app", map[string]any{"app": "analytics-app"})

	if v, ok := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "NEW_SECRET"); !ok || v != canary+"-2" {
		t.Fatalf("the secret was not stored: %q %v", v, ok)
	}
	if !strings.Contains(h.logs.String(), `"level":"DEBUG"`) {
		t.Fatal("no debug logs captured; the log check would prove nothing")
	}
	for i, r := range results {
		if strings.Contains(r, canary) {
			t.Errorf("result %d echoes the secret value: %s", i, r)
		}
	}
	if strings.Contains(h.logs.String(), canary) {
		t.Errorf("logs contain the secret value:\n%s", h.logs.String())
	}
}

// TestInlineSpicepodCredentialsAreMasked: a spicepod may hold a password inline; get_app and
// update_app show it masked, while ${secrets:...} references stay readable.
func TestInlineSpicepodCredentialsAreMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: pg\ndatasets:\n  - from: postgres:orders\n    name: orders\n    params:\n" +
		"      pg_host: db.internal\n      pg_pass: inline-password-canary\n      pg_user_token: ${secrets:PG_TOKEN}\n"
	for _, res := range []string{
		everything(h.call(t, "update_app", map[string]any{"app": "docs-search", "spicepod": pod})),
		everything(h.call(t, "get_app", map[string]any{"app": "docs-search"})),
	} {
		if strings.Contains(res, "inline-password-canary") {
			t.Errorf("inline credential shown: %s", res)
		}
		mustContain(t, "masked spicepod", res, `pg_pass: \"`+present.Masked+`\"`, "${secrets:PG_TOKEN}", "db.internal")
	}
}

// TestAPIKeysOnlyWithWarning: keys appear in the key tools, always with the warning, and in no
// other tool's result (the deprecated api_key field of apps included).
func TestAPIKeysOnlyWithWarning(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	var keys client.APIKeys
	res := h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"})
	structured(t, res, &keys)
	if keys.APIKey == "" || keys.APIKey2 == "" {
		t.Fatalf("keys = %+v", keys)
	}
	mustContain(t, "get_api_keys", text(res), keys.APIKey, keys.APIKey2, present.KeyWarning)
	for _, n := range []int{0, 1, 2} {
		mustContain(t, "regenerate_api_key", h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": n, "confirm": "analytics-app"}), present.KeyWarning)
	}
	structured(t, h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}), &keys)
	for tool, args := range map[string]map[string]any{
		"list_apps": nil, "get_app": {"app": "analytics-app"}, "update_app": {"app": "analytics-app", "description": "x"},
		"create_app": {"name": "fresh-app"},
	} {
		out := everything(h.call(t, tool, args))
		if strings.Contains(out, keys.APIKey) || strings.Contains(out, keys.APIKey2) || strings.Contains(out, "api_key") {
			t.Errorf("%s shows an API key: %s", tool, out)
		}
	}
	if strings.Contains(h.logs.String(), keys.APIKey) {
		t.Error("logs contain an API key")
	}
}
