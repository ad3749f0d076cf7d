package mcpserver_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 56 audit of the seeds (000: Spice's agent skill; 001: its deployments guide; 002: the
// OpenAPI fragments of list and create deployment): each workflow walked as a user asks for it,
// through mcp-go's client over the emulator, checking that every step's result is what the seed
// promises and leads the agent to the next step. Seed texts quoted here are copied from them
// (nothing reads the seeds).

// TestR56SeedsInFlightDeploymentLeadsToTheWait: the create-and-deploy workflow's last step is
// "Check deployment status" with list deployments, limit 1 (000:258-260), and the guide's
// "Monitor Status - Poll GET /v1/apps/{appId}/deployments until status is succeeded or failed"
// (001:288). A list or an overview whose newest deployment is still queued or in progress names
// the call that polls it to its end, wait_for_deployment, with that deployment's ID (as a failed
// one names get_deployment); where wait_for_deployment is hidden, it is not named.
func TestR56SeedsInFlightDeploymentLeadsToTheWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Minute, RunsFor: time.Minute}})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app", "branch": "main", "commit_message": "Initial deployment"})
	const wait = `wait_for_deployment {"app":"analytics-app","deployment_id":1008}`
	for _, status := range []string{"queued", "in_progress"} {
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"list_deployments", map[string]any{"app": "analytics-app", "limit": 1}},
			{"list_deployments", map[string]any{"app": "analytics-app"}},
			{"list_deployments", map[string]any{"app": "analytics-app", "status": status}},
			{"describe_app", map[string]any{"app": "analytics-app"}},
		} {
			out := h.ok(t, c.tool, c.args)
			mustContain(t, c.tool+" "+status, out, "| 1008 |", status, wait)
		}
		h.clock.Advance(time.Minute + time.Second)
	}
	// Across organizations the call names the organization, as the caller did.
	h.ok(t, "wait_for_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	h.ok(t, "create_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	mustContain(t, "list_deployments acme-labs", h.ok(t, "list_deployments", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "limit": 1}),
		`wait_for_deployment {"app":"fraud-scoring","org":"acme-labs","deployment_id":1009}`)
	// Ended: nothing to follow.
	h.clock.Advance(3 * time.Minute)
	if out := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1}); strings.Contains(out, "wait_for_deployment") {
		t.Errorf("an ended deployment is offered to wait for:\n%s", out)
	}
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Minute}, policy: tools.Policy{ExcludeTools: []string{"wait_for_deployment"}}})
	hidden.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	for _, tool := range []string{"list_deployments", "describe_app"} {
		if out := hidden.ok(t, tool, map[string]any{"app": "analytics-app"}); strings.Contains(out, "wait_for_deployment") {
			t.Errorf("%s names wait_for_deployment, which is hidden:\n%s", tool, out)
		}
	}
}

// TestR56SeedsWaitStopsAtTenMinutesByDefault: "Set a maximum wait time (e.g., 10 minutes) before
// timing out" (001:356): wait_for_deployment and create_and_deploy_app, given no
// timeout_seconds, stop following a deployment that runs on after 10 minutes, say it is still
// in progress (000:295 "Show deployment status clearly") and name the call that resumes the wait.
func TestR56SeedsWaitStopsAtTenMinutesByDefault(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Hour}})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	start := h.clock.Now()
	out := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	if d := h.clock.Now().Sub(start); d != 10*time.Minute {
		t.Errorf("wait_for_deployment followed the deployment for %v, want 10m0s", d)
	}
	mustContain(t, "wait_for_deployment", out, "is still **🔄 in_progress** after 10 min",
		`wait_for_deployment {"app":"analytics-app","deployment_id":1008}`)
	start = h.clock.Now()
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{"PG_PASS": r50SeedsPassword}})
	if d := h.clock.Now().Sub(start); d != 10*time.Minute {
		t.Errorf("create_and_deploy_app followed the deployment for %v, want 10m0s", d)
	}
	mustContain(t, "create_and_deploy_app", text(res), "🔄 in_progress", `wait_for_deployment {"app":"sales-analytics","deployment_id":1009}`)
}

// TestR56SeedsOverHTTPSecretsAndKeys: "Never display secret values — confirm creation/update
// only", "Show API keys with a warning about secure storage" and "Show app IDs and names in a
// table" (000:294-297) hold for a client of the streamable HTTP transport as for stdio: the value
// never comes back (set, refused, read, overview), keys carry the warning.
func TestR56SeedsOverHTTPSecretsAndKeys(t *testing.T) {
	srv, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	c := connect(t, srv.URL(), nil)
	call := func(name string, args map[string]any) (string, string, bool) {
		t.Helper()
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = name, args
		res, err := c.CallTool(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return text(res), everything(res), res.IsError
	}
	out, all, isErr := call("set_secret", map[string]any{"app": "analytics-app", "name": "OPENAI_API_KEY", "value": r54SeedsCanary})
	if isErr {
		t.Fatalf("set_secret over HTTP:\n%s", out)
	}
	mustContain(t, "set_secret", out, "`OPENAI_API_KEY` updated", "value never shown")
	seen := []string{all}
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "OPENAI-API-KEY", "value": r54SeedsCanary}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": r54SeedsCanary, "value": "x"}},
		{"get_secret", map[string]any{"app": "analytics-app", "name": "OPENAI_API_KEY"}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
	} {
		_, all, _ := call(c.tool, c.args)
		seen = append(seen, all)
	}
	for i, s := range seen {
		if strings.Contains(s, "R54seedsCanary") {
			t.Errorf("result %d over HTTP shows the secret value:\n%s", i, s)
		}
	}
	keys, all, _ := call("get_api_keys", map[string]any{"app": "analytics-app"})
	mustContain(t, "get_api_keys", keys, "- Primary (`api_key`): `", present.KeyWarning)
	mustContain(t, "get_api_keys structured", all, `"warning":`)
	list, _, _ := call("list_apps", nil)
	mustContain(t, "list_apps", list, "| ID | Name |", "| 101 | analytics-app |")
}

// TestR56SeedsRegeneratedSecondaryLeadsToThePrimary: the skill's "Rotate API Keys (Zero
// Downtime)" (000:261-275) walked with regenerate_api_key as it gives the steps: get current
// keys, regenerate the secondary (key_number 2), update clients to the new secondary, regenerate
// the primary (key_number 1). The secondary's result names both next steps, clients first, with
// the call that replaces the primary (the organization as the caller named it); the primary's
// and both's do not, and each shows its keys with the storage warning (000:297).
func TestR56SeedsRegeneratedSecondaryLeadsToThePrimary(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "get_api_keys", h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"}), present.KeyWarning)
	h.fail(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}) // asks for confirm first
	second := h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"})
	t.Logf("key_number 2:\n%s", second)
	_, s := emulatorKeys(t, h)
	mustContain(t, "key_number 2", second, s, present.KeyWarning, "move every client to the new secondary key",
		`regenerate_api_key {"app":"analytics-app","key_number":1}`)
	for _, n := range []int{1, 0} {
		out := h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": n, "confirm": "analytics-app"})
		mustContain(t, "key_number", out, present.KeyWarning)
		if strings.Contains(out, `"key_number":1}`) {
			t.Errorf("key_number %d names replacing the primary next:\n%s", n, out)
		}
	}
	org := h.ok(t, "regenerate_api_key", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "key_number": 2, "confirm": "fraud-scoring"})
	mustContain(t, "key_number 2 acme-labs", org, `regenerate_api_key {"app":"fraud-scoring","org":"acme-labs","key_number":1}`)
}
