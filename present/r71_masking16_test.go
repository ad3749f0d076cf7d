package present

import (
	"strings"
	"testing"
)

// r71Masking16Breaks are the line separators and breaks the test writes before "=": NEL, LS, PS,
// CR and CRLF (MaskLogLines reads the last two inside an entry as MaskText reads the first three).
var r71Masking16Breaks = []string{"\u0085", "\u2028", "\u2029", "\r", "\r\n"}

// r71Masking16AsSpaces is s with each line separator and break written as a space.
func r71Masking16AsSpaces(s string) string {
	return strings.NewReplacer("\r\n", " ", "\u0085", " ", "\u2028", " ", "\u2029", " ", "\r", " ", "\n", " ").Replace(s)
}

// TestR71Masking16LineSeparatorBeforeEqualsEndsAToken: round 70's fifth closing finding. A line
// separator (or a break, which MaskLogLines reads as one inside an entry) right before "=" ends
// the token after an authorization scheme, as a space does: the pair after it is masked as
// after a space, its value to where a value after "=" runs (secret9&more7 whole). The token's
// walk over line separators read "=secret9" into the token and stopped at "&", so "&more7" (or
// "&0") was shown.
func TestR71Masking16LineSeparatorBeforeEqualsEndsAToken(t *testing.T) {
	for _, tpl := range []string{
		"Bearer abc_=secret9&more7",
		"BeArer_0_=0&0",
		"x Bearer abc_=secret9&more7 tail",
		"Bearer abc_==secret9&more7",
		"Bearer abc_=_secret9&more7",
		"Bearer abc_=secret9;more7",
		"Authorization: Bearer abc_=secret9&more7",
		"Proxy-Authorization: Bearer abc_=secret9&more7",
		"Basic dXNlcjpwYXNz_=secret9&more7",
		"Authorization: Basic dXNlcjpwYXNz_=secret9&more7",
		"Authorization: Token abc_=secret9&more7",
		"Authorization: Digest abc_=secret9&more7",
		"Authorization: ApiKey abc_=secret9&more7",
		"Authorization: Negotiate abc_=secret9&more7",
		"Authorization: SSWS abc_=secret9&more7",
		"Bearer abc_=secret9,more7", // a comma after "=" ends the value (decided): more7 shows with a space too
	} {
		hidden := []string{"secret9", "more7", "&0"}
		if strings.Contains(tpl, ",") {
			hidden = hidden[:1]
		}
		spaced := strings.ReplaceAll(tpl, "_", " ")
		want := MaskText(spaced)
		wantLog := MaskLogLines([]string{spaced})[0]
		for _, shown := range hidden {
			if strings.Contains(want, shown) {
				t.Fatalf("MaskText(%q) = %q: shows %q with spaces", spaced, want, shown)
			}
		}
		for _, br := range r71Masking16Breaks {
			s := strings.ReplaceAll(tpl, "_", br)
			got := MaskText(s)
			if br != "\r" && br != "\r\n" && r71Masking16AsSpaces(got) != want {
				t.Errorf("MaskText(%q) = %q, want %q as with spaces", s, got, want)
			}
			for _, shown := range hidden {
				if strings.Contains(got, shown) {
					t.Errorf("MaskText(%q) = %q: shows %q", s, got, shown)
				}
			}
			if got := MaskLogLines([]string{s})[0]; got != wantLog {
				t.Errorf("MaskLogLines(%q) = %q, want %q as with spaces", s, got, wantLog)
			}
		}
	}
}

// TestR71Masking16LineSeparatorInsideTokenStillJoins: the walk still goes on over a line
// separator inside a token (a program wrapped it: Bearer abc⏎def), and stops only where "="
// follows the separator; MaskText masks at least what it masks with a space there.
func TestR71Masking16LineSeparatorInsideTokenStillJoins(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bearer abc\u2028def more", "Bearer " + Masked + " more"},
		{"Bearer abc\u0085def\u0085=secret9&more7", "Bearer " + Masked + "\u0085=" + Masked},
		{"Bearer abc\u2028def=x more", "Bearer " + Masked + "\u2028def=x more"},
		{"Bearer abc=secret9&more7", "Bearer " + Masked + "&more7"},
	} {
		if got := MaskText(c.in); got != c.want {
			t.Errorf("MaskText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestR71Masking16PendingTokenThenPair: an entry that ends with a scheme (Authorization: Bearer),
// the next one starting with its token and then a pair (abc =secret9&more7, or a line separator
// or break for the space): the pair's value is masked as when the two are one entry. Before,
// maskPendingToken masked the token alone: "=secret9&more7" was shown after a space, "&more7"
// after a line separator (the walk read "=secret9" into the token).
func TestR71Masking16PendingTokenThenPair(t *testing.T) {
	for _, head := range []string{"Authorization: Bearer", "Authorization: Basic", "token=Bearer", `"Authorization": "Bearer`} {
		for _, br := range append([]string{" "}, r71Masking16Breaks...) {
			next := "abc" + br + "=secret9&more7"
			out := MaskLogLines([]string{head, next})
			if want := Masked + " =" + Masked; out[1] != want {
				t.Errorf("MaskLogLines(%q, %q) = %q, want %q", head, next, out, want)
			}
		}
	}
}
