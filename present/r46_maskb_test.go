package present

import (
	"strings"
	"testing"
)

// r46MaskBBoth checks MaskText and MaskLogLines (the text one entry) against want, and that
// masking the result again changes nothing.
func r46MaskBBoth(t *testing.T, in, want string) {
	t.Helper()
	if got := MaskText(in); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	} else if again := MaskText(got); again != got {
		t.Errorf("MaskText(%q) again = %q", got, again)
	}
	if !strings.ContainsAny(in, "\n") {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// r46MaskBEntries checks MaskLogLines on entries (one line each) against want, and that
// masking the result again changes nothing.
func r46MaskBEntries(t *testing.T, entries, want []string) {
	t.Helper()
	got := MaskLogLines(entries)
	if strings.Join(got, "⏎") != strings.Join(want, "⏎") {
		t.Errorf("MaskLogLines(%q) = %q, want %q", entries, got, want)
		return
	}
	if again := MaskLogLines(got); strings.Join(again, "⏎") != strings.Join(got, "⏎") {
		t.Errorf("MaskLogLines(%q) again = %q", got, again)
	}
}

// A shell's escaped space inside a value is part of it (password=abc\ def is one word to the
// shell); one with nothing after it leaves the backslash as the value.
func TestR46MaskBEscapedSpaceInsideValue(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		`password=abc\ def`:            "password=" + m,
		`password=abc\ def more`:       "password=" + m + " more",
		`--password abc\ def`:          "--password " + m,
		`--password abc\ def --user b`: "--password " + m + " --user b",
		`PASSWORD=abc\ def\ ghi`:       "PASSWORD=" + m,
		`token: abc\ def, user: bob`:   "token: " + m + ", user: bob",
	} {
		r46MaskBBoth(t, in, want)
	}
	// Nothing after it: the backslash is the value (MaskLogLines trims the space first).
	if got := MaskText(`password=abc\ `); got != "password="+m+" " {
		t.Errorf("MaskText(`password=abc\\ `) = %q", got)
	}
}

// A tight arrow's value before an unopened ")" ends there: the parenthesis closes the call
// around it and stays; a member's name in capitals stays visible.
func TestR46MaskBTightArrowValueKeepsClosingParen(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"password->HUNTER2)":      "password->" + m + ")",
		"f(password->HUNTER2)":    "f(password->" + m + ")",
		"f(password->HUNTER2); x": "f(password->" + m + "); x",
		"token->HUNTER2":          "token->" + m,
		"f(token->TOK_EOF)":       "f(token->TOK_EOF)",
		"assert(token->TOK_EOF);": "assert(token->TOK_EOF);",
	} {
		r46MaskBBoth(t, in, want)
	}
}

// A var_dump type's value is the next line only when that line is no pair itself: a key in
// brackets or quotes before => is the next pair too, in one text and one entry each.
func TestR46MaskBVarDumpTypeNextBracketedPairStays(t *testing.T) {
	m := Masked
	for _, next := range []string{
		"name => string(20)", "[name] => bob", `"name" => string(20)`, `'name' => string(20)`,
		`["name"]=> string(3)`, `["name"]=>`, "  [name] => bob", "name -> string(20)",
	} {
		in := "password => string(60)\n" + next
		r46MaskBBoth(t, in, "password => "+m+"\n"+next)
		r46MaskBEntries(t, []string{"password => string(60)", next}, []string{"password => " + m, strings.TrimSpace(next)})
	}
	// A value that is no pair is still masked.
	r46MaskBEntries(t, []string{"password => string(60)", "hunter22"}, []string{"password => " + m, m})
	r46MaskBEntries(t, []string{"password => string(60)", "[hunter22]"}, []string{"password => " + m, m})
}

