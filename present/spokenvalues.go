package present

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maskSpokenValues masks a credential's value written after its name with no "=" or ":"
// between, in three shapes:
//
//   - a table's row, the cell after the one naming a credential (| password | <pw> |, psql's
//     password | <pw>, box drawing's │): the name's cell starts its line or follows a "|",
//     the value's is one word (maybe in backquotes or bold) and ends the row or a "|" follows;
//   - columns: the name starts its line, a tab or two spaces or more follow it, then the value,
//     one word, which ends the line or another such gap follows (password\t<pw>, password    <pw>);
//   - a sentence: the name, then is, was, has been (now maybe after them) or set, changed, reset,
//     updated or rotated to, a colon maybe after them, then the value (password is <pw>, the
//     password was: <pw>, password set to "<pw>").
//
// In each the value stays when it reads as a word or a status (spokenValueKept: password is
// required, | password | string |, password reset sent). Line separators read as line breaks
// (as MaskLogLines writes an entry's breaks). Each word is read a bounded number of times:
// linear.
func maskSpokenValues(s string) string {
	if !strings.ContainsAny(s, "\t|│") && !strings.Contains(s, "  ") && !strings.Contains(s, " is") &&
		!strings.Contains(s, " was") && !strings.Contains(s, " been") && !strings.Contains(s, " to") &&
		!strings.Contains(s, " for ") && !strings.Contains(s, " of ") &&
		!strings.ContainsAny(s, "\u0085\u2028\u2029") && !strings.ContainsFunc(s, unicodeSpace) {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); {
		if !isKeyByte(s[i]) || i > 0 && isKeyByte(s[i-1]) {
			i++
			continue
		}
		e := i
		for e < len(s) && isKeyByte(s[e]) {
			e++
		}
		if e-i <= 64 && credentialName(s[i:e], false) && !strings.EqualFold(s[i:e], "bearer") { // Bearer's token is maskSchemes'
			if vs, ve := spokenValue(s, i, e); ve > vs && vs >= m.pos {
				m.mask(vs, ve)
				// The value is read as a key too: a column's (keY⏎0keY⏎has been⏎<pw>, a line
				// separator for each space) may name the sentence's credential after it.
				i = max(e, vs)
				continue
			}
		}
		i = e
	}
	return m.result()
}

// spokenValue returns where the value of the credential named by s[ks:ke] stands in one of
// maskSpokenValues' shapes; -1, -1 when none.
func spokenValue(s string, ks, ke int) (start, end int) {
	key := s[ks:ke]
	if vs, ve, ok := tableCellValue(s, ks, ke); ok && !spokenValueKept(s, key, vs, ve) {
		return vs, ve
	}
	if vs, ve, ok := columnValue(s, ks, ke); ok && !spokenValueKept(s, key, vs, ve) {
		return vs, ve
	}
	if vs, ve, ok := sentenceValue(s, ks, ke); ok && !spokenValueKept(s, key, vs, ve) {
		return vs, ve
	}
	if vs, ve, ok := promptValue(s, ke); ok && !spokenValueKept(s, key, vs, ve) {
		return vs, ve
	}
	return -1, -1
}

// promptValue returns where the value a prompt for whose credential it is (psql's Password for
// user bob:, sudo's password for bob:, ssh-add's passphrase for key '/home/bob/.ssh/id_rsa':)
// was answered with on its line stands: the name, for or of, one to three words (a user, a
// host, a quoted path), ":" right after the last, a blank, then the value.
func promptValue(s string, ke int) (start, end int, ok bool) {
	if ke >= len(s) || s[ke] != ' ' {
		return -1, -1, false
	}
	k := ke + 1
	switch {
	case strings.HasPrefix(s[k:], "for "):
		k += len("for ")
	case strings.HasPrefix(s[k:], "of "):
		k += len("of ")
	default:
		return -1, -1, false
	}
	for range 3 {
		e := k
		for e < len(s) && e-k <= 128 && (isKeyByte(s[e]) || strings.IndexByte("@'\"/~", s[e]) >= 0) {
			e++
		}
		if e == k || e-k > 128 || e >= len(s) {
			return -1, -1, false
		}
		if s[e] == ':' {
			p := e + 1
			if p >= len(s) || s[p] != ' ' && s[p] != '\t' {
				return -1, -1, false
			}
			for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
				p++
			}
			if p >= len(s) || s[p] == '\n' || s[p] == '\r' || lineSeparatorAt(s, p) > 0 {
				return -1, -1, false
			}
			start, end = valueSpan(s, p)
			return start, end, end > start
		}
		if s[e] != ' ' {
			return -1, -1, false
		}
		k = e + 1
	}
	return -1, -1, false
}

