package present

import (
	"strings"
	"unicode"
)

// Free text from the API — descriptions, branches, commit and error messages, tag values,
// names — is data, not Markdown: whatever it holds, it must not start a heading, a list, a code
// fence, a block quote, HTML or a new paragraph in a result, where a model would read it as
// part of the answer's structure (a prompt-injection path from control-plane data). Every
// such value goes through one of these functions: Inline outside tables, Table's cells,
// Code inside backticks, Fence around a block.

// Inline renders free text for a place inside a line of Markdown: one line (line breaks and
// other control characters become spaces, runs of spaces one), no HTML (< is escaped), and a
// backslash before a first character that could open a block (#, >, -, +, *, _, =, `, ~, |,
// a "1. " or "1) " list number) should the value ever start a line.
func Inline(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, "<", `\<`)
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '*', '=', '`', '~', '|', '_':
		return `\` + s
	}
	// "1. x" or "2) x" would be a list item; "1.5.0" is not.
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') &&
		(i+1 == len(s) || s[i+1] == ' ') {
		return s[:i] + `\` + s[i:]
	}
	return s
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
