package present

import "strings"

// maskAWSSecretAfterKeyID masks an AWS secret access key written right after its access key
// ID with no name before it (AKIA… <secret>, a credentials CSV's AKIA…,<secret>, a dump's
// AKIA…:<secret>): 40 letters, digits, "/" and "+", both cases among them, after the ID's 20
// characters (AKIA or ASIA and 16 capitals or digits) and at most 16 bytes of spaces, tabs,
// line separators, quotes, backslashes and , : ; | =. The ID itself is maskTokens'. Each
// ID is read once: linear.
func maskAWSSecretAfterKeyID(s string) string {
	if !strings.Contains(s, "AKIA") && !strings.Contains(s, "ASIA") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+20 < len(s); i++ {
		if s[i] != 'A' || !strings.HasPrefix(s[i:], "AKIA") && !strings.HasPrefix(s[i:], "ASIA") || !awsKeyIDAt(s, i) {
			continue
		}
		p := i + 20
		for p < len(s) && p-(i+20) < 16 {
			if n := spaceAt(s, p) + lineSeparatorAt(s, p); n > 0 {
				p += n
			} else if strings.IndexByte(",:;|=\"'\\", s[p]) >= 0 {
				p++
			} else {
				break
			}
		}
		if p == i+20 || p+40 > len(s) || p < m.pos {
			continue
		}
		if awsSecretKey(s[p:p+40]) && (p+40 == len(s) || !awsSecretByte(s[p+40]) && s[p+40] != '=') {
			m.mask(p, p+40)
			i = p + 39
		}
	}
	return m.result()
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
