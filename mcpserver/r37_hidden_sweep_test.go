package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r37SweepStep is one call of the sweep's script: a tool call, a resource read or a prompt.
type r37SweepStep struct {
	tool     string
	args     map[string]any
	resource string            // a resource URI to read instead of a tool call
	prompt   string            // a prompt to get instead of a tool call
	promptAs map[string]string // its arguments
}

// r37SweepScript covers the result texts of the demo organizations: reads of every kind (an app
// with no spicepod, a failed deployment, a paused app), errors (a missing app, refusals with a
// remedy), then writes, whose results name the next steps. ids are analytics-app's deployments,
// oldest first (1001 succeeded, 1002 failed, 1003 succeeded), and fraud-scoring's newest (failed).
func r37SweepScript(fraudFailed int64) []r37SweepStep {
	app := func(name string, more ...any) map[string]any {
		args := map[string]any{"app": name}
		if name == "fraud-scoring" || name == "nightly-etl" {
			args["org"] = "acme-labs"
		}
		for i := 0; i+1 < len(more); i += 2 {
			args[more[i].(string)] = more[i+1]
		}
		return args
	}
	call := func(tool string, args map[string]any) r37SweepStep { return r37SweepStep{tool: tool, args: args} }
	var s []r37SweepStep
	for _, tool := range []string{"whoami", "list_orgs", "check_health", "list_regions", "list_container_images", "get_limits", "list_members", "list_apps",
		"list_clusters"} {
		s = append(s, call(tool, map[string]any{}))
	}
	s = append(s, call("list_apps", map[string]any{"org": "acme-labs"}), call("list_clusters", map[string]any{"org": "acme-labs"}),
		call("list_members", map[string]any{"org": "acme-labs"}))
	for _, name := range []string{"analytics-app", "docs-search", "fraud-scoring", "nightly-etl", "no-such-app"} {
		for _, tool := range []string{"get_app", "describe_app", "list_deployments", "list_instances", "get_instance_logs",
			"wait_for_deployment", "list_secrets", "get_api_keys", "list_forks"} {
			s = append(s, call(tool, app(name)))
		}
	}
	s = append(s,
		call("list_deployments", app("analytics-app", "status", "queued")),
		call("list_deployments", app("analytics-app", "limit", 1)),
		call("get_deployment", app("analytics-app", "deployment_id", 1001)),
		call("get_deployment", app("analytics-app", "deployment_id", 1002)),
		call("get_deployment", app("analytics-app", "deployment_id", 1003)),
		call("get_deployment", app("analytics-app", "deployment_id", 999999)),
		call("get_deployment", app("fraud-scoring", "deployment_id", fraudFailed)),
		call("wait_for_deployment", app("analytics-app", "deployment_id", 1002)),
		call("get_secret", app("analytics-app", "name", "PG_PASS")),
		call("get_secret", app("analytics-app", "name", "NO_SUCH_SECRET")),
		call("get_instance_logs", app("fraud-scoring", "tail", 5)),
		call("get_member", map[string]any{"member": "no-such-member"}),
		// Refusals with a remedy.
		call("rollback_deployment", app("analytics-app", "deployment_id", 1002)),
		call("create_deployment", app("docs-search")),
		call("resume_app", app("analytics-app")),
		call("create_deployment", app("nightly-etl")),
		call("rollback_deployment", app("nightly-etl", "deployment_id", 1)),
		call("create_app", map[string]any{"name": "analytics-app"}),
		call("connect_repository", app("analytics-app", "repository", "analytics")),
		call("rotate_api_keys", app("docs-search", "step", "finish")), // no start step seen
		// Writes.
		call("create_app", map[string]any{"name": "sweep-new", "region": "us-west-2"}),
		call("get_app", app("sweep-new")),
		call("describe_app", app("sweep-new")),
		call("list_instances", app("sweep-new")),
		call("wait_for_deployment", app("sweep-new")),
		call("update_app", app("docs-search", "description", "Sweep")),
		call("set_secret", app("fraud-scoring", "name", "PG_PASSWORD", "value", "r37-sweep-value")),
		call("delete_secret", app("fraud-scoring", "name", "PG_PASSWORD")),
		call("fork_app", app("analytics-app", "name", "sweep-fork")),
		call("create_deployment", app("analytics-app")),
		call("get_deployment", app("analytics-app", "deployment_id", 1004)),
		call("wait_for_deployment", app("analytics-app")),
		call("create_deployment", app("fraud-scoring")),
		call("wait_for_deployment", app("fraud-scoring")),
		call("rollback_deployment", app("analytics-app", "deployment_id", 1001)),
		call("wait_for_deployment", app("analytics-app")),
		call("regenerate_api_key", app("analytics-app", "key_number", 2)),
		call("rotate_api_keys", app("analytics-app", "step", "start")),
		call("regenerate_api_key", app("analytics-app", "key_number", 2)),
		call("rotate_api_keys", app("analytics-app", "step", "finish")), // the start step's key replaced
		call("pause_app", app("analytics-app")),
		call("list_instances", app("analytics-app")),
		call("describe_app", app("analytics-app")),
		call("get_instance_logs", app("analytics-app")),
		call("create_deployment", app("analytics-app")),
		call("pause_app", app("analytics-app")),
		call("resume_app", app("analytics-app")),
		call("resume_app", app("nightly-etl", "wait", true)),
		call("create_and_deploy_app", map[string]any{"name": "sweep-deployed", "spicepod": "version: v1\nkind: Spicepod\nname: sweep-deployed\n"}),
		call("add_member", map[string]any{"username": "jdoe"}),
		call("update_member_roles", map[string]any{"member": "jdoe", "roles": []any{"viewer"}}),
		call("remove_member", map[string]any{"member": "jdoe"}),
		call("delete_app", app("sweep-new")),
		call("get_app", app("sweep-new")),
	)
	for _, uri := range []string{"spice://orgs", "spice://regions", "spice://container-images", "spice://apps",
		"spice://apps/analytics-app", "spice://apps/docs-search", "spice://apps/analytics-app/deployments",
		"spice://apps/docs-search/deployments", "spice://apps/analytics-app/instances", "spice://apps/docs-search/instances",
		"spice://apps/no-such-app"} {
		s = append(s, r37SweepStep{resource: uri})
	}
	for _, p := range []r37SweepStep{
		{prompt: "troubleshoot_deployment", promptAs: map[string]string{"app": "analytics-app"}},
		{prompt: "troubleshoot_deployment", promptAs: map[string]string{"app": "fraud-scoring", "org": "acme-labs"}},
		{prompt: "rotate_keys", promptAs: map[string]string{"app": "analytics-app"}},
		{prompt: "deploy_app", promptAs: map[string]string{"name": "sweep-prompted"}},
		{prompt: "audit_organization", promptAs: map[string]string{}},
	} {
		s = append(s, p)
	}
	return s
}

