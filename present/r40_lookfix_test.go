package present

import (
	"errors"
	"strings"
	"testing"
)

// TestR40NameShownFlagsInvisibleASCII (review1, round 40): a name whose shown form is not the
// name (a control character dropped, spaces trimmed or collapsed) is flagged with its escaped
// spelling, as a name beyond ASCII is; a name shown as it is reads as before.
func TestR40NameShownFlagsInvisibleASCII(t *testing.T) {
	for name, quoted := range map[string]string{
		"bob\x00": `"bob\x00"`, "bob\x7f": `"bob\x7f"`, "bob ": `"bob "`, " bob": `" bob"`,
		"bo\tb": `"bo\tb"`, "bo  b": `"bo  b"`, "bob\n": `"bob\n"`,
	} {
		s := NameShown(name)
		for _, r := range []string{s.Markdown(), s.Plain()} {
			if !strings.Contains(r, "("+quoted+": it holds characters or spaces that do not show") {
				t.Errorf("%q is not flagged: %q", name, r)
			}
		}
	}
	for _, name := range []string{"bob", "bo b", "-edge-app-", "a*b"} {
		if s := NameShown(name); strings.Contains(s.Plain(), "(") {
			t.Errorf("%q is flagged: %q", name, s.Plain())
		}
	}
}

// TestR40MarkdownShownIsTheText (review1, round 40): the page's words of an error are what its
// Markdown shows: escapes and code spans undone, the rest as it is.
func TestR40MarkdownShownIsTheText(t *testing.T) {
	for md, want := range map[string]string{
		`value for \<PG_PASS> must match [a-z]_x`: `value for <PG_PASS> must match [a-z]_x`,
		`C:\path \\\<b> x\](y)`:                   `C:\path \<b> x](y)`,
		"key `****` and `` `q` `` and ` a `":      "key **** and `q` and a",
		"one ` tick":                              "one ` tick",
		"\\# heading, 1\\. item":                  "# heading, 1. item",
	} {
		if got := markdownShown(md); got != want {
			t.Errorf("markdownShown(%q) = %q, want %q", md, got, want)
		}
	}
	const msg = `value for <PG_PASS> must match [a-z]_x`
	w := ErrorWords(errors.New(msg))
	if w.Markdown != Error(errors.New(msg)) || !strings.Contains(w.Plain, msg) {
		t.Errorf("ErrorWords: %+v", w)
	}
}
