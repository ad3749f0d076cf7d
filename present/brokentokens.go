package present

import "strings"

// Tokens broken across lines (round 72). joinedBody and joinedLeast join a token's body when
// what stands before the break is short of its family's length; these rules join the rest:
//
//   - a break inside the prefix, or blanks before the break (gh⏎p_…, ghp_…⇥⏎…): the word ending
//     the first line (spaces or tabs may follow it) and the run of token bytes starting the
//     next (after its indentation) are read as one word; where a token starts in the first
//     (at a word's start) and goes on into the second, both pieces are masked, a family of
//     fixed length only when it is exactly its length, as joinedBody;
//   - a token already whole before the break (a family of no fixed length: sk_live_, xoxb-,
//     sk-, github_pat_…, cut past its least): the next line's run is joined only when it goes
//     on as its body would (the family's bytes), is 8 or more, holds a letter and a digit or a
//     capital after a lower-case letter and reads as no camel-case words, ends where a word
//     does (a blank, a break, a quote, a bracket, punctuation), and holds a separator only
//     when the body before holds one; with blanks before the break, it holds none. So
//     "sk_live_…⏎Deployment started", a date, a level, a version or a UUID after a Stripe
//     key's line stay; a digest or a base64 name there is read as the key's tail.
//   - a piece that fills its line carries the token on to the next, brokenLines at most.
//
// Left: a word-shaped tail (lower-case letters alone, shorter than 8: 1 in (62/26)^n of random
// tails), and a tail holding a separator after blanks before the break.

// brokenTokenBytes are the bytes a token's pieces are read of: letters, digits, and the
// separators and base64 bytes of the families' bodies.
func brokenTokenByte(c byte) bool {
	return isWordByte(c) || c == '-' || c == '.' || c == '+' || c == '/' || c == '='
}

// brokenLines is how many lines a token's pieces may fill after its first (a 512-byte token
// wrapped at 64 columns).
const brokenLines = 8

// brokenPiece is what brokenTokenAt found at one break: w[from:wEnd] and next[rFrom:rTo] are
// masked; fills is whether the second piece fills its line (the token may go on past it).
type brokenPiece struct {
	from, wEnd, rFrom, rTo int
	fills                  bool
	seps                   string // the separators the token's body holds (breakSeparators)
}

// brokenTokenAt reads the break between w (the text before it, from the previous break at
// most) and next (the text after it, from the next line's indentation on), and returns the
// pieces of a token it cuts (the package comment's rules), ok false for none.
func brokenTokenAt(w, next string, cont bool, seps string, joinedAlready func(q, rTo int) bool) (p brokenPiece, ok bool) {
	rFrom := 0
	for rFrom < len(next) {
		if next[rFrom] == ' ' || next[rFrom] == '\t' {
			rFrom++
		} else if n := indentEscapeAt(next, rFrom); n > 0 {
			rFrom += n
		} else {
			break
		}
	}
	rTo := rFrom
	for rTo < len(next) && brokenTokenByte(next[rTo]) {
		rTo++
	}
	if rTo == rFrom {
		return p, false
	}
	r := strings.TrimRight(next[rFrom:rTo], ".") // a sentence's period
	fills := rTo == len(next) || lineBreaksAt(next, rTo) > rTo
	if cont { // the line before was a piece that filled it: the token goes on
		if len(r) < 8 || !randomPiece(r) || !pieceEnds(next, rFrom+len(r)) || !sepsWithin(r, seps) {
			return p, false
		}
		return brokenPiece{len(w), len(w), rFrom, rFrom + len(r), fills && len(r) == rTo-rFrom, seps}, true
	}
	wEnd := blanksBefore(w, len(w))
	wStart := wEnd
	for wStart > 0 && brokenTokenByte(w[wStart-1]) {
		wStart--
	}
	if wStart == wEnd {
		return p, false
	}
	first := w[wStart:wEnd]
	joined := first + next[rFrom:rTo]
	// The token's start: the first and the last prefix at a word's start in the first piece.
	starts := [2]int{-1, -1}
	for q := 0; q < len(first); q++ {
		if (q == 0 || !isWordByte(joined[q-1])) && tokenPrefixAt(joined, q) > 0 {
			if starts[0] < 0 {
				starts[0] = q
			}
			starts[1] = q
		}
	}
	for k, q := range starts {
		if q < 0 || k == 1 && q == starts[0] {
			continue
		}
		if joinedAlready != nil && joinedAlready(wStart+q, rTo) {
			return p, false // tokenAt joins it (joinedBody, joinedLeast): one mask over the break
		}
		var sc, alone tokenScan
		end := sc.tokenAt(joined, joined, q, false)
		whole := -1 // where the token ends read before the break alone
		if n := tokenPrefixAt(first, q); n > 0 {
			whole = alone.tokenAt(first, first, q, false)
			seps = breakSeparators(first[q+n:])
		}
		if end <= len(first) || whole == len(first) && !(randomPiece(r) && pieceEnds(next, rFrom+len(r)) &&
			end >= len(first)+len(r) && len(r) >= 8 && sepsWithin(r, seps) && (wEnd == len(w) || sepsWithin(r, ""))) {
			if max(end, whole) > starts[1] {
				break // the last start is inside this token's body
			}
			continue
		}
		if whole == len(first) { // a token before the break already: r goes on with it
			end = len(first) + len(r)
		} else if size, _ := fixedTokenAt(first, q); end < len(joined) && isWordByte(joined[end]) ||
			size > 0 && morePrefixAt(first[q:]) == 0 && end-q-tokenPrefixAt(first, q) != size {
			// A token read only joined ends where the word does; one of a family of fixed
			// length with its prefix whole (AKIA, gh[pousr]_, AIza) is exactly its length, as
			// joinedBody joins it (not AKIAIOSF⏎ODNN7EXAMPLEs, nor ghp_ and 12⏎27).
			continue
		}
		p = brokenPiece{wStart + q, wEnd, rFrom, rFrom + end - len(first), false, seps}
		p.fills = fills && p.rTo == rTo && goesOn(joined[q:end])
		return p, true
	}
	return p, false
}