// r37SweepKnown are the places the sweep finds that are left as they are, each with why:
// tool → the step (as r37SweepStep.String) whose output may name it.
var r37SweepKnown = map[string][]string{}

func (s r37SweepStep) String() string {
	switch {
	case s.resource != "":
		return "resources/read " + s.resource
	case s.prompt != "":
		raw, _ := json.Marshal(s.promptAs)
		return "prompts/get " + s.prompt + " " + string(raw)
	}
	raw, _ := json.Marshal(s.args)
	return s.tool + " " + string(raw)
}

// run performs the step and returns every text it shows: the result's text and structured
// content, a resource's text, a prompt's messages, or the error.
func (s r37SweepStep) run(t *testing.T, h *harness) string {
	t.Helper()
	ctx := context.Background()
	switch {
	case s.resource != "":
		var req mcp.ReadResourceRequest
		req.Params.URI = s.resource
		res, err := h.mcp.ReadResource(ctx, req)
		if err != nil {
			return err.Error()
		}
		var b strings.Builder
		for _, c := range res.Contents {
			if tc, ok := c.(mcp.TextResourceContents); ok {
				b.WriteString(tc.Text + "\n")
			}
		}
		return b.String()
	case s.prompt != "":
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = s.prompt, s.promptAs
		res, err := h.mcp.GetPrompt(ctx, req)
		if err != nil {
			return err.Error()
		}
		var b strings.Builder
		for _, m := range res.Messages {
			if tc, ok := m.Content.(mcp.TextContent); ok {
				b.WriteString(tc.Text + "\n")
			}
		}
		return b.String()
	}
	res := h.call(t, s.tool, s.args)
	out := text(res)
	if res.StructuredContent != nil {
		out += "\n" + unescapedJSON(t, res.StructuredContent)
	}
	return out
}

