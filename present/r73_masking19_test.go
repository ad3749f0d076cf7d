package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r73Masking19Groq is a Groq key of 52 letters and digits (its longer reading).
const r73Masking19Groq = "gsk_R73masking19AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq9Q"

// r73Masking19Leads are log prefixes a wrapped entry repeats (none, RFC 3339 and level as the
// runtime writes them, klog).
var r73Masking19Leads = []string{"", "2026-12-07T10:00:00.000000Z  ERROR runtime::init: ", "I1207 10:00:00.000 main.go:12] "}

// TestR73Masking19GroqCutAfter48InLogEntries: a Groq key of 52 whose entry ends after 48 (its
// shorter reading's length) and whose next entry holds its last 4 is masked in both, as MaskText
// masks it over a line break (moreTokenJoinedAt). Before, fixedTokenAt read gsk_ by its first
// byte and length as GitHub's 36: 48 read was "whole", and the last 4 (Zq9Q) were shown, in 3 of
// 3 log prefixes. Cut anywhere else, over two or three entries, no piece of 5 or more shows.
func TestR73Masking19GroqCutAfter48InLogEntries(t *testing.T) {
	v := r73Masking19Groq
	if len(v) != 4+52 {
		t.Fatalf("len %d", len(v))
	}
	for _, lead := range r73Masking19Leads {
		lines := []string{lead + "auth with " + v[:4+48], lead + "  " + v[4+48:] + " rejected"}
		got := MaskLogLines(lines)
		if got[0] != lead+"auth with "+Masked || strings.Contains(got[1], "Zq9Q") || !strings.HasSuffix(got[1], Masked+" rejected") {
			t.Errorf("MaskLogLines(%q) = %q", lines, got)
		}
		for cut := 5; cut < len(v)-5; cut++ {
			mid := cut + (len(v)-cut)/2
			for _, entries := range [][]string{
				{lead + "auth with " + v[:cut], lead + "  " + v[cut:] + " rejected"},
				{lead + "auth with " + v[:cut], lead + "  " + v[cut:mid], lead + "  " + v[mid:] + " rejected"},
			} {
				got := strings.Join(MaskLogLines(entries), "⏎")
				for _, piece := range []string{v[cut:], v[cut:mid], v[mid:]} {
					if len(piece) >= 5 && strings.Contains(got, piece) {
						t.Errorf("MaskLogLines(%q) = %q", entries, got)
						break
					}
				}
			}
		}
	}
}

