package present

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maskSpacedValues masks credentials written without "=" or ":" before them, which maskPairs
// does not read:
//
//   - the value after a long command-line flag that names a credential strongly
//     (--password <pw>, --api-key <k>, --pw <pw>: pwFlag; weakName's flags, --no-… and flags naming a file, a path,
//     a name or an id, or --password-stdin, stay as they are), unless another flag or a word
//     (readableWord: --password cannot be used…, --token string, use --token to sign in)
//     follows, in every mode: a word after a flag is its usage's prose more often than a
//     password of letters alone;
//     --password=<pw> is a pair; a word after which the command line ends is the value
//     (loneFlagWord: run --password hunter);
//   - the password attached to -p in a MySQL or MariaDB client's command line
//     (mysql -u root -p<pw>: mysqlClientBefore), not another program's -p (mkdir -p);
//   - SQL's IDENTIFIED BY '<pw>' (and IDENTIFIED WITH plugin BY '<pw>', BY PASSWORD, BY VALUES),
//     and an unquoted password (Oracle's IDENTIFIED BY hunter22) where the text reads as SQL
//     (sqlIdentified: IDENTIFIED BY in capitals, or a CREATE or ALTER USER or ROLE before it
//     in the statement), unless it reads as a word (readableWord; a word before REPLACE is
//     the password) or is a keyword (EXTERNALLY, GLOBALLY, RANDOM PASSWORD): prose's
//     "identified by appId abc123" stays; the current password after REPLACE too;
//   - the text of an XML element that names a credential strongly (<password>…</password>,
//     <ns:clientSecret>…</ns:clientSecret>) when the closing tag follows it, the brackets as
//     written or spelled out (\u003cpassword\u003e, &lt;password&gt;), the text maybe a CDATA
//     section (xmlCredentialText), and the text of the element after a property list's
//     <key> that names a credential (<key>password</key><string>…</string>: plistValue);
//   - the value after aws_secret_access_key and aws_session_token and spaces (AWS config dumps),
//     quoted or at least 16 bytes of a token.
//
// The value may follow a line break (and a shell's continuation, "\\" before it): blanksAt.
// Each byte is read a bounded number of times: linear.
func maskSpacedValues(s string) string {
	if !strings.Contains(s, "--") && !shortPOptionIn(s) && strings.IndexByte(s, '<') < 0 && !containsFold(s, "identified") && !containsFold(s, "aws_s") && !containsFold(s, "fs.azure.") &&
		!containsFold(s, "&lt") && !containsFold(s, "3c") && !strings.Contains(s, "&#60") {
		return s
	}
	var b strings.Builder
	pos := 0 // s[:pos] is written
	var quotes typographicEnds
	var cdata cdataEnds
	for i := 0; i < len(s); i++ {
		start, end := -1, -1
		unquoted := false // a flag's or IDENTIFIED BY's value as written, no quote around it
		switch c := s[i]; {
		case c == '<' || c == '\\' || c == '&' || c == '%':
			start, end = xmlCredentialText(s, i, &cdata)
		case c == '-' && strings.HasPrefix(s[i:], "--") && (i == 0 || spaceBefore(s, i) > 0 || s[i-1] == '"' || s[i-1] == '\''):
			if w := credentialFlagValueAt(s, i+2); w > 0 {
				start, end = flagValueSpan(s, w, &quotes)
			}
		case c == '-' && i+2 < len(s) && s[i+1] == 'p' && sepAt(s, i+2) == 0 && shortPOptionAt(s, i) && mysqlClientBefore(s, i):
			start, end = quotes.valueSpan(s, i+2) // mysql -u root -p<pw>
			unquoted = start == i+2 && isWordByte(s[start])
		case (c|0x20 == 'f' || c|0x20 == 's') && (i == 0 || !isKeyByte(s[i-1])):
			if w := hadoopSpacedValueAt(s, i); w > 0 {
				start, end = quotes.valueSpan(s, w) // spark-defaults.conf: spark.hadoop.fs.azure.account.key.<account>… <key>
			}
		case (c|0x20 == 'i' || c|0x20 == 'a' || c|0x20 == 'r') && (i == 0 || !isWordByte(s[i-1]) || i >= 2 && escapedBreakAt(s, i-2)):
			if w := spacedKeywordValueAt(s, i); w > 0 {
				start, end = quotes.valueSpan(s, w)
				unquoted = start == w && isWordByte(s[w])
			}
		}
		if start < pos || end <= start {
			continue
		}
		if unquoted {
			end = nextRuleCut(s, start, end)
		}
		value := s[start:end]
		if maskedOnly(value) || isReference(value) || invisibleOnly(value) || placeholderValue(value) || strings.TrimSpace(value) == "" {
			i = max(i, end-1)
			continue
		}
		b.WriteString(s[pos:start])
		b.WriteString(Masked)
		pos = end
		i = max(i, end-1)
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// flagValueSpan returns where the value of a credential flag (credentialFlagValueAt) that
// starts at s[w] stands: what quotes.valueSpan reads there, an unquoted one cut where a line
// break is followed by the next rule (nextRuleCut); w, w (nothing to mask) when it reads as a
// word of the flag's usage (readableWord: --password cannot be used…), is masked already, a
// reference or blank.
func flagValueSpan(s string, w int, quotes *typographicEnds) (start, end int) {
	start, end = quotes.valueSpan(s, w)
	if start == w && (readableWord(s[start:end]) || acronymWord(s[start:end]) && usageAcronymAt(s, start, end)) && !loneFlagWord(s, start, end) {
		return w, w
	}
	for start == w && end > start+1 && s[end-1] == ')' && strings.IndexByte(s[start:end], '(') < 0 {
		end-- // $(run --password <pw>): the subshell's end is no part of it
	}
	if start == w && isWordByte(s[w]) {
		end = nextRuleCut(s, start, end)
	}
	if v := s[start:end]; maskedOnly(v) || isReference(v) || invisibleOnly(v) || placeholderValue(v) || strings.TrimSpace(v) == "" {
		return w, w
	}
	return start, end
}

// usageAcronyms are the acronyms a usage's text starts a credential flag's description with
// (API key to use, JWT issued by …, PAT for GitHub): a fixed list, so that no password in
// capitals reads as one.
var usageAcronyms = []string{"API", "JWT", "URL", "URI", "ID", "PAT", "TLS", "SSL", "SSH", "AWS", "GCP", "HTTP", "HTTPS",
	"OAUTH", "OIDC", "SAML", "PEM", "JSON", "YAML", "SQL", "DB", "CLI", "MCP", "HMAC", "RSA", "GPG", "PGP", "LDAP", "SMTP", "S3"}

// acronymWord reports whether w is one of usageAcronyms, which starts a flag's description in
// a usage's text (--api-key⏎      API key to use) when usageAcronymAt says so.
func acronymWord(w string) bool {
	return slices.Contains(usageAcronyms, w)
}

// usageAcronymAt reports whether the acronym s[start:end] after a credential flag starts a
// usage's description of the flag: a space and a word of prose, lower case, or a parenthesis
// follow it (--api-key⏎      API key to use, --token JWT issued by …, --api-key   API (env …)).
// A lone one is still the value (loneFlagWord), and so is any other word in capitals (mysql
// --password LETMEIN mydb, --password HUNTER two, --token ABCDEFGH, retrying). The spaces before
// it are not read: MaskLogLines shows a break or a run of spaces as one space, and its text
// masked again reads as it did.
func usageAcronymAt(s string, start, end int) bool {
	if end+1 >= len(s) || s[end] != ' ' {
		return false
	}
	if s[end+1] == '(' {
		return true // API (env SPICE_API_KEY)
	}
	e := end + 1
	for e < len(s) && s[e] >= 'a' && s[e] <= 'z' {
		e++
	}
	return e > end+1 && (e == len(s) || !isWordByte(s[e]))
}

// shortPOptionAt reports whether the "-p" at s[i] starts a word of a command line: a space
// (a tab, a break written out: spaceBefore) or a quote before it (mysql -u root "-p<pw>").
func shortPOptionAt(s string, i int) bool {
	return i > 0 && (spaceBefore(s, i) > 0 || s[i-1] == '"' || s[i-1] == '\'')
}

// shortPOptionIn reports whether s holds a "-p" that shortPOptionAt reads as an option's start:
// maskSpacedValues reads s only then, or when another of its rules may apply.
func shortPOptionIn(s string) bool {
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], "-p")
		if k < 0 {
			return false
		}
		if shortPOptionAt(s, i+k) {
			return true
		}
		i += k + 2
	}
	return false
}

