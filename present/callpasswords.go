package present

import (
	"slices"
	"strings"
)

// passwordCalls are functions and methods whose arguments are a user's name and password, with
// the index of the password among them: mongosh's db.auth("bob", "<pw>") and
// db.changeUserPassword, Go's req.SetBasicAuth and smtp.PlainAuth("", user, "<pw>", host),
// Python's HTTPBasicAuth and HTTPDigestAuth, aiohttp's BasicAuth, .NET's NetworkCredential,
// Java's UsernamePasswordCredentials and PasswordAuthentication.
var passwordCalls = map[string]int{
	"auth": 1, "changeUserPassword": 1, "SetBasicAuth": 1, "BasicAuth": 1, "HTTPBasicAuth": 1,
	"HTTPDigestAuth": 1, "NetworkCredential": 1, "UsernamePasswordCredentials": 1,
	"PasswordAuthentication": 1, "PlainAuth": 2,
}

// maskCallPasswords masks the password a call of passwordCalls is given as a quoted string
// literal (any length: db.auth("bob", "pw")), the arguments before it quoted literals too; a
// variable, a call (passwordPrompt()) or a reference stays. Each "(" is read once, 512 bytes
// on at most: linear.
func maskCallPasswords(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.IndexByte(s, '('); i >= 0; {
		if vs, ve := callPassword(s, i); ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
			m.mask(vs, ve)
		}
		k := strings.IndexByte(s[i+1:], '(')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return m.result()
}

// callPassword returns where the password argument of the call whose "(" stands at s[open]
// stands, inside its quotes; -1, -1 when the call is none of passwordCalls or the argument is
// no quoted literal.
func callPassword(s string, open int) (start, end int) {
	k := open
	for k > 0 && (isLetter(s[k-1]) || s[k-1] >= '0' && s[k-1] <= '9' || s[k-1] == '_') {
		k--
	}
	index, ok := passwordCalls[s[k:open]]
	if s[k:open] == "new" && strings.HasSuffix(s[:k], "NetworkCredential]::") {
		index, ok = 1, true // PowerShell's [System.Net.NetworkCredential]::new("bob", "<pw>")
	}
	if !ok || k > 0 && s[k-1] == '$' {
		return -1, -1
	}
	p := open + 1
	for arg := 0; ; arg++ {
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= len(s) || p-open > 512 {
			return -1, -1
		}
		q := s[p]
		if q != '"' && q != '\'' && q != '`' {
			return -1, -1
		}
		e := callArgumentEnd(s, p, open)
		if e < 0 {
			return -1, -1
		}
		if arg == index {
			return p + 1, e
		}
		p = e + 1
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= len(s) || s[p] != ',' {
			return -1, -1
		}
		p++
	}
}

// oracleTools are Oracle's clients whose first argument may be user/password[@db] (sqlplus
// bob/<pw>@db, expdp system/<pw>), and SQL*Plus's CONNECT and CONN.
var oracleTools = []string{"sqlplus", "sqlldr", "expdp", "impdp", "rman", "dgmgrl", "connect", "conn"}

