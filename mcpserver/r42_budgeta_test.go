package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r42ManySecretsPod is a spicepod referencing n secrets with dense names of about nameLen bytes.
func r42ManySecretsPod(app string, n, nameLen int) (string, map[string]any) {
	var b strings.Builder
	fmt.Fprintf(&b, "version: v1\nkind: Spicepod\nname: %s\ndatasets:\n", app)
	values := map[string]any{}
	for i := range n {
		name := fmt.Sprintf("S%04d_%s", i, strings.ToUpper(r35Dense("a1", nameLen)))
		fmt.Fprintf(&b, "  - from: postgres:t%d\n    name: t%d\n    params:\n      pg_pass: ${secrets:%s}\n", i, i, name)
		values[name] = "example-value"
	}
	return b.String(), values
}

// TestR42BudgetCreateAndDeployManySecrets: create_and_deploy_app with a spicepod referencing
// hundreds of secrets with long names, given or not: each result within the budget.
func TestR42BudgetCreateAndDeployManySecrets(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, given := range []bool{true, false} {
		t.Run(fmt.Sprint("given=", given), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
			pod, values := r42ManySecretsPod("many-secrets", 300, 200)
			args := map[string]any{"name": "many-secrets", "spicepod": pod}
			if given {
				args["secrets"] = values
			}
			res := h.call(t, "create_and_deploy_app", args)
			tt, st := resultTokens(res)
			t.Logf("error=%v text %d bytes %d tokens; structured %d tokens; cut=%v\n%.600s", res.IsError, len(text(res)), tt, st, strings.Contains(text(res), "Cut:"), text(res))
			withinBudget(t, "create_and_deploy_app", res)
			for _, tool := range []string{"describe_app", "get_app", "list_secrets"} {
				res := h.call(t, tool, map[string]any{"app": "many-secrets"})
				tt, st := resultTokens(res)
				t.Logf("%s: error=%v text %d bytes %d tokens; structured %d tokens; cut=%v", tool, res.IsError, len(text(res)), tt, st, strings.Contains(text(res), "Cut:"))
				withinBudget(t, tool, res)
			}
		})
	}
}

// r42PlainSecretsPod is a spicepod referencing n secrets with ordinary names
// (ORDERS_DB_PASSWORD_007 style, 22 bytes).
func r42PlainSecretsPod(app string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "version: v1\nkind: Spicepod\nname: %s\ndatasets:\n", app)
	for i := range n {
		fmt.Fprintf(&b, "  - from: postgres:t%d\n    name: t%d\n    params:\n      pg_pass: ${secrets:ORDERS_DB_PASSWORD_%03d}\n", i, i, i)
	}
	return b.String()
}

// TestR42BudgetCreateAndDeployLosesTheSecretPageLink: a spicepod referencing 150 secrets of
// ordinary 22-byte names (none given): create_and_deploy_app lists the names three times (check
// inputs, the waiting step, the page's sentence) before the one-time page link, so the result is
// cut by the final guard and the link — the only way the person can enter the values — is cut
// off; the structured content is replaced by {"cut"} too. The identical re-run shares the same
// page and returns the same cut result, so the deploy can never proceed this way.
func TestR42BudgetCreateAndDeployLosesTheSecretPageLink(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
	args := map[string]any{"name": "many-secrets", "spicepod": r42PlainSecretsPod("many-secrets", 150)}
	for run := range 2 {
		res := h.call(t, "create_and_deploy_app", args)
		tx := text(res)
		raw, _ := json.Marshal(res.StructuredContent)
		t.Logf("run %d: error=%v, %d bytes, cut=%v, structured %.120s", run, res.IsError, len(tx), strings.Contains(tx, "Cut:"), raw)
		if !strings.Contains(tx, "/human/") {
			t.Errorf("run %d: the result does not carry the secret-entry page link (the person cannot enter the values):\n…%s", run, tx[max(0, len(tx)-700):])
		}
		withinBudget(t, fmt.Sprintf("create_and_deploy_app run %d", run), res)
	}
}

