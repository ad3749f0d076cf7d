package mcpserver_test

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 65 words4: one voice across every result.

// r65Words4Remedy is a remedy's opening as results show it, with its first word.
var r65Words4Remedy = regexp.MustCompile("What to do: (`?)([^\\s;:,.`]*)")

// r65Words4Goldens is what every result golden shows, by file.
func r65Words4Goldens(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("testdata/results/*.md")
	if len(files) == 0 {
		t.Fatal("no result goldens")
	}
	shown := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		shown[filepath.Base(f)] = r51WordsShown(string(b))
	}
	return shown
}

// TestR65Words4RemediesOpenOneWay: in every tool's results, a remedy opens as a sentence, with a
// capital, unless its first word is a tool or an argument (update_app), called by its name.
// Before, deployment and token-endpoint remedies opened in lower case ("What to do: the runtime
// failed to start", "What to do: nothing; a later deployment …") beside the API's ("What to do:
// Issue a token …").
func TestR65Words4RemediesOpenOneWay(t *testing.T) {
	catalog := r51WordsCatalog(t)
	seen := 0
	for file, shown := range r65Words4Goldens(t) {
		for _, m := range r65Words4Remedy.FindAllStringSubmatch(shown, -1) {
			seen++
			word := m[2]
			if m[1] == "`" || word == "" || strings.ToUpper(word[:1]) == word[:1] {
				continue
			}
			if _, tool := catalog[word]; tool {
				continue
			}
			if slices.ContainsFunc(slices.Collect(mapsValues(catalog)), func(args []string) bool { return slices.Contains(args, word) }) {
				continue
			}
			t.Errorf("%s: a remedy opens in lower case: %q", file, m[0])
		}
	}
	if seen < 50 {
		t.Errorf("only %d remedies in the goldens", seen)
	}
}

// r65Words4Spicepod is the word spicepod, not the API's code spicepod_paused.
var r65Words4Spicepod = regexp.MustCompile(`(?i)\bspicepod\b`)

// TestR65Words4DescribeSaysTheSpicepodOnce: describe_app of an app with no spicepod said it
// twice, the card's "Spicepod: not set — set one with update_app before deploying" and the
// deployments' (or the pause's) "It has no spicepod yet, so create_deployment would be refused
// (no spicepod configuration): first set one with update_app …". The card says it and how to
// set one; the section below says only what deploys the app once it is set.
func TestR65Words4DescribeSaysTheSpicepodOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, inProcess: true})
	h.ok(t, "create_app", map[string]any{"name": "w4-nopod"})
	for _, tc := range []struct{ state, next string }{
		{"never deployed", "`create_deployment {\"app\":\"w4-nopod\"}` deploys it"},
		{"paused", "`resume_app {\"app\":\"w4-nopod\"}` deploys it and lifts the pause"},
	} {
		if tc.state == "paused" {
			h.ok(t, "pause_app", map[string]any{"app": "w4-nopod"})
		}
		out := h.ok(t, "describe_app", map[string]any{"app": "w4-nopod"})
		mustContain(t, tc.state, out, "- Spicepod: not set — set one with update_app before deploying", "Once a spicepod is set, "+tc.next)
		if n := len(r65Words4Spicepod.FindAllString(out, -1)); n != 2 {
			t.Errorf("%s: \"spicepod\" said %d times, want 2 (the card's fact, the next step's condition):\n%s", tc.state, n, out)
		}
		if n := strings.Count(out, "update_app"); n != 1 {
			t.Errorf("%s: update_app named %d times, want once:\n%s", tc.state, n, out)
		}
	}
}

// r65Words4InspectPresent visits every node of present/'s code (its tests left out): the texts
// results are built from, including those no golden shows.
func r65Words4InspectPresent(t *testing.T, visit func(*token.FileSet, ast.Node)) {
	t.Helper()
	testutil.InspectGoCode(t, "../present", func(fset *token.FileSet, n ast.Node) bool { visit(fset, n); return true })
}

// r65Words4Synonyms maps the words results once used beside others for the same fact to the
// ones kept: the moment a change takes effect was "the old key stops working at once" in an
// approval and "stopped working immediately" in the result that followed it ("immediately",
// one o200k token; "at once" stays where it means at the same time, "connections open at once").
var r65Words4Synonyms = map[string]string{
	`\b(?:working|access|role|organization|ends|ended|changes|changed) at once\b`: "immediately",
}

// TestR65Words4OneWordForOneFact: every result golden and every text of present/ names each
// fact in one way: the one kept (r65Words4Synonyms), never its synonym.
func TestR65Words4OneWordForOneFact(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	texts := r65Words4Goldens(t)
	r65Words4InspectPresent(t, func(fset *token.FileSet, n ast.Node) {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				texts[fset.Position(lit.Pos()).String()] += s + "\n"
			}
		}
	})
	for dropped, kept := range r65Words4Synonyms {
		word := regexp.MustCompile(`(?i)` + dropped)
		for where, s := range texts {
			if m := word.FindString(s); m != "" {
				t.Errorf("%s: says %q, which the other results say as %q", where, m, kept)
			}
		}
	}
}

// r65Words4Rule is a refusal of one argument as results write it, with the rule's first word.
var r65Words4Rule = regexp.MustCompile(`(?m)^Invalid arguments, nothing was sent: [a-z_][a-z0-9_.\[\]]*: (\S+)`)

// r65Words4RuleOpens reports whether a rule opens as the rules after a field name do: in lower
// case ("must be at least 4 characters", "null is not a value here"), or with the label
// "Required" (and what to send).
func r65Words4RuleOpens(rule string) bool {
	return strings.HasPrefix(rule, "Required") || rule == "" || strings.ToLower(rule[:1]) == rule[:1]
}

// TestR65Words4RulesOpenInLowerCase: after "FIELD: " a rule opened in lower case ("name: must
// be at least 4 characters") but three in capitals: "value: Give only one of value,
// value_from_env and value_from_file", "spicepod: Contains \"********\" …", "secrets.PG_PASS:
// Null is not a value". Every rule of present/ (its Arg… texts, the masked spicepod's) and every
// refusal the goldens show opens in lower case, or with "Required:".
func TestR65Words4RulesOpenInLowerCase(t *testing.T) {
	for file, shown := range r65Words4Goldens(t) {
		for _, m := range r65Words4Rule.FindAllStringSubmatch(shown, -1) {
			if !strings.HasSuffix(m[1], ":") && !r65Words4RuleOpens(m[1]) { // "secrets: BAD-NAME: …" names a key first
				t.Errorf("%s: a rule opens with a capital: %q", file, m[0])
			}
		}
	}
	texts := map[string]string{"SpicepodMasked": present.SpicepodMasked([]string{"datasets[0].params.pg_pass"})}
	r65Words4InspectPresent(t, func(_ *token.FileSet, n ast.Node) {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return
		}
		for i, name := range spec.Names {
			if !strings.HasPrefix(name.Name, "Arg") || i >= len(spec.Values) {
				continue
			}
			if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					texts[name.Name] = s
				}
			}
		}
	})
	if len(texts) < 20 {
		t.Fatalf("only %d rules found in present/", len(texts))
	}
	for name, rule := range texts {
		// As a refusal shows it, after the field's name, which it then does not repeat ("Secret name must …").
		rule = strings.TrimPrefix(present.FieldErrorsText(rules.FieldErrors{"name": {rule}}), "name: ")
		if !r65Words4RuleOpens(rule) {
			t.Errorf("present.%s opens with a capital: %q", name, rule)
		}
	}
}
