package present

import (
	"slices"
	"strings"
)

// credentialSegments name a credential as a whole word of a name (nameSegments): Azure's
// shared access signature, abfs_sas_string, AZURE_SAS, SasString (not sasl_mechanism, kansas).
var credentialSegments = []string{"sas"}

// credentialSegment reports whether one of name's words is one of credentialSegments.
func credentialSegment(name string) bool {
	if !strings.Contains(strings.ToLower(name), "sas") {
		return false // most names: no split
	}
	segments, _ := nameSegments(name)
	return slices.ContainsFunc(segments, func(s string) bool { return slices.Contains(credentialSegments, s) })
}

// statusValue reports a value that says whether a setting is on, never what a credential is
// (true, False, enabled, off, required): shown after every credential-named key
// (passwordless: true, secret_rotation: enabled, abfs_skip_signature: true), as a spicepod's
// booleans are.
func statusValue(v string) bool { return slices.Contains(statusWords, strings.ToLower(v)) }

// identifierKeySuffixes end a credential-named key (folded) that names what is public in an
// exchange of credentials, mapped to the shape its value shows in (identifierValue): OAuth's
// client ID (RFC 6749: no secret) and scope, a JWT's audience, issuer and algorithm, the
// header a token is sent in (graphql_auth_header: X-Shopify-Access-Token), a cookie's domain.
var identifierKeySuffixes = [][2]string{
	{"clientid", "id"}, {"audience", "uri"}, {"issuer", "uri"}, {"scope", "scope"}, {"scopes", "scope"},
	{"algorithm", "word"}, {"header", "header"}, {"domain", "domain"},
}

// identifierValue reports whether v has the shape of the identifier that key (folded) ends in
// one of identifierKeySuffixes: an ID (letters, digits, "-", "_", "." and "@", 128 at most); a
// URI (one URL as endpointValue reads it, api://x too, or a word of letters, digits and "-",
// "_", ".", ":" and "/"); a scope (that, "," and "*" too); a word (HS256); a header's name
// (words of letters, then maybe digits, 16 at most, joined by "-": X-Api-Key, X-B3-TraceId;
// never a UUID); a domain (host names' labels, maybe after a "."). Beyond an ID, a run of 16
// or more letters and digits mixing both reads as a token (tokenInPath): masked.
func identifierValue(folded, v string) bool {
	shape := ""
	for _, s := range identifierKeySuffixes {
		if strings.HasSuffix(folded, s[0]) {
			shape = s[1]
		}
	}
	if shape == "" || v == "" || len(v) > 256 {
		return false
	}
	var allowed string // the bytes besides letters and digits
	switch shape {
	case "id":
		allowed = "-_.@"
	case "uri":
		allowed = "-_.:/"
	case "scope":
		allowed = "-_.:/,*"
	case "word":
		allowed = "-_"
	case "header":
		allowed = "-"
	case "domain":
		allowed = "-."
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !isLetter(c) && !(c >= '0' && c <= '9') && strings.IndexByte(allowed, c) < 0 {
			return shape == "uri" && endpointValue(v)
		}
	}
	switch shape {
	case "id":
		return len(v) <= 128
	case "header":
		return headerName(v)
	case "domain":
		labels := strings.Split(strings.TrimPrefix(v, "."), ".")
		tld := labels[len(labels)-1]
		return len(labels) > 1 && len(tld) >= 2 && strings.Trim(tld, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" &&
			!slices.Contains(labels, "") && !tokenInPath(v)
	case "word":
		return len(v) <= 32 && !tokenInPath(v)
	}
	return !tokenInPath(v)
}

// headerName reports an HTTP header's name as configurations write one: words joined by "-",
// each letters then maybe digits, 16 at most (X-Api-Key, X-B3-TraceId, Authorization).
func headerName(v string) bool {
	for _, w := range strings.Split(v, "-") {
		letters := len(w) - len(strings.TrimLeft(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		if letters == 0 || len(w) > 16 || strings.Trim(w[letters:], "0123456789") != "" {
			return false
		}
	}
	return true
}