// continuationBefore returns where the backslash of a shell's continuation stands before the
// line break (or line separator, as MaskLogLines writes one) that starts at s[b]; else -1.
func continuationBefore(s string, b int) int {
	if s[b] == '\n' && b > 0 && s[b-1] == '\r' {
		b--
	}
	if b > 0 && s[b-1] == '\\' {
		return b - 1
	}
	return -1
}

// mysqlClients are the MySQL and MariaDB clients whose -p takes the password attached
// (mysql -u root -p<pw>): elsewhere -p is no password (mkdir -p, ssh -p 22).
var mysqlClients = []string{"mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck", "mysqlshow", "mysqlpump",
	"mysqlsh", "mariadb", "mariadb-dump", "mariadb-admin", "mariadb-import", "mariadb-check", "mariadb-show"}

// containerNameFlags are the flags of container CLIs (docker, podman, nerdctl) whose value
// names a container, a host or a network: mysql there is a name, no client.
var containerNameFlags = []string{"--name", "--hostname", "--network", "--net", "--network-alias", "--net-alias",
	"--link"}

// mysqlClientBefore reports whether the option at s[i] is one of a MySQL client's command line:
// one of mysqlClients is a word (a path's last part: /usr/bin/mysql) of the command before it,
// back to the line's start (across a shell's continuation: continuationBefore), ";", "|",
// "&", "(" or a backquote, 256 bytes at most (linear), but not a container's name with a port
// mapping after it (docker run --name mysql -p3306:3306 mysql:8: containerNameAt); a word
// after any other flag is a command's (sh -c 'mysql -p<pw>', sudo -E mysql, env -i mysql,
// kubectl exec db -- mysql -p<pw>).
func mysqlClientBefore(s string, i int) bool {
	from := max(0, i-256)
	for k := i - 1; k >= from; k-- {
		if c := s[k]; c == '\n' || c == '\r' || lineSeparatorAt(s, k) > 0 {
			if b := continuationBefore(s, k); b >= 0 {
				k = b // mysql -u root \⏎  -p<pw>: the command goes on
				continue
			}
		}
		if c := s[k]; c == ';' || c == '|' || c == '&' || c == '(' || c == '`' || c == '\n' || c == '\r' {
			from = k + 1
			break
		}
		if n := lineSeparatorAt(s, k); n > 0 {
			from = k + n
			break
		}
		if escapedBreakAt(s, k) && k+2 <= i {
			from = k + 2 // \n in JSON
			break
		}
	}
	prev := "" // the word before
	for k := from; k < i; {
		for k < i && !isKeyByte(s[k]) {
			k++
		}
		e := k
		for e < i && isKeyByte(s[e]) {
			e++
		}
		if slices.Contains(mysqlClients, strings.ToLower(s[k:e])) && !containerNameAt(s, prev, k, i) {
			return true
		}
		prev, k = s[k:e], e
	}
	return false
}