// A TOML or Python triple-quoted value is masked inside its quotes, the closing ones kept
// after the mask; over several lines too, and in logs one line per entry over the entries up
// to the closing quotes.
func TestR46MaskBTripleQuotedValue(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		`password = """hunter22"""`:                     `password = """` + m + `"""`,
		`password = '''hunter22'''`:                     `password = '''` + m + `'''`,
		`password = """hunter22""", user = "bob"`:       `password = """` + m + `""", user = "bob"`,
		"secret = \"\"\"\nline1\n\"\"\"":                `secret = """` + m + `"""`,
		"secret = '''\nline1\nline2\n'''\nuser = 'bob'": `secret = '''` + m + "'''\nuser = 'bob'",
		`password = """"""`:                             `password = """"""`,
		`name = """hunter22"""`:                         `name = """hunter22"""`,
	} {
		r46MaskBBoth(t, in, want)
	}
	r46MaskBEntries(t,
		[]string{`secret = """`, "line1", "  line2", `"""`, "user = bob"},
		[]string{`secret = """`, m, m, `"""`, "user = bob"})
	r46MaskBEntries(t,
		[]string{`secret = '''abc`, "def'''", "user = bob"},
		[]string{`secret = '''` + m, m + "'''", "user = bob"})
	r46MaskBEntries(t,
		[]string{`name = """`, "line1", `"""`},
		[]string{`name = """`, "line1", `"""`})
	// Never closed: 64 entries at most.
	long := []string{`secret = """`}
	for range 70 {
		long = append(long, "hunter22")
	}
	got := MaskLogLines(long)
	if got[1] != m || got[64] != m || got[65] != "hunter22" {
		t.Errorf("unclosed: entries 1, 64, 65 = %q, %q, %q", got[1], got[64], got[65])
	}
}

