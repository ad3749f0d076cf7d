package present

import (
	"strings"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// r68Masking13Blanks are every Unicode space and separator (White_Space and Zs, ASCII's
// controls among them) and the invisible characters a reader does not see between words
// (U+200B–U+200D, U+2060, U+FEFF, U+00AD, U+180E).
func r68Masking13Blanks() []rune {
	var out []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.White_Space, r) || unicode.Is(unicode.Zs, r) {
			out = append(out, r)
		}
	}
	return append(out, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xad, 0x180e)
}

// TestR68Masking13EveryBlankEveryKeyForm: for every blank b and each form of a key and its
// value (key:, key=, "key":, a URL's userinfo, Bearer, Authorization: Bearer), with b where a
// blank stands (between the key's separator and the value, after the value, inside it), every
// masker reads b as one definition has it:
//   - MaskText and MaskAPIText mask alike, and none shows the value's first word;
//   - an invisible character is read as nothing (plain.Invisible): what a reader sees is
//     masked as the text without it is;
//   - a Unicode space that breaks no line (spaceAt) is read as an ASCII space: readable's view
//     of the result is the result of masking readable's view;
//   - a line separator (NEL, U+2028, U+2029) hides at least what an ASCII space hides;
//   - MaskLogLines hides at least what MaskText hides, and all the old log masker hid
//     (coversOld). Where b is a Unicode space, the old masker's \s, ASCII's, read b as part of
//     the value and ran on past it: the new one ends the value there as at an ASCII space (a
//     shell, an .env file and logfmt read one so), and the oracle compares what it hid up to b
//     (oldValueCore); it is stricter where the old one read b as a word's end, after a URL's
//     password (TestR68Masking13PasswordBetweenSpacesInURL).
func TestR68Masking13EveryBlankEveryKeyForm(t *testing.T) {
	forms := []struct{ name, before, after string }{
		{"key:", "log password:", ""},
		{"key: ", "log password: ", ""},
		{"key=", "log password=", ""},
		{`"key":`, `log "password":`, ""},
		{"URL userinfo", "dsn postgres://bob:", "@db/x"},
		{"Bearer", "log Bearer", ""},
		{"Authorization: Bearer", "log Authorization: Bearer", ""},
	}
	const secret = "R68sekret9x"
	for _, r := range r68Masking13Blanks() {
		b := string(r)
		invisible := plain.Invisible(r)
		for _, f := range forms {
			var values []string
			switch {
			case f.name == "URL userinfo" && !invisible && r < 0x80 && r != ' ' && r != '\t':
				// A line break, \v or \f inside a URL ends it for MaskText; MaskLogLines reads
				// a log entry as one line (below).
				values = []string{secret}
			case strings.HasSuffix(f.name, "Bearer") && invisible:
				// Bearer⁠x reads as one word, no scheme: the blank is the ASCII one after it.
				values = []string{" " + b + secret, " " + secret + b + "next"}
			case strings.HasSuffix(f.name, "Bearer"):
				values = []string{b + secret, " " + secret + b + "next"}
			default:
				values = []string{b + secret, secret + b + "next", b + secret + b}
			}
			for _, v := range values {
				in := f.before + v + f.after
				text, api, logs := MaskText(in), MaskAPIText(in), MaskLogLines([]string{in})[0]
				if text != api {
					t.Errorf("%U %s: MaskText(%q) = %q, MaskAPIText %q", r, f.name, in, text, api)
				}
				for name, got := range map[string]string{"MaskText": text, "MaskLogLines": logs} {
					if strings.Contains(got, "R68sek") {
						t.Errorf("%U %s: %s(%q) shows the secret: %q", r, f.name, name, in, got)
					}
				}
				r68Masking13Covers(t, r, f.name, "MaskLogLines", in, logs, text)
				coversOld(t, in)
				switch {
				case invisible:
					r68Masking13Covers(t, r, f.name, "without it", in, plain.Visible(text), MaskText(plain.Visible(in)))
				case lineSeparator(r):
					ascii := strings.ReplaceAll(in, b, " ")
					r68Masking13Covers(t, r, f.name, "as a space", in, strings.ReplaceAll(text, b, " "), MaskText(ascii))
				case r >= utf8RuneSelf && spaceAt(in, strings.Index(in, b)) > 0:
					if got, want := readable(text), MaskText(readable(in)); got != want {
						t.Errorf("%U %s: readable(MaskText(%q)) = %q, MaskText of its view %q", r, f.name, in, got, want)
					}
				}
			}
		}
	}
}

const utf8RuneSelf = 0x80

// r68Masking13Covers fails when got shows, outside its masks, a stretch want does not hold
// (blanks aside, as MaskLogLines writes a line's blanks as spaces).
func r68Masking13Covers(t *testing.T, r rune, form, name, in, got, want string) {
	t.Helper()
	squeeze := func(s string) string {
		return strings.Map(func(c rune) rune {
			if unicode.IsSpace(c) || plain.Invisible(c) {
				return -1
			}
			return c
		}, s)
	}
	for _, piece := range shownPieces(got) {
		if !strings.Contains(squeeze(want), squeeze(piece)) {
			t.Errorf("%U %s: %s shows more for %q: %q (%q) where MaskText gives %q", r, form, name, in, got, piece, want)
		}
	}
}
