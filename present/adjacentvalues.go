package present

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maskAdjacentValues masks a credential's value written right after its name with only
// blanks between, as prose and log lines write it with no "=" or ":" (use password hunter2xyz
// for the reader, PG_PASSWORD s3cr3tvalue, x-api-key abcd1234efgh5678, X-Auth-Token …), and a
// user's password after creds, credentials or login and the user (db creds spice / S3cr3tPw!,
// login bob:S3cr3t):
//
//   - the name ends with a word that names a credential strongly (adjacentNameSuffixes:
//     password, passwd, passphrase, pwd, token, apikey…; pass as a word of its own: PG_PASS,
//     dbPass; key after api, access, secret…: api key <v>; secret after client, app…);
//     a name inside a path (/oauth/token) or after "$" names none;
//   - one blank between (two or more, or a tab, make columns: maskSpokenValues');
//   - the value is one word on the same line (quoted: inside its quotes), and reads as a
//     secret (adjacentSecret): letters and a digit or a symbol, six characters at least, none
//     of a version, a number and its unit, a time, a path, a URL, an e-mail address or a
//     name of lower-case words and numbers (db-prod-01, api.spice.ai), so prose (password
//     reset, token expired, api key header missing, token v2.1.0) stays.
//
// Each word is read a bounded number of times: linear.
func maskAdjacentValues(s string) string {
	if !strings.ContainsAny(s, " \t") && !strings.ContainsFunc(s, unicodeSpace) && !strings.ContainsAny(s, "\u0085\u2028\u2029") {
		return s
	}
	m := spanMasker{s: s}
	prev := -1 // where the word before the current one starts
	prevEnd := -1
	for i := 0; i < len(s); {
		if !isKeyByte(s[i]) || i > 0 && isKeyByte(s[i-1]) {
			i++
			continue
		}
		e := i
		for e < len(s) && isKeyByte(s[e]) {
			e++
		}
		next := e
		if e-i <= 64 && i >= m.pos {
			if vs, ve := adjacentValue(s, i, e, prev, prevEnd); ve > vs && vs >= m.pos {
				m.mask(vs, ve)
				next = ve
			}
		}
		prev, prevEnd = i, e
		i = next
	}
	return m.result()
}

// adjacentNameSuffixes end a folded name (appendFolded) that names a credential strongly
// enough for its value to follow it after blanks alone.
var adjacentNameSuffixes = []string{"password", "passwd", "passphrase", "pwd", "token", "apikey", "accesskey",
	"secretkey", "privatekey", "clientsecret", "appsecret", "apisecret", "consumersecret", "sharedsecret",
	"signingsecret", "webhooksecret", "authorization", "passcode", "pincode"}

// keytoolPasswordFlags are keytool's and jarsigner's options whose value is a password
// (-storepass <pw>); adjacentKeyLeads are the words before key, and adjacentSecretLeads those
// before secret, that make it a credential's name (api key <v>, client secret <v>);
// adjacentUserLeads are the words before a user and its password (creds bob / <pw>).
var (
	keytoolPasswordFlags = []string{"-storepass", "-keypass", "-srcstorepass", "-deststorepass", "-srckeypass", "-destkeypass"}
	adjacentKeyLeads     = []string{"api", "access", "secret", "private", "signing", "master", "encryption", "license", "licence"}
	adjacentSecretLeads  = []string{"client", "app", "api", "consumer", "shared", "signing", "webhook"}
	adjacentUserLeads    = []string{"creds", "credentials", "credential", "login"}
)

