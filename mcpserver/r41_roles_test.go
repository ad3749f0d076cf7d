package mcpserver_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r41ViewerOfTwo is the demo world where bob is a viewer in acme and in beta (Enterprise: its
// fraud-scoring's latest deployment failed), with opaque tokens for bob in each (tok-bob acts
// in acme, tok-bob-beta in beta) and no organization chosen: the role is known only from
// list_orgs, which lists two organizations.
func r41ViewerOfTwo() sandbox.Config {
	cfg := memberWorld([]string{"*"})
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{Slug: "beta", Owner: "carol", Viewers: []string{"bob"}, Enterprise: true})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: "tok-bob-beta", Org: "beta", User: "bob", Scopes: []string{"*"}})
	cfg.Demo = true
	return cfg
}

// TestR41RolesViewerOfSeveralOrgsIsNotOfferedChanges: bob, a viewer in every organization he
// belongs to (two), with an opaque token and no organization chosen, was offered update_app and
// create_deployment as next steps (no-instance text, a not-paused resume, a failed deployment):
// the role was read from list_orgs only when it lists one organization, though a viewer in all
// of them is a viewer wherever the token acts.
func TestR41RolesViewerOfSeveralOrgsIsNotOfferedChanges(t *testing.T) {
	cfg := r41ViewerOfTwo()
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	texts := map[string]string{
		"list_instances": text(h.call(t, "list_instances", map[string]any{"app": "docs-search"})),
		"resume_app":     text(h.call(t, "resume_app", map[string]any{"app": "analytics-app"})),
	}
	beta := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob-beta", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	id := regexp.MustCompile(`\| (\d+) \| ❌ failed`).FindStringSubmatch(beta.ok(t, "list_deployments", map[string]any{"app": "fraud-scoring"}))
	if id == nil {
		t.Fatal("fraud-scoring has no failed deployment")
	}
	texts["get_deployment"] = text(beta.call(t, "get_deployment", map[string]any{"app": "fraud-scoring", "deployment_id": json.Number(id[1])}))
	for tool, out := range texts {
		t.Logf("%s: %s", tool, out)
		if strings.Contains(out, "`create_deployment {") || strings.Contains(out, "with update_app (the app") ||
			strings.Contains(out, "use `create_deployment") || strings.Contains(out, "with update_app,") ||
			strings.Contains(out, "(update_app)") || strings.Contains(out, "(set_secret)") {
			t.Errorf("%s offers a viewer of every organization a change tool as a step:\n%s", tool, out)
		}
		mustContain(t, tool, out, "ask the user to have a member, admin or owner")
	}
}

// TestR41RolesResumeByViewerIsRefusedByRole: resume_app on a paused app by a viewer (opaque
// token: the role from list_orgs) reached the API and came back with the generic 403 advice
// ("ask an owner or admin"), where pause_app refuses by role first and says who may do it and
// who may grant the role.
func TestR41RolesResumeByViewerIsRefusedByRole(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  sandbox.Config
	}{{"one organization", func() sandbox.Config { c := memberWorld([]string{"*"}); c.Demo = true; return c }()},
		{"two organizations", r41ViewerOfTwo()}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: tc.cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
			if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
				t.Fatal(err)
			}
			out := h.fail(t, "resume_app", map[string]any{"app": "analytics-app"})
			t.Log(out)
			mustContain(t, "resume_app", out, "viewer", "member or higher",
				"ask the user to have a member, admin or owner", "or an admin or owner of it give you the member role")
			if n := h.emu.Calls(api.ResumeProject.ID); n != 0 {
				t.Errorf("%d resume requests reached the API for a viewer", n)
			}
		})
	}
}

// TestR41RolesTroubleshootTellsAViewerWhoCanFix: troubleshoot_deployment told a viewer (whose
// role list_orgs shows) to "propose it, naming the tool, but apply nothing" for update_app and
// create_deployment, and marked nothing: proposing a tool one's role cannot use is no step; the
// prompt says who can take it.
func TestR41RolesTroubleshootTellsAViewerWhoCanFix(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  sandbox.Config
	}{{"one organization", func() sandbox.Config { c := memberWorld([]string{"*"}); c.Demo = true; return c }()},
		{"two organizations", r41ViewerOfTwo()}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: tc.cfg, token: "tok-bob"})
			var req mcp.GetPromptRequest
			req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "analytics-app"}
			res, err := h.mcp.GetPrompt(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			body := res.Messages[0].Content.(mcp.TextContent).Text
			t.Log(body)
			if strings.Contains(body, "propose it, naming the tool") || strings.Contains(body, "once I agree, apply it") {
				t.Errorf("the prompt has a viewer propose or apply changes with tools the role cannot use:\n%s", body)
			}
			mustContain(t, "troubleshoot_deployment", body, "update_app (not available here)", "ask the user to have a member, admin or owner")
		})
	}
}

// TestR41RolesAppResourceTellsAViewerWhoSetsTheSpicepod: spice://apps/{app} (get_app) of an
// app with no spicepod told a viewer "set one with update_app before deploying".
func TestR41RolesAppResourceTellsAViewerWhoSetsTheSpicepod(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  sandbox.Config
	}{{"one organization", func() sandbox.Config { c := memberWorld([]string{"*"}); c.Demo = true; return c }()},
		{"two organizations", r41ViewerOfTwo()}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: tc.cfg, token: "tok-bob"})
			var rr mcp.ReadResourceRequest
			rr.Params.URI = "spice://apps/docs-search"
			res, err := h.mcp.ReadResource(context.Background(), rr)
			if err != nil {
				t.Fatal(err)
			}
			body := res.Contents[0].(mcp.TextResourceContents).Text
			t.Log(body)
			if strings.Contains(body, "with update_app") {
				t.Errorf("the app resource tells a viewer to set the spicepod with update_app:\n%s", body)
			}
			mustContain(t, "spice://apps/docs-search", body, "ask the user to have a member, admin or owner")
		})
	}
}

// TestR41RolesUnknownRoleSaysWhichRoleTheStepNeeds: bob is a viewer in acme and a member in
// beta; his opaque token acts in one of them, which the API does not say, and no organization
// is chosen. His role where the token acts cannot be known, so the no-instance text must not
// offer update_app and create_deployment flat: it says which role they need.
func TestR41RolesUnknownRoleSaysWhichRoleTheStepNeeds(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{Slug: "beta", Owner: "carol", Members: []string{"bob"}})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := text(h.call(t, "list_instances", map[string]any{"app": "docs-search"}))
	t.Log(out)
	if strings.Contains(out, "`create_deployment {") || strings.Contains(out, "with update_app (the app") {
		t.Errorf("list_instances offers update_app/create_deployment flat to a caller whose role is not known:\n%s", out)
	}
	mustContain(t, "list_instances", out, "needs member or higher", "ask the user to have a member, admin or owner")
	// With the organization chosen the role is known: a member there is offered the steps.
	out = text(h.call(t, "list_instances", map[string]any{"app": "docs-search", "org": "beta"}))
	mustContain(t, "list_instances in beta", out, "`create_deployment {")
}
