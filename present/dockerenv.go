package present

import "strings"

// maskDockerfileEnv masks the value of a Dockerfile's ENV in its older form, ENV <key>
// <value> without "=", as a build log echoes it (Step 3/7 : ENV DB_PASSWORD <pw>, #5 [2/4]
// ENV API_TOKEN <t>), when the key names a credential: the value is the rest of the line
// (to a line break, as written or escaped, not a line separator, which ends no value), its
// trailing spaces kept. ENV in capitals, as Dockerfiles and build logs write it. Each ENV is
// read once: linear.
func maskDockerfileEnv(s string) string {
	if !strings.Contains(s, "ENV") {
		return s
	}
	m := spanMasker{s: s}
	for i := strings.Index(s, "ENV"); i >= 0; {
		if vs, ve := dockerfileEnvValue(s, i); ve > vs && vs >= m.pos && !keptAsWritten(s[vs:ve]) {
			m.mask(vs, ve)
		}
		k := strings.Index(s[i+3:], "ENV")
		if k < 0 {
			break
		}
		i += 3 + k
	}
	return m.result()
}

// dockerfileLineStart reports whether the ENV at s[i] starts an instruction: at the start of
// a line (after spaces, a line separator, a line break as written or escaped, or a JSON string's quote), or
// after a build log's step (Step 3/7 : ENV, #5 [2/4] ENV); not in prose (the ENV TOKEN …).
func dockerfileLineStart(s string, i int) bool {
	for i > 0 && s[i-1] != '\n' && s[i-1] != '\r' && spaceBefore(s, i) > 0 && !(i >= 2 && escapedBreakAt(s, i-2)) {
		i -= spaceBefore(s, i) // spaces, Unicode ones and line separators too
	}
	return i == 0 || strings.IndexByte("\n\r:]\"", s[i-1]) >= 0 || i >= 2 && escapedBreakAt(s, i-2)
}

// dockerfileEnvValue returns where the value of the ENV <key> <value> at s[i] stands when the
// key names a credential; -1, -1 otherwise (ENV <key>=<value> is a pair maskPairs reads).
func dockerfileEnvValue(s string, i int) (start, end int) {
	if !dockerfileLineStart(s, i) {
		return -1, -1
	}
	k := xmlGap(s, i+3, len(s), false)
	if k == i+3 || k >= len(s) || !isLetter(s[k]) && s[k] != '_' {
		return -1, -1
	}
	e := k
	for e < len(s) && isWordByte(s[e]) {
		e++
	}
	v := xmlGap(s, e, len(s), false)
	if v == e || v >= len(s) || s[v] == '=' || !credentialName(s[k:e], false) {
		return -1, -1
	}
	end = v
	for end < len(s) && s[end] != '\n' && s[end] != '\r' && !escapedBreakAt(s, end) &&
		!(s[end] == '"' && end > v && closingQuoteAt(s, end) && end+1 < len(s) && strings.IndexByte("},]", s[end+1]) >= 0) {
		end++ // to the line's end, or a JSON string's closing quote ({"stream":"… ENV DB_PASSWORD <pw>"})
	}
	for end > v && spaceBefore(s, end) > 0 {
		end -= spaceBefore(s, end)
	}
	return v, end
}
