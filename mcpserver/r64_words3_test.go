package mcpserver_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 64 words3: text and structured content say the same facts, once.

// r64Words3AppRef is an app as every text writes it: analytics-app (101), its name bold on a card.
var r64Words3AppRef = regexp.MustCompile(`([a-z0-9][a-z0-9-]*)(?:\*\*)? \((\d+)\)`)

// TestR64Words3StructuredNamesTheApp: a deployment, secret, key, instance, log, fork list or
// repository result named its app in the text ("deployment 1003 of analytics-app (101)") and not
// in structured content, so an agent chaining calls from structured content alone had no app to
// pass. The app the text names first is in structured content as app_id, in every tool; an
// app's own view has it as id (get_app, create_app, fork_app), describe_app under app.id, and
// fork_app names the source app as the API does, forked_from.id.
func TestR64Words3StructuredNamesTheApp(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	checked := map[string]bool{}
	for _, tool := range tools.All() {
		cases := append([]resultCase{{name: "example: valid arguments", args: tool.Examples.Valid}}, resultCases[tool.Name]...)
		for _, c := range cases {
			res := runSchemaCase(t, tool.Name, c)
			if res.StructuredContent == nil {
				continue
			}
			m := r64Words3AppRef.FindStringSubmatch(text(res))
			if m == nil {
				continue
			}
			raw, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatal(err)
			}
			var top struct {
				AppID *int64 `json:"app_id"`
				ID    *int64 `json:"id"`
				Name  string `json:"name"`
				App   *struct {
					ID int64 `json:"id"`
				} `json:"app"`
				ForkedFrom *struct {
					ID int64 `json:"id"`
				} `json:"forked_from"`
				Cut string `json:"cut"`
			}
			if err := json.Unmarshal(raw, &top); err != nil {
				t.Fatal(err)
			}
			if top.Cut != "" {
				continue
			}
			id, _ := strconv.ParseInt(m[2], 10, 64)
			switch {
			case top.AppID != nil:
				if *top.AppID != id {
					t.Errorf("%s, %s: the text names %s, structured content has app_id %d", tool.Name, c.name, m[0], *top.AppID)
				}
			case top.ID != nil && top.Name == m[1] && *top.ID == id: // the app's own view
			case top.App != nil && top.App.ID == id: // describe_app
			case top.ForkedFrom != nil && top.ForkedFrom.ID == id: // fork_app: "Forked analytics-app (101) into …"
			default:
				t.Errorf("%s, %s: the text names %s, structured content has no app_id:\n%s", tool.Name, c.name, strings.TrimSuffix(m[0], "**"), raw)
			}
			checked[tool.Name] = true
		}
	}
	// The rule reached the tools whose results are about something of an app.
	for _, name := range []string{"get_deployment", "wait_for_deployment", "create_deployment", "rollback_deployment",
		"list_deployments", "get_secret", "list_secrets", "set_secret", "get_api_keys", "regenerate_api_key",
		"rotate_api_keys", "list_instances", "get_instance_logs", "list_forks", "connect_repository", "create_and_deploy_app"} {
		if !checked[name] {
			t.Errorf("%s: no result case names an app in text with structured content beside it", name)
		}
	}
}

// TestR64Words3RefusalsCarryNoStructuredContent: a refusal — of arguments, before anything is
// sent, or the API's error — is text alone, in every tool: its facts (the field and the rule, the
// status and the API's code) are in the text's fixed form, "Invalid arguments, nothing was sent:
// FIELD: RULE" or "Spice.ai API error STATUS …", since clients drop structured content from an
// error result or validate it against the tool's outputSchema, which a refusal's facts would
// not match. Only an error that is a partial outcome carries the tool's own structured content
// (README: Tools): create_and_deploy_app's steps, whoami's view.
func TestR64Words3RefusalsCarryNoStructuredContent(t *testing.T) {
	partial := map[string]bool{"create_and_deploy_app": true, "whoami": true}
	args := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, outputSchemas: true, inProcess: true})
	api := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, outputSchemas: true, inProcess: true,
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	api.emu.InjectFault(sandbox.Fault{Status: 403, Code: "forbidden", Times: -1})
	apiRefused := 0
	for _, tool := range tools.All() {
		refused := args.call(t, tool.Name, tool.Examples.Invalid)
		if !refused.IsError || !strings.HasPrefix(text(refused), "Invalid arguments, nothing was sent: ") {
			t.Errorf("%s %v: want an argument refusal:\n%s", tool.Name, tool.Examples.Invalid, text(refused))
		}
		if refused.StructuredContent != nil {
			t.Errorf("%s: an argument refusal carries structured content %v", tool.Name, refused.StructuredContent)
		}
		failed := api.call(t, tool.Name, tool.Examples.Valid)
		if !failed.IsError {
			continue // a tool that reads no API on these arguments
		}
		apiRefused++
		if !strings.Contains(text(failed), "403") {
			t.Errorf("%s: the API's 403 is not in the text:\n%s", tool.Name, text(failed))
		}
		if failed.StructuredContent != nil && !partial[tool.Name] {
			t.Errorf("%s: the API's refusal carries structured content %v", tool.Name, failed.StructuredContent)
		}
	}
	if n := len(tools.All()); apiRefused < n-2 {
		t.Errorf("only %d of %d tools were refused by the API's 403", apiRefused, n)
	}
}