// TestR73Masking19FixedTokenAtReadsWholePrefixes: fixedTokenAt names each family by its whole
// prefix: gsk_ is Groq's 52 letters and digits, ABSK (Bedrock, of no fixed length) none, AWS's
// five prefixes 16, GitHub's 36, AIza 35. Before, every 4-byte prefix starting with "g" was
// GitHub's and every one starting with "A" but AIza AKIA's, ABSK too.
func TestR73Masking19FixedTokenAtReadsWholePrefixes(t *testing.T) {
	for in, want := range map[string]int{
		"gsk_": 52, "ABSK": 0, "ASIA": akiaBody, "AKIA": akiaBody, "ABIA": akiaBody, "ACCA": akiaBody, "A3TA": akiaBody,
		"ghp_": stuckGitHub, "gho_": stuckGitHub, "AIza": aizaBody, "glc_eyJ": 0, "glsa_": 0, "good": 0, "Amazon": 0, "ASIAN": akiaBody,
	} {
		if got, _ := fixedTokenAt(in+"QQQQ", 0); got != want {
			t.Errorf("fixedTokenAt(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestR73Masking19HeldWordsStartingWithGOrA (Held): ordinary entries starting with g or A, or
// holding ASIA, ABSK, gsk_ as words, then an entry of prose or (after a word longer than a
// prefix) of an ordinary value, are unchanged through MaskLogLines, and a 48 Groq key ending an entry whose next entry is
// another source's, or prose, keeps that entry.
func TestR73Masking19HeldWordsStartingWithGOrA(t *testing.T) {
	prose := []string{"PACIFIC ready", "Zq9Q done", "done", "Deployment started"}
	for _, first := range []string{"region ASIA", "see ABSK", "ABSKTEST", "gsk_config loaded", "github actions", "Amazon ASIA-PACIFIC",
		"ASIA", "gsk_", "AKIA", "ghp_", "AIza", "ABSK"} {
		nexts := prose
		if !strings.HasSuffix(first, "_") && len(first) > 4 {
			nexts = append(nexts, testutil.R66OrdinaryValues()...)
		}
		for _, lead := range r73Masking19Leads {
			for _, next := range nexts {
				in := []string{lead + first, lead + "  " + next}
				if got := MaskLogLines(in); got[0] != in[0] || !strings.HasSuffix(got[1], " "+next) && got[1] != next {
					t.Errorf("MaskLogLines(%q) = %q", in, got)
				}
			}
		}
	}
	groq48 := r73Masking19Groq[:4+48]
	for _, next := range []string{"2026-12-07T10:00:01Z WARN other: retry", "Deployment started", "v1.2.3 released"} {
		got := MaskLogLines([]string{"auth " + groq48, next})
		if got[0] != "auth "+Masked || got[1] != next {
			t.Errorf("MaskLogLines(%q, %q) = %q", groq48, next, got)
		}
	}
}

// TestR73Masking19EncodedPasswordRawBlankOrQuote: a percent-encoded URL whose password holds a
// raw quote, apostrophe, backtick, "<", ">", blank or tab (copied unencoded) has its userinfo
// masked to its %40 when the stretch after that byte holds the "@": the password holds it.
// Before, that byte ended the authority before any "@" and the user and password were shown
// whole: 7 of 7 passwords, through MaskText, MaskLogLines and in a query.
func TestR73Masking19EncodedPasswordRawBlankOrQuote(t *testing.T) {
	r74DupsEncodedPasswordsMasked(t, `p"ssR73word`, "p'ssR73word", "p`ssR73word", "p<ssR73word", "p>ssR73word", "p ssR73word", "p\tssR73word",
		`"R73word`, " R73word", `p"s&s=R73word`)
}

// TestR73Masking19EncodedTwice: a URL percent-encoded twice or three times (each "%" as %25: a
// URL in a query parameter of a URL in a query parameter) has its userinfo masked to its last
// "@" at its depth (%2540, %252540), with the rules of one encoding (a raw "&", "=", quote or
// blank in its password). Before, it was not read as an encoded URL at all: user and password
// shown, 12 of 12.
func TestR73Masking19EncodedTwice(t *testing.T) {
	for _, pw := range []string{"R73pw", "R73p&ss=w", `R73p"ss`, "R73p ss", "R73p%2540ss", "R73p%252Fss"} {
		for _, depth := range []string{"25", "2525"} {
			e := func(code string) string { return "%" + depth + code }
			in := "postgres" + e("3A") + e("2F") + e("2F") + "admin" + e("3A") + pw + e("40") + "db.example.com" + e("2F") + "x"
			want := "postgres" + e("3A") + e("2F") + e("2F") + Masked + e("40") + "db.example.com" + e("2F") + "x"
			if got := MaskText(in); got != want {
				t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
			}
			if got := MaskLogLines([]string{"redirect=" + in + "&state=1"})[0]; got != "redirect="+want+"&state=1" {
				t.Errorf("MaskLogLines(%q) = %q", in, got)
			}
		}
	}
	in := "?next=https%253A%252F%252FADMIN%253AR73pw%2540H.example%252Fx"
	if got := MaskText(in); strings.Contains(got, "R73pw") || strings.Contains(got, "ADMIN") {
		t.Errorf("MaskText(%q) = %q", in, got)
	}
}

// TestR73Masking19HeldEncodedURLs (Held): a blank or quote after an encoded URL's port or host
// still ends it (prose after it, an address in quotes, stays), a URL encoded twice without
// userinfo keeps its path's and query's "@", and "%25" in prose stays; every R66 ordinary
// value after an encoded URL's host or port stays.
func TestR73Masking19HeldEncodedURLs(t *testing.T) {
	for _, in := range []string{
		"https%3A%2F%2Fexample.com%3A8080 and mail bob%40x.com",
		"https%3A%2F%2Fhost%3Afoo and bob%40x.com",
		`https%3A%2F%2Fexample.com "bob%40x.com"`,
		"see <https%3A%2F%2Fexample.com%3A443> or `bob%40x.com`",
		"?next=https%253A%252F%252Fexample.com%252Fa%253Fb%253Dc%2540d",
		"?a=https%253A%252F%252Fexample.com%253A8080&b=c&d=e%2540f",
		"?next=https%253A%252F%252Fexample.com&email=bob%2540example.com",
		"100%25 done, %2525 literal, %253A alone", "%253A%252F%252F", "x%25253A%25252F%25252Fhost%25252Fp",
	} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q", in, got)
		}
		if got := MaskLogLines([]string{in})[0]; got != in {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
	}
	for _, o := range testutil.R66OrdinaryValues() {
		for _, u := range []string{"https%3A%2F%2Fexample.com%3A8080 ", "https%253A%252F%252Fexample.com ", "https%3A%2F%2Fexample.com\t"} {
			if got := MaskText(u + o); got != u+o {
				t.Errorf("MaskText(%q) = %q", u+o, got)
			}
		}
	}
}

// r73Masking19Adversarial are round 73's texts built to make masking slow: encoded URLs whose
// passwords hold raw blanks and quotes with no "@" after them, URLs encoded many times over,
// runs of %25, and Groq keys cut at 48 across entries.
var r73Masking19Adversarial = []string{
	"x%3A%2F%2Fa%3Ap\"", "x%3A%2F%2Fa%3Ap ", "%3A%2F%2Fa%3A `", "x%253A%252F%252Fa%253Ap<", "%252525252525", "%2525253A%2525252F",
	"%253A%252F%252Fa%253Ap&", "x%3A%2F%2Fa%3Ap\"q&r=s%2F", "%3A%2F%2Fa%3A%253A ", "\"%3A%2F%2Fa%3Ap",
	r73Masking19Groq[:4+48] + "\nZq9Q ", "gsk_\n",
}

// TestR73Masking19IsLinear: masking those texts 8 times as long takes about 8 times as long
// (checkLinear), through each masker and MaskLogLines of one entry a line.
func TestR73Masking19IsLinear(t *testing.T) {
	r72Masking18Linear(t, r73Masking19Adversarial)
}

// TestR73Masking19EncodedEscapeSplitByInvisible (FuzzMaskInvisible's find): an invisible
// character (zero-width joiner, byte order mark, soft hyphen, a tag) inside an encoded URL's
// escapes (%4\u200d0, %253\ufeffA, %25\u00ad2F) hides nothing: the encoded userinfo is read in
// the text as it reads too (viewMaskSpans), as every other credential is. Before, mask read
// encoded URLs in the text as written alone and the user and password were shown, 8 of 8.
func TestR73Masking19EncodedEscapeSplitByInvisible(t *testing.T) {
	for _, in := range []string{
		"postgres%3A%2F%2Fadmin%3AR73pss%4\u200d0db%2Fx", "postgres%3A%2F%2Fadmin%3AR73p&ss%4\ufeff0db%2Fx",
		"postgres%3A%2F%2Fadmin%3\u00adAR73p ss%40db%2Fx", "postgres%3\u200dA%2F%2Fadmin%3AR73pss%40db%2Fx",
		"postgres%253A%25\u200d2F%252Fadmin%253AR73p ss%2540db%252Fx", "postgres%253A%252F%252Fadmin%253\ufeffAR73pss%2540db%252Fx",
		"postgres%253A%252F%252Fadmin%253AR73pss%25\U000e002040db%252Fx", "\u200cpostgres\u180b%253A%252F%252Fadmin%253AR73p ss%2540db%252Fx",
	} {
		if got := MaskText(in); strings.Contains(got, "R73p") || strings.Contains(got, "admin") {
			t.Errorf("MaskText(%q) = %q", in, got)
		}
		if got := MaskLogLines([]string{"dsn " + in + " open"})[0]; strings.Contains(got, "R73p") || strings.Contains(got, "admin") {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
	}
}
