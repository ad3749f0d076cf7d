// Package plain holds the one normalization a text from outside (an API's error text, a name)
// gets before it is shown: terminal escapes stripped, line breaks and other breaking characters
// made one space, the ends trimmed. The client normalizes the API's error texts with Text
// before it redacts them (invisible formatting characters dropped too, so a value one splits
// reads whole), and the presentation layer's one-line rendering is Line, which changes nothing
// in a text Text made: what presentation does afterwards joins nothing a redacted value could
// span. Line keeps invisible characters (a zero-width joiner inside an emoji, a non-joiner in
// Persian): free text that holds no secret value is shown as written (Visible is the text a
// value is looked for in).
package plain

import (
	"strings"
	"unicode"
)

// Text is s as it is read on one line, for redaction: Line(Visible(StripANSI(s))).
func Text(s string) string { return Line(Visible(StripANSI(s))) }

// Visible is s without its invisible formatting characters (Invisible): what a reader sees,
// so a value split by one reads whole.
func Visible(s string) string {
	if !strings.ContainsFunc(s, Invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Line turns each run of line and paragraph breaks, tabs and other control or bidirectional
// formatting characters into one space (none where a space already stands next to it), and
// trims the ends. Invisible formatting characters stay (a zero-width joiner in an emoji).
func Line(s string) string {
	if !strings.ContainsFunc(s, Breaking) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if Breaking(r) {
			pending = true
			continue
		}
		if pending && r != ' ' && b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// Breaking reports control characters (C0, DEL, C1: newlines, tabs, escapes), the Unicode line
// and paragraph separators, and the bidirectional embeddings, overrides and isolates that can
// make text read differently from what it is.
func Breaking(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// Invisible reports a character that is shown as nothing and is not Breaking: a formatting
// character (Unicode's Cf category: a zero-width space or joiner, a soft hyphen, a byte order
// mark, a left-to-right or Arabic letter mark, a tag) or a default-ignorable code point
// (Unicode's Default_Ignorable_Code_Point, defaultIgnorable: a combining grapheme joiner, a
// variation selector, a Hangul filler). This is the one definition: masking reads a credential
// through them, and the client's redaction a value.
func Invisible(r rune) bool {
	if r < 0xad { // the first of either
		return false
	}
	return (unicode.Is(defaultIgnorable, r) || unicode.Is(unicode.Cf, r)) && !Breaking(r)
}

// defaultIgnorable is Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt,
// Unicode 15 and 16): Other_Default_Ignorable_Code_Point, Cf and Variation_Selector, but white
// space, the interlinear annotation characters, Egyptian hieroglyph format controls and
// prepended concatenation marks (TestDefaultIgnorable derives it from the unicode package).
var defaultIgnorable = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00ad, Hi: 0x00ad, Stride: 1},
		{Lo: 0x034f, Hi: 0x034f, Stride: 1},
		{Lo: 0x061c, Hi: 0x061c, Stride: 1},
		{Lo: 0x115f, Hi: 0x1160, Stride: 1},
		{Lo: 0x17b4, Hi: 0x17b5, Stride: 1},
		{Lo: 0x180b, Hi: 0x180f, Stride: 1},
		{Lo: 0x200b, Hi: 0x200f, Stride: 1},
		{Lo: 0x202a, Hi: 0x202e, Stride: 1},
		{Lo: 0x2060, Hi: 0x206f, Stride: 1},
		{Lo: 0x3164, Hi: 0x3164, Stride: 1},
		{Lo: 0xfe00, Hi: 0xfe0f, Stride: 1},
		{Lo: 0xfeff, Hi: 0xfeff, Stride: 1},
		{Lo: 0xffa0, Hi: 0xffa0, Stride: 1},
		{Lo: 0xfff0, Hi: 0xfff8, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0x1bca0, Hi: 0x1bca3, Stride: 1},
		{Lo: 0x1d173, Hi: 0x1d17a, Stride: 1},
		{Lo: 0xe0000, Hi: 0xe0fff, Stride: 1},
	},
}

// WithoutEscapedInvisible is s without the escapes that write an Invisible character out
// (\u200b, \u034F, \U000E0020 as six or ten characters of text, a surrogate pair \udb40\udc20 as
// JSON writes one), so a credential split by one written out reads whole; s itself when it
// holds none. One pass: linear.
func WithoutEscapedInvisible(s string) string {
	i := strings.Index(s, `\`)
	if i < 0 {
		return s
	}
	var b strings.Builder
	pos := 0 // s[:pos] is written
	for ; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if n := escapedInvisible(s[i:]); n > 0 {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[pos:i])
			pos = i + n
			i += n - 1
		}
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// EscapedInvisible returns the length of the escape at the start of s (a backslash) when it
// writes an Invisible character out (\u200b, \U000E0020, \udb40\udc20), else 0: what
// WithoutEscapedInvisible drops.
func EscapedInvisible(s string) int { return escapedInvisible(s) }

// escapedInvisible returns the length of the escape at the start of s (a backslash) when it
// writes an Invisible character, else 0.
func escapedInvisible(s string) int {
	if len(s) >= 10 && s[1] == 'U' {
		if r, ok := hexRune(s[2:10]); ok && Invisible(r) {
			return 10
		}
		return 0
	}
	if len(s) < 6 || s[1] != 'u' {
		return 0
	}
	r, ok := hexRune(s[2:6])
	if !ok {
		return 0
	}
	if r >= 0xd800 && r < 0xdc00 && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' { // a surrogate pair
		if lo, ok := hexRune(s[8:12]); ok && lo >= 0xdc00 && lo < 0xe000 {
			if Invisible(0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)) {
				return 12
			}
			return 0
		}
	}
	if Invisible(r) {
		return 6
	}
	return 0
}

// EscapedSpace returns the length of the escape at the start of s (a backslash) when it writes
// a Unicode space out (Zs beyond ASCII: \u00a0, \u2009, \u202F, \u3000, \U00003000, as an
// ASCII-only encoder such as Python's json.dumps writes them), else 0: masking reads it as a
// space, as it reads the space itself.
func EscapedSpace(s string) int {
	n := 6
	if len(s) >= 10 && s[1] == 'U' {
		n = 10
	} else if len(s) < 6 || s[1] != 'u' {
		return 0
	}
	if len(s) < n || s[0] != '\\' {
		return 0
	}
	if r, ok := hexRune(s[2:n]); ok && r > unicode.MaxASCII && unicode.Is(unicode.Zs, r) {
		return n
	}
	return 0
}

// hexRune reads h, hexadecimal digits of either case, as a rune.
func hexRune(h string) (rune, bool) {
	var r rune
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			r = r<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return r, r <= unicode.MaxRune
}

// StripANSI removes the terminal escape sequences of coloured text from s: SGR sequences (ESC [
// digits and semicolons m) and terminated operating system commands (ESC ] … BEL or ESC \);
// any other ESC becomes a space, as Line makes it, and what follows it stays.
func StripANSI(s string) string {
	if strings.IndexByte(s, '\x1b') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\x1b' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		if i+1 < len(s) && s[i+1] == ']' {
			if j := strings.IndexAny(s[i+2:], "\a\x1b"); j >= 0 {
				end := i + 2 + j
				if s[end] == '\a' {
					i = end
					continue
				}
				if end+1 < len(s) && s[end+1] == '\\' {
					i = end + 1
					continue
				}
			}
		}
		b.WriteByte(' ')
	}
	return b.String()
}