// containerNameAt reports whether the word at s[k] is the value of prev, one of
// containerNameFlags, right after it (a space or "=" between: --name mysql, --name=mysql), and
// the "-p" at s[i] is a port mapping (portMappingAt): docker run --name mysql -p3306:3306.
func containerNameAt(s, prev string, k, i int) bool {
	if !slices.Contains(containerNameFlags, strings.ToLower(prev)) || !portMappingAt(s, i+2) {
		return false
	}
	g := k
	for g > 0 && (s[g-1] == ' ' || s[g-1] == '\t') {
		g--
	}
	if g == k && g > 0 && s[g-1] == '=' {
		g--
	}
	return g < k && g >= len(prev) && s[g-len(prev):g] == prev
}

// portMappingAt reports whether a container's port mapping starts at s[v] and ends its word:
// digits, then digits, dots, colons and dashes ([ip:]host:container, ranges), and maybe
// /tcp, /udp or /sctp (3306:3306, 127.0.0.1:3306:3306/tcp).
func portMappingAt(s string, v int) bool {
	e := v
	for e < len(s) && (s[e] >= '0' && s[e] <= '9' || e > v && (s[e] == '.' || s[e] == ':' || s[e] == '-')) {
		e++
	}
	if e == v {
		return false
	}
	for _, proto := range []string{"/tcp", "/udp", "/sctp"} {
		if hasPrefixFold(s[e:], proto) {
			e += len(proto)
			break
		}
	}
	return e == len(s) || !isKeyByte(s[e]) && s[e] != '/'
}

// flagUsageWords are words that follow a flag in its usage's prose or synopsis, never its
// value, even where nothing follows them (missing value for --password flag, --token string).
var flagUsageWords = []string{"flag", "flags", "option", "options", "argument", "arguments", "parameter", "parameters",
	"string", "value", "instead", "explicitly"}

// flagStatusWords are words an error or a warning says of a flag, or joins two flags with,
// never its value, as schemeProse's and statusWords are (Error: --password required, warning:
// --token deprecated, --password and --token cannot be used together).
var flagStatusWords = []string{"deprecated", "ignored", "unset", "set", "given", "specified", "provided", "empty",
	"unknown", "unrecognized", "unexpected", "expected", "obsolete", "removed", "nor", "but", "then", "with",
	"without", "plus", "versus", "vs"}