// adjacentValue returns where the value of the credential named by s[ks:ke] stands when only
// blanks follow the name (maskAdjacentValues); the word before the name, if any, is
// s[ps:pe]. -1, -1 when none.
func adjacentValue(s string, ks, ke, ps, pe int) (start, end int) {
	name := s[ks:ke]
	if c := name[len(name)-1]; c == '.' || c == '-' || c == '_' {
		return -1, -1 // a sentence's end (the password. Then…), a flag's stem
	}
	if ks > 0 && (s[ks-1] == '/' || s[ks-1] == '$' || s[ks-1] == '{' || s[ks-1] == '\\' || s[ks-1] == '@') {
		return -1, -1 // a path's segment (/oauth/token), a variable ($PASSWORD), an escape (\token)
	}
	g := ke
	if ks > 0 && ke < len(s) && (s[ks-1] == '"' || s[ks-1] == '\'') && s[ke] == s[ks-1] {
		g++ // "apiKey" "<v>"
		// a pair's tuple: ("x-api-key", "<v>"); the blank a Unicode space or a line separator too,
		// as MaskLogLines shows it as a space
		if g < len(s) && s[g] == ',' && g+1 < len(s) && (adjacentBlank(s, g+1) > g+1 || s[g+1] == '"' || s[g+1] == '\'') {
			g++
			if adjacentBlank(s, g) == g {
				if vs, ve := adjacentWord(s, g); ve > vs && adjacentName(s, name, ks, ps, pe) && adjacentSecret(s[vs:ve]) {
					return vs, ve
				}
				return -1, -1
			}
		}
	}
	v := adjacentBlank(s, g)
	if v == g || v >= len(s) {
		return -1, -1
	}
	if name == "LOGIN" && s[g] != '\n' && s[g] != '\r' && lineSeparatorAt(s, g) == 0 && (ps < 0 || s[ps:pe] != "AUTH") {
		// IMAP's arguments stand on its line; SMTP's AUTH LOGIN's come on the next lines
		// (maskSMTPLoginPassword).
		if vs, ve := commandPassword(s, v); ve > vs {
			return vs, ve // IMAP's a001 LOGIN <user> <pw>
		}
	}
	if oneOfFold(adjacentUserLeads, name) {
		return adjacentUserPassword(s, v)
	}
	if oneOfFold(keytoolPasswordFlags, name) {
		// keytool's and jarsigner's -storepass <pw>: any value but another flag (changeit too).
		vs, ve := adjacentWord(s, v)
		if ve <= vs || s[vs] == '-' || keptAsWritten(s[vs:ve]) || shellVariable(s[vs:ve]) {
			return -1, -1
		}
		return vs, ve
	}
	if pinName(name) {
		// PIN 48213377: digits alone, 4 to 12.
		if vs, ve := adjacentWord(s, v); ve-vs >= 4 && ve-vs <= 12 && digitsOnly(s[vs:ve]) && !unitAfter(s, ve) {
			return vs, ve
		}
		return -1, -1
	}
	if !adjacentName(s, name, ks, ps, pe) {
		return -1, -1
	}
	vs, ve := adjacentWord(s, v)
	if ve <= vs || !adjacentSecret(s[vs:ve]) && !barePassword(name, s, vs, ve) {
		return -1, -1
	}
	return vs, ve
}

// pinName reports a PIN's name: PIN in capitals, or a name ending in _pin, -pin or .pin
// (SIM_PIN, card-pin), any case; pin alone is a verb too (pin 3 versions).
func pinName(name string) bool {
	return name == "PIN" || len(name) > 4 && hasSuffixFold(name, "pin") && strings.IndexByte("_-.", name[len(name)-4]) >= 0
}

// barePasswordSuffixes end the folded names after which a password of digits alone
// (password 48213377) is masked; the first three, also one of letters alone (password hunterxyz).
var barePasswordSuffixes = []string{"password", "passwd", "passphrase", "pwd", "passcode", "pincode"}

