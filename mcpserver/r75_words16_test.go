package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r75Words16Imperative is r74Words15Imperative with the verbs the rules' own fixes use (keep,
// merge, shorten, refer, rename, drop, split): a refusal that says one of them above its What to
// do line says its fix twice.
var r75Words16Imperative = regexp.MustCompile(`(?:^|[;:]\s+|,\s+or\s+|\.\s+)(?:send|use|give|leave|choose|omit|pass|correct|fix|call|try|remove|ask|pick|quote|write|set|keep|merge|shorten|refer|rename|drop|split)\s`)

// r75Words16Parenthesis is a parenthesis with none inside: it explains, and may say "send null
// to remove" as an explanation does.
var r75Words16Parenthesis = regexp.MustCompile(`\s*\([^()]*\)`)

// r75Words16Once is r74Words15Once held to r75Words16Imperative too, and past a parenthesis
// (words15's check read a line up to its first " (" only, so "given twice (line 2, first at
// line 1): keep one" passed it).
func r75Words16Once(t *testing.T, where, out string) string {
	t.Helper()
	remedy := r74Words15Once(t, where, out)
	body, _, _ := strings.Cut(out, "\nWhat to do: ")
	for _, line := range strings.Split(body, "\n") {
		if line = r75Words16Parenthesis.ReplaceAllString(line, ""); r75Words16Imperative.MatchString(strings.ToLower(line)) {
			t.Errorf("%s: the refusal says what to do above its What to do line:\n%.900s", where, out)
		}
	}
	return remedy
}

// TestR75Words16RulesTheAPISharesSayTheirFixOnce: the rules whose messages the emulator answers
// with too (rules.BranchBlank, the spicepod's) said their fix inline ("must name a branch: leave
// it out rather than send it blank"), and the What to do line said "Correct it" beside it. The
// API's text keeps its fix (rules' TestR75Words16APITextsKeepTheirFix); our refusal parts it off
// (rules.CutFix) and says it on the What to do line alone, nothing sent. Ceiling: the count
// before (the commit message's figures).
func TestR75Words16RulesTheAPISharesSayTheirFixOnce(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	head := "version: v1\nkind: Spicepod\nname: x\n"
	for _, c := range []struct {
		name, tool, raw string
		ceiling         int
		want, fix       string
	}{
		{"branch blank", "update_app", `{"app":"analytics-app","production_branch":" "}`, 37,
			"production_branch: must name a branch\n", "Leave it out rather than send it blank, then call update_app again."},
		{"branch blank, connect", "connect_repository", `{"app":"analytics-app","repository":"acme/x","production_branch":" "}`, 37,
			"production_branch: must name a branch\n", "Leave it out rather than send it blank, then call connect_repository again."},
		{"key twice", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"a: 1\na: 2\n") + `}`, 55,
			`spicepod: key "a" at the top level is given twice (line 5, first at line 4)` + "\n", "Keep one (only one value can be stored), then call update_app again."},
		{"infinity", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"n: .inf\n") + `}`, 47,
			"spicepod: contains a value that JSON cannot represent (.inf at n, line 4)\n", "Quote it to keep it as text, then call update_app again."},
		{"second document", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"---\nb: 2\n") + `}`, 56,
			"spicepod: must be a single YAML document, but a second one starts at line 4\n", "Merge it into the first or remove it (only one document can be stored), then"},
		{"list key", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"[a]: 1\n") + `}`, 50,
			"spicepod: key at the top level (line 4) is a list, but JSON object keys must be text\n", "Use a text key, then call update_app again."},
		{"rounded number", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(head+"n: 12345678901234567890123\n") + `}`, 64,
			"spicepod: holds a number that the API would store rounded to a 64-bit float (at n)\n", "Quote it to keep it as text, or write it with at most 15 significant digits, then call create_and_deploy_app again."},
	} {
		before := rec.count()
		res := h.callRaw(t, c.tool, c.raw)
		out := text(res)
		if !res.IsError {
			t.Errorf("%s: accepted:\n%s", c.name, out)
			continue
		}
		mustContain(t, c.name, out, c.want)
		if remedy := r75Words16Once(t, c.name, out); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", c.name, remedy, c.fix)
		}
		if rec.since(before) != "" {
			t.Errorf("%s: refused only after a request reached the API", c.name)
		}
		tt, _ := resultTokens(res)
		t.Logf("%s: %d tokens", c.name, tt)
		if tt > c.ceiling {
			t.Errorf("%s: %d tokens, over the ceiling of %d", c.name, tt, c.ceiling)
		}
	}
}
