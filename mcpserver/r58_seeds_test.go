package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 58 audit of the seeds' presentation rules (000: Spice's agent skill; 001: its
// deployments guide) against this round's changes: names holding markup in a code span
// (present.NameText), the HTTP 401 challenge for a refused caller token, describe_app's paging
// note, log masking. Seed texts quoted here are copied from them (nothing reads the seeds).

// TestR58SeedsSecretNamesShownNeverValues: "Never display secret values — confirm
// creation/update only" (000:296) and the secret name rule "must start with letter/underscore,
// alphanumeric + underscores only" (000:313-314): a name the rule allows that Markdown would read
// as emphasis (_PG_PASS, __INIT__) is shown as written, a code span, in every result that names
// it, beside PG_PASS's unchanged cell; the value never comes back.
func TestR58SeedsSecretNamesShownNeverValues(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const value = "R58seedsSecretValue"
	app := map[string]any{"app": "analytics-app"}
	var seen []string
	for _, n := range []string{"_PG_PASS", "__INIT__"} {
		set := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": n, "value": value})
		mustContain(t, "set_secret "+n, text(set), "Secret `"+n+"` created", "value never shown")
		get := h.call(t, "get_secret", map[string]any{"app": "analytics-app", "name": n})
		mustContain(t, "get_secret "+n, text(get), "Secret `"+n+"` on analytics-app", "never shown")
		seen = append(seen, everything(set), everything(get))
	}
	list := h.call(t, "list_secrets", app)
	mustContain(t, "list_secrets", text(list), "| PG_PASS |", "| `_PG_PASS` |", "| `__INIT__` |", "never shown")
	overview := h.call(t, "describe_app", app)
	mustContain(t, "describe_app", text(overview), "`_PG_PASS`, `__INIT__`", "values never shown")
	del := h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "_PG_PASS"})
	mustContain(t, "delete_secret", text(del), "Secret `_PG_PASS` deleted")
	seen = append(seen, everything(list), everything(overview), everything(del), h.logs.String())
	for i, s := range seen {
		if strings.Contains(s, value) {
			t.Errorf("result %d shows the secret value:\n%s", i, s)
		}
	}
}

// TestR58SeedsWhyDidTheLastDeployFailToTheFix: "If deployment fails, check error_message for
// details" (001:290), "Show deployment status clearly" (000:295), walked from the newest failed
// deployment (list_deployments status failed, limit 1) to a succeeded one: each result names
// the next call (get_deployment; the missing secret in the log lines and set_secret; the
// redeploy; the wait), the organization as the caller named it.
func TestR58SeedsWhyDidTheLastDeployFailToTheFix(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	last := h.ok(t, "list_deployments", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "status": "failed", "limit": 1})
	mustContain(t, "list_deployments", last, "| 1007 | ❌ failed |",
		"`get_deployment {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"deployment_id\":1007}` shows why")
	why := h.ok(t, "get_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1007})
	mustContain(t, "get_deployment", why, "**❌ failed**", "set_secret", `secret "PG_PASSWORD" is not set`,
		"then deploy again", "deploying unchanged fails again")
	logs := h.ok(t, "get_instance_logs", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	mustContain(t, "get_instance_logs", logs, `secret "PG_PASSWORD" is not set`,
		"`create_deployment {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\"}` deploys again")
	mustContain(t, "set_secret", h.ok(t, "set_secret", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "PG_PASSWORD", "value": "R58seedsPgPassword"}),
		"Secret `PG_PASSWORD` created", "reaches the runtime with the next deployment")
	deploy := h.ok(t, "create_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	mustContain(t, "create_deployment", deploy, "1008", `wait_for_deployment {"app":"fraud-scoring","org":"acme-labs","deployment_id":1008}`)
	done := h.ok(t, "wait_for_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1008})
	t.Logf("wait_for_deployment:\n%s", done)
	mustContain(t, "wait_for_deployment", done, "✅ succeeded")
	if strings.Contains(h.logs.String(), "R58seedsPgPassword") {
		t.Error("the password reached the logs")
	}
}

// TestR58SeedsRefusedCallerTokenLeadsToTheFix: the troubleshooting row "401 Unauthorized | Check
// $SPICE_API_TOKEN is set and valid; get a new token from spice.ai" (000:303-304) for an HTTP
// caller whose own token the API refuses: the 401 answer says to refresh it or sign in again and
// where (the metadata naming the authorization server); the server's own refused credential
// stays the tool's result, which says its operator must fix it or the caller send its own token
// (spice.ai/account): the caller runs no server, so SPICE_API_TOKEN is not named
// (TestR59Httpmode2LentCredentialRefusedNamesTheOperator; over stdio it is).
func TestR58SeedsRefusedCallerTokenLeadsToTheFix(t *testing.T) {
	h, _ := r58Oauth401Serve(t, mcpserver.HTTPOptions{ServerCredentials: true, AuthorizationServers: []string{"https://spice.ai"}})
	status, challenge, body := r58Oauth401Post(t, h, r58Oauth401Unknown)
	if status != 401 || !strings.Contains(challenge, `error="invalid_token"`) {
		t.Errorf("a refused caller token: %d %q", status, challenge)
	}
	mustContain(t, "caller's token", body, "refused the bearer token", "Refresh it or sign in again", "names the authorization server")
	status, _, body = r58Oauth401Post(t, h, "")
	if status != 200 {
		t.Errorf("the server's own credential refused: %d", status)
	}
	mustContain(t, "server's token", body, "401", "operator can fix them", "your own Spice.ai token", "https://spice.ai/account")
	mustContain(t, "text", present.CallerTokenRefused(""), "Refresh it or sign in again", "create one at https://spice.ai/account")
}

// TestR58SeedsRotateWithMaskedKeysLeadsToTheNextStep: "Rotate API Keys (Zero Downtime)"
// (000:261-275) under --mask-api-keys: "Show API keys with a warning about secure storage"
// (000:297) holds for each masked key, and step 3, "Update clients to use new secondary key",
// says where the full key is (the portal's field API Key 2), since the result shows its last 4
// characters only; each step names the next call.
func TestR58SeedsRotateWithMaskedKeysLeadsToTheNextStep(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true, Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)
	keys := h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"})
	mustContain(t, "get_api_keys", keys, "`…"+p0[len(p0)-4:]+"`", "`…"+s0[len(s0)-4:]+"`", present.KeyWarning)
	start := h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	_, s1 := emulatorKeys(t, h)
	mustContain(t, "start", start, "`…"+s1[len(s1)-4:]+"`", present.KeyWarning, "Update every client to the new secondary key",
		"field API Key 2", `rotate_api_keys with step "finish"`)
	finish := h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"})
	mustContain(t, "finish", finish, "Regenerated the **primary** key", present.KeyWarning, "Rotation complete")
	for i, out := range []string{keys, start, finish} {
		if strings.Contains(out, s1) || strings.Contains(out, s0) || strings.Contains(out, p0) {
			t.Errorf("result %d shows a whole key under --mask-api-keys:\n%s", i, out)
		}
	}
}