// breakSeparators are the separators a piece of a token's body after a break may hold: any,
// when the body before it holds one (sk-proj-…-…_…), else none (a UUID's "-" after a Stripe
// key's line is not its).
func breakSeparators(body string) string {
	if strings.ContainsAny(body, "-._/+") {
		return "-._/+"
	}
	return ""
}

// sepsWithin reports whether each separator r holds is one of seps.
func sepsWithin(r, seps string) bool {
	for i := 0; i < len(r); i++ {
		if c := r[i]; !isAlnum(c) && c != '=' && strings.IndexByte(seps, c) < 0 {
			return false
		}
	}
	return true
}

// goesOn reports whether the token tok would read on were more of its bytes after it: a family
// of no fixed length, whose pieces may fill more lines.
func goesOn(tok string) bool {
	var sc tokenScan
	longer := tok + "aZ9"
	return sc.tokenAt(longer, longer, 0, false) == len(longer)
}

// randomPiece reports whether a piece of a token's body reads as no word: it holds a letter and
// a digit, or a capital after a lower-case letter (a date or a number alone is no token's).
func randomPiece(r string) bool {
	lower, letter, digit := false, false, false
	for i := 0; i < len(r); i++ {
		switch c := r[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			lower, letter = true, true
		case c >= 'A' && c <= 'Z':
			if lower {
				return true
			}
			letter = true
		}
	}
	return letter && digit && !camelWords(r)
}

// pieceEnds reports whether a piece ending at s[i] ends where a word does: the text's end, a
// blank, a break, a quote, a bracket or punctuation, or a character beyond ASCII.
func pieceEnds(s string, i int) bool {
	return i >= len(s) || lineBreaksAt(s, i) > i || strings.IndexByte(" \t\"'`)]},;!?<>.", s[i]) >= 0 || s[i] >= 0x80
}

// maskBrokenTokens masks, in s, the pieces of each token line breaks cut that brokenTokenAt
// finds. Each line is read as the text before one break and after another, and each token's
// start tried twice at most: linear.
func maskBrokenTokens(s string) string {
	var spans [][2]int
	prev, cont, lines, seps := 0, false, 0, "" // prev: where the line before the break starts
	contAt := -1                               // a break a token tokenAt joined ends at, which may go on past it
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '\n' && c <= '\r' || c == 0xc2 || c == 0xe2 || c == '\\' || c == '%' || c == '&') {
			continue
		}
		e := lineBreaksAt(s, i)
		if e == i {
			continue
		}
		if i == contAt {
			cont, lines = true, 0
		}
		line, brk := prev, i
		already := func(q, rTo int) bool { // the token at s[line+q] as tokenAt reads it reaches past the break
			a := line + q
			win := s[a:min(len(s), max(e+rTo+8, a+brokenWindow))]
			view := escapesBlanked(win)
			var sc tokenScan
			end := -1
			if tokenPrefixAt(view, 0) > 0 {
				end = sc.tokenAt(view, win, 0, false)
			}
			if end <= brk-a {
				return false
			}
			if x := a + end; lineBreaksAt(s, x) > x && goesOn(unbroken(s[a:x])) {
				contAt, seps = x, breakSeparators(s[a:x])
			}
			return true
		}
		p, ok := brokenTokenAt(s[prev:i], s[e:], cont && lines < brokenLines, seps, already)
		if ok {
			seps = p.seps
			if p.from < p.wEnd {
				spans = append(spans, [2]int{prev + p.from, prev + p.wEnd})
			}
			spans = append(spans, [2]int{e + p.rFrom, e + p.rTo})
			if cont {
				lines++
			} else {
				lines = 0
			}
		}
		cont = ok && p.fills
		prev, i = e, e-1
	}
	if spans == nil {
		return s
	}
	return withSpansMasked(s, spans)
}

