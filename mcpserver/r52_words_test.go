package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR52WordsRegenerateOneKeyShowsOnlyTheNewKey: regenerate_api_key of one key shows the key it
// made, in text and structured content alike, not the one it left alone (a second copy of a
// credential nobody asked for), and says plainly that the one left alone is still valid.
func TestR52WordsRegenerateOneKeyShowsOnlyTheNewKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, tc := range []struct {
		key       int
		unchanged string
	}{
		{1, "Secondary (`api_key_2`): unchanged and still valid"},
		{2, "Primary (`api_key`): unchanged and still valid"},
	} {
		p0, s0 := emulatorKeys(t, h)
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": tc.key, "confirm": "analytics-app"})
		if res.IsError {
			t.Fatalf("key %d: %s", tc.key, text(res))
		}
		p1, s1 := emulatorKeys(t, h)
		kept, made := s0, p1
		if tc.key == 2 {
			kept, made = p0, s1
		}
		got := text(res)
		if strings.Contains(everything(res), kept) {
			t.Errorf("key %d: the result repeats the key it did not change:\n%s", tc.key, everything(res))
		}
		if !strings.Contains(got, made) {
			t.Errorf("key %d: the text lacks the new key:\n%s", tc.key, got)
		}
		mustContain(t, "regenerate_api_key", got, tc.unchanged)
		var out struct {
			Warning   string `json:"warning"`
			APIKey    string `json:"api_key"`
			APIKey2   string `json:"api_key_2"`
			Unchanged string `json:"unchanged"`
		}
		structured(t, res, &out)
		if out.Warning == "" || (out.APIKey != made && out.APIKey2 != made) {
			t.Errorf("key %d: structured content lacks the warning or the new key: %+v", tc.key, out)
		}
		if !strings.Contains(out.Unchanged, "still valid") {
			t.Errorf("key %d: structured content does not say which key is still valid: %+v", tc.key, out)
		}
	}
}

// TestR52WordsRotationStructuredCarriesOnlyTheNewKey: each rotation step's structured content
// carries the key it made and says which one is unchanged, as its text does, with the warning.
func TestR52WordsRotationStructuredCarriesOnlyTheNewKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	p0, _ := emulatorKeys(t, h)
	start := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"})
	_, s1 := emulatorKeys(t, h)
	finish := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"})
	checkStep := func(step, kept, unchangedField string, all string, unchanged string) {
		t.Helper()
		if strings.Contains(all, kept) {
			t.Errorf("%s: the result repeats the key it did not change:\n%s", step, all)
		}
		if !strings.Contains(unchanged, "`"+unchangedField+"`") || !strings.Contains(unchanged, "still valid") {
			t.Errorf("%s: structured unchanged = %q, want it to name %s as still valid", step, unchanged, unchangedField)
		}
	}
	var out struct {
		Warning   string `json:"warning"`
		Unchanged string `json:"unchanged"`
	}
	structured(t, start, &out)
	if out.Warning == "" {
		t.Error("start: no warning")
	}
	checkStep("start", p0, "api_key", everything(start), out.Unchanged)
	out.Unchanged = ""
	structured(t, finish, &out)
	checkStep("finish", s1, "api_key_2", everything(finish), out.Unchanged)
}

// TestR52WordsMemberResultsNameTheOrganization: every member result names the organization it
// is about, whether the org argument chose it or the call acted in the default one, so an
// operator with several organizations sees which one; structured content carries it as org.
func TestR52WordsMemberResultsNameTheOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, org := range []string{"", "acme-labs"} {
		with := func(args map[string]any) map[string]any {
			if org != "" {
				args["org"] = org
			}
			return args
		}
		for _, tc := range []struct {
			tool string
			args map[string]any
		}{
			{"list_members", map[string]any{}},
			{"add_member", map[string]any{"username": "jdoe", "roles": []any{"viewer"}}},
			{"get_member", map[string]any{"member": "jdoe"}},
			{"update_member_roles", map[string]any{"member": "jdoe", "roles": []any{"member"}, "confirm": "jdoe"}},
			{"remove_member", map[string]any{"member": "jdoe", "confirm": "jdoe"}},
		} {
			res := h.call(t, tc.tool, with(tc.args))
			got := text(res)
			if res.IsError {
				t.Fatalf("%s org %q: %s", tc.tool, org, got)
			}
			var out struct {
				Org string `json:"org"`
			}
			structured(t, res, &out)
			// The sandbox's token is opaque and a member of two organizations: without org, only
			// the API knows which it acts in, and the result says whose it is without guessing.
			want := "organization " + org
			if org == "" {
				want = "the token's own organization"
			}
			if !strings.Contains(got, want) || out.Org != org {
				t.Errorf("%s org %q: the result does not name %s (structured org %q):\n%s", tc.tool, org, want, out.Org, got)
			}
		}
	}
}