// barePassword reports whether s[vs:ve], after the credential's name and one blank, is a
// password of digits alone (4 at least, no unit after it: password 8 characters stays), or of
// letters alone after password, passwd or passphrase: 6 to 64, the first lower case, and no
// word of prose (passwordProse, or an English word's ending: password manager, password
// protected, password rotation).
func barePassword(name, s string, vs, ve int) bool {
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name))
	k := slices.IndexFunc(barePasswordSuffixes, func(w string) bool { return strings.HasSuffix(folded, w) })
	v := s[vs:ve]
	switch {
	case k < 0 || name[0] == '-' || strings.HasPrefix(folded, "no"):
		return false // a flag (--no-password dbname): its value, if any, is maskSpacedValues'
	case digitsOnly(v):
		return len(v) >= 4 && len(v) <= 64 && !unitAfter(s, ve) && !yearThenProse(s, vs, ve)
	case k > 2 || len(v) < 4 || len(v) > 64 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return false
	}
	lower := strings.ToLower(v)
	switch {
	case slices.Contains(commonPasswords, lower):
		return true // password summer, password Dragon: a word people choose as a password
	case len(v) < 6 || slices.Contains(passwordProse, lower):
		return false
	case v[0] >= 'A' && v[0] <= 'Z':
		// password Summer, PG_PASSWORD Tigerlily: capitalised after a name that is not (prose
		// writes Password Required, title case), a word of prose only when it ends as a verb's
		// form or an abstract noun does (password Expired).
		if strings.ToLower(v[1:]) != v[1:] || name[0] >= 'A' && name[0] <= 'Z' && strings.ToLower(name[1:]) == name[1:] {
			return false
		}
		return !slices.ContainsFunc(strongProseEndings, func(w string) bool { return strings.HasSuffix(lower, w) })
	}
	return !slices.ContainsFunc(proseEndings, func(w string) bool { return strings.HasSuffix(lower, w) })
}

// strongProseEndings end a verb's form or an abstract noun: a capitalised word with one is
// prose (password Expired, password Rotation).
var strongProseEndings = []string{"ed", "ing", "tion", "sion", "ment", "ness", "ity"}

// commonPasswords are English words and names that lists of leaked passwords hold near their
// top and that proseEndings would read as prose (summer, master, butterfly) or that are short:
// after a password's name they are masked, any case.
var commonPasswords = []string{"summer", "winter", "spring", "autumn", "master", "monster", "hunter", "soccer",
	"hockey", "killer", "buster", "ranger", "tigger", "tiger", "pepper", "ginger", "cheese", "computer", "internet",
	"butterfly", "starwars", "superman", "batman", "spiderman", "princess", "sunshine", "football", "baseball",
	"basketball", "dragon", "monkey", "shadow", "letmein", "welcome", "trustno", "iloveyou", "freedom", "whatever",
	"qwerty", "qwertyuiop", "asdfgh", "zxcvbn", "abcdef", "abcdefg", "abcdefgh", "changeme", "silver", "golden",
	"orange", "purple", "yellow", "banana", "cookie", "chocolate", "flower", "lovely", "mustang", "ferrari",
	"porsche", "harley", "maverick", "phoenix", "liverpool", "chelsea", "arsenal", "yankees", "cowboys",
	"steelers", "lakers", "dolphins", "secretpassword", "passwort", "motdepasse", "contrasena", "senha", "parola",
	"haslo", "wachtwoord", "lozinka"}

// yearThenProse reports a year (19xx or 20xx) at s[vs:ve] that a word naming what of the
// password's is dated follows after one space (password 2024 policy, password 1999 rules:
// yearNouns); a verb after it (the password 2024 was rejected) leaves it a password.
func yearThenProse(s string, vs, ve int) bool {
	if ve-vs != 4 || s[vs:vs+2] != "19" && s[vs:vs+2] != "20" || ve+2 > len(s) || s[ve] != ' ' {
		return false
	}
	w := ve + 1
	for w < len(s) && s[w] >= 'a' && s[w] <= 'z' {
		w++
	}
	return (w == len(s) || !isKeyByte(s[w])) && slices.Contains(yearNouns, s[ve+1:w])
}

// yearNouns are the words after a password's name and a year that date a policy, not a
// password (password 2024 policy).
var yearNouns = []string{"policy", "policies", "rules", "rule", "requirements", "requirement", "standard",
	"standards", "guidelines", "guidance", "audit", "review", "update", "updates", "reset", "resets", "rotation",
	"change", "changes", "campaign", "cycle", "report", "edition", "version", "release", "spec", "specification"}

