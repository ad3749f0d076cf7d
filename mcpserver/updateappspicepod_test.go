package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestUpdateAppRefusesASpicepodThatCannotDeploy (audit r24b): update_app stored a spicepod
// without version, kind or name ({}, "{}", {"version":"v1"}, "version: v1") and offered
// create_deployment, which the API then refused ("Invalid spicepod configuration"). It is
// refused before anything is sent, naming spicepod and the rule in create_and_deploy_app's
// words (rules.SpicepodProblem).
//
// Audit r25: a `version: v1beta1` spicepod was stored and created, and its deployment failed
// unable_to_start (runtime v2 removed v1beta1; api/README §1): refused the same way, saying
// what to change, since no published runtime reads it (pinning image_tag cannot help).
func TestUpdateAppRefusesASpicepodThatCannotDeploy(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	for _, tc := range []struct{ args, want string }{
		{`{"app":"analytics-app","spicepod":{}}`, "spicepod: must have version, kind, name"},
		{`{"app":"analytics-app","spicepod":"{}"}`, "spicepod: must have version, kind, name"},
		{`{"app":"analytics-app","spicepod":{"version":"v1"}}`, "spicepod: must have kind, name"},
		{`{"app":"analytics-app","spicepod":"version: v1\n"}`, "spicepod: must have kind, name"},
		{`{"app":"analytics-app","spicepod":"version: v1\nkind: Dataset\nname: a\n"}`, "spicepod: kind must be Spicepod, got Dataset"},
		// audit r25: v1beta1, which runtime v2 (every published one) does not start on.
		{`{"app":"analytics-app","spicepod":"version: v1beta1\nkind: Spicepod\nname: docs-search\n"}`, v1beta1Refusal},
		{`{"app":"analytics-app","spicepod":{"version":"v1beta1","kind":"Spicepod","name":"old-pod"}}`, v1beta1Refusal},
	} {
		res := h.callRaw(t, "update_app", tc.args)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.args, text(res))
			continue
		}
		mustContain(t, tc.args, text(res), tc.want)
		// The same words as create_and_deploy_app's for the same spicepod.
		cd := h.callRaw(t, "create_and_deploy_app", strings.Replace(tc.args, `"app":"analytics-app"`, `"name":"analytics-app"`, 1))
		if !cd.IsError {
			t.Errorf("create_and_deploy_app %s: want an error, got: %s", tc.args, text(cd))
			continue
		}
		mustContain(t, "create_and_deploy_app "+tc.args, text(cd), tc.want)
	}
	wantNoNewCalls(t, h, before)
}

// v1beta1Refusal is the refusal of a v1beta1 spicepod (present.SpicepodVersionRemoved).
const v1beta1Refusal = "spicepod: version v1beta1 is not supported by runtime v2 (removed in v2.0.0), " +
	"and every published runtime is v2.x: change the spicepod to version: v1"

// TestUpdateAppNullAloneIsNotNothingToUpdate (audit r24b): a field sent as null was refused
// with "app: Nothing to update: pass at least one field..." besides its own refusal, though a
// field was passed. Only the field's own refusal is shown; with no field at all, "Nothing to
// update" stays.
func TestUpdateAppNullAloneIsNotNothingToUpdate(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	for _, tc := range []struct{ args, want string }{
		{`{"app":"analytics-app","spicepod":null}`, "spicepod: null is not a value here: a spicepod cannot be cleared"},
		{`{"app":"analytics-app","replicas":null}`, "replicas: null is not a value here"},
		{`{"app":"analytics-app","description":null,"tags":null}`, "description: null is not a value here"},
	} {
		res := h.callRaw(t, "update_app", tc.args)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", tc.args, text(res))
			continue
		}
		mustContain(t, tc.args, text(res), tc.want)
		if strings.Contains(text(res), "Nothing to update") {
			t.Errorf("%s: a field was passed, yet: %s", tc.args, text(res))
		}
	}
	for _, args := range []string{`{"app":"analytics-app"}`, `{"app":"analytics-app","org":null}`} {
		res := h.callRaw(t, "update_app", args)
		if !res.IsError {
			t.Errorf("%s: want an error, got: %s", args, text(res))
			continue
		}
		mustContain(t, args, text(res), "nothing was sent: Nothing to update: update_app needs app and at least one setting to change: ")
	}
	wantNoNewCalls(t, h, before)
}
