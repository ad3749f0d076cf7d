package mcpserver_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR71MineSecretValueWithNULRefused: a secret's value holding U+0000 is refused before any
// request, however it comes (value, create_and_deploy_app's secrets, a file, the person's page):
// a spicepod passes a secret into a password, token or connection string, and none carries one,
// so the runtime would get it cut short (api/README §10: the emulator stores what the schema
// allows, as for an empty value). Before round 71 each was stored as sent.
func TestR71MineSecretValueWithNULRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pg.txt")
	if err := os.WriteFile(file, []byte("pass\x00word\n"), 0o600); err != nil { // UTF-8 text, NUL included
		t.Fatal(err)
	}
	local := &tools.LocalSources{Getenv: func(string) string { return "" }, Forbidden: tools.ServerCredentialVariables}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	id := h.appID(t, "analytics-app")
	if got := r68Spec10Status(t, h, sandbox.DefaultToken, "POST", "/v1/projects/101/secrets", map[string]any{"name": "NUL_ONE", "value": "a\x00b"}); got != http.StatusOK {
		t.Fatalf("the emulator answers a value holding NUL %d, want 200 (the schema's string)", got)
	}
	upserts, creates := h.emu.Calls(api.UpsertProjectSecret.ID), h.emu.Calls(api.CreateProject.ID)
	for _, c := range []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "NUL_PASS", "value": "pass\x00word"}, []string{"value", "NUL character (U+0000)", "What to do: Give the value without it"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "NUL_PASS", "value": "\x00"}, []string{"value", "NUL character (U+0000)"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "NUL_PASS", "value_from_file": file}, []string{"cannot use " + file, "NUL character (U+0000)", "binary files"}},
		{"create_and_deploy_app", map[string]any{"name": "nul-app", "spicepod": "version: v1\nkind: Spicepod\nname: nul-app\n", "secrets": map[string]any{"NUL_PASS": "pass\x00word"}},
			[]string{"secrets.NUL_PASS", "NUL character (U+0000)"}},
	} {
		out := h.fail(t, c.tool, c.args)
		mustContain(t, c.tool, out, c.want...)
		if strings.Contains(out, "pass\x00word") || strings.Contains(out, "\x00") {
			t.Errorf("%s: the refusal shows the value: %q", c.tool, out)
		}
	}
	if n := h.emu.Calls(api.UpsertProjectSecret.ID) - upserts; n != 0 {
		t.Errorf("%d upserts sent for values holding NUL, want none", n)
	}
	if n := h.emu.Calls(api.CreateProject.ID) - creates; n != 0 {
		t.Errorf("create_and_deploy_app created %d apps for a secret holding NUL, want none", n)
	}
	if _, ok := h.emu.SecretValue("sandbox", id, "NUL_PASS"); ok {
		t.Error("a value holding NUL was stored")
	}

	// The person's page: no one types U+0000, a crafted request can send it; it is not stored.
	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	res := human.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "NUL_PASS"})
	status, body := (&page{}).answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-NUL_PASS": {"pass\x00word"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "Enter a value for every secret (missing: NUL_PASS)") {
		t.Errorf("the page answered a value holding NUL %d, want 400 asking for it again:\n%s", status, body)
	}
	if _, ok := human.emu.SecretValue("sandbox", human.appID(t, "analytics-app"), "NUL_PASS"); ok {
		t.Error("the page stored a value holding NUL")
	}
}