// maskCommandPasswords masks the passwords some commands take as plain arguments:
//
//   - PowerShell's ConvertTo-SecureString "<pw>" (-String "<pw>" too), a quoted literal: a
//     variable ($plain, "$plain") stays;
//   - rabbitmqctl's add_user <user> <pw> and change_password <user> <pw>;
//   - Oracle's user/<pw>[@db] after one of oracleTools (its flags aside; CONNECT in capitals or
//     after SQL*Plus's prompt), and userid=user/<pw>.
//
// Each word is read a bounded number of times (a command's next few words, 256 bytes at
// most): linear.
func maskCommandPasswords(s string) string {
	// A line separator may show as a space, so it stands for one here as gapAt reads it.
	if strings.IndexAny(s, " \u0085\u2028\u2029") < 0 {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); i++ {
		if !isKeyByte(s[i]) || i > 0 && (isKeyByte(s[i-1]) || s[i-1] == '$') {
			continue
		}
		e := i
		for e < len(s) && isKeyByte(s[e]) && e-i <= 32 {
			e++
		}
		word := strings.ToLower(s[i:e])
		vs, ve := -1, -1
		switch {
		case word == "convertto-securestring":
			vs, ve = secureStringLiteral(s, e)
		case (word == "add_user" || word == "change_password") && slices.Contains(commandWordsBefore(s, i, false), "rabbitmqctl"):
			if u := blanksAt(s, e); u > e && u < len(s) {
				if _, ue := argvValueSpan(s, u); ue > u {
					if p := blanksAt(s, ue); p > ue && p < len(s) && s[p] != '-' {
						vs, ve = argvValueSpan(s, p)
					}
				}
			}
		case slices.Contains(oracleTools, word) && (word != "connect" && word != "conn" || s[i:e] == strings.ToUpper(s[i:e]) || strings.HasSuffix(s[:i], "SQL> ")):
			vs, ve = oracleLogin(s, e)
		case (word == "connect" || word == "conn") && lineStartBefore(s, i):
			// connect scott/tiger[@db] alone on its line, in lower case: SQL*Plus's, as a
			// script or a history writes it; prose goes on after it (connect api/v1 first).
			if vs, ve = oracleLogin(s, e); ve > vs && (!commandEndsAt(s, ve) || versionSegment(s[vs:ve])) {
				vs, ve = -1, -1
			}
		case word == "userid" && e < len(s) && s[e] == '=' && (i == 0 || s[i-1] != '?' && s[i-1] != '&'):
			vs, ve = oracleUserPassword(s, e+1)
		}
		if ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) && !shellVariable(s[vs:ve]) {
			m.mask(vs, ve)
			i = ve - 1
			continue
		}
		i = e - 1
	}
	return m.result()
}

// commandEndsAt reports whether a login ending at s[e] ends its command: the line ends (blanks
// before it maybe), or a database's "@", or ";".
func commandEndsAt(s string, e int) bool {
	if e < len(s) && (s[e] == '@' || s[e] == ';') {
		return true
	}
	for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
		e++
	}
	return e == len(s) || s[e] == '\n' || s[e] == '\r' || lineSeparatorAt(s, e) > 0
}

// versionSegment reports a path's version segment (v1, v2): connect api/v1 names an API.
func versionSegment(v string) bool {
	return len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && digitsOnly(v[1:])
}

// secureStringLiteral returns where the quoted literal ConvertTo-SecureString (ending at
// s[e]) is given stands, inside its quotes, after -String maybe; -1, -1 when none.
func secureStringLiteral(s string, e int) (start, end int) {
	p := blanksAt(s, e)
	if p == e || p >= len(s) {
		return -1, -1
	}
	if hasPrefixFold(s[p:], "-string") {
		if q := blanksAt(s, p+len("-string")); q > p+len("-string") {
			p = q
		}
	}
	if p >= len(s) || s[p] != '"' && s[p] != '\'' {
		return -1, -1
	}
	c := strings.IndexByte(s[p+1:min(len(s), p+257)], s[p])
	if c <= 0 || strings.ContainsAny(s[p+1:p+1+c], "\n\r") || s[p+1] == '$' {
		return -1, -1
	}
	return p + 1, p + 1 + c
}

// oracleLogin returns where the password of the user/password[@db] that an Oracle tool ending
// at s[e] is given first (its flags aside, three at most) stands; -1, -1 when none.
func oracleLogin(s string, e int) (start, end int) {
	p := blanksAt(s, e)
	for range 3 {
		if p == e || p >= len(s) || s[p] != '-' {
			break
		}
		q := p
		for q < len(s) && q-p <= 64 && !isSpace(s[q]) {
			q++
		}
		if q-p > 64 {
			return -1, -1
		}
		e, p = q, blanksAt(s, q)
	}
	if p == e || p >= len(s) {
		return -1, -1
	}
	return oracleUserPassword(s, p)
}