// loneFlagWord reports whether the word s[start:end] after a credential flag is its value
// although it reads as a word (readableWord): a bare word (no final period or comma) that
// the flag's command line ends after, the end of the text or of its line, ";", "&", "&&",
// "|", ">", ")", a backquote, a quote (a JSON string's end) or another flag (-u, --host)
// following it (run --password hunter, --password hunter --host db),
// unless it is one of flagUsageWords, schemeProse, statusWords or flagStatusWords (Error:
// --password required, --password and --token cannot be used together). A word with more
// words after it is the usage's prose (--password cannot be used with --token).
func loneFlagWord(s string, start, end int) bool {
	for end > start+1 && s[end-1] == ')' {
		end-- // $(run --password <pw>): the subshell's end
	}
	word := strings.ToLower(s[start:end])
	if c := s[end-1]; !isLetter(c) || slices.Contains(flagUsageWords, word) || slices.Contains(schemeProse, word) ||
		slices.Contains(statusWords, word) || slices.Contains(flagStatusWords, word) {
		return false
	}
	p := end
	for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	switch {
	case p == len(s) || lineBreaksAt(s, p) > p || escapedBreakAt(s, p):
		return true
	case s[p] == ')':
		return !proseParenBefore(s, start) // a subshell's end, not prose's: (see --token docs)
	case strings.IndexByte(";|&>`\"'", s[p]) >= 0 || strings.HasPrefix(s[p:], `\"`):
		return true // ;, |, &&, &, a redirection, a string's closing quote
	}
	return s[p] == '-' && p+1 < len(s) && (isLetter(s[p+1]) || s[p+1] == '-') && p > end
}

// proseParenBefore reports whether a parenthesis left open before s[i] on its line (256 bytes
// back at most) opens prose, not a subshell: no "$", "<" or ">" before it, and what it holds
// before s[i] is words and flags, no shell syntax (&&, ||, ;, |, a redirection, a backquote, a
// quote, a path: (cd /srv && mysql --password <pw>), (set -e; run --token <t>) are
// subshells): (see --token docs) is prose; $(cmd --token hunter) is a command's.
func proseParenBefore(s string, i int) bool {
	depth := 0
	for k := i - 1; k >= 0 && k >= i-256; k-- {
		switch s[k] {
		case '\n', '\r':
			return false
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return (k == 0 || strings.IndexByte("$<>", s[k-1]) < 0) && strings.IndexAny(s[k+1:i], "&|;<>`$/\\\"'=(") < 0
			}
			depth--
		}
	}
	return false
}

// nextRuleCut returns where the unquoted value at s[start:end] ends when a line break inside
// it, which ends no value (a line separator, as MaskLogLines writes a break inside an entry, or
// its escape written out: \n), is followed by another credential flag or IDENTIFIED BY whose own
// value is then masked: the next rule's start (tool --pw A⏎--pw B reads as MaskText reads it
// over lines); else end. A quoted value is never cut: a quote's text is one value.
func nextRuleCut(s string, start, end int) int {
	for p := start; p < end; p++ {
		n := lineSeparatorAt(s, p)
		if n == 0 && escapedBreakAt(s, p) {
			n = 2
		}
		if n == 0 {
			continue
		}
		q := p + n
		for q < end && (lineSeparatorAt(s, q) > 0 || escapedBreakAt(s, q) || s[q] == ' ' || s[q] == '\t') {
			if escapedBreakAt(s, q) {
				q += 2
			} else {
				q += max(1, lineSeparatorAt(s, q))
			}
		}
		if q > start && q < end && (strings.HasPrefix(s[q:], "--") && credentialFlagValueAt(s, q+2) > 0 ||
			hasPrefixFold(s[q:], "identified") && spacedKeywordValueAt(s, q) > 0) {
			return p
		}
		p = q - 1
	}
	return end
}

// blanksAt returns where the separators at s[w:] end (gapAt: spaces and tabs as written or
// spelled, line breaks, a shell's continuation), as MaskLogLines reads a line break inside an
// entry as a space: --password⏎<pw> is --password <pw>.
func blanksAt(s string, w int) int {
	end, _ := gapAt(s, w)
	return end
}

// flagNotSecret are the ends of a credential-named flag's name (folded) whose value is no
// credential: where one is read from, what it is called, how it is given.
var flagNotSecret = []string{"file", "files", "path", "dir", "env", "var", "name", "names", "id", "ids", "type", "mode",
	"length", "len", "url", "uri", "endpoint", "header", "stdin", "command", "cmd", "prompt", "store", "source"}

// strongFlagKeys are flags named for a key that is a secret, whatever it is written as,
// though a name ending in key names one only weakly elsewhere (--sort-key id): Azure's
// --account-key, a master or shared key, an API subscription's key.
var strongFlagKeys = []string{"accountkey", "storagekey", "storageaccountkey", "masterkey", "sharedkey",
	"subscriptionkey", "encryptionkey", "signingkey", "licensekey", "adminkey", "hmackey"}

