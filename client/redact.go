package client

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Redaction of sensitive values (the token, API keys, secret values) in texts an API answer
// holds. A value may come back in any spelling JSON allows inside a string —
// "S\u00e9cr\u20ACt\/p\u0026ss" is "Sécr€t/p&ss", "\ud83d\ude00" is "😀" — so the text's
// escapes are read, in one pass, and every stretch of the text that reads as a value is
// replaced. The work is linear in the text's length times the number of values.

// redactedMark stands in for a sensitive value in errors.
const redactedMark = "[REDACTED]"

// minRedactedPrefix is the shortest beginning of a sensitive value (in bytes of the text) that
// is redacted when a shortened text ends with it.
const minRedactedPrefix = 8

// maxUnit is the longest piece of text one character is read from: a surrogate pair's two
// escapes, `\ud83d\ude00`.
const maxUnit = 12

// redact replaces every sensitive value (of 4 bytes or more) in s, as sent and in any spelling
// JSON allows inside a string (\" \\ \/ \b \f \n \r \t and \uXXXX in any case of hex,
// surrogate pairs whole, a mix of escaped and plain characters), so an answer that echoes a
// value, encoded by whatever encoder, does not show it. The spellings common encoders write are
// also looked for byte for byte (redactionForms), so a backslash that is the text's own (a
// value with `\b` in it, as the API decoded it) does not hide a value. Stretches that overlap
// are replaced as one.
func redact(s string, sensitive ...string) string {
	return replaceSpans(s, sensitiveSpans(s, redactionNeedles(sensitive)))
}

// redactShortened is truncateRedacted(redact(s, sensitive...), n, sensitive...), read from only
// as much of s as those n bytes depend on: a long body costs no more than its beginning.
func redactShortened(s string, n int, sensitive ...string) string {
	nd := redactionNeedles(sensitive)
	for w := n + 4*nd.span + 1024; ; w *= 2 {
		if w >= len(s) {
			return truncateRedacted(redact(s, sensitive...), n, sensitive...)
		}
		window := s[:w]
		spans := sensitiveSpans(window, nd)
		// Every stretch that begins before x (where the redacted text grows past n bytes) ends
		// inside the window and was read as in the whole text (the escapes closer than maxUnit
		// to the window's end may read otherwise): the first n+1 bytes are final.
		if x := shownEnd(window, spans, n); x >= 0 && x+nd.span+maxUnit <= w {
			return truncateRedacted(replaceSpans(window, spans), n, sensitive...)
		}
	}
}

// truncateRedacted shortens already redacted text to at most n bytes (whole characters) and
// then redacts a beginning of a sensitive value (8 bytes of the text or more, in any JSON
// spelling, an escape cut short included) that the text ends with: a value the answer itself
// held only in part, or cut where the answer was cut.
func truncateRedacted(s string, n int, sensitive ...string) string {
	cut := false
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s, cut = s[:n], true
	}
	if at := sensitiveTail(s, redactionNeedles(sensitive)); at >= 0 {
		s = s[:at] + redactedMark
	}
	if cut {
		s += "…"
	}
	return s
}

// needles are what redaction looks for.
type needles struct {
	read []string // texts a stretch reads as, its escapes read: each value, and validUTF8 of it
	raw  []string // spellings looked for byte for byte: redactionForms
	span int      // the most bytes of text a stretch that reads as or is one of them can take
}

func redactionNeedles(sensitive []string) needles {
	var nd needles
	for _, v := range sensitive {
		if len(v) < 4 {
			continue
		}
		for _, read := range []string{v, validUTF8(v)} {
			if !slices.Contains(nd.read, read) {
				nd.read = append(nd.read, read)
			}
		}
	}
	nd.raw = redactionForms(sensitive)
	// A stretch takes at most 6 bytes of text for each byte it reads as (`\u0041` is "A"; a
	// form is no longer), and the rest of the characters it begins and ends inside.
	for _, v := range nd.read {
		nd.span = max(nd.span, 6*len(v)+2*maxUnit)
	}
	return nd
}

