package mcpserver_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// memberWorld is the auditor's organization: carol owns it, alice and frank are admins, dan a
// member, bob a viewer; erin has signed in but belongs to no organization. Every user has an
// opaque personal token (no claims: the server reads the caller's role from list_orgs).
func memberWorld(scopes []string) sandbox.Config {
	users := []string{"carol", "alice", "frank", "dan", "bob"}
	cfg := sandbox.Config{
		Orgs: []sandbox.Org{{Slug: "acme", Owner: "carol", Admins: []string{"alice", "frank"}, Members: []string{"dan"},
			Viewers: []string{"bob"}}},
		Users: []sandbox.User{{ID: 1, Username: "carol"}, {ID: 2, Username: "alice"}, {ID: 3, Username: "frank"},
			{ID: 4, Username: "dan"}, {ID: 5, Username: "bob"}, {ID: 6, Username: "erin"}},
	}
	for _, u := range users {
		cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: "tok-" + u, Org: "acme", User: u, Scopes: scopes})
	}
	return cfg
}

// memberHarness acts as user in memberWorld under mode; when answer is set the client can
// elicit, counting the questions in asked and answering each with answer.
func memberHarness(t *testing.T, user string, scopes []string, mode tools.ConfirmMode, asked *atomic.Int32,
	answer *mcp.ElicitationResult) *harness {
	t.Helper()
	opts := harnessOptions{cfg: memberWorld(scopes), token: "tok-" + user, safety: tools.Safety{Confirm: mode}}
	if answer != nil {
		opts.elicit = func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked.Add(1)
			t.Logf("asked: %s", req.Params.Message)
			return answer, nil
		}
	}
	return newHarness(t, opts)
}

var memberDecline = &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}

// TestAddMemberGrantingAdminOrOwnerIsApproved: add_member granting owner or admin waits for
// an approval as update_member_roles does (it used to grant them with nobody asked under the
// default --confirm=human); adding a plain member, viewer or billing user asks no one.
func TestAddMemberGrantingAdminOrOwnerIsApproved(t *testing.T) {
	all := []string{"*"}
	t.Run("human", func(t *testing.T) {
		var asked atomic.Int32
		h := memberHarness(t, "carol", all, tools.ConfirmHuman, &asked, memberDecline)
		for i, roles := range [][]any{{"owner"}, {"admin"}, {"viewer", "admin"}} {
			out := h.fail(t, "add_member", map[string]any{"username": "erin", "roles": roles})
			mustContain(t, "declined add_member", out, "did not confirm", "Nothing was changed")
			if got := asked.Load(); got != int32(i+1) {
				t.Fatalf("roles %v: %d questions asked, want %d", roles, got, i+1)
			}
		}
		if n := h.emu.Calls(api.AddMember.ID); n != 0 {
			t.Fatalf("%d addMember requests reached the API before anyone approved", n)
		}
		out := h.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"member"}})
		mustContain(t, "plain member", out, "erin", "member")
		if asked.Load() != 3 {
			t.Errorf("adding a plain member asked a question")
		}
	})
	t.Run("human approves", func(t *testing.T) {
		var asked atomic.Int32
		approve := &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
			Content: map[string]any{"name": "Erin"}}}
		h := memberHarness(t, "carol", all, tools.ConfirmHuman, &asked, approve)
		out := h.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"owner"}})
		mustContain(t, "approved", out, "erin", "owner")
		if asked.Load() != 1 {
			t.Errorf("%d questions asked, want 1", asked.Load())
		}
	})
	t.Run("agent", func(t *testing.T) {
		h := memberHarness(t, "carol", all, tools.ConfirmAgent, nil, nil)
		out := h.fail(t, "add_member", map[string]any{"username": "erin", "roles": []any{"admin"}})
		t.Log(out)
		mustContain(t, "no confirm", out, "confirm", "erin")
		out = h.fail(t, "add_member", map[string]any{"username": "erin", "roles": []any{"admin"}, "confirm": "dan"})
		mustContain(t, "wrong confirm", out, "confirm")
		if n := h.emu.Calls(api.AddMember.ID); n != 0 {
			t.Fatalf("%d addMember requests reached the API without the target's name in confirm", n)
		}
		// The confirm the refusal asks for, followed literally, works.
		out = h.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"admin"}, "confirm": "erin"})
		mustContain(t, "confirmed", out, "erin", "admin")
		var schema string
		for _, tool := range h.listTools(t) {
			if tool.Name == "add_member" {
				raw, _ := json.Marshal(tool.InputSchema)
				schema = string(raw) + string(tool.RawInputSchema)
			}
		}
		if !strings.Contains(schema, `"confirm"`) {
			t.Errorf("--confirm=agent: add_member offers no confirm argument: %s", schema)
		}
	})
	t.Run("off", func(t *testing.T) {
		var asked atomic.Int32
		h := memberHarness(t, "carol", all, tools.ConfirmOff, &asked, memberDecline)
		h.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"owner"}})
		if asked.Load() != 0 {
			t.Errorf("--confirm=off asked %d questions", asked.Load())
		}
	})
}

