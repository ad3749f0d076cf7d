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
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
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
	if r >= ' ' && r < 0x7f { // printable ASCII, most of any text: the table lookup below is the cost
		return false
	}
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

// UnicodeSpace reports a white space character beyond ASCII, as unicode.IsSpace reads one: the
// no-break, thin, ideographic and other spaces (Zs), the next line character NEL (U+0085), and
// the line and paragraph separators (U+2028, U+2029). Masking reads each as a space.
func UnicodeSpace(r rune) bool { return r > unicode.MaxASCII && unicode.IsSpace(r) }

// EscapedSpace returns the length of the escape at the start of s (a backslash) when it writes
// a space out (SpelledRune: \u00a0, \u0085, \u2009, \u202F, \u3000, \U00003000, as an
// ASCII-only encoder such as Python's json.dumps writes them, and \u0020, \u0009), else 0:
// masking reads it as a space, as it reads the space itself.
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
	if r, ok := hexRune(s[2:n]); ok && SpelledRune(r) {
		return n
	}
	return 0
}

// SpelledRune reports the characters a spelling of which SpelledSpace reads as a space: an
// ASCII space, tab, line break, carriage return, form feed or vertical tab, and every
// UnicodeSpace. Masking reads each of them, as written, as a separator.
func SpelledRune(r rune) bool {
	return r == ' ' || r >= '\t' && r <= '\r' || UnicodeSpace(r)
}

// MaxSpelledSpace is the longest spelling SpelledSpace reads (&amp;NonBreakingSpace;).
const MaxSpelledSpace = 22

// SpelledSpace returns the length of the spelling of a space (SpelledRune: an ASCII space, tab
// or line break, or a UnicodeSpace) written out at the start of s, else 0:
//
//   - an escape (EscapedSpace: \u00a0, \u0020, \u0085, \U00003000), or one in braces as
//     JavaScript, Rust and Swift write it (\u{a0}, \u{20}, \u{3000}: one to six digits);
//   - byte escapes, as Go's quoting writes bytes and Python's a character below U+0100:
//     the UTF-8 bytes of one (\x20, \xc2\xa0, \xc2\x85, \xe2\x80\x89, hex digits of either
//     case), or \xa0 or \x85 alone (NBSP and NEL in Latin-1); and the same bytes in octal, as C,
//     Python's bytes and PostgreSQL write them (\040, \302\240, \240: three digits each);
//   - an HTML character reference: &nbsp; and HTML's other names of spaces (&thinsp;,
//     &NonBreakingSpace;, &ThickSpace;, &Tab;, &NewLine;, &NBSP;…), or a number (&#32;,
//     &#x20;, &#160;, &#xa0;, &#XA0;, &#133;, at most 7 digits); and, as browsers read them,
//     &nbsp and a number without the semicolon (&nbspx, &#160x: legacyHTMLSpace); each also
//     HTML-escaped once more (&amp;nbsp;, &amp;#160;);
//   - percent-encoded UTF-8 (%20, %C2%A0, %c2%85, %E3%80%80), also encoded twice (%2520,
//     %25C2%25A0).
//
// Masking reads each as a space where separators are: after Bearer and Basic, around = and :.
func SpelledSpace(s string) int {
	if len(s) < 3 {
		return 0
	}
	switch s[0] {
	case '\\':
		if n := EscapedSpace(s); n > 0 {
			return n
		}
		switch c := s[1]; {
		case c == 'x':
			if n := byteEscapedSpace(s, `\x`); n > 0 {
				return n
			}
			if b, ok := hexByteAt(s, 2); ok && (b == 0xa0 || b == 0x85) {
				return 4
			}
		case c == 'u':
			return bracedSpace(s)
		case c >= '0' && c <= '3':
			return octalSpace(s)
		}
	case '%':
		if n := byteEscapedSpace(s, "%"); n > 0 {
			return n
		}
		return byteEscapedSpace(s, "%25") // encoded twice: %2520, %25C2%25A0
	case '&':
		return htmlSpace(s)
	}
	return 0
}

