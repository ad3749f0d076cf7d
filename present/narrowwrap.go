package present

import "strings"

// Tokens a log wrapped over many narrow entries (round 75). maskWrappedTokens joins a token
// of fixed length over 40 body bytes at most, and maskBrokenTokenEntries and
// maskBrokenTokenGroup a family of no fixed length to its least, 8 entries at most: a key a
// collector wrapped at 8 to 30 bytes a line showed its pieces past those. The rule here reads
// the shape a wrap leaves: a token whose documented prefix (tokenPrefixAt, maybe itself cut)
// starts in the run of token bytes that ends an entry, entries after it that its pieces fill
// (token bytes alone after the log prefix the first repeats and the indentation), all of one
// width, and a last piece no wider that ends where a word does. When MaskText reads the pieces
// joined as a token, each is masked. Without a documented prefix nothing is joined here, so a
// hash, a UUID or a base64 image wrapped alike stays as written; a last piece that is a word
// (letters, lower case after the first, or upper case alone: done, INFO) is a piece only
// when the pieces before it are no token without it (hf_…'s last letter).

// narrowEntries bounds how far a token's pieces are followed: 64 entries, and the longest
// body a masker joins (brokenWindow) in all, each entry no wider.
const narrowEntries = 64

// maskNarrowWrappedTokens masks, in lines (one log entry each), the pieces of each token a
// narrow wrap cut (the rule above), in place. Each entry is read by the 64 before it at most,
// 512 bytes of it, and the pieces each joins (about 1 KiB) masked once or twice: linear.
func maskNarrowWrappedTokens(lines []string) {
	for i := 0; i+2 < len(lines); i++ {
		if last := maskNarrowWrappedToken(lines, i); last > i {
			i = last - 1 // the last piece's entry may end with another token's start
		}
	}
}

// maskNarrowWrappedToken masks the token whose start ends lines[i] and whose pieces fill the
// next entries (maskNarrowWrappedTokens); it returns the last entry it masked, else i.
func maskNarrowWrappedToken(lines []string, i int) int {
	l := lines[i]
	run := len(l)
	for run > 0 && len(l)-run < brokenWindow && brokenTokenByte(l[run-1]) {
		run--
	}
	if run == len(l) {
		return i
	}
	type piece struct{ line, from, to, at int } // lines[line][from:to] is joined[at:]
	var b strings.Builder
	b.WriteString(l[run:])
	pieces := []piece{{i, run, len(l), 0}}
	width, filled := -1, 0
	wordAt := -1 // where the last piece starts in joined when it is a word
	for j := i + 1; j < len(lines) && j-i <= narrowEntries && b.Len() < brokenWindow; j++ {
		next := lines[j]
		p := repeatedPrefix(l, next)
		if p < 0 {
			break
		}
		if len(next)-p > brokenWindow {
			break // no narrow entry: not read whole for each entry before it
		}
		k := p
		for k < len(next) && (next[k] == ' ' || next[k] == '\t') {
			k++
		}
		e := k
		for e < len(next) && brokenTokenByte(next[e]) {
			e++
		}
		if e == k {
			break
		}
		w := len(next) - p // the entry's width after its prefix, indentation included
		if e == len(next) && (width < 0 || w == width) {
			width = max(width, w)
			filled++
			pieces = append(pieces, piece{j, k, e, b.Len()})
			b.WriteString(next[k:e])
			continue
		}
		// The last piece: no wider than the entries it follows, ending where a word does.
		if width >= 0 && e-p <= width && pieceEnds(next, e) {
			wordAt = b.Len()
			if !plainWord(next[k:e]) {
				wordAt = -1
			}
			pieces = append(pieces, piece{j, k, e, b.Len()})
			b.WriteString(next[k:e])
		}
		break
	}
	if filled == 0 || len(pieces) < 3 {
		return i // two entries: brokenTokenAt's and maskWrappedToken's
	}
	joined := b.String()
	start := -1
	for q := 0; q < len(l)-run; q++ {
		if (q == 0 || !isWordByte(joined[q-1])) && tokenPrefixAt(joined, q) > 0 {
			start = q
			break
		}
	}
	if start < 0 {
		return i
	}
	end := -1       // where the mask that covers the token's start ends in joined
	if wordAt > 0 { // a word after the pieces is no piece when they are a token without it
		end = tokenMaskEnd(joined[:wordAt], start)
	}
	if end <= len(l)-run {
		end = tokenMaskEnd(joined, start)
	}
	if end <= len(l)-run {
		return i // the token ends in the first entry: MaskText masks it there
	}
	last := i
	for n := len(pieces) - 1; n >= 0; n-- { // from the last, so that no entry's offsets move
		pc := pieces[n]
		from, to := max(start, pc.at), min(end, pc.at+pc.to-pc.from)
		if to <= from {
			continue
		}
		s := lines[pc.line]
		lines[pc.line] = s[:pc.from+from-pc.at] + Masked + s[pc.from+to-pc.at:]
		last = max(last, pc.line)
	}
	return last
}

// plainWord reports whether r is a word of prose or a log's: letters alone, lower case after
// the first, or upper case alone (done, Started, INFO).
func plainWord(r string) bool {
	upper := true
	for k := 0; k < len(r); k++ {
		switch c := r[k]; {
		case c >= 'a' && c <= 'z':
			upper = false
		case c >= 'A' && c <= 'Z':
			if k > 0 && !upper {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// tokenMaskEnd returns where the mask MaskText puts over joined[start] ends, -1 when none does.
func tokenMaskEnd(joined string, start int) int {
	end := -1
	for _, sp := range maskedSpans(joined, MaskText(joined)) {
		if sp[0] <= start && sp[1] > start {
			end = sp[1]
		}
	}
	return end
}
