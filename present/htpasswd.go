package present

import (
	"slices"
	"strings"
)

// maskHtpasswdPasswords masks the password Apache's htpasswd takes on its command line with
// -b: htpasswd -b[c…] FILE USER PASSWORD, or -nb USER PASSWORD (its options together or apart,
// -C and -r with their value), quoted or not, in a JSON or Python list of arguments too
// (["htpasswd", "-bc", "f", "bob", "<pw>"]). A shell variable stays ($HTPASSWD_PW), and so
// does a word of prose that more words follow (use htpasswd -b to pass the password …): a
// command line ends after its password. Each command is read 512 bytes on at most: linear.
func maskHtpasswdPasswords(s string) string {
	const name = "htpasswd"
	if !strings.Contains(s, name) {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.Index(s, name); i >= 0; {
		if vs, ve := htpasswdPassword(s, i, i+len(name)); ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
			m.mask(vs, ve)
		}
		k := strings.Index(s[i+len(name):], name)
		if k < 0 {
			break
		}
		i += len(name) + k
	}
	return m.result()
}

// htpasswdPassword returns where the password of the htpasswd command named at s[i:e] stands;
// -1, -1 when there is none (no -b, too few arguments) or s[i:e] names no command (.htpasswd,
// htpasswd_file).
func htpasswdPassword(s string, i, e int) (start, end int) {
	if i > 0 && (isKeyByte(s[i-1]) || s[i-1] == '$') || e >= len(s) {
		return -1, -1
	}
	var args [][2]int
	list := i > 0 && (s[i-1] == '"' || s[i-1] == '\'') && s[e] == s[i-1]
	switch {
	case list:
		args = listArgs(s, e, s[e])
	case spaceAt(s, e) > 0 && lineSeparatorAt(s, e) == 0 && s[e] != '\n' && s[e] != '\r':
		args = commandArgs(s, e)
	default:
		return -1, -1
	}
	batch, show := false, false // -b, -n
	var positional [][2]int
	for k := 0; k < len(args); k++ {
		a := s[args[k][0]:args[k][1]]
		if len(positional) > 0 || len(a) < 2 || a[0] != '-' {
			positional = append(positional, args[k])
			continue
		}
		for j := 1; j < len(a); j++ {
			switch a[j] {
			case 'b':
				batch = true
			case 'n':
				show = true
			case 'C', 'r': // the cost or rounds, attached or the next argument
				if j == len(a)-1 {
					k++
				}
				j = len(a)
			}
		}
	}
	at := 2 // FILE USER PASSWORD
	if show {
		at = 1 // USER PASSWORD
	}
	if !batch || len(positional) <= at {
		return -1, -1
	}
	start, end = positional[at][0], positional[at][1]
	if v := s[start:end]; v == "" || v[0] == '$' || proseWord(v) && at+1 < len(positional) && !list {
		return -1, -1
	}
	return start, end
}

// commandArgs returns where the arguments of a command line from s[from] stand (the text
// inside a quoted one's quotes), up to where the command ends: a line break (written out too),
// ";", "|", "&", ">", "<", ")", a backquote, or a quote that closes nothing on the line (a JSON
// string's end); 512 bytes at most.
func commandArgs(s string, from int) [][2]int {
	limit := min(len(s), from+512)
	ends := func(k int) bool {
		return strings.IndexByte("\n\r;|&<>)`", s[k]) >= 0 || lineSeparatorAt(s, k) > 0 || escapedBreakAt(s, k)
	}
	var args [][2]int
	for k := from; k < limit; {
		if n := spaceAt(s, k); n > 0 {
			k += n
			continue
		}
		if ends(k) {
			break
		}
		if q := s[k]; q == '"' || q == '\'' {
			c := k + 1
			for c < limit && s[c] != q && !ends(c) {
				c++
			}
			if c >= limit || s[c] != q {
				break // a quote that closes no argument: the text the command stood in ends
			}
			args = append(args, [2]int{k + 1, c})
			k = c + 1
			continue
		}
		e := k
		for e < limit && spaceAt(s, e) == 0 && !ends(e) && s[e] != '"' && s[e] != '\'' {
			e++
		}
		if e < limit && (s[e] == '"' || s[e] == '\'') {
			if e > k+1 && s[e-1] == '\\' {
				e-- // a quote escaped in JSON (\"): its backslash is no password's
			}
			args = append(args, [2]int{k, e})
			break // a quote right after a word ends the text the command stood in
		}
		args = append(args, [2]int{k, e})
		k = e
	}
	return args
}