// passwordProse are words prose writes after password (6 letters and more, no proseEndings).
var passwordProse = []string{"policy", "length", "change", "update", "prompt", "strength", "mismatch", "incorrect",
	"invalid", "verify", "please", "cannot", "should", "before", "during", "within", "without", "through", "because",
	"unless", "attempt", "expire", "expiry", "secret", "string", "option", "format", "config", "backend", "vault",
	"command", "dialog", "screen", "window", "button", "section", "column", "minimum", "maximum", "complex", "simple",
	"secure", "insecure", "strong", "plaintext", "cleartext", "bcrypt", "argon", "scrypt", "pbkdf", "confirm", "retype",
	"repeat", "rotate", "renew", "never", "always", "lockout", "unlock", "access", "correct", "stdin", "keychain",
	"keyring", "wallet", "keystore", "truststore", "default", "random", "temporary", "template", "example", "sample",
	"dummy", "unknown", "optional", "digest", "salt", "field", "reset", "grant", "login", "logon", "signin", "reuse",
	"policies", "hashes", "history", "recovery", "inventory", "directory", "factory", "object", "output", "input",
	"expression", "encryption", "authentication", "authorization", "validation", "verification", "protection",
	"manager", "provider", "parameter", "placeholder", "generator", "validator", "encoder", "hasher", "checker",
	"rules", "needs", "must", "also", "here", "there", "again", "above", "below", "entry", "empty", "blank"}

// proseEndings end an English word more often than a password of letters alone.
var proseEndings = []string{"ed", "ing", "tion", "sion", "ment", "ness", "ity", "ory", "ble", "er", "ers", "or", "ors",
	"ly", "al", "ic", "ive", "ure", "age", "ance", "ence", "ship", "ful", "less", "ise", "ize", "es", "ts", "ds", "rs", "ns", "ls"}

// digitsOnly reports a non-empty run of ASCII digits.
func digitsOnly(v string) bool { return v != "" && strings.Trim(v, "0123456789") == "" }

// unitAfter reports a unit's word after the number ending at s[e] and one space (8
// characters, 3 attempts, 30 days).
func unitAfter(s string, e int) bool {
	if e >= len(s) || s[e] != ' ' {
		return false
	}
	w := e + 1
	for w < len(s) && s[w] >= 'a' && s[w] <= 'z' {
		w++
	}
	return slices.Contains(numberUnits, s[e+1:w])
}

// numberUnits are the words a count is of after a password's or a PIN's name.
var numberUnits = []string{"characters", "character", "chars", "char", "digits", "digit", "letters", "bytes", "times",
	"attempts", "tries", "retries", "days", "hours", "minutes", "seconds", "secs", "ms", "weeks", "months", "years",
	"long", "max", "min", "users", "entries", "symbols", "words", "bits"}

// adjacentName reports whether name (s[ks:]) names a credential strongly
// (adjacentNameSuffixes), the word before it s[ps:pe] (ps < 0: none) read for key and secret.
func adjacentName(s, name string, ks, ps, pe int) bool {
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name))
	if strings.HasSuffix(folded, "keyref") || strings.HasSuffix(folded, "secretref") {
		return false
	}
	if slices.ContainsFunc(adjacentNameSuffixes, func(w string) bool { return strings.HasSuffix(folded, w) }) {
		return true
	}
	if strings.EqualFold(name, "pass") || hasSuffixFold(name, "_pass") || hasSuffixFold(name, "-pass") || hasSuffixFold(name, ".pass") ||
		len(name) > 4 && strings.HasSuffix(name, "Pass") && name[len(name)-5] >= 'a' && name[len(name)-5] <= 'z' {
		return true // PG_PASS, dbPass; not bypass, compass
	}
	var leads []string
	switch {
	case strings.EqualFold(name, "key"):
		leads = adjacentKeyLeads
	case strings.EqualFold(name, "secret"):
		leads = adjacentSecretLeads
	default:
		return false
	}
	if ps < 0 || pe+1 != ks || s[pe] != ' ' {
		return false // the lead word, one space, then the name
	}
	return oneOfFold(leads, s[ps:pe])
}

// oneOfFold reports whether w is one of the lower-case words, any case: strings.ToLower would
// allocate for every capitalised word of every text masked.
func oneOfFold(words []string, w string) bool {
	return slices.ContainsFunc(words, func(x string) bool { return strings.EqualFold(w, x) })
}

// hasSuffixFold reports whether s ends with suffix, any case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// adjacentGap returns where the blanks at s[p] end on its line (spaces, tabs, Unicode spaces,
// line separators, which MaskLogLines writes for a break inside an entry); p when none.
func adjacentGap(s string, p int) int {
	for p < len(s) {
		if s[p] == ' ' || s[p] == '\t' {
			p++
			continue
		}
		n := spaceAt(s, p)
		if n == 0 {
			n = lineSeparatorAt(s, p)
		}
		if n == 0 {
			break
		}
		p += n
	}
	return p
}