// cellBarAt returns the length of a table's cell border at s[i] ("|" not doubled, "│"); 0 if none.
func cellBarAt(s string, i int) int {
	switch {
	case i < len(s) && s[i] == '|' && (i+1 == len(s) || s[i+1] != '|') && (i == 0 || s[i-1] != '|'):
		return 1
	case strings.HasPrefix(s[i:], "│"):
		return len("│")
	}
	return 0
}

// lineBreakAt returns the length of a line's end at s[i] (a line break, a line separator); 0
// if none. The end of s is one too: i == len(s) returns 1.
func lineBreakAt(s string, i int) int {
	switch {
	case i >= len(s):
		return 1
	case s[i] == '\n' || s[i] == '\r':
		return 1
	}
	return lineSeparatorAt(s, i)
}

// lineStartBefore reports whether only blanks (columnGap's) stand between the start of s[i]'s
// line and s[i].
func lineStartBefore(s string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case r == '\n' || r == '\r' || lineSeparator(r):
			return true
		case r == ' ' || r == '\t' || unicodeSpace(r):
			i -= n
		default:
			return false
		}
	}
	return true
}

// columnGap returns where the blanks at s[i] end and how wide they are: a tab or a line
// separator counts two, a space one (Unicode ones too). A line break ends them.
func columnGap(s string, i int) (end, width int) {
	for i < len(s) {
		if n := lineSeparatorAt(s, i); n > 0 {
			i, width = i+n, width+2
			continue
		}
		if s[i] == '\t' {
			i, width = i+1, width+2
			continue
		}
		n := spaceAt(s, i)
		if n == 0 || s[i] < ' ' { // a line break, a form feed: no column's gap
			break
		}
		i, width = i+n, width+1
	}
	return i, width
}

// cellWordEnd returns where the one word at s[v] ends: at a blank, a line's end or a cell
// border.
func cellWordEnd(s string, v int) int {
	e := v
	for e < len(s) && spaceAt(s, e) == 0 && s[e] != '\t' && lineBreakAt(s, e) == 0 && cellBarAt(s, e) == 0 && s[e] >= 0x20 {
		e++
	}
	return e
}

// unwrapCell returns s[vs:ve] without the backquotes or bold stars around it.
func unwrapCell(s string, vs, ve int) (int, int) {
	if maskedOnly(s[vs:ve]) {
		return vs, ve // ********, not bold stars around four
	}
	for _, w := range []string{"`", "**", "__"} {
		if maskedOnly(s[vs:ve]) {
			break
		}
		if ve-vs > 2*len(w) && strings.HasPrefix(s[vs:], w) && strings.HasSuffix(s[:ve], w) {
			vs, ve = vs+len(w), ve-len(w)
		}
	}
	return vs, ve
}

// tableCellValue reads a table's row: the key's cell (s[ks:ke], in backquotes or bold maybe)
// after a border or at its line's start, a border after it, then one word, then a border or
// the line's end.
func tableCellValue(s string, ks, ke int) (start, end int, ok bool) {
	p := ks
	for p > 0 && (s[p-1] == '`' || s[p-1] == '*') {
		p--
	}
	for p > 0 && (s[p-1] == ' ' || s[p-1] == '\t') {
		p--
	}
	if !(p > 0 && cellBarAt(s, p-1) == 1) && !(p >= len("│") && strings.HasSuffix(s[:p], "│")) && !lineStartBefore(s, p) {
		return -1, -1, false
	}
	q := ke
	for q < len(s) && (s[q] == '`' || s[q] == '*') {
		q++
	}
	q, _ = columnGap(s, q)
	n := cellBarAt(s, q)
	if n == 0 {
		return -1, -1, false
	}
	v, _ := columnGap(s, q+n)
	e := cellWordEnd(s, v)
	if e == v || s[v] == ':' || s[v] == '=' {
		return -1, -1, false // | password | : |: a separator, no value
	}
	after, _ := columnGap(s, e)
	if cellBarAt(s, after) == 0 && lineBreakAt(s, after) == 0 {
		return -1, -1, false
	}
	vs, ve := unwrapCell(s, v, e)
	return vs, ve, true
}

