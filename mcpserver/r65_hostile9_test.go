package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
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

// r65Hostile9Why is a masked value's note as a JSON string holds it, after the mask.
const r65Hostile9Why = " " + r64Hostile8Masked

// r65Hostile9Structured is a result's structured content as JSON.
func r65Hostile9Structured(res *mcp.CallToolResult) string {
	raw, _ := json.Marshal(res.StructuredContent)
	return string(raw)
}

// TestR65Hostile9StoredDeploymentStructuredSaysWhy: a deployment's branch, commit and commit
// message another client stored with a credential were masked in the structured content as a
// bare "********" (the text, and an app's fields, say why); its image and image tag were shown
// as stored. Each is masked, and says why, in text and structured content alike.
func TestR65Hostile9StoredDeploymentStructuredSaysWhy(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	raw := r64Hostile8Raw(t, h)
	c := r64Hostile8Real[0]
	req := client.CreateDeploymentRequest{CommitMessage: "deploy with " + c, Branch: "ci-" + c, CommitSHA: c}
	d, err := raw.CreateProjectDeployment(context.Background(), h.appID(t, "analytics-app"), client.CreateProjectDeploymentRequest{CreateDeploymentRequest: req})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		tool string
		args map[string]any
	}{
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
	} {
		res := h.call(t, x.tool, x.args)
		got := r65Hostile9Structured(res)
		if r65Hostile9Leaks(everything(res)) {
			t.Errorf("%s shows the credential: %.600s", x.tool, everything(res))
		}
		for _, field := range []string{`"branch":"ci-********` + r65Hostile9Why + `"`, `"commit_sha":"********` + r65Hostile9Why + `"`,
			`"commit_message":"deploy with ********` + r65Hostile9Why + `"`} {
			if !strings.Contains(got, field) {
				t.Errorf("%s structured: want %s: %.800s", x.tool, field, got)
			}
		}
	}
}

// TestR65Hostile9StoredRuntimeSettingsMasked: an app's runtime settings (image_tag, image,
// registry, version, update_channel, node_group) and a deployment's image tag were shown as
// the API stored them, so a registry URL with user:password@ or a token in a tag that another
// client set was shown in full by get_app, describe_app, the app's resource, get_deployment,
// list_deployments and fork_app's list of what the fork lacks. Each is masked, with why, in
// text and structured content alike; an ordinary setting is shown as stored.
func TestR65Hostile9StoredRuntimeSettingsMasked(t *testing.T) {
	registry, image, tag := "https://robot:R64hostile8pw@registry.example.com", "spiceai/"+r64Hostile8Real[0], "v1-"+r64Hostile8Real[2]
	// The emulator takes only published tags: the API's answers are rewritten as another
	// client's settings would have them.
	stored := strings.NewReplacer(`"registry":"ghcr.io"`, `"registry":"`+registry+`"`, `"image":"spiceai/spiceai"`, `"image":"`+image+`"`,
		`"image_tag":null`, `"image_tag":"`+tag+`"`, `"image_tag":"2.3.2"`, `"image_tag":"`+tag+`"`)
	modify := func(r *http.Response) error {
		if r.Request.Method != http.MethodGet {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		body = []byte(stored.Replace(string(body)))
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}, upstream: cannedProxy(&answers, modify)})
	for _, x := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"fork_app", map[string]any{"app": "analytics-app", "name": "analytics-fork-h9"}},
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
	} {
		res := h.call(t, x.tool, x.args)
		if got := everything(res); r65Hostile9Leaks(got) || res.IsError {
			t.Errorf("%s shows a stored credential: %.900s", x.tool, got)
			continue
		}
		if !strings.Contains(text(res), r65Hostile9Why) {
			t.Errorf("%s text: masked without why: %.900s", x.tool, text(res))
		}
		want := []string{`"image_tag":"v1-********` + r65Hostile9Why + `"`}
		switch x.tool {
		case "get_app", "describe_app":
			want = append(want, `"registry":"https://********@registry.example.com`+r65Hostile9Why+`"`, `"image":"spiceai/********`+r65Hostile9Why+`"`)
		case "fork_app":
			want = nil
		}
		for _, w := range want {
			if got := r65Hostile9Structured(res); !strings.Contains(got, w) {
				t.Errorf("%s structured: want %s: %.900s", x.tool, w, got)
			}
		}
	}
	var read mcp.ReadResourceRequest
	read.Params.URI = "spice://apps/analytics-app"
	res, err := h.mcp.ReadResource(context.Background(), read)
	if raw, _ := json.Marshal(res); err != nil || r65Hostile9Leaks(string(raw)) || !strings.Contains(string(raw), r64Hostile8Masked) {
		t.Errorf("the app's resource: %v %.600s", err, raw)
	}
	// An ordinary setting is shown as stored.
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "ordinary", everything(plain.call(t, "get_app", map[string]any{"app": "analytics-app"})), "registry ghcr.io", `"registry":"ghcr.io"`)
}

// TestR65Hostile9DisguisedCredentialsRefused: round 64 keeps texts that only look like a
// credential (sk-learn, a branch naming keys). A real key dressed as one — an OpenAI-shaped
// "sk-learn-" followed by 40 random characters, a GitHub token inside a branch path or after a
// version — is still refused before any request, in each kept field (by the credential rule,
// or by the field's shape, '/' in a tag), quoted masked with why; a real
// secret name or username that mentions a token family (GITHUB_TOKEN, SK_LIVE_KEY) is kept.
// Held: no fix was needed.
func TestR65Hostile9DisguisedCredentialsRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	disguised := []string{
		"sk-learn-R64hostile8Xq7aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v",
		"feature/ghp_R64hostile8AbCdEfGhIjKlMnOpQrStUvWx",
		"v1.2-ghp_R64hostile8AbCdEfGhIjKlMnOpQrStUvWx",
		"gh-pages-sk-proj-R64hostile8abcdefghijklmnopq",
	}
	for _, v := range disguised {
		for _, x := range []struct {
			tool string
			args map[string]any
		}{
			{"create_deployment", map[string]any{"app": "analytics-app", "branch": v}},
			{"update_app", map[string]any{"app": "analytics-app", "production_branch": v}},
			{"update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"build": v}}},
			{"update_app", map[string]any{"app": "analytics-app", "description": "Pinned to " + v}},
		} {
			before := r63Hostile7Calls(h)
			res := h.call(t, x.tool, x.args)
			if got := everything(res); r65Hostile9Leaks(got) || !res.IsError || !strings.Contains(got, r64Hostile8Masked) {
				t.Errorf("%s %.20q: want it refused without the value: %.300s", x.tool, v, got)
			}
			// One read (the app's lookup) may precede the refusal; no change is sent.
			if sent := r63Hostile7Calls(h) - before; sent > 1 {
				t.Errorf("%s %.20q: %d requests", x.tool, v, sent)
			}
		}
	}
	for _, name := range []string{"GITHUB_TOKEN", "SK_LIVE_KEY", "AKIA_KEY_ID", "GHP_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"} {
		mustContain(t, name, h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": name, "value": "x"}), "`"+name+"`")
	}
}
