package mcpserver_test

import (
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Result cases of the tools of the current API generation (organizations, roles, pause and
// resume, instances and logs, forks, repositories, limits, clusters); see resultCases.

// JWT-shaped user tokens: bob, a member of "sandbox"; alice, an admin of "acme-labs" (whose
// paused and failing apps the cases use). Their claims name the organization they act in.
var (
	tokenBob       = jwtShaped(map[string]any{"sub": "bob", "username": "bob", "org": "sandbox", "role": "member", "scopes": []string{"*"}})
	tokenAliceAcme = jwtShaped(map[string]any{"sub": "alice", "username": "alice", "org": "acme-labs", "role": "admin", "scopes": []string{"*"}})
	acceptsAs      = func(typed string) *elicitAnswer {
		return &elicitAnswer{action: mcp.ElicitationResponseActionAccept, typed: typed}
	}
	withUserTokens = func(cfg *sandbox.Config) { cfg.Tokens = append(cfg.Tokens, userTokens...) }
	userTokens     = []sandbox.Token{{Value: tokenBob, Org: "sandbox", User: "bob", Scopes: []string{"*"}}, {Value: tokenAliceAcme, Org: "acme-labs", User: "alice", Scopes: []string{"*"}}}
	acmeAdmin      = resultCase{token: tokenAliceAcme, world: withUserTokens}
	sandboxMember  = resultCase{token: tokenBob, world: withUserTokens}
	forkAnalytics  = func(t *testing.T, h *harness) {
		h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-staging"})
	}
	newToolsResults = map[string][]resultCase{
		"list_orgs": {
			as(sandboxMember, resultCase{name: "a member of two organizations", args: map[string]any{}}),
		},
		"get_limits": {
			as(acmeAdmin, resultCase{name: "Enterprise plan", args: map[string]any{}}),
		},
		"list_clusters": {
			as(acmeAdmin, resultCase{name: "Enterprise: dedicated clusters", args: map[string]any{}}),
		},
		"get_member": {
			{name: "the owner", args: map[string]any{"member": "alice"}},
			{name: "by user ID", args: map[string]any{"member": 2}},
			{name: "not a member", args: map[string]any{"member": "jdoe"}},
		},
		"update_member_roles": {
			{name: "changed after approval", answer: acceptsAs("bob"), args: map[string]any{"member": "bob", "roles": []any{"viewer"}}},
			{name: "question declined", answer: declines, args: map[string]any{"member": "bob", "roles": []any{"viewer"}}},
			{name: "owner: refused before anyone is asked", answer: declines, args: map[string]any{"member": "alice", "roles": []any{"member"}}},
			{name: "owner grants owner after approval", answer: acceptsAs("bob"), args: map[string]any{"member": "bob", "roles": []any{"owner"}}},
			as(acmeAdmin, resultCase{name: "admin granting owner: refused before anyone is asked", answer: declines, args: map[string]any{"member": "bob", "roles": []any{"owner"}}}),
			as(sandboxMember, resultCase{name: "member: refused before anyone is asked", answer: declines,
				args: map[string]any{"member": "bob", "roles": []any{"viewer"}}}),
			as(acmeAdmin, resultCase{name: "admin granting admin: refused before anyone is asked", answer: declines, args: map[string]any{"member": "bob", "roles": []any{"admin"}}}),
			as(acmeAdmin, resultCase{name: "admin changes a viewer", answer: acceptsAs("bob"), args: map[string]any{"member": "bob", "roles": []any{"member"}}}),
			{name: "no roles", args: map[string]any{"member": "bob", "roles": []any{}}},
		},
		"pause_app": {
			{name: "question declined", answer: declines, args: map[string]any{"app": "analytics-app"}},
			{name: "agent: paused", confirm: tools.ConfirmAgent, args: map[string]any{"app": "analytics-app", "confirm": "analytics-app"}},
			as(acmeAdmin, resultCase{name: "already paused: nothing asked or changed", args: map[string]any{"app": "nightly-etl"}}),
			{name: "not found", args: map[string]any{"app": "no-such-app"}},
		},
		"resume_app": {
			as(acmeAdmin, resultCase{name: "paused app resumed", args: map[string]any{"app": "nightly-etl"}}),
			as(acmeAdmin, resultCase{name: "resumed and waited", args: map[string]any{"app": "nightly-etl", "wait": true, "timeout_seconds": 120}}),
			{name: "not found", args: map[string]any{"app": "no-such-app"}},
			{name: "production branch missing: stays paused", given: "analytics-app, connected, production_branch x-missing, is paused",
				setup: func(t *testing.T, h *harness) {
					missingBranch(t, h)
					if err := h.emu.PauseSpicepod("sandbox", analyticsID, true); err != nil {
						t.Fatal(err)
					}
				}, args: map[string]any{"app": "analytics-app"}},
		},
		"list_instances": {
			as(acmeAdmin, resultCase{name: "failed start", args: map[string]any{"app": "fraud-scoring"}}),
			as(acmeAdmin, resultCase{name: "paused", args: map[string]any{"app": "nightly-etl"}}),
			{name: "never deployed", args: map[string]any{"app": "docs-search"}},
		},
		"get_instance_logs": {
			as(acmeAdmin, resultCase{name: "failed start names its cause", args: map[string]any{"app": "fraud-scoring"}}),
			as(acmeAdmin, resultCase{name: "paused", args: map[string]any{"app": "nightly-etl"}}),
			{name: "tail above the plan's limit", args: map[string]any{"app": "analytics-app", "tail": 2000}},
			{name: "unknown instance", args: map[string]any{"app": "analytics-app", "instance": "analytics-app-nope"}},
			{name: "never deployed", args: map[string]any{"app": "docs-search"}},
		},
		"fork_app": {
			{name: "name taken", args: map[string]any{"app": "analytics-app", "name": "docs-search"}},
			{name: "source has no spicepod", args: map[string]any{"app": "docs-search"}},
		},
		"list_forks": {
			{name: "after a fork", given: "analytics-app was forked into analytics-staging", setup: forkAnalytics, args: map[string]any{"app": "analytics-app"}},
			{name: "not found", args: map[string]any{"app": "no-such-app"}},
		},
		"connect_repository": {
			{name: "repository not found", args: map[string]any{"app": "analytics-app", "repository": "analytics-missing"}},
			{name: "branch not found", args: map[string]any{"app": "analytics-app", "repository": "analytics", "production_branch": "release-missing"}},
			{name: "no spicepod in the directory", args: map[string]any{"app": "analytics-app", "repository": "analytics", "root_directory": "pods-empty"}},
		},
		"add_member": {
			{name: "as a viewer", args: map[string]any{"username": "jdoe", "roles": []any{"viewer"}}},
			{name: "owner grants owner", args: map[string]any{"username": "jdoe", "roles": []any{"owner"}}},
			as(acmeAdmin, resultCase{name: "admin granting owner: refused", args: map[string]any{"username": "jdoe", "roles": []any{"owner"}}}),
			as(acmeAdmin, resultCase{name: "admin granting admin: refused", args: map[string]any{"username": "jdoe", "roles": []any{"admin"}}}),
		},
	}
)

// as gives c the token and world of who.
func as(who, c resultCase) resultCase {
	c.token, c.world = who.token, who.world
	return c
}

func init() {
	tokenNotes[tokenBob] = "bob's JWT-shaped token (a member of sandbox, a viewer of acme-labs; claims name sandbox)"
	tokenNotes[tokenAliceAcme] = "alice's JWT-shaped token acting in acme-labs (an admin there; Enterprise; nightly-etl paused, fraud-scoring failing)"
	for tool, cases := range newToolsResults {
		resultCases[tool] = append(resultCases[tool], cases...)
	}
}