// credentialFlagValueAt returns where the value of the long flag whose name starts at s[n]
// (after "--") starts: the name names a credential strongly and spaces follow it, then a value
// that is no other flag; else 0.
func credentialFlagValueAt(s string, n int) int {
	e := n
	for e < len(s) && (isWordByte(s[e]) || s[e] == '-' || s[e] == '.') {
		e++
	}
	name := s[n:e]
	pw := pwFlag(name)
	if name == "" || !isLetter(name[0]) || hasPrefixFold(name, "no-") || !pw && !credentialName(name, false) {
		return 0
	}
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name))
	if !pw && weakName(folded) && !slices.Contains(strongFlagKeys, folded) {
		return 0
	}
	for _, end := range flagNotSecret {
		if strings.HasSuffix(folded, end) {
			return 0
		}
	}
	w, _ := gapAt(s, e)
	if w == e || w >= len(s) || s[w] == '-' || s[w] == '=' || s[w] == ':' || s[w] == '|' || s[w] == '>' || s[w] == '<' {
		return 0
	}
	if flagNextPairAt(s, w) {
		return 0 // the next pair is no value of the flag (--password⏎api_key: x)
	}
	return w
}

// flagNextPairAt reports whether the next pair, not a credential flag's value, starts at s[w]:
// a key, then ":" and a value after spaces or a line break (api_key: x), or "=" and a value
// (user=bob), the same whether a space or a line break stands before it, so that MaskLogLines,
// which makes an entry one line, masks its result as it is. A value's own ":" or "=" stays in
// it (--password bob:hunter2, --password abc==, --pAss 0=).
func flagNextPairAt(s string, w int) bool {
	e := w
	for e < len(s) && e-w < 256 && isKeyByte(s[e]) {
		e++
	}
	if e == w || e+1 >= len(s) {
		return false
	}
	switch s[e] {
	case ':':
		g, _ := gapAt(s, e+1)
		return g > e+1 && g < len(s)
	case '=':
		return s[e+1] != '=' && !blankAt(s, e+1) && lineBreaksAt(s, e+1) == e+1 && s[e+1] != '\t'
	}
	return false
}

// credentialFlagWords are the last parts of the names of the flags a command line gives a
// credential with (--password, --db-password, --api-key, --client-secret, --token).
var credentialFlagWords = []string{"password", "passwd", "pwd", "pw", "pass", "passphrase", "token", "secret", "key",
	"apikey", "credential", "credentials", "jwt", "cookie"}

// credentialFlagToken reports whether the "--" before s[n] starts a credential flag as a
// command line writes one, not a value that starts with dashes (password: --Zq7xSecret2024,
// DB_PASSWORD=--SecretZq7x99): a name of lower-case letters, digits and "-" parts, the last one
// of credentialFlagWords, followed by a space, a tab or a line break.
func credentialFlagToken(s string, n int) bool {
	e, last := n, n
	for e < len(s) && (s[e] >= 'a' && s[e] <= 'z' || s[e] >= '0' && s[e] <= '9' || s[e] == '-') {
		if s[e] == '-' {
			last = e + 1
		}
		e++
	}
	if e == n || !isLetter(s[n]) || last == e || !slices.Contains(credentialFlagWords, s[last:e]) {
		return false
	}
	w, _ := gapAt(s, e)
	return w > e
}

// pwFlag reports a flag's name whose last part (after "-", "_" or ".") is pw, any case (--pw,
// --db-pw): a password's, as --passwd and --pwd are, though pw alone names no credential in a
// key (credentialName).
func pwFlag(name string) bool {
	last := name[strings.LastIndexAny(name, "-_.")+1:]
	return strings.EqualFold(last, "pw")
}

// spacedKeywordValueAt returns where the value after SQL's IDENTIFIED BY (IDENTIFIED WITH
// plugin BY, BY PASSWORD) or after aws_secret_access_key or aws_session_token and spaces, at
// s[i], starts, or the current password after IDENTIFIED BY's REPLACE (replacedPasswordAt);
// else 0. An unquoted value after IDENTIFIED BY only where it reads as SQL (sqlIdentified).
func spacedKeywordValueAt(s string, i int) int {
	e := sqlWordEnd(s, i)
	switch strings.ToLower(s[i:e]) {
	case "aws_secret_access_key", "aws_session_token":
		// A quoted value, or a run of a key's bytes at least 16 long (AWS's are 40 and longer):
		// not a word of prose (the aws_secret_access_key is missing).
		w := blanksAt(s, e)
		if w == e || w >= len(s) {
			return 0
		}
		if s[w] == '"' || s[w] == '\'' {
			return w
		}
		r := w
		for r < len(s) && isTokenByte(s[r]) {
			r++
		}
		if !isWordByte(s[w]) || r-w < 16 {
			return 0
		}
		return w
	case "identified":
	case "replace":
		return replacedPasswordAt(s, i)
	default:
		return 0
	}
	by, w := identifiedByAt(s, i, e)
	if w == 0 || randomPasswordEnd(s, w) > 0 {
		return 0 // IDENTIFIED BY RANDOM PASSWORD: the server makes one up, none is given
	}
	if e = sqlWordEnd(s, w); (strings.EqualFold(s[w:e], "password") || strings.EqualFold(s[w:e], "values")) && blanksAt(s, e) > e &&
		blanksAt(s, e) < len(s) {
		w = blanksAt(s, e) // IDENTIFIED BY PASSWORD '*hash', Oracle's IDENTIFIED BY VALUES 'hash'
	}
	if strings.HasPrefix(s[w:], "--") {
		return 0 // IDENTIFIED BY --password x: a flag is no value; its own is masked
	}
	if s[w] != '\'' && s[w] != '"' {
		// Oracle's password is unquoted (IDENTIFIED BY hunter22): in SQL only, and a token that
		// reads as a word of prose stays, as after a flag (identified by their email), unless
		// REPLACE and the current password follow it.
		if !sqlIdentified(s, i, by) {
			return 0
		}
		if _, e := valueSpan(s, w); e == w || readableWord(s[w:e]) && replaceAt(s, e) == 0 || strings.EqualFold(s[w:e], "externally") ||
			strings.EqualFold(s[w:e], "globally") {
			return 0
		}
	}
	return w
}

