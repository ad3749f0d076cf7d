package present

import (
	"encoding/base64"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// This file is the one definition of what a credential looks like in text. The spicepod
// masker (spicepod.go: every string outside params, the query parameters of its URLs, and
// its keys) and the log masker (MaskLogLines: instance logs, the failed-deployment logs of
// get_deployment, wait_for_deployment and create_and_deploy_app) both use it, and so do error
// texts (MaskAPIText), which keep a word of prose after "key:". In text, MaskText masks:
//
//   - in every URL (wherever "://" occurs), the userinfo whole, with or without a user or a
//     password (https://TOKEN@host, https://:pw@host, https://user:pw@host), unless its
//     password is a ${...} reference or it names an Azure storage container; and the values of
//     credential-named query parameters (credentialName with query set: ?sig=, ?code=,
//     ?X-Amz-Signature=, ?X-Goog-Credential=, ?jwt=…); in a percent-encoded URL
//     (%3A%2F%2F), its userinfo (maskEncodedUserinfo);
//   - the value of a credential-named key (credentialName) written key=value, key: value,
//     key:value or "key":"value", with any spaces around the separator, the key quoted or in
//     escaped JSON (password=…, api_key: …, "client_secret":"…", PWD=…, password = …,
//     \"password\":\"…\", access_token%3D…), a bracketed, braced or called value whole
//     (Some("…"), [a, b]), a value that starts with "&", ";" or "," from there (Password=&x;,
//     whole HTML references with it: &amp;x, &#8203;x), one in HTML's quotes inside them
//     (&quot;x&quot;, &#39;x&#39;, JSON's \u0022x\u0022, the key so quoted too; never closed:
//     to the end, as "x);
//     a whole ${...} reference stays, and so do the values keptValue names no credential
//     (secret names, ports, prose after a weak name; maskPairs);
//   - the token after Bearer to its word's end (any but a word of prose), and after Basic when it decodes to
//     user:password;
//   - tokens recognisable by their prefix wherever they stand (JWTs, sk-…, ghp_…,
//     github_pat_…, glpat-…, xoxb-…, AKIA…, AIza…) and PEM private key blocks;
//   - a value right after a credential's name and one blank (password hunter2xyz, x-api-key
//     …: maskAdjacentValues) when it reads as a secret;
//   - SQL's PASSWORD '…' and SET PASSWORD FOR … = '…' (maskSQLPasswords), curl's and HTTPie's
//     user:password and argument lists (maskArgvCredentials), Redis's requirepass, .netrc's and
//     .pgpass's passwords (maskConfigPasswords).
//
// It hides everything the log masker it replaced hid (projectviews_test.go keeps that one and
// checks it on every line it is given), but for what names no credential.

// credentialWords mark a credential-named key or parameter when they occur anywhere in its
// folded name (lowercase, letters and digits only, so X-Api-Key reads xapikey and
// pg_password pgpassword).
var credentialWords = []string{"pass", "pwd", "secret", "token", "auth", "jwt", "bearer", "session", "cookie",
	"credential", "signature", "apikey", "accesskey", "privatekey"}

// Besides, a name ending in key or keys names a credential (s3_key, account_key,
// X-Functions-Key, signing_keys), unless it is one of structuralKeys, which name columns,
// schemas and routes (acceleration.primary_key).
var structuralKeys = []string{"primarykey", "partitionkey", "sortkey", "foreignkey", "uniquekey", "hashkey",
	"rangekey", "routingkey", "publickey", "cachekey"}

// keyRefFieldAt reports whether s[keyStart:keyEnd] is the field "key" of a reference to a key
// inside a secret or a config map (secretKeyRef:⏎  name: db⏎  key: password, in YAML, JSON or
// a log entry made one line): the reference's key before it, its "{" or a line break and
// at most two of its other fields (name, optional) between. 256 bytes back at most: linear.
func keyRefFieldAt(s string, keyStart, keyEnd int) bool {
	if !strings.EqualFold(strings.Trim(s[keyStart:keyEnd], `"'`), "key") {
		return false
	}
	lo := max(0, keyStart-256)
	p := keyStart
	skip := func() {
		for p > lo {
			r, n := utf8.DecodeLastRuneInString(s[lo:p])
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '"' && r != '\'' && r != '\\' && r != '{' && r != ',' && !lineSeparator(r) {
				return
			}
			p -= n
		}
	}
	for fields := 0; fields <= 2; fields++ {
		skip()
		if p > lo && s[p-1] == ':' {
			p--
			skip()
			e := p
			for p > lo && isKeyByte(s[p-1]) {
				p--
			}
			var buf [64]byte
			return strings.HasSuffix(string(appendFolded(buf[:0], s[p:e])), "keyref")
		}
		// Another field of the reference: its value, then its name.
		e := p
		for p > lo && isKeyByte(s[p-1]) {
			p--
		}
		if p == e {
			return false
		}
		skip()
		if p == lo || s[p-1] != ':' {
			return false
		}
		p--
		skip()
		e = p
		for p > lo && isKeyByte(s[p-1]) {
			p--
		}
		if name := strings.ToLower(s[p:e]); name != "name" && name != "optional" {
			return false
		}
	}
	return false
}

// fileKeySuffixes end a credential-named key that names where the credential is
// (password_file, private_key_path), kindKeySuffixes one that names how it is given, by whom
// or under which rules (snowflake_auth_type, auth_method, credentials_provider, secret_store,
// password_policy): folded.
var (
	fileKeySuffixes = []string{"file", "path", "filename", "dir"}
	kindKeySuffixes = []string{"type", "method", "mode", "kind", "provider", "store", "backend", "policy"}
	// measureKeySuffixes end one that names how many or how long (a model's max_tokens,
	// prompt_tokens in its usage, token_ttl, session_timeout): a number is no secret there.
	measureKeySuffixes = []string{"tokens", "count", "limit", "ttl", "expiry", "expiresin", "lifetime", "timeout",
		"duration", "length", "size", "seconds", "secs", "minutes", "hours", "days", "maxage", "used", "remaining"}
)

// valueNamesNoSecret reports whether value, after the credential-named key, names no secret:
// a path after a file key (/etc/spice/pw.txt, ./keys/rsa_key.p8, ~/.token, C:\keys\k.pem,
// secrets/pw.txt, pw.txt), a lower-case word after a kind key (keypair, oauth2, snowflake_jwt),
// a number after a measure key (max_tokens: 1024, token_ttl=3600s), a spicepod param's mode
// (paramModes: s3_auth: iam_role).
func valueNamesNoSecret(key, value string) bool {
	var buf [64]byte
	folded := string(appendFolded(buf[:0], key))
	hasSuffix := func(w string) bool { return strings.HasSuffix(folded, w) }
	switch {
	case paramMode(key, value):
		return true // s3_auth: iam_role, a spicepod param's mode
	case statusValue(value):
		return true // passwordless: true, secret_rotation: enabled
	case identifierValue(folded, value):
		return true // oauth_client_id: abc, auth_scope: read, cookie_domain: .example.com
	case slices.ContainsFunc(fileKeySuffixes, hasSuffix):
		return filePathValue(value)
	case slices.ContainsFunc(urlKeySuffixes, hasSuffix):
		return endpointValue(value)
	case slices.ContainsFunc(measureKeySuffixes, hasSuffix):
		return measureValue(strings.TrimRight(value, "}])"))
	case strings.HasSuffix(folded, "name") && !strings.HasSuffix(folded, "username"):
		// A key's, a secret's or a token's name (SharedAccessKeyName=RootManageSharedAccessKey,
		// secret_name: db-creds): an identifier, no secret; one with other characters is masked.
		if len(value) > 64 || value == "" || !isLetter(value[0]) {
			return false
		}
		for k := 0; k < len(value); k++ {
			if c := value[k]; !isWordByte(c) && c != '-' && c != '.' && c != '/' {
				return false
			}
		}
		return true
	case slices.ContainsFunc(kindKeySuffixes, hasSuffix):
		if len(value) <= 32 && value != "" && strings.Trim(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
			return true // a kind's name in capitals too: auth_type: OAuth, SharedKey
		}
		if len(value) > 32 || value == "" || value[0] < 'a' || value[0] > 'z' {
			return false
		}
		for k := 0; k < len(value); k++ {
			if c := value[k]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				return false
			}
		}
		return true
	}
	return false
}

// measureValue reports a number, maybe with a fraction and a unit of five lower-case letters
// at most (1024, 3600s, 1.5h, 30m).
func measureValue(v string) bool {
	d := len(v) - len(strings.TrimLeft(v, "0123456789"))
	if d == 0 || len(v) > 20 {
		return false
	}
	rest := v[d:]
	if strings.HasPrefix(rest, ".") {
		rest = strings.TrimLeft(rest[1:], "0123456789")
	}
	if len(rest) > 5 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] < 'a' || rest[i] > 'z' {
			return false
		}
	}
	return true
}

// filePathValue reports whether v reads as a file's path: path bytes alone, and a directory in
// it or a file name's extension of 1 to 5 lower-case letters at its end.
func filePathValue(v string) bool {
	if v == "" || len(v) > 256 || strings.Contains(v, "://") {
		return false
	}
	for k := 0; k < len(v); k++ {
		if c := v[k]; !isKeyByte(c) && c != '/' && c != '\\' && c != '~' && !(c == ':' && k == 1) {
			return false
		}
	}
	if v[0] == '/' || v[0] == '~' || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || len(v) > 2 && v[1] == ':' && v[2] == '\\' {
		return true
	}
	dot := strings.LastIndexByte(v, '.')
	ext := v[dot+1:]
	if dot <= 0 || len(ext) == 0 || len(ext) > 5 {
		return false
	}
	for k := 0; k < len(ext); k++ {
		if ext[k] < 'a' || ext[k] > 'z' {
			return false
		}
	}
	return true
}

// referenceSuffixes end a key that refers to a secret by name (Kubernetes' secretKeyRef,
// envFrom's secretRef, cert-manager's apiTokenSecretRef): its value names, never holds, one.
var referenceSuffixes = []string{"keyref", "keyrefs", "secretref", "secretrefs"}

// wordNameEnd reports whether name ends in word (lower case), any case, as a word of its own
// after another: after "_", "-" or "." (GITHUB_PAT, snowflake.pat, db_pw), or capitalised
// after a lower-case letter (githubPat, dbPw); compat, pw alone are none.
func wordNameEnd(name, word string) bool {
	n, w := len(name), len(word)
	if n < w+2 || !strings.EqualFold(name[n-w:], word) {
		return false
	}
	c := name[n-w-1]
	return (c == '_' || c == '-' || c == '.') && isLetter(name[n-w-2]) || c >= 'a' && c <= 'z' && name[n-w] >= 'A' && name[n-w] <= 'Z'
}

// authSettingNames (folded) hold "auth" but name where or how one authenticates, no
// credential: MongoDB's authSource (a database) and authMechanism, Simba's JDBC/ODBC AuthMech
// (a number), authDB.
var authSettingNames = []string{"authsource", "authmechanism", "authmech", "authdb", "authdatabase"}

// credentialWholeNames mark one only as the whole folded name (a "sig" of a signed URL, a
// personal access token "pat", a "key").
var credentialWholeNames = []string{"key", "keys", "sig", "pat"}

// A URL query parameter is a credential also when its folded name contains key (?key=,
// ?subscription-key=, ?X-Amz-Security-Key=), an assertion (OAuth's client_assertion, a JWT) or
// a SAML response, or is code (an OAuth authorization code), a device's or a verification
// code, a one-time password (otp), a CAS ticket, a session id (sid), Shopify's hmac or basic
// (base64 of user:password, as some APIs take HTTP Basic's credentials in a URL): the
// rule by which the HTTP transport refuses query parameters (mcpserver/transport.go). In keys
// and key=value text these are left out, since key_id, keyspace or "status code: 503" name no
// credential.
var (
	queryCredentialWords = []string{"key", "assertion", "samlresponse"}
	queryCredentialNames = []string{"code", "basic", "devicecode", "verificationcode", "otp", "otpcode", "ticket", "sid", "hmac"}
)

// CredentialParam reports whether a URL query parameter's name names a credential: what the
// HTTP transport refuses in a request's URL, and what masking hides in a URL's query.
func CredentialParam(name string) bool { return credentialName(name, true) }

// credentialName reports whether name (a key, or a URL query parameter when query is set)
// names a credential.
func credentialName(name string, query bool) bool {
	var buf [64]byte
	folded := string(appendFolded(buf[:0], name)) // on the stack for most names
	if folded == "" {
		return false
	}
	if !query && slices.ContainsFunc(referenceSuffixes, func(w string) bool { return strings.HasSuffix(folded, w) }) {
		return false // secretKeyRef: names a secret, holds none
	}
	if hadoop, ok := hadoopAzureCredential(name); ok {
		return hadoop
	}
	if slices.Contains(authSettingNames, folded) {
		return false // MongoDB's authSource=admin, a JDBC driver's AuthMech=3: how, not what
	}
	if wordNameEnd(name, "pw") || wordNameEnd(name, "pat") {
		// db_pw=, PG_PW, dbPw: a password's short name; GITHUB_PAT, snowflake-pat, githubPat: a
		// personal access token's. Not pw alone (pw=5, $pw = ConvertTo-SecureString …).
		return true
	}
	contains := func(w string) bool { return strings.Contains(folded, w) }
	marks := func(w string) bool { return contains(w) && !ordinaryMark(name, folded, w) } // not compass, author
	if slices.Contains(credentialWholeNames, folded) || slices.ContainsFunc(credentialWords, marks) {
		return true
	}
	if credentialSegment(name) {
		return true // abfs_sas_string, AZURE_SAS: a shared access signature
	}
	if strings.HasPrefix(folded, "fsazureaccountkey") || strings.HasPrefix(folded, "fsazuresas") {
		return true // Hadoop's fs.azure.account.key.<account>.dfs.core.windows.net=<key>, fs.azure.sas.…
	}
	if (strings.HasSuffix(folded, "key") || strings.HasSuffix(folded, "keys")) &&
		!slices.Contains(structuralKeys, strings.TrimSuffix(folded, "s")) && !ordinaryKeyEnd(name) {
		return true
	}
	return query && (slices.Contains(queryCredentialNames, folded) || slices.ContainsFunc(queryCredentialWords, contains))
}

// hadoopAzureCredential reports, for a Hadoop ABFS/WASB setting (fs.azure.…, spark.hadoop.fs.azure.…;
// ok false for any other name), whether it names a credential: one of its dotted segments is key,
// secret, password, or token or sas without a provider or type segment (fs.azure.account.key.<account>…,
// fs.azure.sas.<container>.<account>…, fs.azure.account.oauth2.client.secret). Its other settings
// say how the account authenticates (fs.azure.account.auth.type=OAuth, …oauth.provider.type=<class>,
// …oauth2.client.id, …client.endpoint), per account too (fs.azure.account.auth.type.<account>…).
func hadoopAzureCredential(name string) (credential, ok bool) {
	lower := strings.ToLower(name)
	k := strings.Index(lower, "fs.azure.")
	if k < 0 || k > 0 && lower[k-1] != '.' {
		return false, false
	}
	segments := strings.Split(lower[k+len("fs.azure."):], ".")
	if slices.Contains(segments, "key") || slices.Contains(segments, "secret") || slices.Contains(segments, "password") {
		return true, true
	}
	if slices.Contains(segments, "provider") || slices.Contains(segments, "type") {
		return false, true
	}
	return slices.Contains(segments, "token") || slices.Contains(segments, "sas"), true
}

// appendFolded appends name lowercased with only its letters and digits (ASCII, after Unicode
// case folding, so the long s ſ and the Kelvin sign K read s and k; a letter escaped in JSON,
// \u0070, as itself).
func appendFolded(b []byte, name string) []byte {
	for i := 0; i < len(name); {
		if name[i] == '\\' {
			if c := escapedKeyLetterAt(name, i); c > 0 {
				b = append(b, asciiLower(c))
				i += 6
				continue
			}
		}
		r, n := rune(name[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(name[i:])
		}
		i += n
		r = simpleLower(r)
		if a := confusableLetter(r); a != 0 {
			r = rune(asciiLower(a)) // pаssword with a Cyrillic а, ｐａｓｓｗｏｒｄ (homoglyphs.go)
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b = append(b, byte(r))
		}
	}
	return b
}

// escapedKeyLetterAt returns the ASCII letter or digit that a JSON escape at s[i] (\u0070)
// spells, else 0.
func escapedKeyLetterAt(s string, i int) byte {
	if i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
		return 0
	}
	r, ok := hexAt(s, i+2, 4)
	if !ok || r >= utf8.RuneSelf || !isLetter(byte(r)) && !(r >= '0' && r <= '9') {
		return 0
	}
	return byte(r)
}

// simpleLower maps r to the ASCII lowercase letter it folds to, if any.
func simpleLower(r rune) rune {
	if r < unicode.MaxASCII {
		return unicode.ToLower(r)
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < unicode.MaxASCII {
			return unicode.ToLower(f)
		}
	}
	return r
}

// MaskText returns s with every credential it holds (see the rules above) replaced by Masked;
// everything else is kept as written. It is idempotent: what one rule masks can change what
// another reads (a masked quote no longer ends a URL), so the rules run again on what they
// changed until it stays the same (in practice once or twice).
func MaskText(s string) string { return mask(s, false) }

// MaskAPIText is MaskText for the error texts of the API, of a proxy before it, and of the
// deployments it reports: prose, where "token:" or "password:" is more often followed by
// words ("Invalid token: signature verification failed", "password: Required", "token:
// Token has been revoked") than by a credential. It masks all MaskText masks but one kind: the
// value after a credential-named key and a colon (key: value, key:value, "key": value), or
// after the Token or Digest scheme there, stays when it reads as a word (readableWord:
// letters, lower case after the first, at most 16, a final period or comma aside) or is a
// secret's name (PG_PASS), and is masked when it holds a digit or any other character, is
// longer, is mixed case, or is quoted (proseValue). Values after key= and key == are masked as
// MaskText masks them, and so are tokens after Bearer (but a word of bearerProse: Bearer
// required) and Basic, prefixed tokens, URL userinfo and credential query parameters, and PEM
// keys. The price: a password of letters alone, lower case after the first, after
// "password:" in an error text (password: hunterxyz) is shown.
func MaskAPIText(s string) string { return mask(s, true) }

func mask(s string, prose bool) string {
	for range 8 {
		masked := maskEncodedUserinfo(maskOnce(s, prose))
		if masked == s {
			break
		}
		s = masked
	}
	return s
}

func maskOnce(s string, prose bool) string {
	if strings.IndexByte(s, '\x1b') >= 0 {
		// Terminal escapes can split a key from its value (password\x1b[2m=\x1b[0mx): text that
		// holds a credential once they are gone is shown without them.
		if plain := stripANSI(s); plain != s {
			if masked := maskVisible(plain, prose); masked != plain {
				return masked
			}
		}
	}
	if strings.ContainsFunc(s, bidiControl) {
		// A bidirectional control shows as nothing (a result writes its escape) and can split
		// a key from its value (password\u202e=x, Bearer\u2066x): the text with each read as a
		// space (U+2009, of its length, as the log masker reads one) is masked too, and what
		// either masks is masked.
		spaced := strings.Map(func(r rune) rune {
			if bidiControl(r) {
				return '\u2009'
			}
			return r
		}, s)
		if masked := maskVisible(spaced, prose); masked != spaced {
			own := maskVisible(s, prose)
			return withSpansMasked(s, append(maskedSpans(s, own), maskedSpans(spaced, masked)...))
		}
	}
	return maskVisible(s, prose)
}

// bidiControl is a bidirectional embedding, override or isolate (U+202A-U+202E,
// U+2066-U+2069), each three bytes in UTF-8 as U+2009 is.
func bidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// maskVisible is maskText for s as it reads: an invisible character (plain.Invisible: a
// zero-width space, a byte order mark, a soft hyphen, a combining grapheme joiner, a variation
// selector), or its escape written out (\u200b: plain.WithoutEscapedInvisible), can split a
// credential or its key (ghp_\u200bAAAA, pass\u034fword=x, Bearer \u200btoken) without
// changing what a reader sees, and a Unicode space (no-break, thin, ideographic) or its escape
// written out (\u00a0) reads as a space (password\u00a0=\u00a0x, Bearer\u00a0token), in
// both passes: a word after one is prose as after a space (Invalid token:\u00a0signature
// verification failed); a Unicode space ends a value (spaceAt), an escape written out (\u00a0,
// \t) is skipped only where a separator is (sepAt) and ends no value or URL.
// s is masked as written and as it reads (readable); when the latter hides something the
// former does not, what it masks is masked in s as written (maskedSpans), the rest kept as
// written (a no-break space or its escape stays one; a zero-width joiner in an emoji, a
// Persian non-joiner stay). Two passes: linear.
func maskVisible(s string, prose bool) string {
	masked := maskText(s, prose)
	view := readable(s)
	if view == s {
		return masked
	}
	spans := viewMaskSpans(s, masked, view, prose, true)
	// A value read with its lookalike letters folded can read as a word where, as written, it
	// does not (tokeY:К masks, К read as K is prose): the view with its letters as written
	// (invisibles gone, spaces read as spaces) is masked too, and what either masks is masked.
	if kept := readableLetters(s); kept != view && kept != s {
		spans = append(spans, viewMaskSpans(s, masked, kept, prose, false)...)
	}
	if len(spans) == 0 {
		return masked
	}
	// What s as written masks stays masked too (Bearer 0\u00adBearer 000: read as written, the
	// soft hyphen ends the first token and the second Bearer's is masked).
	spans = append(spans, maskedSpans(s, masked)...)
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	pos := 0 // s[:pos] is written
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] < end; i++ { // overlapping masks join
			end = max(end, spans[i][1])
		}
		if start < pos { // a mask already written covers it
			continue
		}
		b.WriteString(s[pos:start])
		b.WriteString(Masked)
		pos = end
	}
	b.WriteString(s[pos:])
	return b.String()
}

// viewMaskSpans returns where in s the masks of view (s as read: readableMap with fold) stand,
// when masking view hides something masked (maskText(s)) shows; else nil.
func viewMaskSpans(s, masked, view string, prose, fold bool) [][2]int {
	// An encoded URL's userinfo is read in the view too (mask reads it in s alone): an
	// invisible character inside an escape (%4\u200d0) hides it as written.
	maskedView := maskEncodedUserinfo(maskText(view, prose))
	if maskedView == view {
		return nil
	}
	if mv, _ := readableMap(maskEncodedUserinfo(masked), false, fold); mv == maskedView {
		return nil
	}
	_, src := readableMap(s, true, fold)
	// The view's masks, taken back to where their bytes were written in s (from the first
	// one's start to the last one's end).
	var spans [][2]int
	for _, v := range maskedSpans(view, maskedView) {
		if v[1] > v[0] {
			spans = append(spans, [2]int{src[v[0]][0], src[v[1]-1][1]})
		} else if v[0] < len(src) {
			spans = append(spans, [2]int{src[v[0]][0], src[v[0]][0]})
		} else {
			spans = append(spans, [2]int{len(s), len(s)})
		}
	}
	return spans
}

// maskedSpans returns where, in text, the masks of masked (maskText(text)) stand. Invariant:
// what it leaves outside its spans is, stretch by stretch and in order, what masked shows
// outside its masks, so masking those spans shows nothing masked hides. The text's own stars
// next to a mask cannot be told from the mask's (*ghp_… masked is "*" and Masked, or Masked
// and "*"?), so every run of at least len(Masked) stars in masked is taken as one mask, the
// text's stars beside it included (a star more is masked, never a character less); the
// stretches between such runs are found in text in order, leftmost first (which fits them
// whenever they fit), the first at its start and the last at its end. A stretch that is not
// found masks the rest of text. Linear.
func maskedSpans(text, masked string) [][2]int {
	if !strings.Contains(masked, Masked) {
		return nil
	}
	// kept: the stretches of masked between runs of len(Masked) stars or more.
	var kept []string
	startsMasked := false
	for i, from := 0, 0; ; {
		j := strings.Index(masked[i:], Masked)
		if j < 0 {
			kept = append(kept, masked[from:])
			break
		}
		runStart := i + j
		for runStart > from && masked[runStart-1] == '*' {
			runStart--
		}
		runEnd := i + j + len(Masked)
		for runEnd < len(masked) && masked[runEnd] == '*' {
			runEnd++
		}
		if runStart == 0 {
			startsMasked = true
		} else {
			kept = append(kept, masked[from:runStart])
		}
		from, i = runEnd, runEnd
	}
	last := kept[len(kept)-1] // "" when masked ends with a mask
	if !strings.HasSuffix(text, last) {
		return [][2]int{{0, len(text)}}
	}
	limit := len(text) - len(last) // where the last stretch starts
	spans := make([][2]int, 0, len(kept))
	at := 0 // text[:at] is accounted for
	for k, p := range kept[:len(kept)-1] {
		i := 0
		if k > 0 || startsMasked {
			i = strings.Index(text[at:limit], p)
		} else if !strings.HasPrefix(text[:limit], p) {
			i = -1
		}
		if i < 0 {
			return append(spans, [2]int{at, len(text)})
		}
		if k > 0 || startsMasked {
			spans = append(spans, [2]int{at, at + i})
		}
		at += i + len(p)
	}
	return append(spans, [2]int{at, max(at, limit)})
}

// readable is s as masking reads it: without invisible characters and their escapes, every
// Unicode space (unicodeSpace: no-break, thin, ideographic…) an ASCII space, but NEL and the
// line and paragraph separators (lineSeparator), kept as written as separators that end no value. Escapes of spaces, tabs and
// line breaks written out (\u00a0, \t, \n) stay as written: every pass skips them as
// separators (sepAt) and reads them as part of a value. s itself when it holds none.
func readable(s string) string {
	view, _ := readableMap(s, false, true)
	return view
}

// readableLetters is readable(s) with lookalike letters kept as written.
func readableLetters(s string) string {
	view, _ := readableMap(s, false, false)
	return view
}

