package present

import (
	"strings"
	"testing"
)

// TestR69Masking14QueryEndsAtUnicodeSpace: FuzzMaskInvisible's first finding of this round
// (seed a5f74959b9e49342): "0?000\u00a00&keY0=0" masked keY0's 0, where "0?000 0&keY0=0" kept
// it. A path's query (pathQueryKeyAt: a name after "&" read as a query's) is a word: a Unicode
// space ends it as an ASCII one does, so keY0 after it is no query parameter's name either way.
func TestR69Masking14QueryEndsAtUnicodeSpace(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"0?000\u00a00&keY0=0":        "0?000\u00a00&keY0=0",
		"0?000\u20030&keY0=0":        "0?000\u20030&keY0=0",
		"0?000 0&keY0=0":             "0?000 0&keY0=0",
		"GET /x?a=1&keY0=0 done":     "GET /x?a=1&keY0=" + m + " done", // a query's key: its value masked
		"GET /x?a=1\u00a0&key=abcd9": "GET /x?a=1\u00a0&key=" + m,
	})
	for _, in := range []string{"0?000\u00a00&keY0=0", "GET /x?a=1&keY0=0 done"} {
		if MaskText(unicodeSpacesAsASCII(in)) != unicodeSpacesAsASCII(MaskText(in)) {
			t.Errorf("MaskText reads %q otherwise with ASCII spaces", in)
		}
	}
}

// TestR69Masking14SASWithEmptySigQuoted: FuzzMaskLogLinesCoversOld's first finding of this
// round (seed c74407a6fe906388) was the oracle's: token:"sv=&sig=" is a SAS's params with an
// empty sig, which names no secret (principle: names no credential), and MaskLogLines keeps it as
// it keeps token:sv=&sig=; the oracle read the SAS only where no quote stood after the key. A
// sig there is masked, quoted or not.
func TestR69Masking14SASWithEmptySigQuoted(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		`token:"sv=&sig="`:        `token:"sv=&sig="`,
		`token:sv=&sig=`:          `token:sv=&sig=`,
		`token:"sv=&sig=abc123"`:  `token:"sv=&sig=` + m + `"`,
		`token:'sv=x&sig=q9w8e7'`: `token:'sv=x&sig=` + m + `'`,
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}

// r69Masking14Why is the principle (coversOld's) under which the oracle lets a masker whose
// output is out show each value the old log masker hid in line: "" where it lets none, and the
// oracle then reports a leak.
func r69Masking14Why(line, out string) map[string]string {
	_, shownPlain := oldHidden(line)
	r := readOld(line, out, shownPlain, false)
	why := map[string]string{}
	for _, h := range r.hidden {
		core, p := r.principle(h)
		why[core] = p
	}
	return why
}

// TestR69Masking14OraclePrinciples: each of the oracle's written principles, with a line it
// exempts (the value shown, the principle named) and a near line it does not: a masker that
// showed that value would be reported. So an exemption never hides a leak beside it.
func TestR69Masking14OraclePrinciples(t *testing.T) {
	for _, c := range []struct {
		why, core          string
		exempt, near       string // the lines
		outExempt, outNear string // what a masker shows ("" for the line itself: it shows all)
	}{
		{principleShape, "ab", "password=ab x", "", "", ""},
		{principleShape, "ab9", "", "password=ab9 x", "", ""},
		{principleNames, "YES)", "(using password: YES)", "", "", ""},
		{principleNames, "YESS)", "", "(using password: YESS)", "", ""},
		{principleNames, "sv=&sig", `token:"sv=&sig="`, "", "", ""},
		{principleNames, "sv=&sig=0", "", `token:"sv=&sig=0"`, "", ""}, // a sig: no exemption
		{principleBeyond, "}000", "{pAsswd= }000", "", "", ""},
		{principleBeyond, "}000", "", "pAsswd= }000", "", ""},
		{principleSpaces, "000", "://0:000\u00a00@", "", "", ""},
		{principleSpaces, "000x0", "", "://0:000x0@", "", ""},
		{principleCounted, "000", "pAssWd=000 [pAsswd=0]000", "", "pAssWd=" + Masked + " [pAsswd=" + Masked + "]000", ""},
		{principleCounted, "000", "", "pAssWd=000 [pAsswd=0]001", "", "pAssWd=000 [pAsswd=" + Masked + "]001"},
	} {
		if c.exempt != "" {
			out := c.outExempt
			if out == "" {
				out = c.exempt
			}
			if got := r69Masking14Why(c.exempt, out)[c.core]; got != c.why {
				t.Errorf("%q showing %q in %q: principle %q, want %q", c.exempt, c.core, out, got, c.why)
			}
		}
		if c.near != "" {
			out := c.outNear
			if out == "" {
				out = c.near
			}
			why, ok := r69Masking14Why(c.near, out)[c.core]
			if !ok || why != "" {
				t.Errorf("%q showing %q in %q: principle %q (hidden %v), want none: a leak", c.near, c.core, out, why, ok)
			}
			coversOld(t, c.near) // and MaskLogLines hides it
		}
	}
}

