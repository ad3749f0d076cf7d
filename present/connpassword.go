package present

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// maskBareConnPasswords masks the password of a connection string written without a scheme
// (bob:hunter22@db.internal:5432/app, Oracle's user/pass@host:1521/ORCL): a user name, ":" or
// "/", a password, "@" and a host with a port. Without a port (psql bob:hunter2@db.internal/app)
// it takes more to tell one from an e-mail address or prose: the user is a name (a letter
// first: 10:30@home, 3:1@scale are times and ratios), no address's prefix (mailto:, from:,
// created_by:), ":" before the password, and a host after the "@" that a bare word is not:
// a name with a dot, an IP, or a name before "/" (bareHostAt). An e-mail (bob@example.com) or
// host:port alone has no such shape and stays. Each "@" looks back at most 256 bytes: linear.
func maskBareConnPasswords(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	var b strings.Builder
	done := 0
	for i := strings.IndexByte(s, '@'); i >= 0; {
		if user, start, ok := bareConnPasswordBefore(s, i); ok && start >= done && s[start:i] != Masked &&
			(hostPortAt(s, i+1) || s[start-1] == ':' && bareUser(s[user:start-1]) && bareHostAt(s, i+1) ||
				oracleURLPrefixBefore(s, user) && (strings.HasPrefix(s[i+1:], "//") || strings.HasPrefix(s[i+1:], "("))) {
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

// bareConnPasswordBefore returns where the user name and the password before the "@" at s[at]
// start, when a user name and ":" or "/" come before it and no "//" (a URL's, masked elsewhere).
func bareConnPasswordBefore(s string, at int) (user, password int, ok bool) {
	j := at
	for j > 0 && at-j < 256 {
		// A Unicode space or line separator ends it as a space does: the text reads the same.
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if r < utf8.RuneSelf && strings.ContainsRune(" \t\r\n\"'`=,;()[]{}<>@", r) || unicode.IsSpace(r) || plain.Breaking(r) {
			break
		}
		j -= size
	}
	for _, prefix := range oracleURLPrefixes {
		if hasPrefixFold(s[j:at], prefix) {
			j += len(prefix) // jdbc:oracle:thin:bob/<pw>@db: the user after the driver's name
			break
		}
	}
	u := nameEnd(s, j, at)
	// A log level or label before ":" (ERROR:bob@example.com) is no user: the user, if any,
	// comes after it.
	for u < at && s[u] == ':' && labelWord(s[j:u]) {
		j = u + 1
		u = nameEnd(s, j, at)
	}
	if u == j || u+1 >= at || s[u] != ':' && s[u] != '/' || strings.Contains(s[j:at], "//") {
		return 0, 0, false
	}
	return j, u + 1, true
}

// oracleURLPrefixes start Oracle's JDBC URLs, the user/password@ after them
// (jdbc:oracle:thin:bob/<pw>@//db:1521/ORCL, jdbc:oracle:thin:@db:1521:ORCL with none).
var oracleURLPrefixes = []string{"jdbc:oracle:thin:", "jdbc:oracle:oci8:", "jdbc:oracle:oci:"}

// oracleURLPrefixBefore reports whether one of oracleURLPrefixes ends right before s[user].
func oracleURLPrefixBefore(s string, user int) bool {
	for _, prefix := range oracleURLPrefixes {
		if user >= len(prefix) && strings.EqualFold(s[user-len(prefix):user], prefix) {
			return true
		}
	}
	return false
}

// nameEnd returns where a user name that starts at s[j] ends, at most at s[at].
func nameEnd(s string, j, at int) int {
	for j < at && (isDigestNameByte(s[j]) || s[j] == '.') {
		j++
	}
	return j
}

// labelWords are the log levels and labels (folded) written before ":" and a message, which
// may start with an e-mail address: ERROR:bob@example.com names no user "ERROR". Not user:
// nor admin:, which name users as often.
var labelWords = []string{"error", "err", "warn", "warning", "info", "debug", "trace", "fatal", "panic", "critical",
	"crit", "alert", "emerg", "notice", "note", "hint", "detail", "details", "msg", "message", "reason", "cause"}

func labelWord(w string) bool {
	if len(w) > 16 {
		return false
	}
	var buf [16]byte
	return slices.Contains(labelWords, string(appendFolded(buf[:0], w)))
}

// hostPortAt reports whether a host name and ":" and a port's digits start at s[p]: digits
// alone, no letter after them (nginx:1.25@sha256:0123abcd is an image's digest).
func hostPortAt(s string, p int) bool {
	h := p
	for h < len(s) && (isDigestNameByte(s[h]) || s[h] == '.') {
		h++
	}
	if h == p || h >= len(s) || s[h] != ':' {
		return false
	}
	d := h + 1
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	return d > h+1 && (d == len(s) || !isLetter(s[d]))
}

// addressPrefixes are the words (folded) written before ":" and an e-mail or other address
// (mailto:bob@example.com, from:bob@example.com, sip:alice@voip.example.com), and
// addressKeySuffixes the ends of keys whose value is one (created_by:, owner_email:): what
// stands between them and "@" is an address's user, no password. Not user: (user:<pw>@db.internal
// names a user called user as often as user:bob@example.com an address).
var (
	addressPrefixes    = []string{"mailto", "from", "to", "cc", "bcc", "replyto", "sender", "recipient", "sip", "sips", "xmpp", "im", "pres", "tel", "acct", "author", "owner", "contact"}
	addressKeySuffixes = []string{"email", "mail", "by", "address", "addr"}
)

// bareUser reports whether u, before ":" and a password with no scheme nor port, is a user's
// name: a letter first (not a time nor a ratio: 10:30@home, 3:1@scale), and no address's prefix.
func bareUser(u string) bool {
	if u == "" || !isLetter(u[0]) {
		return false
	}
	var buf [64]byte
	folded := string(appendFolded(buf[:0], u))
	return !slices.Contains(addressPrefixes, folded) &&
		!slices.ContainsFunc(addressKeySuffixes, func(w string) bool { return strings.HasSuffix(folded, w) })
}

// goDSNAddressAt reports whether Go's MySQL driver's address starts at s[p] after "@": a
// network and its address in parentheses (tcp(db:3306), unix(/tmp/mysql.sock)), or none, the
// "/" and database name right after the "@" (bob:<pw>@/app, the local server).
func goDSNAddressAt(s string, p int) bool {
	for _, network := range []string{"tcp(", "tcp4(", "tcp6(", "unix(", "udp("} {
		if strings.HasPrefix(s[p:], network) {
			return true
		}
	}
	return p+1 < len(s) && s[p] == '/' && isDigestNameByte(s[p+1])
}

// bareHostAt reports whether a host a connection string names starts at s[p] and reads as
// none of prose's words (12:00@noon) nor a version (pkg:npm/foo@1.2.3): a name with a dot
// whose last label starts with a letter (db.example.com), an IPv4 address (10.0.0.5), a name
// before "/" (localhost/app), or an IPv6 address in brackets.
func bareHostAt(s string, p int) bool {
	if p < len(s) && s[p] == '[' {
		e := strings.IndexByte(s[p:min(len(s), p+48)], ']')
		return e > 2 && strings.Trim(s[p+1:p+e], "0123456789abcdefABCDEF:.") == ""
	}
	if goDSNAddressAt(s, p) {
		return true
	}
	h := p
	for h < len(s) && (isDigestNameByte(s[h]) && s[h] != '_' || s[h] == '.') {
		h++
	}
	if h == p {
		return false
	}
	if h < len(s) && s[h] == '/' {
		return true
	}
	labels := strings.Split(strings.TrimRight(s[p:h], ".-"), ".")
	if len(labels) < 2 || slices.Contains(labels, "") {
		return false
	}
	// A name's last label starts with a letter (db.internal); else it is an IPv4 address,
	// four numbers, not a version (1.2.3).
	return isLetter(labels[len(labels)-1][0]) || len(labels) == 4 && !slices.ContainsFunc(labels, func(l string) bool {
		return strings.Trim(l, "0123456789") != ""
	})
}
