package present

import "strings"

// maskEncodedUserinfo masks the userinfo of each percent-encoded URL in s (scheme%3A%2F%2F…%40host,
// a URL passed as a query parameter's value, or an agent's URL-encoded copy of one), as the
// userinfo of a URL written plainly is masked: from after the encoded "://" to the last "@"
// (%40) before the authority ends (at "/", "?" or "#", encoded or not, or where the encoded
// URL ends: a blank, a quote, "&", ";" or ",", unless an "@" past it shows a password holding
// it: encodedUserinfoPast).
func maskEncodedUserinfo(s string) string {
	if !strings.Contains(s, "%3") { // %3A, of either case
		return s
	}
	var b strings.Builder
	from := 0
	for pos := 0; ; {
		i := indexFoldASCII(s[pos:], "%3a%2f%2f")
		if i < 0 {
			break
		}
		start := pos + i + len("%3a%2f%2f")
		end := start
		for end < len(s) && !encodedAuthorityEnds(s, end) {
			end++
		}
		end, read := encodedUserinfoPast(s, start, end)
		at := -1
		for j := start; j < end; j++ {
			if s[j] == '@' {
				at = j
			} else if j+3 <= end && strings.EqualFold(s[j:j+3], "%40") {
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

// encodedUserinfoPast returns where the encoded authority s[start:end] ends once read past a raw
// "&", ";" or "," at s[end] that a password may hold unencoded: where what precedes it holds a
// user's ":" (%3A): on over such separators to the end of the last stretch between them that
// holds an "@" (%40), stopping at an "=" (a query parameter's start: &email=bob%40…); else end. A host and an address (example.com,bob%40…)
// has no ":". Where that ":" is a password's, not a port's (what follows it is not digits
// alone: admin%3Ap&ss=w%40db), a password may hold any delimiter raw or encoded once, so an
// "=" does not stop it and "?", "#", "/" (raw, or %3F, %23, %2F) are read past as "&" is:
// on to the last "@" before a blank or a quote, on the safe side. read is how far it read.
func encodedUserinfoPast(s string, start, end int) (best, read int) {
	c, n := indexFoldASCII(s[start:end], "%3a"), 3
	if c < 0 {
		c, n = strings.IndexByte(s[start:end], ':'), 1
	}
	if c < 0 {
		return end, end
	}
	port := start+c+n < end && strings.Trim(s[start+c+n:end], "0123456789") == ""
	best = end
	for end < len(s) {
		w := encodedSeparatorAt(s, end, !port)
		if w == 0 {
			break
		}
		next, at := end+w, false
		for next < len(s) && !(port && s[next] == '=') && !encodedAuthorityEnds(s, next) {
			at = at || s[next] == '@' || next+3 <= len(s) && strings.EqualFold(s[next:next+3], "%40")
			next++
		}
		if at {
			best = next
		}
		end = next
	}
	return best, end
}

// encodedSeparatorAt is the length of a separator at s[j] an encoded password may hold (a raw
// "&", ";" or ","; with password set, also a raw "?", "#", "/" or "=", or %2F, %3F, %23), else 0.
func encodedSeparatorAt(s string, j int, password bool) int {
	switch s[j] {
	case '&', ';', ',':
		return 1
	case '?', '#', '/', '=':
		if password {
			return 1
		}
	case '%':
		if password && j+3 <= len(s) && encodedAuthorityEnds(s, j) {
			return 3
		}
	}
	return 0
}

// encodedAuthorityEnds reports whether an encoded URL's authority ends at s[j].
func encodedAuthorityEnds(s string, j int) bool {
	switch c := s[j]; c {
	case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '`', '&', ';', ',':
		return true
	case '%':
		if j+3 <= len(s) {
			e := s[j : j+3]
			return strings.EqualFold(e, "%2f") || strings.EqualFold(e, "%3f") || strings.EqualFold(e, "%23")
		}
	}
	return false
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
