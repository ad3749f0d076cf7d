package client

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The cut rule (README, Secret hygiene): a text cut where it held a remembered value shows no
// 12 bytes of it. A cut is an ellipsis ("…" or "...", which every shortened text of ours and of
// the API ends in) or an end of the text (one the API, or a size limit, cut without a mark).
// Before a cut, a stretch of the value that begins it (its beginning); after one, a stretch that
// ends it (its end); between two, a piece of it held whole (its middle): each of minCutPiece
// bytes or more, counted together, and redacted when they show minCutPrefix bytes of it
// ("hunter2-…rrect-horse-r74h19", a middle cut, shows neither). A value's spellings looked for so are the value as sent, in any
// case, reversed, in hexadecimal and in base64 (cutForm). The text is read as a reader reads
// it: each \u escape (escaped once or more: `\u0068`, `\\u0068`), every other JSON or Go
// escape and each percent escape read as its character, a letter NFKC writes in ASCII as
// that (compatASCII: fullwidth, mathematical), an escape a cut left unfinished left aside (unfinishedEscape), and invisible characters (plain.Invisible: a zero-width space,
// a soft hyphen) read as nothing, so `\u0068unter2-correct-h…` or a beginning with a zero-width
// space between its characters is redacted as the plain one is. A piece of a value elsewhere
// in a text is shown: only a cut makes a piece of one that the text held whole (redact, before,
// redacts a value shown whole). The work is one reading of the text and, at each cut, the
// length of the forms.

// cutTails is s with each stretch the cut rule redacts (above) replaced by redactedMark.
//
// The pieces of one spelling a text shows around its cuts are counted together: a beginning
// before a cut, an end after one, and a piece the text holds whole between two marks (the
// middle of a value cut at both ends: "…rrect-hor…"), each of minCutPiece bytes or more, are
// redacted, all of them, when the bytes of the spelling they show (each counted once) number
// minCutPrefix or more: "hunter2-cor…[truncated]…t-horse-r74h" shows neither of its 11- and
// 12-byte pieces. A stretch made only of the server's own words (own: a tool's name,
// create_deployment) counts for nothing: a value that begins with one does not hide that word
// where a text ends with it.
func cutTails(s string, forms []cutForm, own func(string) bool) string {
	if len(forms) == 0 || len(s) < minCutPiece {
		return s
	}
	rd := readCut(s)
	t := rd.text
	// found[i]: the stretches of t that show pieces of forms[i], and the bytes of it they show.
	var found map[int][]cutFound
	add := func(i, at, end, lo, hi int) {
		if own != nil && ownWordsOnly(t[at:end], own) {
			return
		}
		if found == nil {
			found = map[int][]cutFound{}
		}
		found[i] = append(found[i], cutFound{textSpan{at, end}, lo, hi})
	}
	for from, marked := 0, false; ; {
		end, mark := len(t), 0
		if i := strings.Index(t[from:], "…"); i >= 0 {
			end, mark = from+i, len("…")
		}
		if i := strings.Index(t[from:end], "..."); i >= 0 {
			end, mark = from+i, len("...")
		}
		piece := t[from:end]
		head := len(piece) - len(strings.TrimLeft(piece, " "))
		tail := len(strings.TrimRight(piece, " "))
		if mark != 0 { // an escape the cut left unfinished, and spaces before it, stand aside
			tail = len(strings.TrimRight(piece[:tail-unfinishedEscape(piece[:tail])], " "))
		}
		if tail-head < minCutPiece && len(piece)-head < minCutPiece {
			if mark == 0 {
				break
			}
			from, marked = end+mark, true
			continue
		}
		low := asciiLowerString(piece) // once a piece: each form's look at it compares lower case
		for i, f := range forms {
			if k := cutHead(piece[head:], low[head:], f); k > 0 {
				add(i, from+head, from+head+k, len(f.text)-k, len(f.text))
			}
			if k := cutTail(piece[:tail], low[:tail], f); k > 0 {
				add(i, from+tail-k, from+tail, 0, k)
			}
			if marked && mark != 0 && tail > head {
				if lo := f.index(piece[head:tail], low[head:tail]); lo >= 0 {
					add(i, from+head, from+tail, lo, lo+tail-head)
				}
			}
		}
		if mark == 0 {
			break
		}
		from, marked = end+mark, true
	}
	var spans []textSpan
	for _, list := range found {
		if shownBytes(list) < minCutPrefix {
			continue
		}
		for _, f := range list {
			spans = append(spans, textSpan{rd.start(f.span.start), rd.start(f.span.end)})
		}
	}
	if len(spans) == 0 {
		return s
	}
	return replaceSpans(s, mergeSpans(spans))
}