// columnValue reads columns: the key at its line's start, a gap of width two or more, one
// word (none holding "=" or ":", a pair maskPairs reads), then the line's end or another such gap.
func columnValue(s string, ks, ke int) (start, end int, ok bool) {
	if !lineStartBefore(s, ks) {
		return -1, -1, false
	}
	v, width := columnGap(s, ke)
	if width < 2 || lineBreakAt(s, v) > 0 {
		return -1, -1, false
	}
	e := cellWordEnd(s, v)
	if q := s[v]; q == '"' || q == '\'' {
		if qs, qe := valueSpan(s, v); qs == v+1 && qe < len(s) && s[qe] == q {
			e = qe + 1 // a quoted value, spaces and line separators in it
		}
	}
	if q := s[v]; e == v+1 && (q == '"' || q == '\'') {
		// A quote, then a blank or a line separator, its close glued to more (keY⏎"⏎pw"00,
		// password  " pw"x): the value runs to that close's word end, as "pw"x's does.
		close := v + 1
		for close < len(s) && s[close] != q && s[close] != '\n' && s[close] != '\r' && close-v <= 256 {
			close++
		}
		if close >= len(s) || s[close] != q {
			return -1, -1, false
		}
		e = cellWordEnd(s, close+1)
	}
	if e == v || cellBarAt(s, e) > 0 || strings.ContainsAny(s[v:e], "=:") {
		return -1, -1, false // a pair, maskPairs' to read, the next line's after a line separator: --password⏎user=bob
	}
	if after, w := columnGap(s, e); lineBreakAt(s, after) == 0 && w < 2 {
		return -1, -1, false
	}
	if q := s[v]; (q == '"' || q == '\'') && e-v >= 2 && s[e-1] == q {
		return v + 1, e - 1, true
	}
	vs, ve := unwrapCell(s, v, e)
	return vs, ve, true
}

// sentenceVerbs and sentenceTo are the words between a credential's name and its value in a
// sentence: password is <pw>, was now <pw>, has been set to <pw>.
var (
	sentenceVerbs = []string{"is", "was", "has been", "is now", "was now"}
	sentenceTo    = []string{"set to", "changed to", "reset to", "updated to", "rotated to"}
)

// sentenceValue reads a sentence: the key's end at s[ke], a space, sentenceVerbs, then
// sentenceTo, one of them at least, a colon maybe, a space, then the value (valueSpan, a
// backquoted one inside its backquotes). A space is any (spaceAt) or a line separator, as
// MaskLogLines writes an entry's break.
func sentenceValue(s string, ks, ke int) (start, end int, ok bool) {
	gap := func(p int) int {
		if p >= len(s) || s[p] == '\t' {
			return 0
		}
		return spaceAt(s, p) + lineSeparatorAt(s, p)
	}
	p := ke
	if gap(p) == 0 {
		return -1, -1, false
	}
	p += gap(p)
	groups := [][]string{sentenceVerbs, sentenceTo}
	if changeVerbBefore(s, ks) {
		groups = append(groups, sentenceToAlone) // changed password for bob to <pw>
	}
	p = forWhomEnd(s, p, gap, groups) // password for spice is <pw>
	read, spaced := false, false
	for _, words := range groups {
		for _, w := range slices.Backward(words) { // the longer first: "is now" before "is"
			if m := sentencePhraseAt(s, p, w, gap); m > 0 && (m == len(s) || s[m] == ':' || gap(m) > 0) {
				p, read, spaced = m, true, false
				if gap(p) > 0 {
					p, spaced = p+gap(p), true
				}
				break
			}
		}
	}
	if !read || p >= len(s) {
		return -1, -1, false
	}
	if s[p] == ':' {
		if spaced {
			return -1, -1, false // password is : x
		}
		p++
		if gap(p) > 0 {
			p += gap(p)
		}
	} else if !spaced {
		return -1, -1, false
	}
	if p >= len(s) {
		return -1, -1, false
	}
	if s[p] == '`' {
		if c := strings.IndexByte(s[p+1:min(len(s), p+257)], '`'); c > 0 {
			return p + 1, p + 1 + c, true
		}
	}
	start, end = valueSpan(s, p)
	return start, end, end > start
}

// changeVerbs are the verbs that, right before a credential's name, say a sentence gives its
// new value after "to" or an arrow alone (changed password for bob to <pw>, resetting
// password of bob -> <pw>): sentenceToAlone.
var (
	changeVerbs     = []string{"set", "changed", "reset", "updated", "rotated", "setting", "changing", "resetting", "updating", "rotating"}
	sentenceToAlone = []string{"to", "->", "→"}
)

// changeVerbBefore reports whether one of changeVerbs (any case), a space, maybe "the" or
// "its" and a space, stand right before s[ks].
func changeVerbBefore(s string, ks int) bool {
	if ks < 2 || s[ks-1] != ' ' {
		return false
	}
	e := ks - 1
	for _, article := range []string{"the ", "its ", "a "} {
		if e >= len(article) && strings.EqualFold(s[e-len(article)+1:e+1], article) {
			e -= len(article)
			break
		}
	}
	for _, v := range changeVerbs {
		if b := e - len(v); b >= 0 && strings.EqualFold(s[b:e], v) && (b == 0 || !isKeyByte(s[b-1])) {
			return true
		}
	}
	return false
}