// bracedSpace returns the length of \u{…} at the start of s when its one to six hex digits
// are a SpelledRune, else 0.
func bracedSpace(s string) int {
	if len(s) < 5 || s[2] != '{' {
		return 0
	}
	end := strings.IndexByte(s[3:min(len(s), 10)], '}')
	if end < 1 {
		return 0
	}
	if r, ok := hexRune(s[3 : 3+end]); ok && SpelledRune(r) {
		return 3 + end + 1
	}
	return 0
}

// octalSpace returns the length of the octal escapes (three digits after a backslash) of the
// UTF-8 bytes of a SpelledRune at the start of s (\040, \302\240), or of \240 or \205 alone
// (NBSP and NEL in Latin-1), else 0.
func octalSpace(s string) int {
	var buf [4]byte
	for n := 0; n < len(buf); n++ {
		b, ok := octalByteAt(s, n*4)
		if !ok {
			break
		}
		buf[n] = b
		if r, size := utf8.DecodeRune(buf[:n+1]); r != utf8.RuneError && size == n+1 {
			if SpelledRune(r) {
				return (n + 1) * 4
			}
			return 0
		}
	}
	if b, ok := octalByteAt(s, 0); ok && (b == 0xa0 || b == 0x85) {
		return 4
	}
	return 0
}

// octalByteAt reads the octal escape (a backslash and three octal digits, at most \377) at
// s[i:] as a byte.
func octalByteAt(s string, i int) (byte, bool) {
	if i+4 > len(s) || s[i] != '\\' || s[i+1] < '0' || s[i+1] > '3' {
		return 0, false
	}
	var b byte
	for k := i + 1; k < i+4; k++ {
		if s[k] < '0' || s[k] > '7' {
			return 0, false
		}
		b = b<<3 | (s[k] - '0')
	}
	return b, true
}

// SpelledSpaceBefore returns the length of the spelling of a space (SpelledSpace) that ends s,
// the longest (\xc2\xa0, not its \xa0), else 0. A few byte comparisons for most s: only a
// spelling's last byte (a semicolon, a brace, a letter or digit) is looked behind.
func SpelledSpaceBefore(s string) int {
	if len(s) < 3 {
		return 0
	}
	if c := s[len(s)-1]; c != ';' && c != '}' && !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z') {
		return 0
	}
	// The leftmost start of a spelling that ends s is the longest.
	for k := max(0, len(s)-MaxSpelledSpace); k <= len(s)-3; k++ {
		if c := s[k]; (c == '\\' || c == '&' || c == '%') && SpelledSpace(s[k:]) == len(s)-k {
			return len(s) - k
		}
	}
	return 0
}

// byteEscapedSpace returns the length of the escapes of the UTF-8 bytes of a Unicode space at
// the start of s, each written as prefix and two hex digits (\xc2\xa0, %C2%A0, %25C2%25A0),
// else 0.
func byteEscapedSpace(s, prefix string) int {
	var buf [4]byte
	unit := len(prefix) + 2
	n := 0
	for ; n < len(buf) && len(s) >= (n+1)*unit && s[n*unit:n*unit+len(prefix)] == prefix; n++ {
		b, ok := hexByteAt(s, n*unit+len(prefix))
		if !ok {
			break
		}
		buf[n] = b
		if r, size := utf8.DecodeRune(buf[:n+1]); r != utf8.RuneError && size == n+1 {
			if SpelledRune(r) {
				return (n + 1) * unit
			}
			return 0
		}
	}
	return 0
}

// hexByteAt reads the two hex digits (of either case) at s[i:] as a byte.
func hexByteAt(s string, i int) (byte, bool) {
	if i+2 > len(s) {
		return 0, false
	}
	r, ok := hexRune(s[i : i+2])
	return byte(r), ok
}

// htmlSpaceNames are HTML's names of spaces: the Unicode spaces, the tab and the line break
// (HTML5's named character references), and &NBSP; (not HTML5's, but read as one).
var htmlSpaceNames = []string{"nbsp", "ensp", "emsp", "emsp13", "emsp14", "numsp", "puncsp", "thinsp", "hairsp",
	"ThinSpace", "MediumSpace", "VeryThinSpace", "NonBreakingSpace", "ThickSpace", "Tab", "NewLine", "NBSP"}

