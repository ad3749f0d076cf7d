package present

import "strings"

// maskEncodedUserinfo masks the userinfo of each percent-encoded URL in s (scheme%3A%2F%2F…%40host,
// a URL passed as a query parameter's value, or an agent's URL-encoded copy of one), as the
// userinfo of a URL written plainly is masked: from after the encoded "://" to the last "@"
// (%40) before the authority ends (at "/", "?" or "#", encoded or not, or where the encoded
// URL ends: a blank, a quote, "&", ";" or ",", unless an "@" past it shows a password holding
// it: encodedUserinfoPast). A URL encoded twice or more (%253A%252F%252F…%2540, each "%" as
// %25) is read at its depth: its escapes are "%", that many "25" and the code (encAt).
func maskEncodedUserinfo(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	from := 0
	var memo stretchMemo
	for pos := 0; ; {
		i, d := indexEncodedScheme(s, pos)
		if i < 0 {
			break
		}
		start := i
		end := start
		for end < len(s) && !encodedAuthorityEnds(s, end, d) {
			end++
		}
		end, read := encodedUserinfoPast(s, start, end, d, &memo)
		at := -1
		for j := start; j < end; j++ {
			if s[j] == '@' || encAt(s, j, "40", d) > 0 {
				at = j
			}
		}
		if at > start && s[start:at] != Masked {
			b.WriteString(s[from:start])
			b.WriteString(Masked)
			from = at
		}
		// Past what encodedUserinfoPast read: a URL there has its "@" masked with this one's
		// (the last "@" read is), or none; and no byte is read twice (linear).
		pos = max(end, read)
		if pos <= start { // nothing read: go on past the encoded "://"
			pos = start
		}
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

// maxEncodedDepth is how many times over an encoded URL is read encoded (%25252F is three).
const maxEncodedDepth = 3

// indexEncodedScheme returns where the authority after the first encoded "://" at or after
// s[pos] starts (%3A%2F%2F, or %253A%252F%252F encoded twice…), and its depth (how many "25"
// each escape holds); -1 when there is none. Each "%" is read once with the "25"s after it:
// linear.
func indexEncodedScheme(s string, pos int) (int, int) {
	for i := pos; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		d := 0
		for d <= maxEncodedDepth && i+3+2*d <= len(s) && s[i+1+2*d:i+3+2*d] == "25" {
			d++
		}
		if d > maxEncodedDepth || i+3+2*d > len(s) || !strings.EqualFold(s[i+1+2*d:i+3+2*d], "3a") {
			continue
		}
		j := i + 3 + 2*d
		n := 3 + 2*d
		if j+2*n <= len(s) && encAt(s, j, "2f", d) == n && encAt(s, j+n, "2f", d) == n {
			return j + 2*n, d
		}
	}
	return -1, 0
}

// encAt is the length of an escape of code (two hexadecimal digits, lower-case) at s[j],
// encoded up to depth times over ("%", at most depth "25"s, code: either case), else 0.
func encAt(s string, j int, code string, depth int) int {
	if j >= len(s) || s[j] != '%' {
		return 0
	}
	for k := j + 1; k+2 <= len(s) && k <= j+1+2*depth; k += 2 {
		if strings.EqualFold(s[k:k+2], code) {
			return k + 2 - j
		}
		if s[k:k+2] != "25" {
			return 0
		}
	}
	return 0
}

// encodedUserinfoPast returns where the encoded authority s[start:end] ends once read past a raw
// "&", ";" or "," at s[end] that a password may hold unencoded: where what precedes it holds a
// user's ":" (%3A): on over such separators to the end of the last stretch between them that
// holds an "@" (%40), stopping at an "=" (a query parameter's start: &email=bob%40…); else end. A host and an address (example.com,bob%40…)
// has no ":". Where that ":" is a password's, not a port's (what follows it is not digits
// alone: admin%3Ap&ss=w%40db), a password may hold any delimiter raw or encoded once, so an
// "=" does not stop it and "?", "#", "/" (raw, or %3F, %23, %2F) are read past as "&" is:
// on to the last "@" before a blank or a quote, on the safe side. A raw blank, quote,
// backtick, "<" or ">" there (or right after the ":") is read past when what follows it holds
// an "@" before the next blank or line break (quotes inside it read past: stretchMemo.holdsAt):
// the password holds it unencoded (admin%3Ap"s"s%40db), where prose after a URL's port or
// host has no "@" in its next word. read is how far it read; d is
// the URL's depth (encAt).
func encodedUserinfoPast(s string, start, end, d int, memo *stretchMemo) (best, read int) {
	c, n := -1, 0
	for j := start; j < end; j++ {
		if k := encAt(s, j, "3a", d); k > 0 {
			c, n = j-start, k
			break
		}
	}
	if c < 0 {
		c, n = strings.IndexByte(s[start:end], ':'), 1
	}
	if c < 0 {
		return end, end
	}
	port := start+c+n < end && strings.Trim(s[start+c+n:end], "0123456789") == ""
	best = end
	for end < len(s) {
		w := encodedSeparatorAt(s, end, !port, d)
		if w == 0 && (!port || start+c+n == end) && encodedRawInPassword(s[end]) && memo.holdsAt(s, end+1, d) {
			w = 1
		}
		if w == 0 {
			break
		}
		next, at := end+w, false
		for next < len(s) && !(port && s[next] == '=') && !encodedAuthorityEnds(s, next, d) {
			at = at || s[next] == '@' || encAt(s, next, "40", d) > 0
			next++
		}
		if at {
			best = next
		}
		end = next
	}
	return best, end
}

// encodedRawInPassword reports a byte that ends an encoded URL but that a password copied
// unencoded may hold: a blank, a quote, a backtick, "<" or ">" (not a line break).
func encodedRawInPassword(c byte) bool {
	return strings.IndexByte(" \t\"'`<>", c) >= 0
}

// stretchMemo remembers, for each depth, the last stretch holdsAt read: from from to to, and
// whether an "@" ends it (at to) or a blank, a line break or the text does. A start inside it
// has the same answer, so each byte is read once per depth however many quotes a word holds
// or URLs a text (linear).
type stretchMemo [maxEncodedDepth + 1]stretchRead

type stretchRead struct {
	from, to int
	at, set  bool
}

// holdsAt reports whether s from j to the next blank or line break holds an "@" (raw or %40 at
// depth d): what a password read on over its separators would reach. Quotes ("'`<>) are
// read past: a password copied unencoded may hold several inside one word (p"s"s%40db),
// where a quoted word of prose stands apart from the URL by a blank.
func (m *stretchMemo) holdsAt(s string, j, d int) bool {
	if c := &m[d]; c.set && j >= c.from && j <= c.to {
		return c.at
	}
	from := j
	for ; j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r'; j++ {
		if s[j] == '@' || encAt(s, j, "40", d) > 0 {
			m[d] = stretchRead{from, j, true, true}
			return true
		}
	}
	m[d] = stretchRead{from, j, false, true}
	return false
}

