package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Words14Imperative is a clause of a refusal that says what to do: the rule above the What
// to do line states what is wrong ("given twice"), the line what to do ("Send it once, …").
var r73Words14Imperative = regexp.MustCompile(`(?:^|[;:]\s+|,\s+or\s+)(?:send|use|give|leave|choose|correct|fix|call|try|remove|pass|ask)\s`)

// r73Words14Clause parts a What to do line into the clauses it asks for.
var r73Words14Clause = regexp.MustCompile(`[;:(),.]\s*|\s+or\s+|,?\s+then\s+`)

// r73Words14Once checks that a refusal says what to do once: in its What to do line (words13's
// form), none of whose clauses of three words or more — each a thing to do ("send only app,
// org", "use another key", "call get_app again") — is said in the text above it, and no
// "again." sentence stands there either, nor a clause that starts with what to do
// (r73Words14Imperative). It returns the line.
func r73Words14Once(t *testing.T, where, out string) string {
	t.Helper()
	remedy := r73Words13Form(t, where, out)
	if remedy == "" {
		return ""
	}
	body, _, _ := strings.Cut(out, "\nWhat to do: ")
	lower := strings.ToLower(body)
	for _, clause := range r73Words14Clause.Split(remedy, -1) {
		if clause = strings.ToLower(strings.TrimSpace(clause)); len(strings.Fields(clause)) >= 3 && strings.Contains(lower, clause) {
			t.Errorf("%s: %q, of the What to do line, is said above it too:\n%.900s", where, clause, out)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if line, _, _ = strings.Cut(line, " ("); r73Words14Imperative.MatchString(strings.ToLower(line)) { // a parenthesis explains
			t.Errorf("%s: the refusal says what to do above its What to do line:\n%.900s", where, out)
		}
	}
	if strings.Contains(body, " again.") {
		t.Errorf("%s: the refusal says to call again above its What to do line:\n%.900s", where, out)
	}
	return remedy
}

// TestR73Words14EachRuleSaysItsFixOnce: the rules that carried their own fix inline (an unknown
// argument's "this tool takes: …", "given twice; send it once", a managed tag's "use another
// key", a secret null or empty's "give the value, or leave the name out", a name taken's "choose
// another name", image_tag's "leave image_tag unset") said it, then words13's generic "Correct
// it, then call TOOL again." said what to do a second time. The fix is now the What to do line,
// the rule above it states what is wrong only, naming the field, nothing sent; a refusal of
// several fields has one line with each fix; a check failure of create_and_deploy_app says
// "call again" in the API error's own line. None costs more tokens than before.
func TestR73Words14EachRuleSaysItsFixOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: x\n"
	tag := present.ManagedTag[0]
	for _, c := range []struct {
		name, tool, raw string
		ceiling         int      // tokens, after; words13's text cost more (the commit message's figures)
		want            []string // in the refusal
		fix             string   // the What to do line
	}{
		{"unknown argument", "get_app", `{"App":"analytics-app"}`, 33,
			[]string{`"App": unknown argument`}, "Send only app, spicepod_offset, org, then call get_app again."},
		{"given twice", "delete_app", `{"app":"docs-search","app":"analytics-app"}`, 27,
			[]string{`"app": given twice`}, "Send it once, then call delete_app again."},
		{"managed tag", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"tags":{"` + tag + `":"x"}}`, 67,
			[]string{"tags." + tag + ": set by this tool to"}, "Use another key (change this tag with update_app once the app is deployed), then call create_and_deploy_app again."},
		{"secret null", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"secrets":{"PG_PASS":null}}`, 66,
			[]string{"secrets.PG_PASS: null is not a value"}, "Give the value, or leave the name out ("},
		{"secret empty", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"secrets":{"PG_PASS":""}}`, 65,
			[]string{"secrets.PG_PASS: must not be empty"}, "Give the value, or leave the name out ("},
		{"two fields, one with a fix", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"secrets":{"PG_PASS":null},"replicas":99}`, 82,
			[]string{"\n- replicas: ", "\n- secrets.PG_PASS: null is not a value"}, "Correct them: give the value, or leave the name out ("},
		{"image_tag below Enterprise", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"image_tag":"2.3.2"}`, 74,
			[]string{"Pinning image_tag requires an Enterprise plan"}, "Leave image_tag unset to follow the update channel, or ask the user to upgrade the plan, then call create_and_deploy_app again."},
		{"name taken", "create_and_deploy_app", `{"name":"analytics-app","spicepod":` + r73Words14JSON(pod) + `}`, 74,
			[]string{`name: An app named "analytics-app" already exists and was not created by create_and_deploy_app`},
			"Choose another name (or deploy that app with update_app and create_deployment), then call create_and_deploy_app again."},
	} {
		out := r73WordsRefusal(t, h, c.name, c.tool, c.raw, c.ceiling)
		if out == "" {
			continue
		}
		mustContain(t, c.name, out, c.want...)
		if remedy := r73Words14Once(t, c.name, out); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", c.name, remedy, c.fix)
		}
	}
	// A check's request failing: the API error's What to do line says to call again.
	tool, _ := tools.ByName("create_and_deploy_app")
	scoped, _ := twoTokenHarness(t, tool.Scopes())
	secretPod := pod + "datasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	res := scoped.call(t, tool.Name, map[string]any{"name": "scoped", "spicepod": secretPod})
	out := text(res)
	mustContain(t, "check failed", out, "secrets:write", "Nothing was changed: the checks stopped before the first change.")
	if remedy := r73Words14Once(t, "check failed", out); !strings.HasPrefix(remedy, "Use a token with secrets:write, or have them set with set_secret by someone who can, then call create_and_deploy_app again.") {
		t.Errorf("check failed: What to do: %q", remedy)
	}
	tt, _ := resultTokens(res)
	t.Logf("check failed: %d tokens", tt)
	if tt > 94 {
		t.Errorf("check failed: %d tokens, over the ceiling of %d", tt, 94)
	}
	if n := h.emu.Calls(api.CreateApp.ID); n != 0 {
		t.Errorf("%d apps created", n)
	}
}

func r73Words14JSON(s string) string { return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"` }

// r73WordsRefusal calls tool with raw and is the refusal's text, or "" (the case failed) when the
// call was accepted; the refusal's tokens are logged, and fail the case above ceiling.
func r73WordsRefusal(t *testing.T, h *harness, name, tool, raw string, ceiling int) string {
	t.Helper()
	res := h.callRaw(t, tool, raw)
	out := text(res)
	if !res.IsError {
		t.Errorf("%s: accepted:\n%s", name, out)
		return ""
	}
	tt, _ := resultTokens(res)
	t.Logf("%s: %d tokens", name, tt)
	if tt > ceiling {
		t.Errorf("%s: %d tokens, over the ceiling of %d", name, tt, ceiling)
	}
	return out
}