// TestR69Masking14EveryCloserEveryKeyForm: which closer ends a value, for each opener and closer
// and each key form, read alike by MaskText, MaskAPIText and MaskLogLines, and by the oracle's
// r69Masking14CloserEnd (unopenedCloser, the maskers' own definition). A closer whose bracket
// opened before the key ends the value ({, [ always, ( glued to a call's name or before a blank
// or punctuation); one opened inside the value, or none, is the value's. A Bearer token ends at
// the first character outside its alphabet (RFC 6750), brackets included; a URL's userinfo runs
// to its "@".
func TestR69Masking14EveryCloserEveryKeyForm(t *testing.T) {
	const secret = "s3cr3tV9"
	for _, b := range [][2]string{{"{", "}"}, {"[", "]"}, {"(", ")"}, {"f(", ")"}} {
		open, closer := b[0], b[1]
		for _, form := range []string{"password: ", "password=", `"password": `, "Authorization: Bearer ", "Bearer ", "postgres://bob:"} {
			at := ""
			if form == "postgres://bob:" {
				at = "@db"
			}
			for _, c := range []struct {
				line     string
				tailSeen bool // the closer ends the value: what follows it is shown
			}{
				{open + form + secret + at + closer + "tail", open != "(" || form == "Bearer " || at != ""},
				{open + form + secret + at + closer + " tail", true},
				{form + secret + at + closer + "tail", form == "Bearer " || at != ""},
				{form + "s3" + open + "cr3t" + closer + "V9" + at + " tail", true},
			} {
				outs := map[string]string{"MaskText": MaskText(c.line), "MaskAPIText": MaskAPIText(c.line), "MaskLogLines": MaskLogLines([]string{c.line})[0]}
				for name, out := range outs {
					if out != outs["MaskText"] {
						t.Errorf("%s(%q) = %q, MaskText %q", name, c.line, out, outs["MaskText"])
					}
				}
				out := outs["MaskText"]
				inside := strings.Contains(c.line, "s3"+open)
				if strings.Contains(out, secret) || !inside && strings.Contains(out, "cr3t") || inside && form != "Bearer " && strings.Contains(out, "cr3t") {
					t.Errorf("MaskText(%q) = %q shows the secret", c.line, out)
				}
				if tail := c.line[strings.LastIndex(c.line, closer):]; !inside && strings.HasSuffix(out, tail) != c.tailSeen {
					t.Errorf("MaskText(%q) = %q: what follows the closer shown %v, want %v", c.line, out, !c.tailSeen, c.tailSeen)
				}
				coversOld(t, c.line)
				// The oracle ends the old masker's value where the maskers do.
				if hidden, _ := oldHidden(c.line); !inside && at == "" && c.tailSeen && strings.HasPrefix(c.line, open) {
					for _, h := range hidden {
						if strings.HasPrefix(h[1], secret) && h[1] != secret && r69Masking14CloserEnd(c.line, h[0], oldValueCore(h[1])) != len(secret) {
							t.Errorf("oracle: %q after %q in %q ends at %d, want %d", h[1], h[0], c.line, r69Masking14CloserEnd(c.line, h[0], oldValueCore(h[1])), len(secret))
						}
					}
				}
			}
		}
	}
}

// TestR69Masking14CookieNamedForACredential: FuzzMaskLogLinesCoversOld's second finding of this
// round (seed 60593045208375c7), a masker's: "Cookie: gAtoken=0000" kept the cookie's value, as
// Google Analytics' (analyticsCookies' "ga*" matched every name starting "ga": gatoken,
// gateway_token, gauth_secret). A cookie whose name names a credential is never an analytics
// one; _ga, _ga_<container> and _gid stay shown.
func TestR69Masking14CookieNamedForACredential(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"Cookie: gAtoken=0000":                                   "Cookie: gAtoken=" + m,
		"Cookie: gateway_token=abc123xyz; _ga=GA1.2.3":           "Cookie: gateway_token=" + m + "; _ga=GA1.2.3",
		"Cookie: gauth_secret=hunter22":                          "Cookie: gauth_secret=" + m,
		"Cookie: _ga=GA1.2.3; _ga_ABC123=GS1.1.17; _gid=GA1.2.9": "Cookie: _ga=GA1.2.3; _ga_ABC123=GS1.1.17; _gid=GA1.2.9",
	})
	coversOld(t, "Cookie: gAtoken=0000")
}