// oracleUserPassword returns where the password of user/password[@db] at s[p] stands: a
// user's name (letters, digits, _ $ #), "/", then the password up to "@", a space, a quote or
// the line's end; -1, -1 for / as sysdba, /nolog and any other shape.
func oracleUserPassword(s string, p int) (start, end int) {
	u := p
	for u < len(s) && u-p <= 64 && (isLetter(s[u]) || s[u] >= '0' && s[u] <= '9' || strings.IndexByte("_$#", s[u]) >= 0) {
		u++
	}
	if u == p || u >= len(s) || s[u] != '/' {
		return -1, -1
	}
	v := u + 1
	w := v
	for w < len(s) && w-v <= 128 && !isSpace(s[w]) && s[w] != '@' && s[w] != '"' && s[w] != '\'' && s[w] != ';' && lineSeparatorAt(s, w) == 0 {
		w++
	}
	if w == v || w-v > 128 || s[v] == '/' {
		return -1, -1
	}
	return v, w
}

// tupleCredentialWords name, right before a parenthesised tuple of quoted strings, what the
// tuple holds: a user's name and password, or a secret alone.
var tupleCredentialWords = []string{"credentials", "credential", "creds", "password", "passwd", "passphrase", "secret",
	"token", "login", "auth", "authentication"}

// maskTuplePasswords masks the strings of a Python exception's args tuple after a word of
// tupleCredentialWords (ValueError: invalid credentials ('bob', '<pw>'), bad password
// ('<pw>',)): of one string, that string; of more, all but the first, the user's name, which
// stays. The word, a ":" and blanks may stand before "("; every string in the tuple is quoted,
// or nothing is masked. Each "(" is read once, 512 bytes on at most: linear.
func maskTuplePasswords(s string) string {
	if !strings.Contains(s, "('") && !strings.Contains(s, "(\"") && !strings.Contains(s, "( ") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.IndexByte(s, '('); i >= 0; {
		if tupleCredentialBefore(s, i) {
			spans := tupleStrings(s, i)
			if len(spans) > 1 {
				spans = spans[1:]
			}
			for _, sp := range spans {
				if sp[1] > sp[0] && sp[0] >= m.pos && !keptAsWritten(s[sp[0]:sp[1]]) {
					m.mask(sp[0], sp[1])
				}
			}
		}
		k := strings.IndexByte(s[i+1:], '(')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return m.result()
}

// tupleCredentialBefore reports whether a word of tupleCredentialWords ends before s[open],
// a ":" and up to two blanks between.
func tupleCredentialBefore(s string, open int) bool {
	k := open
	for n := 0; k > 0 && n < 3 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == ':'); n++ {
		k--
	}
	if k == open {
		return false // f('bob', 'pw'): a call, no tuple after a word
	}
	w := k
	for w > 0 && isLetter(s[w-1]) && k-w <= 16 {
		w--
	}
	if w > 0 && (isWordByte(s[w-1]) || s[w-1] == '.') {
		return false
	}
	word := strings.ToLower(s[w:k])
	return slices.Contains(tupleCredentialWords, word)
}

// tupleStrings returns where the strings of the tuple whose "(" stands at s[open] stand,
// inside their quotes: every element a quoted string, separated by "," and blanks, a last ","
// maybe, then ")"; nil for any other tuple.
func tupleStrings(s string, open int) [][2]int {
	var spans [][2]int
	p := open + 1
	for {
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= len(s) || p-open > 512 {
			return nil
		}
		if s[p] == ')' && len(spans) > 0 {
			return spans
		}
		q := s[p]
		if q != '"' && q != '\'' {
			return nil
		}
		e := callArgumentEnd(s, p, open)
		if e < 0 {
			return nil
		}
		spans = append(spans, [2]int{p + 1, e})
		p = e + 1
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		switch {
		case p < len(s) && s[p] == ',':
			p++
		case p < len(s) && s[p] == ')':
			return spans
		default:
			return nil
		}
	}
}

// callArgumentEnd returns where the quoted argument opening at s[p] closes, backslash escapes
// skipped, on its line and within 512 bytes of the call's parenthesis at s[open]; -1 if not.
func callArgumentEnd(s string, p, open int) int {
	q, e := s[p], p+1
	for e < len(s) && s[e] != q && s[e] != '\n' && e-open <= 512 {
		if s[e] == '\\' {
			e++
		}
		e++
	}
	if e >= len(s) || s[e] != q {
		return -1
	}
	return e
}