// forWhomEnd returns where a qualifier at s[p] that says whose or which credential it is ends,
// before a verb of sentenceVerbs or sentenceTo: for or of, then one to three words (for spice,
// for the admin user, of the reader), each word and gap after it; p when none stands there.
func forWhomEnd(s string, p int, gap func(int) int, groups [][]string) int {
	k := sentencePhraseAt(s, p, "for", gap)
	if k == 0 {
		k = sentencePhraseAt(s, p, "of", gap)
	}
	if k == 0 || gap(k) == 0 {
		return p
	}
	k += gap(k)
	for range 3 {
		e := k
		for e < len(s) && e-k <= 64 && isKeyByte(s[e]) {
			e++
		}
		if e == k || gap(e) == 0 {
			return p
		}
		k = e + gap(e)
		for _, words := range groups {
			for _, w := range words {
				if sentencePhraseAt(s, k, w, gap) > 0 {
					return k
				}
			}
		}
	}
	return p
}

// sentencePhraseAt returns where the phrase w (words apart by one space) ends when it stands at
// s[p], its words apart by one gap each; 0 if it does not.
func sentencePhraseAt(s string, p int, w string, gap func(int) int) int {
	for i, word := range strings.Split(w, " ") {
		if i > 0 {
			if gap(p) == 0 {
				return 0
			}
			p += gap(p)
		}
		if !strings.HasPrefix(s[p:], word) {
			return 0
		}
		p += len(word)
	}
	return p
}

// spokenExtraWords are values that say of a credential what it is like, never what it is,
// beside statusWords, flagStatusWords, flagUsageWords and schemeProse (any case).
var spokenExtraWords = []string{"ok", "n/a", "na", "tbd", "todo", "-", "—", "–", "x", "✓", "✗", "✔", "✘", "*",
	"hidden", "redacted", "masked", "unchanged", "changed", "varchar", "text", "bytes"}

// spokenValueKept reports whether the value s[vs:ve] of key reads as prose, a status or a
// placeholder rather than a credential: a word (readableWord: letters, lower case after the
// first), a status or usage word in any case, a secret's name (PG_PASS), the key's own name in
// capitals (| token | TOKEN |), a <placeholder>, a shell variable or reference ($PW,
// ${secrets:x}), a column's type (VARCHAR(255)), a number a unit's word follows (8
// characters), or what is masked already.
func spokenValueKept(s, key string, vs, ve int) bool {
	v := s[vs:ve]
	word := strings.ToLower(strings.TrimRight(v, ".,!?;)"))
	switch {
	case v == "" || keptAsWritten(v) || strings.TrimSpace(v) == "" || shellVariable(v):
		return true
	case readableWord(v) || secretName(v) || strings.EqualFold(v, key):
		return true
	case slices.Contains(statusWords, word) || slices.Contains(flagStatusWords, word) || slices.Contains(flagUsageWords, word) ||
		slices.Contains(schemeProse, word) || slices.Contains(spokenExtraWords, word):
		return true
	case strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">"):
		return true
	case columnType(v) || qualifiedTypeName(v):
		return true
	case strings.Trim(v, "0123456789") == "" && ve+1 < len(s) && s[ve] == ' ' && s[ve+1] >= 'a' && s[ve+1] <= 'z':
		return true // password is 8 characters long
	}
	return false
}

// columnType reports a column's type with its size: letters, then digits (and a comma) in
// parentheses (VARCHAR(255), numeric(10,2)).
func columnType(v string) bool {
	o := strings.IndexByte(v, '(')
	if o <= 0 || !strings.HasSuffix(v, ")") || strings.Trim(v[o+1:len(v)-1], "0123456789, ") != "" {
		return false
	}
	for i := 0; i < o; i++ {
		if !isLetter(v[i]) {
			return false
		}
	}
	return true
}

// shellVariable reports a shell variable or substitution ($PW, ${PW}, $(cat pw)), which names
// a credential: "$" then a letter, "_", "{" or "(" ($2b$10$… is a bcrypt hash).
func shellVariable(v string) bool {
	return len(v) > 1 && v[0] == '$' && (isLetter(v[1]) || strings.IndexByte("_{(", v[1]) >= 0)
}

// qualifiedTypeName reports a type's qualified name as kubectl lists a secret's
// (kubernetes.io/service-account-token, helm.sh/release.v1): lower-case letters, digits, ".",
// "-" and a "/" after a name with a dot, its first byte a letter.
func qualifiedTypeName(v string) bool {
	slash := strings.IndexByte(v, '/')
	if slash <= 0 || slash == len(v)-1 || !strings.Contains(v[:slash], ".") || v[0] < 'a' || v[0] > 'z' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '/' && i == slash) {
			return false
		}
	}
	return true
}
