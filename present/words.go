package present

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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
// person approves an action on it: Inline, and one holding a character beyond ASCII also
// quoted with each such character escaped and a word on why, so a Cyrillic bоb does not read
// as the member bob. add_member, update_member_roles and remove_member, delete_app and the
// other actions on an app, and an action's organization all name it so.
func NameShown(name string) Shown {
	md, pl := Inline(name), oneLine(name)
	if flag := lookAlikeFlag(name); flag != "" {
		md += " " + escapeText(flag, false, false)
		pl += " " + flag
	}
	return Shown{md, pl}
}

// lookAlikeFlag is what follows a name holding a character beyond ASCII: the name quoted with
// each such character escaped, and why; "" for an ASCII name.
func lookAlikeFlag(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf }) {
		return ""
	}
	return "(" + strconv.QuoteToASCII(name) + ": it holds characters beyond ASCII, which may only look like others)"
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
func inlineShown(s string) Shown { return Shown{Inline(s), oneLine(s)} }