// hadoopSpacedValueAt returns where the value of a Hadoop Azure setting that names a credential
// (hadoopAzureCredential: fs.azure.account.key.<account>…, spark.hadoop.fs.azure.sas.…) at s[i]
// starts when spaces or tabs, no "=" or ":", stand between them, as spark-defaults.conf and
// Hadoop's --conf dumps write them; else 0. The value is quoted or a run of at least 16 bytes
// without a space (Azure's account keys are 88): prose after the name (… is not set) stays.
func hadoopSpacedValueAt(s string, i int) int {
	e := i
	for e < len(s) && isKeyByte(s[e]) {
		e++
	}
	if credential, ok := hadoopAzureCredential(s[i:e]); !credential || !ok {
		return 0
	}
	w := e
	for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
		w++
	}
	if w == e || w >= len(s) {
		return 0
	}
	if s[w] == '"' || s[w] == '\'' {
		return w
	}
	r := w
	for r < len(s) && r-w < 16 && s[r] > ' ' && s[r] < utf8.RuneSelf {
		r++
	}
	if r-w < 16 {
		return 0
	}
	return w
}

// sqlWordEnd returns where the word (isWordByte) at s[p] ends.
func sqlWordEnd(s string, p int) int {
	for p < len(s) && isWordByte(s[p]) {
		p++
	}
	return p
}

// identifiedByAt returns where BY stands after IDENTIFIED (s[i:e]), or after IDENTIFIED WITH
// plugin, and where what follows BY and its blanks starts; 0, 0 when no BY and nothing follows.
func identifiedByAt(s string, i, e int) (by, w int) {
	w = blanksAt(s, e)
	if w == e {
		return 0, 0
	}
	if e2 := sqlWordEnd(s, w); strings.EqualFold(s[w:e2], "with") { // IDENTIFIED WITH mysql_native_password BY
		p := blanksAt(s, e2)
		if p == e2 {
			return 0, 0
		}
		if w = blanksAt(s, sqlWordEnd(s, p)); w == sqlWordEnd(s, p) {
			return 0, 0
		}
	}
	by = w
	e = sqlWordEnd(s, w)
	if !strings.EqualFold(s[w:e], "by") {
		return 0, 0
	}
	if w = blanksAt(s, e); w == e || w >= len(s) {
		return 0, 0
	}
	return by, w
}

// randomPasswordEnd returns where RANDOM PASSWORD (MySQL's and Oracle's IDENTIFIED BY RANDOM
// PASSWORD, any case, over blanks and line separators) at s[w] ends; else 0.
func randomPasswordEnd(s string, w int) int {
	e := sqlWordEnd(s, w)
	if !strings.EqualFold(s[w:e], "random") {
		return 0
	}
	p := sqlBlanksAt(s, e)
	if p == e || sqlWordEnd(s, p) != p+len("password") || !hasPrefixFold(s[p:], "password") {
		return 0
	}
	return p + len("password")
}

// replaceAt returns where the value after REPLACE starts when, after blanks (line separators
// among them) at s[e], REPLACE and blanks follow; else 0.
func replaceAt(s string, e int) int {
	r := sqlBlanksAt(s, e)
	if r == e || !hasPrefixFold(s[r:], "replace") || sqlWordEnd(s, r) != r+len("replace") {
		return 0
	}
	if v := sqlBlanksAt(s, r+len("replace")); v > r+len("replace") && v < len(s) && !strings.HasPrefix(s[v:], "--") {
		return v
	}
	return 0
}