// readableMap is readable(s) (with fold unset, lookalike letters kept as written), and with
// where set, for each byte of it where in s it was
// written: s[src[k][0]:src[k][1]] (a byte, or the space or escape a space stands for). s and
// nil when the view is s (most texts: nothing is built).
func readableMap(s string, where, fold bool) (view string, src [][2]int) {
	plainASCII := true
	for i := 0; i < len(s) && plainASCII; i++ {
		plainASCII = s[i] < utf8.RuneSelf && s[i] != '\\'
	}
	if plainASCII { // most texts: nothing to read otherwise
		return s, nil
	}
	var b []byte
	changed := false // b and src hold the view of s[:i]; before the first change, nothing
	change := func(i int) {
		if !changed {
			changed = true
			b = append(make([]byte, 0, len(s)), s[:i]...)
			if where {
				src = make([][2]int, i, len(s))
				for k := range i {
					src[k] = [2]int{k, k + 1}
				}
			}
		}
	}
	keep := func(i, n int) {
		if changed {
			b = append(b, s[i:i+n]...)
			if where {
				for k := i; k < i+n; k++ {
					src = append(src, [2]int{k, k + 1})
				}
			}
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c != '\\' || isSpace(c) {
			keep(i, 1)
			i++
			continue
		}
		if c == '\\' {
			if n := plain.EscapedInvisible(s[i:]); n > 0 {
				change(i)
				i += n
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(s[i:]); plain.Invisible(r) {
			change(i)
			i += n
			continue
		} else if a := confusableLetter(r); a != 0 && fold {
			change(i) // pаssword with a Cyrillic а, ｐａｓｓｗｏｒｄ: read as the Latin letter
			b = append(b, a)
			if where {
				src = append(src, [2]int{i, i + n})
			}
			i += n
			continue
		}
		if n := spaceAt(s, i); n > 0 {
			change(i)
			b = append(b, ' ')
			if where {
				src = append(src, [2]int{i, i + n})
			}
			i += n
			continue
		}
		n := 1
		if c >= utf8.RuneSelf {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		keep(i, n)
		i += n
	}
	if !changed {
		return s, nil
	}
	return string(b), src
}

// spaceAt returns the length of the space at s[i]: an ASCII space, tab or line break (1), a
// Unicode space (unicodeSpace: 2 or 3 bytes), or the escape of one written out (\u00a0,
// \u3000: plain.EscapedSpace); else 0. Every pass reads each as a space, as written as in
// readable's view: a value ends at one, and a word after one reads as a word
// (Invalid token:\u00a0signature verification failed). A tab's or line break's escape
// written out (\t, \n) is not one: a value or URL goes on over it (password=abc\nxyz is one
// value; a Windows path's \names in a URL); it is skipped only where separators are (sepAt).
func spaceAt(s string, i int) int {
	switch c := s[i]; {
	case isSpace(c):
		return 1
	case c < utf8.RuneSelf:
		return 0
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); unicodeSpace(r) && !lineSeparator(r) {
		return n
	}
	return 0
}

// lineSeparator reports NEL (U+0085) and the line and paragraph separators (U+2028, U+2029):
// Unicode spaces that break a line, which masking reads as it reads a tab's or line break's
// escape written out (\n): a separator where separators are (sepAt: after Bearer, around = and
// :), never the end of a value or of a URL (password=abc\u2028def is one value; so is the
// userinfo of postgres://app:pa\u2028ss@db).
func lineSeparator(r rune) bool { return r == '\u0085' || r == '\u2028' || r == '\u2029' }

// pairSeparatorAfter reports an = or : at s[i]: a line separator right before one stands
// where a separator stands, around a key's = or :, not inside the value before it.
func pairSeparatorAfter(s string, i int) bool { return i < len(s) && (s[i] == '=' || s[i] == ':') }

// keyThenBreakThenSeparator reports whether s[i:] starts with a key (a quote may close it), then
// spaces or line breaks, then = or :, or an arrow (arrowAt) after at least one of them.
func keyThenBreakThenSeparator(s string, i int) bool {
	j := i
	for j < len(s) && isKeyByte(s[j]) {
		j++
	}
	if j == i {
		return false
	}
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		j++
	}
	k, _ := gapAt(s, j)
	return k > j && k < len(s) && (pairSeparatorAfter(s, k) || arrowAt(s, k) > 0)
}

// lineSeparatorAt returns the length of a lineSeparator at s[i], else 0.
func lineSeparatorAt(s string, i int) int {
	if i < len(s) && (s[i] == 0xc2 || s[i] == 0xe2) {
		if r, n := utf8.DecodeRuneInString(s[i:]); lineSeparator(r) {
			return n
		}
	}
	return 0
}

// sepAt returns the length of the separator at s[i]: a space (spaceAt), a tab's or line
// break's escape written out (escapedBreakAt: 2), or a space spelled out (plain.SpelledSpace:
// \u00a0, \u0020, \u{a0}, Go's \xc2\xa0 and \x20, octal \302\240, HTML's &nbsp;, &#160;,
// &#32;, &Tab; and &NewLine;, %C2%A0, %20, and each encoded twice: %2520, &amp;nbsp;); else 0. It is skipped around = and :, after
// an authorization scheme and before a value starts (password=\t\u00a0x,
// Authorization:\tBearer\u00a0x), and never ends a value or a URL.
func sepAt(s string, i int) int {
	if escapedBreakAt(s, i) {
		return 2
	}
	if c := s[i]; c == '\\' || c == '&' || c == '%' {
		return plain.SpelledSpace(s[i:])
	}
	if n := lineSeparatorAt(s, i); n > 0 {
		return n
	}
	return spaceAt(s, i)
}

// spaceBefore returns the length of the separator (sepAt) that ends at s[i], or 0.
func spaceBefore(s string, i int) int {
	if i == 0 {
		return 0
	}
	switch c := s[i-1]; {
	case isSpace(c):
		return 1
	case c >= utf8.RuneSelf:
		if r, n := utf8.DecodeLastRuneInString(s[:i]); unicodeSpace(r) {
			return n
		}
		return 0
	}
	if i >= 2 && escapedBreakAt(s, i-2) {
		return 2
	}
	return plain.SpelledSpaceBefore(s[max(0, i-plain.MaxSpelledSpace):i])
}

// escapedBreakAt reports whether the escape of a tab, line break or form feed written out (\t,
// \n, \r, \f, \v as two characters, as JSON and ASCII-only encoders write them) is at s[i]: a
// backslash not after another one (\\t is an escaped backslash and a t), and one of tnrfv.
// Every pass skips it where it skips separators (sepAt); it ends no value and no URL.
func escapedBreakAt(s string, i int) bool {
	return i+1 < len(s) && s[i] == '\\' && strings.IndexByte("tnrfv", s[i+1]) >= 0 && (i == 0 || s[i-1] != '\\')
}

// spelledBreakAt returns the length of the escape of a break written out at s[i] (a tab, line
// feed, vertical tab, form feed, carriage return, NEL U+0085, or the line or paragraph separator
// U+2028, U+2029: breakRune), in any spelling escapeAt reads (escapedRune decodes it): \n
// (escapedBreakAt), %0A, %250A, %C2%85, \x0a, \xc2\x85, \012, \u000a, \u2028, \u{a},
// \U0000000a, &#10;, &#x0a;, &NewLine;, &Tab;, &amp;#10;; else 0. One definition: what
// escapeAt reads anywhere else as a separator, this reads as a break. A token does not end at
// one (maskTokens).
func spelledBreakAt(s string, i int) int {
	if i >= len(s) || s[i] != '\\' && s[i] != '%' && s[i] != '&' || s[i] == '\\' && i > 0 && s[i-1] == '\\' {
		return 0 // \\n: an escaped backslash and an n
	}
	n := escapeAt(s, i)
	if r, ok := escapedRune(s[i : i+n]); ok && breakRune(r) {
		return n
	}
	return 0
}

// breakRune reports the characters that break a line or a token's text (spelledBreakAt): a
// tab, line feed, vertical tab, form feed, carriage return, and the lineSeparators.
func breakRune(r rune) bool { return r >= '\t' && r <= '\r' || lineSeparator(r) }

// escapedRune returns the character the escape e writes out: e is one escapeAt reads whole
// (\n, %0A, %250A, %C2%85, \x0a, \302\240, \u000a, \u{a}, \U0000000a, &#10;, &#x0a;, &amp;#10;,
// &Tab;, &NewLine;); ok is false when e is none, or an HTML name of another character (&amp;,
// &nbsp;). A single byte (%85, \x85, \205) reads as Latin-1, as plain.SpelledSpace reads it.
func escapedRune(e string) (r rune, ok bool) {
	if len(e) < 2 {
		return 0, false
	}
	switch e[0] {
	case '&':
		ref := e[1:]
		if len(ref) > 4 && (strings.HasPrefix(ref, "amp;") || strings.HasPrefix(ref, "AMP;")) {
			ref = ref[4:] // encoded twice: &amp;#10;
		}
		ref = strings.TrimSuffix(ref, ";")
		switch {
		case ref == "Tab":
			return '\t', true
		case ref == "NewLine":
			return '\n', true
		case len(ref) < 2 || ref[0] != '#':
			return 0, false
		case ref[1] == 'x' || ref[1] == 'X':
			return hexAt(ref, 2, len(ref)-2)
		}
		for k := 1; k < len(ref); k++ {
			if ref[k] < '0' || ref[k] > '9' {
				return 0, false
			}
			r = r*10 + rune(ref[k]-'0')
		}
		return r, r <= unicode.MaxRune
	case '%':
		if len(e)%5 == 0 && strings.HasPrefix(e, "%25") {
			return escapedBytes(e, "%25", 2) // encoded twice: %250A
		}
		return escapedBytes(e, "%", 2)
	}
	switch c := e[1]; {
	case len(e) == 2:
		if k := strings.IndexByte("tnrfv", c); k >= 0 {
			return rune("\t\n\r\f\v"[k]), true
		}
	case c == 'x':
		return escapedBytes(e, `\x`, 2)
	case c >= '0' && c <= '3':
		return escapedBytes(e, `\`, 3) // octal
	case c == 'u' && e[2] == '{':
		return hexAt(e, 3, len(e)-4)
	case c == 'u' || c == 'U':
		return hexAt(e, 2, len(e)-2)
	}
	return 0, false
}

// escapedBytes decodes e, bytes each written as prefix and digits digits (hexadecimal, or
// octal when there are three), as the UTF-8 of one character or a single Latin-1 byte.
func escapedBytes(e, prefix string, digits int) (rune, bool) {
	unit := len(prefix) + digits
	if len(e)%unit != 0 || len(e) > 4*unit {
		return 0, false
	}
	var buf [4]byte
	n := 0
	for k := 0; k < len(e); k += unit {
		if e[k:k+len(prefix)] != prefix {
			return 0, false
		}
		d := e[k+len(prefix) : k+unit]
		var b rune
		for j := 0; j < len(d); j++ {
			switch v, ok := hexAt(d, j, 1); {
			case !ok || digits == 3 && v > 7:
				return 0, false
			case digits == 3:
				b = b<<3 | v
			default:
				b = b<<4 | v
			}
		}
		buf[n] = byte(b)
		n++
	}
	if n == 1 {
		return rune(buf[0]), true
	}
	r, size := utf8.DecodeRune(buf[:n])
	return r, r != utf8.RuneError && size == n
}

// urlEnd is where in s the first space or quote that ends a URL (urlEndRune) is, or the
// escape of a Unicode space written out (\u00a0: spaceAt), as every pass reads one; -1 if
// none. A tab's or line break's escape (\t, \n) does not end one: a Windows path's \names.
func urlEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			if spaceAt(s, i) > 0 {
				return i
			}
		case c < utf8.RuneSelf:
			if urlEndRune(rune(c)) {
				return i
			}
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if urlEndRune(r) && !lineSeparator(r) {
				return i
			}
			i += n - 1
		}
	}
	return -1
}

// escapedSpaceBefore reports whether a Unicode space spelled out (\u00a0, \xc2\xa0, &#160;,
// %C2%A0), or a tab's or line break's escape (\t, \n), ends at s[i].
func escapedSpaceBefore(s string, i int) bool {
	n := spaceBefore(s, i)
	return n > 0 && (s[i-n] == '\\' || s[i-n] == '&' || s[i-n] == '%')
}

// blankBefore reports whether a space of a line (blankAt) ends at s[i].
func blankBefore(s string, i int) bool {
	n := spaceBefore(s, i)
	return n > 0 && blankAt(s, i-n)
}

// blankAt reports whether a space of a line (an ASCII space, a Unicode space or its escape:
// not a tab or a line break) is at s[i].
func blankAt(s string, i int) bool {
	return i >= 0 && i < len(s) && (s[i] == ' ' || !isSpace(s[i]) && !escapedBreakAt(s, i) && lineSeparatorAt(s, i) == 0 && sepAt(s, i) > 0)
}

// unicodeSpace is a white space character beyond ASCII (plain.UnicodeSpace, as
// unicode.IsSpace reads one: Zs, NEL U+0085, the line and paragraph separators).
func unicodeSpace(r rune) bool { return plain.UnicodeSpace(r) }

// maskText applies the rules once; prose: MaskAPIText's rule for values after a colon.
func maskText(s string, prose bool) string {
	s = maskBrokenTokens(s) // each view's too (maskVisible): an invisible character inside a piece
	s = maskPEM(s)
	s = maskSecretData(s)          // every value of a Kubernetes Secret's data, whatever its key
	s = maskAWSSecretAfterKeyID(s) // before the ID is masked, which says what follows it
	s = maskWebhookURLs(s)
	s = maskURLs(s)
	blanked := escapesBlanked(s)
	schemes, tokens := wordHints(blanked)
	if !schemes && blanked != s {
		// An escape's digits can start a scheme's word as written (%BeArer 000, %Be read as a
		// byte's escape): maskSchemes reads it so, as the old log masker did.
		schemes, _ = wordHints(s)
	}
	var joined []int // where the masks of the tokens line breaks cut stand
	if tokens {
		// A token of fixed length that line breaks cut (joinedBody) first, whole: a break ends
		// the token after a scheme and the value of a pair, which would leave its rest shown
		// (Bearer ghp_…\n…, key: AKIAIOSF\nODNN7EXAMPLE).
		s, joined = maskTokens(s, true)
	}
	if schemes { // before pairs, whose values may hold a scheme and its token
		s = maskSchemes(s, joined)
	}
	// Before pairs: a pair's value read on over line separators (pass:0⏎CREATE USER x
	// PASSWORD⏎'…') would otherwise take the statement's PASSWORD and half its quoted password.
	s = maskSQLPasswords(s)
	// Before pairs, which take key="Password" for a pair and hide the name the value follows.
	s = maskXMLNamedValues(s)
	// Before pairs, which take key: password for a pair and hide the name the value follows.
	s = maskNamedValues(s)
	s = maskPairs(s, prose)
	s = maskDockerfileEnv(s)
	s = maskSpacedValues(s)
	s = maskArgvCredentials(s)
	s = maskCookieFlags(s)
	s = maskHtpasswdPasswords(s)
	s = maskPasswordHashes(s)
	s = maskCallPasswords(s)
	s = maskTuplePasswords(s)
	s = maskTerraformDefaults(s)
	s = maskCommandPasswords(s)
	s = maskPipedPasswords(s)
	s = maskConfigPasswords(s)
	s = maskSpokenValues(s) // after the rules that read a name and spaces more closely
	s = maskAdjacentValues(s)
	s = maskCLIPositionals(s)
	if tokens {
		s, _ = maskTokens(s, false)
	}
	// Read as maskVisible reads the rest: an invisible character hides no connection string's
	// password (0:\u2028@0\u3164:0 as 0:\u2028@0:0).
	return maskBareConnPasswords(maskDigestParams(s))
}

// stripANSI removes the terminal escape sequences of coloured text from s (plain.StripANSI:
// the client strips them from the API's texts before it redacts them, so a value split by one
// is redacted).
func stripANSI(s string) string { return plain.StripANSI(s) }

// wordHints reports, in one pass, whether a word of s (at its start or after a byte that is
// not a letter, digit or underscore) starts like an authorization scheme (Bearer, Basic, any
// case) or like one of tokenPrefixes: text with neither skips both regular expressions.
func wordHints(s string) (schemes, tokens bool) {
	word := false // s[i-1] is a word byte
	// A space spelled out (\u00a0, %C2%A0) can end in a word byte; most texts hold none.
	spelled := strings.IndexByte(s, '\\') >= 0 || strings.IndexByte(s, '%') >= 0
	for i := 0; i < len(s) && !schemes; i++ {
		c := s[i]
		start := !word || spelled && escapedSpaceBefore(s, i) // after \u00a0, %C2%A0
		word = isWordByte(c)
		if !start || !word || schemes {
			continue
		}
		if lower := c | 0x20; lower == 'b' {
			schemes = hasPrefixFold(s[i:], "bearer") || hasPrefixFold(s[i:], "basic")
		}
	}
	// A token's prefix starts one wherever it stands (1ghp_…, TokenAKIA…, after another token).
	for i := 0; i < len(s) && !tokens; i++ {
		tokens = tokenPrefixAt(s, i) > 0
	}
	return schemes, tokens
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// maskPairs masks the values of credential-named keys: key=value, key: value and key:value,
// with any spaces around the "=" or ":" (password = x, PASSWORD : x), the key bare, quoted or
// in escaped JSON ("key":"value", \"key\":\"value\", "key" : "value"); also after an arrow
// (key => value, key -> value: arrowAt, read as after a colon, and key->value when the value
// reads as no member's name: tightArrowValueAt; key := value), PHP's var_dump
// included (["password"]=> string(8) "x", its type and length masked with the value:
// varDumpStringEnd, also unquoted on the next line; ["password":protected]=>:
// phpVisibilityEnd), and a YAML block scalar with its more-indented lines (password: |-⏎  x:
// blockScalarEnd). A quoted value keeps
// its quotes (escaped quotes inside it are part of it); an unquoted one ends at a space, a
// comma, a semicolon, an ampersand or a quote that closes an enclosing string, and takes
// brackets, braces and parentheses whole (Some("x"), Secret([REDACTED]), [a, b], {"v": "x"}).
// A value that is masked already (maskedOnly), a whole ${...} reference or one of keptValue's
// stays. After
// the separator an authorization scheme (Bearer, Basic, Token, Digest) is kept and the token
// after it masked. A masked value can be the key of the next pair (a= password = x), and what
// is masked already (Bearer ********: x) names a credential. Neither
// the colons of a Rust path (runtime::auth::token) nor the segment
// that follows one (runtime::auth: a tracing target) make a key.
//
// With prose set (MaskAPIText), a value after a colon, unquoted and not after Bearer or
// Basic, is kept when it reads as a word (readableWord).
func maskPairs(s string, prose bool) string {
	if !strings.ContainsAny(s, "=:") && !(strings.Contains(s, "3") && containsFold(s, "3d")) && !strings.Contains(s, "->") &&
		!strings.Contains(s, "&#61;") && !containsFold(s, "&equals;") &&
		!strings.Contains(s, "→") && !strings.Contains(s, "-\\") && !strings.Contains(s, "-&") && !strings.Contains(s, "-%") &&
		!strings.Contains(s, "&rarr;") && !strings.Contains(s, "2192") && !strings.Contains(s, "8594") {
		return s
	}
	var b strings.Builder
	pos := 0                 // s[:pos] is written
	errLine := -1            // whether s reads as an error (errorText), once asked
	maskedEnd := 0           // where the last masked value ends
	sasSig, sasEnd := -1, -1 // a SAS's last sig's value starts at sasSig and ends at sasEnd, over blanks
	var quotes typographicEnds
	for i := 0; i < len(s); i++ {
		c, sepLen := s[i], 1
		if c == '%' && i+2 < len(s) && s[i+1] == '3' && s[i+2]|0x20 == 'd' {
			c, sepLen = '=', 3 // percent-encoded: access_token%3D…
		} else if c == '%' && hasPrefixFold(s[i:], "%253D") {
			c, sepLen = '=', 5 // percent-encoded twice: password%253D…
		} else if n := escapedEqualsAt(s, i); n > 0 {
			c, sepLen = '=', n // escaped for JavaScript (password\u003Dx, Go's js escaper) or HTML (&#61;)
		}
		arrow := false // key -> value, key → value
		if n := arrowAt(s, i); n > 0 {
			c, sepLen, arrow = ':', n, true
		}
		if c != '=' && c != ':' {
			continue
		}
		if c == ':' && (i+1 < len(s) && s[i+1] == ':' || i > 0 && s[i-1] == ':') {
			continue // a path separator
		}
		keyEnd := i
		if c == '=' && keyEnd > 0 && s[keyEnd-1] == '!' {
			keyEnd-- // password != 'x'
		}
		for n := spaceBefore(s, keyEnd); n > 0; n = spaceBefore(s, keyEnd) {
			keyEnd -= n
		}
		if c == ':' && !arrow {
			keyEnd = promptDefaultStart(s, keyEnd) // aws configure's AWS Secret Access Key [None]: x
		}
		bracketed := keyEnd > 1 && s[keyEnd-1] == ']' // PHP's print_r: [db_password] => x, ["password"]=>
		if bracketed {
			keyEnd--
		}
		if keyEnd > 0 && (s[keyEnd-1] == '"' || s[keyEnd-1] == '\'') {
			keyEnd--
			for keyEnd > 0 && s[keyEnd-1] == '\\' {
				keyEnd-- // escaped JSON: \"password\":
			}
		} else if p := quoteRefBefore(s, keyEnd); p >= 0 {
			keyEnd = p // HTML-escaped JSON, as a proxy's error page shows it: &quot;password&quot;:
		} else if r, n := utf8.DecodeLastRuneInString(s[:keyEnd]); n > 1 && strings.ContainsRune(typographicQuoteChars, r) {
			keyEnd -= n // “password”:
		}
		keyStart := keyEnd
		for keyStart > 0 && isKeyByte(s[keyStart-1]) && !escapedSpaceBefore(s, keyStart) && !(keyStart >= 3 && escapeAt(s, keyStart-3) == 3) {
			keyStart--
		}
		for keyStart > 0 && s[keyStart-1] == '\\' && escapedKeyLetterAt(s, keyStart-1) > 0 {
			// a name's letter escaped in JSON (\u0070assword, pass\u0077ord): part of the name
			keyStart--
			for keyStart > 0 && isKeyByte(s[keyStart-1]) && !escapedSpaceBefore(s, keyStart) && !(keyStart >= 3 && escapeAt(s, keyStart-3) == 3) {
				keyStart--
			}
		}
		for keyStart >= 3 && keyStart < keyEnd && s[keyStart-2] == '\\' && (s[keyStart-1] == ':' || s[keyStart-1] == '=') && isKeyByte(s[keyStart-3]) {
			// a Java properties key's escaped ":" or "=" (db.password\:old=x): part of the name
			keyStart -= 2
			for keyStart > 0 && isKeyByte(s[keyStart-1]) && !escapedSpaceBefore(s, keyStart) && !(keyStart >= 3 && escapeAt(s, keyStart-3) == 3) {
				keyStart--
			}
		}
		if keyStart >= 2 && keyStart < keyEnd && escapedBreakAt(s, keyStart-2) && !credentialName(s[keyStart:keyEnd], false) &&
			credentialName(s[keyStart-1:keyEnd], false) {
			keyStart-- // \token=…: a tab's escape and "oken", or a backslash and "token"; read as the credential
		}
		if keyStart > 0 && s[keyStart-1] == '\\' && keyEnd-keyStart > 5 && strings.EqualFold(s[keyStart:keyStart+5], "u0026") {
			keyStart += 5 // JSON's escaped ampersand (\u0026) before the name
		}
		if bracketed && !bracketOpens(s, keyStart) {
			continue // tokens[0] = x: the key is no name in brackets
		}
		maskedKey := true
		switch {
		case keyEnd == maskedEnd && maskedEnd > 0: // the value just masked is a key: a= password = x
		case keyStart == keyEnd && strings.HasSuffix(s[:keyEnd], Masked):
			keyStart = keyEnd - len(Masked) // a masked key: Bearer ********: x
		default:
			maskedKey = false
		}
		if maskedKey && c == ':' && !arrow && keyEnd == i && shadowAgingAt(s, i) {
			continue // bob:$6$********:19000:0:99999:7:::: /etc/shadow's aging fields after the hash, no value
		}
		if maskedKey && c == ':' && !arrow && (keyEnd < i && !strings.ContainsAny(s[keyEnd:i], "\u0085\u2028\u2029") && shorthandOrSymbolAt(s, i+1) &&
			!credentialName(s[keyStart:keyEnd], false) || userFlagBefore(s, keyEnd-len(Masked))) {
			// HTTPie's :8080/api after a masked password is its URL, Ruby's :name => x the next
			// pair (after spaces: a line separator may have joined the key to the value); a key masked as curl -u's user (-u ********:) has an empty password, and what
			// follows is no value of it. A masked value that is a credential's name (keY:0token :000)
			// is a key, as it is before ": 000".
			continue
		}
		switch {
		case maskedKey:
		case keyStart == keyEnd || inReference(s, keyStart, keyEnd, i) ||
			!credentialName(s[keyStart:keyEnd], c == '=' && !arrow && pathQueryKeyAt(s, keyStart)) &&
				!(c == '=' && !arrow && pwFlagKey(s[keyStart:keyEnd])):
			continue
		case c == '=' && !arrow && xmlNamingAttr(s, keyStart, keyEnd):
			continue // <entry key="timeout">30</entry>: the attribute names the value, maskXMLNamedValues reads it
		case c == ':' && !arrow && keyRefFieldAt(s, keyStart, keyEnd):
			continue // secretKeyRef:⏎  name: db⏎  key: password: the key inside the secret, no value
		}
		if c == ':' && !maskedKey && keyStart >= 2 && s[keyStart-2:keyStart] == "::" && !strings.ContainsAny(s[keyStart:keyEnd], ".-") &&
			blankAt(s, i+1) {
			continue // a tracing target's last segment: runtime::auth: …
		}
		v := i + sepLen
		phpMember := false
		if c == ':' && !arrow && !maskedKey {
			// var_dump's object member: ["password":protected]=>, ["token":"App\User":private]=>
			if e := phpVisibilityEnd(s, keyStart, v); e > 0 {
				v, phpMember = e, true
			}
		}
		for c == '=' && v < len(s) && s[v] == '=' {
			v++ // password == 'x'
		}
		if gt := angleAt(s, v, '>'); c == '=' && gt > 0 && arrowValueAt(s, v+gt) {
			v += gt // an arrow, its ">" maybe escaped: "password" => "x" (Ruby, PHP, Perl), password =\u003e x
		} else if v < len(s) && c == ':' && s[v] == '=' && arrowValueAt(s, v+1) {
			v++ // Go's declaration: password := "x"
		}
		for v < len(s) {
			if n := sepAt(s, v); n > 0 {
				v += n
				continue
			}
			if s[v] == '\\' && v+1 < len(s) && (blankAt(s, v+1) || isSpace(s[v+1]) || lineSeparatorAt(s, v+1) > 0) {
				// A shell's escaped space (password:\ <pw>, -H Authorization:\ Bearer\ <token>) or
				// continuation, as gapAt reads them; with nothing after it, the backslash is the
				// value (password:\ reads so once MaskLogLines trims the space).
				w := v + 1
				for w < len(s) && sepAt(s, w) > 0 {
					w += sepAt(s, w)
				}
				if w == len(s) {
					break
				}
				v++
				continue
			}
			// Invisible characters before a separator are read as nothing: the value is the word
			// after it (Invalid token:\u200b signature has expired reads as with a space); before
			// a word they stay part of it (token:\u200bsecret is masked whole).
			w := v
			for n := invisibleAt(s, w); n > 0; n = invisibleAt(s, w) {
				w += n
			}
			if w == v || w == len(s) || sepAt(s, w) == 0 {
				break
			}
			v = w
		}
		if !arrow && emptyQuotesThenPairAt(s, v) {
			continue // token:""password :x: an empty quoted value, then the next pair, read as its own
		}
		if c == '=' && !arrow && v+1 < len(s) && (s[v] == '=' || s[v] == ':') && sepAt(s, v+1) > 0 {
			// pAsswd= = 000, pAsswd=: 000: a lone "=" or ":" after "=" is the separator's, as in
			// password == x; the value is the word after it (a space or a Unicode one between).
			w := v + 1
			for w < len(s) && sepAt(s, w) > 0 {
				w += sepAt(s, w)
			}
			if w < len(s) {
				v = w
			}
		}
		if !arrow && !maskedKey && keyEnd == i && emptyBeforePairAt(s, keyStart, keyEnd, c, i+sepLen, v) {
			continue // logfmt's password= user=bob, Go's {User:bob Password: Host:db}: an empty value, then the next pair
		}
		if !arrow && !maskedKey && quotedSASAt(s, v) {
			continue // sas_token: "sv=…&sig=<sig>": its params read as unquoted, its sig masked up to the quote
		}
		if sas, sig, e := sasQueryAt(s, v); !arrow && !maskedKey && sas {
			// sas_token: sv=2022-11-02&ss=b&sig=<sig>: the SAS's params are read pair by pair, its
			// sig masked; a sig last on a YAML line runs as the key's value would, over a blank
			// (sig=abc DEF: a "+" decoded to a space), to the line's end.
			if ye := yamlLineValueEnd(s, keyStart, keyEnd, i, v, e); c == ':' && sig >= 0 && ye > e {
				sasSig, sasEnd = sig, ye
			}
			continue
		}
		if !arrow && !maskedKey {
			if cookie, set := cookieHeaderKey(s[keyStart:keyEnd]); cookie {
				if spans, e, ok := cookieSpans(s, v, set); ok {
					// Cookie: _ga=GA1.2.3; session=<id>: each cookie by its name (cookies.go).
					for _, sp := range spans {
						b.WriteString(s[pos:sp[0]])
						b.WriteString(Masked)
						pos, maskedEnd = sp[1], sp[1]
					}
					i = max(i, e-1)
					continue
				}
			}
		}
		tight := arrow && v == i+sepLen // password->HUNTER2: no space after the arrow
		// A masked value that ends in a quoted credential's name ("pAss=0⏎!pAss"⏎->⏎A, read over
		// line separators) is that key's, whose arrow starts a pair as after a space.
		quotedKey := maskedKey && keyStart < keyEnd && keyEnd < len(s) && (s[keyEnd] == '"' || s[keyEnd] == '\'') &&
			credentialName(s[keyStart:keyEnd], false)
		if arrow && (maskedKey && !quotedKey && arrowWord(s, v) || arrowExpression(s, v) && !varDumpTypeAt(s, v)) {
			// An arrow after a value just masked before a word (password: set -> unset, fn
			// check(password: &str) -> bool) or before an expression (a lambda's body: token ->
			// token.trim()) is no pair; before anything else it is a change's new value
			// (password: ******** -> <new>), masked.
			continue
		}
		if arrow && breadcrumbAt(s, keyStart, keyEnd, v) {
			continue // Settings -> Password -> Change: a UI's path, prose
		}
		if strings.HasPrefix(s[v:], "--") && credentialFlagToken(s, v+2) {
			if w := credentialFlagValueAt(s, v+2); w > 0 {
				// password: --password <pw>, password -> --password <pw>: the flag is no value,
				// its own is (flagValueSpan). A value that merely starts with "--"
				// (password -> --Secret…) is the value, masked below.
				if start, end := flagValueSpan(s, w, &quotes); end > start {
					b.WriteString(s[pos:start])
					b.WriteString(Masked)
					pos, maskedEnd = end, end
					i = max(i, end-1)
				}
				continue
			}
		}
		if arrow && flagRenameAt(s, v) {
			continue // Renamed --token -> --api-key: a flag's new name, no value
		}
		if c == ':' && !arrow && !maskedKey && strings.EqualFold(s[keyStart:keyEnd], "secrets") && secretStoresList(s[v:min(len(s), v+16)]) {
			continue // a spicepod's secret stores inline: secrets: [{from: env, name: env}]; the pairs inside are read on
		}
		afterScheme := skipScheme(s, v)
		scheme := s[v:afterScheme] // its letters, then spaces
		for k := range len(scheme) {
			if !isLetter(scheme[k]) {
				scheme = scheme[:k]
				break
			}
		}
		scheme = strings.ToLower(scheme)
		strict := !prose || c == '=' || maskedKey || phpMember
		if afterScheme == v && !maskedKey && schemeKey(s[keyStart:keyEnd]) {
			// Another scheme than these (ApiKey, SSWS, Bot, AWS4-HMAC-SHA256) stays too, and the
			// credential after it is the value: Authorization: ApiKey ********.
			afterScheme = schemeCredentialAt(s, v)
		}
		other := afterScheme > v && scheme == "" // a scheme of knownAuthSchemes
		// unknown: the first word after an Authorization key, a credential or a scheme's name no
		// list holds.
		unknown := afterScheme == v && scheme == "" && !maskedKey && authorizationKey(s[keyStart:keyEnd])
		// AWS Signature Version 4's params are read one by one: Credential's and Signature's
		// values are masked, SignedHeaders' list (host;range;x-amz-date) names headers, no secret.
		aws4 := other && hasPrefixFold(s[v:], "aws4-hmac-")
		v = afterScheme
		start, end := v, pairBreakAt(s, v) // ********⏎name => string(20), ApiKey⏎Content-Type: …
		if end < 0 {
			start, end = quotes.valueSpan(s, v)
		}
		if scheme == "digest" || other {
			if aws4 && hasPrefixFold(s[v:], "credential=") {
				start, end = valueSpan(s, v+len("credential="))
				end = max(start, min(end, start+strings.IndexByte(s[start:end]+",", ',')))
			} else if e := authParamsEnd(s, v); e > v {
				start, end = v, e // the whole list: its response= is a hash of the password
			}
		}
		if start == v {
			if t := strings.IndexByte(s[start:end], ')') + start + 1; t > start && t < end && varDumpTypeAt(s, start) &&
				varDumpTypeRun(s[start:t]) && lineSeparatorAt(s, t) > 0 && !quoteAfterSeparators(s, t) {
				// string(60)⏎name => string(20) as MaskLogLines joins entries: the type's run ends
				// the value; what follows is varDumpStringEnd's to read (a value, or the next pair).
				// Not before a quote but a next pair's: string(0)⏎"0 is the value going on, as after a space.
				end = t
			}
			end = max(end, varDumpStringEnd(s, start, end), varDumpNestedEnd(s, start, end)) // string(8) "hunter22"
			if c == ':' && !arrow {
				be := blockScalarEnd(s, keyStart, start)
				if be <= end && loneBlockHeader(s, start, end) {
					i = max(i, end-1)
					continue // password: | and no line of the block after it: the header alone, no value
				}
				end = max(end, be)                                   // password: |⏎  <pw>
				end = max(end, blockSequenceEnd(s, i+sepLen, start)) // passwords:⏎  - <pw>⏎  - <pw>
			}
		}
		if start > v && start < end && !maskedKey && !arrow && schemeKey(s[keyStart:keyEnd]) {
			// Quoted, an Authorization header's scheme stays as it does unquoted, its credential is
			// masked: "Authorization": "Basic ********", 'ApiKey ********'.
			start = schemeCredentialStart(s[:end], start)
		}
		if tight && start == v {
			end = unopenedParenEnd(s, start, end) // f(password->HUNTER2): the ")" is the call's
		}
		if start == end && start == v && v < len(s) && strings.IndexByte("&;,", s[v]) >= 0 {
			// A value is never empty when more than a separator follows (password=&x7Kq9!zQ,
			// PWD=,x7Kq9;): it runs from there to its usual end, unless what follows is the next
			// pair (password=&user=bob, password=; user=bob) or nothing. Whole HTML references
			// there are part of the value, their ";" too (password=&amp;x, &#8203;x, &zwnj;x).
			from := v
			for from < len(s) && s[from] == '&' && escapeAt(s, from) > 0 {
				from += escapeAt(s, from)
			}
			if from == v {
				from = v + 1
			}
			// Only an assignment there is the next pair: an arrow after the run is a change's
			// (password=&x7Kq9 -> <new>), the run its old value, as it is before a Unicode space.
			if e := unquotedEnd(s, from); e > from && !nextAssignmentAt(s, from, e) {
				end = e
			}
		}
		if start == v && end > start {
			lineWords := c == ':' && !arrow && !schemeKey(s[keyStart:keyEnd]) // as yamlLineValueEnd reads them
			end = delimitedValueEnd(s, keyStart, c == '=' && !arrow, c == ':' && !arrow, lineWords, start, end)
		}
		if start == v && c == ':' && !arrow && end < len(s) {
			w := end
			for w < len(s) && (s[w] == ' ' || s[w] >= utf8.RuneSelf && spaceAt(s, w) > 0) {
				w += spaceAt(s, w) // a Unicode space reads as a space; a line break ends the tag's line
			}
			if tag := yamlTagLength(s[start:end]); tag > 0 && w > end {
				if tag == 1 && w < len(s) && nameWordEnd(s, w) > w {
					i = nameWordEnd(s, w) - 1
					continue // password: !secret db_password, !Ref DbPassword: a reference's tag and name
				}
				if tag == 2 && w < len(s) && s[w] != '\n' && s[w] != '\r' {
					start, end = quotes.valueSpan(s, w) // password: !!binary <base64>: the tag stays, its value is masked
				}
			}
		}
		if start == v && !arrow {
			if e := unopenedCloserEnd(s, keyStart, start, end); e < end {
				// {User:bob Password:x}: the "}" is the struct's, and a struct's print is no prose.
				end, strict = e, true
			}
			if c == ':' && start == i+1 {
				end = goStructValueEnd(s, keyStart, keyEnd, end) // &{User:bob Password:S3cret Pw DB:app}
			} else if c == ':' && keyEnd == i {
				end = flowValueEnd(s, keyStart, end) // {user: bob, password: S3cret Pw, host: db}
			}
		}
		value := s[start:end]
		if value == "" || maskedOnly(value) || isReference(value) || invisibleOnly(value) || terraformSensitive(value) || placeholderValue(value) {
			i = max(i, end-1)
			continue
		}
		if !maskedKey && !arrow && valueNamesNoSecret(s[keyStart:keyEnd], value) {
			i = max(i, end-1)
			continue // password_file: /etc/spice/pw.txt, snowflake_auth_type: keypair
		}
		if start == v && !maskedKey && c == ':' && !arrow && nestedBlockAt(s, i+sepLen, v, end) {
			continue // auth:⏎  username: bob: the block's pairs are read as any others
		}
		unknown = unknown && start == v && schemeWord(strings.TrimRight(value, "\u0085\u2028\u2029")) // a line separator before "," ends no value (Foo\u2029,<credential>)
		// After an Authorization key, the token after a known scheme other than Bearer is the
		// credential, whatever it looks like (Authorization: ApiKey ********, Key ********):
		// only Bearer's prose stays (bearerProse).
		credential := other || scheme != "" && scheme != "bearer" && schemeKey(s[keyStart:keyEnd])
		if credential && !strict && start == v && slices.Contains(schemeProse, strings.ToLower(strings.TrimRight(value, ".,;!?)"))) {
			// MaskAPIText: but a word of schemeProse is the API's diagnosis, never a credential
			// (Authorization: Token is missing the scope, ApiKey is not supported, Negotiate failed).
			i = max(i, end-1)
			continue
		}
		if !strict && start == v && !credential && proseWords(scheme, s[keyStart:keyEnd], value) && !loneWordSecret(s, scheme, s[keyStart:keyEnd], value, end) {
			if unknown { // but a credential after it is no prose: Authorization: Foo ********
				if w, e := unknownSchemeNext(s, end); w > 0 {
					b.WriteString(s[pos:w])
					b.WriteString(Masked)
					pos, maskedEnd = e, e
					i = e - 1
				}
			}
			continue // MaskAPIText: a word of the error's prose (Invalid token: signature verification failed)
		}
		if !maskedKey && keptValue(s, s[keyStart:keyEnd], keyStart, i, start, end, &errLine) {
			continue // and what follows the separator is read on, for pairs inside
		}
		if start == v && c == ':' && !arrow && !maskedKey && !phpMember {
			end = yamlLineValueEnd(s, keyStart, keyEnd, i, v, end) // password: S3cret Pw, a YAML line's
		}
		if start == sasSig && end < sasEnd {
			end = sasEnd
		}
		b.WriteString(s[pos:start])
		b.WriteString(Masked)
		pos, maskedEnd = end, end
		i = max(i, end-1)
		if unknown {
			// A first word no known scheme names is the credential, or an unknown scheme's
			// name: the token after it, unless a word of prose, is masked too (Authorization:
			// Foo ******** shows neither).
			if w, e := unknownSchemeNext(s, end); w > 0 {
				b.WriteString(s[end:w])
				b.WriteString(Masked)
				pos, maskedEnd = e, e
				i = e - 1
				continue
			}
		}
		// The value ends in a separator (line separators after it stand for spaces): it holds a
		// key (session=password= x, tokeY:tokeY:⏎"&).
		if t := strings.TrimRight(s[start:end], "\u0085\u2028\u2029"); t != "" && (t[len(t)-1] == '=' || t[len(t)-1] == ':') && start == v {
			i = start + len(t) - 2
		}
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// yamlLineValueEnd returns where the unquoted value at s[v:end] after the key s[keyStart:keyEnd]
// and its ":" at s[colon] ends when the line is a YAML pair: only blanks (and a block
// sequence's "- ") before the key, maybe quoted, spaces or tabs between the ":" and the value.
// A YAML plain scalar runs to its line's end (password: S3cret Pw), before a comment (" #")
// and trailing blanks, when the line reads as YAML's rather than a log's or an error's
// (session: abc123 started, password: P4SSW0RD_2024 rejected keep their prose): the key is
// indented or a sequence's item, or the line before or after it is a pair too (a YAML
// document), or the word after the value's first is no word of prose (Pw, pw, horse: not
// valueProse, lineProse or a lower-case participle such as started or failing; a leak in a
// log is worse than an over-mask). A line whose rest holds ": " (which no plain scalar holds), an
// Authorization header's (schemeKey) and a value an arrow follows are read as before. The line
// is read 1024 bytes at most; one key a line starts it: linear.
func yamlLineValueEnd(s string, keyStart, keyEnd, colon, v, end int) int {
	if v <= colon+1 || strings.Trim(s[colon+1:v], " \t\u0085\u2028\u2029") != "" || end >= len(s) || schemeKey(s[keyStart:keyEnd]) {
		return end
	}
	if s[end] != ' ' && s[end] != '\t' {
		// keY: 0⏎0"": the value was read over a line separator, which stands for a space
		// (keY: 0 0"" is a YAML line's words): its line's words are read from the last one.
		ls := strings.LastIndexAny(s[v:end], "\u0085\u2028\u2029")
		if ls < 0 {
			return end
		}
		_, n := utf8.DecodeRuneInString(s[v+ls:])
		return max(end, yamlLineWordsEnd(s, keyStart, keyEnd, colon, v+ls+n))
	}
	return yamlLineWordsEnd(s, keyStart, keyEnd, colon, end)
}

// yamlLineWordsEnd is yamlLineValueEnd for the words from s[end] on.
func yamlLineWordsEnd(s string, keyStart, keyEnd, colon, end int) int {
	if q := keyEnd; q < colon && !(q+1 == colon && (s[q] == '"' || s[q] == '\'')) {
		return end
	}
	k := keyStart
	if k > 0 && (s[k-1] == '"' || s[k-1] == '\'') {
		k--
	}
	for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t' || s[k-1] == '-' && k < keyStart && (s[k] == ' ' || s[k] == '\t')) {
		k--
	}
	if k > 0 && s[k-1] != '\n' && s[k-1] != '\r' {
		return end
	}
	// Where a line separator stands for the blank after the colon (tokeY:⏎0), the text writes
	// its spaces so: one stands for a blank between the line's words too (tokeY:⏎0⏎0 reads as
	// tokeY: 0 0) and ends them only before the next pair. Elsewhere it ends the line's words,
	// as a log entry's end does (MaskLogLines: token: >-⏎  abc⏎restarting in 5s).
	separatorsAreBlanks := false
	for p := colon + 1; p < len(s); p++ {
		if s[p] != ' ' && s[p] != '\t' {
			separatorsAreBlanks = lineSeparatorAt(s, p) > 0
			break
		}
	}
	e := end
	for e < len(s) && e-end < 1024 && s[e] != '\n' && s[e] != '\r' {
		if n := lineSeparatorAt(s, e); n > 0 {
			if !separatorsAreBlanks {
				break
			}
			p := e + n
			for p < len(s) && wordBlankAt(s, p) > 0 {
				p += wordBlankAt(s, p)
			}
			if p == len(s) || nextPairAt(s, p, len(s)) {
				break
			}
			e += n
			continue
		}
		if s[e] == ':' && (e+1 == len(s) || wordBlankAt(s, e+1) > 0) {
			return end // token: abc expires: 3600: no YAML line
		}
		if s[e] == '#' && (s[e-1] == ' ' || s[e-1] == '\t') {
			break // a comment
		}
		e++
	}
	if e-end >= 1024 {
		return end
	}
	for e > end { // trailing blanks, Unicode spaces among them (password: a b\u00a0 as password: a b )
		if s[e-1] == ' ' || s[e-1] == '\t' {
			e--
		} else if r, n := utf8.DecodeLastRuneInString(s[end:e]); unicodeSpace(r) {
			e -= n
		} else {
			break
		}
	}
	if e == end {
		return end
	}
	w := end
	for w < e && wordBlankAt(s, w) > 0 {
		w += wordBlankAt(s, w)
	}
	next := w
	for next < e && wordBlankAt(s, next) == 0 {
		next++
	}
	word := s[w:next]
	if nextAssignmentAt(s, w, next) || spacedEqualsAt(s, next, e) {
		return end // password: abc user=bob, user = bob: the next pair
	}
	// A later word that starts the next pair ends the words before it (password: a b user=bob),
	// as a line separator before that pair does (pAss: 0⏎0⏎0=0).
	for prev, p := next, next; p < e; prev = p {
		for p < e && wordBlankAt(s, p) > 0 {
			p += wordBlankAt(s, p)
		}
		q := p
		for q < e && wordBlankAt(s, q) == 0 {
			q++
		}
		if q > p && (nextAssignmentAt(s, p, q) || spacedEqualsAt(s, q, e)) {
			e = prev
			break
		}
		p = q
	}
	bare := strings.TrimRight(word, ".,!?;")
	lower := bare != "" && strings.Trim(bare, "abcdefghijklmnopqrstuvwxyz") == ""
	prose := lower && (slices.Contains(lineProse, bare) || len(bare) >= 4 && (strings.HasSuffix(bare, "ed") || strings.HasSuffix(bare, "ing")))
	yamlish := k < keyStart || yamlPairLineAround(s, k, e)
	if !yamlish && (prose || !isLetter(s[w]) && !(s[w] >= '0' && s[w] <= '9') ||
		slices.ContainsFunc(valueProse, func(p string) bool { return strings.EqualFold(bare, p) })) {
		return end
	}
	return e
}

// wordBlankAt is the length of a blank between a YAML line's words at s[i]: a space, a tab
// or a line separator (which reads as a space there); else 0.
func wordBlankAt(s string, i int) int {
	if s[i] == ' ' || s[i] == '\t' {
		return 1
	}
	return lineSeparatorAt(s, i)
}

// lineSeparatorBefore is the length of a line separator ending at s[i-1]; else 0.
func lineSeparatorBefore(s string, i int) int {
	for n := 2; n <= 3; n++ {
		if i-n >= 0 && lineSeparatorAt(s, i-n) == n {
			return n
		}
	}
	return 0
}

// spacedEqualsAt reports whether blanks then a lone "=" stand at s[from:end] (user = bob).
func spacedEqualsAt(s string, from, end int) bool {
	p := from
	for p < end && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	return p > from && p < end && s[p] == '=' && (p+1 == len(s) || s[p+1] != '=')
}

// lineProse are words that, after a value's first word on a line of its own, start a log's or
// an error's prose (token: abc123 and more, password: must be 8 characters) beside valueProse
// and a participle (started, expired, failing): a lower-case word that is none of them is
// the value's own (password: S3cret pw, api_key: c0rrect horse battery).
var lineProse = []string{"and", "or", "but", "by", "with", "of", "as", "via", "using", "then", "if", "since", "until",
	"ok", "set", "sent", "used", "be", "must", "may", "expires", "succeeded", "saved", "loaded", "found", "missing",
	"more", "next", "retry", "again", "now"}

// yamlPairLineAround reports whether the line before the one that starts at s[lineStart], or
// the one after the line that ends at s[lineEnd], starts with a YAML key and ": " (or ":" at its
// end): the line is one of a YAML document's. Each line is read 256 bytes at most.
func yamlPairLineAround(s string, lineStart, lineEnd int) bool {
	pairLine := func(from int) bool {
		p := from
		for p < len(s) && p-from < 256 && (s[p] == ' ' || s[p] == '\t' || s[p] == '-' && p+1 < len(s) && s[p+1] == ' ') {
			p++
		}
		k := p
		for p < len(s) && p-from < 256 && isKeyByte(s[p]) {
			p++
		}
		return p > k && p < len(s) && s[p] == ':' && (p+1 == len(s) || s[p+1] == ' ' || s[p+1] == '\t' || s[p+1] == '\n' || s[p+1] == '\r')
	}
	if lineEnd < len(s) && (s[lineEnd] == '\n' || s[lineEnd] == '\r') {
		n := lineEnd + 1
		if s[lineEnd] == '\r' && n < len(s) && s[n] == '\n' {
			n++
		}
		if pairLine(n) {
			return true
		}
	}
	if lineStart >= 2 {
		p := lineStart - 1 // the "\n" or "\r" that ends the line before
		if s[p] == '\n' && s[p-1] == '\r' {
			p--
		}
		from := strings.LastIndexAny(s[max(0, p-256):p], "\n\r")
		if from < 0 && p > 256 {
			return false
		}
		return pairLine(max(0, p-256) + from + 1)
	}
	return false
}

// loneBlockHeader reports whether s[start:end] is a YAML block scalar's header (|, >, and up
// to two of its indicators: |-, >+2) that ends its line: spaces, maybe a comment, then a line
// break or the text's end.
func loneBlockHeader(s string, start, end int) bool {
	if end-start < 1 || end-start > 3 || s[start] != '|' && s[start] != '>' ||
		strings.Trim(s[start+1:end], "-+123456789") != "" {
		return false
	}
	w := end
	for w < len(s) && (s[w] == '\t' || blankAt(s, w)) { // a Unicode space too (|\u1680), as every pass reads one
		w += max(1, spaceAt(s, w))
	}
	if w < len(s) && s[w] == '#' && w > end {
		for w < len(s) && lineBreaksAt(s, w) == w && w-end < 256 {
			w++
		}
	}
	return w == len(s) || lineBreaksAt(s, w) > w
}

// shadowAgingAt reports whether s[i:] holds /etc/shadow's seven aging fields after a hash
// (:19000:0:99999:7:::): seven ":", each before digits or nothing, then the line's end, a
// space or the text's end. Bounded: linear.
func shadowAgingAt(s string, i int) bool {
	for range 7 {
		if i >= len(s) || s[i] != ':' {
			return false
		}
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	return i == len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || lineSeparatorAt(s, i) > 0
}

// blockSequenceEnd returns where the YAML block sequence of scalars whose first item's dash
// stands at s[v], a line break between the key's ":" at s[from-1] and it, ends: after the last
// item at the first one's indentation (passwords:⏎  - <pw>⏎  - <pw>); v when no such sequence
// starts there (a list of mappings, - name: x, is read pair by pair). A line separator is a
// line break here, as MaskLogLines writes one inside an entry.
func blockSequenceEnd(s string, from, v int) int {
	const breaks = "\n\r\u0085\u2028\u2029"
	if v >= len(s) || s[v] != '-' || !strings.ContainsAny(s[from:v], breaks) {
		return v
	}
	ls := strings.LastIndexAny(s[:v], breaks)
	_, n := utf8.DecodeRuneInString(s[ls:])
	indent := s[ls+n : v]
	if strings.Trim(indent, " \t") != "" {
		return v
	}
	end := v
	for p := v; p+1 < len(s) && s[p] == '-' && (s[p+1] == ' ' || s[p+1] == '\t'); {
		q := p + 1
		for q < len(s) && (s[q] == ' ' || s[q] == '\t') {
			q++
		}
		e := q
		for e < len(s) && s[e] != '\n' && s[e] != '\r' && lineSeparatorAt(s, e) == 0 {
			e++
		}
		if w := strings.IndexAny(s[q:e]+" ", " \t"); e == q || w > 1 && s[q+w-1] == ':' {
			break // an empty item, or a mapping's: - name: x
		}
		end = e
		next := e
		if next < len(s) && s[next] == '\r' {
			next++
		}
		if next < len(s) && s[next] == '\n' {
			next++
		}
		if next == e {
			next += lineSeparatorAt(s, e)
		}
		if next == e || !strings.HasPrefix(s[next:], indent) {
			break
		}
		p = next + len(indent)
	}
	return end
}

// nestedBlockAt reports whether the value s[v:end] after a key's ":" at s[from-1], with a
// line break as written before it (\n, \r; a line separator may stand for a space), is the
// first key of a YAML block under that key: a nested mapping's (secretKeyRef:⏎  name: x) or a
// list item's (secrets:⏎  - name: x). Such a key has no value of its own.
func nestedBlockAt(s string, from, v, end int) bool {
	if !strings.ContainsAny(s[from:v], "\n\r") {
		return false
	}
	if s[v] == '-' && end == v+1 { // a list item: its first key
		w := v + 1
		for w < len(s) && spaceAt(s, w) > 0 && s[w] != '\n' && s[w] != '\r' {
			w += spaceAt(s, w)
		}
		if w == v+1 {
			return false
		}
		v, end = w, unquotedEnd(s, w)
	}
	if end-v < 2 || s[end-1] != ':' || end >= len(s) || spaceAt(s, end) == 0 {
		return false
	}
	for k := v; k < end-1; k++ {
		if !isKeyByte(s[k]) {
			return false
		}
	}
	return true
}

// arrowThenLineSeparatorBefore reports whether line separators, an arrow (->, =>, →) and a line
// separator before it stand right before s[i]: lineSeparatedArrowBefore with a separator after
// the arrow.
func arrowThenLineSeparatorBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return lineSeparator(r) && lineSeparatedArrowBefore(s, i)
}

// lineSeparatedArrowBefore reports whether an arrow (->, =>, →) with a line separator before it,
// and line separators or none after it, stands right before s[i].
func lineSeparatedArrowBefore(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !lineSeparator(r) {
			break
		}
		j -= n
	}
	for _, a := range []string{"->", "=>", "→"} {
		if strings.HasSuffix(s[:j], a) {
			r, _ := utf8.DecodeLastRuneInString(s[:j-len(a)])
			return lineSeparator(r)
		}
	}
	return false
}

// quoteOpenBefore reports whether a string quoted with q is open at s[from]: an odd number of
// q on its line before it, 1024 bytes back at most (bounded: linear).
func quoteOpenBefore(s string, from int, q byte) bool {
	lo := max(0, from-1024)
	if nl := strings.LastIndexByte(s[lo:from], '\n'); nl >= 0 {
		lo += nl + 1
	}
	return strings.Count(s[lo:from], string(q))%2 == 1
}

// onlySeparators reports whether s[from:to] is separators alone (sepAt): the line separators a
// token's key= read its value over (Bearer =⏎"), which a walk over spaces would have read.
func onlySeparators(s string, from, to int) bool {
	for from < to && sepAt(s, from) > 0 {
		from += sepAt(s, from)
	}
	return from == to
}

// shorthandOrSymbolAt reports whether s[v:], right after a ":" with a space before it, is
// HTTPie's localhost shorthand (:8080/api, :/users) or a Ruby symbol key (:name => x).
func shorthandOrSymbolAt(s string, v int) bool {
	if v >= len(s) {
		return false
	}
	if s[v] == '/' || s[v] >= '0' && s[v] <= '9' {
		return true
	}
	e := v
	for e < len(s) && (isLetter(s[e]) || s[e] == '_' || e > v && s[e] >= '0' && s[e] <= '9') {
		e++
	}
	if e == v {
		return false
	}
	for e < len(s) && sepAt(s, e) > 0 {
		e += sepAt(s, e)
	}
	return strings.HasPrefix(s[e:], "=>")
}

// unopenedParenEnd returns where an unquoted value s[start:end] ends without the ")" it runs
// into that nothing in it opened (f(password->HUNTER2) closes the call around the value),
// unless a line separator, which a space would have ended the value at, stands before it: the
// value read over it is masked whole, showing no more than with the space
// (pAss->0⏎IDENTIFIED⏎BY⏎0)0).
func unopenedParenEnd(s string, start, end int) int {
	p := unopenedCloser(s, start, end, ")")
	if p < 0 {
		return end
	}
	for q := start; q < p; q++ {
		if lineSeparatorAt(s, q) > 0 {
			return end
		}
	}
	return p
}

// unopenedCloser returns where in s[start:end] the first of closers ("}", "]", ")") stands that
// no bracket of its own kind before it there opened, or -1; brackets of other kinds are not
// read. It is the one definition of the closer that ends a value ((pAsswd:YES)0, [pw=x]y,
// {Password:x}): unopenedParenEnd, unopenedCloserEnd and the log masker's oracle read it.
func unopenedCloser(s string, start, end int, closers string) int {
	depth := [3]int{} // "{", "[", "("
	for p := start; p < end; p++ {
		kind := strings.IndexByte("{}[]()", s[p])
		if kind < 0 || strings.IndexByte(closers, "}])"[kind/2]) < 0 {
			continue
		}
		if kind%2 == 0 {
			depth[kind/2]++
			continue
		}
		if depth[kind/2] == 0 {
			return p
		}
		depth[kind/2]--
	}
	return -1
}

// flagRenameAt reports whether s[v:], after an arrow, is a credential flag's name and nothing
// more on its line (a period aside): a changelog's rename (Renamed --token -> --api-key,
// --password -> --password-stdin, token -> --token-file), no value; the name lower case,
// letters in parts joined by "-", one of them of credentialFlagWords. password -> --Secret…
// and password -> --password <pw> are not.
func flagRenameAt(s string, v int) bool {
	if !strings.HasPrefix(s[v:], "--") {
		return false
	}
	e, part, named := v+2, v+2, false
	for ; e <= len(s); e++ {
		if e < len(s) && s[e] >= 'a' && s[e] <= 'z' {
			continue
		}
		if e == part {
			return false // an empty part: ---x, --a--b, --x-
		}
		named = named || slices.Contains(credentialFlagWords, s[part:e])
		if e == len(s) || s[e] != '-' {
			break
		}
		part = e + 1
	}
	if !named {
		return false
	}
	if e < len(s) && s[e] == '.' {
		e++
	}
	for e < len(s) && (s[e] == '\t' || blankAt(s, e)) { // a Unicode space as a space
		e += max(1, sepAt(s, e))
	}
	return e == len(s) || s[e] == '\n' || s[e] == '\r' || lineSeparatorAt(s, e) > 0
}

// breadcrumbAt reports whether the arrow pair whose key is s[keyStart:keyEnd] and whose value
// starts at s[v] is a step of a UI's breadcrumb (Settings -> Password -> Change, Account →
// API Keys → Create): the key a capitalised word after another capitalised word and an arrow,
// and the value a capitalised word (letters, lower case after the first) the text or another
// arrow follows; prose, not a pair. password -> hunter22 and password->Zq7xK9pW2m stay pairs.
func breadcrumbAt(s string, keyStart, keyEnd, v int) bool {
	capitalised := func(w string) bool {
		if w == "" || w[0] < 'A' || w[0] > 'Z' {
			return false
		}
		for k := 1; k < len(w); k++ {
			if w[k] < 'a' || w[k] > 'z' {
				return false
			}
		}
		return true
	}
	if !capitalised(s[keyStart:keyEnd]) {
		return false
	}
	// Before the key: spaces, an arrow, spaces, a capitalised word.
	k := keyStart
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	switch {
	case k >= 2 && s[k-2:k] == "->":
		k -= 2
	case k >= len("→") && s[k-len("→"):k] == "→":
		k -= len("→")
	default:
		return false
	}
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	w := k
	for w > 0 && isLetter(s[w-1]) {
		w--
	}
	if !capitalised(s[w:k]) || !breadcrumbLead(s, w) {
		return false
	}
	e := v
	for e < len(s) && isLetter(s[e]) {
		e++
	}
	if !capitalised(s[v:e]) {
		return false
	}
	p := e
	for p < len(s) && s[p] == ' ' {
		p++
	}
	// Not before a line separator: MaskLogLines writes one for a break inside an entry and
	// shows it as a space, after which the step is a pair's value (Change next line).
	return p == len(s) || strings.HasPrefix(s[p:], "->") || strings.HasPrefix(s[p:], "→") ||
		strings.IndexByte(".,;)\n\r\t", s[p]) >= 0
}

// breadcrumbLead reports whether what stands before the breadcrumb step at s[w] on its line
// (back to a line break, ":" or a quote, 256 bytes at most) is a breadcrumb's lead: no word in
// lower case, but go, to, open and click (Settings -> …, Go to Profile -> …, Open Settings ->
// …, 1. click Account → …, Steps: Settings -> …); login Alice -> Password -> <pw> is a pair.
// A line separator starts no line: MaskLogLines writes one for a break inside an entry and
// shows it as a space (x⏎Settings -> … reads as x Settings -> … when masked again).
func breadcrumbLead(s string, w int) bool {
	for k := w; k > 0; {
		if w-k > 256 {
			return false
		}
		c := s[k-1]
		if c == '\n' || c == '\r' || c == ':' || c == '"' || c == '\'' {
			return true
		}
		if c < 'a' || c > 'z' {
			k--
			continue
		}
		e := k
		for k > 0 && isLetter(s[k-1]) {
			k--
		}
		if word := s[k:e]; word[0] >= 'a' && word[0] <= 'z' && !slices.Contains([]string{"go", "to", "open", "click"}, word) {
			return false
		}
	}
	return true
}

// pathQueryKeyAt reports whether the key at s[keyStart] is a query parameter's name after a
// path with no scheme (/v1/items?basic=…, GET /x?a=1&code=…, as an access log writes a
// request): right after "?" that a path's byte precedes, or after "&" with such a "?" before
// it in the same word, 256 bytes back at most. Its name is read as a URL's query's
// (credentialName with query set: basic, code, …key), as maskURLs reads one after "://".
func pathQueryKeyAt(s string, keyStart int) bool {
	if keyStart < 2 || s[keyStart-1] != '?' && s[keyStart-1] != '&' {
		return false
	}
	q := keyStart - 1
	// A Unicode space ends the word as an ASCII one does (0?000\u00a00&keY0=0: no query's key).
	for q > 0 && s[q] != '?' && keyStart-q <= 256 && !isSpace(s[q]) && s[q] != '"' && s[q] != '\'' && !unicodeSpaceEndsAt(s, q) {
		q--
	}
	if s[q] != '?' || q == 0 {
		return false
	}
	c := s[q-1]
	return isKeyByte(c) || c == '/'
}

// unicodeSpaceEndsAt reports whether a Unicode space's last byte is s[q].
func unicodeSpaceEndsAt(s string, q int) bool {
	if s[q] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:q+1])
	return unicodeSpace(r)
}

// endsAfterLineSeparator reports whether the "&" or ";" at s[at], a value's last byte before
// s[n], stands right after a line separator the value was read over (which stands for a
// space: MaskLogLines' joined entries) and only blanks follow it to its line's end: the space
// would have made it a word of a YAML line's value, masked with it.
func endsAfterLineSeparator(s string, at, n int) bool {
	if !(at >= 2 && lineSeparatorAt(s, at-2) == 2 || at >= 3 && lineSeparatorAt(s, at-3) == 3) {
		return false
	}
	return blanksToLineEnd(s, n)
}

// blanksToLineEnd reports whether only blanks (sepAt) stand from s[n] to the line's end.
func blanksToLineEnd(s string, n int) bool {
	for n < len(s) && s[n] != '\n' && s[n] != '\r' && sepAt(s, n) > 0 {
		n += sepAt(s, n)
	}
	return n == len(s) || s[n] == '\n' || s[n] == '\r'
}

// delimitedValueEnd returns where an unquoted value that unquotedEnd ended at s[end] ends,
// read as the text around it delimits values (round 56 ended every one at "&" and ";", so
// password: Tr0ub4dor&3 showed &3, and at a space, so an ADO.NET connection string's
// Password=S3cret Pw; showed Pw):
//
//   - a key after "?", "&" or ";" (a URL's query, a connection string) is one of a list of
//     pairs that "&" or ";" delimits: its value ends there;
//   - elsewhere, "&" or ";" ends the value only before the next pair (password=abc&user=bob,
//     password=abc; user=bob), a space, a line break or the text's end; otherwise it is the
//     value's (Tr0ub4dor&3, a;b), an HTML reference (&amp;) with it. After ":" (colon set), "&"
//     is the value's before a pair too (password: x7&k=Q): a query or a form body, which "&"
//     joins, writes its pairs with "=" and a value's "&" as %26;
//   - after ":", a "," before anything but a blank or the next pair is the value's (YAML's
//     plain scalar password: ab,cd is "ab,cd"); before a blank it ends the value (a log's
//     password: ab, user: x);
//   - with lineWords set (after ":", no Authorization key), a value read over a line separator (s[from:end] holds one; it stands for
//     a space, as MaskLogLines writes an entry's line break) takes an "&", ";" or "," that a
//     blank follows, and what line separators join after it: the space would have made them
//     words of a YAML line's value (yamlLineValueEnd), as in pass: 0 AAAA0& x;
//   - with assign set (key=value), a value after "…;" that a space ended runs on to the ";"
//     or the line's end (64 bytes at most) when the pair is one of a connection string's
//     (after ";", or before a ";" and the next key=): ADO.NET's values hold spaces.
//
// Each call reads forward from end once, stopping at a space, and maskPairs goes on after
// the value it returns: linear.
func delimitedValueEnd(s string, keyStart int, assign, colon, lineWords bool, from, end int) int {
	k := keyStart
	for k > 0 {
		if s[k-1] == ' ' {
			k--
			continue
		}
		// A Unicode space reads as a space does ("x&\u1680Auth:B&0" as "x& Auth:B&0").
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if s[k-1] < utf8.RuneSelf || !unicodeSpace(r) {
			break
		}
		k -= n
	}
	listed := k > 0 && strings.IndexByte("?&;", s[k-1]) >= 0
	inConnString := k > 0 && s[k-1] == ';' // a query's values hold no space: only a connection string's run on
	overSeparator, read := false, from     // whether s[from:read] holds a line separator
	for end < len(s) && (s[end] == '&' || s[end] == ';' || colon && s[end] == ',') && !listed {
		if assign && (end >= 2 && lineSeparatorAt(s, end-2) == 2 || end >= 3 && lineSeparatorAt(s, end-3) == 3) {
			// pAss=0⏎&;: the line separator the value was read over stands for a space, and
			// pAss=0 &; is a value up to the ";" ending its line.
			if e := spacedValueEnd(s, keyStart, inConnString, end); e > end {
				return e
			}
		}
		if lineWords && !overSeparator {
			overSeparator = strings.ContainsAny(s[read:end], "\u0085\u2028\u2029")
			read = end
		}
		if blank := end+1 >= len(s) || isSpace(s[end+1]) || sepAt(s, end+1) > 0; overSeparator && blank {
			// pass: 0⏎AAAA0& x: read over a line separator, the value is a YAML line's words
			if end++; lineSeparatorAt(s, end) > 0 {
				end = unquotedEnd(s, end)
				continue
			}
			return end
		}
		if s[end] == ',' {
			n := end + 1
			if n >= len(s) || isSpace(s[n]) || sepAt(s, n) > 0 || strings.IndexByte("\"'\\", s[n]) >= 0 || htmlQuoteFirst(s, n) || nextAssignmentAt(s, n, min(len(s), n+64)) {
				return end // password: ab, user: x; password:ab,user:bob; JSON's "n":12,"m":1
			}
			end = max(n, unquotedEnd(s, n)) // password: ab,cd
			continue
		}
		if _, q := htmlQuoteAt(s, end); q != 0 {
			return end // &quot; closes a value HTML quoted
		}
		n := end + 1
		// What HTML escaping writes in a value (&amp;, &#38;); another name (&cd;) is read as text.
		reference := s[end] == '&' && escapeAt(s, end) > 0 && (strings.HasPrefix(s[end:], "&amp;") || strings.HasPrefix(s[end:], "&#"))
		if reference {
			n = end + escapeAt(s, end) // &amp; and what follows
		}
		if n < len(s) && nextAssignmentAt(s, n, min(len(s), n+64)) && !(colon && s[end] == '&') {
			return end
		}
		if colon && s[end] == '&' && n < len(s) && s[n] == '&' {
			end = n // password: abc&&def: after ":" a run of "&" is the value's too
			continue
		}
		if n >= len(s) || isSpace(s[n]) || sepAt(s, n) > 0 || spaceAt(s, n) > 0 || lineSeparatorAt(s, n) > 0 ||
			s[n] == '&' || s[n] == ';' {
			if reference {
				return n // ab&amp; (ab&): the reference is the value's last character
			}
			if endsAfterLineSeparator(s, end, n) {
				return n // pAss: 0⏎0⏎&: read over the line separators, the line's "&" is the value's, as in pAss: 0 0 &
			}
			if colon && s[end] == '&' && blanksToLineEnd(s, n) {
				return n // password: abc&: after ":" an "&" ending the line is the value's, as one inside it is
			}
			return end
		}
		e := unquotedEnd(s, n)
		if e <= end {
			return end
		}
		end = e
	}
	if !assign || end >= len(s) || s[end] != ' ' {
		return end
	}
	return spacedValueEnd(s, keyStart, inConnString, end)
}

// spacedValueEnd is delimitedValueEnd's last rule: where a key=value's value that a space at
// s[end] (or a line separator before it) ended runs on to, a connection string's ";" or its
// line's end; else end.
func spacedValueEnd(s string, keyStart int, inConnString bool, end int) int {
	w := end
	for w < len(s) && w-end <= 64 && strings.IndexByte(";\n\r\t=:\"'<>()[]{}", s[w]) < 0 && s[w] < utf8.RuneSelf {
		if n := escapeAt(s, w); n > 0 && (strings.HasPrefix(s[w:], "&amp;") || strings.HasPrefix(s[w:], "&#")) {
			w += n // HTML escaping's &amp; (&#38;): a character of the value, its ";" none of the string's
			continue
		}
		w++
	}
	switch {
	case w-end > 64:
		return end
	case w < len(s) && s[w] == ';':
		after := w + 1
		for after < len(s) && s[after] == ' ' {
			after++
		}
		if nextAssignmentAt(s, after, min(len(s), after+64)) {
			break // the next pair: the value is the pair's whole
		}
		lineEnd := after >= len(s) || s[after] == '\n' || s[after] == '\r'
		if !inConnString && !lineEnd || valueProseAt(s, end, w) {
			return end
		}
	case w < len(s) && quotedPairAt(s, keyStart, w, inConnString):
		if valueProseAt(s, end, w) {
			return end
		}
	case !inConnString || w < len(s) && s[w] != '\n' && s[w] != '\r' || valueProseAt(s, end, w):
		return end
	}
	for w > end && s[w-1] == ' ' {
		w--
	}
	return w
}

// htmlQuoteFirst reports whether an HTML-escaped quote (&quot;) starts at s[n].
func htmlQuoteFirst(s string, n int) bool {
	_, q := htmlQuoteAt(s, n)
	return q != 0
}

// quotedPairAt reports whether the quote at s[w] closes a string that holds the pair whose
// key starts at keyStart, so that the pair's value runs to it: the quote opens right before
// an environment variable's upper-case name (a systemd Environment="PGPASSWORD=S3cret Pw", a
// compose list's "DB_PASSWORD=…"; a message's "password=abc x" reads on as prose), or,
// in a connection string, right after the "=" that starts it
// (connectionString="Server=db;Password=S3cret Pw"). It looks back no further than the
// line's start or 256 bytes: linear.
func quotedPairAt(s string, keyStart, w int, inConnString bool) bool {
	q := s[w]
	if q != '"' && q != '\'' {
		return false
	}
	if keyStart > 0 && s[keyStart-1] == q {
		return envName(s[keyStart:min(len(s), keyStart+64)])
	}
	for o := keyStart - 1; inConnString && o > 0 && keyStart-o <= 256; o-- {
		switch s[o] {
		case q:
			return s[o-1] == '='
		case '\n', '\r':
			return false
		}
	}
	return false
}

// envName reports whether s starts with an environment variable's upper-case name (upper-case
// letters, digits and "_", a letter first) and "=".
func envName(s string) bool {
	k := 0
	for k < len(s) && (s[k] >= 'A' && s[k] <= 'Z' || s[k] == '_' || k > 0 && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	return k > 0 && k < len(s) && s[k] == '='
}

// goStructValueEnd returns where the value of a field that Go's %+v prints (&{Host:db
// User:bob Password:S3cret Pw DB:app}), which a space ended at s[end], ends: strings print
// unquoted, spaces and all, so the value runs to the next field's " Name:" or the struct's
// "}" on its line, 128 bytes on at most (round 57 showed Pw). Only a key that is an exported
// field's name (upper case first) inside a "{" that a field opens is read so; prose or a
// command's flags after the first word (valueProseAt) end the value there. Reads forward
// once, and back to the "{" 512 bytes at most: linear.
func goStructValueEnd(s string, keyStart, keyEnd, end int) int {
	if end >= len(s) || s[end] != ' ' || !goFieldAt(s, keyStart, keyEnd) {
		return end
	}
	o := openAt(s, keyStart, '{', '}')
	if o < 0 || !goFieldAt(s, o+1, o+1+strings.IndexByte(s[o+1:min(len(s), o+1+64)], ':')) {
		return end
	}
	for w := end; w < len(s) && w-end <= 128; w++ {
		switch s[w] {
		case '}':
			if valueProseAt(s, end, w) {
				return end
			}
			return w
		case '\n', '\r', '{', '"':
			return end
		case ' ':
			k := w + 1
			for k < len(s) && k-w <= 64 && isKeyByte(s[k]) {
				k++
			}
			if k < len(s) && s[k] == ':' && goFieldAt(s, w+1, k) {
				if valueProseAt(s, end, w) {
					return end
				}
				return w
			}
		}
	}
	return end
}

// emptyBeforePairAt reports whether the key s[keyStart:keyEnd], its separator c glued to it
// and blanks or a line break after it (s[from:v]), has an empty value: the next pair starts
// at v, a logfmt, attribute or .env pair after "=" (password= user=bob, <user password=
// host="db"/>, DB_PASSWORD=⏎DB_USER=bob: a key, "=" and a value), or a Go %+v field after
// an exported field's ":" and blanks inside its struct's "{" ({User:bob Password: Host:db}).
// YAML's next pair after a key's ":" and a blank (password: user: bob: yamlKeyName, a value
// after its ": ") too. A value that merely holds a "=" (password= c2VjcmV0=) or starts with a
// word is the value.
func emptyBeforePairAt(s string, keyStart, keyEnd int, c byte, from, v int) bool {
	if v == from || v >= len(s) || !isLetter(s[v]) {
		return false
	}
	broke := false
	for p := from; p < v; {
		r, n := utf8.DecodeRuneInString(s[p:])
		switch {
		case r == ' ' || r == '\t':
		case r == '\n' || r == '\r' || lineSeparator(r):
			broke = true
		case spaceAt(s, p) == n:
			// a Unicode space reads as a space (pAss:\u1680A:\u00a00 as pAss: A: 0, pAss=\u202fA=0
			// as pAss= A=0)
		default:
			return false
		}
		p += n
	}
	k := v
	for k < len(s) && k-v <= 64 && isKeyByte(s[k]) {
		k++
	}
	if k >= len(s) || s[k] != c {
		return false
	}
	next := byte(0) // what follows the next key's separator, 0 at the end
	if k+1 < len(s) {
		next = s[k+1]
	}
	if c == '=' {
		// a Unicode space or a line separator after the "=" reads as a blank (pAss=\u2029A=\u0085
		// as pAss= A= ): no pair
		return next != 0 && strings.IndexByte(" \t\n\r=;,&", next) < 0 && spaceAt(s, k+1) == 0 && lineSeparatorAt(s, k+1) == 0
	}
	if k+1 < len(s) && lineBlankAt(s, k+1) > 0 && yamlKeyName(s[v:k]) && !schemeKey(s[keyStart:keyEnd]) {
		// YAML's next pair, a value after it: password: user: bob, as MaskLogLines shows
		// password:⏎user: bob on one line. A Unicode space reads as a space.
		w := k + 1
		for w < len(s) && lineBlankAt(s, w) > 0 {
			w += lineBlankAt(s, w)
		}
		if w < len(s) && s[w] != '\n' && s[w] != '\r' && lineSeparatorAt(s, w) == 0 {
			return true
		}
	}
	return !broke && goFieldAt(s, keyStart, keyEnd) && goFieldAt(s, v, k) && openAt(s, keyStart, '{', '}') >= 0
}

// escapedEqualsAt returns the length of an "=" spelled as an escape at s[i] (JavaScript's
// \u003d and \x3d, HTML's &#61;, &#x3d; and &equals;, any case), else 0: Go's template escapers
// write an assignment in a script or an attribute so (password\u003Dhunter2).
func escapedEqualsAt(s string, i int) int {
	if i >= len(s) || s[i] != '\\' && s[i] != '&' {
		return 0
	}
	for _, e := range []string{"\\u003d", "\\x3d", "&#61;", "&#x3d;", "&equals;"} {
		if hasPrefixFold(s[i:], e) {
			return len(e)
		}
	}
	return 0
}

// sasQueryAt reports whether an Azure shared access signature's query starts at s[v] (maybe
// after a "?"): its service version first (sv=), then, before a blank, a quote or the line's
// end, 1024 bytes on at most, "&sig=". Its params are a version, services, resource types,
// permissions, times, protocols and a resource (sv, ss, srt, sp, se, st, spr, sr): no secret;
// only its sig, which the query's rule masks. sig is where the sig's value starts when it is
// the query's last param (no "&" after it before the blank), else -1; end is where the query ends.
func sasQueryAt(s string, v int) (sas bool, sig, end int) {
	if v < len(s) && s[v] == '?' {
		v++
	}
	if !hasPrefixFold(s[v:], "sv=") {
		return false, -1, -1
	}
	sig = -1
	for p := v + 3; p < len(s) && p-v < 1024; p++ {
		switch s[p] {
		case ' ', '\t', '\n', '\r', '"', '\'':
			return sas, sig, p
		case '&':
			sig = -1
			if hasPrefixFold(s[p+1:], "sig=") {
				sas, sig = true, p+1+len("sig=")
			} else if !sasFieldAt(s, p+1) {
				return false, -1, -1 // a param no SAS has: the value is masked whole
			}
		}
	}
	if len(s)-v <= 1024 {
		return sas, sig, len(s)
	}
	return false, -1, -1
}

// sasFields are the params of an Azure SAS besides sv and sig (Azure Storage's "Create a
// service SAS", "account SAS" and "user delegation SAS"): versions, services, resource types,
// permissions, times, IP ranges, protocols, resources, a stored policy's id, a directory's
// depth, an encryption scope, the delegating key's ids and times, and the response headers to
// set; none is secret.
var sasFields = []string{"ss", "srt", "sp", "se", "st", "spr", "sip", "sr", "si", "sdd", "ses", "skoid", "sktid", "skt",
	"ske", "sks", "skv", "saoid", "suoid", "scid", "sduoid", "rscc", "rscd", "rsce", "rscl", "rsct"}

// sasFieldAt reports whether one of sasFields and "=" start at s[p], any case.
func sasFieldAt(s string, p int) bool {
	e := strings.IndexByte(s[p:min(len(s), p+8)], '=')
	return e > 0 && slices.ContainsFunc(sasFields, func(f string) bool { return strings.EqualFold(s[p:p+e], f) })
}

// lineBlankAt returns the length of the blank at s[i]: a space, a tab or a Unicode space
// (spaceAt), no line break; 0 when there is none.
func lineBlankAt(s string, i int) int {
	if s[i] == '\n' || s[i] == '\r' {
		return 0
	}
	return spaceAt(s, i)
}

// yamlKeyName reports whether w reads as a configuration key's name rather than a value
// ending in ":": a letter, then letters, "_", "-" or "."; lower case or upper case throughout
// (user, pg_user, DB_USER, tls.cert); no digit (hunter2:, s3cret:, a0a: a password's, as
// likely as a key's; a key with a digit, s3_bucket:, is masked). At most 64 bytes.
func yamlKeyName(w string) bool {
	if w == "" || len(w) > 64 || !isLetter(w[0]) || strings.ContainsAny(w, "0123456789") {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		lower = lower || c >= 'a' && c <= 'z'
		upper = upper || c >= 'A' && c <= 'Z'
		if !isKeyByte(c) {
			return false
		}
	}
	return !(lower && upper)
}

// flowValueEnd returns where the value of a key inside a flow mapping ({user: bob, password:
// S3cret Pw, host: db}: YAML's, or a JavaScript or Ruby object's print), which a space ended
// at s[end], ends: a plain value runs over spaces to the "," or the closing "}" or "]" on its
// line, 128 bytes on at most (round 58 showed Pw). Only a key inside a "{" or "[" that a key
// and ": " open is read so; prose or a command's flags after the first word (valueProseAt),
// a quote, a bracket or a "=" end the value there. Reads forward once, and back to the "{"
// 512 bytes at most: linear.
func flowValueEnd(s string, keyStart, end int) int {
	if end >= len(s) || s[end] != ' ' {
		return end
	}
	o := openAt(s, keyStart, '{', '}')
	closer := byte('}')
	if o < 0 {
		o, closer = openAt(s, keyStart, '[', ']'), ']'
	}
	if o < 0 {
		return end
	}
	k := o + 1
	for k < len(s) && s[k] == ' ' {
		k++
	}
	w := k
	for w < len(s) && w-k <= 64 && isKeyByte(s[w]) {
		w++
	}
	if w == k || w+1 >= len(s) || s[w] != ':' || s[w+1] != ' ' {
		return end
	}
	for w := end; w < len(s) && w-end <= 128; w++ {
		switch s[w] {
		case ',', closer:
			if valueProseAt(s, end, w) {
				return end
			}
			e := w
			for e > end && s[e-1] == ' ' {
				e--
			}
			return e // { user: bob, password: S3cret Pw }: the spaces before the "}" stay
		case '\n', '\r', '{', '[', '"', '\'', '=', ':':
			return end
		}
	}
	return end
}

// goFieldAt reports whether s[from:to] is an exported Go field's name: an upper-case letter,
// then letters, digits and "_".
func goFieldAt(s string, from, to int) bool {
	if from < 0 || to <= from || to > len(s) || s[from] < 'A' || s[from] > 'Z' {
		return false
	}
	for p := from + 1; p < to; p++ {
		if c := s[p]; !isLetter(c) && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// valueProseAt reports whether the words of s[from:to], after a value's first word that a
// space ended at from, read as prose: the first is one of valueProse (Server=db;Password=abc
// failed to connect, password=abc is wrong;), or one is a command's flag (sh -c
// "PGPASSWORD=x psql -h db"), so the value is its first word alone.
func valueProseAt(s string, from, to int) bool {
	if strings.Contains(s[from:to], " -") {
		return true
	}
	for from < to && s[from] == ' ' {
		from++
	}
	w := from
	for w < to && s[w] != ' ' {
		w++
	}
	word := strings.TrimRight(s[from:w], ".,!?")
	return len(word) <= 12 && slices.ContainsFunc(valueProse, func(p string) bool { return strings.EqualFold(word, p) })
}

// valueProse are the words that, after a credential's value and a space, start the prose a
// log or an error goes on with (failed, is, was, for, to…), not the rest of a value that holds
// spaces (ADO.NET's Password=S3cret Pw;): a fixed list, so that a passphrase's second word
// reads as prose only when it is one of them.
var valueProse = []string{"failed", "fails", "failing", "is", "was", "were", "are", "not", "for", "to", "while", "when",
	"rejected", "invalid", "expired", "denied", "refused", "incorrect", "wrong", "error", "has", "had", "does", "did",
	"could", "cannot", "can't", "will", "would", "should", "because", "after", "from", "on", "at", "in"}

// nextAssignmentAt reports whether s[from:end] starts with a key of key bytes and "=" or ":"
// (user=bob): the next pair of a query or a list of settings.
func nextAssignmentAt(s string, from, end int) bool {
	k := from
	for k < end && isKeyByte(s[k]) {
		k++
	}
	return k > from && k < end && (s[k] == '=' || s[k] == ':')
}

// nextPairAt reports whether s[from:end], a value's first run, starts the next pair: a key
// of key bytes and "=" or ":" (user=bob), or an arrow, spaces maybe before it (name => x,
// name -> x, name->x).
func nextPairAt(s string, from, end int) bool {
	k := from
	for k < end && isKeyByte(s[k]) {
		k++
	}
	if k == from {
		return false
	}
	if k < end && (s[k] == '=' || s[k] == ':') {
		return true
	}
	if k < len(s) && s[k-1] == '-' && k-1 > from && angleAt(s, k, '>') > 0 {
		return true // name->x
	}
	for p := k; p < len(s) && p-k < 8; p++ {
		if s[p] == '=' || s[p] == '-' {
			return p > k && angleAt(s, p+1, '>') > 0 // name => x, name -> x
		}
		if s[p] != ' ' && s[p] != '\t' {
			return false
		}
	}
	return false
}

// invisibleAt returns the length of the invisible character (plain.Invisible), or of its
// escape written out (plain.EscapedInvisible: \u200b), at s[i]; else 0.
func invisibleAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch c := s[i]; {
	case c == '\\':
		return plain.EscapedInvisible(s[i:])
	case c < utf8.RuneSelf:
		return 0
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); plain.Invisible(r) {
		return n
	}
	return 0
}

// invisibleOnly reports whether v holds nothing but invisible characters (invisibleAt: U+200F,
// \u200b): no value, as none is when a space follows them (password=\u200f x), so there is
// nothing to mask, and a line that ends in one reads the same when a space after it is trimmed
// (MaskLogLines: pAss=\u200f and a space).
func invisibleOnly(v string) bool {
	for i := 0; i < len(v); {
		n := invisibleAt(v, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// maskedOnly reports whether v holds nothing but Masked and punctuation: a value masked
// already, with what a URL left after it (?token=********.) or quotes between masks.
func maskedOnly(v string) bool {
	return strings.Contains(v, Masked) && strings.Trim(strings.ReplaceAll(v, Masked, ""), `.!?)]}"'\`) == ""
}

// placeholderWords are what a value is written as when it holds no secret: nothing (None,
// null, nil, undefined) or a redaction (REDACTED, [FILTERED], <hidden>), maybe quoted or in
// brackets.
var placeholderWords = []string{"none", "null", "nil", "undefined", "redacted", "filtered", "hidden", "masked",
	"removed", "omitted", "sanitized", "censored"}

// placeholderValue reports whether v, a credential's value as written, holds no secret: a
// run of "*" (password=***, a redaction as Masked is), or a word of placeholderWords alone or
// in one pair of brackets or quotes (token=None, password=null, secret=<redacted>,
// api_key=[REDACTED], "password": "(hidden)"). Round 56 masked them, so a reader could not
// tell a secret from none.
func placeholderValue(v string) bool {
	if v != "" && strings.Trim(v, "*") == "" {
		return true
	}
	for _, pair := range []string{`""`, "''", "<>", "[]", "()", "{}"} {
		if len(v) > 2 && v[0] == pair[0] && v[len(v)-1] == pair[1] {
			v = v[1 : len(v)-1]
			break
		}
	}
	if v != "" && strings.Trim(v, "*") == "" {
		return true
	}
	return slices.ContainsFunc(placeholderWords, func(w string) bool { return strings.EqualFold(v, w) })
}

// keptValue says whether the value s[start:end] of key (whose separator is at sep) names no
// credential although its key does:
//
//   - a secret's name: after aws_secrets_manager: (Spice's secret store,
//     aws_secrets_manager:prod/spice), and an upper-case NAME after "secret: " in an error
//     (Failed to get secret: PG_PASS), which tells which secret is missing;
//   - a port after a host name (auth.example.com:8443);
//   - after a key that names a credential only weakly (weakName: auth, session, cookie, a
//     key), a status word (authentication: enabled) or the first word of a phrase
//     (Auth: uses OAuth; session: per user);
//   - an API scope name (secrets:read), which names what a token may do;
//   - MySQL's YES or NO after "(using password:" (mysqlPasswordUsed).
func keptValue(s, key string, keyStart, sep, start, end int, errLine *int) bool {
	value := s[start:end]
	colon := s[sep] == ':'
	tight := colon && start == sep+1 // key:value
	var buf [64]byte
	folded := string(appendFolded(buf[:0], key))
	switch {
	case tight && folded == "awssecretsmanager" && key == strings.ToLower(key) && secretStoreName(value):
		return true
	case colon && folded == "secret" && blankBefore(s, keyStart) && secretName(strings.Trim(value, `"'`)):
		if *errLine < 0 {
			*errLine = 0
			if errorText(s) {
				*errLine = 1
			}
		}
		if *errLine == 1 {
			return true
		}
	case tight && hostPort(key, value):
		return true
	case tight && (value == "env" || value == "file") && slices.Contains(keytoolPasswordFlags, strings.ToLower(key)):
		return true // keytool -storepass:env VAR, -storepass:file PATH: where the password is read from
	case tight && apiScope(key+":"+value):
		return true
	case colon && mysqlPasswordUsed(s, key, keyStart, sep, start, end):
		return true
	case !weakName(folded):
	case slices.Contains(statusWords, strings.ToLower(value)):
		return true
	case colon && !tight && proseWord(value) && blankAt(s, end) && end+sepAt(s, end) < len(s) && isLetter(s[end+sepAt(s, end)]):
		return true
	}
	return false
}

// yamlTagLength returns 2 for a YAML core tag (!!binary, !!str), 1 for a local one (!secret,
// Home Assistant's; !Ref, CloudFormation's): "!" or "!!" then letters and "_" alone; 0 for
// anything else.
func yamlTagLength(v string) int {
	n := 0
	for n < len(v) && n < 2 && v[n] == '!' {
		n++
	}
	if n == 0 || n == len(v) || len(v) > 32 {
		return 0
	}
	for k := n; k < len(v); k++ {
		if !isLetter(v[k]) && v[k] != '_' {
			return 0
		}
	}
	return n
}

// nameWordEnd returns where the name at s[w] ends, a space or the line's end after it: letters,
// digits, "_", "-" and "." (db_password, DbPassword, Db.Arn), 64 at most; w when none is there.
func nameWordEnd(s string, w int) int {
	e := w
	for e < len(s) && e-w <= 64 && (isKeyByte(s[e])) {
		e++
	}
	if e == w || e-w > 64 || e < len(s) && !isSpace(s[e]) && spaceAt(s, e) == 0 {
		return w
	}
	return e
}

// terraformSensitive reports Terraform's placeholder for a value it hides in a plan
// (password = (sensitive value), (sensitive)): no value.
func terraformSensitive(v string) bool { return v == "(sensitive value)" || v == "(sensitive)" }

// secretStoresList reports whether v starts a spicepod's secret stores written inline, a list
// or a map whose first key is from ([{from: env, name: env}], {from: env}): their names, no
// secret. The value is not read whole: nested ones stay linear.
func secretStoresList(v string) bool {
	if v == "" || v[0] != '[' && v[0] != '{' {
		return false
	}
	t := strings.TrimLeft(v, "[{ \t\"'")
	return strings.HasPrefix(t, "from:") || strings.HasPrefix(t, "from\":") || strings.HasPrefix(t, "from':")
}

// unopenedCloserEnd returns where an unquoted value s[start:end] ends without the "}", "]" or
// ")" it runs into that nothing in it opened, when a "{" or "[" before its key on the line (512
// bytes back at most, a value of 512 at most: linear) is still open, or a "(" glued to a call's
// name (f(, requests.get(): Go's %+v print of a struct ({User:bob Password:x}) or map
// (map[password:x]), or a call (f(password=x)), closes around the value. A "(" after a blank
// opens prose's parentheses ("login failed (password: Tiger)."): its ")" ends the value only
// where the text's punctuation follows it (parenClosesAt), so that text after a mask stays as
// written; a ")" that more of the value follows (Tig)er)) is the value's, masked with it.
func unopenedCloserEnd(s string, keyStart, start, end int) int {
	if end-start > 512 {
		return end // a long value (a group read whole) is read no more: linear however deep the nesting
	}
	p := unopenedCloser(s, start, end, "}])")
	if p < 0 {
		return end
	}
	kind := strings.IndexByte("}])", s[p])
	if o := openAt(s, keyStart, "{[("[kind], s[p]); o >= 0 && (kind < 2 || o > 0 && isKeyByte(s[o-1]) || parenClosesAt(s, p+1)) {
		return p
	}
	return end
}

// parenClosesAt reports whether what follows a ")" at s[at] is punctuation that closes text:
// more closing brackets or quotes, then maybe one of ".,;:!?", then a blank, a line break or
// the text's end ("(password: ********).", "(password: ********), y").
func parenClosesAt(s string, at int) bool {
	for at < len(s) && strings.IndexByte(`)]}"'`, s[at]) >= 0 {
		at++
	}
	if at < len(s) && strings.IndexByte(".,;:!?", s[at]) >= 0 {
		at++
	}
	return at == len(s) || sepAt(s, at) > 0
}

// openAt returns where an open bracket stands unclosed before s[at] on its line, 512 bytes
// back at most; -1 when none.
func openAt(s string, at int, open, closer byte) int {
	depth := 0
	for p := at - 1; p >= 0 && at-p <= 512 && s[p] != '\n' && s[p] != '\r'; p-- {
		switch s[p] {
		case closer:
			depth++
		case open:
			if depth == 0 {
				return p
			}
			depth--
		}
	}
	return -1
}

// apiScope reports an API scope name (secrets:read, secrets:write): the API's 403s and the
// remedies name them, and they name what a token may do, never what it is.
func apiScope(s string) bool {
	_, ok := api.ScopeImplications[s]
	return ok
}

// strongWords make a credential-named key name one strongly: its value is masked whatever it
// reads like. The other credential-named keys (auth, session, cookie, a key) are weak: prose
// uses them too.
var strongWords = []string{"pass", "pwd", "secret", "token", "jwt", "bearer", "credential", "signature", "apikey",
	"accesskey", "privatekey", "authorization"}

// weakName reports whether a credential-named folded key names a credential only weakly.
func weakName(folded string) bool {
	return !slices.ContainsFunc(strongWords, func(w string) bool { return strings.Contains(folded, w) })
}

// statusWords are values that say how something is set, never what a credential is.
var statusWords = []string{"enabled", "disabled", "true", "false", "none", "null", "required", "optional", "on", "off", "yes", "no"}

// proseWord is a word of prose: letters, lower case after the first, at most 16.
func proseWord(v string) bool {
	if v == "" || len(v) > 16 || !isLetter(v[0]) {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] < 'a' || v[i] > 'z' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// secretStoreName is the name of a secret in AWS Secrets Manager: letters, digits and
// /_+.@- (prod/spice; AWS allows "=" too, which here would read as a pair).
func secretStoreName(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(isLetter(c) || c >= '0' && c <= '9' || strings.IndexByte("/_+.@-", c) >= 0) {
			return false
		}
	}
	return v != ""
}

// secretName is the upper-case name of a secret with at least one underscore (PG_PASS,
// OPENAI_API_KEY), the convention of ${secrets:NAME}.
func secretName(v string) bool {
	if v == "" || v[0] < 'A' || v[0] > 'Z' || v[len(v)-1] == '_' || !strings.Contains(v, "_") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// errorText reports whether s reads as an error: it says error, fail, missing, unable, not set
// or not found, in any case.
func errorText(s string) bool {
	for _, w := range []string{"error", "fail", "missing", "unable", "not set", "not found"} {
		if containsFold(s, w) {
			return true
		}
	}
	return false
}

// containsFold reports whether s holds w (ASCII, lower case) in any case, each rune of s read
// as credential names are (appendFolded: the long s ſ reads s, the Kelvin sign K reads k), so
// that a quick test before a rule agrees with the rule's own reading of names. Each start is
// tried against w's few bytes: linear in s.
func containsFold(s, w string) bool {
	if w == "" {
		return true
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && asciiLower(c) != w[0] {
			i++ // most starts end at their first byte
			continue
		}
		if foldedPrefix(s[i:], w) {
			return true
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return false
}

// foldedPrefix reports whether s starts with w (ASCII, lower case), each rune of s folded by
// simpleLower.
func foldedPrefix(s, w string) bool {
	p := 0
	for j := 0; j < len(w); j++ {
		if p >= len(s) {
			return false
		}
		r, n := rune(s[p]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[p:])
			r = simpleLower(r)
		} else {
			r = rune(asciiLower(byte(r)))
		}
		if r != rune(w[j]) {
			return false
		}
		p += n
	}
	return true
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hostPort reports whether key:value is a host name and a port (auth.example.com:8443,
// oauth2.googleapis.com:443/x): a key with a dot whose last label is letters and names no
// credential, and a value of one to five digits, alone or before a path.
func hostPort(key, value string) bool {
	dot := strings.LastIndexByte(key, '.')
	if dot < 0 || dot == len(key)-1 {
		return false
	}
	label := key[dot+1:]
	for i := 0; i < len(label); i++ {
		if !isLetter(label[i]) {
			return false
		}
	}
	if credentialName(label, false) {
		return false
	}
	d := 0
	for d < len(value) && value[d] >= '0' && value[d] <= '9' {
		d++
	}
	return d >= 1 && d <= 5 && (d == len(value) || strings.IndexByte("/?#", value[d]) >= 0)
}

// inReference reports whether the key s[keyStart:keyEnd], whose separator is at sep, is the
// store of a ${...} reference (${secrets:NAME}, ${ secrets: NAME }): a name without dots right
// after "${" and right before ":", and after it a name (letters, digits, _./+@-) and "}".
func inReference(s string, keyStart, keyEnd, sep int) bool {
	if s[sep] != ':' || keyEnd != sep || strings.Contains(s[keyStart:keyEnd], ".") ||
		!strings.HasSuffix(strings.TrimRight(s[:keyStart], " \t\r\n"), "${") {
		return false
	}
	j := sep + 1
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	word := j
	for j < len(s) && (isLetter(s[j]) || s[j] >= '0' && s[j] <= '9' || strings.IndexByte("_./+@-", s[j]) >= 0) {
		j++
	}
	if j == word {
		return false
	}
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	return j < len(s) && s[j] == '}'
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// emptyQuotesThenPairAt reports whether an empty quoted value (two quotes or two apostrophes) at s[v] is followed
// right away by a credential-named key (64 bytes at most) and its "=" or ":".
func emptyQuotesThenPairAt(s string, v int) bool {
	if v+2 >= len(s) || s[v] != '"' && s[v] != '\'' || s[v+1] != s[v] {
		return false
	}
	k := v + 2
	e := k
	for e < len(s) && e-k <= 64 && isKeyByte(s[e]) {
		e++
	}
	if e == k || e-k > 64 {
		return false
	}
	w := e
	for w < len(s) && sepAt(s, w) > 0 {
		w += sepAt(s, w)
	}
	return w < len(s) && (s[w] == '=' || s[w] == ':') && credentialName(s[k:e], false)
}

// promptDefaultStart returns where a prompt's bracketed default before a colon starts, with the
// blank before it, when a credential-named key precedes it (aws configure asks AWS Secret Access
// Key [None]: and, once set, [****************EKEY]:), so the key is read before it; else
// keyEnd. The default is read back at most 64 bytes, on its line.
func promptDefaultStart(s string, keyEnd int) int {
	if keyEnd < 4 || s[keyEnd-1] != ']' {
		return keyEnd
	}
	j := keyEnd - 2
	for ; j >= 0 && keyEnd-j <= 64 && strings.IndexByte("[]\n\r", s[j]) < 0; j-- {
	}
	if j < 2 || s[j] != '[' || s[j-1] != ' ' || !isKeyByte(s[j-2]) {
		return keyEnd
	}
	k := j - 1
	for k > 0 && isKeyByte(s[k-1]) {
		k--
	}
	if !credentialName(s[k:j-1], false) {
		return keyEnd
	}
	return j - 1
}

// bracketOpens reports whether the key that starts at s[keyStart] is in brackets: "[" right
// before it, or a quote after one (["password"]).
func bracketOpens(s string, keyStart int) bool {
	k := keyStart
	if k > 0 && (s[k-1] == '"' || s[k-1] == '\'') {
		k--
		if k > 1 && s[k-1] == '\\' && s[k-2] == '[' {
			k-- // escaped in JSON: [\"password\"]=>
		}
	}
	return k > 0 && s[k-1] == '['
}

// pwFlagKey reports a long flag whose last part is pw (--pw, --db-pw: pwFlag) as a key before
// "=": --pw=<pw> is a pair as --password=<pw> is, though pw names no credential elsewhere
// (pw=5 stays).
func pwFlagKey(key string) bool {
	return len(key) > 2 && key[:2] == "--" && isLetter(key[2]) && pwFlag(key[2:])
}

// arrowAt returns the length of an arrow that separates a key from its value at s[i], else 0:
// ASCII's "->" (Elixir's, Haskell's and Rust's debug output, some loggers: password -> x) or
// "→" (U+2192), followed by a separator, a quote or the end (arrowValueAt), so a pointer's
// member (ptr->password, $this->password->hash()) and a comment's end (-->) are none.
func arrowAt(s string, i int) int {
	n := 0
	switch c := s[i]; {
	case c == '-' && (i == 0 || s[i-1] != '-'):
		if gt := angleAt(s, i+1, '>'); gt > 0 {
			n = 1 + gt // ->, and its ">" escaped as the XML rules read it: -\u003e, -&gt;
		}
	case c == 0xe2 && strings.HasPrefix(s[i:], "→"):
		n = len("→")
	case c == '&' && strings.HasPrefix(s[i:], "&rarr;"):
		n = len("&rarr;")
	case c == '\\' || c == '&' || c == '%':
		if e := escapeAt(s, i); e > 0 {
			if r, ok := escapedRune(s[i : i+e]); ok && r == '→' {
				n = e // \u2192, &#8594;
			}
		}
	}
	if n == 0 || !arrowValueAt(s, i+n) && !tightArrowValueAt(s, i+n) {
		return 0
	}
	return n
}

// tightArrowValueAt reports whether a value right after an arrow with no space, at s[v],
// reads as one, not as a member's name (ptr->next, $this->password->hash(), ctx->auth->mode):
// a run of token bytes (to the next arrow) that reads as no word (readableWord), no call or
// expression (arrowExpression), and is followed by no "(", "[" or "->" (password->Zq7xK9pW2m).
func tightArrowValueAt(s string, v int) bool {
	e := v
	for e < len(s) && isTokenByte(s[e]) && !(s[e] == '-' && angleAt(s, e+1, '>') > 0) {
		e++
	}
	if e == v || readableWord(s[v:e]) || arrowExpression(s, v) || cMemberAt(s, v, e) {
		return false
	}
	return e == len(s) || s[e] != '(' && s[e] != '[' && !(s[e] == '-' && angleAt(s, e+1, '>') > 0)
}

// cMemberAt reports whether s[v:e], after a tight arrow, is a C or PHP member's name, not a
// value: an identifier in lower case (pw_uid, type_, len2), in capitals (IDENT, TOK_EOF) or
// camel case from a lower-case letter (typeName), followed by an operator, ")", "]", ";", ","
// or "(" (passwd->pw_uid == 0, assert(token->type_ == TOK_EOF), auth_token->len2 = 0;), or,
// in capitals and no digit, by anything (an enum's name: token->IDENT). password->Zq7xK9pW2m
// and password->hunter22 stay values.
func cMemberAt(s string, v, e int) bool {
	id := s[v:e]
	if !(isLetter(id[0]) || id[0] == '_') {
		return false
	}
	lower, upper, digit := true, true, false
	for k := range len(id) {
		switch c := id[k]; {
		case c >= 'a' && c <= 'z':
			upper = false
		case c >= 'A' && c <= 'Z':
			lower = false
		case c >= '0' && c <= '9':
			digit = true
		case c != '_':
			return false
		}
	}
	if !lower && !upper && !(nameLike(id) && id[0] >= 'a' && id[0] <= 'z') {
		return false
	}
	if digit && e < len(s) && strings.IndexByte(";,)", s[e]) >= 0 {
		return false // token->abc123;, password->HUNTER2): a value ends a statement, a member is used
	}
	p := e
	for p < len(s) && (s[p] == '\t' || blankAt(s, p)) {
		p += max(1, sepAt(s, p)) // a Unicode space too, as every pass reads one (A0\u3000!)
	}
	return upper && !lower && !digit || p < len(s) && strings.IndexByte("=!<>+-*/%&|^?)];,(", s[p]) >= 0
}

// arrowExpression reports whether an arrow's right side at s[v] is an expression, not a value:
// a method's call, a receiver, ".", a name and "(" (token.trim(), encoder.encode(password)), as
// a lambda's body is written (map(token -> token.trim())), or a function's, its name in lower
// case and no quote after "(" (hash(password)); a wrapper's debug output is a value
// (password -> Some("…"), Secret("…"), Some(x7Kq9) are masked whole).
func arrowExpression(s string, v int) bool {
	ident := func(p int) int {
		if p >= len(s) || !isLetter(s[p]) && s[p] != '_' {
			return p
		}
		for p < len(s) && isWordByte(s[p]) {
			p++
		}
		return p
	}
	e := ident(v)
	if e == v || !nameLike(s[v:e]) {
		return false
	}
	method := false
	if e < len(s) && s[e] == '.' {
		if e2 := ident(e + 1); e2 > e+1 {
			if !nameLike(s[e+1 : e2]) {
				return false
			}
			e, method = e2, true
		}
	}
	if e >= len(s) || s[e] != '(' {
		return false
	}
	return method || s[v] >= 'a' && s[v] <= 'z' && e+1 < len(s) && s[e+1] != '"' && s[e+1] != '\'' && s[e+1] != '\\'
}

// varDumpTypeAt reports whether var_dump's type and what it holds start at s[v] (string(40),
// int(7), float(1.5), bool(true), array(2)): a value, not a call (arrowExpression).
func varDumpTypeAt(s string, v int) bool {
	for _, t := range []string{"string(", "int(", "float(", "bool(", "array("} {
		if strings.HasPrefix(s[v:], t) && v+len(t) < len(s) {
			c := s[v+len(t)]
			return c >= '0' && c <= '9' || c == '-' || t == "bool(" && (c == 't' || c == 'f')
		}
	}
	return false
}

// varDumpTypeRun reports whether t, a varDumpTypeAt type up to its ")", is one as var_dump
// writes it: letters, digits, a sign or a point between the parentheses (string(8),
// int(-3), float(1.5), bool(true)); string(0") is none, its quote quoting on.
func varDumpTypeRun(t string) bool {
	inner := t[strings.IndexByte(t, '(')+1 : len(t)-1]
	return strings.Trim(inner, "0123456789abcdefghijklmnopqrstuvwxyz-.") == ""
}

// nameLike reports whether an identifier reads as a name in code rather than a credential
// before "(" or "." (arrowExpression): no digit, and no capital after the first byte unless it
// starts in lower case (trim, encode, passwordEncoder, Base; not s3cr3t, Zq7xK9pW2m, AbCdEf).
func nameLike(id string) bool {
	upper := false
	for k := range len(id) {
		switch c := id[k]; {
		case c >= '0' && c <= '9':
			return false
		case c >= 'A' && c <= 'Z' && k > 0:
			upper = true
		}
	}
	return !upper || id[0] >= 'a' && id[0] <= 'z'
}

// arrowWord reports whether an arrow's right side at s[v], after a value just masked, reads
// as a word (readableWord: password: set -> unset, -> bool), so the arrow is no pair.
func arrowWord(s string, v int) bool {
	e := v
	for e < len(s) && e-v <= 32 && (isWordByte(s[e]) || strings.IndexByte(".,!?)", s[e]) >= 0) {
		e++
	}
	return e > v && readableWord(s[v:e])
}

// phpVisibilityEnd returns where the value of a member of an object that PHP's var_dump
// writes starts, when the key that starts at s[keyStart] is one in brackets and quotes and
// s[v:] (after its colon) is its visibility: protected]=>, private]=> or "Class":private]=>
// (["password":protected]=>⏎  string(8) "…"); else 0.
func phpVisibilityEnd(s string, keyStart, v int) int {
	if keyStart > 0 && s[keyStart-1] == '[' {
		// print_r's: [password:protected] => …, [password:App\User:private] => …
		w, e := v, v
		for e < len(s) && e-v < 256 && s[e] != ']' && s[e] != ' ' && s[e] != '\n' {
			e++
		}
		if c := strings.LastIndexByte(s[v:e], ':'); c >= 0 {
			w = v + c + 1 // the declaring class of a private member
		}
		for _, vis := range []string{"protected]", "private]"} {
			if strings.HasPrefix(s[w:], vis) {
				w += len(vis)
				for w < len(s) && s[w] == ' ' {
					w++
				}
				if strings.HasPrefix(s[w:], "=>") {
					return w + 2
				}
			}
		}
		return 0
	}
	if keyStart == 0 || s[keyStart-1] != '"' || !bracketOpens(s, keyStart) {
		return 0
	}
	w := v
	if w < len(s) && s[w] == '"' { // the declaring class of a private member
		e := strings.IndexByte(s[w+1:min(len(s), w+1+256)], '"')
		if e < 0 || w+e+2 >= len(s) || s[w+e+2] != ':' {
			return 0
		}
		w += e + 3
	}
	for _, vis := range []string{"protected]=>", "private]=>"} {
		if strings.HasPrefix(s[w:], vis) {
			return w + len(vis)
		}
	}
	return 0
}

// blockScalarEnd returns where the YAML block scalar whose header (| or >, maybe a chomping
// indicator - or + and an indentation digit, maybe a comment after it) starts at s[v], after
// the key that starts at s[keyStart] and its colon, ends: the end of the last line after it
// that is indented more than the key (blank lines among them), the line breaks as they are,
// written out (\n) or as MaskLogLines writes an entry's (U+2028: lineBreaksAt); so
// password: |-⏎  <pw>⏎user: bob masks the lines of the value and keeps user: bob. The key's
// indentation is its column when only blanks and sequence dashes stand before it on its line
// (  - password: |), else the line's own indentation (a log's prefix before it: every line
// indented more than the line is masked). v when no line of the value follows the header.
// The value's lines are read once, and masked whole, so the pass goes on after them: linear.
func blockScalarEnd(s string, keyStart, v int) int {
	h := v
	if h >= len(s) || s[h] != '|' && s[h] != '>' {
		return v
	}
	h++
	for k := 0; k < 2 && h < len(s) && strings.IndexByte("-+123456789", s[h]) >= 0; k++ {
		h++
	}
	for h < len(s) && (s[h] == '\t' || blankAt(s, h)) {
		h += max(1, spaceAt(s, h))
	}
	if h < len(s) && s[h] == '#' && h > v+1 && (s[h-1] == ' ' || s[h-1] == '\t' || blankBefore(s, h)) {
		for limit := h + 256; h < len(s) && h < limit && lineBreaksAt(s, h) == h; h++ {
		}
	}
	if lineBreaksAt(s, h) == h {
		return v
	}
	// The breaks written out (\n): the value is in a JSON string, which its closing quote ends.
	written := s[h] == '\\'
	// The key's line: back to the break before it.
	ls := keyStart
	for ls > 0 {
		if c := s[ls-1]; c >= '\n' && c <= '\r' || ls >= 2 && escapedBreakAt(s, ls-2) && (c == 'n' || c == 'r') {
			break
		}
		if r, n := utf8.DecodeLastRuneInString(s[:ls]); n > 1 && lineSeparator(r) {
			break
		}
		ls--
	}
	lead := ls
	for lead < keyStart && (s[lead] == ' ' || s[lead] == '\t') {
		lead++
	}
	col := lead - ls
	k := keyStart
	for k > lead && (s[k-1] == '"' || s[k-1] == '\'' || s[k-1] == '\\') {
		k--
	}
	dashes := true // only sequence dashes before the key: - password: |, - - password: |
	for p := lead; p < k && dashes; p++ {
		dashes = s[p] == ' ' || s[p] == '\t' || s[p] == '-' && p+1 < len(s) && (s[p+1] == ' ' || s[p+1] == '\t')
	}
	if dashes {
		col = k - ls
	}
	end := v
	for p := h; p < len(s); {
		q := lineBreaksAt(s, p)
		if q == p {
			break
		}
		ind := q
		for ind < len(s) && (s[ind] == ' ' || s[ind] == '\t') {
			ind++
		}
		if ind-q <= col || ind == len(s) || lineBreaksAt(s, ind) > ind {
			if ind < len(s) && lineBreaksAt(s, ind) > ind {
				p = ind // a blank line: the value may go on after it
				continue
			}
			break
		}
		e := ind
		for e < len(s) && lineBreaksAt(s, e) == e && !(written && closingQuoteAt(s, e)) {
			e++
		}
		end, p = e, e
		if e < len(s) && s[e] == '"' && written {
			break // {"a":"password: |\n  <pw>","b":"ok"}: the fields after it stay
		}
	}
	return end
}

// closingQuoteAt reports whether s[i] is a double quote that closes a JSON string: after an
// even number of backslashes (none, or escaped ones: \\"), not an escaped quote (\").
func closingQuoteAt(s string, i int) bool {
	if s[i] != '"' {
		return false
	}
	k := i
	for k > 0 && s[k-1] == '\\' {
		k--
	}
	return (i-k)%2 == 0
}

// varDumpNestedEnd returns where a nested value var_dump or print_r writes at s[start] ends,
// taken whole as braces after a key are: an array or an object and its braces (array(1) {…},
// object(App\Secret)#1 (1) {…}: the "{" within 256 bytes), print_r's Array or object and its
// parentheses (Array ( [0] => … ), App\Secret Object ( [value] => … ), the "(" maybe on the
// next line), a reference's string
// (&string(8) "…"); else end.
func varDumpNestedEnd(s string, start, end int) int {
	p := start
	if p < len(s) && s[p] == '&' {
		p++ // a reference: &string(8) "…", &array(1) {…}
	}
	switch rest := s[p:]; {
	case p > start && strings.HasPrefix(rest, "string("):
		return max(end, varDumpStringEnd(s, p, end))
	case strings.HasPrefix(rest, "array(") || strings.HasPrefix(rest, "object("):
		if k := strings.IndexByte(rest[:min(len(rest), 256)], '{'); k >= 0 {
			return max(end, closeGroup(s, p+k))
		}
	case strings.HasPrefix(rest, "Array"):
		if q := blanksAt(s, p+len("Array")); q < len(s) && s[q] == '(' {
			return max(end, closeGroup(s, q))
		}
	default: // print_r's object: App\Secret Object ( [value] => … ), stdClass Object (…)
		e := p
		for e < len(s) && e-p < 256 && (isWordByte(s[e]) || s[e] == '\\') {
			e++
		}
		if e > p && strings.HasPrefix(s[e:], " Object") {
			if q := blanksAt(s, e+len(" Object")); q < len(s) && s[q] == '(' {
				return max(end, closeGroup(s, q))
			}
		}
	}
	return end
}

// quoteAfterSeparators reports whether a quote follows the separators (spaces, line
// separators) at s[p], other than one starting the next pair ("name" => …).
func quoteAfterSeparators(s string, p int) bool {
	for p < len(s) && sepAt(s, p) > 0 {
		p += sepAt(s, p)
	}
	return p < len(s) && s[p] == '"' && !wrappedPairAt(s, p)
}

// varDumpStringEnd returns where the string PHP's var_dump writes after its type and length
// ends, when the value at s[start:end] starts with that type and length (string(8)) and the
// string follows it after a separator (string(8) "hunter22"; a line separator, which ends no
// value, may have taken it into the value already): the length read, or the quoted value's end
// when the length does not fit (a multibyte text's length in characters is no length in
// bytes); else end.
func varDumpStringEnd(s string, start, end int) int {
	if !strings.HasPrefix(s[start:], "string(") {
		return end
	}
	p, n := start+len("string("), 0
	for ; p < len(s) && p-start < len("string(1234567890") && s[p] >= '0' && s[p] <= '9'; p++ {
		n = n*10 + int(s[p]-'0')
	}
	if p == start+len("string(") || p+1 >= len(s) || s[p] != ')' {
		return end // "string(8)" at the end of the text: no string follows
	}
	k := p + 1
	for k < len(s) && sepAt(s, k) > 0 {
		k += sepAt(s, k) // string(8)⏎  "…", or written out in JSON: string(8) \"…\"
	}
	if k == p+1 || k >= len(s) {
		return end
	}
	broke := false // a line break before what follows the type
	for q := p + 1; q < k && !broke; q++ {
		broke = lineBreaksAt(s, q) > q
	}
	if wrappedPairAt(s, k) || broke && arrowPairOnLine(s, k) {
		// string(60)⏎["name"]=> …: the next pair, its key in brackets or quotes (after a space
		// too, as a line separator reads as one), or an arrow pair on the next line.
		return end
	}
	if s[k] != '"' && !strings.HasPrefix(s[k:], `\"`) {
		// Unquoted on the next line (a logger's var_dump: string(40)⏎<value>), unless it is the
		// next pair (users.password: string(255)⏎email: string(255)).
		if !broke || s[k] == '=' || s[k] == ':' {
			return end // string(0)⏎=…: a separator, the type read as a key before it as after a space
		}
		e := pairBreakAt(s, k) // string(40)⏎<value>⏎user -> bob
		if e < 0 {
			_, e = valueSpan(s, k)
		}
		if e > k && !nextPairAt(s, k, min(len(s), e+1)) {
			return max(end, e)
		}
		return end
	}
	if s[k] == '\\' {
		// In escaped JSON the length counts the string's bytes, not their escapes: its end is
		// the next escaped quote after the length read.
		// The JSON string's closing quote ends it when the length overstates the string (or
		// the next escaped quote lies beyond): {"msg":"api_key -> string(40)\n\"<v>\""}.
		for c := k + 2; c < len(s); c++ {
			if closingQuoteAt(s, c) {
				return max(end, c)
			}
			if c >= k+2+n && strings.HasPrefix(s[c:], `\"`) {
				return max(end, c+2)
			}
		}
		return max(len(s), end)
	}
	// The length read as written, and with each line separator as the one byte of the space it
	// may stand for (string(8) "00000\u2028"0" reads as string(8) "00000 "0"), 256 characters at most: the
	// further end.
	fits := -1
	if q := k + 1 + n; q < len(s) && s[q] == '"' {
		fits = q + 1
	}
	if n <= 256 { // each string read so at most 256 bytes on: linear
		q := k + 1
		for left := n; left > 0 && q < len(s); left-- {
			q += max(1, lineSeparatorAt(s, q))
		}
		if q < len(s) && s[q] == '"' {
			fits = max(fits, q+1)
		}
	}
	// A string that fits its length but has a word or a quote glued after it (string(7)
	// "00000⏎"0", or "00000⏎"!", a line separator counted as its bytes) goes on as one that
	// does not fit.
	if fits > 0 && !gluedWordOrQuote(s, fits) {
		return max(end, fits)
	}
	st, e := valueSpan(s, k)
	if st == k+1 && e < len(s) && s[e] == '"' {
		// Its closing quote, as when the length fits (a line separator counts 3 bytes, a space
		// 1); not one after a word glued to it ("pAss=string(0) ""0=>" ), which closes the
		// string opened before the key, as when a line separator comes before it.
		e++
	}
	return max(e, end, fits)
}

// gluedWordOrQuote reports whether the text glued to s[i:] (up to a space, a line break or
// separator, or the end) holds a word character or a quote: more of a value than its closing
// quote ended, where ", user=bob" or "), …" is not.
func gluedWordOrQuote(s string, i int) bool {
	for ; i < len(s) && s[i] != ' ' && lineBreaksAt(s, i) == i && lineSeparatorAt(s, i) == 0 && sepAt(s, i) == 0; i++ {
		if isWordByte(s[i]) || s[i] == '"' {
			return true
		}
	}
	return false
}

// wrappedPairAt reports whether a pair whose key stands in brackets or quotes starts at s[k]:
// print_r's [name] =>, var_dump's ["name"]=> (["name":protected]=> too), Perl's and PHP's
// 'name' =>, "name" ->, or a quoted key and ":" ("name": …); a bracket or quote alone before
// no arrow ([hunter22], "hunter22") is none.
func wrappedPairAt(s string, k int) bool {
	p := k
	bracket := p < len(s) && s[p] == '['
	if bracket {
		p++
	}
	var q byte
	if p < len(s) && (s[p] == '"' || s[p] == '\'') {
		q = s[p]
		p++
	}
	if p == k {
		return false
	}
	e := p
	for e < len(s) && e-p < 256 && isKeyByte(s[e]) {
		e++
	}
	if e == p || q != 0 && (e >= len(s) || s[e] != q) {
		return false
	}
	if q != 0 {
		e++
	}
	if bracket {
		if q != 0 && e < len(s) && s[e] == ':' { // ["name":protected], ["name":"App\User":private]
			for limit := e + 256; e < len(s) && e < limit && s[e] != ']' && s[e] != ' ' && lineBreaksAt(s, e) == e; e++ {
			}
		}
		if e >= len(s) || s[e] != ']' {
			return false
		}
		e++
	}
	for e < len(s) { // spaces and tabs, and the Unicode spaces a reader sees as spaces (not line separators)
		n := 0
		if s[e] == ' ' || s[e] == '\t' || s[e] >= utf8.RuneSelf {
			n = spaceAt(s, e)
		}
		if n == 0 {
			break
		}
		e += n
	}
	return strings.HasPrefix(s[e:], "=>") || strings.HasPrefix(s[e:], "->") || q != 0 && !bracket && e < len(s) && s[e] == ':'
}

// arrowPairOnLine reports whether the line that goes on at s[k] (256 bytes of it at most)
// holds an arrow pair: "=>" or "->" after a key's byte, a closing bracket or quote and maybe
// spaces, and before a space, a quote or the line's end ($name => …, Name Of User => …, a
// log's prefix before it: INFO name => …), which no value of one word holds.
func arrowPairOnLine(s string, k int) bool {
	for p := k; p+1 < len(s) && p-k < 256 && lineBreaksAt(s, p) == p; p++ {
		if s[p] != '=' && s[p] != '-' || s[p+1] != '>' {
			continue
		}
		b := p
		for b > k && (s[b-1] == ' ' || s[b-1] == '\t') {
			b--
		}
		if b == k || !isKeyByte(s[b-1]) && strings.IndexByte(`]"'`, s[b-1]) < 0 || !strings.ContainsFunc(s[k:b], func(r rune) bool {
			return r < utf8.RuneSelf && isKeyByte(byte(r))
		}) {
			continue // abc=>def, "->: no pair, the value's own bytes
		}
		if q := s[k]; (q == '"' || q == '\'') && strings.IndexByte(s[k+1:b], q) < 0 {
			continue // "&0=>: a quote no key closes opens a value, as after a space
		}
		if a := p + 2; a == len(s) || s[a] == ' ' || s[a] == '\t' || s[a] == '"' || s[a] == '\'' || lineBreaksAt(s, a) > a {
			return true
		}
	}
	return false
}

// pairBreakAt returns where an unquoted value that starts at s[v] ends when a line separator
// inside it (which ends no value: as MaskLogLines writes a line break inside an entry and joins
// a key's entry with the next) is followed by the next pair (nextPairAt: a key, then "=" and a
// value, ":" or an arrow: name => string(20), user=bob, Content-Type: …): at the separator, as
// MaskText ends the value at a line break (password => string(60)⏎name => string(20) is
// password => ********⏎name => string(20) in both, and stays so when masked again); else -1,
// and the value is read as usual (valueSpan); a mask (Masked, a run of stars) ends at a
// separator right after it, whatever follows. The value before it is a run of a token's or a
// mask's bytes (letters, digits, "_", "-", ".", "+", "/", "~", "*"), maybe over other
// separators; a "=" after the next key followed by another, a space or nothing is a base64
// value's padding, no pair (abc⏎def==). It reads what valueSpan would read, once: linear.
func pairBreakAt(s string, v int) int {
	if strings.HasPrefix(s[v:], Masked) {
		// A mask before a break ends there, whatever follows: the pass that wrote it read the
		// value to its end (password: |⏎  <pw>⏎next line is password: ********⏎next line, and
		// stays so when masked again).
		m := v + len(Masked)
		for m < len(s) && s[m] == '*' {
			m++
		}
		if lineSeparatorAt(s, m) > 0 {
			return m
		}
	}
	for p := v; p < len(s); {
		n := lineSeparatorAt(s, p)
		if n == 0 {
			if c := s[p]; !isKeyByte(c) && c != '*' && c != '+' && c != '/' && c != '~' {
				return -1
			}
			p++
			continue
		}
		if p == v {
			return -1
		}
		k := p + n
		for k < len(s) && (lineSeparatorAt(s, k) > 0 || s[k] == ' ' || s[k] == '\t') {
			k += max(1, lineSeparatorAt(s, k))
		}
		if k < len(s) && pairAfterBreak(s, k) {
			return p
		}
		if k > p+n && k < len(s) && (s[k-1] == ' ' || s[k-1] == '\t') {
			return -1 // a space after the break ends the value: valueSpan reads it
		}
		p = k
	}
	return -1
}

// pairAfterBreak reports whether the next pair (nextPairAt) starts at s[k], after a line
// separator inside a value: not a base64 value's padding, a "=" after the key followed by
// another, a space, a line break or nothing (abc⏎def==, abc⏎def=⏎next: a line break after
// the padding ends the value as a space does, as MaskLogLines writes it).
func pairAfterBreak(s string, k int) bool {
	if !nextPairAt(s, k, min(len(s), k+256)) {
		return false
	}
	e := k
	for e < len(s) && isKeyByte(s[e]) {
		e++
	}
	return e < len(s) && s[e] != '=' || e+1 < len(s) && s[e+1] != '=' && spaceAt(s, e+1) == 0 && lineSeparatorAt(s, e+1) == 0
}

// separatorWalk goes on over line separators inside a token (as MaskLogLines writes a line
// break inside one entry: a token a program wrapped, Bearer abc⏎def) and the run of token bytes
// after each, up to the next space or the next pair after a break (pairAfterBreak:
// Authorization: Bearer abc⏎user=bob keeps user=bob). It remembers how far its last walk
// reached, s[from:to], and a walk that starts there goes on as that one did, to its end,
// without reading it again: linear (Bearer a⏎Bearer a⏎…). With beforeEquals set it also stops
// at line separators that a "=" follows: there they separate, as a space does (Bearer abc⏎=x&y
// is the token, then a pair whose value maskPairs reads as after a space: x&y).
type separatorWalk struct {
	from, to     int
	beforeEquals bool
}

// over returns where the walk from end (a token's end) stops.
func (w *separatorWalk) over(s string, end int) int {
	from := end
	for {
		if end >= w.from && end < w.to {
			end = w.to
			break
		}
		k := end
		for lineSeparatorAt(s, k) > 0 {
			k += lineSeparatorAt(s, k)
		}
		if k == end || k >= len(s) || !isTokenByte(s[k]) || pairAfterBreak(s, k) || w.beforeEquals && s[k] == '=' {
			break
		}
		for end = k; end < len(s) && isTokenByte(s[end]); end++ {
		}
	}
	if end > from {
		w.from, w.to = from, end
	}
	return end
}

// arrowValueAt reports whether a value starts at s[v], after "=>" or ":=": a separator, a
// quote or the end follows the arrow ("password" => "x", 'password'=>'x', password := x).
// Else the ">" or "=" is the value's first byte (password=>x7 is masked whole).
func arrowValueAt(s string, v int) bool {
	if v >= len(s) || sepAt(s, v) > 0 || s[v] == '"' || s[v] == '\'' || s[v] == '\\' {
		return true
	}
	if n, _ := htmlQuoteAt(s, v); n > 0 {
		return true
	}
	n, _ := typographicQuoteAt(s, v)
	return n > 0
}

// authorizationKey reports a key that names an Authorization header (Authorization,
// Proxy-Authorization, HTTP_AUTHORIZATION, headers.authorization): folded, it ends in
// "authorization".
func authorizationKey(key string) bool {
	var buf [64]byte
	return strings.HasSuffix(string(appendFolded(buf[:0], key)), "authorization")
}

// schemeKey reports a key whose value starts with an authorization scheme as an Authorization
// header's does: authorizationKey's, and one that, folded, ends in "auth" (Auth, X-Auth,
// basic_auth: ApiKey <key>). Only a known scheme's name is read as one after it: its first
// word is no credential by itself (Auth: uses OAuth), as after authorizationKey's.
func schemeKey(key string) bool {
	var buf [64]byte
	return authorizationKey(key) || strings.HasSuffix(string(appendFolded(buf[:0], key)), "auth")
}

// schemeCredentialAt returns where the credential after an authorization scheme that is not
// one of authSchemes starts (Authorization: ApiKey <key>, SSWS, Bot, Splunk, Key,
// AWS4-HMAC-SHA256): a name of knownAuthSchemes at s[v], separators (gapAt: spaces, tabs, line
// breaks, a shell's continuation or escaped space) and a token, a quote or Masked (masked already: the scheme
// stays); after a line break, not the next header (Content-Type:). It returns v when s[v:] does
// not start so: a lone token, or a word that names no known scheme, is the credential itself
// (Authorization: abc123, Authorization: letmeinplease).
func schemeCredentialAt(s string, v int) int {
	e := v
	for e < len(s) && (isWordByte(s[e]) || s[e] == '-') {
		e++
	}
	if w := signedIDSchemeAt(s, v, e); w > v {
		return w
	}
	if !authorizationScheme(s[v:e]) {
		return v
	}
	w, broke := gapAt(s, e)
	if w > e {
		w = loneSeparatorAfter(s, w) // Authorization: Hawk = <credential>
	}
	if w == e || w == len(s) || !isTokenByte(s[w]) && s[w] != '"' && s[w] != '\'' && !strings.HasPrefix(s[w:], Masked) {
		return v
	}
	if broke && nextPairAt(s, w, min(len(s), w+256)) {
		return v
	}
	return w
}

// schemeCredentialStart returns where the credential after an authorization scheme at s[v]
// starts (authSchemes' Basic, Bearer, Token, Digest and knownAuthSchemes' ApiKey…, then
// separators), or v when s[v:] holds no scheme with a credential after it. A quoted header's
// value and a spicepod's are read so, as maskPairs reads an unquoted one.
func schemeCredentialStart(s string, v int) int {
	if a := skipScheme(s, v); a > v && a < len(s) {
		return a
	}
	if a := schemeCredentialAt(s, v); a > v && a < len(s) {
		return a
	}
	return v
}

// signedIDSchemes are the authorization schemes whose credential is an ID that names the
// signer, a ":" and a signature (AWS Signature Version 2's AWS <access key ID>:<signature>,
// Azure Storage's SharedKey <account>:<signature>, SharedKeyLite): the ID is no secret, the
// signature is.
var signedIDSchemes = []string{"aws", "sharedkey", "sharedkeylite"}

// signedIDSchemeAt returns where the signature starts after one of signedIDSchemes at s[v:e],
// a space and its ID (letters, digits, "_", "-", "."), then ":" and a token (Authorization: AWS
// AKIA…:<signature>); v when s[v:] does not read so (Auth: AWS keys rotated stays as it read).
func signedIDSchemeAt(s string, v, e int) int {
	if !slices.ContainsFunc(signedIDSchemes, func(k string) bool { return strings.EqualFold(s[v:e], k) }) {
		return v
	}
	w := e
	for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
		w++
	}
	id := w
	if strings.HasPrefix(s[w:], Masked) {
		w += len(Masked) // masked already: AWS ********:******** (tokenPrefixes' AKIA…)
	}
	for w < len(s) && (isWordByte(s[w]) || s[w] == '-' || s[w] == '.') {
		w++
	}
	if w == id || w == e || w+1 >= len(s) || s[w] != ':' || !isTokenByte(s[w+1]) && !strings.HasPrefix(s[w+1:], Masked) {
		return v
	}
	return w + 1
}

// knownAuthSchemes are the authorization schemes' names (folded: lower case) that stay before the
// credential after an Authorization key (schemeCredentialAt), besides authSchemes: those of the
// IANA HTTP Authentication Scheme Registry
// (https://www.iana.org/assignments/http-authschemes/), and common vendors' own (Elasticsearch's
// ApiKey, Okta's SSWS, Discord's Bot, Splunk's, FCM's key, GoDaddy's sso-key, Microsoft's NTLM,
// Hawk, HTTP Signatures', AWS Signature Version 4's, Google's GoogleLogin, Imgur's Client-ID).
// Any other first word is no scheme: it is the credential (Authorization: letmeinplease).
var knownAuthSchemes = []string{
	// IANA
	"basic", "bearer", "concealed", "digest", "dpop", "gnap", "hoba", "mutual", "negotiate", "oauth",
	"privatetoken", "scram-sha-1", "scram-sha-256", "vapid",
	// vendors
	"apikey", "api-key", "token", "ssws", "bot", "splunk", "key", "sso-key", "ntlm", "hawk", "signature",
	"aws4-hmac-sha256", "googlelogin", "kerberos", "client-id",
}

// authorizationScheme reports whether t is the name of a known authorization scheme
// (knownAuthSchemes, any case).
func authorizationScheme(t string) bool {
	return slices.ContainsFunc(knownAuthSchemes, func(k string) bool { return strings.EqualFold(t, k) })
}

// gapAt returns where the separators at s[w] end (sepAt: spaces as written or spelled, line
// breaks, their escapes; tabs; a backslash right before a line break, a shell's continuation:
// mysql \⏎ --password \⏎ <pw>; or one alone between spaces, as MaskLogLines writes that
// continuation), and whether a line break is among them: MaskLogLines reads
// a line break inside an entry as a space (logBreaks), so every rule that reads a value after
// spaces reads one after a line break too.
func gapAt(s string, w int) (end int, broke bool) {
	for from := w; w < len(s); {
		switch {
		case s[w] == '\\' && (lineBreaksAt(s, w+1) > w+1 || w+1 < len(s) && (blankAt(s, w+1) || s[w+1] == '\t') || w > from && w+1 == len(s)):
			// A continuation's backslash (the break is read next), a shell's escaped space
			// (Basic\ <credential>), or one alone at the end: MaskLogLines writes an entry's
			// line breaks as spaces.
			w++
		case s[w] == '\t':
			w++
		case escapedBreakAt(s, w) && s[w+1] == 't':
			w += 2 // a tab written out in JSON: <key>password</key>\n\t<string>
		case blankAt(s, w):
			w += sepAt(s, w)
		case lineBreaksAt(s, w) > w:
			w, broke = lineBreaksAt(s, w), true
		default:
			return w, broke
		}
	}
	return w, broke
}

// schemeWord reports whether v reads as one word a scheme's name could be: letters, digits,
// "_" and "-" (Foo, AWS4-HMAC-SHA512), not what runs on over a line separator.
func schemeWord(v string) bool {
	for k := 0; k < len(v); k++ {
		if !isWordByte(v[k]) && v[k] != '-' {
			return false
		}
	}
	return v != ""
}

// unknownSchemeNext returns where the token after the first word of an Authorization value,
// which names no known scheme and is masked as the credential (s[:end]), starts and ends when it
// is no word of prose either (readableWord), nor the next pair (user=bob), a reference or a mask:
// Authorization: Foo <credential> shows neither, nor Foo (<credential>), Foo, <credential>;
// else -1, -1.
func unknownSchemeNext(s string, end int) (start, stop int) {
	w, _ := gapAt(s, end)
	quoted := -1
	if w > end || end < len(s) && s[end] == ',' {
		w = loneSeparatorAfter(s, w) // Authorization: Foo = <credential>, Foo, <credential>
		r := w
		for r < len(s) && strings.IndexByte("=:,>", s[r]) >= 0 {
			r, _ = gapAt(s, r+1) // Foo, (<credential>), Foo = [<credential>]
		}
		if r < len(s) && strings.IndexByte("([{", s[r]) >= 0 {
			if g, _ := gapAt(s, r+1); g < len(s) && (isTokenByte(s[g]) || s[g] == '"' || s[g] == '\'' || s[g] == '\\') {
				w = g // Authorization: Foo (<credential>), [<credential>]
			}
		}
		if q := openingQuoteAfter(s, w); q > w {
			w, quoted = q, q-1 // Authorization: Foo "<credential>"
		}
	}
	if w == end || w >= len(s) || !isTokenByte(s[w]) || newHeaderLine(s, end, w) {
		return -1, -1
	}
	e := w
	for e < len(s) && isTokenByte(s[e]) {
		e++
	}
	// On to the credential's end: a byte token68 has not (abc!23, abc@23) is the credential's
	// too, a colon with no space nor "//" after it (abc:23xyz, no next pair: user: bob, nor a
	// URL), and a quoted one runs to its closing quote (Foo "abc 123").
	colon := false
	for e < len(s) && s[e] > ' ' && s[e] < 0x7f {
		if s[e] == ':' && e+1 < len(s) && isTokenByte(s[e+1]) && s[e+1] != '/' {
			colon = true
		} else if strings.IndexByte("\"'`\\,;&:<>()[]{}", s[e]) >= 0 {
			break
		}
		e++
	}
	if quoted >= 0 {
		escapes := 0
		for quoted-escapes > end && s[quoted-escapes-1] == '\\' {
			escapes++
		}
		if c := quoteClosedOnLine(s, quoted, escapes); c > e {
			e = c - 1 - escapes // before the closing quote and its backslashes
		}
	}
	t := s[w:e]
	colon = colon && strings.IndexAny(t, "=:") == strings.IndexByte(t, ':') // user=bob:x is the next pair
	if readableWord(t) || clockOrDate(strings.TrimRight(t, ".!?")) || strings.Trim(t, "=") == "" || !colon && nextPairAt(s, w, min(len(s), e+1)) && !(paddedToken(t) && !quoteOpensAt(s, e)) || isReference(t) ||
		strings.HasPrefix(s[w:], Masked) || e < len(s) && (s[e] == ':' || s[e] == '=') {
		return -1, -1
	}
	return w, e
}

// clockOrDate reports whether t is a clock time (12:30, 12:30:00.123, 12:30:00Z, 12:30+01:00)
// or a date (2026-12-04, 2026-12-04T12:30:00Z): what an error text writes after a word, no
// credential.
func clockOrDate(t string) bool {
	digits := func(n int) bool {
		if len(t) < n || strings.Trim(t[:n], "0123456789") != "" {
			return false
		}
		t = t[n:]
		return true
	}
	sep := func(c byte) bool {
		if t == "" || t[0] != c {
			return false
		}
		t = t[1:]
		return true
	}
	whole := t
	if date := len(t) >= 10 && digits(4) && sep('-') && digits(2) && sep('-') && digits(2); !date {
		t = whole // no date: a time alone, read from the start
	} else if t == "" {
		return true
	} else if !sep('T') && !sep('t') {
		return false
	}
	if !digits(2) && !digits(1) || !sep(':') || !digits(2) {
		return false
	}
	if sep(':') && !digits(2) {
		return false
	}
	if sep('.') || sep(',') {
		if n := len(t) - len(strings.TrimLeft(t, "0123456789")); n == 0 || !digits(n) {
			return false
		}
	}
	if sep('Z') || sep('z') {
		return t == ""
	}
	if sep('+') || sep('-') { // an offset: +01, +01:00, +0100
		if !digits(2) {
			return false
		}
		if t == "" {
			return true
		}
		sep(':')
		return digits(2) && t == ""
	}
	return t == ""
}

// newHeaderLine reports whether the gap s[from:to] holds a line break as written that starts a
// new line, no space nor tab after it (a header folded over lines has one): the Authorization
// value ends there and the next line's text (x= 1) is its own. A line separator is no such
// break: MaskLogLines writes an entry's inner line breaks so, and reads on over them.
func newHeaderLine(s string, from, to int) bool {
	k := strings.LastIndexAny(s[from:to], "\r\n")
	if k < 0 {
		return false
	}
	return !indentAt(s, k+from+1)
}

// indentAt reports whether s[i] is a space or tab that indents a line: only spaces and tabs
// stand between it and a line break as written (\n or \r) before it. An indented line
// continues the one before it (a header folded over lines); a line separator starts none.
func indentAt(s string, i int) bool {
	for ; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i-- {
		if i == 0 {
			return false
		}
		if c := s[i-1]; c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

// paddedToken reports whether t is a token and its base64 padding (abc123==): its only "="
// are its last bytes, so it is no key with an empty value.
func paddedToken(t string) bool {
	k := strings.IndexByte(t, '=')
	return k > 0 && strings.Trim(t[k:], "=") == ""
}

// quoteOpensAt reports whether a quote (backslashes maybe before it) that opens a value stands
// at s[i]: one that closes no string (closesString), as in key="<value>".
func quoteOpensAt(s string, i int) bool {
	k := i
	for k < len(s) && s[k] == '\\' {
		k++
	}
	return k < len(s) && (s[k] == '"' || s[k] == '\'') && !closesString(s, k+1)
}

// openingQuoteAfter returns where the token after a quote at s[w] (backslashes maybe before it,
// as JSON escapes it) starts; else w.
func openingQuoteAfter(s string, w int) int {
	k := w
	for k < len(s) && s[k] == '\\' {
		k++
	}
	if k < len(s) && (s[k] == '"' || s[k] == '\'') && k+1 < len(s) && isTokenByte(s[k+1]) {
		return k + 1
	}
	return w
}

// loneSeparatorAfter returns where the token after a run of separator punctuation at s[w]
// ("=", ":", ",", ">", quotes) and the separators among and after it (gapAt) starts, the
// separators written between a scheme and its credential (Authorization: Hawk = <credential>,
// ApiKey == <credential>, Foo =, <credential>, Foo ="<credential>", Foo =><credential>); else w,
// also when no token follows the run (Authorization: ApiKey ==: the run is masked as before).
func loneSeparatorAfter(s string, w int) int {
	if w >= len(s) || strings.IndexByte("=:,>", s[w]) < 0 {
		return w
	}
	e := w
	for e < len(s) {
		if strings.IndexByte("=:,>\"'", s[e]) >= 0 {
			e++
			continue
		}
		if g, _ := gapAt(s, e); g > e {
			e = g
			continue
		}
		break
	}
	if e < len(s) && (isTokenByte(s[e]) || strings.HasPrefix(s[e:], Masked)) {
		return e
	}
	return w
}

// authSchemes are the authorization schemes kept before the token they introduce.
var authSchemes = []string{"bearer", "basic", "token", "digest"}

// proseValue reports whether value, unquoted after "key:" and the authorization scheme
// (lower case; "" for none) in an error text, is prose that MaskAPIText shows: after Bearer
// a word of bearerProse (Authorization: Bearer required), as maskSchemes keeps it; after
// Basic nothing; else a readableWord, or a secret's name (secrets: PG_PASS, as keptValue
// keeps it after "secret: " in an error).
func proseValue(scheme, key, value string) bool {
	switch scheme {
	case "bearer":
		return slices.Contains(bearerProse, strings.ToLower(strings.TrimRight(value, ".,!?)")))
	case "basic":
		return false
	}
	if readableWord(value) {
		return true
	}
	// A secret's name (PG_PASS) reads on only after a key naming secrets: after password: or
	// client_secret: the same shape (HUNTER2_XYZ) is a credential.
	var buf [64]byte
	switch string(appendFolded(buf[:0], key)) {
	case "secret", "secrets", "secretname", "secretnames":
		return secretName(value)
	}
	return false
}

// proseWords is proseValue for a value that may hold spaces spelled out, which do not end it
// (signature&nbsp;verification, signature\u00a0verification): prose when every word between
// them is (MaskAPIText: Invalid token: signature&nbsp;verification failed reads as written).
func proseWords(scheme, key, value string) bool {
	from := 0
	for k := 0; k < len(value); k++ {
		if c := value[k]; c != '\\' && c != '&' && c != '%' && c < utf8.RuneSelf {
			continue
		}
		if n := sepAt(value, k); n > 0 { // a line separator too, read as a space (MaskLogLines shows one)
			if !proseValue(scheme, key, value[from:k]) {
				return false
			}
			from = k + n
			k += n - 1
		}
	}
	return proseValue(scheme, key, value[from:])
}

// reasonWords are what an error text says of a credential in one word after its name
// (token: expired, password: Required.): its state, never its value.
var reasonWords = []string{"expired", "invalid", "missing", "required", "revoked", "rejected", "malformed", "empty",
	"unknown", "incorrect", "wrong", "unsupported", "denied", "forbidden", "unauthorized", "unauthorised", "mismatch",
	"mismatched", "blank", "absent", "locked", "weak", "short", "long", "unset", "set", "present", "provided",
	"accepted", "valid", "changed", "reset", "pending", "used", "reused", "compromised", "insecure", "redacted",
	"hidden", "masked", "omitted", "ignored", "deprecated", "immutable", "undefined", "nil", "needed", "expected",
	"unexpected", "incomplete", "truncated", "bad", "ok", "error", "failed", "failure", "unavailable", "unverified",
	"verified", "unrecognized", "unrecognised", "inactive", "active", "suspended", "exhausted", "exceeded", "stale",
	"duplicate", "conflict", "expiring", "mandatory", "invalidated", "disallowed", "allowed", "obsolete", "too"}

// loneWordSecret reports whether value, a word of prose (proseWords) after a strong credential
// name and a colon in an error text, is rather the credential: no prose follows it on its line
// (passkey: abc, {"error":"secret: swordfish"}, (password: Tiger)) and it is none of the
// reasons of reasonWords, statusWords or schemeProse. After a scheme or a weak name, or before
// more words (Invalid token: signature verification failed), it stays prose.
func loneWordSecret(s, scheme, key, value string, end int) bool {
	if scheme != "" || !readableWord(value) || schemeKey(key) {
		return false // Authorization: Foo (see docs): its own rules
	}
	var buf [64]byte
	if weakName(string(appendFolded(buf[:0], key))) {
		return false
	}
	for end < len(s) && s[end] != '\n' && s[end] != '\r' && !escapedBreakAt(s, end) {
		n := sepAt(s, end) // a Unicode space, spelled out too, as between the words of prose
		if n == 0 {
			n = invisibleAt(s, end)
		}
		if n == 0 {
			break
		}
		end += n
	}
	if end < len(s) && isLetter(s[end]) {
		return false // prose goes on
	}
	w := strings.ToLower(strings.TrimRight(value, ".,!?)"))
	return !slices.Contains(reasonWords, w) && !slices.Contains(statusWords, w) && !slices.Contains(schemeProse, w)
}

// readableWord reports whether v, a value after "key:" in an error text, reads as a word of
// prose rather than a credential (MaskAPIText): proseWord (letters, lower case after the
// first, at most 16), with a final period, comma, exclamation or question mark, or closing
// parenthesis aside. Anything with a digit or other character, mixed case or longer is
// taken for a credential.
func readableWord(v string) bool {
	return proseWord(strings.TrimRight(v, ".,!?)"))
}

// skipScheme returns the position after an authorization scheme and its spaces at v, or v.
func skipScheme(s string, v int) int {
	for _, scheme := range authSchemes {
		n := len(scheme)
		if len(s) > v+n && strings.EqualFold(s[v:v+n], scheme) && sepAt(s, v+n) > 0 {
			w := v + n
			for w < len(s) {
				if sep := sepAt(s, w); sep > 0 {
					w += sep
				} else if c := continuationEnd(s, w); c > w {
					w = c
				} else {
					break
				}
			}
			if w < len(s) {
				return w
			}
		}
	}
	return v
}

// continuationEnd returns where a shell's line continuation at s[w] ends: a backslash and the
// line break after it, raw or escaped in JSON (\\\n), so Bearer \⏎ <token> reads the token, or
// a backslash alone between spaces, as MaskLogLines writes that continuation (gapAt); else w.
func continuationEnd(s string, w int) int {
	if w+1 < len(s) && s[w] == '\\' {
		if e := lineBreaksAt(s, w+1); e > w+1 {
			return e
		}
		if blankBefore(s, w) && (blankAt(s, w+1) || s[w+1] == '\t') {
			return w + 1
		}
	}
	for _, esc := range []string{`\\\n`, `\\\r\n`} {
		if strings.HasPrefix(s[w:], esc) {
			return w + len(esc)
		}
	}
	return w
}

// authParamsEnd returns where a list of auth-params (name=token or name="quoted", RFC 9110
// section 11.2; a name may end in "*": RFC 8187's username*=), as Digest credentials
// carry, that starts at v ends; v when none starts there. The params are separated by a comma
// or by spaces, tabs or line breaks alone (as written or escaped in JSON: `\n`): a list that
// reads so with spaces reads so with line separators too.
func authParamsEnd(s string, v int) int {
	end := v
	for p := v; ; {
		n := p
		for n < len(s) && (isWordByte(s[n]) || s[n] == '-') {
			n++
		}
		if n > p && n < len(s) && s[n] == '*' {
			n++
		}
		if n == p || n >= len(s) || s[n] != '=' {
			return end
		}
		q := n + 1
		for q < len(s) && s[q] == '\\' {
			q++
		}
		quoted := q < len(s) && (s[q] == '"' || s[q] == '\'')
		_, e := valueSpan(s, n+1)
		if !quoted && e > n+1 && s[e-1] == '=' {
			// The value read on over a line separator to the next name and its "=" (a=0\u2028b="x":
			// a line separator ends no value); a quote there opens that name's value, the list's too.
			for q = e; q < len(s) && s[q] == '\\'; q++ {
			}
			if quoted = q < len(s) && (s[q] == '"' || s[q] == '\''); quoted {
				_, e = valueSpan(s, e)
			}
		}
		if quoted { // past the closing quote and the backslashes escaping it
			for e < len(s) && s[e] == '\\' {
				e++
			}
			if e < len(s) && s[e] == s[q] {
				e++
			}
		}
		if e <= n+1 {
			return end
		}
		end, p = e, skipParamSpace(s, e, true)
		switch {
		case p < len(s) && s[p] == ',':
			p = skipParamSpace(s, p+1, true)
		case p == end:
			return end // neither a comma nor a space: the list ends
		}
	}
}

// skipParamSpace returns where the spaces and tabs at s[p:] end, and with lines set the line
// breaks too, as written or escaped in JSON (`\n`, `\r`, `\t`).
func skipParamSpace(s string, p int, lines bool) int {
	for p < len(s) {
		switch {
		case s[p] == ' ' || s[p] == '\t':
			p++
		case lines && (s[p] == '\n' || s[p] == '\r'):
			p++
		case lines && lineSeparatorAt(s, p) > 0: // NEL, U+2028, U+2029
			p += lineSeparatorAt(s, p)
		case lines && s[p] == '\\' && p+1 < len(s) && strings.IndexByte("nrt", s[p+1]) >= 0:
			p += 2
		case blankAt(s, p):
			p += sepAt(s, p) // a Unicode space, or its escape
		default:
			return p
		}
	}
	return p
}

// valueSpan returns where the value at v starts and ends. A quoted value ("x", 'x', or \"x\"
// in escaped JSON) is what is inside its quotes, escaped quotes included, up to the end of s
// when they do not close. An unquoted value ends at a space, a comma, a semicolon, an
// ampersand, or a quote (and the backslashes before it) that closes an enclosing string; a
// bracket, brace or parenthesis in it is taken with everything up to the one that closes it.
func valueSpan(s string, v int) (start, end int) { return (*valueEnds)(nil).valueSpan(s, v, nil) }

// valueSpan is valueSpan for the values of one text read in order, the closing quotes found
// remembered (typographicEnds).
func (q *typographicEnds) valueSpan(s string, v int) (start, end int) {
	return (*valueEnds)(nil).valueSpan(s, v, q)
}

// valueEnds remembers, for maskSchemes, where the unquoted values (unquotedEnd) and groups
// (closeGroup) it read in s end: each match of a scheme reads the value after its token, and
// the next match can stand inside that value (Bearer a=(Bearer a=(…, Bearer\na=b\nBearer…),
// so without them each would read on to where the same text ends. Both are read position by
// position, each step depending on the position alone: a read that comes to a position another
// one went through (an unquoted value's step, a group's opening bracket) ends where that one
// did. A nil *valueEnds remembers nothing.
type valueEnds struct {
	value map[int]int // a step of unquotedEnd: where its value ends
	group map[int]int // an opening bracket closeGroup read: where its group ends
}

func (m *valueEnds) valueSpan(s string, v int, quotes *typographicEnds) (start, end int) {
	return m.valueSpanIn(s, v, quotes, false)
}

// valueSpanIn is valueSpan; inner is set for a value read inside another one (innerPairEnd),
// which reads no pair inside itself, so that each value is read a bounded number of times.
func (m *valueEnds) valueSpanIn(s string, v int, quotes *typographicEnds, inner bool) (start, end int) {
	if n, closers := typographicQuoteAt(s, v); n > 0 {
		switch e, first := quotes.closingTypographic(s, v+n, closers); {
		case e > v+n || e == v+n && emptyQuoted(s, e+len(string(firstRune(s[e:]))), closers):
			return v + n, e // “x”, „x“, «x», 「x」
		case first >= 0: // “ab”cd, “”–x: one value, quotes and all, as with ASCII quotes
			_, c := utf8.DecodeRuneInString(s[first:])
			return v, m.unquotedEnd(s, first+c)
		}
		return v + n, len(s) // never closed: to the end, as an ASCII quote
	}
	if n, q := htmlQuoteAt(s, v); n > 0 {
		if e := closingQuoteRef(s, v+n, q); e >= 0 {
			// As for an ASCII quote, what follows the closing one decides: \u0027it\u0027s-x and
			// \u0022\u0022x are one value, quotes and all; a quoted credential key before = or :
			// closes too, so that it is read as the next key (&quot;password&quot;=x).
			c, _ := htmlQuoteAt(s, e)
			after := e + c
			if closesString(s, after) && (e > v+n || after == len(s) || strings.IndexByte(`"'\&`, s[after]) < 0) ||
				keyAround(s, v+n, e, after) {
				return v + n, e // &quot;x&quot;, &#39;x&#39;: HTML-escaped quotes
			}
			if end = m.unquotedEnd(s, after); !inner {
				end = m.innerPairEnd(s, v+n, end, quotes)
			}
			return v, end
		}
		// Not closed (a text cut short): the reference and all after it, as an ASCII quote.
		return v, m.unclosedQuoteEnd(s, v, v+n, q)
	}
	if e := tripleQuotedEnd(s, v); e >= 0 {
		return v + 3, e // password = """…""": TOML's and Python's quotes
	}
	k := v
	for k < len(s) && s[k] == '\\' {
		k++
	}
	if k < len(s) && (s[k] == '"' || s[k] == '\'') {
		end = closingQuote(s, k+1, s[k], k-v)
		after := min(end+k-v+1, len(s)) // after the closing quote
		if closesString(s, after) && (end > k+1 || after == len(s) || strings.IndexByte(`"'\`, s[after]) < 0) {
			return k + 1, end
		}
		return v, m.unquotedEnd(s, after) // "ab"cd, ""x: one value, quotes and all
	}
	return v, m.unquotedEnd(s, v)
}

// tripleQuotedEnd returns where the value inside the triple quotes (three double or three
// single quotes, TOML's and Python's, over lines maybe) that open at s[v] ends: at the first
// closing ones, which stay after the mask, or at the end of s when they never close (a text
// cut short, as an unclosed quote reads); -1 when none open there.
func tripleQuotedEnd(s string, v int) int {
	if v+3 > len(s) || s[v] != '"' && s[v] != '\'' || s[v+1] != s[v] || s[v+2] != s[v] {
		return -1
	}
	if e := strings.Index(s[v+3:], s[v:v+3]); e >= 0 {
		return v + 3 + e
	}
	return len(s)
}

// emptyQuoted reports whether a typographic quote closed right after it opened, at after-1,
// quotes an empty value: when a space, the end or sentence punctuation follows (“”. Next), not
// CJK punctuation or a dash, after which text goes on without a space (“”–x7 is one value).
func emptyQuoted(s string, after int, closers string) bool {
	return closesString(s, after) || s[after] < utf8.RuneSelf && closesSentence(s, after, closers)
}

// innerPairEnd returns where a value read as one up to end (an escaped quote's, quotes and
// all) ends when credentials' keys stand in s[from:end]: where the last of their values ends, if
// further (&#39;&#39;x secret\":\"y; z, whose y; z the key would have had read alone). quotes
// are the closing quotes found so far, so that each inner value does not search them anew.
func (m *valueEnds) innerPairEnd(s string, from, end int, quotes *typographicEnds) int {
	for p := from; p < end; p++ {
		n := 0
		switch {
		case s[p] == '=' || s[p] == ':':
			n = 1
		case hasPrefixFold(s[p:], "%3D") || hasPrefixFold(s[p:], "%3A"):
			n = 3
		default:
			continue
		}
		k := p
		for k > from {
			if q := quoteRefBefore(s, k); q >= from {
				k = q // \u0022password\u0022:, &quot;password&quot;=
				continue
			}
			r, size := utf8.DecodeLastRuneInString(s[from:k])
			if !strings.ContainsRune(`"'\`+typographicQuoteChars, r) {
				break
			}
			k -= size // the key's closing quote ("password"=, “password”=)
		}
		keyEnd := k
		for k > from && isKeyByte(s[k-1]) {
			k--
		}
		if k == keyEnd || !credentialName(s[k:keyEnd], false) {
			continue
		}
		v := p + n
		for v < len(s) && strings.IndexByte("=: \t", s[v]) >= 0 {
			v++ // secret==  x
		}
		_, e := m.valueSpanIn(s, v, quotes, true)
		end = max(end, e)
		p = max(p, e-1) // on after that value: each part of s is read once
	}
	return end
}

// keyAround reports whether a quote closing at s[e:after] (an escaped one, opened at from) has a
// credential's key on either side: the quoted text before = or : (&quot;password&quot;=x), or
// the next pair after a quoted text (&apos;x&apos;pass":"y; after an empty one it is the value's:
// \u0027\u0027sPassword=x), so that the quote closes the value there and the key is read on its
// own.
func keyAround(s string, from, e, after int) bool {
	separatorAt := func(p int) bool {
		for p < len(s) && strings.IndexByte(`"'\`, s[p]) >= 0 {
			p++
		}
		return pairSeparatorAfter(s, p) || hasPrefixFold(s[p:], "%3D") || hasPrefixFold(s[p:], "%3A")
	}
	if separatorAt(after) && credentialName(s[from:e], false) {
		return true
	}
	k := after
	for k < len(s) && isKeyByte(s[k]) {
		k++
	}
	return e > from && k > after && separatorAt(k) && credentialName(s[after:k], false)
}

// unclosedQuoteEnd returns where a value ends whose quote q, spelled s[v:from] (&quot;, \&quot;,
// \u0022), is never closed so spelled: where it would end opened by q with as many backslashes
// (closingQuote: at q written out, or an enclosing string's end, else the end of s).
func (m *valueEnds) unclosedQuoteEnd(s string, v, from int, q byte) int {
	escapes := 0
	for v+escapes < len(s) && s[v+escapes] == '\\' {
		escapes++
	}
	end := closingQuote(s, from, q, escapes)
	after := end // past the backslashes and the quote
	for after < len(s) && s[after] == '\\' {
		after++
	}
	after = min(after+1, len(s))
	if closesString(s, after) {
		return end
	}
	return m.unquotedEnd(s, after) // &quot;ab"cd: one value
}

// typographicQuotes are the quotes a value can open with other than ASCII's, each with the
// quotes that may close it (English, German, French, Swedish, Danish, CJK, fullwidth); ’ opens
// none, being an apostrophe far more often.
var typographicQuotes = map[rune]string{
	'“': "”", '„': "“”", '”': "”", '‘': "’", '‚': "‘’",
	'«': "»", '»': "«»", '‹': "›", '›': "‹›", '「': "」", '『': "』", '＂': "＂", '＇': "＇",
}

// typographicQuoteChars are the typographic quotes, opening or closing, that may quote a key.
const typographicQuoteChars = "“”„‘’‚«»‹›「」『』＂＇"

// typographicQuoteAt returns the length of the typographic quote at s[i] and the quotes that
// close it; else 0.
func typographicQuoteAt(s string, i int) (int, string) {
	if i >= len(s) || s[i] < utf8.RuneSelf {
		return 0, ""
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	closers, ok := typographicQuotes[r]
	if !ok {
		return 0, ""
	}
	return n, closers
}

// typographicEnds remembers, for the values of one text read in order, where the next of
// each set of closers is and the next that ends a value (closingTypographic), and from which
// position on that holds: each stretch of the text is searched once, however many apostrophes
// it holds, where each value searched typographicReach bytes on. A nil one remembers nothing.
type typographicEnds struct {
	scans map[string]*closerScan
}

// closerScan: from every position from from to first, first is the next closer (-1: none to
// the end); to end, end the next that ends a value.
type closerScan struct{ from, first, end int }

// closingTypographic returns where the first of closers at or after from that ends the value
// is (closesSentence after it: not an apostrophe, as in it’s), or -1, read up to
// typographicReach bytes on; and where the first of closers at all is, or -1.
func (q *typographicEnds) closingTypographic(s string, from int, closers string) (end, first int) {
	if q == nil {
		return closingTypographic(s, from, closers)
	}
	if q.scans == nil {
		q.scans = map[string]*closerScan{}
	}
	scan := q.scans[closers]
	if scan == nil || from < scan.from { // read out of order: anew
		scan = &closerScan{from: from, first: -2, end: -2}
		q.scans[closers] = scan
	}
	if scan.first == -2 || scan.first >= 0 && from > scan.first {
		scan.first = -1
		if k := strings.IndexAny(s[from:], closers); k >= 0 {
			scan.first = from + k
		}
	}
	if scan.end == -2 || scan.end >= 0 && from > scan.end {
		scan.end = -1
		for p := scan.first; p >= 0; {
			_, n := utf8.DecodeRuneInString(s[p:])
			if closesSentence(s, p+n, closers) {
				scan.end = p
				break
			}
			p += n
			k := strings.IndexAny(s[p:], closers)
			if k < 0 {
				break
			}
			p += k
		}
	}
	scan.from = from
	end, first = scan.end, scan.first
	if end >= 0 && end != first && end-from > typographicReach {
		end = -1 // past a closer that does not end the value, as far as closingTypographic reads
	}
	return end, first
}

// closingTypographic is typographicEnds.closingTypographic for one value.
func closingTypographic(s string, from int, closers string) (end, first int) {
	end, first = -1, -1
	for p := from; p < len(s); {
		k := strings.IndexAny(s[p:], closers)
		if k < 0 || first >= 0 && p+k-from > typographicReach {
			break
		}
		p += k
		if first < 0 {
			first = p
		}
		_, n := utf8.DecodeRuneInString(s[p:])
		if closesSentence(s, p+n, closers) {
			return p, first
		}
		p += n
	}
	return end, first
}

// typographicReach bounds how far closingTypographic looks past apostrophes for the quote that
// ends a value, so that reading every value of a text stays linear.
const typographicReach = 4096

// closesSentence is closesString after any sentence punctuation (“x”. Next, «x» !, “x”…),
// or a CJK punctuation mark or a dash (「x」。次, “x”—then) before what proseAfter allows,
// since prose goes on after those without a space: what may follow the quote (one of closers)
// that closes a string in prose.
func closesSentence(s string, at int, closers string) bool {
	for at < len(s) {
		switch {
		case strings.IndexByte(".!?:)]}", s[at]) >= 0:
			at++
		case strings.HasPrefix(s[at:], "…"):
			at += len("…")
		case s[at] >= utf8.RuneSelf && strings.ContainsRune(sentenceBreaks, firstRune(s[at:])):
			after := at + len(string(firstRune(s[at:])))
			return closesString(s, after) || proseAfter(s, after, closers)
		default:
			return closesString(s, at)
		}
	}
	return true
}

// proseAfter reports whether s[at:], after a CJK punctuation mark or a dash, goes on as prose
// up to a space or the end (letters and sentence punctuation: “x”—then retry, 「x」、再試行) or
// with the next pair (“x”、token=…), so the mark ends the quoted value before it. A digit, a
// symbol or another of closers there reads as the value going on (“abc”—def-hunter”, “”–x7).
// It reads no further than the next closer or space, so reading every closer stays linear.
func proseAfter(s string, at int, closers string) bool {
	k := at
	for k < len(s) && isKeyByte(s[k]) {
		k++
	}
	if k > at && k < len(s) && (s[k] == '=' || s[k] == ':') && credentialName(s[at:k], false) {
		return true // the next pair, masked on its own
	}
	for at < len(s) {
		switch c := s[at]; {
		case isLetter(c) || strings.IndexByte(".!?:", c) >= 0:
			at++
		case c >= utf8.RuneSelf && sepAt(s, at) == 0:
			r, n := utf8.DecodeRuneInString(s[at:])
			if r == utf8.RuneError || strings.ContainsRune(closers, r) {
				return false
			}
			at += n
		default:
			return closesString(s, at)
		}
	}
	return true
}

// sentenceBreaks are the CJK punctuation marks and dashes that end a quoted value.
const sentenceBreaks = "。、，！？：；—–"

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// htmlQuoteAt returns the length of the HTML character reference of a quote at s[i] (&quot;,
// &apos;, &#34;, &#39;, &#x27;), also escaped again (&amp;quot;, \&quot;, \u0026quot;,
// \\u0026amp;#39;, as HTML-escaped text shows in JSON or HTML), or of its JSON escape (\u0022,
// \u0027), and the quote it writes; else 0.
func htmlQuoteAt(s string, i int) (int, byte) {
	k := i
	for k < len(s) && s[k] == '\\' {
		k++
	}
	switch {
	case k < len(s) && s[k] == '&':
	case k > i && hasPrefixFold(s[k:], "u0022"):
		return k + 5 - i, '"' // JSON's escape of the quote itself (.NET writes it)
	case k > i && hasPrefixFold(s[k:], "u0027"):
		return k + 5 - i, '\''
	case k > i && hasPrefixFold(s[k:], "u0026"):
		k += 4 // its last byte stands for the "&"
	default:
		return 0, 0
	}
	amp := k // the "&", or what stands for it, of the reference that names the quote
	for more := true; more; {
		switch rest := s[amp+1:]; {
		case hasPrefixFold(rest, "amp;"), strings.HasPrefix(rest, "#38;"):
			amp += 4 // &amp;quot;: its ";" stands for the "&"
		case hasPrefixFold(rest, "#x26;"):
			amp += 5
		default:
			more = false
		}
	}
	if amp == i && s[i] == '&' {
		return quoteRefAt(s, i)
	}
	ref := "&" + s[amp+1:min(len(s), amp+1+32)]
	n, q := quoteRefAt(ref, 0)
	if n == 0 {
		return 0, 0
	}
	return amp - i + n, q
}

// quoteRefAt is htmlQuoteAt for one reference, the "&" at s[i].
func quoteRefAt(s string, i int) (int, byte) {
	if i >= len(s) || s[i] != '&' {
		return 0, 0
	}
	n := escapeAt(s, i)
	if n == 0 {
		return 0, 0
	}
	r, _ := escapedRune(s[i : i+n])
	if r != '"' && r != '\'' {
		ref := strings.ToLower(strings.TrimSuffix(s[i+1:i+n], ";"))
		switch ref {
		case "quot":
			r = '"'
		case "apos":
			r = '\''
		default:
			return 0, 0
		}
	}
	return n, byte(r)
}

// closingQuoteRef returns where the next reference of quote q (htmlQuoteAt) at or after from
// is, or -1. Each one opens the string the next one closes: the texts read between them do not
// overlap (linear; a run of backslashes is read once).
func closingQuoteRef(s string, from int, q byte) int {
	for from < len(s) {
		k := strings.IndexAny(s[from:], "&\\")
		if k < 0 {
			return -1
		}
		from += k
		if n, c := htmlQuoteAt(s, from); n > 0 && c == q {
			return from
		}
		for from < len(s) && s[from] == '\\' {
			from++
		}
		if from < len(s) && s[from] == '&' {
			from++
		}
	}
	return -1
}

// quoteRefBefore returns where the quote's HTML reference or JSON escape (htmlQuoteAt) that
// ends at s[end] starts, or -1.
func quoteRefBefore(s string, end int) int {
	if end == 0 || strings.IndexByte(";27", s[end-1]) < 0 { // &quot; \u0022 \u0027
		return -1
	}
	for p := max(0, end-40); p < end; p++ {
		if s[p] != '&' && s[p] != '\\' {
			continue
		}
		if n, _ := htmlQuoteAt(s, p); n == end-p {
			return p
		}
	}
	return -1
}

// closesString reports whether s[at:] is what may follow the quote that closes a string:
// nothing but closing quotes, backslashes, brackets, braces or parentheses up to the end, a
// space, a comma, a semicolon or an ampersand ("password=x"}, "password":"x", ("x"),
// "{\"k\":\"x\"}"), so ending a value there shows no more than punctuation.
func closesString(s string, at int) bool {
	for at < len(s) && strings.IndexByte(`"'\)]}`, s[at]) >= 0 && sepAt(s, at) == 0 { // not \u00a0, \n
		at++
	}
	return at == len(s) || sepAt(s, at) > 0 || strings.IndexByte(",;&", s[at]) >= 0
}

// unquotedEnd returns where an unquoted value that goes on at from ends (valueSpan).
func unquotedEnd(s string, from int) int { return (*valueEnds)(nil).unquotedEnd(s, from) }

func (m *valueEnds) unquotedEnd(s string, from int) int {
	if m == nil {
		return unquotedEndFrom(s, from, nil, nil)
	}
	if m.value == nil {
		m.value = map[int]int{}
	}
	var steps []int
	end := unquotedEndFrom(s, from, m, &steps)
	for _, p := range steps {
		m.value[p] = end
	}
	return end
}

// unquotedEndFrom is unquotedEnd; with m set, it ends where a read it remembers ended when it
// comes to one of its steps, and appends its own steps to steps.
func unquotedEndFrom(s string, from int, m *valueEnds, steps *[]int) int {
	end := from
	open := false       // a quote opened inside the value never closed: its "&", "," and ";" are the value's
	arrowQuote := false // that quote opens an arrow's value (pAss=0⏎->"…): no other quote closes it
	var openQuote byte
	openEscapes := 0
	for end < len(s) {
		if m != nil {
			if e, ok := m.value[end]; ok {
				return e
			}
			*steps = append(*steps, end)
		}
		switch c := s[end]; {
		case c == '&' && plain.SpelledSpace(s[end:]) > 0:
			end += plain.SpelledSpace(s[end:]) // &nbsp; ends a value no more than %C2%A0 does
		case !open && (c == ',' || c == ';' || c == '&') && end > from && arrowThenLineSeparatorBefore(s, end):
			// pAss=0⏎->⏎&0: the value read over line separators took an arrow, whose value
			// starts here, as after spaces a pair's value starting with & would (maskPairs).
			end++
		case isSpace(c) && end > from && lineSeparatedArrowBefore(s, end):
			// pAss=0⏎->\n0: the value read over a line separator took an arrow, whose value
			// follows these separators, as after spaces the arrow's pair is read.
			for end < len(s) && sepAt(s, end) > 0 {
				end += sepAt(s, end)
			}
		case isSpace(c) || !open && (c == ',' || c == ';' || c == '&') || (c >= utf8.RuneSelf || c == '\\') && spaceAt(s, end) > 0:
			return end
		case c >= utf8.RuneSelf && lineSeparatorAt(s, end) > 0 &&
			(pairSeparatorAfter(s, end+lineSeparatorAt(s, end)) || keyThenBreakThenSeparator(s, end+lineSeparatorAt(s, end))):
			// A line separator around = or : separates, as a space there does (pAss=0\u0085=&0),
			// and so does one before a key whose = or : comes after a line break (pAss=0\u0085keY\n:0).
			return end
		case c == '(' || c == '[' || c == '{':
			end = m.closeGroup(s, end)
		case c == '\\' || c == '"' || c == '\'':
			j := end
			for j < len(s) && s[j] == '\\' {
				j++
			}
			if n := escapedSpaceInValue(s, end, j); n > 0 {
				end = j + n // a shell's escaped space: abc\ def is one word
				continue
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				if !open && j == end && j > from && (strings.HasPrefix(s[j+1:], ">") || strings.HasPrefix(s[j+1:], "/>")) && !lineSeparatedArrowBefore(s, j) {
					// Password=ab"/>, <a Password=ab">: the quote closes the attribute the value
					// stands in, a tag's end after it; the markup is no value. Not after an arrow
					// the value took over a line separator (pAss=0⏎->">0): that quote opens the
					// arrow's value, as below.
					return end
				}
				if closesString(s, j+1) {
					if open && s[j] == openQuote && j-end == openEscapes {
						// It closes the quote opened in the value past where quoteClosedOnLine
						// looks (a line separator, a sentence's end): the value goes on after it,
						// as on one line.
						end, open = j+1, false
						continue
					}
					if !open && j == end && j > from && lineSeparatedArrowBefore(s, j) {
						// pAss=0⏎->"&: the value read over a line separator took an arrow, whose
						// quoted value opens here, as after spaces (pAss=0 ->"&) the arrow's pair is read.
						open, openQuote, openEscapes, arrowQuote = true, s[j], 0, true
						end = j + 1
						continue
					}
					if open && arrowQuote && s[j] != openQuote {
						end = j + 1 // pAss=0⏎->"': the other quote is the value's, as in "' after a space
						continue
					}
					if !open && j == end && (onlySeparators(s, j+1, len(s)) || lineSeparatorAt(s, j+1) > 0) && !quoteOpenBefore(s, from, s[j]) {
						// A quote that ends the text but for separators, or that a line separator
						// follows, closes no string opened before the value: it opens one of the
						// value's, as a space before it would have made it an unclosed quote's
						// (pAss=0⏎->"⏎ as pAss=0 ->" , pAss->0⏎->"⏎0 as pAss->0 ->" 0).
						open, openQuote, openEscapes = true, s[j], 0
						end = j + 1
						continue
					}
					return end
				}
				// It opens a quote, as a shell reads password=ab"c&d": what it quotes is the
				// value's, spaces too, up to the quote that closes it.
				if e := quoteClosedOnLine(s, j, j-end); e > j {
					end = e
					continue
				}
				// pAss=0⏎->"0': a quote opening the arrow's value, as after a space, is closed
				// by no other quote.
				if !open && j == end && j > from && lineSeparatedArrowBefore(s, j) {
					arrowQuote = true
				}
				open, openQuote, openEscapes = true, s[j], j-end
				j++
			}
			end = j
		default:
			end++
		}
	}
	return end
}

// quoteClosedOnLine returns where the quote opened at s[q], escapes backslashes before it,
// closes on its line, 256 bytes on at most: after the same quote with as many backslashes
// before it; else -1. A line break's escape written out (\n) ends the line as a line break
// does, and so does the end of a sentence or clause (sentenceEndAt): a stray quote in a value
// takes no prose after it up to a quote far away. A line separator does not: it may be a log
// entry's line break inside the value (MaskLogLines), which must show no more than a space.
func quoteClosedOnLine(s string, q, escapes int) int {
	for p := q + 1; p < len(s) && p-q <= 256 && s[p] != '\n' && s[p] != '\r'; p++ {
		if escapedBreakAt(s, p) && (s[p+1] == 'n' || s[p+1] == 'r') || sentenceEndAt(s, p) {
			return -1
		}
		if s[p] != s[q] {
			continue
		}
		n := 0
		for n < p-q-1 && s[p-n-1] == '\\' {
			n++
		}
		if n == escapes {
			return p + 1
		}
	}
	return -1
}

// sentenceEndAt reports whether a sentence or a clause ends at s[p]: ".", "!", "?", ":" or ";"
// and then a space, a Unicode one or a line break (as written or as a line separator).
func sentenceEndAt(s string, p int) bool {
	if strings.IndexByte(".!?:;", s[p]) < 0 || p+1 >= len(s) {
		return false
	}
	return s[p+1] == '\n' || s[p+1] == '\r' || spaceAt(s, p+1) > 0 || lineSeparatorAt(s, p+1) > 0
}

// escapedSpaceInValue returns the length of the space at s[j] when the backslashes s[from:j]
// escape it inside an unquoted value, as a shell reads password=abc\ def (a line separator
// for the space too, abc\⏎def), else 0: an odd number of them (\\ is an escaped backslash,
// whose space ends the value), and a byte of the value after the space. With nothing after
// it, or "=" or ":", the space ends the value, the backslash its last byte (password=abc\ ),
// as a line separator there does.
func escapedSpaceInValue(s string, from, j int) int {
	n := lineSeparatorAt(s, j) // abc\⏎def: a line separator read as the space it stands for
	if j < len(s) && s[j] == ' ' {
		n = 1
	}
	if j < len(s) && (s[j] == '\n' || s[j] == '\r') {
		// A line continuation (a Java properties file's password=abc\ then   def on the next
		// line, a shell's abc\ then def): the value goes on after the next line's indent.
		n = 1
		if strings.HasPrefix(s[j:], "\r\n") {
			n = 2
		}
		for j+n < len(s) && (s[j+n] == ' ' || s[j+n] == '\t') {
			n++
		}
	}
	if (j-from)%2 == 1 && n > 0 && j+n < len(s) && !isSpace(s[j+n]) && sepAt(s, j+n) == 0 &&
		!pairSeparatorAfter(s, j+n) { // abc\ := or =: a separator after it, as after a line separator
		return n
	}
	return 0
}

// closingQuote returns where the string opened by quote q (itself after escapes backslashes)
// ends at or after from: before the first q with as many backslashes before it (an inner quote
// has more: \" in "…", \\\" in \"…\"), or fewer (the enclosing string ends), or len(s).
func closingQuote(s string, from int, q byte, escapes int) int {
	for p := from; p < len(s); p++ {
		if s[p] != q {
			continue
		}
		n := 0
		for p-n > from && s[p-n-1] == '\\' {
			n++
		}
		if n < escapes || (n-escapes)%(2*(escapes+1)) == 0 {
			return p - min(n, escapes)
		}
	}
	return len(s)
}

// closeGroup returns the position after the bracket, brace or parenthesis that closes the one
// at open (nested ones and double-quoted strings skipped), or len(s).
func closeGroup(s string, open int) int { return (*valueEnds)(nil).closeGroup(s, open) }

func (m *valueEnds) closeGroup(s string, open int) int {
	if m != nil && m.group == nil {
		m.group = map[int]int{}
	}
	var opened []int // with m set, the brackets open at p
	depth := 0
	for p := open; p < len(s); p++ {
		switch s[p] {
		case '(', '[', '{':
			if m != nil {
				if e, ok := m.group[p]; ok { // read before: its group is skipped whole
					if depth == 0 {
						return e
					}
					if e == len(s) {
						p = len(s)
						break
					}
					p = e - 1
					continue
				}
				opened = append(opened, p)
			}
			depth++
		case ')', ']', '}':
			if depth == 1 && odbcEscapedBraceAt(s, open, p) {
				p++
				continue
			}
			if m != nil {
				m.group[opened[len(opened)-1]] = p + 1
				opened = opened[:len(opened)-1]
			}
			if depth--; depth == 0 {
				return p + 1
			}
		case '"':
			for p++; p < len(s) && s[p] != '"'; p++ {
				if s[p] == '\\' {
					p++
				}
			}
		}
	}
	for _, q := range opened {
		m.group[q] = len(s)
	}
	return len(s)
}

// odbcEscapedBraceAt reports whether the "}}" at s[p] is an escaped "}" inside the braced value
// that opens at s[open] after "=" (ODBC's Pwd={a;b}};c}: the value a;b};c), not its end: a "}"
// follows on the line. The reads it makes end at the next "}", so a run of them stays linear.
func odbcEscapedBraceAt(s string, open, p int) bool {
	if s[open] != '{' || open == 0 || s[open-1] != '=' || p+1 >= len(s) || s[p+1] != '}' {
		return false
	}
	for q := p + 2; q < len(s) && s[q] != '\n' && s[q] != '\r'; q++ {
		if s[q] == '}' {
			return true
		}
	}
	return false
}

// bearerProse are the words that follow "bearer" in prose (bearer token expired), not a token.
var bearerProse = []string{"token", "tokens", "auth", "authentication", "authorization", "scheme", "header", "of", "is", "and", "or",
	"required", "missing", "expected", "invalid", "prefix", "realm", "credentials", "must", "not", "was"}

// schemeProse are the words MaskAPIText shows after an Authorization key's scheme other than
// Bearer (Token, ApiKey, Negotiate…), where any other token is the credential: grammar and the
// reasons an API gives (Authorization: Token is missing the scope, ApiKey is not supported,
// Negotiate failed, Token invalid). A fixed list, so that no credential reads as one.
var schemeProse = []string{"is", "are", "was", "were", "has", "have", "had", "or", "and", "not", "no", "must",
	"failed", "invalid", "missing", "required", "expired", "rejected", "unsupported", "supported", "only",
	"allowed", "header", "scheme"}

// maskSchemes masks the token after Bearer (any but a word of bearerProse) and after Basic
// when it decodes to user:password, wherever they stand: the scheme at the start of a word,
// spaces, and the token ([A-Za-z0-9._~+/=-]+, and the rest of its word: bearerWordEnd). A token with "=" in it may be a key
// (Bearer password=x, Bearer password= x): the value after it is masked with it. joined are
// where (sorted) the masks of the tokens line breaks cut (maskTokens with joined set) stand
// in s: such a mask and the rest of its word are the token (Bearer ********.x); a Masked the
// text held before (Bearer ********-style placeholders) is not.
func maskSchemes(s string, joined []int) string {
	var b strings.Builder
	var breaks breakWalk
	seps := separatorWalk{beforeEquals: true}
	var values valueEnds
	var quotes typographicEnds
	eqEnd, eqAt := -1, -1 // the last "=" of the walk that ends at eqEnd
	pos := 0              // s[:pos] is written
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != 'b' || i > 0 && isWordByte(s[i-1]) && spaceBefore(s, i) == 0 && !(i >= 3 && escapeAt(s, i-3) == 3) {
			continue
		}
		basic := hasPrefixFold(s[i:], "basic")
		if !basic && !hasPrefixFold(s[i:], "bearer") {
			continue
		}
		j := i + len("bearer")
		if basic {
			j = i + len("basic")
		}
		space := j
		for j < len(s) && sepAt(s, j) > 0 {
			j += sepAt(s, j)
		}
		if j == space && percentSpaceAt(s, j) > 0 && j+percentSpaceAt(s, j) < len(s) && isTokenByte(s[j+percentSpaceAt(s, j)]) {
			j += percentSpaceAt(s, j) // a URL's query: ?q=Bearer%20token, ?q=Bearer+token
		}
		start := j
		if e := wrappedBearerEnd(s, start); !basic && start > space && e > 0 {
			// Bearer "abc", Bearer (abc), Bearer <abc>: the token inside its wrapping, which stays.
			if start+1 >= pos {
				b.WriteString(s[pos : start+1])
				b.WriteString(Masked)
				pos = e
			}
			i = e - 1
			continue
		}
		if _, ours := slices.BinarySearch(joined, j); ours && !basic && strings.HasPrefix(s[j:], Masked) && j+len(Masked) < len(s) && isTokenByte(s[j+len(Masked)]) {
			j += len(Masked) // a token masked already (a line-wrapped one) and the rest of its word: Bearer ********.x
		}
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		if !basic && j < len(s) && (j > start || s[j] >= utf8.RuneSelf) {
			j = bearerWordEnd(s, j) // a character beyond RFC 6750's ends no token: Bearer abc€23, Bearer ключ
		}
		if start == space || j == start {
			continue
		}
		token := s[start:j]
		credentials, wrapEnd := token, j // Basic's base64, joined over the lines a program wrapped it on
		if basic {
			credentials, wrapEnd = wrappedBase64(s, start, j)
		}
		if basic && !basicCredentials(credentials) || !basic && slices.Contains(bearerProse, strings.ToLower(token)) ||
			strings.EqualFold(token, "bearer") || strings.EqualFold(token, "basic") {
			continue // the token may hold a scheme itself: basic Bearer x
		}
		if basic {
			// Base64 whose "=" is its padding holds no key=: what follows is no value of it
			// (Basic dXNlcjpwYXNz\nAccept: */*).
			j = wrapEnd
		} else if strings.Contains(token, "=") {
			// The token may hold a key= (Bearer password=x): its value goes with it.
			j = max(j, values.unquotedEnd(s, j))
		}
		// A tab's or line break's escape does not end the token (Basic dXNlcjpwYXNz\nZXh0cmE=),
		// nor does a line separator, a break inside one log entry (Bearer abc⏎def): the pass
		// that reads the pair after (maskPairs) takes a mask before a separator for the whole
		// value (pairBreakAt).
		j = breaks.over(s, j, isTokenByte)
		walked := false // over line separators, as a space is not (Bearer⏎=⏎=!)
		if k := seps.over(s, j); k > j {
			if k != eqEnd { // once per walk: the walks of the tokens inside it end where it does
				eqEnd, eqAt = k, j+strings.LastIndexByte(s[j:k], '=')
			}
			if eqAt >= j {
				// A key= the walk reached past a line separator (Bearer 0⏎=⏎0!0, Bearer =0⏎=!):
				// its value goes with it, as with spaces the pair after the token is masked.
				_, e := values.valueSpan(s, eqAt, &quotes)
				if v := eqAt + 1; v < len(s) && strings.IndexByte("&;,", s[v]) >= 0 {
					e = max(e, values.unquotedEnd(s, v+1)) // as maskPairs reads =&x0 after a space
				} else if onlySeparators(s, v, e) {
					// Nothing after the "=" but separators (Bearer 0⏎=\r0): the value after them,
					// as maskPairs reads the pair after a token masked already (******** =\r0).
					for v < len(s) && sepAt(s, v) > 0 {
						v += sepAt(s, v)
					}
					if v > e && v < len(s) && strings.IndexByte("&;,", s[v]) < 0 {
						_, e = values.valueSpan(s, v, &quotes)
						e = max(e, v)
					}
				}
				k = max(k, values.unquotedEnd(s, k), e)
			}
			j, walked = k, true
		}
		if !basic && strings.HasSuffix(token, "=") && (j == start+len(token) || walked || onlySeparators(s, start+len(token), j)) && j < len(s) {
			// Read from the token's end, over the walk's separators as over spaces.
			v := start + len(token)
			for v < len(s) && sepAt(s, v) > 0 {
				v += sepAt(s, v)
			}
			if v < len(s) && strings.IndexByte(",;&", s[v]) < 0 {
				_, e := values.valueSpan(s, v, &quotes)
				e = max(e, v)
				if e < len(s) && (s[e] == '"' || s[e] == '\'') && e > v && s[v] == s[e] {
					e++ // the closing quote of a quoted value
				}
				if e > v && s[e-1] == ':' && strings.ContainsAny(s[start+len(token):v], "\r\n") {
					e = j // the next header's name (Bearer abc==\nAccept: */*), no value
				}
				j = max(j, e)
			}
		}
		// The scan goes on after the token, since what its value took can hold another scheme
		// (Bearer ==)Bearer x); masks that overlap join.
		i = start + len(token) - 1
		if n := trailingSchemeAt(token); n > 0 {
			i = start + n - 1 // Bearer έBearer x: the token ends in a scheme of its own, x its credential
		}
		if start >= pos {
			b.WriteString(s[pos:start])
			b.WriteString(Masked)
		}
		pos = max(pos, j)
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// wrappedBearerEnd returns where a token wrapped in quotes, parentheses or angle brackets at
// s[v] ends (before its closer), a run of token bytes that is no word of bearerProse; else 0.
func wrappedBearerEnd(s string, v int) int {
	k := -1
	if v < len(s) {
		k = strings.IndexByte("\"'(<", s[v])
	}
	if k < 0 {
		return 0
	}
	closer := "\"')>"[k]
	e := v + 1
	for e < len(s) && isTokenByte(s[e]) {
		e++
	}
	if e == v+1 || e >= len(s) || s[e] != closer || slices.Contains(bearerProse, strings.ToLower(s[v+1:e])) {
		return 0
	}
	return e
}

// bearerWordEnd is where the word a Bearer token's run of RFC 6750 characters ends at j goes on
// to: over token bytes and the characters a secret may hold but a word does not end with (!, @,
// #, $, *, ?, ^, |, and letters, digits, marks and symbols beyond ASCII), so none of it shows.
// A space, a comma, a bracket, a quote, a backtick, an escape's backslash, a percent sign or
// an ampersand (a URL's, which the walks after read) still end it.
func bearerWordEnd(s string, j int) int {
	for j < len(s) {
		c := s[j]
		switch {
		case isTokenByte(c) || strings.IndexByte("!@#$*?^|", c) >= 0:
			j++
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsSymbol(r)) {
				return j
			}
			j += n
		default:
			return j
		}
	}
	return j
}

// breakWalk goes on over a tab's or line break's escape written out (\t, \n, %0A, \x0a, &#10;:
// spelledBreakAt) and the run of bytes after it, again and again, for maskTokens (AKIA…\nABC…)
// and maskSchemes (Basic dXNl\ncjpw…): a token does not end there. It remembers how far its
// last walk reached, s[from:to]: the only backslashes, percent signs and ampersands there start
// the escapes it went over (the run's bytes hold none), so a walk that comes to one goes on as that one did, to its end, without
// reading it again. Each token kind's tokens, one after another, walk on to where the same
// text ends (AKIA…\nAKIA…\n…): remembered, each byte is read once. Linear.
type breakWalk struct{ from, to int }

// over returns where the walk from end (a token's end) over escapes and runs of bytes in
// stops.
func (w *breakWalk) over(s string, end int, in func(byte) bool) int {
	from := end
	for {
		n := afterBreaks(s, end) - end // \r\n, %0D%0A: a run of them
		if n == 0 || end+n >= len(s) || !in(s[end+n]) {
			break
		}
		if end >= w.from && end < w.to { // an escape the last walk went over
			end = w.to
			break
		}
		for end += n; end < len(s) && in(s[end]); end++ {
		}
	}
	if end > from {
		w.from, w.to = from, end
	}
	return end
}

// afterBreaks is where the tabs' and line breaks' escapes written out at s[i] (spelledBreakAt:
// \n, \r\n, %0A…) end: i when there are none.
func afterBreaks(s string, i int) int {
	for {
		n := spelledBreakAt(s, i)
		if n == 0 {
			return i
		}
		i += n
	}
}

func isTokenByte(c byte) bool {
	return isWordByte(c) && c != '_' || strings.IndexByte("._~+/=-", c) >= 0
}

// wrappedBase64 returns the base64 at s[start:end] joined with the lines a program wrapped it
// onto (MIME, a log's width: a cut at a multiple of four bytes, no padding before it; the next
// line, maybe indented, nothing but base64 up to its end) while the joined text decodes, and
// where it ends in s; s[start:end] and end when no line follows so.
func wrappedBase64(s string, start, end int) (joined string, to int) {
	joined, to = s[start:end], end
	for len(joined)%4 == 0 && !strings.Contains(joined, "=") {
		p := lineBreaksAt(s, to)
		if p == to || spelledBreakAt(s, to) > 0 {
			break // a break written out (\n) is breakWalk's
		}
		for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		e := p
		for e < len(s) && (isWordByte(s[e]) && s[e] != '_' || s[e] == '+' || s[e] == '/' || s[e] == '=') {
			e++
		}
		if e == p || e < len(s) && lineBreaksAt(s, e) == e && s[e] != '\'' && s[e] != '"' {
			break
		}
		next := joined + s[p:e]
		if _, err := base64.StdEncoding.DecodeString(next); err != nil {
			break // Basic dXNlcjpw⏎Accept: a word on the next line, no base64's end
		}
		joined, to = next, e
	}
	return joined, to
}

// basicCredentials reports whether token is base64 for user:password.
func basicCredentials(token string) bool {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
		if raw, err := enc.DecodeString(token); err == nil && strings.Contains(string(raw), ":") {
			return true
		}
	}
	return false
}

// trailingSchemeAt returns where token ends in a scheme (bearer, basic, any case) after a byte that
// ends a word (έBearer, abc-bearer): the scan reads it as a scheme; else 0. Glued to a word
// (xBearer) it is none.
func trailingSchemeAt(token string) int {
	for _, scheme := range []string{"bearer", "basic"} {
		if n := len(token) - len(scheme); n > 0 && strings.EqualFold(token[n:], scheme) && !isWordByte(token[n-1]) {
			return n
		}
	}
	return 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// pemPrivateKey is a PEM private key block, or what a log line kept of one: its BEGIN line and
// the body after it.
// A space in its BEGIN and END lines may be spelled out (pemSpace: \u00a0, &nbsp;, &#160;,
// %C2%A0, \xc2\xa0, or a Unicode space itself).
var pemPrivateKey = lazyregexp.New(`-----BEGIN(?:[A-Z ]|` + pemSpace + `)*PRIVATE(?: |` + pemSpace + `)KEY` + pemBlock + `-----(?:[^-]|-[^-])*` +
	`(?:-----END(?:[A-Z ]|` + pemSpace + `)*PRIVATE(?: |` + pemSpace + `)KEY` + pemBlock + `-----)?`)

// pemBlock is what an OpenPGP armor's header adds after KEY: -----BEGIN PGP PRIVATE KEY BLOCK-----.
const pemBlock = `(?:(?: |` + pemSpace + `)BLOCK)?`

// pemSpace is a space spelled out, broadly: a Unicode space, an escape (\u00a0, \u{a0},
// \xc2\xa0, \xa0, \302\240), an HTML reference (&nbsp;, &#160;, &#xa0;, with or without its
// semicolon, also HTML-escaped once more: &amp;nbsp;), or percent-encoded bytes (%C2%A0, %20,
// also encoded twice: %2520).
const pemSpace = `(?:[\p{Zs}\x{85}\x{2028}\x{2029}]|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\u\{[0-9a-fA-F]{1,6}\}|(?:\\x[0-9a-fA-F]{2}){1,3}|` +
	`(?:\\[0-3][0-7]{2}){1,3}|&(?:amp;)?#?[A-Za-z0-9]{1,16};?|(?:%(?:25)?[0-9a-fA-F]{2}){1,3})`

// maskPEM masks PEM private key blocks whole, before the key=value rule could take only their
// first word.
func maskPEM(s string) string {
	if !strings.Contains(s, "-----BEGIN") || !strings.Contains(s, "PRIVATE") {
		return s
	}
	return pemPrivateKey.ReplaceAllString(s, Masked)
}

// maskTokens masks tokens known by their documented prefixes (tokenAt) wherever they stand:
// after a space or punctuation, stuck to a word (1ghp_…, TokenAKIA…, yeyJ…), or right after
// another token (ghp_…ghp_…, whose first token's body would otherwise take the second's "ghp"
// and show the rest). Tokens that overlap or touch are masked as one.
// A tab's or line break's escape written out (\t, \n) before a token is a separator
// (token\tghp_…), and one right after its prefix or after its body, in any spelling
// (spelledBreakAt: \n, \r\n, %0A, \x0a, \u000a, &#10;), does not end it (AKIA\nABC…,
// ghp_%0A…, AKIA…%0D%0AMORE): the body is read after it (tokenAt), the token masked on
// (breakWalk). So is a Unicode space spelled out (\u00a0ghp_…, %C2%A0ghp_…: plain.SpelledSpace), whose last
// digit would otherwise join the token's word, and so is any other escape (escapeAt: %3D,
// %0A, %20, \x0a, \u000a, &#10;, &amp;): access_token%3Dghp_… and q=key%20AKIA… are masked.
// Linear: each body's run is read once per kind of token (tokenScan), and each escape a token
// goes on over once (breakWalk). With joined set, only the tokens line breaks cut (joinedBody)
// are masked. masks are where, in the text returned, its masks stand (in order).
func maskTokens(s string, joined bool) (masked string, masks []int) {
	view := escapesBlanked(s)
	var out strings.Builder
	var sc tokenScan
	var breaks breakWalk
	pos := 0                    // s[:pos] is written
	spanStart, spanEnd := 0, -1 // the mask being built: view[spanStart:spanEnd]
	flush := func() {
		if spanEnd < 0 {
			return
		}
		out.WriteString(s[pos:spanStart])
		masks = append(masks, out.Len())
		out.WriteString(Masked)
		pos = spanEnd
	}
	for i := 0; i < len(view); i++ {
		if tokenPrefixAt(view, i) == 0 {
			continue
		}
		// Right after (or inside) a token, a prefix starts the next one as after a space.
		stuck := i > 0 && isWordByte(view[i-1]) && i > spanEnd
		end := sc.tokenAt(view, s, i, stuck)
		if end < 0 || joined && !sc.joined {
			continue
		}
		end = breaks.over(s, end, isKeyByte)
		if i <= spanEnd {
			spanEnd = max(spanEnd, end)
			continue
		}
		flush()
		spanStart, spanEnd = i, end
	}
	if spanEnd < 0 {
		return s, nil
	}
	flush()
	out.WriteString(s[pos:])
	return out.String(), masks
}

// tokenPrefixAt returns the length of a token's documented prefix at s[i] (tokenAt), else 0:
// eyJ, sk-, sk_, rk_, gh[pousr]_, github_pat_, glpat-, xox, xapp-, AKIA, ASIA, AIza, dapi, hf_,
// ya29., hvs., hvb., hvr., npm_, SG., whsec_, GOCSPX-, pypi-AgE, dop_v1_ (doo_, dor_), shpat_
// (shpca_, shppa_, shpss_).
func tokenPrefixAt(s string, i int) int {
	rest := s[i:]
	if len(rest) < 3 {
		return 0
	}
	switch rest[0] {
	case 'e':
		if rest[1] == 'y' && rest[2] == 'J' {
			return 3
		}
	case 's', 'r':
		if rest[1] == 'k' && (rest[2] == '_' || rest[2] == '-' && rest[0] == 's') {
			return 3
		}
		if shopifyPrefix(rest) {
			return len("shpat_")
		}
	case 'g':
		switch {
		case len(rest) >= 4 && rest[1] == 'h' && strings.IndexByte("pousr", rest[2]) >= 0 && rest[3] == '_':
			return 4
		case strings.HasPrefix(rest, "github_pat_"):
			return len("github_pat_")
		case strings.HasPrefix(rest, "glpat-"):
			return len("glpat-")
		}
	case 'x':
		if rest[1] == 'o' && rest[2] == 'x' {
			return 3
		}
		if strings.HasPrefix(rest, "xapp-") {
			return len("xapp-")
		}
	case 'n':
		if strings.HasPrefix(rest, "npm_") {
			return len("npm_")
		}
	case 'S':
		if rest[1] == 'G' && rest[2] == '.' {
			return 3
		}
		if rest[1] == 'K' && isHexDigit(rest[2]) && (rest[2] < 'A' || rest[2] > 'F') {
			return 2 // SK and 32 lower-case hexadecimal digits: a Twilio API key's SID
		}
	case 'w':
		if strings.HasPrefix(rest, "whsec_") {
			return len("whsec_")
		}
	case 'd':
		if strings.HasPrefix(rest, "dapi") {
			return 4
		}
		if digitalOceanPrefix(rest) {
			return len("dop_v1_")
		}
	case 'h':
		if rest[1] == 'f' && rest[2] == '_' {
			return 3
		}
		if len(rest) >= 4 && rest[1] == 'v' && strings.IndexByte("sbr", rest[2]) >= 0 && rest[3] == '.' {
			return 4
		}
	case 'y':
		if strings.HasPrefix(rest, "ya29.") {
			return len("ya29.")
		}
	case 'A':
		if strings.HasPrefix(rest, "AKIA") || strings.HasPrefix(rest, "ASIA") || strings.HasPrefix(rest, "AIza") || awsMorePrefix(rest) {
			return 4
		}
	case 'G':
		if strings.HasPrefix(rest, "GOCSPX-") {
			return len("GOCSPX-")
		}
	case 'p':
		if strings.HasPrefix(rest, "pypi-AgE") {
			return len("pypi-")
		}
	}
	return morePrefixAt(rest)
}

// camelWords reports whether an sk- body reads as words run together in camel case
// (sk-learnUpgradeToVersion15WithNewEstimators, a branch on scikit-learn): three quarters of
// it or more lower-case letters in runs of two or more, with the capital each starts with, a
// vowel in each such run and three in ten of its lower-case letters vowels, as in English, no
// two capitals together, and its digits in one run at most. A key's random body is not (its
// lower-case letters are some 42 % of it, in short runs of any letters): 20 random characters
// pass in about 1 in 10,000, 48 in none of 200,000 (TestR66Hostile10RandomKeysReadAsNoWords).
// One with a documented sub-prefix (proj-, ant-, svcacct-, admin-) or OpenAI's T3BlbkFJ is a
// key.
func camelWords(body string) bool {
	for _, p := range []string{"proj-", "ant-", "svcacct-", "admin-"} {
		if strings.HasPrefix(body, p) {
			return false
		}
	}
	if strings.Contains(body, "T3BlbkFJ") {
		return false
	}
	words, digitRuns, lower, vowels := 0, 0, 0, 0
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c >= 'A' && c <= 'Z':
			if i+1 < len(body) && body[i+1] >= 'A' && body[i+1] <= 'Z' {
				return false
			}
			i++
		case c >= '0' && c <= '9':
			if digitRuns++; digitRuns > 1 {
				return false
			}
			for i < len(body) && body[i] >= '0' && body[i] <= '9' {
				i++
			}
		case c >= 'a' && c <= 'z':
			j := i
			for j < len(body) && body[j] >= 'a' && body[j] <= 'z' {
				j++
			}
			if j-i >= 2 && strings.IndexAny(body[i:j], "aeiouy") < 0 {
				return false
			}
			if j-i >= 2 {
				words += j - i
				if i > 0 && body[i-1] >= 'A' && body[i-1] <= 'Z' {
					words++
				}
			}
			for ; i < j; i++ {
				lower++
				if strings.IndexByte("aeiouy", body[i]) >= 0 {
					vowels++
				}
			}
		default:
			i++
		}
	}
	return words*4 >= len(body)*3 && vowels*10 >= lower*3
}

// Character classes of token bodies.
const (
	classAlnum      = iota // [A-Za-z0-9]
	classAlnumUnder        // [A-Za-z0-9_]
	classURLSafe           // [A-Za-z0-9_-]
	classAlnumDash         // [A-Za-z0-9-]
	classURLSafeDot        // [A-Za-z0-9_.-]
)

func inClass(c byte, class int) bool {
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
		return true
	case c == '_':
		return class == classAlnumUnder || class == classURLSafe || class == classURLSafeDot
	case c == '-':
		return class == classURLSafe || class == classAlnumDash || class == classURLSafeDot
	case c == '.':
		return class == classURLSafeDot
	}
	return false
}

// bodyRun remembers the last run of a class read: s[from:end], and where its last upper-case
// letter, lower-case letter and digit are (-1 for none). A token kind's bodies are read at
// positions that only grow, so a body inside the last run costs nothing and each byte is read
// once per kind: linear.
type bodyRun struct {
	from, end, upper, lower, digit int
	read                           bool
}

// at returns where the run of class that starts at q ends, and whether s[q:end] holds an
// upper-case letter, a lower-case one and a digit.
func (r *bodyRun) at(s string, q, class int) (end int, upper, lower, digit bool) {
	if !r.read || q < r.from || q >= r.end {
		r.read, r.from, r.end, r.upper, r.lower, r.digit = true, q, q, -1, -1, -1
		for r.end < len(s) && inClass(s[r.end], class) {
			switch c := s[r.end]; {
			case c >= 'A' && c <= 'Z':
				r.upper = r.end
			case c >= 'a' && c <= 'z':
				r.lower = r.end
			case c >= '0' && c <= '9':
				r.digit = r.end
			}
			r.end++
		}
	}
	return r.end, r.upper >= q, r.lower >= q, r.digit >= q
}

// tokenScan reads token bodies for maskTokens, one bodyRun per kind of token and part.
type tokenScan struct {
	jwt                                     [3]bodyRun
	sk, stripe, gh, ghPat, glpat, xox, aiza bodyRun
	dapi, hf, ya29, vault                   bodyRun
	digitalOcean, shopify, twilio           bodyRun
	npm, whsec, xapp                        bodyRun
	gocspx, pypi                            bodyRun
	sendGrid                                [2]bodyRun
	joined                                  bool // the last token tokenAt read is one line breaks cut (joinedBody)
}

// How long a token's body must be when its prefix is stuck to a word (highs_…, task-…,
// disk_test_…), where only a token's full shape makes one: a GitHub token's documented 36
// characters, a Stripe key's 24 (as old ones; new ones are longer), 40 after an sk- key's
// sub-prefix or alone (OpenAI's and Anthropic's keys are longer still).
// Google OAuth client secrets are GOCSPX- and 28 URL-safe characters (24 at least read
// alone); PyPI's API tokens pypi- and a macaroon's base64 (AgE…), well over 50.
const (
	gocspxBody  = 28
	gocspxLeast = 24
	pypiLeast   = 50
)

const (
	stuckGitHub = 36
	stuckStripe = 24
	stuckSK     = 40
)

// tokenAt returns where the token that starts at s[i] (tokenPrefixAt) ends, or -1: JWTs,
// OpenAI and Anthropic (sk-), Stripe (sk_live_, rk_test_…), GitHub (ghp_, gho_, ghu_, ghs_,
// ghr_, github_pat_), GitLab (glpat-), Slack (xoxb-…), AWS access key IDs (AKIA, ASIA: 16
// upper-case letters or digits, and then none, or another token), Google API keys (AIza),
// Databricks personal access tokens (dapi and 32 hexadecimal digits), Hugging Face's (hf_),
// Google OAuth access tokens (ya29.) and HashiCorp Vault tokens (hvs., hvb., hvr.). An
// sk- key needs upper and lower case letters and a digit, as keys have and paths
// (s3://bucket/sk-learn-models-2024/) do not. With stuck set (the prefix right after a letter,
// digit or underscore that is no token's), the prefixes that prose words can hold need the
// full shape: a GitHub token's 36 characters, a Stripe key's 24 with upper and lower case
// letters and a digit, an sk- key's 40 after a sub-prefix (sk-proj-, sk-ant-, sk-svcacct-,
// sk-admin-) or of letters and digits alone, so task-runner-… or disk_test_… stay.
// s is the text with its escapes blanked (escapesBlanked), orig the text as written: a tab's or
// line break's escape right after the prefix (AKIA\nABC…, ghp_%0A…, xoxb-&#10;…: spelledBreakAt)
// is gone over, and the body read after it; and a line break inside the body of a token of fixed
// length (AKIAIOSF\nODNN7EXAMPLE: joinedBody) when what follows completes it exactly.
func (sc *tokenScan) tokenAt(s, orig string, i int, stuck bool) int {
	sc.joined = false
	if end, ok := moreTokenAt(s, i); ok {
		if j := moreTokenJoinedAt(s, orig, i); j > 0 { // Groq's 48 then a break: its 52 cut
			sc.joined = true
			return j
		}
		return end
	}
	n := tokenPrefixAt(s, i)
	b := afterBreaks(orig, i+n) // the body
	switch s[i] {
	case 'e': // eyJ….….…
		e1, _, _, _ := sc.jwt[0].at(s, b, classURLSafe)
		if e1-b < 8 || e1 >= len(s) || s[e1] != '.' {
			return -1
		}
		e2, _, _, _ := sc.jwt[1].at(s, e1+1, classURLSafe)
		if e2-e1-1 < 8 || e2 >= len(s) || s[e2] != '.' {
			return -1
		}
		e3, _, _, _ := sc.jwt[2].at(s, e2+1, classURLSafe)
		return e3
	case 's', 'r':
		if n == len("shpat_") { // shpat_ and 32 hexadecimal digits: a Shopify access token
			return sc.hexBody(&sc.shopify, s, b, shopifyBody)
		}
		if s[i+2] == '-' {
			if end := skHexAt(s, b); end > 0 {
				return end
			}
			if end := skHexJoinedAt(s, orig, b); end > 0 {
				sc.joined = true
				return end
			}
			end, upper, lower, digit := sc.sk.at(s, b, classURLSafe)
			if end-b < 20 || !upper || !lower || !digit || camelWords(s[b:end]) {
				return -1
			}
			if stuck {
				sub := 0
				for _, p := range []string{"proj-", "ant-", "svcacct-", "admin-"} {
					if strings.HasPrefix(s[b:end], p) {
						sub = len(p)
					}
				}
				if end-b-sub < stuckSK {
					return -1
				}
				if sub == 0 && strings.ContainsAny(s[b:end], "-_") {
					return -1
				}
			}
			return end
		}
		k := b
		if !strings.HasPrefix(s[k:], "live_") && !strings.HasPrefix(s[k:], "test_") && !strings.HasPrefix(s[k:], "prod_") {
			return -1
		}
		k = afterBreaks(orig, k+len("live_"))
		end, upper, lower, digit := sc.stripe.at(s, k, classAlnum)
		if end-k < 16 || stuck && (end-k < stuckStripe || !upper || !lower || !digit) {
			return -1
		}
		return end
	case 'g':
		run, class, least := &sc.gh, classAlnum, 20
		switch n {
		case len("github_pat_"):
			run, class = &sc.ghPat, classAlnumUnder
		case len("glpat-"):
			run, class = &sc.glpat, classURLSafe
		default:
			if stuck {
				least = stuckGitHub
			}
		}
		end, _, _, _ := run.at(s, b, class)
		if n == len("ghp_") {
			if j := joinedBody(s, orig, b, end, stuckGitHub, func(c byte) bool { return inClass(c, classAlnum) }); j > 0 {
				sc.joined = true
				return j
			}
		}
		if end-b >= least {
			return end
		}
		return -1
	case 'x':
		if n == len("xapp-") { // xapp-1-A0…-…-<hex>: a Slack app-level token
			end, _, _, digit := sc.xapp.at(s, b, classAlnumDash)
			if end-b < xappLeast || !digit || strings.Count(s[b:end], "-") < 3 {
				return -1
			}
			return end
		}
		if b >= len(s) || strings.IndexByte("abposre", s[b]) < 0 || b+1 >= len(s) || s[b+1] != '-' { // xoxe-: a refresh token
			return -1
		}
		k := afterBreaks(orig, b+2)
		if end, _, _, digit := sc.xox.at(s, k, classAlnumDash); end-k >= 10 && digit {
			return end // Slack's tokens hold their team's and user's numbers: xoxb-not-a-token is none
		}
		return -1
	case 'd': // dapi and 32 hexadecimal digits, maybe a workspace's -2
		if n == len("dop_v1_") { // dop_v1_ and 64 hexadecimal digits: a DigitalOcean token
			return sc.hexBody(&sc.digitalOcean, s, b, digitalOceanBody)
		}
		end, upper, _, _ := sc.dapi.at(s, b, classAlnum)
		if end-b != dapiBody || upper || strings.Trim(s[b:end], "0123456789abcdef") != "" {
			return -1
		}
		if end+1 < len(s) && s[end] == '-' && s[end+1] >= '0' && s[end+1] <= '9' {
			for end++; end < len(s) && s[end] >= '0' && s[end] <= '9'; end++ {
			}
		}
		if runsOn(s, end) {
			return -1
		}
		return end
	case 'n': // npm_ and exactly 36 letters and digits, both cases among them
		end, upper, lower, _ := sc.npm.at(s, b, classAlnum)
		if end-b != npmBody || !upper || !lower || runsOn(s, end) {
			return -1
		}
		return end
	case 'S':
		if n == len("SK") { // SK and exactly 32 lower-case hexadecimal digits, wherever it stands
			return sc.hexBody(&sc.twilio, s, b, twilioBody)
		}
		// SG., 22 characters, ".", 43: a SendGrid API key; what the secret's characters
		// run on with (-x, _old) is masked with it, as no word is so shaped.
		e1, _, _, _ := sc.sendGrid[0].at(s, b, classURLSafe)
		if e1-b != sendGridID || e1 >= len(s) || s[e1] != '.' {
			return -1
		}
		e2, _, _, _ := sc.sendGrid[1].at(s, e1+1, classURLSafe)
		if e2-e1-1 < sendGridSecret {
			return -1
		}
		return e2
	case 'w': // whsec_ and 24 or more, both cases and a digit among them: a Stripe webhook secret
		end, upper, lower, digit := sc.whsec.at(s, b, classAlnum)
		if end-b < whsecLeast || !upper || !lower || !digit {
			return -1
		}
		return end
	case 'G': // GOCSPX- and 28 characters: a Google OAuth client's secret
		end, _, _, _ := sc.gocspx.at(s, b, classURLSafe)
		if end-b < gocspxLeast || stuck && end-b != gocspxBody {
			return -1
		}
		return end
	case 'p': // pypi-AgE…, a macaroon's base64, 50 characters or more: a PyPI API token
		end, _, _, _ := sc.pypi.at(s, b, classURLSafe)
		if end-b < pypiLeast {
			return -1
		}
		return end
	case 'y': // ya29. and a long run, dots inside (ya29.c.…), with upper and lower case letters
		end, upper, lower, _ := sc.ya29.at(s, b, classURLSafeDot)
		for end > b && s[end-1] == '.' {
			end-- // a sentence's period
		}
		if end-b < ya29Least || !upper || !lower || stuck && end-b < ya29Stuck {
			return -1
		}
		return end
	case 'h':
		if s[i+1] == 'v' { // hvs., hvb., hvr. and 20 or more, not all lower case (a file's hvs.example)
			end, upper, lower, digit := sc.vault.at(s, b, classURLSafe)
			if end-b < vaultLeast || !upper && !digit || stuck && (!upper || !lower || !digit) {
				return -1
			}
			return end
		}
		// hf_ and 34 letters; stuck to a word, with upper and lower case too
		end, upper, lower, _ := sc.hf.at(s, b, classAlnum)
		if end-b < hfLeast || stuck && (end-b < hfBody || !upper || !lower) {
			return -1
		}
		return end
	}
	if s[i+1] == 'I' { // AIza
		end, _, _, _ := sc.aiza.at(s, b, classURLSafe)
		if j := joinedBody(s, orig, b, end, aizaBody, func(c byte) bool { return inClass(c, classURLSafe) }); j > 0 {
			sc.joined = true
			return j
		}
		if end-b >= aizaBody {
			return end
		}
		return -1
	}
	// AKIA, ASIA: exactly 16 upper-case letters or digits.
	end := b
	for end < len(s) && end-b < akiaBody && upperOrDigit(s[end]) {
		end++
	}
	if j := joinedBody(s, orig, b, end, akiaBody, upperOrDigit); j > 0 {
		sc.joined = true
		return j
	}
	if end-b < akiaBody || runsOn(s, end) && !(s[end] >= 'a' && s[end] <= 'z') {
		return -1
	}
	return end
}

// The bodies of fixed length after their prefix: an AWS access key ID's 16 characters, a Google
// API key's 35 (and a classic GitHub token's 36: stuckGitHub).
const (
	akiaBody = 16
	aizaBody = 35
	dapiBody = 32 // a Databricks personal access token's hexadecimal digits
	hfBody   = 34 // a Hugging Face token's letters, 30 at least when not stuck to a word
	hfLeast  = 30
	// Google OAuth access tokens are a hundred characters or more after ya29.; Vault's, some
	// ninety after hvs.: shorter, a file's or a host's name (ya29.example) stays.
	ya29Least  = 20
	ya29Stuck  = 40
	vaultLeast = 20
	npmBody    = 36 // an npm access token's letters and digits
	// A SendGrid API key's two parts after SG., a Stripe webhook secret's shortest body after
	// whsec_, a Slack app-level token's after xapp-.
	sendGridID     = 22
	sendGridSecret = 43
	whsecLeast     = 24
	xappLeast      = 20
)

// DigitalOcean's tokens are dop_v1_ (personal), doo_v1_ (OAuth) or dor_v1_ (refresh) and 64
// lower-case hexadecimal digits; Shopify's shpat_, shpca_, shppa_ or shpss_ and 32.
const (
	digitalOceanBody = 64
	shopifyBody      = 32
	twilioBody       = 32 // a Twilio API key's SID: SK and 32 lower-case hexadecimal digits
)

func digitalOceanPrefix(s string) bool {
	return len(s) >= len("dop_v1_") && s[0] == 'd' && s[1] == 'o' && strings.IndexByte("por", s[2]) >= 0 && s[3:7] == "_v1_"
}

func shopifyPrefix(s string) bool {
	if len(s) < len("shpat_") || !strings.HasPrefix(s, "shp") || s[5] != '_' {
		return false
	}
	switch s[3:5] {
	case "at", "ca", "pa", "ss":
		return true
	}
	return false
}

// hexBody returns where a body of exactly size lower-case hexadecimal digits that starts at
// s[b] ends, or -1: shorter, longer, or with another letter, it is no such token
// (shpat_example stays).
func (sc *tokenScan) hexBody(run *bodyRun, s string, b, size int) int {
	end, upper, _, _ := run.at(s, b, classAlnum)
	if end-b != size || upper || strings.Trim(s[b:end], "0123456789abcdef") != "" || runsOn(s, end) {
		return -1
	}
	return end
}

// runsOn reports whether the body of a token of fixed length that ends at s[end] runs on into
// a longer word (a letter or digit that starts no token follows it), so that it is no such
// token. An underscore ends the body, as a separator of a name's words (npm_…_old, dapi…_prod).
func runsOn(s string, end int) bool {
	return end < len(s) && isWordByte(s[end]) && s[end] != '_' && tokenPrefixAt(s, end) == 0
}

func upperOrDigit(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// joinedBody returns where a token of a fixed body length (size: AKIA's 16, ghp_'s 36, AIza's
// 35) that line breaks cut ends, else -1: its body's first part, s[b:end] (empty right after
// the prefix), is shorter than size and followed directly by line breaks (lineBreaksAt: \n,
// \r\n, U+2028, %0A…, as a log that wraps lines cuts a token anywhere), each run of them
// with the spaces and tabs that indent the next line, and the runs of body bytes (in) between
// them complete it to exactly size and end at what no word holds (AKIAIOSF\nODNN7EXAMPLE,
// AKIAIO\nSFOD\n  NN7EXAMPLE; not AKIA2024\nRELEASE notes, nor AKIAIOSF\nODNN7 EXAMPLE:
// a part ends only at a line break). It reads at most size body bytes, and the breaks and
// spaces between them: linear.
func joinedBody(s, orig string, b, end, size int, in func(byte) bool) int {
	n := end - b // the body's bytes read
	if n >= size {
		return -1
	}
	j := end
	for n < size {
		k := nextLineAt(orig, j)
		if k < 0 {
			return -1 // a part ends only at a line break
		}
		j = k
		for j < len(s) && n < size && in(s[j]) {
			j++
			n++
		}
		if j == k {
			return -1
		}
	}
	if j < len(s) && (in(s[j]) || isWordByte(s[j])) {
		return -1
	}
	return j
}

// nextLineAt returns where the next line's text starts after the line breaks at orig[j] and
// the spaces and tabs (or their escapes) that indent it, or -1 when no break stands at j.
func nextLineAt(orig string, j int) int {
	k := j
	for {
		e := lineBreaksAt(orig, k)
		if e == k && k > j {
			return k // spaces after a break: the next line's indentation
		}
		if e == k {
			return -1
		}
		for e < len(orig) {
			if orig[e] == ' ' || orig[e] == '\t' {
				e++
			} else if n := indentEscapeAt(orig, e); n > 0 {
				e += n
			} else {
				break
			}
		}
		k = e
	}
}

// indentEscapeAt returns the length of a space's or tab's escape written out at s[i] (%20,
// &#32;, \u0020, \x20, %09, &Tab;, \t: escapeAt), which indents a line as a space or tab
// does, else 0.
func indentEscapeAt(s string, i int) int {
	if i >= len(s) || s[i] != '\\' && s[i] != '%' && s[i] != '&' || s[i] == '\\' && i > 0 && s[i-1] == '\\' {
		return 0
	}
	n := escapeAt(s, i)
	if r, ok := escapedRune(s[i : i+n]); ok && (r == ' ' || r == '\t') {
		return n
	}
	return 0
}

// lineBreaksAt is where the line breaks at s[i] end, as they are (\n, \r, a vertical tab, a
// form feed, a lineSeparator) or written out (spelledBreakAt), but tabs: i when there are none.
func lineBreaksAt(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c >= '\n' && c <= '\r' {
			i++
			continue
		}
		if n := lineSeparatorAt(s, i); n > 0 {
			i += n
			continue
		}
		n := spelledBreakAt(s, i)
		if r, _ := escapedRune(s[i : i+n]); n == 0 || r == '\t' {
			break
		}
		i += n
	}
	return i
}

// escapesBlanked is s with every escape (escapeAt) but its first byte written as spaces: the
// same length, so positions in it are positions in s, and a word after an escape starts a word
// (%3Dghp_…, \u00a0AKIA…), as the escape's last hex digit or letter would otherwise join it.
// s itself when it holds none.
func escapesBlanked(s string) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		j := strings.IndexAny(s[i:], `\&%`)
		if j < 0 {
			break
		}
		i += j
		n := escapeAt(s, i)
		if n == 0 {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		for k := i + 1; k < i+n; k++ {
			b[k] = ' '
		}
		i += n - 1
	}
	if b == nil {
		return s
	}
	return string(b)
}

// escapeAt returns the length of the escape of a character written out at s[i], whatever the
// character: a tab's or line break's (\n: escapedBreakAt), a spelled-out space (plain.SpelledSpace:
// \u00a0, %20, %2520, \302\240, \u{a0}, &amp;nbsp;), a percent-encoded byte (%3D), a byte or code point escape (\x0a,
// \u000a, \U0000000a), or an HTML character reference (&#10;, &#x0a;, &amp;, &nbsp;, and the
// legacy &nbsp and &#160 without a semicolon); else 0.
func escapeAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case '%':
		if n := plain.SpelledSpace(s[i:]); n > 0 {
			return n // %2520, %25C2%25A0: the whole spelling
		}
		if _, ok := hexAt(s, i+1, 2); ok {
			return 3
		}
	case '\\':
		if escapedBreakAt(s, i) {
			return 2
		}
		if n := plain.SpelledSpace(s[i:]); n > 0 {
			return n // \302\240, \u{a0}
		}
		if i+1 < len(s) {
			switch s[i+1] {
			case 'x':
				if _, ok := hexAt(s, i+2, 2); ok {
					return 4
				}
			case 'u':
				if _, ok := hexAt(s, i+2, 4); ok {
					return 6
				}
			case 'U':
				if _, ok := hexAt(s, i+2, 8); ok {
					return 10
				}
			}
		}
	case '&':
		if n := plain.SpelledSpace(s[i:]); n > 0 {
			return n
		}
		j := i + 1
		if j < len(s) && s[j] == '#' {
			j++
			hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
			if hex {
				j++
			}
			d := j
			for j < len(s) && j-d < 7 && (s[j] >= '0' && s[j] <= '9' || hex && isHexDigit(s[j])) {
				j++
			}
			if j == d {
				return 0
			}
		} else {
			for j < len(s) && j-i < 32 && (isLetter(s[j]) || j > i+1 && s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j == i+1 || j >= len(s) || s[j] != ';' {
				return 0
			}
		}
		if j < len(s) && s[j] == ';' {
			j++
		}
		return j - i
	}
	return 0
}

func isHexDigit(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

// hexAt reads the n hex digits at s[i:], if they are there.
func hexAt(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	for k := i; k < i+n; k++ {
		if !isHexDigit(s[k]) {
			return 0, false
		}
	}
	var r rune
	for k := i; k < i+n; k++ {
		c := s[k]
		if c <= '9' {
			r = r<<4 | rune(c-'0')
		} else {
			r = r<<4 | rune(c|0x20-'a'+10)
		}
	}
	return r, true
}

// percentSpaceAt returns the length of a space as a URL's query writes it at s[i] (%20, or a
// plus sign), else 0: after Bearer and Basic it is a separator (?q=Bearer+token; %20 is one
// wherever separators are: sepAt).
func percentSpaceAt(s string, i int) int {
	switch {
	case i < len(s) && s[i] == '+':
		return 1
	case i+3 <= len(s) && s[i] == '%' && s[i+1] == '2' && s[i+2] == '0':
		return 3
	}
	return 0
}