// TestR64Words3EmptyListsSayItOneWay: an app's empty list opened two ways — "analytics-app (101)
// has no forks", "… has no runtime instances", "… has no deployments yet, so there is nothing
// to wait for" but "No secrets on docs-search (102)" and "No deployments of docs-search (102)
// yet". Each now opens with the app: "docs-search (102) has no …".
func TestR64Words3EmptyListsSayItOneWay(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true})
	app := map[string]any{"app": "docs-search"}
	for _, tool := range []string{"list_forks", "list_secrets", "list_deployments", "list_instances"} {
		if got := h.ok(t, tool, app); !strings.HasPrefix(got, "docs-search (102) has no ") {
			t.Errorf("%s: want an empty list opening \"docs-search (102) has no \":\n%s", tool, got)
		}
	}
	if got := h.fail(t, "wait_for_deployment", app); !strings.HasPrefix(got, "docs-search (102) has no deployments yet") {
		t.Errorf("wait_for_deployment: want \"docs-search (102) has no deployments yet\":\n%s", got)
	}
}

// TestR64Words3ComputeLimitsOneWay: the Enterprise plan's private compute read "16 vCPU, 64 Gi
// memory per container" in get_limits and "16 CPUs and 64Gi of memory" in update_app's plan
// remedy: one fact, two spellings of each unit. Both now say "16 CPUs" and "64Gi of memory",
// the memory as resources.limits takes it.
func TestR64Words3ComputeLimitsOneWay(t *testing.T) {
	limits := text(runSchemaCase(t, "get_limits", resultCase{args: map[string]any{"org": "acme-labs"}}))
	remedy := text(runSchemaCase(t, "update_app", resultCase{args: map[string]any{"app": "docs-search", "replicas": 6}, sandbox: true}))
	for what, got := range map[string]string{"get_limits": limits, "update_app's remedy": remedy} {
		mustContain(t, what, got, "16 CPUs", "64Gi of memory")
	}
}

// TestR64Words3WhoamiApprovalSaysWhatTheNextCallNeeds: whoami's approval line is --help's list
// of what asks first (present.ApprovedActions, one source) and the mode: what an agent's next
// call of one of those needs — a confirm argument under agent, a link shown to the user under
// human, nothing under off. Kept in every whoami result, since that call follows it (held).
func TestR64Words3WhoamiApprovalSaysWhatTheNextCallNeeds(t *testing.T) {
	for mode, next := range map[tools.ConfirmMode]string{
		tools.ConfirmAgent: "The agent confirms by passing the target's name in confirm",
		tools.ConfirmHuman: "on a one-time approval link the agent shows them; a confirm argument is ignored",
		tools.ConfirmOff:   "off (--confirm=off)",
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true, safety: tools.Safety{Confirm: mode}})
		mustContain(t, string(mode), h.ok(t, "whoami", nil), "\n- Approval of "+present.ApprovedActions+": ", next)
	}
}

// TestR64Words3DescribeDoesNotRepeatItsHeading: describe_app's recent deployments under the
// card's heading read "3 deployments, newest first" without the app, but none read "docs-search
// (102) has no deployments yet", naming the app its heading names. Empty, the section says
// "No deployments yet." as a list with items leaves the app to the heading.
func TestR64Words3DescribeDoesNotRepeatItsHeading(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true})
	got := h.ok(t, "describe_app", map[string]any{"app": "docs-search"})
	_, section, _ := strings.Cut(got, "**Recent deployments**\n\n")
	if !strings.HasPrefix(section, "No deployments yet.") || strings.Count(got, "docs-search (102)") > 0 {
		t.Errorf("want the section to open \"No deployments yet.\" and the app named once, by the heading:\n%s", got)
	}
}