// adjacentBlank returns where the one blank at s[p] ends (a space, a Unicode space, a line
// separator, which MaskLogLines writes for a break inside an entry); p when none stands there.
// Two or more, or a tab, make columns (maskSpokenValues' columnValue reads those).
func adjacentBlank(s string, p int) int {
	if p >= len(s) || s[p] == '\t' {
		return p
	}
	n := spaceAt(s, p)
	if n == 0 {
		n = lineSeparatorAt(s, p)
	}
	if q := p + n; n > 0 && q < len(s) && (s[q] == ' ' || s[q] == '\t' || spaceAt(s, q) > 0 || lineSeparatorAt(s, q) > 0) {
		return p
	}
	return p + n
}

// adjacentWord returns the one word at s[v]: inside its quotes when a quote opens it and
// closes on its line (256 bytes at most), else up to a blank or a line's end, without the
// punctuation that ends a sentence or a group after it (hunter2xyz. → hunter2xyz).
func adjacentWord(s string, v int) (start, end int) {
	if q := s[v]; q == '"' || q == '\'' || q == '`' {
		for k := v + 1; k < len(s) && k-v <= 256; k++ {
			if s[k] == '\n' || s[k] == '\r' {
				break
			}
			if s[k] == q && s[k-1] != '\\' {
				return v + 1, k
			}
		}
		return -1, -1
	}
	e := v
	for e < len(s) && e-v <= 512 && s[e] > ' ' && s[e] != 0x7f && spaceAt(s, e) == 0 && lineSeparatorAt(s, e) == 0 {
		n := 1
		if s[e] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[e:])
			if r == utf8.RuneError || unicodeSpace(r) {
				break
			}
			n = size // a character whole: its first byte alone would end the word inside it
		}
		e += n
	}
	if e-v > 512 {
		return -1, -1
	}
	for e > v && strings.IndexByte(`.,;:)]}"'`+"`", s[e-1]) >= 0 {
		e--
	}
	return v, e
}

// adjacentUserPassword returns where the password of user/password or user:password after
// creds, credentials or login stands (db creds spice / S3cr3tPw!, login bob:S3cr3t): a user's
// name, "/" or ":" (spaces around "/" maybe), then the password (adjacentSecret).
func adjacentUserPassword(s string, u int) (start, end int) {
	e := u
	for e < len(s) && e-u <= 64 && (isKeyByte(s[e]) || s[e] == '@') {
		e++
	}
	if e == u || e-u > 64 || e >= len(s) {
		return -1, -1
	}
	p := e
	switch {
	case s[p] == ':' || s[p] == '/':
		p++
	default:
		g := adjacentGap(s, p)
		if g == p || g >= len(s) || s[g] != '/' {
			return -1, -1
		}
		p = adjacentGap(s, g+1)
		if p == g+1 {
			return -1, -1 // spaces around the "/" both, or none: bob /path stays
		}
	}
	if p >= len(s) || s[p] == '/' {
		return -1, -1
	}
	vs, ve := adjacentWord(s, p)
	if ve <= vs || !adjacentSecret(s[vs:ve]) {
		return -1, -1
	}
	return vs, ve
}

