package present

import "strings"

// moreToken is a family of tokens of a fixed shape after a distinctive prefix (gitleaks' rules,
// the providers' documentation) that a Spice user plausibly pastes: LLM providers a spicepod's
// models use, and observability. body is the length of what follows prefix, of the bytes ok
// takes (or short, another length a source gives); parts, when set, are the lengths of runs of
// ok joined by sep (LangSmith's 32_10). Where sources disagree the wider reading is taken, so
// that no real key escapes: Groq's 52 (trufflehog) or 48 (gitleaks), LangSmith's lower-case
// letters and digits and New Relic's of either case (gitleaks).
type moreToken struct {
	prefix string
	ok     func(byte) bool
	body   int
	short  int
	parts  []int
}

var moreTokens = []moreToken{
	{prefix: "gsk_", ok: isAlnum, body: 52, short: 48},           // Groq
	{prefix: "xai-", ok: isAlnum, body: 80},                      // xAI
	{prefix: "pplx-", ok: isAlnum, body: 48},                     // Perplexity
	{prefix: "r8_", ok: isAlnumDash, body: 37},                   // Replicate
	{prefix: "lsv2_pt_", ok: isLowerAlnum, parts: []int{32, 10}}, // LangSmith personal access token
	{prefix: "lsv2_sk_", ok: isLowerAlnum, parts: []int{32, 10}}, // LangSmith service key
	{prefix: "NRAK-", ok: isAlnum, body: 27},                     // New Relic user API key
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
func isAlnumDash(c byte) bool  { return isAlnum(c) || c == '-' || c == '_' }
func isLowerHex(c byte) bool   { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
func isLowerAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' }

// morePrefixAt is the length of a moreTokens prefix rest starts with, else 0 (tokenPrefixAt).
func morePrefixAt(rest string) int {
	for _, k := range moreTokens {
		if strings.HasPrefix(rest, k.prefix) {
			return len(k.prefix)
		}
	}
	return 0
}

// moreTokenAt returns where the moreTokens token at s[i] ends, or -1: its body exactly as long
// as its family's, not running on into a longer word (runsOn: an underscore ends it, as a
// name's words' separator). ok reports a moreTokens prefix.
func moreTokenAt(s string, i int) (end int, ok bool) {
	for _, k := range moreTokens {
		if !strings.HasPrefix(s[i:], k.prefix) {
			continue
		}
		parts := k.parts
		if parts == nil {
			parts = []int{k.body}
		}
		end = i + len(k.prefix)
		for p, n := range parts {
			if p > 0 {
				if end >= len(s) || s[end] != '_' {
					return -1, true
				}
				end++
			}
			from := end
			for end < len(s) && end-from < n && k.ok(s[end]) {
				end++
			}
			if end-from != n && (k.short == 0 || end-from != k.short) {
				return -1, true
			}
		}
		if runsOn(s, end) {
			return -1, true
		}
		return end, true
	}
	return -1, false
}

// skHexAt returns where an sk- key of lower-case hexadecimal digits whose body starts at s[b]
// ends, or -1: OpenRouter's sk-or-v1- and 64, DeepSeek's sk- and 32, each exactly, not running
// on (runsOn), wherever it stands: stuck to a word too, so a digest after a word's "sk-"
// (task-<md5>) is masked, on the safe side.
func skHexAt(s string, b int) int {
	size := 32
	if strings.HasPrefix(s[b:], "or-v1-") {
		b, size = b+len("or-v1-"), 64
	}
	end := b
	for end < len(s) && end-b < size && isLowerHex(s[end]) {
		end++
	}
	if end-b != size || runsOn(s, end) {
		return -1
	}
	return end
}

// moreTokenJoinedAt returns where a moreTokens token at s[i] that line breaks cut ends (joinedBody:
// its body's runs, between breaks and the next line's indentation, complete it exactly, as a
// log wrapped at 76 columns cuts it), else -1. A body of parts is read as one of its bytes and
// the separator, then must hold the separator exactly where the parts meet. orig is s as
// written (tokenAt).
func moreTokenJoinedAt(s, orig string, i int) int {
	for _, k := range moreTokens {
		if !strings.HasPrefix(s[i:], k.prefix) {
			continue
		}
		size, in := k.body, k.ok
		if k.parts != nil {
			size = len(k.parts) - 1
			for _, n := range k.parts {
				size += n
			}
			in = func(c byte) bool { return k.ok(c) || c == '_' }
		}
		b := i + len(k.prefix)
		j := joinedRun(s, orig, b, size, in)
		if j < 0 && k.short > 0 {
			j = joinedRun(s, orig, b, k.short, in)
		}
		if j < 0 || k.parts == nil {
			return j
		}
		body, at := joinedBytes(s[b:j], in), 0
		for p, n := range k.parts {
			if p > 0 && body[at-1] != '_' || strings.IndexByte(body[at:at+n], '_') >= 0 {
				return -1
			}
			at += n + 1
		}
		return j
	}
	return -1
}

// skHexJoinedAt is skHexAt for a key line breaks cut (joinedBody): its body starts at s[b].
func skHexJoinedAt(s, orig string, b int) int {
	size := 32
	if strings.HasPrefix(s[b:], "or-v1-") {
		b, size = b+len("or-v1-"), 64
	}
	return joinedRun(s, orig, b, size, isLowerHex)
}

// joinedRun is joinedBody of the body of size bytes of in that starts at s[b].
func joinedRun(s, orig string, b, size int, in func(byte) bool) int {
	end := b
	for end < len(s) && end-b < size && in(s[end]) {
		end++
	}
	return joinedBody(s, orig, b, end, size, in)
}

// joinedBytes is the bytes of in that body (a joined token's, escapes blanked) holds, without
// the breaks and indentation between them.
func joinedBytes(body string, in func(byte) bool) string {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if in(body[i]) {
			b.WriteByte(body[i])
		}
	}
	return b.String()
}