// replacedPasswordAt returns where the current password after REPLACE at s[i:e] starts, when
// REPLACE follows the last IDENTIFIED BY's value (or RANDOM PASSWORD) in its statement, 256
// bytes back at most (ALTER USER bob IDENTIFIED BY <new> REPLACE <old>, Oracle's and MySQL's);
// else 0.
func replacedPasswordAt(s string, i int) int {
	stmt := s[max(0, i-256):i]
	if k := strings.LastIndexByte(stmt, ';'); k >= 0 {
		stmt = stmt[k+1:]
	}
	k := i - len("identified")
	for k >= i-len(stmt) && !(hasPrefixFold(s[k:], "identified") && (k == 0 || !isWordByte(s[k-1]))) {
		k--
	}
	if k < i-len(stmt) {
		return 0
	}
	by, w := identifiedByAt(s, k, k+len("identified"))
	if w == 0 {
		return 0
	}
	if r := randomPasswordEnd(s, w); r > 0 {
		if !sqlIdentified(s, k, by) || sqlBlanksAt(s, r) != i {
			return 0
		}
		return replaceAt(s, r)
	}
	v := spacedKeywordValueAt(s, k)
	if v == 0 {
		return 0
	}
	_, end := valueSpan(s, v)
	for end < i && (s[end] == '\\' || s[end] == '"' || s[end] == '\'') {
		end++ // the value's closing quote, escaped maybe (\")
	}
	if sqlBlanksAt(s, end) != i {
		return 0
	}
	return replaceAt(s, end)
}

// sqlIdentified reports whether IDENTIFIED at s[i], BY at s[by], reads as SQL rather than
// prose (the app identified by appId abc123), in every masker: both words in capitals, as SQL
// is written in statements and logs (IDENTIFIED BY hunter22), or after CREATE or ALTER and
// USER or ROLE, or GRANT … TO, in the same statement (the 256 bytes before it, back to a
// semicolon, across line breaks: create user app⏎identified by x, grant connect to scott
// identified by x), any case.
func sqlIdentified(s string, i, by int) bool {
	if s[i:i+len("identified")] == "IDENTIFIED" && s[by:by+2] == "BY" {
		return true
	}
	stmt := s[max(0, i-256):i]
	if k := strings.LastIndexByte(stmt, ';'); k >= 0 {
		stmt = stmt[k+1:]
	}
	for _, verb := range []string{"create user", "alter user", "create role", "alter role"} {
		if containsFold(stmt, verb) {
			return true
		}
	}
	if containsFold(stmt, "grant ") && containsFold(stmt, " to ") {
		return true
	}
	return false
}

// xmlCredentialText returns where the text of the XML element whose start tag opens at s[i]
// starts and ends, when its name (its local part, after a namespace prefix) names a credential
// strongly and its closing tag follows the text (spaces before its ">" allowed: </password >);
// else -1, -1. The angle brackets may be spelled out as the other rules read escapes
// (angleAt: Go's encoding/json \u003c…\u003e, HTML's &lt;…&gt;, &#60;, %3C, PHP's <\/…>),
// and the text may be a CDATA section, whose content is the text (<![CDATA[********]]>).
// A property list's <key> (Apple's plist) names the element after it: its text is the one
// returned when the key's text names a credential (plistValue).
func xmlCredentialText(s string, i int, cdata *cdataEnds) (start, end int) {
	name, text := xmlStartTag(s, i)
	if text < 0 {
		return -1, -1
	}
	local := name[strings.LastIndexByte(name, ':')+1:]
	if local == "key" {
		return plistValue(s, name, text, cdata)
	}
	var buf [64]byte
	if !credentialName(local, false) || weakName(string(appendFolded(buf[:0], local))) {
		return -1, -1
	}
	start, end, _ = xmlText(s, name, text, cdata)
	return start, end
}

// xmlStartTag returns the name of the element whose start tag opens at s[i] (angleAt) and
// where its text starts, after the tag's ">"; "", -1 when none opens there (or the tag closes
// itself: <true/>). The tag is read 256 bytes at most, on one line.
func xmlStartTag(s string, i int) (name string, text int) {
	n := i + angleAt(s, i, '<')
	if n == i || n >= len(s) || !isLetter(s[n]) {
		return "", -1
	}
	nameStart := n
	for n < len(s) && (isKeyByte(s[n]) || s[n] == ':') {
		n++
	}
	name = s[nameStart:n]
	gt, gtLen := n, 0
	for gt < len(s) && gt-n < 256 && s[gt] != '\n' {
		if gtLen = angleAt(s, gt, '>'); gtLen > 0 || angleAt(s, gt, '<') > 0 {
			break
		}
		gt++
	}
	if gtLen == 0 || s[gt-1] == '/' || gt > n && s[n] != ' ' && s[n] != '\t' {
		return "", -1
	}
	return name, gt + gtLen
}