// redactionForms are the spellings of the sensitive values (4 bytes or more) that common
// encoders write, longest first.
func redactionForms(sensitive []string) []string {
	var forms []string
	add := func(f string) {
		if len(f) >= 4 && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	for _, v := range sensitive {
		if len(v) < 4 {
			continue
		}
		add(v)
		// What encoders in common use write: Go's with and without HTML escaping (& < > as
		// \u0026 \u003c \u003e), and ASCII-only ones (Python's json.dumps, PHP's json_encode)
		// with lower- or upper-case hex, with and without `/` as `\/`.
		for _, html := range []bool{false, true} {
			for _, ascii := range []bool{false, true} {
				for _, upper := range []bool{false, true} {
					for _, slash := range []bool{false, true} {
						add(jsonSpelling(v, html, ascii, upper, slash))
					}
				}
			}
		}
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return forms
}

// jsonSpelling is v as a JSON encoder writes it inside a string (without the quotes): html
// escapes & < >, ascii escapes every non-ASCII character (surrogate pairs beyond U+FFFF),
// upper writes \u escapes' hex in upper case, slash escapes `/`.
func jsonSpelling(v string, html, ascii, upper, slash bool) string {
	var b strings.Builder
	hex := func(r rune) {
		f := `\u%04x`
		if upper {
			f = `\u%04X`
		}
		fmt.Fprintf(&b, f, r)
	}
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029 || (html && (r == '&' || r == '<' || r == '>')):
			hex(r)
		case r == '/' && slash:
			b.WriteString(`\/`)
		case r > 0x7e && ascii:
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				hex(r1)
				hex(r2)
			} else {
				hex(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validUTF8 is v with each byte that does not belong to a UTF-8 character replaced by U+FFFD.
func validUTF8(v string) string {
	if utf8.ValidString(v) {
		return v
	}
	var b strings.Builder
	for _, r := range v { // ranging yields utf8.RuneError for each such byte
		b.WriteRune(r)
	}
	return b.String()
}

// shortEscapes are the characters JSON's one-letter escapes stand for.
var shortEscapes = [256]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// readChar reads the character of JSON string text that s[i:] begins with: an escape (a
// surrogate pair's two escapes as one character), or else one byte, which stands for itself
// — a backslash that begins no valid escape included. It returns the bytes the character reads
// as (a surrogate without its other half reads as U+FFFD, as encoding/json reads it) and where
// the character ends. It never looks more than maxUnit bytes ahead.
func readChar(s string, i int) (dec [utf8.UTFMax]byte, n, end int) {
	if s[i] != '\\' || i+1 >= len(s) {
		dec[0] = s[i]
		return dec, 1, i + 1
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
		dec[0] = c
		return dec, 1, i + 2
	case 'b', 'f', 'n', 'r', 't':
		dec[0] = shortEscapes[c]
		return dec, 1, i + 2
	case 'u':
		u, ok := hex4(s, i+2)
		if !ok {
			break
		}
		r, end := rune(u), i+6
		if utf16.IsSurrogate(r) {
			pair := utf8.RuneError
			if r < 0xdc00 && end+6 <= len(s) && s[end] == '\\' && s[end+1] == 'u' {
				if lo, ok := hex4(s, end+2); ok && lo >= 0xdc00 && lo <= 0xdfff {
					pair, end = utf16.DecodeRune(r, rune(lo)), end+6
				}
			}
			r = pair
		}
		return dec, utf8.EncodeRune(dec[:], r), end
	}
	dec[0] = '\\'
	return dec, 1, i + 1
}

// hex4 reads the 4 hex digits (in any case) at s[i:].
func hex4(s string, i int) (uint16, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var u uint16
	for j := i; j < i+4; j++ {
		d, ok := hexDigit(s[j])
		if !ok {
			return 0, false
		}
		u = u<<4 | uint16(d)
	}
	return u, true
}

// hexDigit is the value of the hex digit c (in either case).
func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// textSpan is a stretch s[start:end] of a text.
type textSpan struct{ start, end int }

// sensitiveSpans finds, in one pass over s, every stretch of it that reads as one of the
// needles or is one of their spellings (overlapping ones too), and returns them in order,
// merged where they overlap. Each needle is looked for with a Knuth–Morris–Pratt automaton: the
// read ones over the bytes s reads as, where a ring of the last bytes' origins in s says where
// a match begins; the raw ones over s's own bytes. While no needle is begun, the bytes that
// begin none and are no backslash are skipped.
func sensitiveSpans(s string, nd needles) []textSpan {
	if len(nd.read) == 0 || len(s) < 4 {
		return nil
	}
	read, raw := newMatchers(nd.read), newMatchers(nd.raw)
	var firstRead, firstRaw, first [256]bool
	longest := 0
	for _, v := range nd.read {
		firstRead[v[0]], first[v[0]] = true, true
		longest = max(longest, len(v))
	}
	for _, v := range nd.raw {
		firstRaw[v[0]], first[v[0]] = true, true
	}
	ring := 1
	for ring < longest {
		ring *= 2
	}
	origin := make([]int, ring) // origin[c&(ring-1)]: where the character that read byte c begins
	var spans []textSpan
	c := 0 // bytes read and looked at
	readIdle, rawIdle := true, true
	for i := 0; i < len(s); {
		if readIdle && rawIdle {
			for i < len(s) && s[i] != '\\' && !first[s[i]] {
				i++
			}
			if i == len(s) {
				break
			}
		}
		dec, n, end := readChar(s, i)
		for _, b := range dec[:n] {
			if readIdle && !firstRead[b] {
				continue
			}
			origin[c&(ring-1)] = i
			readIdle = true
			for k := range read {
				m := &read[k]
				if m.step(b) {
					spans = addSpan(spans, textSpan{origin[(c+1-len(m.needle))&(ring-1)], end})
				}
				readIdle = readIdle && m.state == 0
			}
			c++
		}
		for ; i < end; i++ {
			if rawIdle && !firstRaw[s[i]] {
				continue
			}
			rawIdle = true
			for k := range raw {
				m := &raw[k]
				if m.step(s[i]) {
					spans = addSpan(spans, textSpan{i + 1 - len(m.needle), i + 1})
				}
				rawIdle = rawIdle && m.state == 0
			}
		}
	}
	return spans
}

// matcher looks for needle in a stream of bytes (Knuth–Morris–Pratt).
type matcher struct {
	needle string
	next   []int // next[k]: the longest proper border of needle[:k+1]
	state  int   // bytes of needle matched
}

func newMatchers(needles []string) []matcher {
	ms := make([]matcher, len(needles))
	for i, v := range needles {
		ms[i] = matcher{needle: v, next: kmpNext(v)}
	}
	return ms
}

// step reads the next byte and reports whether the needle ends there.
func (m *matcher) step(b byte) bool {
	for m.state > 0 && m.needle[m.state] != b {
		m.state = m.next[m.state-1]
	}
	if m.needle[m.state] == b {
		m.state++
	}
	if m.state == len(m.needle) {
		m.state = m.next[m.state-1]
		return true
	}
	return false
}

// kmpNext is the Knuth–Morris–Pratt failure function of v.
func kmpNext(v string) []int {
	next := make([]int, len(v))
	for i, k := 1, 0; i < len(v); i++ {
		for k > 0 && v[i] != v[k] {
			k = next[k-1]
		}
		if v[i] == v[k] {
			k++
		}
		next[i] = k
	}
	return next
}

// addSpan adds sp to spans, whose ends are not after sp's, merging the ones it overlaps.
func addSpan(spans []textSpan, sp textSpan) []textSpan {
	for len(spans) > 0 && spans[len(spans)-1].end > sp.start {
		sp.start = min(sp.start, spans[len(spans)-1].start)
		spans = spans[:len(spans)-1]
	}
	return append(spans, sp)
}

// replaceSpans is s with each of the spans (in order, apart) replaced by redactedMark.
func replaceSpans(s string, spans []textSpan) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(redactedMark)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// shownEnd is where in s the text replaceSpans(s, spans) grows past n bytes: the first n+1 bytes
// of that text come from s[:x] and the spans that begin before x. It is -1 if the text is not
// longer than n bytes.
func shownEnd(s string, spans []textSpan, n int) int {
	out, last := 0, 0
	for _, sp := range spans {
		if out+sp.start-last > n {
			break
		}
		out += sp.start - last + len(redactedMark)
		last = sp.end
		if out > n {
			return sp.start + 1
		}
	}
	if x := last + n + 1 - out; x <= len(s) {
		return x
	}
	return -1
}

// sensitiveTail is where in s a beginning of a needle (at least minRedactedPrefix bytes of s)
// that s ends with begins, or -1: a beginning of a read needle (an escape that s ends in the
// middle of counts when the character it began could be the needle's next), or of a raw one.
func sensitiveTail(s string, nd needles) int {
	if len(nd.read) == 0 || len(s) < minRedactedPrefix {
		return -1
	}
	best := -1
	for _, form := range nd.raw {
		for k := min(len(form)-1, len(s)); k >= minRedactedPrefix && (best < 0 || len(s)-k < best); k-- {
			if strings.HasSuffix(s, form[:k]) {
				best = len(s) - k
				break
			}
		}
	}
	// Only a beginning that starts this close to the end can be shorter than its needle.
	from := max(0, len(s)-nd.span)
	var (
		decoded []byte
		starts  []int // starts[k]: where the k-th character read from `from` on begins in s
		at      []int // at[k]: where its bytes begin in decoded
	)
	tail := len(s) // where an escape cut short begins
	for i := 0; i < len(s); {
		if s[i] == '\\' && len(s)-i < maxUnit && escapeCutShort(s[i:]) {
			tail = i
			break
		}
		dec, n, end := readChar(s, i)
		if i >= from {
			starts, at = append(starts, i), append(at, len(decoded))
			decoded = append(decoded, dec[:n]...)
		}
		i = end
	}
	partial := s[tail:]
	for _, v := range nd.read {
		for k, start := range starts {
			if len(s)-start < minRedactedPrefix || (best >= 0 && start >= best) {
				break
			}
			read := decoded[at[k]:]
			if len(read) > len(v) || v[:len(read)] != string(read) ||
				(partial != "" && (len(read) == len(v) || !beginsSpelling(partial, v[len(read):]))) {
				continue
			}
			best = start
			break
		}
		if (best < 0 || tail < best) && len(partial) >= minRedactedPrefix && beginsSpelling(partial, v) {
			best = tail
		}
	}
	return best
}

// escapeCutShort reports whether p, which begins with a backslash, is a JSON escape cut short:
// a proper beginning of an escape, or of a surrogate pair's two escapes.
func escapeCutShort(p string) bool {
	if len(p) == 1 {
		return true
	}
	if p[1] != 'u' || len(p) >= maxUnit {
		return false
	}
	for i := 2; i < len(p); i++ {
		if i == 6 || i == 7 {
			continue
		}
		if _, ok := hexDigit(p[i]); !ok {
			return false
		}
	}
	if len(p) < 6 {
		return true
	}
	hi, _ := hex4(p, 2)
	return hi >= 0xd800 && hi < 0xdc00 && (len(p) == 6 || p[6] == '\\') && (len(p) <= 7 || p[7] == 'u')
}

// beginsSpelling reports whether the escape cut short p can begin the \u spelling of the first
// character of rest (any case of hex; a pair for one beyond U+FFFF), or a short escape.
func beginsSpelling(p, rest string) bool {
	if p == `\` {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	spelled := fmt.Sprintf(`\u%04x`, r)
	if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
		spelled = fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
	}
	return len(p) <= len(spelled) && strings.EqualFold(p, spelled[:len(p)])
}
