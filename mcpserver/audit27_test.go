package mcpserver_test

// Regression tests for audit 27 at the tools: a request whose fields are each valid but whose
// body passes the body limit is refused naming its largest field and the limit; a
// production_branch Git would not take is refused; a prompt argument of spaces is refused.

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestBodyLimitNamesAField: update_app with a spicepod at its limit and a 70 KB description, or
// a description of 1 MiB + 70 KB (update_app, create_app), is refused naming the largest field
// and the limit before any request; it came back as "Spice.ai API error 400 … Request body too
// large", naming no field.
func TestBodyLimitNamesAField(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const head = "version: v1\nkind: Spicepod\nname: docs-search\ns: "
	fits := head + strings.Repeat("y", rules.SpicepodMaxBytes-len(head)-1-2-4) + "\n"
	huge := strings.Repeat("d", rules.SpicepodMaxBytes+70_000)
	for _, call := range []struct {
		tool  string
		args  map[string]any
		field string
	}{
		{"update_app", map[string]any{"app": "docs-search", "spicepod": fits, "description": strings.Repeat("d", 70_000)}, "spicepod"},
		{"update_app", map[string]any{"app": "docs-search", "description": huge}, "description"},
		{"create_app", map[string]any{"name": "big-app1", "description": huge}, "description"},
		{"create_and_deploy_app", map[string]any{"name": "big-app1", "region": "us-west-2", "description": huge}, "description"},
	} {
		text := h.fail(t, call.tool, call.args)
		mustContain(t, call.tool, text, call.field, "Request body too large", "at most 1,114,112 (1 MiB + 64 KiB)")
		if strings.Contains(text, "Spice.ai API error") {
			t.Errorf("%s: %s", call.tool, text)
		}
	}
	for _, op := range []*api.Operation{api.UpdateProject, api.CreateProject} {
		if n := h.emu.Calls(op.ID); n != 0 {
			t.Errorf("%s called %d times", op.ID, n)
		}
	}
}

// TestProductionBranchMustBeAGitBranchName: update_app and connect_repository refuse a
// production_branch Git's ref-name rules refuse ("a b", "a..b"), naming it; they were stored.
func TestProductionBranchMustBeAGitBranchName(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, call := range []struct {
		tool string
		args map[string]any
	}{
		{"update_app", map[string]any{"app": "analytics-app", "production_branch": "a b"}},
		{"update_app", map[string]any{"app": "analytics-app", "production_branch": "a..b"}},
		{"connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics", "production_branch": "main.lock"}},
	} {
		text := h.fail(t, call.tool, call.args)
		mustContain(t, call.tool, text, "production_branch", rules.BranchNamePrefix, "nothing was sent")
	}
	for _, op := range []*api.Operation{api.UpdateProject, api.ConnectProjectRepository} {
		if n := h.emu.Calls(op.ID); n != 0 {
			t.Errorf("%s called %d times", op.ID, n)
		}
	}
}

// TestPromptArgumentOfSpacesIsRefused: deploy_app's spicepod of spaces is refused naming it (it
// rendered an empty fence), as region of spaces is.
func TestPromptArgumentOfSpacesIsRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, arg := range []string{"spicepod", "region"} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "deploy_app", map[string]string{"name": "abcd", arg: "   "}
		if _, err := h.mcp.GetPrompt(context.Background(), req); err == nil || !strings.Contains(err.Error(), `argument "`+arg+`"`) {
			t.Errorf("%s of spaces: %v", arg, err)
		} else if arg == "spicepod" && !strings.Contains(err.Error(), r74Words15Rule(present.PromptArgBlank)) {
			t.Errorf("%s of spaces: %v", arg, err)
		}
	}
}
