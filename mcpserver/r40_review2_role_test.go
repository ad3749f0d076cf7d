package mcpserver_test

import (
	"context"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestReview2RoleRemedyAsksOnlyWhoCanChangeRoles: a viewer's refusal and remedies say "ask a
// member, admin or owner ... to do it, or to change your role" / "or to give you that role".
// The spec (current/README.md §4): a member may do "everything in the scopes except member
// management"; PATCH /v1/members needs admin or owner. Asking a member to change one's role is
// a remedy that cannot work.
func TestReview2RoleRemedyAsksOnlyWhoCanChangeRoles(t *testing.T) {
	h, asked := viewerBobApprovingAnalytics(t)
	texts := []string{h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})}
	if asked.Load() != 0 {
		t.Errorf("a viewer's pause asked a person first")
	}
	if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
		t.Fatal(err)
	}
	texts = append(texts, text(h.call(t, "list_instances", map[string]any{"app": "analytics-app"})))
	bad := regexp.MustCompile(`ask a member, admin or owner of [^:]*?(or to change your role|or to give you that role)`)
	for _, out := range texts {
		if m := bad.FindString(out); m != "" {
			t.Errorf("a member is asked to change the viewer's role, which only an admin or owner can do: %q\nin: %s", m, out)
		}
	}
}

// TestReview2RoleInAnotherOrgIsNotRefused: bob is a viewer in acme (his token's organization)
// and a member in beta. pause_app in beta (org argument) is his to do; it must not be refused
// for acme's role, with an opaque token or a JWT whose role claim is acme's.
func TestReview2RoleInAnotherOrgIsNotRefused(t *testing.T) {
	all := []string{"*"}
	cfg := memberWorld(all)
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{Slug: "beta", Owner: "carol", Members: []string{"bob"}})
	cfg.Demo = true
	jwt := r40JWT(map[string]any{"sub": "5", "username": "bob", "org": "acme", "role": "viewer", "scopes": all})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: jwt, Org: "acme", User: "bob", Scopes: all})
	for _, tok := range []string{"tok-bob", jwt} {
		var asked atomic.Int32
		h := newHarness(t, harnessOptions{cfg: cfg, token: tok, safety: tools.Safety{Confirm: tools.ConfirmHuman},
			elicit: func(_ context.Context, _ mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				asked.Add(1)
				return memberDecline, nil
			}})
		out := text(h.call(t, "pause_app", map[string]any{"app": "analytics-app", "org": "beta"}))
		if asked.Load() != 1 || strings.Contains(out, "was not run: your role") {
			t.Errorf("token %.10s…: a member of beta was refused or not asked (%d questions): %s", tok, asked.Load(), out)
		}
	}
}

// TestReview2ViewerNoInstancesIsNotOfferedDeploy: bob is a viewer (opaque token; list_orgs
// says so). An app with no instance: list_instances and get_instance_logs (which this round made
// say what list_instances says) tell him to set a spicepod with update_app and deploy it with
// create_deployment — neither of which a viewer can do — while the paused-app text of the same
// tools reads his role from list_orgs and says to ask a member, admin or owner.
func TestReview2ViewerNoInstancesIsNotOfferedDeploy(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, tool := range []string{"list_instances", "get_instance_logs"} {
		out := text(h.call(t, tool, map[string]any{"app": "docs-search"}))
		t.Logf("%s: %s", tool, out)
		if strings.Contains(out, "`create_deployment {") || strings.Contains(out, "with update_app (the app") {
			t.Errorf("%s offers a viewer update_app/create_deployment as steps to take:\n%s", tool, out)
		}
	}
}
