package mcpserver_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 63 words2: one way to write each thing across tool results.

// TestR63Words2RefusalsOpenAlike: a refusal of arguments found before anything was sent opened
// three ways — "Unknown argument …", "Invalid argument channel: …", "Argument … is given twice"
// (the decoder's) and "Invalid arguments, nothing was sent: …" (a tool's rules). Every one now
// opens with the last, then names the field; the decoder's as well as the rules'.
func TestR63Words2RefusalsOpenAlike(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const open = "Invalid arguments, nothing was sent: "
	for _, c := range []struct{ tool, args, field string }{
		{"check_health", `{"verbose":true}`, `"verbose"`},
		{"list_apps", `{"limit":5}`, `"limit"`},
		{"list_container_images", `{"channel":3}`, "channel"},
		{"update_app", `{"app":"docs-search","replicas":"two"}`, "replicas"},
		{"delete_app", `{"app":"docs-search","app":"analytics-app"}`, `"app"`},
		{"list_apps", `["org"]`, "expected a JSON object"},
		{"get_app", `{"app":true}`, "app"},
		{"update_app", `{"app":"docs-search","description":"x\ud800y"}`, "description"},
		{"update_app", `{"app":"docs-search","resources":{"limits":{"cpus":"2"}}}`, "resources.limits.cpus"},
		// The rules' refusals, as before.
		{"create_app", `{"name":"ab"}`, "name"},
		{"list_deployments", `{"app":"analytics-app","limit":101}`, "limit"},
		{"get_api_keys", `{}`, "app"},
	} {
		res := h.callRaw(t, c.tool, c.args)
		got := text(res)
		if !res.IsError || !strings.HasPrefix(got, open+c.field) {
			t.Errorf("%s %s: want a refusal opening %q then the field %s:\n%s", c.tool, c.args, open, c.field, got)
		}
	}
}

// TestR63Words2RefusedChangesSayNothingWasChanged: a change refused by the API (401, 403) said
// "This request was refused, so it was not carried out: it changed nothing." where a refusal by
// policy, a declined question and a confirm that does not match say "Nothing was changed.": one
// phrase for one fact, whoever refused.
func TestR63Words2RefusedChangesSayNothingWasChanged(t *testing.T) {
	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	agent.emu.InjectFault(sandbox.Fault{Operation: api.DeleteProject.ID, Status: 403})
	declined := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
	}})
	results := map[string]string{
		"the API's 403":         agent.fail(t, "delete_app", map[string]any{"app": "docs-search", "confirm": "docs-search"}),
		"a confirm mismatch":    agent.fail(t, "delete_app", map[string]any{"app": "docs-search", "confirm": "analytics-app"}),
		"a declined question":   declined.fail(t, "pause_app", map[string]any{"app": "analytics-app"}),
		"the owner not removed": declined.fail(t, "remove_member", map[string]any{"member": "alice"}),
	}
	for what, out := range results {
		if !strings.Contains(strings.ToLower(out), "nothing was changed") || strings.Contains(out, "changed nothing") {
			t.Errorf("%s: want \"nothing was changed\", as every refused change says it:\n%s", what, out)
		}
	}
}

// TestR63Words2StructuredCarriesTextFacts: structured content is what some clients show instead of
// the text, so the facts the text states are in it too. get_api_keys' text said how clients use a
// key (the x-api-key header at the app's endpoint), its structured content did not. Checked on
// every tool's examples and result cases with structured content: how keys are used and the
// storage warning, as the text words them.
func TestR63Words2StructuredCarriesTextFacts(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, tool := range tools.All() {
		cases := append([]resultCase{{name: "example: valid arguments", args: tool.Examples.Valid}}, resultCases[tool.Name]...)
		for _, c := range cases {
			res := runSchemaCase(t, tool.Name, c)
			if res.StructuredContent == nil || res.IsError {
				continue
			}
			raw, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatal(err)
			}
			structured, shown := string(raw), strings.ReplaceAll(text(res), "`", "")
			what := tool.Name + ", " + c.name
			for _, line := range strings.Split(shown, "\n") {
				if strings.Contains(line, "x-api-key") || strings.HasPrefix(line, "⚠️") {
					if q := strconv.Quote(line); !strings.Contains(structured, q[1:len(q)-1]) {
						t.Errorf("%s: the text says %q, the structured content does not:\n%s", what, line, structured)
					}
				}
			}
		}
	}
}

// TestR63Words2AppWrittenOneWay: an app was "**analytics-app** (ID 101)" on a card (and "Forked
// from: analytics-app (ID 101)") but "analytics-app (101)" in every other place: steps, tables,
// refusals, approvals, headings. Every result now writes it the second way, the card's name bold.
func TestR63Words2AppWrittenOneWay(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-staging"})
	results := map[string]string{
		"get_app":               h.ok(t, "get_app", map[string]any{"app": "analytics-app"}),
		"describe_app":          h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}),
		"update_app":            h.ok(t, "update_app", map[string]any{"app": "analytics-app", "description": "r63"}),
		"a fork's card":         h.ok(t, "get_app", map[string]any{"app": "analytics-staging"}),
		"create_app":            h.ok(t, "create_app", map[string]any{"name": "r63-app"}),
		"create_and_deploy_app": h.ok(t, "create_and_deploy_app", map[string]any{"name": "r63-deployed", "spicepod": "version: v1\nkind: Spicepod\nname: r63\n"}),
		"list_deployments":      h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}),
		"get_api_keys":          h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"}),
		"an unknown app":        h.fail(t, "get_app", map[string]any{"app": "analytcs-app"}),
	}
	idWord := regexp.MustCompile(`\(ID \d+\)`)
	for what, out := range results {
		if m := idWord.FindString(out); m != "" {
			t.Errorf("%s writes %q, where every result writes an app as analytics-app (101):\n%s", what, m, out)
		}
	}
	mustContain(t, "get_app", results["get_app"], "**analytics-app** (101) — https://analytics-app.spice.ai\n")
	mustContain(t, "a fork's card", results["a fork's card"], "- Forked from: analytics-app (101)\n")
	mustContain(t, "create_and_deploy_app", results["create_and_deploy_app"], "**r63-deployed** (", ") — https://r63-deployed.spice.ai\n")
	mustContain(t, "list_deployments", results["list_deployments"], "of analytics-app (101)")
	mustContain(t, "an unknown app", results["an unknown app"], "analytics-app (101)")
}

// TestR63Words2DeployStepsDoNotRepeatTheHeadline: create_and_deploy_app's headline names the app
// and its ID ("**combo-app** (105) — URL"), and its "create app" step said it again ("created
// combo-app (105) in us-west-2"). The step says what only it says, the region; where a run stops
// with no headline, what it changed still names the app and its ID.
func TestR63Words2DeployStepsDoNotRepeatTheHeadline(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: r63\n"
	done := h.ok(t, "create_and_deploy_app", map[string]any{"name": "r63-combo", "spicepod": pod})
	id := h.appID(t, "r63-combo")
	label := "r63-combo (" + strconv.FormatInt(id, 10) + ")"
	mustContain(t, "deployed", done, "**r63-combo** ("+strconv.FormatInt(id, 10)+") — ", "| create app | created in us-west-2 |")
	if strings.Contains(done, label) {
		t.Errorf("the steps repeat the headline's %s:\n%s", label, done)
	}
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 403})
	stopped := h.fail(t, "create_and_deploy_app", map[string]any{"name": "r63-stopped", "spicepod": pod})
	mustContain(t, "stopped", stopped, "| create app | created in us-west-2 |", "This run changed: created r63-stopped (")
}
