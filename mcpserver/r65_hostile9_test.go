package mcpserver_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r65Hostile9Leaks reports whether s carries one of r64Hostile8Real (each marked "R64hostile8").
func r65Hostile9Leaks(s string) bool { return strings.Contains(strings.ToUpper(s), "R64HOSTILE8") }

// r65Hostile9Prompt renders a prompt through the real client: its text, or the error.
func r65Hostile9Prompt(h *harness, name string, args map[string]string) (string, error) {
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		return "", err
	}
	raw, _ := json.Marshal(res)
	return string(raw), nil
}

// TestR65Hostile9PromptAppCredentialRefused: rotate_keys and troubleshoot_deployment wrote their
// app argument into the prompt as given ("Rotate the API keys of the Spice.ai app
// \"ghp_…\""), so an API key pasted as the app landed in the conversation. A tool looks the
// reference up and masks it; a prompt has nothing to look up, so it refuses it, masked, with
// why, asking for the app's ID (which still reaches an app so named); ordinary names that only
// look like one are rendered as given.
func TestR65Hostile9PromptAppCredentialRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, prompt := range []string{"rotate_keys", "troubleshoot_deployment"} {
		for _, c := range r64Hostile8Real {
			got, err := r65Hostile9Prompt(h, prompt, map[string]string{"app": c})
			if err == nil {
				t.Errorf("%s %.14q: rendered: %.300s", prompt, c, got)
				continue
			}
			if msg := err.Error(); r65Hostile9Leaks(msg) || !strings.Contains(msg, `argument "app"`) {
				t.Errorf("%s %.14q: want app refused without the value: %s", prompt, c, msg)
			} else if strings.Contains(msg, "credential") && !strings.Contains(msg, r64Hostile8Masked+"; a prompt writes its arguments into the conversation as given: give the app's ID instead (see list_apps)") {
				t.Errorf("%s %.14q: want the value masked, with why, and the ID asked for: %s", prompt, c, msg)
			}
		}
		for _, app := range []string{"analytics-app", "101", "sk-learn", "gh-pages", "feature-api-key"} {
			if got, err := r65Hostile9Prompt(h, prompt, map[string]string{"app": app}); err != nil || !strings.Contains(got, `\"`+app+`\"`) {
				t.Errorf("%s %q: want it rendered as given: %v %.300s", prompt, app, err, got)
			}
		}
	}
	// Where list_apps is hidden, the refusal does not send the agent to it.
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_apps"}}})
	_, err := r65Hostile9Prompt(hidden, "rotate_keys", map[string]string{"app": r64Hostile8Real[0]})
	if err == nil || strings.Contains(err.Error(), "list_apps") || !strings.Contains(err.Error(), "give the app's ID instead") {
		t.Errorf("list_apps hidden: %v", err)
	}
}

// TestR65Hostile9PromptSpicepodCredentialRefused: deploy_app wrote its spicepod into the prompt
// as given, an inline password or API key with it, though the prompt itself tells the agent to
// reference credentials as ${secrets:NAME}. One that holds a credential (by the prose rule of
// the API's texts) is refused, masked, with why; references and prose mentions are rendered.
func TestR65Hostile9PromptSpicepodCredentialRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: shop\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n"
	for _, inline := range []string{
		"      pg_pass: R64hostile8pw\n",
		"      pg_connection_string: " + r64Hostile8Real[10] + "\n",
		"      openai_api_key: " + r64Hostile8Real[2] + "\n",
	} {
		got, err := r65Hostile9Prompt(h, "deploy_app", map[string]string{"name": "shop-app", "spicepod": pod + inline})
		if err == nil {
			t.Errorf("%q: rendered: %.400s", inline, got)
			continue
		}
		if msg := err.Error(); r65Hostile9Leaks(msg) || !strings.Contains(msg, `argument "spicepod"`) ||
			!strings.Contains(msg, r64Hostile8Masked+"; a prompt writes its arguments into the conversation as given: reference the credential as ${secrets:NAME}") {
			t.Errorf("%q: want the spicepod refused, masked, with why: %s", inline, msg)
		}
	}
	for _, ok := range []string{pod + "      pg_pass: ${secrets:PG_PASS}\n", "the orders table from Postgres; the password is in the vault", "rotate ghp_ tokens weekly"} {
		if got, err := r65Hostile9Prompt(h, "deploy_app", map[string]string{"name": "shop-app", "spicepod": ok}); err != nil || !strings.Contains(got, "vault") && !strings.Contains(got, "secrets:PG_PASS") && !strings.Contains(got, "ghp_ tokens") {
			t.Errorf("%q: want it rendered: %v %.300s", ok, err, got)
		}
	}
}
