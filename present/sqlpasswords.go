package present

import "strings"

// mysqlPasswordUsed reports whether the value s[start:end] of the key password at
// s[keyStart:] is MySQL's and MariaDB's word for whether a password was given, in
// "Access denied for user 'bob'@'h' (using password: YES)": YES or NO, then ")" (in the value
// or right after it), the key after "(using" and blanks. Prose, never a credential.
func mysqlPasswordUsed(s string, keyStart, start, end int) bool {
	value := strings.TrimSuffix(s[start:end], ")")
	if value != "YES" && value != "NO" || !strings.HasSuffix(s[start:end], ")") && (end >= len(s) || s[end] != ')') ||
		!strings.HasPrefix(s[keyStart:], "password") {
		return false
	}
	k := keyStart
	for n := spaceBefore(s, k); n > 0 && k > 0; n = spaceBefore(s, k) {
		k -= n
	}
	return k < keyStart && strings.HasSuffix(s[:k], "(using")
}