// encodedSeparatorAt is the length of a separator at s[j] an encoded password may hold (a raw
// "&", ";" or ","; with password set, also a raw "?", "#", "/" or "=", or %2F, %3F, %23 at
// depth d), else 0.
func encodedSeparatorAt(s string, j int, password bool, d int) int {
	switch s[j] {
	case '&', ';', ',':
		return 1
	case '?', '#', '/', '=':
		if password {
			return 1
		}
	case '%':
		if password {
			return encodedDelimiterAt(s, j, d)
		}
	}
	return 0
}

// encodedAuthorityEnds reports whether an encoded URL's authority (at depth d) ends at s[j].
func encodedAuthorityEnds(s string, j, d int) bool {
	switch c := s[j]; c {
	case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '`', '&', ';', ',':
		return true
	case '%':
		return encodedDelimiterAt(s, j, d) > 0
	}
	return false
}

// encodedDelimiterAt is the length of an encoded "/", "?" or "#" at s[j] (at depth d), else 0.
func encodedDelimiterAt(s string, j, d int) int {
	return max(encAt(s, j, "2f", d), encAt(s, j, "3f", d), encAt(s, j, "23", d))
}

// indexFoldASCII is strings.Index of sub (lower-case ASCII) in s, ASCII letters of either case.
func indexFoldASCII(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