// TestR37HiddenToolsNeverNamedAsUsable sweeps the result texts: with each tool of the catalogue
// excluded in turn (and with --read-only, every write tool), a script of calls covering the
// demo organizations' results, errors, resources and prompts, with credentials and without,
// never names a hidden tool but as not available (plainlyNamed).
func TestR37HiddenToolsNeverNamedAsUsable(t *testing.T) {
	t.Parallel() // its cases share nothing and bound no time: beside the parallel tests, not alone in the sequential phase
	type policyCase struct {
		name   string
		policy tools.Policy
		hidden []string
	}
	var cases []policyCase
	var writes []string
	for _, tl := range tools.All() {
		// A workflow that may send the excluded tool's change is hidden with it (round 53).
		excluded := tools.Policy{ExcludeTools: []string{tl.Name}}
		hidden := slices.DeleteFunc(tools.Names(), func(name string) bool { return slices.Contains(excluded.Offered(), name) })
		cases = append(cases, policyCase{"without " + tl.Name, excluded, hidden})
		if !tl.ReadOnly {
			writes = append(writes, tl.Name)
		}
	}
	cases = append(cases, policyCase{"read-only", tools.Policy{ReadOnly: true}, writes})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy, safety: tools.Safety{NoConfirm: true}, quietLogs: true, inProcess: true})
			api := r35API(t, h)
			acme := client.WithOrg(context.Background(), "acme-labs")
			apps, err := api.ListProjects(acme)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(apps, func(a client.ProjectSummary) bool { return a.Name == "fraud-scoring" })
			if i < 0 {
				t.Fatalf("no fraud-scoring in %v", apps)
			}
			deps, err := api.ListProjectDeployments(acme, apps[i].ID, client.ListDeploymentsOptions{Limit: 1})
			if err != nil || len(deps) == 0 {
				t.Fatalf("fraud-scoring's deployments: %v %v", deps, err)
			}
			check := func(h *harness, script []r37SweepStep) {
				for _, step := range script {
					if step.tool != "" && slices.Contains(tc.hidden, step.tool) {
						continue // hidden: not callable
					}
					out := step.run(t, h)
					for _, hidden := range tc.hidden {
						if r37PlainlyNamed(step, out, hidden) && !slices.Contains(r37SweepKnown[hidden], step.String()) {
							t.Errorf("%s: %s names the hidden %s as usable:\n%s", tc.name, step, hidden, r37Lines(out, hidden))
						}
					}
				}
			}
			script := r37SweepScript(deps[0].ID)
			check(h, script)
			// Without credentials every tool but check_health and whoami answers how to configure
			// them; those two still must name only the tools listed. That answer depends neither
			// on the arguments nor on the tool, so one tool stands for the rest
			// (r75Testtime16NoCredentialSteps).
			check(newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: tc.policy, safety: tools.Safety{NoConfirm: true}, quietLogs: true, inProcess: true}),
				r75Testtime16NoCredentialSteps(script, tc.hidden))
			for _, stage := range r38SweepStages() { // results the demo organizations do not reach
				check(newHarness(t, harnessOptions{cfg: stage.cfg, policy: tc.policy, safety: tools.Safety{NoConfirm: true}, quietLogs: true,
					upstream: stage.upstream}), stage.script)
			}
		})
	}
}

// r37PlainlyNamed is plainlyNamed but for the places that name a hidden tool to say it is
// hidden: a resource or prompt refused as "tool is not available: why.", and whoami's list of
// the hidden tools (its table and structured hidden_tools).
func r37PlainlyNamed(step r37SweepStep, out, tool string) bool {
	if !strings.Contains(out, tool) { // what follows only takes text away; its regexps cost most of the sweep under -race
		return false
	}
	out = regexp.MustCompile(`\b`+tool+` is not available: [^.]*\.`).ReplaceAllString(out, "")
	// The reason a workflow is hidden with it names it as not available (present.HiddenExcludedVia).
	out = strings.ReplaceAll(out, present.HiddenExcludedVia(tool), "")
	// A longer word holding the name (unset_secrets holds set_secret) is not the tool.
	out = regexp.MustCompile(`[a-z_]*`+tool+`[a-z_]*`).ReplaceAllStringFunc(out, func(w string) string {
		if w == tool {
			return w
		}
		return ""
	})
	if step.tool == "whoami" {
		// Its table names the tools hidden for one reason on one row (round 57): "| a, b | why |".
		lines := strings.Split(out, "\n")
		for i, line := range lines {
			if first, _, ok := strings.Cut(strings.TrimPrefix(line, "| "), " | "); ok && strings.HasPrefix(line, "| ") &&
				slices.Contains(strings.Split(first, ", "), tool) {
				lines[i] = ""
			}
		}
		out = strings.ReplaceAll(strings.Join(lines, "\n"), `"`+tool+`":"`, "")
	}
	return plainlyNamed(out, tool)
}

// r37Lines are the lines of out that name tool.
func r37Lines(out, tool string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, tool) {
			lines = append(lines, fmt.Sprintf("  | %s", l))
		}
	}
	return strings.Join(lines, "\n")
}
