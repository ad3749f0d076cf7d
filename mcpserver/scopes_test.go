package mcpserver_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// unrelatedScope is a scope no tool needs, so a token's scope list is never empty (an empty
// list reads as "scopes unknown").
const unrelatedScope = "config:read"

// scopedHarness is a demo sandbox whose token is a JWT carrying exactly scopes (plus
// unrelatedScope), with confirmations off: this test is about scopes, not about asking.
func scopedHarness(t *testing.T, scopes []string) *harness {
	t.Helper()
	scopes = append(slices.Clone(scopes), unrelatedScope)
	token := sandbox.New(sandbox.Config{}).IssueToken("sandbox", scopes, time.Hour)
	return newHarness(t, harnessOptions{
		cfg:    sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: scopes}}},
		token:  token,
		safety: tools.Safety{NoConfirm: true},
	})
}

// upstreamCalls counts the emulator's calls per operation.
func upstreamCalls(h *harness) map[*api.Operation]int {
	calls := map[*api.Operation]int{}
	for _, op := range api.Operations {
		calls[op] = h.emu.Calls(op.ID)
	}
	return calls
}

func listed(t *testing.T, h *harness, name string) bool {
	t.Helper()
	return slices.ContainsFunc(h.listTools(t), func(tool mcp.Tool) bool { return tool.Name == name })
}

// TestDerivedScopes: every tool, with a token holding exactly the scopes derived from its
// operations, is listed, succeeds with its valid example, and calls nothing it does not
// declare; with any one of those scopes removed it is hidden, and a call is refused before
// any request.
func TestDerivedScopes(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, tool := range tools.All() {
		t.Run(tool.Name, func(t *testing.T) {
			// The example's own scopes: the tool's, plus any its arguments add (secrets given to
			// create_and_deploy_app need secrets:write).
			scopes := tool.ScopesFor(tool.Examples.Valid)
			h := scopedHarness(t, scopes)
			if !listed(t, h, tool.Name) {
				t.Fatalf("not listed for a token with its derived scopes %v", scopes)
			}
			before := upstreamCalls(h)
			h.ok(t, tool.Name, tool.Examples.Valid)
			declared := append(slices.Clone(tool.Operations), tool.MayCall...)
			for op, n := range upstreamCalls(h) {
				if n > before[op] && !slices.Contains(declared, op) {
					t.Errorf("called %s, which it does not declare", op.ID)
				}
			}
			for i, scope := range scopes {
				fewer := slices.Delete(slices.Clone(scopes), i, i+1)
				h := scopedHarness(t, fewer)
				if hide := slices.Contains(tool.Scopes(), scope); listed(t, h, tool.Name) == hide {
					t.Errorf("without %s: listed = %t, want %t", scope, !hide, !hide)
				}
				before := upstreamCalls(h)
				mustContain(t, "without "+scope, h.fail(t, tool.Name, tool.Examples.Valid), "lacks the scope", scope)
				for op, n := range upstreamCalls(h) {
					if n != before[op] {
						t.Errorf("without %s: %s reached the API", scope, op.ID)
					}
				}
			}
		})
	}
}

// TestExamples: every tool's invalid example is refused with a message naming the problem,
// before any request reaches the API.
func TestExamples(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	for _, tool := range tools.All() {
		if tool.Examples.Valid == nil || tool.Examples.Invalid == nil {
			t.Errorf("%s: missing a valid or an invalid example", tool.Name)
			continue
		}
		before := upstreamCalls(h)
		msg := h.fail(t, tool.Name, tool.Examples.Invalid)
		if !strings.Contains(msg, "nvalid") && !strings.Contains(msg, "Required") && !strings.Contains(msg, "unknown argument") {
			t.Errorf("%s: invalid example refused without naming the problem: %s", tool.Name, msg)
		}
		for op, n := range upstreamCalls(h) {
			if n != before[op] {
				t.Errorf("%s: invalid example reached the API (%s)", tool.Name, op.ID)
			}
		}
	}
}

// TestCreateAndDeployChecksScopesFirst: a token that may create and deploy but not write
// secrets is refused before anything is created, with the missing scope named.
func TestCreateAndDeployChecksScopesFirst(t *testing.T) {
	tool, _ := tools.ByName("create_and_deploy_app")
	h := scopedHarness(t, tool.Scopes())
	before := upstreamCalls(h)
	out := h.fail(t, tool.Name, tool.Examples.Valid) // it sets a secret
	mustContain(t, "refusal", out, "secrets:write", "Nothing was changed")
	for op, n := range upstreamCalls(h) {
		if n != before[op] {
			t.Errorf("%s reached the API", op.ID)
		}
	}
	if n := h.emu.AppCount("sandbox"); n != 2 {
		t.Errorf("%d apps after the refusal, want the 2 demo apps", n)
	}
}

// TestToolsUseCurrentRoutes: tools talk to /v1/projects, never to the deprecated /v1/apps
// aliases, except list_deployments' later pages: only the alias publishes offset.
func TestToolsUseCurrentRoutes(t *testing.T) {
	allowed := map[string][]*api.Operation{"list_deployments": {api.ListDeployments}}
	for _, tool := range tools.All() {
		for _, op := range append(slices.Clone(tool.Operations), tool.MayCall...) {
			if op.AliasOf != "" && !slices.Contains(allowed[tool.Name], op) {
				t.Errorf("%s declares %s, a deprecated alias of %s", tool.Name, op.ID, op.AliasOf)
			}
		}
	}

	// Every tool's valid example reaches the API on current routes only (TestDerivedScopes
	// shows the calls are the declared ones).
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	for _, tool := range tools.All() {
		h.call(t, tool.Name, tool.Examples.Valid)
	}
	for op, n := range upstreamCalls(h) {
		if op.AliasOf != "" && n > 0 {
			t.Errorf("%s (a deprecated alias) called %d times", op.ID, n)
		}
	}

	// A later page of deployments goes to the alias, and reaches the older ones. The second page
	// reads from one item before its offset (the session's page memory checks where the first
	// ended), which is offset 0, on the current route; the third reads from offset 1: the alias.
	first := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1})
	second := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1, "offset": 1})
	third := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1, "offset": 2})
	if h.emu.Calls(api.ListDeployments.ID) != 1 || first == second || second == third || first == third {
		t.Errorf("offset pages: %d alias calls; first page:\n%s\nsecond page:\n%s\nthird page:\n%s", h.emu.Calls(api.ListDeployments.ID), first, second, third)
	}
}

// TestListDeploymentsNoticesAnIgnoredOffset: offset is optional on the API; a server that
// ignores it answers a later page with the newest deployments again, which list_deployments
// refuses to pass off as older ones.
func TestListDeploymentsNoticesAnIgnoredOffset(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
			q := r.URL.Query()
			q.Del("offset")
			r.URL.RawQuery = q.Encode()
			proxy.ServeHTTP(w, r)
		})(t, emulatorURL)
	}})
	mustContain(t, "ignored offset", h.fail(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1, "offset": 1}),
		"The API ignored offset and returned the newest deployments again")
}
