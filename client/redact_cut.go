package client

import (
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The cut rule (README, Secret hygiene): a text cut where it held a remembered value shows no
// 12 bytes of it. A cut is an ellipsis ("…" or "...", which every shortened text of ours and of
// the API ends in) or an end of the text (one the API, or a size limit, cut without a mark).
// Before a cut, a stretch of minCutPrefix bytes or more of the value that begins it is redacted
// (its beginning); after one, a stretch that ends it (its end: "hunter2-…rrect-horse-r74h19",
// a middle cut, shows neither). A value's spellings looked for so are the value as sent, in any
// case, reversed, in hexadecimal and in base64 (cutForm). The text is read as a reader reads
// it: each \u escape (escaped once or more: `\u0068`, `\\u0068`), and every other JSON or Go
// escape, read as its character, and invisible characters (plain.Invisible: a zero-width space,
// a soft hyphen) read as nothing, so `\u0068unter2-correct-h…` or a beginning with a zero-width
// space between its characters is redacted as the plain one is. A piece of a value elsewhere
// in a text is shown: only a cut makes a piece of one that the text held whole (redact, before,
// redacts a value shown whole). The work is one reading of the text and, at each cut, the
// length of the forms.

// cutTails is s with each stretch the cut rule redacts (above) replaced by redactedMark.
func cutTails(s string, forms []cutForm) string {
	if len(forms) == 0 || len(s) < minCutPrefix {
		return s
	}
	rd := readCut(s)
	t := rd.text
	var spans []textSpan
	for from := 0; ; {
		end, mark := len(t), 0
		if i := strings.Index(t[from:], "…"); i >= 0 {
			end, mark = from+i, len("…")
		}
		if i := strings.Index(t[from:end], "..."); i >= 0 {
			end, mark = from+i, len("...")
		}
		piece := t[from:end]
		head := len(piece) - len(strings.TrimLeft(piece, " "))
		if at := cutHead(piece[head:], forms); at > 0 {
			spans = append(spans, textSpan{rd.start(from + head), rd.start(from + head + at)})
		}
		tail := len(strings.TrimRight(piece, " "))
		if at := cutTail(piece[:tail], forms); at >= 0 {
			spans = append(spans, textSpan{rd.start(from + at), rd.start(from + tail)})
		}
		if mark == 0 {
			break
		}
		from = end + mark
	}
	if len(spans) == 0 {
		return s
	}
	return replaceSpans(s, mergeSpans(spans))
}

// cutTail is where the longest beginning of a form (minCutPrefix bytes or more, shorter than the
// form) that piece ends with begins, or -1.
func cutTail(piece string, forms []cutForm) int {
	best := -1
	for _, f := range forms {
		for k := min(len(f.text)-1, len(piece)); k >= minCutPrefix && (best < 0 || len(piece)-k < best); k-- {
			if f.matches(piece[len(piece)-k:], f.text[:k]) {
				best = len(piece) - k
				break
			}
		}
	}
	return best
}

// cutHead is where the longest end of a form (minCutPrefix bytes or more, shorter than the
// form) that piece begins with ends, or 0.
func cutHead(piece string, forms []cutForm) int {
	best := 0
	for _, f := range forms {
		for k := min(len(f.text)-1, len(piece)); k >= minCutPrefix && k > best; k-- {
			if f.matches(piece[:k], f.text[len(f.text)-k:]) {
				best = k
				break
			}
		}
	}
	return best
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
		if c == '\\' {
			return true
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if plain.Invisible(r) {
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
	if s[i] < utf8.RuneSelf {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	return dec, copy(dec[:], s[i:i+size]), i + size
}

func isSurrogate(r rune) bool { return 0xd800 <= r && r < 0xe000 }
