package present

import "strings"

// moreToken is a family of tokens of a fixed shape after a distinctive prefix (gitleaks' rules,
// the providers' documentation) that a Spice user plausibly pastes: LLM providers a spicepod's
// models use, observability, and the platforms data and code live on. body is the length of
// what follows prefix, of the bytes ok takes (or short, another length a source gives); parts,
// when set, are the lengths of runs of ok joined by sep ('_' unless set: LangSmith's 32_10);
// least, when set instead, is the shortest run of ok a token of no fixed length has (base64
// payloads); head, when set, reads a part before the body (Doppler's service tokens'
// environment, GitLab's CI/CD job tokens' first part) and gives where the body starts, or -1.
// Where sources disagree the wider reading is taken, so that no real key escapes:
// Groq's 52 (trufflehog) or 48 (gitleaks), LangSmith's lower-case letters and digits and New
// Relic's of either case (gitleaks).
type moreToken struct {
	prefix string
	ok     func(byte) bool
	body   int
	short  int
	parts  []int
	sep    byte
	least  int
	head   func(s string, at int) int
}

var moreTokens = []moreToken{
	{prefix: "gsk_", ok: isAlnum, body: 52, short: 48},           // Groq
	{prefix: "xai-", ok: isAlnum, body: 80},                      // xAI
	{prefix: "pplx-", ok: isAlnum, body: 48},                     // Perplexity
	{prefix: "r8_", ok: isAlnumDash, body: 37},                   // Replicate
	{prefix: "lsv2_pt_", ok: isLowerAlnum, parts: []int{32, 10}}, // LangSmith personal access token
	{prefix: "lsv2_sk_", ok: isLowerAlnum, parts: []int{32, 10}}, // LangSmith service key
	{prefix: "NRAK-", ok: isAlnum, body: 27},                     // New Relic user API key
	// Round 69 (gitleaks' rules unless said): AWS Bedrock's long-lived API keys, base64.
	{prefix: "ABSK", ok: isBase64Pad, least: 109},
	{prefix: "api_org_", ok: isLetter, body: 34},                      // Hugging Face organisation token
	{prefix: "dp.pt.", ok: isAlnum, body: 43},                         // Doppler personal token
	{prefix: "pul-", ok: isLowerHex, body: 40},                        // Pulumi access token
	{prefix: "sntryu_", ok: isLowerHex, body: 64},                     // Sentry user auth token
	{prefix: "sntrys_eyJ", ok: isBase64PadUnder, least: 60},           // Sentry organisation token
	{prefix: "lin_api_", ok: isAlnum, body: 40},                       // Linear API key
	{prefix: "sbp_", ok: isLowerAlnum, body: 40},                      // Supabase access token (trufflehog)
	{prefix: "HRKU-AA", ok: isAlnumDash, body: 58},                    // Heroku API key
	{prefix: "glsa_", ok: isAlnum, parts: []int{32, 8}},               // Grafana service account token
	{prefix: "glc_eyJ", ok: isBase64Pad, least: 29},                   // Grafana Cloud access policy token: base64 JSON
	{prefix: "ntn_", ok: isAlnum, body: 46},                           // Notion integration token
	{prefix: "ATATT3", ok: isAlnumDashPad, body: 186},                 // Atlassian API token
	{prefix: "fo1_", ok: isAlnumDash, body: 43},                       // Fly.io access token
	{prefix: "pscale_tkn_", ok: isAlnumDashPad, least: 32},            // PlanetScale service token
	{prefix: "pscale_pw_", ok: isAlnumDashPad, least: 32},             // PlanetScale database password
	{prefix: "pscale_oauth_", ok: isAlnumDashPad, least: 32},          // PlanetScale OAuth token
	{prefix: "PMAK-", ok: isHexDigit, parts: []int{24, 34}, sep: '-'}, // Postman API key
	{prefix: "dt0c01.", ok: isAlnum, parts: []int{24, 64}, sep: '.'},  // Dynatrace API token
	{prefix: "gldt-", ok: isAlnumDash, body: 20},                      // GitLab deploy token
	{prefix: "glrt-", ok: isAlnumDash, body: 20},                      // GitLab runner token
	{prefix: "glptt-", ok: isLowerHex, body: 40},                      // GitLab pipeline trigger token
	{prefix: "GR1348941", ok: isAlnumDash, body: 20},                  // GitLab runner registration token
	// Round 70 (gitleaks' rules): GitLab's other tokens, Brevo's API keys (64 hexadecimal digits
	// read as letters and digits, the wider reading), Cloudflare's origin CA keys.
	{prefix: "glimt-", ok: isAlnumDash, body: 25},                      // GitLab incoming mail token
	{prefix: "gloas-", ok: isAlnumDash, body: 64},                      // GitLab OAuth application secret
	{prefix: "glsoat-", ok: isAlnumDash, body: 20},                     // GitLab SCIM token
	{prefix: "glffct-", ok: isAlnumDash, body: 20},                     // GitLab feature flag client token
	{prefix: "glft-", ok: isAlnumDash, body: 20},                       // GitLab feed token
	{prefix: "glagent-", ok: isAlnumDash, body: 50},                    // GitLab Kubernetes agent token
	{prefix: "xkeysib-", ok: isAlnum, parts: []int{64, 16}, sep: '-'},  // Brevo (Sendinblue) API key
	{prefix: "v1.0-", ok: isLowerHex, parts: []int{24, 146}, sep: '-'}, // Cloudflare origin CA key
	// Round 71: Doppler's service tokens (an optional environment slug of 2 to 35 and ".", then
	// 40 to 44 letters and digits: Nosey Parker's np.doppler.3, read as 40 or more) and CLI
	// tokens (40 to 44: Kingfisher's kingfisher.doppler.1), GitLab's CI/CD job tokens (1 to 5
	// letters and digits, "_", 20 of [\w-]: gitleaks' gitlab-cicd-job-token), Brevo's SMTP keys
	// (xkeysib-'s shape: the keys Brevo issues show it).
	{prefix: "dp.st.", ok: isAlnum, least: 40, head: dopplerEnvironment},    // Doppler service token
	{prefix: "dp.ct.", ok: isAlnum, least: 40},                              // Doppler CLI token
	{prefix: "glcbt-", ok: isAlnumDash, body: 20, head: gitlabJobTokenHead}, // GitLab CI/CD job token
	{prefix: "xsmtpsib-", ok: isAlnum, parts: []int{64, 16}, sep: '-'},      // Brevo SMTP key
}