// TestR52WordsMemberResultsNameTheDefaultOrganization: with SPICE_ORG set and no org argument,
// member results name SPICE_ORG's organization.
func TestR52WordsMemberResultsNameTheDefaultOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "acme-labs"})
	res := h.call(t, "list_members", map[string]any{})
	var out struct {
		Org string `json:"org"`
	}
	structured(t, res, &out)
	if got := text(res); !strings.HasPrefix(got, "3 members in organization acme-labs; its owner is carol (user 5):") || out.Org != "acme-labs" {
		t.Errorf("list_members under SPICE_ORG=acme-labs (structured org %q):\n%s", out.Org, got)
	}
	mustContain(t, "get_member", h.ok(t, "get_member", map[string]any{"member": "bob"}), "bob (user 2) in organization acme-labs:")
}

// TestR52WordsFailedInstanceLogsNameTheNextCalls: the logs of an instance that failed to start
// end with what an operator does next: the deployments (a failed one's error code and fix), the
// spicepod it runs, the secrets set, and the call that deploys again once the cause is fixed. A
// ready instance's logs name none of them.
func TestR52WordsFailedInstanceLogsNameTheNextCalls(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "get_instance_logs", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "instance": "fraud-scoring-a7e7f959-8nlxl"})
	mustContain(t, "failed instance", got, "This instance failed.",
		"`list_deployments {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"limit\":3}`",
		"`get_app {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\"}`",
		"`list_secrets {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\"}`",
		"`create_deployment {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\"}`")
	ready := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if strings.Contains(ready, "list_secrets") || strings.Contains(ready, "create_deployment") {
		t.Errorf("a ready instance's logs name next steps:\n%s", ready)
	}
	// Hidden tools are not offered as calls.
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_secrets", "create_deployment"}}})
	got = hidden.ok(t, "get_instance_logs", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "instance": "fraud-scoring-a7e7f959-8nlxl"})
	if strings.Contains(got, "`list_secrets {") || strings.Contains(got, "`create_deployment {") {
		t.Errorf("a hidden tool is named as a call:\n%s", got)
	}
	mustContain(t, "hidden", got, "`get_app {", "create_deployment (not available here)")
}

// TestR52WordsNoBareRequired: a missing or empty argument is refused with what to send, never a
// bare "Required" (nor "Username is required", "Spicepod is empty"): every tool called with no arguments, and the
// arguments that were bare, sent empty.
func TestR52WordsNoBareRequired(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	bare := regexp.MustCompile(`: Required(;|$|,)|is required|Spicepod is empty`)
	check := func(tool string, args map[string]any) string {
		t.Helper()
		res := h.call(t, tool, args)
		got := text(res)
		if res.IsError && bare.MatchString(got) {
			t.Errorf("%s %v: a bare Required:\n%s", tool, args, got)
		}
		return got
	}
	for _, tool := range h.listTools(t) {
		check(tool.Name, map[string]any{})
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_secret", map[string]any{"app": "analytics-app"}, "name: Required: the secret's name"},
		{"set_secret", map[string]any{"app": "analytics-app", "name": ""}, "name: Required: the secret's name"},
		{"delete_secret", map[string]any{"app": "analytics-app", "name": nil}, "name: Required: the secret's name"},
		{"update_member_roles", map[string]any{"member": "bob"}, "roles: Required: at least one role"},
		{"add_member", map[string]any{"username": ""}, "username: Required: the Spice.ai username"},
		{"add_member", map[string]any{"username": "  "}, "username: Required: the Spice.ai username"},
		{"update_app", map[string]any{"app": "analytics-app", "spicepod": "  "}, "spicepod: empty\nWhat to do: Send the spicepod as YAML text or an object, or leave spicepod out"},
	} {
		mustContain(t, tc.tool, check(tc.tool, tc.args), tc.want)
	}
}

// TestR52WordsDeploymentIDThatIsTheAppsID: a deployment_id that is the app's own ID (a number of
// the wrong kind) is named as such, beside the call that lists the deployments' IDs.
func TestR52WordsDeploymentIDThatIsTheAppsID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tool := range []string{"get_deployment", "wait_for_deployment"} {
		got := h.fail(t, tool, map[string]any{"app": "analytics-app", "deployment_id": 101})
		mustContain(t, tool, got, "101 is the app's own ID, not a deployment's.", "`list_deployments {\"app\":\"analytics-app\"}`")
	}
	if got := h.fail(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 999}); strings.Contains(got, "own ID") {
		t.Errorf("a deployment_id other than the app's is called the app's ID:\n%s", got)
	}
}

// TestR52WordsEnumInAnotherCaseSaysWhichValue: a value that differs from an allowed one only in
// case ("Start", "Private", "Admin") is refused with the value to send, not only the list; the
// emulator's own 400 keeps the API's words.
func TestR52WordsEnumInAnotherCaseSaysWhichValue(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "Start"}, "step: must be start or finish; got 'Start' (case matters: start)"},
		{"update_app", map[string]any{"app": "analytics-app", "visibility": "PRIVATE"}, "got 'PRIVATE' (case matters: private)"},
		{"add_member", map[string]any{"username": "jdoe", "roles": []any{"Admin"}}, "got 'Admin' (case matters: admin)"},
	} {
		mustContain(t, tc.tool, h.fail(t, tc.tool, tc.args), tc.want)
	}
	if got := h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "middle"}); strings.Contains(got, "did you mean") {
		t.Errorf("a value matching none is given a guess:\n%s", got)
	}
}