// brokenWindow is how far maskBrokenTokens reads a token tokenAt joins over breaks: the longest
// body (Atlassian's 186) and the breaks and indentation between its pieces.
const brokenWindow = 512

// unbroken is s without its line breaks and the indentation after each.
func unbroken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if k := nextLineAt(s, i); k > i {
			i = k
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// maskBrokenTokenEntries is maskBrokenTokens over log entries, each the line after the one
// before it (after the log prefix the first repeats: repeatedPrefix), in place.
func maskBrokenTokenEntries(lines []string) {
	for i := 0; i+1 < len(lines); i++ {
		maskBrokenTokenGroup(lines, i)
	}
	cont, n, seps := false, 0, ""
	for i := 0; i+1 < len(lines); i++ {
		from := repeatedPrefix(lines[i], lines[i+1])
		if from < 0 {
			cont = false
			continue
		}
		w := lines[i]
		if k := strings.LastIndex(w, "\u2028"); k >= 0 {
			w = w[k+len("\u2028"):]
		}
		next := lines[i+1]
		p, ok := brokenTokenAt(w, next[from:], cont && n < brokenLines, seps, nil)
		if !ok {
			cont = false
			continue
		}
		seps = p.seps
		if cont {
			n++
		} else {
			n = 0
		}
		cont = p.fills
		at := len(lines[i]) - len(w)
		if p.from < p.wEnd {
			lines[i] = lines[i][:at+p.from] + Masked + lines[i][at+p.wEnd:]
		}
		lines[i+1] = next[:from+p.rFrom] + Masked + next[from+p.rTo:]
	}
}

// maskBrokenTokenGroup masks a token that starts in the run of token bytes ending lines[i] and
// goes on over the next entries (each after its repeated log prefix), each filled by its piece
// but the last, brokenLines at most: the pieces are masked as MaskText masks them as one text,
// each after a line break (a family of no fixed length that tokenAt joins until its least:
// AWS Bedrock's, Atlassian's, Sentry's over three entries and more).
func maskBrokenTokenGroup(lines []string, i int) {
	l := strings.TrimRight(lines[i], " \t")
	run := len(l)
	for run > 0 && len(l)-run < brokenWindow && brokenTokenByte(l[run-1]) {
		run--
	}
	start := -1
	for q := run; q < len(l); q++ {
		if (q == run || !isWordByte(l[q-1])) && tokenPrefixAt(l, q) > 0 {
			start = q
			break
		}
	}
	if start < 0 {
		return
	}
	type seg struct{ line, from, at int } // lines[line][from:] is combined[at:]
	var b strings.Builder
	b.WriteString(lines[i][start:])
	segs := []seg{{i, start, 0}}
	for j := i + 1; j < len(lines) && j-i <= brokenLines; j++ {
		from := repeatedPrefix(lines[i], lines[j])
		if from < 0 {
			break
		}
		b.WriteByte('\n')
		segs = append(segs, seg{j, from, b.Len()})
		b.WriteString(lines[j][from:])
		k := from
		for k < len(lines[j]) && (lines[j][k] == ' ' || lines[j][k] == '\t') {
			k++
		}
		for k < len(lines[j]) && brokenTokenByte(lines[j][k]) {
			k++
		}
		if k < len(lines[j]) {
			break // the token ends in this entry
		}
	}
	if len(segs) < 3 {
		return // two entries: brokenTokenAt's
	}
	combined := b.String()
	spans := maskedSpans(combined, MaskText(combined))
	if len(spans) == 0 || spans[0][0] != 0 {
		return // no token from the start
	}
	for k := len(segs) - 1; k >= 0; k-- { // from the last, so that each entry's offsets hold
		g := segs[k]
		end := len(combined)
		if k+1 < len(segs) {
			end = segs[k+1].at - 1
		}
		for x := len(spans) - 1; x >= 0; x-- {
			from, to := max(spans[x][0], g.at), min(spans[x][1], end)
			if to <= from {
				continue
			}
			l := lines[g.line]
			lines[g.line] = l[:g.from+from-g.at] + Masked + l[g.from+to-g.at:]
		}
	}
}

// blanksBefore returns where the spaces and tabs (or their escapes: \u0009, %20, &#9;…) that
// end s[:end] start.
func blanksBefore(s string, end int) int {
	for end > 0 {
		if s[end-1] == ' ' || s[end-1] == '\t' {
			end--
			continue
		}
		k := 3
		for ; k <= 8 && k <= end && indentEscapeAt(s, end-k) != k; k++ {
		}
		if k > 8 || k > end {
			return end
		}
		end -= k
	}
	return end
}
