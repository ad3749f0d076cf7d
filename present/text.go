package present

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Free text from the API — descriptions, branches, commit and error messages, tag values,
// names — is data, not Markdown: whatever it holds, it must not start a heading, a list, a code
// fence, a block quote, HTML or a new paragraph in a result, where a model would read it as
// part of the answer's structure (a prompt-injection path from control-plane data). Every
// such value goes through one of these functions: Inline outside tables, Table's cells,
// Code inside backticks, Fence around a block.

// Inline renders free text for a place inside a line of Markdown so that it reads as the
// text it is: one line (line breaks and other control characters become spaces, runs of spaces
// one), its inline Markdown escaped (escapeInline: no HTML, entity, link, image, code span,
// emphasis or strikethrough, and a backslash of its own stays a backslash), and a backslash
// before a first character that could open a block (#, >, -, +, =, |, a "1. " or "1) " list
// number) should the value ever start a line.
func Inline(s string) string {
	s = escapeInline(oneLine(s), false)
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '=', '|':
		return `\` + s
	}
	// "1. x" or "2) x" would be a list item; "1.5.0" is not.
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') &&
		(i+1 == len(s) || s[i+1] == ' ') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// escapeInline backslash-escapes what CommonMark (and GFM's strikethrough) would read as
// inline Markdown, so that the text renders as itself:
//   - a backslash before ASCII punctuation or at the end (where it would escape what follows);
//     elsewhere a backslash is literal, so C:\Users reads as written;
//   - < (HTML, autolinks), [ (links, images, footnotes), ` (code spans), * and ~ (emphasis,
//     strikethrough), and & when it begins an entity or character reference (&lt;, &#60;);
//   - _ unless it stands between two letters or digits, where it cannot open or close emphasis
//     (snake_case stays as written);
//   - in a table cell (cell set), | too, which would end the cell.
//
// A masked credential (Masked) goes in a code span instead, where nothing needs escaping.
func escapeInline(s string, cell bool) string {
	if !strings.ContainsAny(s, "\\<[`*~&_|") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := rune(-1)
	skip := 0
	for i, r := range s {
		if i < skip {
			continue
		}
		if r == '*' && strings.HasPrefix(s[i:], Masked) {
			// A masked credential reads as itself in code, not as nine escapes.
			b.WriteString("`" + Masked + "`")
			skip, prev = i+len(Masked), '*'
			continue
		}
		next := rune(-1)
		if i+utf8.RuneLen(r) < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		}
		switch {
		case r == '\\' && (next == -1 || asciiPunct(next)),
			r == '<', r == '[', r == '`', r == '*', r == '~',
			r == '&' && entityAt(s[i:]),
			r == '_' && !(wordRune(prev) && wordRune(next)),
			r == '|' && cell:
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// asciiPunct: the characters a CommonMark backslash escapes.
func asciiPunct(r rune) bool {
	return r >= 0 && r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

func wordRune(r rune) bool { return r >= 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// entityAt reports whether s starts with an HTML entity or numeric character reference
// (&amp; &#60; &#x3C;), which CommonMark would render as the character it names.
func entityAt(s string) bool {
	rest, ok := strings.CutPrefix(s, "&")
	if !ok {
		return false
	}
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isLetter := func(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
	var valid func(byte) bool
	switch {
	case strings.HasPrefix(rest, "#x") || strings.HasPrefix(rest, "#X"):
		rest, valid = rest[2:], func(c byte) bool { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f' }
	case strings.HasPrefix(rest, "#"):
		rest, valid = rest[1:], isDigit
	case rest != "" && isLetter(rest[0]):
		valid = func(c byte) bool { return isDigit(c) || isLetter(c) }
	default:
		return false
	}
	n := 0
	for n < len(rest) && valid(rest[n]) {
		n++
	}
	return n > 0 && n < len(rest) && rest[n] == ';'
}

// oneLine turns each run of line and paragraph breaks, tabs and other control or
// bidirectional formatting characters into one space, and trims the ends.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, breaking) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if breaking(r) {
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

// breaking: control characters (C0, DEL, C1: newlines, tabs, escapes), the Unicode line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates that can make
// text read differently from what it is.
func breaking(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// Code renders a value as inline code: one line, between backtick runs longer than any run
// inside it, so the value cannot end the span early.
func Code(s string) string {
	s = oneLine(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// Fence renders body as a fenced code block of language lang, with a fence longer than any
// backtick run inside, so no line of the body can close it.
func Fence(lang, body string) string {
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(body, "\n") + "\n" + fence
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
