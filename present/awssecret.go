package present

import (
	"slices"
	"strings"
)

// maskAWSSecretAfterKeyID masks an AWS secret access key written after its access key ID with
// no name before it (AKIA… <secret>, a credentials CSV's AKIA…,<secret>, a dump's
// AKIA…:<secret>, a note's AKIA…/<secret>: the "/" right after the ID, though a secret holds
// "/" too) or with words that say what it is between (key id AKIA…, secret <secret>; access
// key AKIA… and secret key <secret>): 40 letters, digits, "/" and "+", both cases among
// them, after the ID's 20 characters (AKIA or ASIA and 16 capitals or digits) and at most 48
// bytes of spaces, line breaks, quotes, backslashes, , : ; | = / ( and the
// words of awsGapWords or credential-named ones. The ID itself is maskTokens'. Each ID is read
// once, 88 bytes after it at most: linear.
func maskAWSSecretAfterKeyID(s string) string {
	if !strings.Contains(s, "AKIA") && !strings.Contains(s, "ASIA") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+20 < len(s); i++ {
		if s[i] != 'A' || !strings.HasPrefix(s[i:], "AKIA") && !strings.HasPrefix(s[i:], "ASIA") || !awsKeyIDAt(s, i) {
			continue
		}
		if p := awsSecretAfter(s, i+20); p >= m.pos {
			m.mask(p, p+40)
			i = p + 39
		}
	}
	return m.result()
}

// awsGapWords may stand between an access key ID and its secret, besides credential-named
// words (secret, key, secret_access_key).
var awsGapWords = []string{"and", "access", "id", "aws"}

// awsSecretAfter returns where the secret access key after an ID that ends at s[from] starts
// (maskAWSSecretAfterKeyID), else -1.
func awsSecretAfter(s string, from int) int {
	for p := from; p < len(s) && p-from <= 48; {
		if p+40 <= len(s) && p > from && awsSecretKey(s[p:p+40]) && (p+40 == len(s) || !awsSecretByte(s[p+40]) && s[p+40] != '=') &&
			(!awsSecretByte(s[p-1]) || strings.Trim(s[from:p], "/") == "") {
			return p
		}
		if n := spaceAt(s, p) + lineSeparatorAt(s, p); n > 0 {
			p += n
			continue
		}
		if strings.IndexByte(",:;|=\"'\\/(", s[p]) >= 0 {
			p++
			continue
		}
		e := p
		for e < len(s) && isLetter(s[e]) || e < len(s) && e > p && s[e] == '_' {
			e++
		}
		if e == p || !slices.Contains(awsGapWords, strings.ToLower(s[p:e])) && !credentialName(s[p:e], false) {
			return -1
		}
		p = e
	}
	return -1
}

// awsKeyIDAt reports whether an access key ID (AKIA or ASIA, then 16 capitals or digits) stands
// at s[i] as a word of its own.
func awsKeyIDAt(s string, i int) bool {
	if i > 0 && isWordByte(s[i-1]) || i+20 > len(s) || i+20 < len(s) && isWordByte(s[i+20]) {
		return false
	}
	for k := i + 4; k < i+20; k++ {
		if !upperOrDigit(s[k]) {
			return false
		}
	}
	return true
}

// awsSecretKey reports whether v reads as a secret access key: only awsSecretByte bytes, with
// a lower-case and an upper-case letter among them.
func awsSecretKey(v string) bool {
	lower, upper := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !awsSecretByte(c) {
			return false
		}
		lower = lower || c >= 'a' && c <= 'z'
		upper = upper || c >= 'A' && c <= 'Z'
	}
	return lower && upper
}

func awsSecretByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '/' || c == '+'
}
