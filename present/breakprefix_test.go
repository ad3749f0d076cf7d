package present

import (
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
		for _, brk := range spelledBreaks {
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