// htmlSpace returns the length of the HTML character reference of a space (SpelledRune) at the
// start of s (&nbsp;, &#160;, &#xa0;, &#32;, &Tab;, legacy &nbsp and &#160), also when it is
// HTML-escaped once more (&amp;nbsp;, &amp;#160;), else 0.
func htmlSpace(s string) int {
	if len(s) < 3 || s[0] != '&' {
		return 0
	}
	from := 1
	if strings.HasPrefix(s, "&amp;") || strings.HasPrefix(s, "&AMP;") {
		from = 5 // encoded twice
	}
	if n := htmlSpaceRef(s[from:]); n > 0 {
		return from + n
	}
	return 0
}

// htmlSpaceRef returns the length of what follows the ampersand of a reference to a space at
// the start of ref (nbsp;, #160;, NewLine;, legacy nbsp and #160), else 0.
func htmlSpaceRef(ref string) int {
	if n := legacyHTMLSpace(ref); n > 0 {
		return n
	}
	semi := strings.IndexByte(ref[:min(len(ref), MaxSpelledSpace)], ';')
	if semi < 1 {
		return 0
	}
	name := ref[:semi]
	if name[0] != '#' {
		if slices.Contains(htmlSpaceNames, name) {
			return semi + 1
		}
		return 0
	}
	digits, base := name[1:], 10
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base = digits[1:], 16
	}
	if digits == "" || len(digits) > 7 {
		return 0
	}
	u, err := strconv.ParseUint(digits, base, 32)
	if err != nil || u > unicode.MaxRune || !SpelledRune(rune(u)) {
		return 0
	}
	return semi + 1
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

// StripANSI removes the terminal escape sequences of coloured text from s: control sequences
// (ESC [, parameter and intermediate bytes, a final byte: SGR's colours, grep's erase-line
// ESC [ K, cursor moves) and terminated operating system commands (ESC ] … BEL or ESC \); any other ESC becomes a
// space, as Line makes it, and what follows it stays.
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
			for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f {
				j++ // parameter bytes
			}
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
				j++ // intermediate bytes
			}
			// The final byte; without parameters only the common m, K, J and H, so that a
			// stray ESC [ before a word (ESC [password=…) does not take its first letter.
			if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e && (j > i+2 || strings.IndexByte("mKJH", s[j]) >= 0) {
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

// legacyHTMLSpace returns the length of a reference to a space without its semicolon at the
// start of ref (what follows its ampersand), as browsers read it: nbsp (or NBSP), or a number
// (#160, #xa0, #32) up to its last digit; else 0 (and 0 when a semicolon follows: htmlSpaceRef
// reads that one).
func legacyHTMLSpace(ref string) int {
	if (strings.HasPrefix(ref, "nbsp") || strings.HasPrefix(ref, "NBSP")) && !strings.HasPrefix(ref[4:], ";") {
		return 4
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0
	}
	j, base := 1, 10
	if ref[j] == 'x' || ref[j] == 'X' {
		j, base = 2, 16
	}
	d := j
	for j < len(ref) && j-d < 7 && (ref[j] >= '0' && ref[j] <= '9' || base == 16 && (ref[j]|0x20 >= 'a' && ref[j]|0x20 <= 'f')) {
		j++
	}
	if j == d || j < len(ref) && ref[j] == ';' {
		return 0
	}
	u, err := strconv.ParseUint(ref[d:j], base, 32)
	if err != nil || u > unicode.MaxRune || !SpelledRune(rune(u)) {
		return 0
	}
	return j
}

// Number is n as results write counts, its thousands separated by commas: 204,800.
func Number(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Bytes renders a byte count as results write it, with a binary unit where it is a whole one
// (1 MiB, 512 KiB, 1,500 bytes): one form for present's results and the client's own errors.
func Bytes(n int64) string {
	for _, u := range []struct {
		size int64
		unit string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return Number(int(n/u.size)) + " " + u.unit
		}
	}
	if n == 1 {
		return "1 byte"
	}
	return Number(int(n)) + " bytes"
}

// WriteJSONEscape writes r as JSON and ECMA-262 escape it: \u00a0, and a character beyond U+FFFF
// as its surrogate pair (\ud83d\ude00), which both read as that one character.
func WriteJSONEscape(b *strings.Builder, r rune) {
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		fmt.Fprintf(b, `\u%04x\u%04x`, hi, lo)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}
