package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r72Words12Prompt is prompts/get's text of a prompt with args, over the harness's MCP client.
func r72Words12Prompt(t *testing.T, h *harness, name string, args map[string]string) (string, error) {
	t.Helper()
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, m := range res.Messages {
		b.WriteString(m.Content.(mcp.TextContent).Text)
	}
	return b.String(), nil
}

// TestR72Words12DeployAppTakesOrgAsTheOtherPromptsDo: rotate_keys and troubleshoot_deployment
// took org, deploy_app did not, so an app could only be deployed in the caller's own
// organization. deploy_app now lists org with the same description, renders it as they do
// (pass org to every tool call, create_and_deploy_app's call included), refuses what the tools'
// org rule refuses with the same words, and checks it as a completion's context argument.
func TestR72Words12DeployAppTakesOrgAsTheOtherPromptsDo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	listed, err := h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	descriptions := map[string]string{}
	for _, p := range listed.Prompts {
		for _, a := range p.Arguments {
			if a.Name == "org" {
				descriptions[p.Name] = a.Description
				if a.Required {
					t.Errorf("%s's org is required", p.Name)
				}
			}
		}
	}
	for _, p := range []string{"deploy_app", "rotate_keys", "troubleshoot_deployment"} {
		if !strings.Contains(descriptions[p], "default yours (see list_orgs)") {
			t.Errorf("%s's org: %q", p, descriptions[p])
		}
	}
	got, err := r72Words12Prompt(t, h, "deploy_app", map[string]string{"name": "new-app", "org": "acme-labs"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`in the organization "acme-labs" (pass org "acme-labs" to every tool call)`, "create_and_deploy_app (name, spicepod, secrets, wait true, org)"} {
		if !strings.Contains(got, want) {
			t.Errorf("deploy_app with org: %q missing:\n%s", want, got)
		}
	}
	// The same rule as rotate_keys' org, with the same words.
	bad := map[string]string{"name": "new-app", "app": "analytics-app", "org": "bad\nheader"}
	_, deployErr := r72Words12Prompt(t, h, "deploy_app", map[string]string{"name": bad["name"], "org": bad["org"]})
	_, rotateErr := r72Words12Prompt(t, h, "rotate_keys", map[string]string{"app": bad["app"], "org": bad["org"]})
	if deployErr == nil || rotateErr == nil || !strings.Contains(deployErr.Error(), `"org"`) ||
		strings.Replace(deployErr.Error(), "deploy_app", "rotate_keys", 1) != rotateErr.Error() {
		t.Errorf("a bad org: deploy_app %v, rotate_keys %v", deployErr, rotateErr)
	}
	// A completion's context: org checked by the same rule, then the completion runs.
	complete := func(org string) (*mcp.CompleteResult, error) {
		var req mcp.CompleteRequest
		req.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: "deploy_app"}
		req.Params.Argument.Name, req.Params.Argument.Value = "name", ""
		req.Params.Context.Arguments = map[string]string{"org": org}
		return h.mcp.Complete(ctx, req)
	}
	if _, err := complete("bad\nheader"); err == nil || !strings.Contains(err.Error(), `"org"`) || !strings.Contains(err.Error(), present.ArgOrgName) {
		t.Errorf("completion with a bad org: %v", err)
	}
	if _, err := complete("acme-labs"); err != nil {
		t.Errorf("completion with org acme-labs: %v", err)
	}
}