// listArgs returns where the elements after the one that closes at s[from] (its quote q) stand
// in a JSON or Python list of arguments: a comma, blanks, and the next element in the same
// quotes; 512 bytes at most.
func listArgs(s string, from int, q byte) [][2]int {
	limit := min(len(s), from+512)
	var args [][2]int
	for k := from + 1; k < limit; {
		for k < limit && s[k] == ' ' {
			k++
		}
		if k >= limit || s[k] != ',' {
			break
		}
		for k++; k < limit && s[k] == ' '; k++ {
		}
		if k >= limit || s[k] != q {
			break
		}
		c := strings.IndexByte(s[k+1:limit], q)
		if c < 0 {
			break
		}
		args = append(args, [2]int{k + 1, k + 1 + c})
		k += c + 2
	}
	return args
}

// cryptIDs are the identifiers of crypt(3)'s and its kin's hash formats ($2y$, $apr1$, $6$,
// $argon2id$): a hash of a password after one is as good as the password to whoever cracks it.
var cryptIDs = []string{"1", "2a", "2b", "2x", "2y", "5", "6", "7", "y", "gy", "apr1", "md5", "sha1", "argon2i",
	"argon2d", "argon2id", "scrypt", "pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512", "bcrypt", "bcrypt-sha256"}

// ldapHashSchemes are the schemes of an LDAP or htpasswd password hash in braces ({SHA}, {SSHA}).
var ldapHashSchemes = []string{"SHA", "SSHA", "SHA256", "SSHA256", "SHA512", "SSHA512", "MD5", "SMD5", "CRYPT",
	"PBKDF2", "PBKDF2-SHA256", "PBKDF2-SHA512", "ARGON2"}

// maskPasswordHashes masks a password's hash wherever it stands, its format's identifier kept
// (htpasswd's bob:$apr1$********, bcrypt's $2y$********, /etc/shadow's root:$6$********, LDAP's
// userPassword: {SSHA}********): crypt's $id$ then "$"-separated fields, the last 16 hash
// characters at least, or a scheme in braces then 16 base64 characters at least. A hash
// starts a word (after a blank, a quote, ":" or "="). Each is read once, 512 bytes at most:
// linear.
func maskPasswordHashes(s string) string {
	if !strings.Contains(s, "$") && !strings.Contains(s, "}") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != '$' && s[i] != '{' || i > 0 && strings.IndexByte(" \t\n\r:=\"'`,;([", s[i-1]) < 0 {
			continue
		}
		vs, ve := passwordHashAt(s, i)
		if ve > vs && vs >= m.pos {
			m.mask(vs, ve)
			i = ve - 1
		}
	}
	return m.result()
}

// passwordHashAt returns where the hash part of a password hash starting at s[i] stands (after
// its $id$ or {SCHEME}); -1, -1 when none does.
func passwordHashAt(s string, i int) (start, end int) {
	if s[i] == '{' {
		c := strings.IndexByte(s[i+1:min(len(s), i+16)], '}')
		if c <= 0 || !slices.Contains(ldapHashSchemes, strings.ToUpper(s[i+1:i+1+c])) {
			return -1, -1
		}
		v := i + 2 + c
		e := v
		for e < len(s) && e-v <= 512 && (isBase64Byte(s[e]) || s[e] == '$' || s[e] == '.' || s[e] == '=') {
			e++
		}
		if e-v < 16 || e-v > 512 {
			return -1, -1
		}
		return v, e
	}
	c := strings.IndexByte(s[i+1:min(len(s), i+16)], '$')
	if c <= 0 || !slices.Contains(cryptIDs, s[i+1:i+1+c]) {
		return -1, -1
	}
	v := i + 2 + c
	e, last, fields := v, v, 1
	for e < len(s) && e-v <= 512 {
		b := s[e]
		if b == '$' {
			fields++
			last = e + 1
		} else if !isBase64Byte(b) && b != '.' && b != ',' && b != '=' && b != '-' {
			break
		}
		e++
	}
	if fields < 2 || e-last < 16 || e-v > 512 {
		return -1, -1 // bcrypt's $2y$10$<53>: two fields; $6$salt$hash too
	}
	return v, e
}

// isBase64Byte reports a byte of base64 or crypt's alphabet (letters, digits, "+", "/").
func isBase64Byte(b byte) bool {
	return isLetter(b) || b >= '0' && b <= '9' || b == '+' || b == '/'
}