// adjacentSecret reports whether v, written after a credential's name and blanks alone, reads
// as the credential (maskAdjacentValues): a letter, and a digit or a symbol, six characters at
// least, and none of the shapes of prose and names that follow such a name.
func adjacentSecret(v string) bool {
	if t := strings.TrimRight(v, "="); len(v)-len(t) <= 2 {
		v = t // base64's padding (AUTH PLAIN <base64>)
	}
	if len(v)-unicodeSpaceExtra(v) < 6 || keptAsWritten(v) || shellVariable(v) || secretName(v) || strings.Contains(v, Masked) {
		return false // six characters, a Unicode space one as a space is (" 0\u2002B" as " 0 B")
	}
	letter, digit, symbol := false, false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isLetter(c):
			letter = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '-' || c == '_' || c == '.':
		case c == '=' || c == ':':
			return false // a pair, maskPairs' to read (--password user=bob), a time, a host's port
		case c < 0x80 && strings.IndexByte("([{<", c) >= 0 && i == 0:
			return false // (optional), <placeholder>, [list], {json}
		case c < 0x80:
			symbol = true
		default:
			// A Unicode space or line separator is a symbol as a space is: "\u0085abcde"
			// quoted reads as " abcde" does (round 64's FuzzMaskInvisible showed it).
			r, n := utf8.DecodeRuneInString(v[i:])
			symbol = symbol || unicodeSpace(r)
			i += n - 1
		}
	}
	switch {
	case !letter || !digit && !symbol:
		return false
	case strings.Contains(v, "://") || v[0] == '/' || v[0] == '~' || v[0] == '#' || filePathValue(v):
		return false // a URL (its userinfo is maskURLs'), a path, a comment
	case versionWord(v) || numberAndUnit(v) || emailAddress(v) || lowerName(v):
		return false
	case strings.HasPrefix(strings.ToUpper(v), "HTTP/"):
		return false // POST /oauth/token HTTP/1.1
	case keyFileName(v):
		return false // private key rsa_key.p8
	}
	return true
}

// unicodeSpaceExtra returns how many bytes more than one each the Unicode spaces and line
// separators of v take: len(v) less it counts each as the one byte a space is.
func unicodeSpaceExtra(v string) int {
	extra := 0
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			if r, n := utf8.DecodeRuneInString(v[i:]); unicodeSpace(r) {
				extra += n - 1
				i += n - 1
			}
		}
	}
	return extra
}

// keyFileExtensions end the name of a file that holds a key, a certificate or a secret.
var keyFileExtensions = []string{".p8", ".p12", ".pfx", ".pem", ".key", ".jks", ".crt", ".der", ".pub", ".ppk", ".asc",
	".gpg", ".json", ".txt", ".env", ".yaml", ".yml", ".toml"}

// keyFileName reports a file's name (name bytes, then one of keyFileExtensions, any case):
// rsa_key.p8, client.pfx, sa-key.json.
func keyFileName(v string) bool {
	dot := strings.LastIndexByte(v, '.')
	if dot <= 0 || !slices.Contains(keyFileExtensions, strings.ToLower(v[dot:])) {
		return false
	}
	for i := 0; i < dot; i++ {
		if !isKeyByte(v[i]) {
			return false
		}
	}
	return true
}

// versionWord reports a version: v maybe, then numbers apart by dots, then maybe a
// pre-release or build after "-" or "+" (v1.2.3, 2.0.1-beta.1).
func versionWord(v string) bool {
	v = strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
	if k := strings.IndexAny(v, "-+"); k > 0 {
		v = v[:k]
	}
	if !strings.Contains(v, ".") {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return false
		}
	}
	return true
}

// numberAndUnit reports a number and its unit's word: five digits at most, then five
// lower-case letters at most (3600s, 10ms, 32chars).
func numberAndUnit(v string) bool {
	d := len(v) - len(strings.TrimLeft(v, "0123456789"))
	if d == 0 || d > 5 || len(v)-d > 5 {
		return false
	}
	for i := d; i < len(v); i++ {
		if v[i] < 'a' || v[i] > 'z' {
			return false
		}
	}
	return true
}

// emailAddress reports an e-mail address: a name, "@", then a host name with a dot.
func emailAddress(v string) bool {
	at := strings.IndexByte(v, '@')
	return at > 0 && strings.Contains(v[at+1:], ".") && lowerName(strings.ToLower(v[at+1:]))
}

// lowerName reports a name of lower-case words and numbers apart by "-", "_" or "." (two
// parts at least: db-prod-01, pg_pass_2, api.spice.ai, my-secret-v2), each part letters, or
// digits, or v and digits.
func lowerName(v string) bool {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(parts) < 2 || strings.Trim(v, "-_.") != v {
		return false
	}
	for _, p := range parts {
		letters := strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") == ""
		digits := strings.Trim(p, "0123456789") == ""
		version := len(p) > 1 && p[0] == 'v' && strings.Trim(p[1:], "0123456789") == ""
		if !letters && !digits && !version {
			return false
		}
	}
	return true
}
