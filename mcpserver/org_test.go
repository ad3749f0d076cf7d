package mcpserver_test

import (
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestOrgArgument: every organization-scoped tool takes org, which selects the organization
// of that call only; whoami shows the organization in force and the caller's role there.
func TestOrgArgument(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "Organization: the credentials' own", "member of sandbox (owner), acme-labs (admin)")
	mustContain(t, "whoami org", h.ok(t, "whoami", map[string]any{"org": "acme-labs"}), "Organization: acme-labs (org argument), role: admin")

	mustContain(t, "list_apps org", h.ok(t, "list_apps", map[string]any{"org": "acme-labs"}), "nightly-etl", "fraud-scoring")
	if out := h.ok(t, "list_apps", nil); strings.Contains(out, "fraud-scoring") || !strings.Contains(out, "analytics-app") {
		t.Errorf("org leaked into the next call:\n%s", out)
	}
	mustContain(t, "unknown org", h.fail(t, "list_apps", map[string]any{"org": "nope"}), "org_forbidden", "list_orgs lists those you can pass as org")
	mustContain(t, "bad org", h.fail(t, "list_apps", map[string]any{"org": "a\nb"}), "org: want an organization name")

	// A paused app refuses deployments; the remedy is to resume it.
	mustContain(t, "paused", h.fail(t, "create_deployment", map[string]any{"org": "acme-labs", "app": "nightly-etl"}),
		"spicepod_paused", "resume it")
}

// TestFailedDeploymentShowsWhy is issue 12's acceptance 3: a failed deployment (unable_to_start)
// presented by wait_for_deployment shows the error code, "not retriable", the fix and the
// failing instance's last log lines, masked — in one call; get_deployment the same.
func TestFailedDeploymentShowsWhy(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"org": "acme-labs", "app": "fraud-scoring"}
	for _, tool := range []string{"wait_for_deployment", "get_deployment"} {
		if tool == "get_deployment" {
			args["deployment_id"] = 1007
		}
		out := h.ok(t, tool, args)
		mustContain(t, tool, out, "**❌ failed**", "- Error code: `unable_to_start` — not retriable",
			"What to do: The runtime failed to start", "log lines of instance `fraud-scoring-", `secret "PG_PASSWORD" is not set`, "```text")
		if h.emu.Calls("getProjectInstanceLogs") == 0 {
			t.Errorf("%s: no instance logs read", tool)
		}
		var got struct {
			ErrorCode   string `json:"error_code"`
			Retriable   *bool  `json:"retriable"`
			FailureLogs struct {
				Instance string   `json:"instance"`
				Lines    []string `json:"lines"`
			} `json:"failure_logs"`
		}
		structured(t, h.call(t, tool, args), &got)
		if got.ErrorCode != "unable_to_start" || got.Retriable == nil || *got.Retriable ||
			!strings.HasPrefix(got.FailureLogs.Instance, "fraud-scoring-") || !strings.Contains(strings.Join(got.FailureLogs.Lines, "\n"), "PG_PASSWORD") {
			t.Errorf("%s: structured %+v", tool, got)
		}
	}
	// A deployment that succeeded reads no logs (its instance list says whether the app is paused).
	before := h.emu.Calls("getProjectInstanceLogs")
	h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	if h.emu.Calls("getProjectInstanceLogs") != before {
		t.Error("get_deployment of a succeeded deployment read instance logs")
	}
}

// TestWhoamiReadsTheRoleFromTheToken: a JWT-shaped token that carries the organization, the
// user and the role there is shown with that role; naming another organization asks the API
// for it. The API is asked either way whether it takes the token: a revoked JWT still decodes.
func TestWhoamiReadsTheRoleFromTheToken(t *testing.T) {
	token := jwtShaped(map[string]any{"sub": "alice", "org": "acme-labs", "username": "alice", "role": "admin", "scopes": []string{"*"}})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: token, Org: "acme-labs", User: "alice", Scopes: []string{"*"}}}}, token: token})
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "Organization: acme-labs (the token's own), role: admin")
	mustContain(t, "whoami org", h.ok(t, "whoami", map[string]any{"org": "sandbox"}), "Organization: sandbox (org argument), role: owner")

	// The same token, unknown to the API (revoked): whoami says the API rejects it.
	revoked := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: token})
	got := revoked.fail(t, "whoami", nil)
	mustContain(t, "revoked JWT", got, "The Spice.ai API rejected these credentials", "401 Unauthorized")
	if strings.Contains(got, token) {
		t.Errorf("the token appears in the result:\n%s", got)
	}
}

