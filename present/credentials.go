package present

import (
	"encoding/base64"
	"slices"
	"strings"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// This file is the one definition of what a credential looks like in text. The spicepod
// masker (spicepod.go: every string outside params, the query parameters of its URLs, and
// its keys) and the log masker (MaskLogLines: instance logs, the failed-deployment logs of
// get_deployment, wait_for_deployment and create_and_deploy_app) both use it. In text, MaskText masks:
//
//   - in every URL (wherever "://" occurs), the userinfo whole, with or without a user or a
//     password (https://TOKEN@host, https://:pw@host, https://user:pw@host), unless its
//     password is a ${...} reference or it names an Azure storage container; and the values of
//     credential-named query parameters (credentialName with query set: ?sig=, ?code=,
//     ?X-Amz-Signature=, ?X-Goog-Credential=, ?jwt=…);
//   - the value of a credential-named key (credentialName) written key=value, key: value or
//     "key":"value" (password=…, api_key: …, "client_secret":"…", PWD=…; a value that is a
//     whole ${...} reference stays);
//   - the token after Bearer, and after Basic when it decodes to user:password;
//   - tokens recognisable by their prefix wherever they stand (JWTs, sk-…, ghp_…,
//     github_pat_…, glpat-…, xoxb-…, AKIA…, AIza…) and PEM private key blocks.

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

// credentialWholeNames mark one only as the whole folded name (a "sig" of a signed URL, a
// personal access token "pat", a "key").
var credentialWholeNames = []string{"key", "keys", "sig", "pat"}

// A URL query parameter is a credential also when its folded name contains key (?key=,
// ?subscription-key=, ?X-Amz-Security-Key=) or is code (an OAuth authorization code): the
// rule by which the HTTP transport refuses query parameters (mcpserver/transport.go). In keys
// and key=value text these are left out, since key_id, keyspace or "status code: 503" name no
// credential.
var (
	queryCredentialWords = []string{"key"}
	queryCredentialNames = []string{"code"}
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
	contains := func(w string) bool { return strings.Contains(folded, w) }
	if slices.Contains(credentialWholeNames, folded) || slices.ContainsFunc(credentialWords, contains) {
		return true
	}
	if (strings.HasSuffix(folded, "key") || strings.HasSuffix(folded, "keys")) &&
		!slices.Contains(structuralKeys, strings.TrimSuffix(folded, "s")) {
		return true
	}
	return query && (slices.Contains(queryCredentialNames, folded) || slices.ContainsFunc(queryCredentialWords, contains))
}

// appendFolded appends name lowercased with only its letters and digits (ASCII, after Unicode
// case folding, so the long s ſ and the Kelvin sign K read s and k).
func appendFolded(b []byte, name string) []byte {
	for _, r := range name {
		r = simpleLower(r)
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b = append(b, byte(r))
		}
	}
	return b
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
// everything else is kept as written. It is idempotent.
func MaskText(s string) string {
	s = maskPEM(s)
	s = maskURLs(s)
	s = maskPairs(s)
	schemes, tokens := wordHints(s)
	if schemes {
		s = maskSchemes(s)
	}
	if tokens {
		s = maskTokens(s)
	}
	return s
}

// wordHints reports, in one pass, whether a word of s (at its start or after a byte that is
// not a letter, digit or underscore) starts like an authorization scheme (Bearer, Basic, any
// case) or like one of tokenPrefixes: text with neither skips both regular expressions.
func wordHints(s string) (schemes, tokens bool) {
	word := false // s[i-1] is a word byte
	for i := 0; i < len(s) && !(schemes && tokens); i++ {
		c := s[i]
		start := !word
		word = isWordByte(c)
		if !start || !word {
			continue
		}
		if lower := c | 0x20; !schemes && lower == 'b' {
			schemes = hasPrefixFold(s[i:], "bearer") || hasPrefixFold(s[i:], "basic")
		}
		if !tokens && strings.IndexByte("esrgxA", c) >= 0 {
			tokens = slices.ContainsFunc(tokenPrefixes, func(p string) bool { return strings.HasPrefix(s[i:], p) })
		}
	}
	return schemes, tokens
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// maskPairs masks the values of credential-named keys: key=value, key: value (a space after
// the colon, so connector:path and ${secrets:NAME} are not pairs) and "key":"value". A quoted
// value keeps its quotes; an unquoted one ends at a space, a comma, a semicolon, an ampersand
// or a quote. A value that is Masked already, or a whole ${...} reference, stays. After key: or
// key= an authorization scheme (Bearer, Basic, Token, Digest) is kept and the token after it
// masked.
func maskPairs(s string) string {
	if !strings.ContainsAny(s, "=:") {
		return s
	}
	var b strings.Builder
	pos := 0 // s[:pos] is written
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '=' && c != ':' {
			continue
		}
		keyEnd := i
		quoted := keyEnd > 0 && (s[keyEnd-1] == '"' || s[keyEnd-1] == '\'')
		if quoted {
			keyEnd--
		}
		if c == ':' && !quoted && (i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\t')) {
			continue
		}
		keyStart := keyEnd
		for keyStart > pos && isKeyByte(s[keyStart-1]) {
			keyStart--
		}
		if keyStart > 0 && s[keyStart-1] == '\\' && keyEnd-keyStart > 5 && strings.EqualFold(s[keyStart:keyStart+5], "u0026") {
			keyStart += 5 // JSON's escaped ampersand (\u0026) before the name
		}
		if keyStart == keyEnd || inReference(s[:keyStart]) || !credentialName(s[keyStart:keyEnd], false) {
			continue
		}
		v := i + 1
		for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
			v++
		}
		v = skipScheme(s, v)
		start, end := valueSpan(s, v)
		value := s[start:end]
		if value == "" || strings.HasPrefix(value, Masked) || isReference(value) {
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

// inReference reports whether a key that follows before starts a ${...} reference
// (${ secrets: NAME }).
func inReference(before string) bool {
	return strings.HasSuffix(strings.TrimRight(before, " \t"), "${")
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// authSchemes are the authorization schemes kept before the token they introduce.
var authSchemes = []string{"bearer", "basic", "token", "digest"}

// skipScheme returns the position after an authorization scheme and its spaces at v, or v.
func skipScheme(s string, v int) int {
	for _, scheme := range authSchemes {
		n := len(scheme)
		if len(s) > v+n && strings.EqualFold(s[v:v+n], scheme) && (s[v+n] == ' ' || s[v+n] == '\t') {
			w := v + n
			for w < len(s) && (s[w] == ' ' || s[w] == '\t') {
				w++
			}
			if w < len(s) {
				return w
			}
		}
	}
	return v
}

// valueSpan returns where the value at v starts and ends: inside its quotes, or up to a space,
// comma, semicolon, ampersand or quote.
func valueSpan(s string, v int) (start, end int) {
	if v < len(s) && (s[v] == '"' || s[v] == '\'') {
		if j := strings.IndexByte(s[v+1:], s[v]); j >= 0 {
			return v + 1, v + 1 + j
		}
		return v + 1, len(s)
	}
	end = v
	for end < len(s) && !strings.ContainsRune(" \t\n\r,;&\"'", rune(s[end])) {
		end++
	}
	return v, end
}

// schemeToken finds "Bearer TOKEN" and "Basic TOKEN" wherever they stand.
var schemeToken = lazyregexp.New(`(?i)\b(bearer|basic)([ \t]+)([A-Za-z0-9._~+/=-]+)`)

// maskSchemes masks a bearer token (8 characters or more: "bearer token" in a sentence is not
// one) and a Basic token that decodes to user:password.
func maskSchemes(s string) string {
	return schemeToken.ReplaceAllStringFunc(s, func(m string) string {
		sub := schemeToken.FindStringSubmatch(m)
		scheme, space, token := sub[1], sub[2], sub[3]
		if strings.EqualFold(scheme, "basic") {
			if !basicCredentials(token) {
				return m
			}
		} else if len(token) < 8 {
			return m
		}
		return scheme + space + Masked
	})
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

// tokenPrefixes are the literal starts of prefixedToken's alternatives (wordHints).
var tokenPrefixes = []string{"eyJ", "sk-", "sk_", "rk_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"xox", "AKIA", "ASIA", "AIza"}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// prefixedToken finds tokens by their documented prefixes: JWTs, OpenAI and Anthropic (sk-),
// Stripe (sk_live_, rk_test_…), GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab
// (glpat-), Slack (xoxb-…), AWS access key IDs (AKIA, ASIA), Google API keys (AIza), and PEM
// private key blocks (or what a log kept of one: its BEGIN line and the body after it).
var prefixedToken = lazyregexp.New(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*` +
	`|\bsk-[A-Za-z0-9_-]{20,}` +
	`|\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}` +
	`|\bgh[pousr]_[A-Za-z0-9]{20,}` +
	`|\bgithub_pat_[A-Za-z0-9_]{20,}` +
	`|\bglpat-[A-Za-z0-9_-]{20,}` +
	`|\bxox[abposr]-[A-Za-z0-9-]{10,}` +
	`|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b` +
	`|\bAIza[A-Za-z0-9_-]{35}`)

// pemPrivateKey is a PEM private key block, or what a log line kept of one: its BEGIN line and
// the body after it.
var pemPrivateKey = lazyregexp.New(`-----BEGIN[A-Z ]*PRIVATE KEY-----(?:[^-]|-[^-])*(?:-----END[A-Z ]*PRIVATE KEY-----)?`)

// maskPEM masks PEM private key blocks whole, before the key=value rule could take only their
// first word.
func maskPEM(s string) string {
	if !strings.Contains(s, "PRIVATE KEY-----") {
		return s
	}
	return pemPrivateKey.ReplaceAllString(s, Masked)
}

// maskTokens masks prefixedToken's matches. An sk- token needs upper and lower case letters
// and a digit, as keys have and paths (s3://bucket/sk-learn-models-2024/) do not.
func maskTokens(s string) string {
	return prefixedToken.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "sk-") && !(strings.ContainsFunc(m, unicode.IsUpper) &&
			strings.ContainsFunc(m[3:], unicode.IsLower) && strings.ContainsFunc(m, unicode.IsDigit)) {
			return m
		}
		return Masked
	})
}
