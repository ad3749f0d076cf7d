package mcpserver_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestDecisionsReadTheAnswerAsReceived: a decision (set_secret's create-or-fail, the remedy)
// reads the API's answer as received, never the text redacted of the call's values: a value
// that spells part of "Secret not found" in any case ("secret", "Found", "not") used to turn
// the 404 that means "create it" into "[REDACTED] not found" and fail the call, nothing stored;
// a page-entered value did the same to every later call of that caller.
func TestDecisionsReadTheAnswerAsReceived(t *testing.T) {
	created := func(t *testing.T, h *harness, name, value string) {
		t.Helper()
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": name, "value": value})
		if res.IsError {
			t.Errorf("set_secret %s = %q failed: %s", name, value, everything(res))
			return
		}
		mustContain(t, "set_secret "+value, everything(res), "Secret `"+name+"` created", `"action":"created"`)
		if list := h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}); !strings.Contains(list, name) {
			t.Errorf("%s not stored: %s", name, list)
		}
	}
	t.Run("set_secret creates whatever the value spells", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		for i, v := range []string{"secret", "Found", "not", "Secret not found", "SECRET NOT FOUND"} {
			created(t, h, fmt.Sprintf("NEW_ONE_%d", i), v)
		}
	})
	t.Run("after a value entered on the page", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		args := map[string]any{"name": "pg-entered", "spicepod": fmt.Sprintf(podWithPGPass, "pg-entered")}
		res := h.call(t, "create_and_deploy_app", args)
		(&page{}).answer(t, linkIn(t, res), url.Values{"decision": {"store"}, "secret-PG_PASS": {"secret"}})
		h.call(t, "create_and_deploy_app", args) // picks the outcome up
		created(t, h, "OTHER_ONE", "another-value-1")
	})
	t.Run("a failed deployment's remedy", func(t *testing.T) {
		// The call's value "image" is redacted from the error_message shown; the remedy is
		// chosen from the message as received ("Failed to pull container image").
		answers := imagePullFails()
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": "pg-image", "spicepod": fmt.Sprintf(podWithPGPass, "pg-image"),
			"secrets": map[string]any{"PG_PASS": "image"}})
		mustContain(t, "failed deployment", everything(res), "Failed to pull container [REDACTED]", "The runtime image could not be pulled")
	})
	t.Run("the remedy", func(t *testing.T) {
		secrets := regexp.MustCompile(`/secrets$`)
		for _, c := range []struct{ value, body, remedy string }{
			{"secret", `{"error":"Secret not found"}`, "List the app's secrets with list_secrets to see the exact, case-sensitive names"},
			{"name", `{"error":"Validation failed","details":{"fieldErrors":{"name":["Invalid secret name"]}}}`,
				"Secret names must start with a letter or underscore"},
		} {
			status := 404
			if strings.Contains(c.body, "fieldErrors") {
				status = 400
			}
			answers := []canned{{method: "POST", path: secrets, status: status, body: c.body}}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
			res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "ANY_NAME", "value": c.value})
			if !res.IsError {
				t.Fatalf("%s: no error: %s", c.value, everything(res))
			}
			mustContain(t, "remedy with value "+c.value, everything(res), c.remedy, "[REDACTED]")
		}
	})
}

// TestEchoedNameShownAsSent: a secret's name the API echoes unchanged is the caller's own
// argument and is shown as sent, even when it holds the value in another case
// (POSTGRES_PASSWORD for "postgres"); a name that differs from the one sent is still redacted
// (TestCallValuesRedactedFromWhatTheCallShows).
func TestEchoedNameShownAsSent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, c := range [][2]string{{"POSTGRES_PASSWORD", "postgres"}, {"DB_PASSWORD", "password"}, {"MY_SECRET", "secret"}, {"API_TOKEN", "token"}} {
		for range 2 { // created, then updated
			res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": c[0], "value": c[1]})
			all := everything(res)
			mustContain(t, c[0], all, "Secret `"+c[0]+"` ", `"name":"`+c[0]+`"`)
			if strings.Contains(all, "REDACTED") {
				t.Errorf("%s: %s", c[0], all)
			}
		}
		res := h.call(t, "get_secret", map[string]any{"app": "analytics-app", "name": c[0]})
		mustContain(t, "get_secret "+c[0], everything(res), `"name":"`+c[0]+`"`)
	}
}

// imagePullFails are an API's answers for a deployment (4243) that is created queued, then
// found failed because its runtime image could not be pulled, with no instance.
func imagePullFails() []canned {
	dep := `{"id":4243,"status":"%s","created_at":"2026-11-22T12:00:00Z","image_tag":"2.3.2","replicas":1,"creation_source":"api",` +
		`"error_code":%s,"error_message":%s}`
	return []canned{
		{method: "POST", path: regexp.MustCompile(`/deployments$`), status: 201, body: fmt.Sprintf(dep, "queued", "null", "null")},
		{method: "GET", path: regexp.MustCompile(`/deployments/4243$`), status: 200,
			body: fmt.Sprintf(dep, "failed", `"unable_to_start"`, `"Failed to pull container image"`)},
		{method: "GET", path: regexp.MustCompile(`/instances$`), status: 200, body: `{"instances":[]}`},
	}
}
