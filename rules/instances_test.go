package rules

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// ecma262Space is what ECMA-262's \s matches (WhiteSpace and LineTerminator, Unicode 15: TAB,
// VT, FF, SP, NBSP, ZWNBSP and Zs; LF, CR, LS, PS), written out here from the standard rather
// than taken from the rule.
const ecma262Space = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

// TestInstanceNameRefusesUnicodeSpace: the rule refuses every white space character, Go's
// (unicode.IsSpace) and ECMA-262's, where RE2's \s alone matched ASCII only; and the pattern
// tools/list shows, read as JSON Schema reads it (ECMA-262: \s written out), is the rule itself.
func TestInstanceNameRefusesUnicodeSpace(t *testing.T) {
	space := regexp.MustCompile(`^[` + ecma262Space + `]$`)
	if !strings.Contains(InstanceNameSchemaPattern, `\s`) || strings.Contains(InstanceNameSchemaPattern, "\u3000") {
		t.Fatalf("tools/list's pattern does not write the white space as \\s: %q", InstanceNameSchemaPattern)
	}
	asECMA := regexp.MustCompile(strings.ReplaceAll(InstanceNameSchemaPattern, `\s`, ecma262Space))
	for r := rune(0); r <= 0xffff; r++ {
		if unicode.Is(unicode.Cs, r) {
			continue
		}
		c := string(r)
		if (unicode.IsSpace(r) || space.MatchString(c)) && InstanceName("a"+c+"b") == "" {
			t.Errorf("InstanceName(%q) is valid, holding white space", "a"+c+"b")
		}
		for _, name := range []string{c, "a" + c + "b", "." + c} {
			if asECMA.MatchString(name) != (InstanceName(name) == "") {
				t.Errorf("%q: tools/list's pattern read as ECMA-262 and the rule disagree", name)
			}
		}
	}
}

// TestInstanceNameLengthCap: the rule caps a name at 1,024 characters, counted as JSON Schema's
// maxLength counts them (a name of 1,024 two-byte characters is within it).
func TestInstanceNameLengthCap(t *testing.T) {
	for name, ok := range map[string]bool{
		strings.Repeat("a", 1024): true, strings.Repeat("é", 1024): true,
		strings.Repeat("a", 1025): false, strings.Repeat("é", 1025): false, strings.Repeat("b", 300_000): false,
	} {
		if got := InstanceName(name) == ""; got != ok {
			t.Errorf("InstanceName of %d bytes valid = %v, want %v (%s)", len(name), got, ok, InstanceName(name))
		}
	}
	if InstanceNameMax != 1024 {
		t.Errorf("InstanceNameMax = %d, want 1024", InstanceNameMax)
	}
}
