package present

import (
	"strings"
	"testing"
)

// A connection string's user:password@host written with neither scheme nor port masks its
// password when the user is a name (a letter first), the password holds no space and a host
// follows the "@": a name with a dot, an IP, or a name before "/". E-mail addresses and
// prose stay: no password before them, a time or ratio (digits) before ":", an address's
// prefix (mailto:, from:) or a host that is a bare word (10:30@home).
func TestR48MaskFBareUserPasswordAtHost(t *testing.T) {
	masked := map[string]string{
		"bob:s3cr3tPw@db.example.com":            "bob:" + Masked + "@db.example.com",
		"psql bob:hunter2@db.internal/analytics": "psql bob:" + Masked + "@db.internal/analytics",
		"connect as admin:P%40ss@10.0.0.5":       "connect as admin:" + Masked + "@10.0.0.5",
		`{"dsn":"bob:pw123@db.example.com/app"}`: `{"dsn":"bob:` + Masked + `@db.example.com/app"}`,
		"dsn=bob:pw123@localhost/app":            "dsn=bob:" + Masked + "@localhost/app",
		"user bob:pw123@db.example.com.":         "user bob:" + Masked + "@db.example.com.",
		"bob:pw123@[::1]/app":                    "bob:" + Masked + "@[::1]/app",
		"bob:s3cr3tPw@db.example.com\u2028next":  "bob:" + Masked + "@db.example.com\u2028next",
		"psql\u00a0bob:hunter2@db.internal/a":    "psql\u00a0bob:" + Masked + "@db.internal/a",
		"psql\u2028bob:hunter2@db.internal/a":    "psql\u2028bob:" + Masked + "@db.internal/a",
		"bob:hunter22@db.internal:5432/app":      "bob:" + Masked + "@db.internal:5432/app",
		"user:hunter2@db.example.com":            "user:" + Masked + "@db.example.com",
	}
	for in, want := range masked {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
		if got := MaskLogLines([]string{in})[0]; !strings.Contains(got, Masked) {
			t.Errorf("MaskLogLines(%q) = %q: the password shows", in, got)
		}
	}
	for _, in := range []string{
		"mailto:bob@example.com",
		"bob@example.com",
		"at 10:30@home",
		"see ISO 8601 time 12:00@noon",
		"note: bob@example.com",
		"ratio 3:1@scale",
		"git@github.com:org/repo.git",
		"http://host:8080/",
		"it started 10:30:00 and ended 10:31:05",
		"[::1]:5432",
		"from:bob@example.com",
		"created_by:bob@example.com",
		"Email:bob@example.com",
		"sip:alice@voip.example.com",
		"a:b@home",
		"meet me at noon:sharp@home",
		"v1.2:beta@x",
		"purl pkg:npm/foo@1.2.3",
		"nginx:1.25@sha256:0123abcd",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]} {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// A quote inside an unquoted value opens a quote as a shell reads it (password=ab"c d" is one
// value) only up to where a value cannot go on: the end of the line or of a sentence (".", "!"
// or "?" and a space), but not a line separator, which may be a log entry's line break inside
// the value. Before, the value ran on over the prose after it to a quote far away.
func TestR48MaskFStrayQuoteStopsAtSentenceOrLineEnd(t *testing.T) {
	for in, want := range map[string]string{
		`password=abc"def some prose here. More text "x" end`: `password=` + Masked + ` some prose here. More text "x" end`,
		`token: abc"def is wrong! See "docs" first`:           `token: ` + Masked + ` is wrong! See "docs" first`,
		`secret=x"y is bad? Read "this"`:                      `secret=` + Masked + ` is bad? Read "this"`,
		"password=abc\"def one.\u00a0Two \"x\" end":           "password=" + Masked + " one.\u00a0Two \"x\" end",
		// A line separator may be a log entry's line break inside a value (MaskLogLines), so it
		// ends no quote: as with a space, the quote closes at the next one.
		"password=abc\"def one\u2028Two \"x\" end":             "password=" + Masked + "\" end",
		`password=abc"def is invalid: use "x" instead`:         `password=` + Masked + ` is invalid: use "x" instead`,
		`password=abc"def; see "x" instead`:                    `password=` + Masked + ` see "x" instead`,
		`password=abc"def is invalid\nUse "x" instead`:         `password=` + Masked + ` is invalid\nUse "x" instead`,
		`{"error":"password=abc\"def bad\nUse \"x\" instead"}`: `{"error":"password=` + Masked + ` bad\nUse \"x\" instead"}`,
		// A quote closed past a line separator (or a sentence's end) closes the quote the value
		// opened when nothing but the end follows, as on one line: the value's, quote and all.
		"seCret:0\"0\u0085\"": "seCret:" + Masked,
		"seCret:0\"0 \"":      "seCret:" + Masked,
		"pAss=0\"0\u0085\")":  "pAss=" + Masked,
		"pAss=0\"0 \")":       "pAss=" + Masked,
		// What a quote still takes: the quoted text on its line with no sentence's end in it.
		`password=ab"c d" next`:   `password=` + Masked + ` next`,
		`password=ab"c d.e" next`: `password=` + Masked + ` next`,
		`password=ab"c&d" x`:      `password=` + Masked + ` x`,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	if got := MaskLogLines([]string{"secret=x\"y one\ntwo three \"here\""})[0]; strings.Contains(got, "x\"y") || strings.Contains(got, "one") {
		t.Errorf("MaskLogLines = %q, want the value masked up to the quote that closes it on the entry's next line", got)
	}
}

// A line break that starts a new line (no space or tab after it: no header folded over lines)
// ends an Authorization value whose first word names no scheme: the next line's pair (x= 1)
// is no credential. Before, x= was masked as a token with base64 padding.
func TestR48MaskFLineBreakEndsUnknownSchemeValue(t *testing.T) {
	for in, want := range map[string]string{
		"Authorization: Foo\nx= 1":   "Authorization: " + Masked + "\nx= 1",
		"Authorization: Foo\nx=":     "Authorization: " + Masked + "\nx=",
		"Authorization: Foo\r\nx= 1": "Authorization: " + Masked + "\r\nx= 1",
		"Authorization: Foo,\nx= 1":  "Authorization: " + Masked + ",\nx= 1",
		"Authorization: Foo\nx=1":    "Authorization: " + Masked + "\nx=1",
		// Folded over lines (a space or tab starts the next), the value goes on.
		"Authorization: Foo\n abc23xyz":      "Authorization: " + Masked + "\n " + Masked,
		"Authorization: Foo\n\tabc23xyz":     "Authorization: " + Masked + "\n\t" + Masked,
		"Authorization: Foo\n\u00a0abc23xyz": "Authorization: " + Masked + "\n\u00a0" + Masked,
		// A known scheme keeps its credential on the next line masked.
		"Authorization: Bearer\nabc23xyz": "Authorization: Bearer\n" + Masked,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A clock time or a date after an Authorization value's first word that names no scheme is
// kept: no credential reads so. Before, Foo 12:30:00 masked the time as a token with a colon.
func TestR48MaskFClockTimeAfterUnknownSchemeKept(t *testing.T) {
	for in, want := range map[string]string{
		"Authorization: Foo 12:30:00":             "Authorization: " + Masked + " 12:30:00",
		"Authorization: Foo 9:05":                 "Authorization: " + Masked + " 9:05",
		"Authorization: Foo, 12:30:00":            "Authorization: " + Masked + ", 12:30:00",
		"Authorization: Foo (12:30:00)":           "Authorization: " + Masked + " (12:30:00)",
		"Authorization: Foo 12:30:00.123":         "Authorization: " + Masked + " 12:30:00.123",
		"Authorization: Foo 2026-12-04T12:30:00Z": "Authorization: " + Masked + " 2026-12-04T12:30:00Z",
		"Authorization: Foo 2026-12-04":           "Authorization: " + Masked + " 2026-12-04",
		"Authorization: Foo at 12:30:00":          "Authorization: " + Masked + " at 12:30:00",
		"Authorization: Foo 12:30+01:00":          "Authorization: " + Masked + " 12:30+01:00",
		"Authorization: Foo 12:30:00Z.":           "Authorization: " + Masked + " 12:30:00Z.",
		// Not a time: masked as before.
		"Authorization: Foo abc:23xyz":       "Authorization: " + Masked + " " + Masked,
		"Authorization: Foo 12:30:00x":       "Authorization: " + Masked + " " + Masked,
		"Authorization: Foo 1234:56789":      "Authorization: " + Masked + " " + Masked,
		"Authorization: Foo 123412:30:00":    "Authorization: " + Masked + " " + Masked,
		"Authorization: Foo 2026-12-0412:30": "Authorization: " + Masked + " " + Masked,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
	if in := "Authorization: Foo 12:30:00"; MaskAPIText(in) != in {
		t.Errorf("MaskAPIText(%q) = %q, want it kept", in, MaskAPIText(in))
	}
}

// After Digest, a parameter's value read on over a line separator to the next name and its "="
// (a line separator ends no value) takes that name's quoted value with it, as the list read
// with spaces does: the quote is not shown. Before, Digest\u00850=0\u20280=" showed it
// (FuzzMaskInvisible seed cf1225bf8544eb49, already so on main).
func TestR48MaskFDigestQuotedValueAfterLineSeparator(t *testing.T) {
	for in, want := range map[string]string{
		"Auth:Digest\u00850=0\u20280=\"":                  "Auth:Digest\u0085" + Masked,
		"Auth:Digest 0=0\u20280=\"":                       "Auth:Digest " + Masked,
		"Authorization: Digest a=0\u2028b=\"x y\"":        "Authorization: Digest " + Masked,
		"Authorization: Digest a=0\u2028b=\"x y\", c=d e": "Authorization: Digest " + Masked + " e",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// A .netrc entry after a Redis directive that takes its "machine" for its value, the words
// apart by line separators, still has its password masked, as with spaces. Before, the
// password showed (FuzzMaskInvisible seed 6f154a9b63d3efc2, already so on main).
func TestR48MaskFNetrcAfterRedisDirective(t *testing.T) {
	for _, in := range []string{
		"x\u2029requirepass\u0085machine\u2028h\u2029login\u0085bob\u2028password\u2029pw22",
		"x\nrequirepass\nmachine h login bob password pw22",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "pw22") {
				t.Errorf("%s(%q) = %q: the password shows", name, in, got)
			}
		}
	}
}

// An Authorization value's unknown first word with a line separator before a comma (which a
// line separator does not end) is still that word: the token after the comma is masked, as
// with a space. Before, it showed (FuzzMaskInvisible seed 7ef5c24069511c40, already so on main).
func TestR48MaskFUnknownSchemeLineSeparatorBeforeComma(t *testing.T) {
	for _, in := range []string{"Authorization: Foo\u2029,abc23xyz", "AuthoriZAtion:0\u2029,000023", "Authorization: Foo\u0085, abc23xyz"} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "23") {
				t.Errorf("%s(%q) = %q: the token shows", name, in, got)
			}
		}
	}
}

// A spicepod key that names a credential only once masked (keY:0 reads keY:********) has its
// value masked the first time, so that masking the masked spicepod again changes nothing.
// Before, the value showed (FuzzMaskSpicepod seed 10ab07712da94e94, already so on main).
func TestR48MaskFSpicepodKeyNamingCredentialOnceMasked(t *testing.T) {
	out := MaskSpicepod(map[string]any{"name": "x", "00000keY:0": 7, "metadata": map[string]any{"tls_keY:9": "abc"}})
	if got := out["00000keY:"+Masked]; got != Masked {
		t.Errorf("00000keY:0's value = %#v, want %q (%#v)", got, Masked, out)
	}
	if meta, _ := out["metadata"].(map[string]any); meta == nil || meta["tls_keY:"+Masked] != Masked {
		t.Errorf("metadata = %#v, want tls_keY:%s's value masked", out["metadata"], Masked)
	}
}

// PHP var_dump's string(n) "…" whose string holds a line separator where a space was: the
// length read with the separator as one byte ends the string too, so no quote of it shows.
// Before, the last quote showed (FuzzMaskInvisible seed d37c2672fcbbd8f8, already so on main).
func TestR48MaskFVarDumpStringWithLineSeparator(t *testing.T) {
	for in, want := range map[string]string{
		"pAss=\u2029string(8)\u0085\"00000\u2028\"0\"": "pAss=\u2029" + Masked,
		"pAss= string(8) \"00000 \"0\"":                "pAss= " + Masked,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