// dopplerEnvironment skips a Doppler service token's environment slug ([a-z0-9_-]{2,35} and
// "."), where one stands at s[at].
func dopplerEnvironment(s string, at int) int {
	end := at
	for end < len(s) && end-at <= 35 && (isLowerAlnum(s[end]) || s[end] == '-' || s[end] == '_') {
		end++
	}
	if n := end - at; n >= 2 && n <= 35 && end < len(s) && s[end] == '.' {
		return end + 1
	}
	return at
}

// gitlabJobTokenHead reads a GitLab CI/CD job token's first part (1 to 5 letters and digits,
// then "_") at s[at]: its body starts after it, and without it there is no token.
func gitlabJobTokenHead(s string, at int) int {
	end := at
	for end < len(s) && end-at <= 5 && isAlnum(s[end]) {
		end++
	}
	if n := end - at; n >= 1 && n <= 5 && end < len(s) && s[end] == '_' {
		return end + 1
	}
	return -1
}

// moreFirst holds, by first byte, moreTokens' prefixes in moreTokens' order: tokenPrefixAt asks
// morePrefixAt at every byte no older family starts at, most start none, and the rest only a
// few (trying all 42 at each "s" or "d" of a text was a third of masking it).
var moreFirst = func() (first [256][]moreToken) {
	for _, k := range moreTokens {
		first[k.prefix[0]] = append(first[k.prefix[0]], k)
	}
	return first
}()

func (k moreToken) separator() byte {
	if k.sep == 0 {
		return '_'
	}
	return k.sep
}

