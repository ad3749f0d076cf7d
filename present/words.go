package present

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Words is one wording in the two renderings a person may read it in: Markdown, for results
// and the client's question (where a value is escaped so it cannot become structure), and
// Plain, for the human pages, which HTML-escape it and render no Markdown, so a value must
// show there as it is (a path DIR/<b> is not DIR/\<b>). Values go in as Shown (words).
type Words struct{ Markdown, Plain string }

// Shown is a value inside Words, in both renderings.
type Shown struct{ markdown, plain string }

// Markdown is the value as a Markdown result shows it.
func (s Shown) Markdown() string { return s.markdown }

// Plain is the value as a human page shows it.
func (s Shown) Plain() string { return s.plain }

// words formats both renderings of one wording: a Shown argument gives each its own, any
// other argument is the same in both (numbers, fixed words).
func words(format string, args ...any) Words {
	md, pl := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		md[i], pl[i] = a, a
		if s, ok := a.(Shown); ok {
			md[i], pl[i] = s.markdown, s.plain
		}
	}
	return Words{fmt.Sprintf(format, md...), fmt.Sprintf(format, pl...)}
}

// NameShown is a name someone chose (a username, an organization's or an app's name) where a
// person approves an action on it: NameText, and one that may read as another name also quoted
// with its characters escaped and a word on why (lookAlikeFlag), so a Cyrillic bоb, or a "bob"
// ending in a NUL or a space, does not read as the member bob. add_member, update_member_roles
// and remove_member, delete_app and the other actions on an app, and an action's organization
// all name it so.
func NameShown(name string) Shown {
	md, pl := NameText(name), shownLine(name)
	if flag := lookAlikeFlag(name); flag != "" {
		md += " " + escapeText(flag, false, false)
		pl += " " + flag
	}
	return Shown{md, pl}
}

// lookAlikeFlag is what follows a name that may read as another: the name quoted with each
// character beyond ASCII or that does not show escaped, and why; "" for a name shown exactly as
// it is. A name beyond ASCII may only look like an ASCII one; an ASCII one shows as another when
// it holds a character that does not show (a control character: NUL, DEL, a tab or line
// break, which the shown name drops or turns into a space), blank space at its start or end
// (trimmed) or a run of spaces (a page shows one).
func lookAlikeFlag(name string) string {
	// A name shortened to fit a page (ClipItem) is judged by what is left of the API's: the …
	// and the note are this server's, and the quote is of its start only (it is shown just before).
	name, clipped := withoutClipNote(name)
	why := ""
	switch {
	case strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf }):
		why = "it holds characters beyond ASCII, which may only look like others"
	case strings.ContainsFunc(name, rules.Hidden) || rules.BlankAround(name) || strings.Contains(name, "  ") || oneLine(name) != name:
		why = "it holds characters or spaces that do not show, so it may read as another name"
	default:
		return ""
	}
	quoted := strconv.QuoteToASCII(name)
	if clipped {
		head, _ := cut(name, wordBytes)
		quoted = strconv.QuoteToASCII(head) + "…"
	}
	return "(" + quoted + ": " + why + ")"
}

// clipNoteStart and clipNoteEnd enclose the note ClipItem ends a shortened text with.
const (
	clipNoteStart = "… (shortened; "
	clipNoteEnd   = " characters in all; no tool shows it whole)"
)

// withoutClipNote is s without the note ClipItem ends a text it shortened with, and whether it
// had one: one whose count of characters is more than what is left, as ClipItem's always is.
func withoutClipNote(s string) (string, bool) {
	at := strings.LastIndex(s, clipNoteStart)
	if at < 0 || !strings.HasSuffix(s, clipNoteEnd) {
		return s, false
	}
	digits := strings.ReplaceAll(s[at+len(clipNoteStart):len(s)-len(clipNoteEnd)], ",", "")
	total, err := strconv.Atoi(digits)
	if err != nil || total <= utf8.RuneCountInString(s[:at]) {
		return s, false
	}
	return s[:at], true
}

// AppShown is an app as an action on it names it: its name (NameShown) and ID, as AppLabel.
func AppShown(id int64, name string) Shown {
	if name == "" {
		s := fmt.Sprintf("app %d", id)
		return Shown{s, s}
	}
	n := NameShown(name)
	return Shown{fmt.Sprintf("%s (%d)", n.markdown, id), fmt.Sprintf("%s (%d)", n.plain, id)}
}

// inlineShown is a value shown as itself: Inline in Markdown, one line on a page.
func inlineShown(s string) Shown { return Shown{Inline(s), shownLine(s)} }

// ErrorWords is Error in both renderings: the Markdown the agent reads, and the same words
// rendered plain from their sources (errorStyle) for a page, which HTML-escapes a value and
// renders no Markdown (the secret-entry page's failure: the API's "value for <PG_PASS>" is
// not "value for \<PG_PASS>", and its C:\Users\*\x or `x` keeps its backslashes and backticks).
func ErrorWords(err error) Words {
	return Words{Error(err), errorIn(err, nil, errorStyle{plain: true})}
}

// markdownShown is the text an inline Markdown text of this package shows: a backslash before
// ASCII punctuation is that character (escapeText, Inline's block and list escapes), a code
// span is its content (Code, a masked credential), everything else as it is (CommonMark's
// inline rules, which the Markdown is written for). Emphasis is left as written: the texts
// mark none, so an asterisk in them is the value's own.
func markdownShown(md string) string {
	if !strings.ContainsAny(md, "\\`") {
		return md
	}
	var b strings.Builder
	b.Grow(len(md))
	for i := 0; i < len(md); {
		switch c := md[i]; {
		case c == '\\' && i+1 < len(md) && asciiPunct(md[i+1]):
			b.WriteByte(md[i+1])
			i += 2
		case c == '`':
			j := i
			for j < len(md) && md[j] == '`' {
				j++
			}
			run := md[i:j]
			end := closingRun(md, j, len(run))
			if end < 0 { // no closing run: the backticks are literal
				b.WriteString(run)
				i = j
				continue
			}
			content := md[j:end]
			if len(content) >= 2 && content[0] == ' ' && content[len(content)-1] == ' ' && strings.Trim(content, " ") != "" {
				content = content[1 : len(content)-1]
			}
			b.WriteString(content)
			i = end + len(run)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// closingRun is where, from i on, a backtick run of exactly n starts; -1 when none does.
func closingRun(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// asciiPunct reports the ASCII punctuation a backslash escapes in CommonMark.
func asciiPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// boolOrder is 1 for true, 0 for false.
func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lookAlikeSkeleton is a name with the ASCII letters and digits that read alike in many fonts
// made one ("I", "1" and "|" as "l"; "0" and "O" as "o"; "rn" as "m", "vv" as "w", "cl" as
// "d"), in lower case: two names with the same skeleton may read as one another.
func lookAlikeSkeleton(name string) string {
	s := strings.Map(func(r rune) rune {
		switch r {
		case 'I', '1', '|':
			return 'l'
		case '0', 'O':
			return 'o'
		}
		return r
	}, name)
	return strings.NewReplacer("rn", "m", "vv", "w", "cl", "d").Replace(strings.ToLower(s))
}
