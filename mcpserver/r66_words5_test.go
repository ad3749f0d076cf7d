package mcpserver_test

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 66 words5: one voice across every result.

// TestR66Words5DeployUnknownSaysTheListOnce: create_and_deploy_app whose deploy request was
// queued but answered 502 named list_deployments three times: the step ("check
// list_deployments"), the remedy ("List the app's deployments … before deploying again") and
// the changes ("list_deployments shows it"), beside the re-run that looks for itself. The
// changes name it once; the next step is the re-run, and the re-run follows the deployment.
func TestR66Words5DeployUnknownSaysTheListOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, inProcess: true})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true})
	args := map[string]any{"name": "w5-lost", "spicepod": "version: v1\nkind: Spicepod\nname: w5-lost\n"}
	got := h.fail(t, "create_and_deploy_app", args)
	if n := strings.Count(got, "list_deployments") + strings.Count(got, "List the app's deployments"); n != 1 {
		t.Errorf("the app's deployments named %d times, want once:\n%s", n, got)
	}
	mustContain(t, "lost deploy", got, "| deploy | outcome unknown: a deployment may have started |",
		"may have started a deployment (list_deployments shows it)", "call create_and_deploy_app again with the same arguments")
	if strings.Count(got, "create_and_deploy_app again") != 1 {
		t.Errorf("the re-run suggested more than once:\n%s", got)
	}
	// What the result promises: the same call again finds the deployment and does not start another.
	again := h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "re-run", again, "Deployment 1008")
	if strings.Contains(again, "deployment 1009") || strings.Contains(again, "Deployment 1009") {
		t.Errorf("the re-run started another deployment:\n%s", again)
	}
}

// r66Words5ValueHidden is how results once said a secret's value is not shown, beside the
// wording kept (present.ValuesNeverShown): "will not be shown", "(value not shown)", "are never
// shown", "write-only".
var r66Words5ValueHidden = regexp.MustCompile(`(?i)will not be shown|values? not shown|are never shown|write-only`)

// r66Words5PresentTexts is every string literal of present/'s code (its tests left out), by place.
func r66Words5PresentTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	r65Words4InspectPresent(t, func(fset *token.FileSet, n ast.Node) {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				texts[fset.Position(lit.Pos()).String()] += s + "\n"
			}
		}
	})
	return texts
}

// TestR66Words5SecretValueNeverShownOneWay: that a secret's value is not shown was said three
// ways: set_secret's "will not be shown", list_secrets' and get_secret's "Secret values are
// write-only: they are never shown", describe_app's "(values are never shown)", and the steps'
// and the page's "(value not shown)" (for one secret entered on the page, "values not shown").
// Every tool that stores or lists secrets now says it one way, present.ValuesNeverShown's.
func TestR66Words5SecretValueNeverShownOneWay(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	for where, s := range r66Words5PresentTexts(t) {
		if m := r66Words5ValueHidden.FindString(s); m != "" {
			t.Errorf("%s: says %q", where, m)
		}
	}
	for file, shown := range r65Words4Goldens(t) {
		if m := r66Words5ValueHidden.FindString(shown); m != "" {
			t.Errorf("%s: says %q", file, m)
		}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, inProcess: true})
	app := map[string]any{"app": "analytics-app"}
	one, two := present.ValuesNeverShown(1), present.ValuesNeverShown(2)
	for _, c := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "W5_KEY", "value": "w5-value"}, one},
		{"get_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}, one},
		{"list_secrets", app, present.ValuesNeverShown(3)},
		{"describe_app", app, present.ValuesNeverShown(3)},
		{"create_and_deploy_app", map[string]any{"name": "w5-secrets", "secrets": map[string]any{"A_KEY": "a", "B_KEY": "b"},
			"spicepod": "version: v1\nkind: Spicepod\nname: w5-secrets\n", "wait": false}, "stored (" + one + ")"},
	} {
		out := h.ok(t, c.tool, c.args)
		mustContain(t, c.tool, out, c.want)
		if m := r66Words5ValueHidden.FindString(out); m != "" {
			t.Errorf("%s says %q:\n%s", c.tool, m, out)
		}
	}
	if one != "value never shown" || two != "values never shown" {
		t.Errorf("ValuesNeverShown: %q, %q", one, two)
	}
}

// TestR66Words5ManagedTagRuleOpensInLowerCase: the refusal of a created-by tag of the caller's
// read "tags.created-by: Set by this tool: created-by: spice-cloud-mcp marks …", a capital where
// every other rule after a field's name opens in lower case (TestR65Words4RulesOpenInLowerCase
// reads the rules that are constants; this one is a function), and the key said twice.
func TestR66Words5ManagedTagRuleOpensInLowerCase(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "w5-tagged", "tags": map[string]any{"created-by": "alice"},
		"spicepod": "version: v1\nkind: Spicepod\nname: w5-tagged\n"})
	_, rule, ok := strings.Cut(got, "tags.created-by: ")
	if !ok || !r65Words4RuleOpens(rule) {
		t.Errorf("the rule opens with a capital:\n%s", got)
	}
	if n := strings.Count(got, "created-by"); n != 1 {
		t.Errorf("created-by said %d times, want once (the field):\n%s", n, got)
	}
	mustContain(t, "managed tag", got, "spice-cloud-mcp", "update_app")
}

// TestR66Words5QuantitiesWithSeparators: results write a quantity of 1,000 or more with
// separators ("Showing apps 1–20 of 1,000", "12,345 bytes", "at most 1,024 characters"), but
// three wrote it bare: get_instance_logs' "at most 1000 log lines", timeout_seconds' "between 1
// and 1800 seconds" and get_limits' "API requests per second: 1000".
func TestR66Words5QuantitiesWithSeparators(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true})
	logs := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 1000000})
	mustContain(t, "get_instance_logs", logs, "at most 1,000 log lines")
	for _, tool := range []string{"wait_for_deployment", "resume_app"} {
		mustContain(t, tool, h.fail(t, tool, map[string]any{"app": "analytics-app", "timeout_seconds": 4000}),
			"timeout_seconds: must be between 1 and 1,800 seconds")
	}
	mustContain(t, "get_limits", present.Limits(&client.Limits{APIRPS: 1000, Replicas: 10}, "acme-labs", true),
		"API requests per second: 1,000", "Replicas per app: 10")
}

// r66Words5Result is one result a golden shows.
var r66Words5Result = regexp.MustCompile("(?s)\n## ([^\n]*)\n.*?````markdown\n(.*?)\n````")

// TestR66Words5RerunSuggestedOnce: no result suggests the same re-run of create_and_deploy_app
// twice. Out of time behind another call's deployment said "call create_and_deploy_app again
// with the same arguments (…)" and then, after the wait it offered instead, the same words again.
func TestR66Words5RerunSuggestedOnce(t *testing.T) {
	files, _ := filepath.Glob("testdata/results/*.md")
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range r66Words5Result.FindAllStringSubmatch(string(b), -1) {
			n := strings.Count(m[2], "create_and_deploy_app again with the same arguments")
			seen += n
			if n > 1 {
				t.Errorf("%s, %q: the re-run suggested %d times:\n%s", filepath.Base(f), m[1], n, m[2])
			}
		}
	}
	if seen < 3 {
		t.Errorf("only %d re-runs suggested in the goldens", seen)
	}
}
