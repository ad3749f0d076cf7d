package present

import "testing"

// TestR68Masking13FlagInParenthesesInLogs: FuzzMaskLogLinesCoversOld (5ec6d47fd174876f) failed
// on "(pAsswd:YES)": the old log masker hid "YES)", its token taking the ")"; MaskLogLines ends
// the value at the ")" that closes the "(" before the key and keeps YES, a flag as true is
// (password: yes). The oracle reads the value without that ")"; a value that is no flag is
// still masked inside the parentheses.
func TestR68Masking13FlagInParenthesesInLogs(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"(pAsswd:YES)":         "(pAsswd:YES)",
		"(password: true)":     "(password: true)",
		"[token=off]":          "[token=off]",
		"(pAsswd:YES0)":        "(pAsswd:" + m + ")",
		"(password: hunter2x)": "(password: " + m + ")",
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}

// TestR68Masking13PasswordBetweenSpacesInURL: FuzzMaskLogLinesCoversOld (77defad525d6c57a)
// found "://0\u2000:000\u2000@" shown, which the old log masker hid (its \s is ASCII's, so it
// read the en quad as the password's). A URL's password may end with spaces before its "@",
// and start with them after a user name without one, as a user name may start with them
// (TestR67MineUserStartingWithSpaces); ASCII spaces read alike, so the new masker is stricter
// than the old one there. Prose after a host's colon is not read past a space.
func TestR68Masking13PasswordBetweenSpacesInURL(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"://0\u2000:000\u2000@":                          "://" + m + "@",
		"postgres://bob:pw9x\u00a0@db/x":                 "postgres://" + m + "@db/x",
		"postgres://bob:\u00a0pw9x@db/x":                 "postgres://" + m + "@db/x",
		"postgres://bob: pw9x @db/x":                     "postgres://" + m + "@db/x",
		"see http:// and then: x@y":                      "see http:// and then: x@y",
		"GET http://localhost: connection refused a@b.c": "GET http://localhost: connection refused a@b.c",
		"GET http://localhost:8080 by bob@corp":          "GET http://localhost:8080 by bob@corp",
	})
	if got := MaskLogLines([]string{"dsn postgres://bob\u2000:pw9x\u2000@db"})[0]; got != "dsn postgres://"+m+"@db" {
		t.Errorf("MaskLogLines: %q", got)
	}
	coversOld(t, "://0\u2000:000\u2000@")
}

// TestR68Masking13YAMLTagBeforeUnicodeSpaceInLogs: FuzzMaskLogLinesCoversOld (f941898d346f3a02)
// failed on "ApikeY:!AA\u1680000": a YAML local tag and the name after it, a reference every
// masker keeps (TestR67Masking12YAMLTagReferenceInLogs), read with an ogham space mark as with
// an ASCII space, where the oracle looked for an ASCII one only.
func TestR68Masking13YAMLTagBeforeUnicodeSpaceInLogs(t *testing.T) {
	for _, in := range []string{"ApikeY:!AA\u1680000", "token: !secret\u00a0db_password", "token: !secret db_password"} {
		if got := MaskLogLines([]string{in})[0]; got != in {
			t.Errorf("MaskLogLines(%q) = %q, want it kept", in, got)
		}
		coversOld(t, in)
	}
}

// TestR68Masking13QuotedColumnValueOverABlank: FuzzMaskInvisible (2124388f2437d792) found
// `token⏎"⏎0A000"00` (line separators for the spaces of `token "⏎0A000"00`) showing 0A000: a
// line separator after a key at a line's start reads as a column's gap, and the column's value
// ended at the blank after its opening quote, masking the quote alone. A quoted value whose
// close is glued to more runs to that word's end, with an ASCII blank inside too.
func TestR68Masking13QuotedColumnValueOverABlank(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"token\u2029\"\u00850A000\"00": "token\u2029" + m,
		"password  \" pw9x\"x":         "password  " + m,
		"password  '\u2028pw9'00":      "password  " + m,
		"password  \"\u2028pw9x\"":     "password  \"" + m + "\"",
		"password  \" is required":     "password  \" is required",
	})
}

// TestR68Masking13EmptyBracketedValueBesideAPair: FuzzMaskLogLinesCoversOld (026e71db2eeee198)
// failed on "pAssWd=000 [pAsswd=]000": the old masker hid "]000" after the second key, a value
// the oracle leaves to MaskLogLines (the bracket closes the one before the key: the value is
// empty, as in Go's %+v), yet counted the 000 after it against the first pair's 000. What
// follows an empty bracketed value is exempt as the rest of that value is.
func TestR68Masking13EmptyBracketedValueBesideAPair(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"pAssWd=000 [pAsswd=]000":       "pAssWd=" + m + " [pAsswd=]000",
		"password=x9y8z7 {Password:}00": "password=" + m + " {Password:}00",
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}

// TestR68Masking13YAMLWordsEndBeforeUnicodeSpace: FuzzMaskInvisible (7b6898c1457b5e18) found
// "Auth0: 0 0\u00a0" masked with its trailing no-break space, where the same line with Unicode
// spaces for its ASCII ones kept it: a YAML line's words end before its trailing blanks, a
// Unicode space among them as every pass reads one (spaceAt).
func TestR68Masking13YAMLWordsEndBeforeUnicodeSpace(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"Auth0: 0 0\u00a0":           "Auth0: " + m + "\u00a0",
		"password: x7 Zr2\u2009":     "password: " + m + "\u2009",
		"password: x7 Zr2 \u3000 ":   "password: " + m + " \u3000 ",
		"password: x7 Zr2\u2028user": "password: " + m + "\u2028user",
	})
}
