package mcpserver_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestCreateDeploymentWarnsOfUnsetSecrets: create_deployment of an app whose spicepod references
// secrets the app does not have still deploys (a warning, not a refusal), and says the
// deployment is likely to fail to start, naming those secrets, set_secret, and the
// wait_for_deployment and create_deployment calls, which work as written once they are set.
// All set, nothing is said; a token that visibly lacks secrets:read deploys without the check
// (no request it cannot make), and so does one the API refuses the listing to.
func TestCreateDeploymentWarnsOfUnsetSecrets(t *testing.T) {
	deployer := jwtShaped(map[string]any{"sub": "deployer", "org": "sandbox", "scopes": []string{"apps:write", "deployments:write"}})
	cfg := sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: "sandbox", Org: "sandbox", Scopes: []string{"*"}},
		{Value: deployer, Org: "sandbox", Scopes: []string{"apps:write", "deployments:write"}},
		{Value: "opaque-deployer", Org: "sandbox", Scopes: []string{"apps:write", "deployments:write"}}}}
	h := newHarness(t, harnessOptions{cfg: cfg, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": refsPodYAML})
	h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "PG_USER", "value": "reader"})

	args := map[string]any{"app": "docs-search", "commit_message": "first"}
	res := h.call(t, "create_deployment", args)
	out := text(res)
	if res.IsError {
		t.Fatalf("refused:\n%s", out)
	}
	mustContain(t, "warning", out, "likely to fail to start", "secrets API_TOKEN, PG_PASS", "set_secret")
	var v struct {
		ID           int64    `json:"id"`
		UnsetSecrets []string `json:"unset_secrets"`
	}
	structured(t, res, &v)
	if strings.Join(v.UnsetSecrets, ",") != "API_TOKEN,PG_PASS" {
		t.Errorf("unset_secrets: %v", v.UnsetSecrets)
	}
	// The redeploy is offered in the warning, the wait (which comes first) in the last line.
	calls := [][2]string{{"wait_for_deployment", `{"app":"docs-search","deployment_id":` + strconv.FormatInt(v.ID, 10) + `}`},
		{"create_deployment", `{"app":"docs-search","commit_message":"first"}`}}
	if offered := offeredCalls(out, "wait_for_deployment", "create_deployment"); len(offered) != 2 ||
		!slices.Contains(offered, calls[0]) || !slices.Contains(offered, calls[1]) {
		t.Fatalf("offered: %v\n%s", offered, out)
	}
	mustContain(t, "as warned", h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"}), "failed", "unable_to_start")
	h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "PG_PASS", "value": "pw"})
	h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "API_TOKEN", "value": "tok"})
	runOffered(t, h, calls)
	if out := h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"}); !strings.Contains(out, "succeeded") {
		t.Fatalf("the deployment after setting them:\n%s", out)
	}

	// All set: nothing is said.
	if out := h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}); strings.Contains(out, "likely to fail") {
		t.Errorf("all set, still warned:\n%s", out)
	}
	h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"})
	h.ok(t, "delete_secret", map[string]any{"app": "docs-search", "name": "API_TOKEN"})

	// An app deployed from a connected repository: its spicepod is GitHub's, not stored; not checked.
	h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "docs"})
	if out := h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}); strings.Contains(out, "likely to fail") {
		t.Errorf("connected repository, warned:\n%s", out)
	}

	// Tokens without secrets:read deploy as before, without the warning: the JWT-shaped one
	// (its scopes visible) makes no listing request, the opaque one is refused it by the API.
	for _, token := range []string{deployer, "opaque-deployer"} {
		th := newHarness(t, harnessOptions{cfg: cfg, token: token, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		th.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": refsPodYAML})
		out := th.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
		if strings.Contains(out, "likely to fail") || !strings.Contains(out, "**⏳ queued**") {
			t.Errorf("token without secrets:read:\n%s", out)
		}
		if token != deployer && !strings.Contains(th.logs.String(), "listProjectSecrets") {
			t.Errorf("opaque: not listed")
		}
		if token == deployer && strings.Contains(th.logs.String(), "listProjectSecrets") {
			t.Errorf("a token visibly without secrets:read: the secrets were listed anyway")
		}
	}
}
