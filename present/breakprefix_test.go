package present

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// spelledBreaks are a tab's or line break's escape written out, in every spelling the masker
// reads (spelledBreakAt): JSON's and Go's, percent-encoding, byte and code point escapes, HTML
// character references.
var spelledBreaks = []string{
	`\n`, `\t`, `\r`, `\r\n`, `\f`, `\v`, "%0A", "%0a", "%0D%0A", "%09", `\x0a`, `\x0D`, `\u000a`, `\u000D`,
	`\U0000000a`, "&#10;", "&#13;&#10;", "&#9;", "&#x0a;", "&#xA;", "&#X0A;", `\n%0A`,
}

// breakSpellings are every spelling escapeAt reads of every character breakRune names (a tab,
// the line breaks, NEL, U+2028, U+2029): derived from that one definition, so the spellings
// TestMaskBreakAfterPrefix tries cannot drift from those the masker reads
// (TestBreakSpellingsAreEscapes checks escapeAt and spelledBreakAt read each whole).
var breakSpellings = func() []string {
	var out []string
	for r := rune(0); r <= 0x3000; r++ {
		if breakRune(r) {
			out = append(out, runeSpellings(r)...)
		}
	}
	return out
}()

// runeSpellings are r written out in each way escapeAt reads: a code point escape (\u000a,
// \U0000000a, \u{a}), its UTF-8 bytes escaped (\x0a, \xc2\x85; octal \012; %0A, %C2%85; and
// encoded twice, %250A), an HTML number (&#10;, &#x0a;, also escaped once more: &amp;#10;), and
// its escape or HTML name when it has one (\n, &NewLine;, &amp;Tab;).
func runeSpellings(r rune) []string {
	var x, o, p, pp strings.Builder
	for _, b := range []byte(string(r)) {
		fmt.Fprintf(&x, `\x%02x`, b)
		fmt.Fprintf(&o, `\%03o`, b)
		fmt.Fprintf(&p, "%%%02X", b)
		fmt.Fprintf(&pp, "%%25%02x", b)
	}
	out := []string{fmt.Sprintf(`\u%04x`, r), fmt.Sprintf(`\U%08X`, r), fmt.Sprintf(`\u{%x}`, r), x.String(), o.String(),
		p.String(), pp.String(), fmt.Sprintf("&#%d;", r), fmt.Sprintf("&#x%x;", r), fmt.Sprintf("&amp;#%d;", r)}
	if k := strings.IndexRune("\t\n\r\f\v", r); k >= 0 {
		out = append(out, `\`+"tnrfv"[k:k+1])
	}
	if name := map[rune]string{'\t': "Tab", '\n': "NewLine"}[r]; name != "" {
		out = append(out, "&"+name+";", "&amp;"+name+";")
	}
	return out
}

// TestBreakSpellingsAreEscapes: each of breakSpellings is one escape (escapeAt), read whole as a
// break (spelledBreakAt); the same spellings of a space (U+00A0, U+0020, U+3000) are escapes
// but no break, and no escape is a break that escapedRune does not decode to one.
func TestBreakSpellingsAreEscapes(t *testing.T) {
	if len(breakSpellings) < 80 {
		t.Fatalf("only %d break spellings: %q", len(breakSpellings), breakSpellings)
	}
	for _, e := range breakSpellings {
		if n := escapeAt(e, 0); n != len(e) {
			t.Errorf("escapeAt(%q) = %d, want %d", e, n, len(e))
		}
		if n := spelledBreakAt(e+"AB", 0); n != len(e) {
			t.Errorf("spelledBreakAt(%q) = %d, want %d", e+"AB", n, len(e))
		}
		if n := spelledBreakAt(`\`+e, 1); e[0] == '\\' && n != 0 {
			t.Errorf("spelledBreakAt(%q, 1) = %d, want 0 (an escaped backslash)", `\`+e, n)
		}
	}
	for _, r := range []rune{'\u00a0', ' ', '\u3000', 'A'} {
		for _, e := range runeSpellings(r) {
			if n := spelledBreakAt(e+"AB", 0); n != 0 {
				t.Errorf("spelledBreakAt(%q) = %d, want 0: no break", e+"AB", n)
			}
		}
	}
}

// prefixedTokens are a token of every documented prefix tokenAt knows, split where its prefix
// ends (xoxb- and sk_live_ with their sub-prefix).
var prefixedTokens = [][2]string{
	{"AKIA", "IOSFODNN7EXAMPLE"}, {"ASIA", "IOSFODNN7EXAMPLE"}, {"AIza", "SyA" + strings.Repeat("b", 33)},
	{"ghp_", strings.Repeat("A1b", 12)}, {"gho_", strings.Repeat("A1b", 12)}, {"ghu_", strings.Repeat("A1b", 12)},
	{"ghs_", strings.Repeat("A1b", 12)}, {"ghr_", strings.Repeat("A1b", 12)},
	{"github_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"}, {"glpat-", "abcdefghij-KLMNOPQRST"},
	{"xoxb-", "1234567890-abcdefGHIJ"}, {"xoxp-", "1234567890-abcdefGHIJ"}, {"xoxa-", "1234567890-abcdefGHIJ"},
	{"xoxs-", "1234567890-abcdefGHIJ"}, {"xoxr-", "1234567890-abcdefGHIJ"}, {"xoxo-", "1234567890-abcdefGHIJ"},
	{"sk-", "proj-AbC123def456GHI789jkl012"}, {"sk-", "ant-api03-AbCdEf0123456789xyz"}, {"sk-", "AbCdEf0123456789xyzQRS"},
	{"sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"}, {"sk_test_", "4eC39HqLyjWDarjtT1zdp7dc"},
	{"rk_live_", "4eC39HqLyjWDarjtT1zdp7dc"}, {"rk_test_", "4eC39HqLyjWDarjtT1zdp7dc"},
	{"eyJ", "hbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
}

// TestMaskBreakAfterPrefix (round 23): a tab's or line break's escape written out right after
// a token's prefix (AKIA\nIOSF…, ghp_%0A…, xoxb-&#10;…) does not let the token escape: it is
// masked whole, in every pass, as one inside or after its body is; and masked again, it stays.
// Its break written out after the body goes on in every spelling, as \n did (AKIA…%0AMORE).
func TestMaskBreakAfterPrefix(t *testing.T) {
	for _, tok := range prefixedTokens {
		for _, brk := range append(slices.Clip(spelledBreaks), breakSpellings...) {
			for _, c := range []struct{ line, want string }{
				{"x " + tok[0] + brk + tok[1] + " y", "x " + Masked + " y"},
				{`{"msg":"key ` + tok[0] + brk + tok[1] + `"}`, `{"msg":"key ` + Masked + `"}`},
				{"x " + tok[0] + tok[1] + brk + "MORE y", "x " + Masked + " y"},
			} {
				checkAllPasses(t, c.line, c.want)
			}
		}
	}
}

// TestMaskBreakAfterPrefixKeepsWords: a prefix followed by a break and prose, or by a space
// spelled out, or by an escaped backslash and an n, is no token: shown as written.
func TestMaskBreakAfterPrefixKeepsWords(t *testing.T) {
	for _, line := range []string{
		`AKIA\nis the prefix of AWS access key IDs`, "AKIA%0Ais the prefix", `ASIA&#10;Pacific`, `AIza\nkeys are Google's`,
		`ghp_\nshort`, `ghp_%0Atokens are GitHub's`, `sk-\nlearn-models-2024-version-two`, `task-\nRunnerConfig2024Xyz`,
		`disk_test_\nAbcdefghijklmnop1234`, `xoxb-&#10;short`, `eyJ\nnot.a.jwt`,
		`AKIA\\nIOSFODNN7EXAMPLE`, `AKIA%20IOSFODNN7EXAMPLE`, `AKIA\u00a0IOSFODNN7EXAMPLE`, `glpat-\u0041short`,
		`see AKIA\x41BCDEFGHIJKLMNOPQ`, `AKIA&#65;BCDEFGHIJKLMNOPQ`,
	} {
		checkAllPasses(t, line, line)
	}
}

// checkAllPasses: MaskText, MaskAPIText and MaskLogLines give want for line, and want again
// for want.
func checkAllPasses(t *testing.T, line, want string) {
	t.Helper()
	for name, mask := range map[string]func(string) string{
		"MaskText":     MaskText,
		"MaskAPIText":  MaskAPIText,
		"MaskLogLines": func(s string) string { return MaskLogLines([]string{s})[0] },
	} {
		if got := mask(line); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, line, got, want)
		} else if again := mask(got); again != got {
			t.Errorf("%s not idempotent: %q -> %q -> %q", name, line, got, again)
		}
	}
}

// TestMaskKeyAfterTabEscape (round 23, found by FuzzMaskLogLinesCoversOld): a backslash before
// a credential's key that starts with t, n, r, f or v (\token=…) reads as a tab's escape and
// "oken", which names nothing: the value was shown. The key is read with its letter when only
// that names a credential; a key that names one without it, or a word that names none, is as
// it was.
func TestMaskKeyAfterTabEscape(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`\token=hunter2secret`, `\token=` + Masked},
		{`x \token=000 y`, `x \token=` + Masked + ` y`},
		{`C:\tmp\token_file=abc123`, `C:\tmp\token_file=` + Masked},
		{`{"msg":"\token: hunter2secret"}`, `{"msg":"\token: ` + Masked + `"}`},
		{`\tpassword=hunter2`, `\tpassword=` + Masked},
		{`\nonce=abc123`, `\nonce=abc123`},
		{`\trust=all`, `\trust=all`},
	} {
		checkAllPasses(t, c.line, c.want)
	}
}