func isBase64Pad(c byte) bool      { return isBase64Byte(c) || c == '=' }
func isBase64PadUnder(c byte) bool { return isBase64Pad(c) || c == '_' }
func isAlnumDashPad(c byte) bool   { return isAlnumDash(c) || c == '=' }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
func isAlnumDash(c byte) bool  { return isAlnum(c) || c == '-' || c == '_' }
func isLowerHex(c byte) bool   { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
func isLowerAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' }

// morePrefixAt is the length of a moreTokens prefix rest starts with, else 0 (tokenPrefixAt).
func morePrefixAt(rest string) int {
	for _, k := range moreFirst[rest[0]] {
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
		end = i + len(k.prefix)
		if k.head != nil {
			if end = k.head(s, end); end < 0 {
				return -1, true
			}
		}
		if k.least > 0 { // a run of no fixed length, ended by what ok does not take
			from := end
			for end < len(s) && k.ok(s[end]) {
				end++
			}
			if end-from < k.least {
				return -1, true
			}
			return end, true
		}
		parts := k.parts
		if parts == nil {
			parts = []int{k.body}
		}
		for p, n := range parts {
			if p > 0 {
				if end >= len(s) || s[end] != k.separator() {
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
// written (tokenAt). A family with a head reads it first, unbroken; one of no fixed length
// joins its runs until they hold its least (joinedLeast).
func moreTokenJoinedAt(s, orig string, i int) int {
	for _, k := range moreTokens {
		if !strings.HasPrefix(s[i:], k.prefix) {
			continue
		}
		b := i + len(k.prefix)
		if k.head != nil { // the head must stand whole before any break (glcbt-64_, dp.st.prd.)
			if b = k.head(s, b); b < 0 {
				return -1
			}
		}
		if k.least > 0 {
			return joinedLeast(s, orig, b, k.least, k.ok)
		}
		size, in, sep := k.body, k.ok, k.separator()
		if k.parts != nil {
			size = len(k.parts) - 1
			for _, n := range k.parts {
				size += n
			}
			in = func(c byte) bool { return k.ok(c) || c == sep }
		}
		j := joinedRun(s, orig, b, size, in)
		if j < 0 && k.short > 0 {
			j = joinedRun(s, orig, b, k.short, in)
		}
		if j < 0 || k.parts == nil {
			return j
		}
		body, at := joinedBytes(s[b:j], in), 0
		for p, n := range k.parts {
			if p > 0 && body[at-1] != sep || strings.IndexByte(body[at:at+n], sep) >= 0 {
				return -1
			}
			at += n + 1
		}
		return j
	}
	return -1
}

// joinedLeast returns where a token of no fixed length (at least least bytes of in) whose body
// starts at s[b] ends when line breaks cut it short of least: the runs of in between breaks and
// the next line's indentation are joined until they hold least, the last run read to its end,
// which must be no word's (joinedBody's rule, with "at least" for "exactly"); else -1. A body
// that holds least before its first break is the token (moreTokenAt): a break after it ends it.
func joinedLeast(s, orig string, b, least int, in func(byte) bool) int {
	j, n := b, 0
	for {
		for j < len(s) && in(s[j]) {
			j++
			n++
		}
		if n >= least {
			break
		}
		k := nextLineAt(orig, j)
		if k < 0 || k >= len(s) || !in(s[k]) {
			return -1
		}
		j = k
	}
	if j == b+n || j < len(s) && isWordByte(s[j]) { // no break crossed, or a word runs on
		return -1
	}
	return j
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

// awsMorePrefix reports AWS's other access key ID prefixes gitleaks reads beside AKIA and ASIA:
// ABIA, ACCA, and A3T and a letter or digit, each then 16 as AKIA's (tokenPrefixAt's 4).
func awsMorePrefix(rest string) bool {
	return strings.HasPrefix(rest, "ABIA") || strings.HasPrefix(rest, "ACCA") ||
		len(rest) >= 4 && strings.HasPrefix(rest, "A3T") && upperOrDigit(rest[3])
}
