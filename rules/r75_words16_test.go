package rules

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r75Words16Imperative is a clause that says what to do, after a rule's ": ", "; " or ", or ":
// words15's verbs and those the rules' own fixes use (keep, merge, shorten, refer, rename, drop,
// write, split).
var r75Words16Imperative = regexp.MustCompile(`(?:[;:]\s+|,\s+or\s+)(?:send|use|give|leave|choose|omit|pass|correct|fix|call|try|remove|ask|pick|quote|write|set|keep|merge|shorten|refer|rename|drop|split|add|type)\s`)

// TestR75Words16EveryRuleSaysItsFixApart: rules' messages the emulator shares with our refusals
// ended with their fix inline (BranchBlank's ": leave it out rather than send it blank", a
// spicepod's ": quote it to keep it as text"), and the refusal's What to do line said "Correct
// it" beside it. Every text the rules' code writes that says what to do after its rule ends with
// one of Fixes, which CutFix parts off for our What to do line; a new inline fix is caught here.
func TestR75Words16EveryRuleSaysItsFixApart(t *testing.T) {
	texts := testutil.R70TextsOf(t, ".", nil)
	if len(texts) < 100 {
		t.Fatalf("read %d texts from rules' code, want their hundreds", len(texts))
	}
	cut := 0
	for _, tx := range texts {
		if slices.Contains(Fixes, tx.Text) {
			continue // a fix itself
		}
		rule, fix := CutFix(tx.Text)
		if fix != "" {
			cut++
		}
		if r75Words16Imperative.MatchString(strings.ToLower(rule)) {
			t.Errorf("%s (%s): says what to do inline, not as one of rules.Fixes:\n%s", tx.Where, tx.Func, tx.Text)
		}
	}
	if cut < 4 { // BranchBlank, RootDirectoryBlank, BodySize's two; withFix's rules are texts of their own
		t.Errorf("only %d texts end with a fix of rules.Fixes", cut)
	}
}

// TestR75Words16APITextsKeepTheirFix: the API's own texts (the emulator answers with them, and
// api/README.md quotes them) are what they were, fix and all; CutFix parts each into its rule and
// its fix, and leaves a message without one whole.
func TestR75Words16APITextsKeepTheirFix(t *testing.T) {
	pod := func(text string) string { _, msg := ParseSpicepod(text); return msg }
	for _, c := range []struct{ msg, rule, fix string }{
		{BranchBlank, "must name a branch", "leave it out rather than send it blank"},
		{RootDirectoryBlank, "root_directory must not be empty", `leave it out (or send ".") for the repository root`},
		{pod("a: 1\na: 2"), `Spicepod key "a" at the top level is given twice (line 2, first at line 1)`, "keep one (only one value can be stored)"},
		{pod("n: .inf"), "Spicepod contains a value that JSON cannot represent (.inf at n, line 1)", "quote it to keep it as text"},
		{pod("n: !!float .inf"), "Spicepod contains a value that JSON cannot represent (!!float .inf at n, line 1)", "drop the tag and quote it to keep it as text"},
		{pod("n: !!int x"), "Spicepod value at n (line 1) is not a valid !!int", "correct it, or drop the tag and quote it to keep it as text"},
		{pod("a: 1\n---\nb: 2"), "Spicepod must be a single YAML document, but a second one starts at line 2", "merge it into the first or remove it (only one document can be stored)"},
		{pod("[a]: 1"), "Spicepod key at the top level (line 1) is a list, but JSON object keys must be text", "use a text key"},
		{pod("1: a\n\"1\": b"), `Spicepod keys at the top level (lines 1 and 2) are different in YAML but the same JSON key "1" (JSON keys are text)`, "rename one"},
		{pod("a: &x\n  b: *x"), "Spicepod anchor &x (line 1) contains an alias to itself, which would never end", "refer to it only from outside"},
		{SpicepodInexact(map[string]any{"n": json.Number("12345678901234567890123")}), "Spicepod holds a number that the API would store rounded to a 64-bit float (at n)",
			"quote it to keep it as text, or write it with at most 15 significant digits"},
		{SpicepodInexact(map[string]any{"n": json.Number("1e-400")}), "Spicepod holds a number that is too small for a 64-bit float (at least about 4.9e-324 in size), so the API would store it rounded to 0 (at n)",
			"quote it to keep it as text, or write 0 if 0 is meant"},
		{pod("a: [1"), "Spicepod is not valid YAML (line 1)", ""},
		{ProductionBranch("a..b"), `must be a Git branch name: no ".."`, ""},
	} {
		if c.fix != "" && c.msg != c.rule+": "+c.fix {
			t.Errorf("the API's text is %q, want %q", c.msg, c.rule+": "+c.fix)
		}
		if rule, fix := CutFix(c.msg); rule != c.rule || fix != c.fix {
			t.Errorf("CutFix(%q) = %q, %q; want %q, %q", c.msg, rule, fix, c.rule, c.fix)
		}
	}
	// The texts as they were before the fix was parted off (api/README.md §7.3).
	if BranchBlank != "must name a branch: leave it out rather than send it blank" ||
		RootDirectoryBlank != `root_directory must not be empty: leave it out (or send ".") for the repository root` {
		t.Errorf("the API's texts changed: %q, %q", BranchBlank, RootDirectoryBlank)
	}
}