// TestR42BudgetManySecretsElsewhere: the same 150-secret spicepod through the other tools that
// name a spicepod's secrets: given whole to create_and_deploy_app (its text fits, 9,855 bytes,
// but its structured content, whose steps list one row per stored secret, is 12,379 bytes and
// is replaced whole by {"cut"}: app_id, the deployment, live and url are gone for a client
// reading structured content), set by update_app on an app that has none of them, then
// create_deployment.
func TestR42BudgetManySecretsElsewhere(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}})
	values := map[string]any{}
	for i := range 150 {
		values[fmt.Sprintf("ORDERS_DB_PASSWORD_%03d", i)] = "example-value"
	}
	check := func(what string, res *mcp.CallToolResult) {
		tx := text(res)
		tt, st := resultTokens(res)
		t.Logf("%s: error=%v %d bytes %d/%d tokens cut=%v", what, res.IsError, len(tx), tt, st, strings.Contains(tx, "Cut:"))
		if strings.Contains(tx, "Cut:") {
			t.Errorf("%s: cut:\n…%s", what, tx[max(0, len(tx)-600):])
		}
		if raw := r42aJSON(res.StructuredContent); strings.Contains(string(raw), `"cut":`) {
			t.Errorf("%s: the text fits (%d bytes) but the structured content (app_id, deployment, url) is replaced by %.200s", what, len(tx), raw)
		}
		withinBudget(t, what, res)
	}
	check("create_and_deploy_app given", h.call(t, "create_and_deploy_app", map[string]any{"name": "given-secrets",
		"spicepod": r42PlainSecretsPod("given-secrets", 150), "secrets": values}))
	check("update_app", h.call(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": r42PlainSecretsPod("analytics-app", 150)}))
	check("create_deployment", h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}))
	check("describe_app", h.call(t, "describe_app", map[string]any{"app": "analytics-app"}))
}

// r42aJSON is v as JSON.
func r42aJSON(v any) []byte { raw, _ := json.Marshal(v); return raw }

// TestR42BudgetFailureLogsMoreLinesThanAsked: get_deployment and wait_for_deployment ask a
// failed deployment's instance for its last 20 lines, but keep every line the API returns (an
// API that ignores tail, or a proxy). With 3,000 lines, each clipped down to 16 bytes, the result
// is still over the budget: the structured content (error_code, retriable, the standing) is
// replaced by {"cut"} and the text is cut.
func TestR42BudgetFailureLogsMoreLinesThanAsked(t *testing.T) {
	lines := make([]any, 3000)
	for i := range lines {
		lines[i] = fmt.Sprintf("%04d error: secret \"PG_PASSWORD\" is not set", i)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/logs", func(a map[string]any) { a["lines"] = lines }))})
	for _, tool := range []string{"get_deployment", "wait_for_deployment"} {
		args := map[string]any{"org": "acme-labs", "app": "fraud-scoring"}
		if tool == "get_deployment" {
			args["deployment_id"] = 1007
		}
		res := h.call(t, tool, args)
		tx := text(res)
		raw := r42aJSON(res.StructuredContent)
		t.Logf("%s: %d bytes cut=%v structured %.150s", tool, len(tx), strings.Contains(tx, "Cut:"), raw)
		if strings.Contains(tx, "Cut:") || strings.Contains(string(raw), `"cut"`) {
			t.Errorf("%s: cut although the API's extra log lines could be left out (it asked for 20)", tool)
		}
		// The newest 20 (the API's last), the older ones counted in both forms.
		if !strings.Contains(tx, "2999 error") || !strings.Contains(tx, "2980 error") || strings.Contains(tx, "2979 error") ||
			!strings.Contains(tx, "2,980 older lines") || !strings.Contains(string(raw), `"older_left_out":2980`) {
			t.Errorf("%s: want the newest 20 lines and the 2980 older ones counted:\n%s\n%s", tool, tx, raw)
		}
		withinBudget(t, tool, res)
	}
}

// TestR42BudgetManySecretsStoredThenFailed: create_and_deploy_app given 300 secrets of dense
// 200-byte names, the API refusing the deployment after they are stored: the failure lists
// every step and every change
// ("stored secret …" once per secret), so the text is cut before the error and what to do, and
// the structured steps are replaced by {"cut"}. The stored secrets are one row and one change.
func TestR42BudgetManySecretsStoredThenFailed(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	pod, values := r42ManySecretsPod("many-secrets", 300, 200)
	answers := []canned{{method: "POST", path: regexp.MustCompile(`/deployments$`), status: 400, body: `{"error":"the build queue is closed"}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second},
		upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "many-secrets", "spicepod": pod, "secrets": values})
	tx := text(res)
	raw := r42aJSON(res.StructuredContent)
	t.Logf("error=%v %d bytes cut=%v structured %.200s", res.IsError, len(tx), strings.Contains(tx, "Cut:"), raw)
	if !res.IsError || strings.Contains(tx, "Cut:") || strings.Contains(string(raw), `"cut":`) {
		t.Errorf("the failure is cut:\n…%s\n%.300s", tx[max(0, len(tx)-800):], raw)
	}
	for _, want := range []string{"build queue is closed", "| secrets (300) | stored (value never shown): 300 secrets (S0000_", "This run changed:", "stored secrets 300 secrets (S0000_"} {
		if !strings.Contains(tx, want) {
			t.Errorf("missing %q in:\n%s", want, tx)
		}
	}
	withinBudget(t, "create_and_deploy_app", res)
}