// TestRemoveMemberChecksTheCallersRoleFirst: remove_member refuses what the API would refuse
// before anyone is asked, naming the rule, as the other member tools do: viewers and members
// remove no one, admins remove members and viewers but not admins. It used to ask, and after
// an approval the API's 403 came with advice to "ask an owner or admin", even to an admin.
func TestRemoveMemberChecksTheCallersRoleFirst(t *testing.T) {
	all := []string{"*"}
	for _, tc := range []struct {
		caller, target string
		says           []string
	}{
		{"bob", "dan", []string{"viewer", "needs admin or higher", "ask the user to have an admin or owner", "or an owner", "nobody was asked"}},
		{"dan", "bob", []string{"member", "needs admin or higher", "ask the user to have an admin or owner", "nobody was asked"}},
		{"alice", "frank", []string{"admin", "only an owner can remove a member with the admin or owner role", "frank", "nobody was asked"}},
	} {
		var asked atomic.Int32
		h := memberHarness(t, tc.caller, all, tools.ConfirmHuman, &asked, memberDecline)
		out := h.fail(t, "remove_member", map[string]any{"member": tc.target})
		t.Logf("%s removing %s: %s", tc.caller, tc.target, out)
		mustContain(t, tc.caller+" removing "+tc.target, out, tc.says...)
		if asked.Load() != 0 {
			t.Errorf("%s removing %s: %d questions asked before the refusal", tc.caller, tc.target, asked.Load())
		}
		if n := h.emu.Calls(api.RemoveMember.ID); n != 0 {
			t.Errorf("%s removing %s: %d removeMember requests reached the API", tc.caller, tc.target, n)
		}
	}
	// What the API allows is still asked: an admin removing a member, the owner an admin.
	for _, tc := range []struct{ caller, target string }{{"alice", "dan"}, {"carol", "frank"}} {
		var asked atomic.Int32
		h := memberHarness(t, tc.caller, all, tools.ConfirmHuman, &asked, memberDecline)
		out := h.fail(t, "remove_member", map[string]any{"member": tc.target})
		mustContain(t, tc.caller+" removing "+tc.target, out, "did not confirm")
		if asked.Load() != 1 {
			t.Errorf("%s removing %s: %d questions asked, want 1", tc.caller, tc.target, asked.Load())
		}
	}
}

// TestRemoveMemberForbiddenNamesTheRule: when the caller's role cannot be read (the token
// lacks apps:read, so list_orgs is refused), the API decides, and its 403's advice names the
// rule that applied: an admin removing an admin is told to ask an owner (not "an owner or
// admin"), a viewer that removing needs the admin or owner role.
func TestRemoveMemberForbiddenNamesTheRule(t *testing.T) {
	scopes := []string{"members:read", "members:write", "members:delete"}
	for _, tc := range []struct {
		caller, target string
		says, never    []string
	}{
		{"alice", "frank", []string{"Only an owner can", "ask the user to have an owner of the organization do it"}, []string{"owner or admin"}},
		{"bob", "dan", []string{"Removing members needs the admin role", "ask the user to have an admin or an owner do it"}, nil},
	} {
		h := memberHarness(t, tc.caller, scopes, tools.ConfirmOff, nil, nil)
		out := h.fail(t, "remove_member", map[string]any{"member": tc.target})
		t.Logf("%s removing %s: %s", tc.caller, tc.target, out)
		mustContain(t, tc.caller+" removing "+tc.target, out, tc.says...)
		for _, no := range tc.never {
			if strings.Contains(out, no) {
				t.Errorf("%s removing %s: the advice says %q:\n%s", tc.caller, tc.target, no, out)
			}
		}
	}
}
