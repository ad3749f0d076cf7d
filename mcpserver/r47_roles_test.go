package mcpserver_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r47RolesOrder is the organization roles, lowest first (x-required-role).
var r47RolesOrder = []string{"viewer", "member", "admin", "owner"}

// r47RolesNeeded is the highest x-required-role among the operations a tool declares (always
// or for some arguments): what the API asks of the caller for its every step.
func r47RolesNeeded(tool tools.Tool) string {
	needed := 0
	for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
		needed = max(needed, slices.Index(r47RolesOrder, op.Role))
	}
	return r47RolesOrder[needed]
}

// TestR47RolesWriteToolsRefuseByRoleFirst: with an opaque token (the role known only from
// list_orgs), a viewer's create_and_deploy_app passed every check and only the API's 403 on
// createProject stopped it, while resume_app refused by role first. Every tool whose
// operations need more than the caller's role (a viewer: every tool that writes; a member: the
// member tools) is now refused before any request but the organization list and before anyone is asked, in
// every confirmation mode, naming both roles, with its valid example.
func TestR47RolesWriteToolsRefuseByRoleFirst(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	for _, user := range []struct{ name, role string }{{"bob", "viewer"}, {"dan", "member"}} {
		for _, mode := range []tools.ConfirmMode{tools.ConfirmHuman, tools.ConfirmOff} {
			for _, tool := range tools.All() {
				needed := r47RolesNeeded(tool)
				if slices.Index(r47RolesOrder, needed) <= slices.Index(r47RolesOrder, user.role) {
					continue
				}
				t.Run(user.role+"/"+string(mode)+"/"+tool.Name, func(t *testing.T) {
					asked := new(atomic.Int32)
					approve := &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
						Content: map[string]any{"name": "analytics-app"}}}
					h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-" + user.name, safety: tools.Safety{Confirm: mode},
						capabilities: &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{Form: &struct{}{}, URL: &struct{}{}}},
						elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
							asked.Add(1)
							return approve, nil
						}})
					apps := h.emu.AppCount("acme")
					before := upstreamCalls(h)
					res := h.call(t, tool.Name, tool.Examples.Valid)
					out := text(res)
					if !res.IsError || asked.Load() != 0 || strings.Contains(out, "/human/") {
						t.Errorf("error %t, asked %d time(s): %s", res.IsError, asked.Load(), out)
					}
					mustContain(t, tool.Name, out, tool.Name+" was not run", "role in acme is "+user.role,
						"needs "+needed+" or higher", "Nothing was changed, and nobody was asked")
					for op, n := range upstreamCalls(h) {
						if n > before[op] && op != api.ListOrgs {
							t.Errorf("%s reached the API (%d)", op.ID, n-before[op])
						}
					}
					if n := h.emu.AppCount("acme"); n != apps {
						t.Errorf("%d apps after the refusal, want %d", n, apps)
					}
				})
			}
		}
	}
}

// TestR47RolesUnknownRoleLeavesItToTheAPI: when the organization list cannot be read, the role
// is unknown and the call goes on as before: the API's own 403 decides.
func TestR47RolesUnknownRoleLeavesItToTheAPI(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListOrgs.ID, Status: http.StatusForbidden, Times: -1})
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "r47-roles-app",
		"spicepod": "version: v1\nkind: Spicepod\nname: r47-roles-app\n"})
	if strings.Contains(out, "was not run") || h.emu.Calls(api.CreateProject.ID) != 1 {
		t.Errorf("with the role unknown the API was not asked (%d createProject): %s", h.emu.Calls(api.CreateProject.ID), out)
	}
}