// TestConfirmationNamesTheOrganization: a destructive call in an organization the call chose,
// or the default one, says which in the question, since the same name may exist in several.
func TestConfirmationNamesTheOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "delete_app", h.fail(t, "delete_app", map[string]any{"org": "acme-labs", "app": "fraud-scoring"}),
		"in organization acme-labs", "Nothing was changed")
	if out := h.fail(t, "delete_app", map[string]any{"app": "analytics-app"}); strings.Contains(out, "in organization") {
		t.Errorf("no org chosen, yet one is named:\n%s", out)
	}
	h.ok(t, "delete_app", map[string]any{"org": "acme-labs", "app": "fraud-scoring", "confirm": "fraud-scoring"})
	mustContain(t, "after", h.ok(t, "list_apps", map[string]any{"org": "acme-labs"}), "nightly-etl")
	mustContain(t, "sandbox untouched", h.ok(t, "list_apps", nil), "analytics-app", "docs-search")

	// The default organization (SPICE_ORG, --org) is named too: the person approving may not know it.
	byDefault := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs", safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "delete_app in SPICE_ORG", byDefault.fail(t, "delete_app", map[string]any{"app": "fraud-scoring"}),
		"in organization acme-labs", "Nothing was changed")
}

// TestDefaultOrganization: SPICE_ORG (the client's default) applies to calls without org; the
// org argument still wins for its call.
func TestDefaultOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs"})
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "Organization: acme-labs (SPICE_ORG), role: admin")
	mustContain(t, "list_apps", h.ok(t, "list_apps", nil), "fraud-scoring")
	mustContain(t, "list_apps org", h.ok(t, "list_apps", map[string]any{"org": "sandbox"}), "analytics-app")
}

// TestSecretPageStoresInTheCallsOrganization: a value entered on the page later is stored in
// the organization the call chose, not the default one.
func TestSecretPageStoresInTheCallsOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	browser := &page{}
	args := map[string]any{"org": "acme-labs", "app": "fraud-scoring", "name": "PG_PASSWORD"}
	res := h.call(t, "set_secret", args)
	if res.IsError {
		t.Fatal(text(res))
	}
	browser.answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASSWORD": {"entered-on-the-page"}})
	if v, _ := h.emu.SecretValue("acme-labs", 104, "PG_PASSWORD"); v != "entered-on-the-page" {
		t.Fatalf("stored %q in acme-labs", v)
	}
	mustContain(t, "outcome", h.ok(t, "set_secret", args), "Stored `PG_PASSWORD` on fraud-scoring (104)")
}

// TestUpdateAppUnpinsImageTag: an empty image_tag clears the pin (the API's null), so the app
// follows its update channel again.
func TestUpdateAppUnpinsImageTag(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	with := func(k string, v any) map[string]any { m := maps.Clone(app); m[k] = v; return m }
	mustContain(t, "pin", h.ok(t, "update_app", with("image_tag", "2.3.2")), "image_tag 2.3.2")
	unpinned := h.ok(t, "update_app", with("image_tag", ""))
	if strings.Contains(unpinned, "image_tag 2.3.2") {
		t.Errorf("still pinned after image_tag \"\":\n%s", unpinned)
	}
	mustContain(t, "not Enterprise", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "image_tag": "2.3.2"}),
		"image_tag_requires_enterprise", "needs the Enterprise plan")
}

// TestUpdateAppCurrentSettings: update_app sets the current generation's settings — the runtime
// version line, the storage size, and a move to a dedicated cluster — and the result shows them.
func TestUpdateAppCurrentSettings(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "update_app", map[string]any{"app": "nightly-etl", "org": "acme-labs",
		"version": "2.3.x", "storage_size_gb": 20, "cluster_name": "acme-labs-prod-sandbox"}) // it has 2.x, 10 GB: changes
	mustContain(t, "updated", out, "version, cluster_name, storage_size_gb", "- Cluster: acme-labs-prod-sandbox",
		"version 2.3.x", "storage 20 GB")
	mustContain(t, "unknown cluster", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "cluster_name": "nope"}),
		"Cluster 'nope' not found")
}
