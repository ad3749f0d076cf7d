package api_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// A pattern refusal shows the pattern in plain ASCII: the instance name's pattern holds
// invisible characters (no-break and other spaces, a byte order mark), shown as \u…
// escapes so the reader sees what is refused; the text shown is still the same pattern.
func TestR46LeadPatternShownInASCII(t *testing.T) {
	var rule api.Rule
	for _, op := range api.Operations {
		for _, p := range op.Params {
			if p.Name == "instanceName" {
				rule = p.Rule
			}
		}
	}
	if rule.Pattern == "" {
		t.Fatal("no instanceName rule with a pattern")
	}
	msg := rule.Check("a/b")
	shown, ok := strings.CutPrefix(msg, "must match ")
	if !ok {
		t.Fatalf("refusal %q", msg)
	}
	for _, r := range shown {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			t.Fatalf("refusal shows %U raw: %q", r, msg)
		}
	}
	// Shown in ECMA-262's escapes (\u00a0), which Go's syntax writes \x{00a0}.
	re, err := regexp.Compile(regexp.MustCompile(`\\u([0-9a-f]{4})`).ReplaceAllString(shown, `\x{$1}`))
	if err != nil {
		t.Fatalf("shown pattern does not compile: %v", err)
	}
	for _, v := range []string{"a/b", "x\u00a0y", "\ufeffx", "ok-name", ".hidden", "."} {
		if re.MatchString(v) != api.Regexp(rule.Pattern).MatchString(v) {
			t.Errorf("%q: the shown pattern and the rule disagree", v)
		}
	}
}