// A shell's continuation at the end of an entry ("--password \", then the value) is read over
// to the next entry in MaskLogLines, as MaskText reads it over a line break.
func TestR46MaskBContinuationAcrossEntries(t *testing.T) {
	m := Masked
	for _, c := range []struct{ entries, want []string }{
		{[]string{`mysql -u root --password \`, "hunter22"}, []string{`mysql -u root --password \`, m}},
		{[]string{`mysql -u root --password \`, "  hunter22 \\", "  --host db"}, []string{`mysql -u root --password \`, m + ` \`, "--host db"}},
		{[]string{`tool --api-key \`, `  "sk-abc123" \`}, []string{`tool --api-key \`, `"` + m + `" \`}},
		{[]string{`curl -H "Authorization: Bearer \`, `  tok3nvalue99" https://api`}, []string{`curl -H "Authorization: Bearer ` + m, m + `" https://api`}},
		{[]string{`mysql --user bob \`, "--host db"}, []string{`mysql --user bob \`, "--host db"}},
	} {
		joined := strings.Join(c.entries, "\n")
		if got := MaskText(joined); strings.Contains(got, "hunter22") || strings.Contains(got, "sk-abc123") || strings.Contains(got, "tok3nvalue99") {
			t.Errorf("MaskText(%q) = %q", joined, got)
		}
		r46MaskBEntries(t, c.entries, c.want)
	}
}

// A credential flag ending its line before a "=" with nothing after it takes it as its value,
// as it does after a space, so masking again changes nothing (FuzzMaskLogLinesCoversOld:
// --pAss⏎0= showed 0=, masked again once on one line).
func TestR46MaskBFlagBeforeBareEqualsAfterBreak(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"--pAss\n0=":        "--pAss\n" + m,
		"--password\nabc==": "--password\n" + m,
	} {
		r46MaskBBoth(t, in, want)
		if got := MaskLogLines([]string{in})[0]; got != oneLine(want) || MaskLogLines([]string{got})[0] != got {
			t.Errorf("MaskLogLines(%q) = %q, want %q and unchanged when masked again", in, got, oneLine(want))
		}
	}
}

// A C member's name after a tight arrow reads the same before a Unicode space as before a
// space (FuzzMaskInvisible: [0pAss00000->A0\u3000! masked A0, with a space not).
func TestR46MaskBTightArrowMemberBeforeUnicodeSpace(t *testing.T) {
	for _, sp := range []string{" ", "\u3000", "\u00a0", "\u2009"} {
		for _, in := range []string{"if (auth_token->len2" + sp + "== 0)", "[0pAss00000->A0" + sp + "!"} {
			if got := MaskText(in); got != in {
				t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
			}
		}
	}
}

// The line after a var_dump type is no value when an arrow pair stands on it: a key with a
// sigil ($name =>, @name =>), words before it (Name Of User =>) or a log prefix
// (INFO name =>), in one text and one entry each.
func TestR46MaskBVarDumpTypeNextArrowPairOnTheLineStays(t *testing.T) {
	m := Masked
	for _, next := range []string{
		"$name => string(20)", "@name => bob", "Name Of User => string(20)",
		"INFO name => string(20)", "name -> bob",
	} {
		r46MaskBBoth(t, "password => string(60)\n"+next, "password => "+m+"\n"+next)
		r46MaskBEntries(t, []string{"password => string(60)", next}, []string{"password => " + m, next})
	}
	r46MaskBEntries(t, []string{"password => string(60)", "hunter22"}, []string{"password => " + m, m})
}

// A credential flag reads the next pair the same after a space as after a line break, so that
// MaskLogLines, which makes an entry one line, masks its result as it is (FuzzMaskLogLinesCoversOld:
// --pAss⏎0: showed 0:, masked the second time); a value's own ":" or "=" stays in it.
func TestR46MaskBFlagNextPairSameOverBreak(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"--pAss\n0:":                     "--pAss\n" + m,
		"--pAss 0:":                      "--pAss " + m,
		"--password bob:hunter2":         "--password " + m,
		"--password\nuser=bob":           "--password\nuser=bob",
		"--password user=bob":            "--password user=bob",
		"--password\napi_key: Zq7xSECRE": "--password\napi_key: " + m,
		"--password api_key: Zq7xSECRE":  "--password api_key: " + m,
	} {
		r46MaskBBoth(t, in, want)
		got := MaskLogLines([]string{in})[0]
		if got != oneLine(want) || MaskLogLines([]string{got})[0] != got {
			t.Errorf("MaskLogLines(%q) = %q, want %q and unchanged when masked again", in, got, oneLine(want))
		}
	}
}

// An escaped space before "=" or ":" ends the value, as a line separator there does
// (FuzzMaskInvisible: seCret:0\ : masked " :" with a space, not with U+2029).
func TestR46MaskBEscapedSpaceBeforeSeparator(t *testing.T) {
	for _, sep := range []string{" ", "\u2029"} {
		if got, want := MaskText(`seCret:0\`+sep+":"), "seCret:"+Masked+sep+":"; got != want {
			t.Errorf("MaskText = %q, want %q", got, want)
		}
	}
}

// Triple quotes that open no credential's value (a docstring) do not hide the entries after
// them from the next triple-quoted value.
func TestR46MaskBTripleQuotesAfterDocstring(t *testing.T) {
	m := Masked
	r46MaskBEntries(t,
		[]string{`"""Docstring.`, `secret = '''abc`, "def'''", "user = bob"},
		[]string{`"""Docstring.`, `secret = '''` + m, m + "'''", "user = bob"})
}

// A connection string without a scheme has its password masked with invisible characters in
// it too, as every rule reads text (FuzzMaskInvisible: 0:⏎@0\u3164:0 showed what 0:⏎@0:0 masked).
func TestR46MaskBBareConnStringWithInvisibles(t *testing.T) {
	for _, in := range []string{
		"connect bob:hunter22@db.internal\u2060:5432/app",
		"connect bob\u200b:hunter22@db.internal:5432/app",
		"connect bob:hunter22@db.internal:5432\u3164/app",
	} {
		if got := MaskText(in); strings.Contains(got, "hunter22") {
			t.Errorf("MaskText(%q) = %q: shows the password", in, got)
		}
	}
}

// A var_dump string whose length does not fit (a line separator inside it counts three bytes,
// a space one) is masked with its closing quote, as one whose length fits (FuzzMaskInvisible:
// the line separators' version showed the quote).
func TestR46MaskBVarDumpStringLengthOffMasksClosingQuote(t *testing.T) {
	for in, want := range map[string]string{
		"password= string(8) \"00000 00\"":                "password= " + Masked,
		"password=\u0085string(8)\u2028\"00000\u202900\"": "password=\u0085" + Masked,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// After a var_dump type, a line separator shows no more than a space: a quote before an arrow
// is no key (FuzzMaskInvisible: string(0)⏎"-> showed "->), and a quoted key before an arrow
// is the next pair after either.
func TestR46MaskBVarDumpTypeNextPairSameOverSeparator(t *testing.T) {
	for _, sep := range []string{" ", "\u2028"} {
		if got := MaskText("password= string(0)" + sep + `"->`); strings.Contains(got, "->") {
			t.Errorf("MaskText(%q) = %q: shows the value's rest", sep, got)
		}
		in := "password => string(60)" + sep + `"name" => string(20)`
		if got, want := MaskText(in), "password => "+Masked+sep+`"name" => string(20)`; got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
