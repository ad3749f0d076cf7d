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
		end = encodedUserinfoPast(s, start, end)
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
		pos = end
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
// has no ":".
func encodedUserinfoPast(s string, start, end int) int {
	if i := indexFoldASCII(s[start:end], "%3a"); i < 0 && strings.IndexByte(s[start:end], ':') < 0 {
		return end
	}
	best := end
	for end < len(s) && (s[end] == '&' || s[end] == ';' || s[end] == ',') {
		next, at := end+1, false
		for next < len(s) && s[next] != '=' && !encodedAuthorityEnds(s, next) {
			at = at || s[next] == '@' || next+3 <= len(s) && strings.EqualFold(s[next:next+3], "%40")
			next++
		}
		if at {
			best = next
		}
		end = next
	}
	return best
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