// minCutPiece is the shortest piece of a spelling the cut rule counts (cutTails): shorter ones
// begin and end too many words by chance to be counted.
const minCutPiece = 4

// cutFound is a stretch of a text (span, in its reading) that shows the bytes lo to hi of a
// spelling.
type cutFound struct {
	span   textSpan
	lo, hi int
}

// shownBytes is how many bytes of the spelling list's stretches show, each counted once.
func shownBytes(list []cutFound) int {
	ranges := make([]textSpan, len(list))
	for i, f := range list {
		ranges[i] = textSpan{f.lo, f.hi}
	}
	n := 0
	for _, r := range mergeSpans(ranges) {
		n += r.end - r.start
	}
	return n
}

// ownWordsOnly reports whether stretch is made only of words own knows (and what is between
// them): a piece of the server's own vocabulary, which tells the agent nothing.
func ownWordsOnly(stretch string, own func(string) bool) bool {
	words := strings.FieldsFunc(stretch, func(r rune) bool {
		return !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	})
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if w = strings.Trim(w, "-_"); w != "" && !own(w) {
			return false
		}
	}
	return true
}

// cutTail is the length of the longest beginning of f (minCutPiece bytes or more, shorter than
// f) that piece (low: in lower case) ends with, or 0.
func cutTail(piece, low string, f cutForm) int {
	if len(piece) < minCutPiece || !f.holds(piece[len(piece)-minCutPiece:], low[len(low)-minCutPiece:]) {
		return 0
	}
	for k := min(len(f.text)-1, len(piece)); k >= minCutPiece; k-- {
		if f.matches(piece[len(piece)-k:], f.text[:k]) {
			return k
		}
	}
	return 0
}

// cutHead is the length of the longest end of f (minCutPiece bytes or more, shorter than f)
// that piece (low: in lower case) begins with, or 0.
func cutHead(piece, low string, f cutForm) int {
	if len(piece) < minCutPiece || !f.holds(piece[:minCutPiece], low[:minCutPiece]) {
		return 0
	}
	for k := min(len(f.text)-1, len(piece)); k >= minCutPiece; k-- {
		if f.matches(piece[:k], f.text[len(f.text)-k:]) {
			return k
		}
	}
	return 0
}

// index is where piece (minCutPiece bytes or more, shorter than f; low, in lower case) first
// stands in f, in any case when f folds, or -1.
func (f cutForm) index(piece, low string) int {
	if len(piece) < minCutPiece || len(piece) >= len(f.text) {
		return -1
	}
	if !f.fold {
		return strings.Index(f.text, piece)
	}
	return strings.Index(f.low, low)
}

// holds reports whether f holds four (minCutPiece bytes; low, in lower case), in any case when f
// folds: a piece that begins or ends with four bytes f does not hold shows no piece of f there.
func (f cutForm) holds(four, low string) bool {
	if !f.fold {
		return strings.Contains(f.text, four)
	}
	return strings.Contains(f.low, low)
}

