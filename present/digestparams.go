package present

import "strings"

// digestSecretParams are the params of an HTTP Digest exchange that prove or replay the
// password; username, realm and uri are not secret.
var digestSecretParams = []string{"response", "cnonce", "nonce"}

// maskDigestParams masks response, cnonce and nonce values of a Digest exchange written
// without its "Authorization: Digest" header (a parsed challenge in a log line). Only when at
// least two of them appear, so a lone response=200 stays. Quotes are kept; linear.
func maskDigestParams(s string) string {
	found := 0
	for _, k := range digestSecretParams {
		if digestParamAt(s, k, 0) >= 0 {
			found++
		}
	}
	if found < 2 {
		return s
	}
	for _, k := range digestSecretParams {
		var b strings.Builder
		from := 0
		for {
			i := digestParamAt(s, k, from)
			if i < 0 {
				break
			}
			start := i + len(k) + 1
			end := start
			quoted := end < len(s) && s[end] == '"'
			if quoted {
				start++
				end = start
				for end < len(s) && s[end] != '"' && s[end] != '\n' {
					end++
				}
			} else {
				for end < len(s) && !strings.ContainsRune(",; \t\r\n\")", rune(s[end])) {
					end++
				}
			}
			b.WriteString(s[from:start])
			if end > start {
				b.WriteString(Masked)
			}
			from = end
		}
		if from > 0 {
			b.WriteString(s[from:])
			s = b.String()
		}
	}
	return s
}

// digestParamAt is the index of the first "k=" at or after from that starts a param (not
// part of a longer name: cnonce holds nonce), or -1.
func digestParamAt(s, k string, from int) int {
	for from < len(s) {
		j := strings.Index(s[from:], k+"=")
		if j < 0 {
			return -1
		}
		i := from + j
		if i == 0 || !isDigestNameByte(s[i-1]) {
			return i
		}
		from = i + len(k)
	}
	return -1
}

func isDigestNameByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
