package mcpserver_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// roleHarness is a demo sandbox whose token is a JWT acting as user in org, carrying every
// scope the catalogue needs (so only the role can hide a tool), with confirmations on and a
// client that counts the questions it is asked (and declines them).
func roleHarness(t *testing.T, org, user string, asked *atomic.Int32) *harness {
	t.Helper()
	scopes := append(tools.Policy{}.Scopes(), unrelatedScope)
	token := sandbox.New(sandbox.Config{}).IssueUserToken(org, user, scopes, time.Hour)
	return newHarness(t, harnessOptions{
		cfg:   sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: org, User: user, Scopes: scopes}}},
		token: token,
		elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked.Add(1)
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
		},
	})
}

// mutatingCalls counts the emulator's calls to operations other than GETs.
func mutatingCalls(h *harness) int {
	n := 0
	for op, c := range upstreamCalls(h) {
		if op.Method != "GET" {
			n += c
		}
	}
	return n
}

func readOnlyOps(t tools.Tool) bool {
	for _, op := range t.Operations {
		if op.Method != "GET" {
			return false
		}
	}
	return true
}

// TestViewerSeesReadToolsOnly: a viewer's token lists exactly the tools whose operations are
// all reads (derived from the catalogue), whoami says why the others are hidden, and a write
// tool called by name is refused before any request.
func TestViewerSeesReadToolsOnly(t *testing.T) {
	var asked atomic.Int32
	h := roleHarness(t, "acme-labs", "bob", &asked)
	got := map[string]bool{}
	for _, tool := range h.listTools(t) {
		got[tool.Name] = true
	}
	for _, tool := range tools.All() {
		if want := readOnlyOps(tool); got[tool.Name] != want {
			t.Errorf("%s: listed = %t, want %t (operations %v)", tool.Name, got[tool.Name], want, opIDs(tool.Operations))
		}
	}
	mustContain(t, "whoami", h.ok(t, "whoami", map[string]any{}), "your role viewer cannot")
	before := upstreamCalls(h)
	out := h.fail(t, "update_app", map[string]any{"app": "fraud-scoring", "replicas": 2})
	t.Logf("listed %d of %d; refusal: %s", len(got), len(tools.All()), out)
	mustContain(t, "refusal", out, "viewer")
	for op, n := range upstreamCalls(h) {
		if n != before[op] {
			t.Errorf("%s reached the API", op.ID)
		}
	}
	if asked.Load() != 0 {
		t.Errorf("%d questions asked", asked.Load())
	}
}

// TestAdminCannotRemoveOwner: an admin asking to remove the owner is refused before any
// question, and nothing is removed.
func TestAdminCannotRemoveOwner(t *testing.T) {
	var asked atomic.Int32
	h := roleHarness(t, "acme-labs", "alice", &asked)
	if !listed(t, h, "remove_member") {
		t.Fatal("remove_member hidden from an admin")
	}
	out := h.fail(t, "remove_member", map[string]any{"member": "carol"})
	t.Log(out)
	mustContain(t, "refusal", out, "carol")
	if n := mutatingCalls(h); n != 0 {
		t.Errorf("%d mutating requests reached the API", n)
	}
	if asked.Load() != 0 {
		t.Errorf("%d questions asked", asked.Load())
	}
}

// TestMemberCannotChangeRoles: a member calling update_member_roles is refused before any
// question or request, and the tool is not listed.
func TestMemberCannotChangeRoles(t *testing.T) {
	var asked atomic.Int32
	h := roleHarness(t, "sandbox", "bob", &asked)
	if listed(t, h, "update_member_roles") {
		t.Error("update_member_roles listed for a member")
	}
	before := upstreamCalls(h)
	out := h.fail(t, "update_member_roles", map[string]any{"member": "alice", "roles": []any{"viewer"}})
	t.Log(out)
	mustContain(t, "refusal", out, "member", "admin")
	for op, n := range upstreamCalls(h) {
		if n != before[op] {
			t.Errorf("%s reached the API", op.ID)
		}
	}
	if asked.Load() != 0 {
		t.Errorf("%d questions asked", asked.Load())
	}
}

func opIDs(ops []*api.Operation) []string {
	ids := make([]string, len(ops))
	for i, op := range ops {
		ids[i] = op.ID
	}
	return ids
}

// TestRoleGivenTwiceRefused: a role given twice (roles are a set) is refused, naming roles and
// the rule, before any question or request: update_member_roles used to ask to change "from
// member to admin, member, admin", then report "now has roles admin, member"; add_member sent
// the repeat too.
func TestRoleGivenTwiceRefused(t *testing.T) {
	var asked atomic.Int32
	h := roleHarness(t, "acme-labs", "alice", &asked)
	before := upstreamCalls(h)
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer", "billing", "viewer"}}},
		{"add_member", map[string]any{"username": "dave", "roles": []any{"billing", "billing"}}},
	} {
		out := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, out, "roles", "given twice", "Give each role once")
	}
	// Every repeated role in one refusal (the first alone was named, so a fix of it met a second).
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer", "billing", "viewer", "billing", "viewer"}}},
		{"add_member", map[string]any{"username": "dave", "roles": []any{"billing", "viewer", "billing", "viewer"}}},
	} {
		out := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool+", two repeated", out, "are each given more than once", "Give each role once")
		if !strings.Contains(out, "viewer") || !strings.Contains(out, "billing") || strings.Count(out, "Give each role once") != 1 {
			t.Errorf("%s: want both repeated roles named in one refusal:\n%s", tc.tool, out)
		}
	}
	// The caller's text is escaped once (ArgRoleTwice's code span was escaped again), and a
	// role outside the enum given twice is refused once, as add_member refuses it (the enum
	// error was repeated for each copy).
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"<b>", "<b>"}}},
		{"add_member", map[string]any{"username": "dave", "roles": []any{"<b>", "<b>"}}},
	} {
		out := h.fail(t, tc.tool, tc.args)
		if strings.Contains(out, `\\`) || strings.Count(out, "roles: must be one of") != 1 {
			t.Errorf("%s: want the role refused once, escaped once:\n%s", tc.tool, out)
		}
	}
	for _, tool := range []string{"update_member_roles", "add_member"} {
		args := map[string]any{"member": "bob", "roles": []any{"x", "x"}}
		if tool == "add_member" {
			args = map[string]any{"username": "dave", "roles": []any{"x", "x"}}
		}
		out := h.fail(t, tool, args)
		if n := strings.Count(out, "roles: must be one of"); n != 1 {
			t.Errorf("%s: the enum error shown %d times:\n%s", tool, n, out)
		}
	}
	for op, n := range upstreamCalls(h) {
		if n != before[op] {
			t.Errorf("%s reached the API", op.ID)
		}
	}
	if asked.Load() != 0 {
		t.Errorf("%d questions asked", asked.Load())
	}
}
