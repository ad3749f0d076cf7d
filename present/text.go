package present

import (
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Free text from the API — descriptions, branches, commit and error messages, tag values,
// names — is data, not Markdown: whatever it holds, it must not start a heading, a list, a code
// fence, a block quote, HTML or a new paragraph in a result, where a model would read it as
// part of the answer's structure (a prompt-injection path from control-plane data). Every
// such value goes through one of these functions: Inline outside tables, Table's cells,
// Code inside backticks, Fence around a block. The first three also write a character that
// does not show where it stands as its escape (shownLine); the structured copy keeps the value.

// Inline renders free text for a place inside a line of Markdown so that it cannot become
// part of the result's structure, while its raw text — what an agent reads — stays the value
// as written but for a few backslashes: one line (line breaks and other control characters
// become spaces, runs of spaces one), no raw HTML or autolink (< escaped), no link or image
// (] escaped before "("), and a backslash before a first character that would open a block
// should the value ever start a line (opensBlock: "# x", >, |, "- x", ---, "[x]: url", ```…;
// and a "1. " or "1) " list number) (escapeInline has the rest). Emphasis, code spans and
// strikethrough the value's own * _ ~ and backticks make are left to the renderer: they change
// how the value looks, never what it says, and escaping them put backslashes into
// identifiers, SQL and URLs (SELECT \*, \_\_init\_\_.py) and broke autolinks.
func Inline(s string) string {
	s = escapeInline(shownLine(s), false)
	if s == "" {
		return s
	}
	if opensBlock(s) {
		return `\` + s
	}
	// "1. x" or "2) x" would be a list item; "1.5.0" is not.
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') &&
		(i+1 == len(s) || s[i+1] == ' ') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// opensBlock reports whether s, at the start of a line, could open a block other than a
// paragraph: a heading ("# x", "##"), a quote (>), a table row (|), a list item ("- x", "+ x",
// "* x"), a setext underline (===, ---), a link reference definition ("[x]: url"), a code fence
// (``` or ~~~) or a thematic break (***, _ _ _). -edge-app- or #tag opens none.
func opensBlock(s string) bool {
	spaced := len(s) == 1 || s[1] == ' ' // a list item's marker: "- x", "+ x", "* x"
	switch s[0] {
	case '>', '|':
		return true
	case '#': // a heading: one to six # and a space or the end
		n := len(s) - len(strings.TrimLeft(s, "#"))
		return n <= 6 && (n == len(s) || s[n] == ' ')
	case '[':
		return strings.Contains(s, "]:")
	case '-':
		return spaced || thematicBreak(s) || strings.Trim(s, "- ") == "" // a setext underline: ---
	case '+':
		return spaced
	case '=':
		return strings.TrimRight(s, "= ") == ""
	case '*':
		return spaced || thematicBreak(s)
	case '_':
		return thematicBreak(s)
	case '`', '~':
		return strings.HasPrefix(s, strings.Repeat(s[:1], 3))
	}
	return false
}

// thematicBreak reports whether s is three or more of one of * _ - with spaces between.
func thematicBreak(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// quoted is s as Go quotes it (%q), escaped as inline text: what a caller sent, echoed in a
// refusal, cannot make a link or HTML there either.
func quoted(s string) string { return escapeText(strconv.Quote(s), false, false) }

// escapeInline backslash-escapes what would let text inside a line become HTML, a link or
// an image, or (in a table cell, cell set) end its cell, and nothing else:
//   - < (raw HTML, autolinks);
//   - ] before ( (the end of a link's or image's text: [a](u), ![a](u));
//   - in a table cell, |;
//   - a run of backslashes before one of those, or at the end (where it would escape what
//     follows), doubled, so the text's own backslashes stay backslashes (\<img> reads as
//     written); elsewhere a backslash is left alone, so C:\Users reads as written.
//
// A masked credential (Masked) goes in a code span, where it reads as one.
func escapeInline(s string, cell bool) string { return escapeText(s, cell, true) }

// escapeText is escapeInline; with codeMasked unset, Masked stays as it is (a rule's message
// that names the mask, not a credential masked in the text).
func escapeText(s string, cell, codeMasked bool) string {
	if !strings.ContainsAny(s, "\\<]|*") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case codeMasked && c == '*' && strings.HasPrefix(s[i:], Masked):
			b.WriteString("`" + Masked + "`")
			i += len(Masked)
			continue
		case c == '\\':
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			b.WriteString(s[i:j])
			if j == len(s) && !cell || j < len(s) && escaped(s, j, cell) {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		case escaped(s, i, cell):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// escaped reports whether s[i] needs a backslash (escapeInline).
func escaped(s string, i int, cell bool) bool {
	switch s[i] {
	case '<':
		return true
	case ']':
		return i+1 < len(s) && s[i+1] == '('
	case '|':
		return cell
	}
	return false
}

// oneLine turns each run of line and paragraph breaks, tabs and other control or
// bidirectional formatting characters into one space, and trims the ends (plain.Line: the
// client normalizes the API's texts the same way before it redacts them).
func oneLine(s string) string { return plain.Line(s) }

// shownLine is s on one line as a result's text shows it (Inline, Code, a table cell): each
// character that does not show where it stands written as its escape (rules.EchoedText: the API
// can return a bidi override, which would make the line read otherwise), a joiner that is part
// of the text kept, then one line (oneLine).
func shownLine(s string) string { return oneLine(rules.EchoedText(s)) }

// breaking: control characters, line and paragraph separators, bidirectional controls
// (plain.Breaking).
func breaking(r rune) bool { return plain.Breaking(r) }

// Code renders a value as inline code: one line, between backtick runs longer than any run
// inside it, so the value cannot end the span early.
func Code(s string) string {
	s = shownLine(s)
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

// NameText renders a name the API returns (an app's, a secret's, an organization's, a member's,
// a key's label) inside a line of Markdown. A name is an identifier, not prose: one holding
// Markdown's inline markup (nameMarkup: **Status: succeeded**, `x`, ~~x~~, [x](url), <b>, a
// backslash, an entity, a |) goes in a code span (Code), where none of it renders and its
// characters read as written, so it cannot pass for this server's own words (a bold status)
// or a link; any other name is Inline's, byte-identical (analytics-app, PG_PASS, v1.2_rc).
// A table's name cells follow the same rule (nameCell).
func NameText(s string) string {
	if nameMarkup(shownLine(s)) {
		return Code(s)
	}
	return Inline(s)
}

// nameMarkup reports whether s holds a character that Markdown's inline rules would render
// as other than itself: * ` ~ \ < > [ ] | (emphasis, code, strikethrough, escapes, HTML,
// links, a table's column break), & starting an entity (&amp;), or an underscore that can open
// or close emphasis (_x_, __init__: one not between two letters or digits; PG_PASS has none).
func nameMarkup(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '`', '~', '\\', '<', '>', '[', ']', '|':
			return true
		case '&':
			if strings.IndexByte(s[i:], ';') > 0 {
				return true
			}
		case '_':
			j := i
			for j < len(s) && s[j] == '_' {
				j++
			}
			if i == 0 || j == len(s) || !wordByte(s[i-1]) || !wordByte(s[j]) {
				return true
			}
			i = j - 1
		}
	}
	return false
}

// wordByte reports whether c is a letter or digit to Markdown's emphasis rules: ASCII ones, or
// a byte of a character beyond ASCII (a letter, most likely; a code span is the safe side).
func wordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}