// TestR72Words12DeployAppSaysWhereTheDefaultRegionComesFrom: deploy_app without a region said
// "Deploy … in the default region" and named region among create_and_deploy_app's arguments,
// with no region to pass. It now says the API's default region, to leave region out, and that
// list_regions names it (where usable); and create_and_deploy_app without region does place the
// app in the region list_regions names as the default.
func TestR72Words12DeployAppSaysWhereTheDefaultRegionComesFrom(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got, err := r72Words12Prompt(t, h, "deploy_app", map[string]string{"name": "new-app"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`app "new-app" in the API's default region.`, "create_and_deploy_app (name, spicepod, secrets, wait true).",
		"Given no region, it places the app in the API's default region, the one list_regions names as the default."} {
		if !strings.Contains(got, want) {
			t.Errorf("deploy_app without region: %q missing:\n%s", want, got)
		}
	}
	with, err := r72Words12Prompt(t, h, "deploy_app", map[string]string{"name": "new-app", "region": "us-east-1"})
	if err != nil || !strings.Contains(with, `app "new-app" in us-east-1.`) || !strings.Contains(with, "(name, region, spicepod, secrets, wait true)") ||
		strings.Contains(with, "default region") {
		t.Errorf("deploy_app with region: %v\n%s", err, with)
	}
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_regions"}}})
	if got, err := r72Words12Prompt(t, hidden, "deploy_app", map[string]string{"name": "new-app"}); err != nil || strings.Contains(got, "list_regions") ||
		!strings.Contains(got, "Given no region, it places the app in the API's default region.") {
		t.Errorf("deploy_app, list_regions hidden: %v\n%s", err, got)
	}
	// What the prompt says is what happens.
	var regions struct {
		Default string `json:"default"`
	}
	res := h.call(t, "list_regions", map[string]any{})
	structured(t, res, &regions)
	if regions.Default == "" {
		t.Fatalf("list_regions names no default: %s", text(res))
	}
	pod := "version: v1\nkind: Spicepod\nname: r72-words12-app\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "r72-words12-app", "spicepod": pod, "wait": false})
	var app struct {
		Region string `json:"region"`
	}
	structured(t, h.call(t, "get_app", map[string]any{"app": "r72-words12-app"}), &app)
	if app.Region != regions.Default {
		t.Errorf("create_and_deploy_app without region placed the app in %q, list_regions' default is %q", app.Region, regions.Default)
	}
}

// TestR72Words12TroubleshootOffersARollback: troubleshoot_deployment never mentioned
// rollback_deployment, where a careful operator offers to go back to the last good deployment
// when a deploy failed. It offers that, with the user's approval, only where the caller can
// use rollback_deployment.
func TestR72Words12TroubleshootOffersARollback(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got, err := r72Words12Prompt(t, h, "troubleshoot_deployment", map[string]string{"app": "analytics-app"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"offer to roll back to the last succeeded deployment with rollback_deployment (app, deployment_id), its ID from list_deployments.",
		"Roll back only once I agree"} {
		if !strings.Contains(got, want) {
			t.Errorf("troubleshoot_deployment: %q missing:\n%s", want, got)
		}
	}
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"rollback_deployment"}}})
	if got, err := r72Words12Prompt(t, hidden, "troubleshoot_deployment", map[string]string{"app": "analytics-app"}); err != nil ||
		strings.Contains(got, "rollback_deployment") || strings.Contains(got, "roll back") {
		t.Errorf("troubleshoot_deployment, rollback_deployment hidden: %v\n%s", err, got)
	}
}

// TestR72Words12OwnerRefusalsAreTrueInTheSandboxAndOut: changing the owner's roles was
// refused with "ask the user to transfer ownership outside this server first", in the sandbox
// too, where nothing outside can; removing the owner was refused with no remedy at all. Both
// now end with the What to do line the API's own 403 gets: against the API the Spice.ai portal,
// in the sandbox (no portal, no way to transfer ownership) who owns what and another member.
func TestR72Words12OwnerRefusalsAreTrueInTheSandboxAndOut(t *testing.T) {
	for _, sb := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: sb, apiSandbox: sb})
		for _, c := range []struct {
			tool  string
			args  map[string]any
			other string
		}{
			{"update_member_roles", map[string]any{"member": "alice", "roles": []any{"member"}}, "change another member's roles"},
			{"remove_member", map[string]any{"member": "alice"}, "remove another member"},
		} {
			got := h.fail(t, c.tool, c.args)
			_, remedy, ok := strings.Cut(got, "\nWhat to do: ")
			if !ok || !strings.Contains(got, "Nothing was changed") {
				t.Errorf("%s of the owner (sandbox %v): no What to do line:\n%s", c.tool, sb, got)
				continue
			}
			if portal := strings.Contains(remedy, "Spice.ai portal"); portal == sb {
				t.Errorf("%s of the owner (sandbox %v): names the portal %v:\n%s", c.tool, sb, portal, got)
			}
			if sb && (!strings.Contains(remedy, "the sandbox has no way to transfer ownership") || !strings.Contains(remedy, c.other)) {
				t.Errorf("%s of the owner, sandbox: %s", c.tool, got)
			}
			if strings.Contains(got, "outside this server") {
				t.Errorf("%s of the owner (sandbox %v): %s", c.tool, sb, got)
			}
		}
	}
}