// matches reports whether t spells p, in any case when f folds.
func (f cutForm) matches(t, p string) bool {
	if f.fold {
		return asciiLower(t[0]) == asciiLower(p[0]) && strings.EqualFold(t, p)
	}
	return t == p
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// cutReading is a text as the cut rule reads it (text), and where in the text each of its
// bytes was read from (at; nil when it is the text itself).
type cutReading struct {
	text string
	at   []int // at[i]: where the character text[i] belongs to begins; at[len(text)]: the end
}

// start is where the text's byte of the reading's i begins.
func (rd cutReading) start(i int) int {
	if rd.at == nil {
		return i
	}
	return rd.at[i]
}

// readCut reads s as the cut rule does (above): escapes read, invisible characters left out. A
// text that holds neither a backslash nor an invisible character (most: "—" and "❌" read as
// themselves) is read as it is, at no allocation.
func readCut(s string) cutReading {
	if !readsOtherwise(s) {
		return cutReading{text: s}
	}
	out := make([]byte, 0, len(s))
	at := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		dec, n, end := readCutChar(s, i)
		if r, _ := utf8.DecodeRune(dec[:n]); !(n > 1 && plain.Invisible(r)) {
			out = append(out, dec[:n]...)
			for range n {
				at = append(at, i)
			}
		}
		i = end
	}
	return cutReading{text: string(out), at: append(at, len(s))}
}

// readsOtherwise reports whether s holds a backslash or an invisible character.
func readsOtherwise(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' || c == '%' {
			return true
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := compatASCII(r); ok || plain.Invisible(r) {
			return true
		}
		i += size
	}
	return false
}

// readCutChar reads the character s[i:] begins with: a \u escape after any number of
// backslashes (an escape escaped again, and again), else as readCharLatin1Only reads it, a
// UTF-8 character whole.
func readCutChar(s string, i int) (dec [utf8.UTFMax]byte, n, end int) {
	if s[i] == '\\' {
		j := i
		for j < len(s) && s[j] == '\\' {
			j++
		}
		if j-i > 2 && j < len(s) && s[j] == 'u' {
			if u, ok := hex4(s, j+1); ok && !isSurrogate(rune(u)) {
				return dec, utf8.EncodeRune(dec[:], rune(u)), j + 5
			}
		}
		return readCharLatin1Only(s, i)
	}
	if s[i] == '%' {
		if b, ok := hexByte(s, i+1); ok {
			dec[0] = b
			return dec, 1, i + 3
		}
	}
	if s[i] < utf8.RuneSelf {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	if a, ok := compatASCII(r); ok {
		return dec, copy(dec[:], a), i + size
	}
	return dec, copy(dec[:], s[i:i+size]), i + size
}

// compatASCII is r's compatibility decomposition (NFKD, which NFKC composes no further) when it
// is ASCII of at most utf8.UTFMax bytes: how a reader, and NFKC, reads a fullwidth letter
// ("ｈｕｎｔｅｒ２" is "hunter2"), a mathematical one ("𝗵"), a superscript digit, a ligature ("ﬁ").
func compatASCII(r rune) ([]byte, bool) {
	if r < utf8.RuneSelf || r == '…' { // an ellipsis is a mark as it is: read as "...", it would cost a reading
		return nil, false
	}
	var buf [utf8.UTFMax]byte
	d := norm.NFKD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition()
	if len(d) == 0 || len(d) > utf8.UTFMax {
		return nil, false
	}
	for _, c := range d {
		if c >= utf8.RuneSelf {
			return nil, false
		}
	}
	return d, true
}

// unfinishedEscape is the length of the escape piece ends with that a cut left unfinished (a
// \u or \x with fewer hex digits than it needs, backslashes alone, a % with fewer than two):
// what a reader skips to the last character it can read ("hunter2-correct-ho\u00…").
func unfinishedEscape(piece string) int {
	n := len(piece)
	for k := 1; k <= 2 && k <= n; k++ {
		if piece[n-k] == '%' && strings.Trim(piece[n-k+1:], "0123456789abcdefABCDEF") == "" {
			return k
		}
	}
	i := n
	for i > 0 && n-i < 3 && strings.IndexByte("0123456789abcdefABCDEF", piece[i-1]) >= 0 {
		i--
	}
	if i > 0 && (piece[i-1] == 'u' || piece[i-1] == 'x') {
		i--
	} else if i != n {
		return 0
	}
	b := i
	for b > 0 && piece[b-1] == '\\' {
		b--
	}
	if b == i {
		return 0
	}
	return n - b
}

func isSurrogate(r rune) bool { return 0xd800 <= r && r < 0xe000 }
