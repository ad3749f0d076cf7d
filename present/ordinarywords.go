package present

import (
	"slices"
	"strings"
)

// ordinaryWords are English words that hold a credential word (pass, auth, token, secret) but
// name none: compass, bypass, passenger, author, tokenizer, secretary. They excuse it only as a
// whole word of the name, read as its snake, kebab, dotted or camel segments: bypass_cache,
// bypassCache and BYPASS are ordinary; com_pass, comPass, bypasspassword and passenger_password
// are not, and neither is a name holding anything but ASCII letters, digits and separators
// (when in doubt, mask).
var ordinaryWords = map[string][]string{
	"pass": {"compass", "compasses", "encompass", "compassion", "bypass", "bypassed", "bypasses", "bypassing",
		"surpass", "surpassed", "trespass", "trespasser", "overpass", "underpass", "passenger", "passengers",
		"passive", "passively", "passage", "passages", "passageway", "passthrough", "passthru", "passover",
		"passable", "impasse", "passed", "passing", "passerby", "passport", "passports"},
	"auth":   {"author", "authors", "authored", "authoring", "authorship", "authority", "authorities", "coauthor", "coauthors"},
	"token":  {"tokenizer", "tokenizers", "tokenize", "tokenized", "tokenization", "detokenizer"},
	"secret": {"secretary", "secretaries", "secretariat"},
}

// ordinaryKeyWords end in key but name no key: key's suffix rule leaves them out as the name's
// last segment (a plural too): monkey, hotkey.
var ordinaryKeyWords = []string{"monkey", "donkey", "turkey", "hockey", "jockey", "whiskey", "hotkey", "turnkey", "lackey"}

// nameSegments splits a plain ASCII name into its words, lowercased: at every byte other
// than a letter, and before an upper-case letter that follows a lower-case one (bypassCache:
// bypass, cache). ok is false for a name holding other than ASCII letters, digits, "_", "-",
// "." and blanks: its words are not read (a JSON escape, a homoglyph).
func nameSegments(name string) (segments []string, ok bool) {
	start := -1
	for i := 0; i <= len(name); i++ {
		var c byte
		if i < len(name) {
			c = name[i]
			if !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.' && c != ' ' {
				return nil, false
			}
		}
		letter := i < len(name) && isLetter(c)
		camel := letter && c >= 'A' && c <= 'Z' && i > 0 && name[i-1] >= 'a' && name[i-1] <= 'z'
		if start >= 0 && (!letter || camel) {
			segments = append(segments, strings.ToLower(name[start:i]))
			start = -1
		}
		if letter && start < 0 {
			start = i
		}
	}
	return segments, true
}

// ordinaryMark reports whether every occurrence of the credential word w in name (folded:
// its folded form) stands inside one of its ordinaryWords, a whole segment of the name; so
// the word marks no credential there.
func ordinaryMark(name, folded, w string) bool {
	words := ordinaryWords[w]
	if words == nil {
		return false
	}
	segments, ok := nameSegments(name)
	if !ok {
		return false
	}
	excused := 0
	for _, s := range segments {
		if slices.Contains(words, s) {
			excused += strings.Count(s, w)
		}
	}
	return excused > 0 && excused == strings.Count(folded, w)
}

// ordinaryKeyEnd reports whether name's last segment is one of ordinaryKeyWords (or its
// plural): a key's suffix rule does not read it.
func ordinaryKeyEnd(name string) bool {
	segments, ok := nameSegments(name)
	if !ok || len(segments) == 0 {
		return false
	}
	return slices.Contains(ordinaryKeyWords, strings.TrimSuffix(segments[len(segments)-1], "s"))
}

// urlKeySuffixes end a credential-named key that names where one authenticates (token_url,
// auth_uri, authorization_endpoint: OAuth's configuration in a spicepod, a service account's
// JSON): its value, a URL, is shown, and masked by the URL rules as every URL is (userinfo,
// ?client_secret=).
var urlKeySuffixes = []string{"url", "uri", "endpoint", "urls", "uris", "endpoints"}

// endpointValue reports whether v is one URL: a scheme of letters, "://", then bytes that are
// neither blanks, quotes, nor brackets (a value holding more than a URL is masked), and no "="
// or ";" but in its query, whose pairs the URL rules read (a path's ;jsessionid=, a fragment's
// #access_token= are masked with the whole value).
func endpointValue(v string) bool {
	k := strings.Index(v, "://")
	if k <= 0 || len(v) > 2048 || k+3 == len(v) {
		return false
	}
	q := strings.IndexByte(v, '?')
	if q < 0 {
		q = len(v)
	}
	f := strings.IndexByte(v, '#')
	if strings.ContainsAny(v[:min(q, len(v))], "=;") || f >= 0 && (f < q || strings.IndexByte(v[f:], '=') >= 0) {
		return false
	}
	for i := 0; i < k; i++ {
		if c := v[i]; !isLetter(c) && !(i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-')) {
			return false
		}
	}
	for i := k + 3; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"'`<>{}[]()\\", c) >= 0 {
			return false
		}
	}
	return !tokenInPath(v[k+3 : q])
}

// tokenInPath reports whether a URL's host and path hold a run of 16 or more letters and digits
// mixing both, as a webhook's or a key's URL does (hooks.slack.com/services/…/abcdEFGH1234…):
// there the URL is the secret. A tenant's UUID (runs of 12 at most), a realm or a version is
// none.
func tokenInPath(p string) bool {
	run, letters, digits := 0, false, false
	for i := 0; i <= len(p); i++ {
		if i < len(p) && (isLetter(p[i]) || p[i] >= '0' && p[i] <= '9') {
			run++
			letters = letters || isLetter(p[i])
			digits = digits || !isLetter(p[i])
			continue
		}
		if run >= 16 && letters && digits {
			return true
		}
		run, letters, digits = 0, false, false
	}
	return false
}

// quotedSASAt reports whether a quoted Azure SAS query starts at s[v]: a quote, the query
// (sasQueryAt), and the same quote right where it ends. A sig holding a blank inside the
// quotes ends the query at the blank: that value is masked whole.
func quotedSASAt(s string, v int) bool {
	if v >= len(s) || s[v] != '"' && s[v] != '\'' {
		return false
	}
	sas, _, e := sasQueryAt(s, v+1)
	return sas && e < len(s) && s[e] == s[v]
}