// xmlText returns where the text of the element name, which starts at s[text], starts and
// ends, and where its closing tag ends: its content up to the next "<", or a CDATA section's
// content, the closing tag right after it; -1, -1, -1 when it is empty or no closing tag
// follows it.
func xmlText(s, name string, text int, cdata *cdataEnds) (start, end, after int) {
	start, end = text, text
	for end < len(s) && angleAt(s, end, '<') == 0 {
		end++
	}
	if end >= len(s) {
		return -1, -1, -1
	}
	if lt := angleAt(s, end, '<'); end == start && strings.HasPrefix(s[end+lt:], "![CDATA[") {
		// <![CDATA[text]]>: the text is the section's content, and the closing tag follows it.
		start = end + lt + len("![CDATA[")
		if end = cdata.index(s, start); end < 0 {
			return -1, -1, -1
		}
		gt := end + 2 + angleAt(s, end+2, '>')
		if gt == end+2 {
			return -1, -1, -1
		}
		if after = closingTagEnd(s, gt, name); after == 0 {
			return -1, -1, -1
		}
		return start, end, after
	}
	if end == start {
		return -1, -1, -1
	}
	if after = closingTagEnd(s, end, name); after == 0 {
		return -1, -1, -1
	}
	return start, end, after
}

// plistValue returns where the text of the element after a property list's key, whose text
// starts at s[text], starts and ends (<key>password</key>⏎<string>********</string>), when
// the key's text names a credential (credentialName; one that names it only weakly, weakName:
// not when the value reads as a word or says how something is set, as after key:) and an
// element with text follows its closing tag after spaces or line breaks; else -1, -1.
func plistValue(s, name string, text int, cdata *cdataEnds) (start, end int) {
	keyStart, keyEnd, after := xmlText(s, name, text, cdata)
	if keyStart < 0 || keyEnd-keyStart > 128 {
		return -1, -1
	}
	key := strings.TrimSpace(s[keyStart:keyEnd])
	if !credentialName(key, false) {
		return -1, -1
	}
	vname, vtext := xmlStartTag(s, blanksAt(s, after))
	if vtext < 0 || vname == name {
		return -1, -1
	}
	start, end, _ = xmlText(s, vname, vtext, cdata)
	if start < 0 {
		return -1, -1
	}
	var buf [64]byte
	if v := s[start:end]; weakName(string(appendFolded(buf[:0], key))) &&
		(readableWord(v) || slices.Contains(statusWords, strings.ToLower(v))) {
		return -1, -1
	}
	return start, end
}

// cdataEnds finds where CDATA sections end ("]]") in one text, remembering the last one found
// from where it looked: a text of many sections never closed (<password><![CDATA[ repeated)
// is read once, not once for each.
type cdataEnds struct {
	known    bool
	from, at int // the first "]]" at or after from is at s[at], or none after from (-1)
}

// index returns where the first "]]" at or after s[start] is, or -1.
func (c *cdataEnds) index(s string, start int) int {
	if c.known && start < c.from {
		// Only s[start:from+1] is new: past it the last answer holds.
		if e := strings.Index(s[start:min(len(s), c.from+1)], "]]"); e >= 0 {
			return start + e
		}
		return c.at
	}
	if c.known && (c.at < 0 || c.at >= start) {
		return c.at
	}
	c.known, c.from, c.at = true, start, -1
	if e := strings.Index(s[start:], "]]"); e >= 0 {
		c.at = start + e
	}
	return c.at
}

// closingTagEnd returns where the closing tag of the element name that starts at s[i] ends:
// "<" (as angleAt reads it), "/" (or JSON's "\/"), the name, spaces or tabs, and ">"; 0 when
// none starts there.
func closingTagEnd(s string, i int, name string) int {
	k := i + angleAt(s, i, '<')
	if k == i {
		return 0
	}
	if strings.HasPrefix(s[k:], `\/`) {
		k++
	}
	if !strings.HasPrefix(s[k:], "/"+name) {
		return 0
	}
	k += 1 + len(name)
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if n := angleAt(s, k, '>'); n > 0 {
		return k + n
	}
	return 0
}

// angleAt returns the length of the angle bracket c ('<' or '>') at s[i], as written or spelled
// out: an escape the other rules read (escapeAt: \u003c, \x3c, &#60;, %3C) or HTML's &lt; and
// &gt; (&amp;lt; encoded twice); else 0.
func angleAt(s string, i int, c byte) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case c:
		return 1
	case '&':
		ref := "&lt;"
		if c == '>' {
			ref = "&gt;"
		}
		for _, spelled := range []string{ref, "&amp;" + ref[1:]} {
			if hasPrefixFold(s[i:], spelled) {
				return len(spelled)
			}
		}
	case '\\', '%':
	default:
		return 0
	}
	n := escapeAt(s, i)
	if r, ok := escapedRune(s[i : i+n]); ok && r == rune(c) {
		return n
	}
	return 0
}
