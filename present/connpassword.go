package present

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// maskBareConnPasswords masks the password of a connection string written without a scheme
// (bob:hunter22@db.internal:5432/app, Oracle's user/pass@host:1521/ORCL): a user name, ":" or
// "/", a password, "@" and a host with a port. An email (bob@example.com) or host:port alone
// has no such shape and stays. Each "@" looks back at most 256 bytes: linear.
func maskBareConnPasswords(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	var b strings.Builder
	done := 0
	for i := strings.IndexByte(s, '@'); i >= 0; {
		if start, ok := bareConnPasswordBefore(s, i); ok && start >= done && hostPortAt(s, i+1) && s[start:i] != Masked {
			b.WriteString(s[done:start])
			b.WriteString(Masked)
			done = i
		}
		next := strings.IndexByte(s[i+1:], '@')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// bareConnPasswordBefore returns where the password before the "@" at s[at] starts, when a
// user name and ":" or "/" come before it and no "//" (a URL's, masked elsewhere).
func bareConnPasswordBefore(s string, at int) (int, bool) {
	j := at
	for j > 0 && at-j < 256 {
		// A Unicode space or line separator ends it as a space does: the text reads the same.
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if r < utf8.RuneSelf && strings.ContainsRune(" \t\r\n\"'`=,;()[]{}<>@", r) || unicode.IsSpace(r) || plain.Breaking(r) {
			break
		}
		j -= size
	}
	u := j
	for u < at && isDigestNameByte(s[u]) || u < at && s[u] == '.' {
		u++
	}
	if u == j || u+1 >= at || s[u] != ':' && s[u] != '/' || strings.Contains(s[j:at], "//") {
		return 0, false
	}
	return u + 1, true
}

// hostPortAt reports whether a host name and ":" and a port's digits start at s[p].
func hostPortAt(s string, p int) bool {
	h := p
	for h < len(s) && (isDigestNameByte(s[h]) || s[h] == '.') {
		h++
	}
	if h == p || h >= len(s) || s[h] != ':' {
		return false
	}
	return h+1 < len(s) && s[h+1] >= '0' && s[h+1] <= '9'
}
