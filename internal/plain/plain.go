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

// Invisible reports a formatting character that is shown as nothing and is not Breaking: a
// zero-width space or joiner, a soft hyphen, a byte order mark, a left-to-right or Arabic
// letter mark (Unicode's Cf category).
func Invisible(r rune) bool { return unicode.Is(unicode.Cf, r) && !Breaking(r) }

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
