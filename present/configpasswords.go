package present

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maskConfigPasswords masks the passwords of configuration files that write one after a word
// and spaces, or as a field of a line, which maskPairs does not read: Redis's requirepass and
// masterauth (maskRedisAuth), .netrc's password and account (maskNetrc), and .pgpass's
// password field (maskPgpass). .netrc's first: its entry is read from its keywords, one of
// which a Redis directive before it may take for its value (requirepass⏎machine).
func maskConfigPasswords(s string) string {
	return maskSMTPLoginPassword(maskPgpass(maskRedisAuthCommand(maskRedisAuth(maskNetrc(s)))))
}

// smtpPasswordPrompts are an SMTP server's AUTH LOGIN challenges for the password: 334 and
// "Password:" (or "password:") in base64.
var smtpPasswordPrompts = []string{"334 UGFzc3dvcmQ6", "334 cGFzc3dvcmQ6"}

// maskSMTPLoginPassword masks the password an SMTP client sends in base64 on the line after
// the server's AUTH LOGIN password challenge (334 UGFzc3dvcmQ6), as a session's dump writes it
// (C: and S: before the lines maybe). The username's line, the challenges and the prompt alone
// stay. Each challenge is read once, its next line 512 bytes at most: linear.
func maskSMTPLoginPassword(s string) string {
	if !strings.Contains(s, "334 ") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], "334 ")
		if k < 0 {
			break
		}
		i += k
		p := -1
		for _, c := range smtpPasswordPrompts {
			if strings.HasPrefix(s[i:], c) {
				p = i + len(c)
			}
		}
		i += len("334 ")
		if p < 0 {
			continue
		}
		// The line's end, then the next line, its C: maybe.
		n := 0
		for p < len(s) && n < 4 {
			if s[p] == '\n' || s[p] == '\r' || s[p] == ' ' || s[p] == '\t' {
				n++
				p++
			} else if l := lineSeparatorAt(s, p); l > 0 {
				n++
				p += l
			} else {
				break
			}
		}
		if n == 0 || p >= len(s) {
			continue
		}
		if strings.HasPrefix(s[p:], "C: ") {
			p += len("C: ")
		}
		e := p
		for e < len(s) && e-p <= 512 && (isBase64Byte(s[e]) || s[e] == '=') {
			e++
		}
		if e-p < 4 || e-p > 512 || e < len(s) && !isSpace(s[e]) && lineSeparatorAt(s, e) == 0 || p < m.pos || maskedOnly(s[p:e]) {
			continue
		}
		m.mask(p, e)
		i = e
	}
	return m.result()
}

// maskSMTPEntries masks, in out (the masked entries of lines), the password an SMTP client
// sends on the entry after the one holding the server's AUTH LOGIN password challenge, as a
// session's debug log writes a line an entry: the two entries are read as one text, as
// MaskText reads the lines of a transcript (maskSMTPLoginPassword), and what that masks in the
// second is masked in it, with what was masked there already. Each entry is read twice at
// most: linear.
func maskSMTPEntries(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		if !strings.Contains(lines[i], smtpPasswordPrompts[0]) && !strings.Contains(lines[i], smtpPasswordPrompts[1]) {
			continue
		}
		joined := lines[i] + "\n" + lines[i+1]
		masked := maskSMTPLoginPassword(joined)
		first, second, ok := strings.Cut(masked, "\n")
		if !ok || first != lines[i] || second == lines[i+1] || strings.Contains(lines[i+1], "\n") {
			continue
		}
		next := lines[i+1]
		spans := append(maskedSpans(next, out[i+1]), maskedSpans(next, second)...)
		out[i+1] = oneLine(withSpansMasked(next, spans))
	}
}

// maskRedisAuthCommand masks the password of Redis's AUTH command (AUTH <pw>, AUTH <user>
// <pw>: the username stays), any case, where it is one: after redis-cli's prompt
// (127.0.0.1:6379> AUTH <pw>), after redis-cli on its command line, and as MONITOR writes its
// arguments ("AUTH" "<pw>"); one or two arguments, last on their line, so that prose (AUTH
// failed: invalid username-password pair) stays; elsewhere in capitals, the password read as
// after a credential's name (bareRedisAuth: sent AUTH <pw>). Linear: each AUTH looks back 256
// bytes.
func maskRedisAuthCommand(s string) string {
	if !containsFold(s, "auth") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 != 'a' || !strings.EqualFold(s[i:i+4], "auth") || i > 0 && isWordByte(s[i-1]) || i+4 < len(s) && isWordByte(s[i+4]) {
			continue
		}
		monitor := i > 0 && s[i-1] == '"' && i+4 < len(s) && s[i+4] == '"'
		if !monitor && !redisPromptBefore(s, i) && !slices.Contains(commandWordsBefore(s, i, true), "redis-cli") {
			if vs, ve := bareRedisAuth(s, i); ve > vs && vs >= m.pos {
				m.mask(vs, ve)
				i = ve - 1
			}
			continue
		}
		p := i + 4
		if monitor {
			p++
		}
		var args [][2]int
		for len(args) < 3 {
			w := sameLineGap(s, p)
			if w == p || w >= len(s) || lineEndsAt(s, w) && s[w] != '"' && s[w] != '\'' || strings.IndexByte(";&|", s[w]) >= 0 {
				break
			}
			if s[w] == '"' || s[w] == '\'' {
				c := quoteClosedOnLine(s, w, 0)
				if c < 0 {
					break
				}
				args, p = append(args, [2]int{w + 1, c - 1}), c
				continue
			}
			if monitor {
				break
			}
			e := w
			for e < len(s) && s[e] > ' ' && s[e] != 0x7f && sepAt(s, e) == 0 && lineSeparatorAt(s, e) == 0 {
				e++
			}
			args, p = append(args, [2]int{w, e}), e
		}
		if q := sameLineGap(s, p); len(args) == 0 || len(args) > 2 || !lineEndsAt(s, p) && (q >= len(s) || strings.IndexByte(";&|", s[q]) < 0) {
			continue // on its line, or before the next command (AUTH <pw> && …)
		}
		a := args[len(args)-1]
		if a[1] <= a[0] || a[0] < m.pos || keptAsWritten(s[a[0]:a[1]]) {
			continue
		}
		m.mask(a[0], a[1])
		i = max(i, a[1]-1)
	}
	return m.result()
}

// bareRedisAuth returns where the password of a Redis AUTH command that s[i] starts stands
// outside redis-cli (a client's or a proxy's log: sent AUTH <pw>, AUTH <user> <pw> failed):
// AUTH in capitals, no "-" before it (X-AUTH), one blank, then the password, or a user's name,
// one blank and the password, the password read as after a credential's name
// (adjacentSecret: AUTH failed, AUTH required, AUTH <password> stay); -1, -1 when none.
func bareRedisAuth(s string, i int) (start, end int) {
	if s[i:i+4] != "AUTH" || i > 0 && s[i-1] == '-' {
		return -1, -1
	}
	w := adjacentBlank(s, i+4)
	if w == i+4 || w >= len(s) {
		return -1, -1
	}
	return commandPassword(s, w)
}

// commandPassword returns where the password of a protocol's command (Redis's AUTH, IMAP's
// LOGIN) whose arguments start at s[w] stands: the first argument when it reads as a
// password (adjacentSecret), else the second after a user's name and one blank; -1, -1 when
// none.
func commandPassword(s string, w int) (start, end int) {
	vs, ve := adjacentWord(s, w)
	if ve <= vs {
		return -1, -1
	}
	if adjacentSecret(s[vs:ve]) {
		return vs, ve
	}
	u := w
	for u < len(s) && u-w <= 64 && isKeyByte(s[u]) {
		u++
	}
	if u == w || u-w > 64 || ve != u {
		return -1, -1 // the user's name, one word of name bytes, then a blank
	}
	p := adjacentBlank(s, u)
	if p == u || p >= len(s) {
		return -1, -1
	}
	if vs, ve = adjacentWord(s, p); ve > vs && adjacentSecret(s[vs:ve]) {
		return vs, ve
	}
	return -1, -1
}

// redisPromptBefore reports whether redis-cli's prompt stands right before s[i], a space after
// it: host:port> or host:port[db]> (127.0.0.1:6379>, redis:6379[1]>).
func redisPromptBefore(s string, i int) bool {
	k := i
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:k])
		if r != ' ' && r != '\t' && !unicodeSpace(r) && lineSeparatorAt(s, k-n) == 0 {
			break
		}
		k -= n
	}
	if k == i || k < 3 || s[k-1] != '>' {
		return false
	}
	k--
	if s[k-1] == ']' {
		for k > 0 && s[k-1] != '[' && i-k < 16 {
			k--
		}
		if k == 0 || s[k-1] != '[' {
			return false
		}
		k--
	}
	d := k
	for d > 0 && s[d-1] >= '0' && s[d-1] <= '9' {
		d--
	}
	return d < k && d > 0 && s[d-1] == ':'
}

// redisAuthDirectives are Redis's directives whose value is a password.
var redisAuthDirectives = []string{"requirepass", "masterauth"}

// maskRedisAuth masks the value of Redis's requirepass and masterauth, any case: as a line of
// its configuration (the directive first on its line, its value last: requirepass <pw>), after
// a quote (echo "requirepass <pw>" >> redis.conf) or CONFIG SET, and as redis-server's flag
// (--masterauth <pw>; --requirepass is a credential flag already). A word with more after it
// on its line is prose (requirepass is not set). Linear.
func maskRedisAuth(s string) string {
	if !containsFold(s, "requirepass") && !containsFold(s, "masterauth") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c != 'r' && c != 'm' || i > 0 && isWordByte(s[i-1]) && !(i >= 2 && escapedBreakAt(s, i-2)) {
			continue // a word's start, or one after a line break written out: \nrequirepass
		}
		e := i
		for e < len(s) && isWordByte(s[e]) {
			e++
		}
		if !slices.Contains(redisAuthDirectives, strings.ToLower(s[i:e])) {
			continue
		}
		flag := i >= 2 && s[i-2:i] == "--"
		if !flag && !redisDirectiveLead(s, i) {
			continue
		}
		w := sameLineGap(s, e)
		if w == e || w >= len(s) || s[w] == '-' || s[w] == '#' {
			continue
		}
		start, end := argvValueSpan(s, w)
		if start == w && (s[w] == '"' || s[w] == '\'') {
			// A quote never closed takes its line whole, over line separators and spaces:
			// masterauth "s3 cr3t, masterauth⏎"x⏎y as a log entry writes it.
			for end < len(s) && s[end] != '\n' && s[end] != '\r' && !escapedBreakAt(s, end) {
				end++
			}
			for end > start+1 && spaceBefore(s, end) > 0 {
				end -= spaceBefore(s, end)
			}
		}
		if end <= start || start < m.pos {
			continue
		}
		if after := end + (start - w); !flag && !lineEndsAt(s, after) {
			continue
		}
		if v := s[start:end]; keptAsWritten(v) {
			continue
		}
		m.mask(start, end)
		i = max(i, end-1)
	}
	return m.result()
}

// redisDirectiveLead reports whether the directive at s[i] starts a configuration line: its
// line's start (a line break, a line separator or one written out: \n) and blanks before it, a
// quote (echo "requirepass …"), or CONFIG SET, any case.
func redisDirectiveLead(s string, i int) bool {
	k := i
	for k > 0 {
		n := spaceBefore(s, k)
		if n == 0 {
			break
		}
		if c := s[k-n]; c == '\n' || c == '\r' || lineSeparatorAt(s, k-n) > 0 || n == 2 && escapedBreakAt(s, k-n) && s[k-1] != 't' {
			return true
		}
		k -= n
	}
	if k == 0 || s[k-1] == '"' || s[k-1] == '\'' {
		return true
	}
	if k < i && k >= 3 && strings.EqualFold(s[k-3:k], "set") && (k == 3 || !isWordByte(s[k-4])) {
		c := k - 3
		for n := spaceBefore(s, c); n > 0 && c > 0; n = spaceBefore(s, c) {
			c -= n
		}
		return c < k-3 && c >= 6 && strings.EqualFold(s[c-6:c], "config") && (c == 6 || !isWordByte(s[c-7]))
	}
	return false
}

// sameLineGap returns where the separators at s[w] end on its line (sepAt: spaces as written
// or spelled, tabs, line separators, which MaskLogLines writes for a break inside an entry),
// not over a line break or its escape written out (\n).
func sameLineGap(s string, w int) int {
	for w < len(s) && s[w] != '\n' && s[w] != '\r' && !(escapedBreakAt(s, w) && s[w+1] != 't') {
		n := sepAt(s, w)
		if n == 0 {
			break
		}
		w += n
	}
	return w
}

// lineEndsAt reports whether only blanks stand between s[p] and the end of its line (a line
// break, a line separator, one written out: \n) or of the text, or a quote that closes the
// string the line is in (echo "requirepass <pw>" >> …).
func lineEndsAt(s string, p int) bool {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t' || blankAt(s, p)) {
		p += max(1, sepAt(s, p))
	}
	return p >= len(s) || s[p] == '\n' || s[p] == '\r' || lineSeparatorAt(s, p) > 0 || escapedBreakAt(s, p) ||
		s[p] == '"' || s[p] == '\'' || strings.HasPrefix(s[p:], `\"`)
}

// netrcKeywords are the tokens of a .netrc entry that take a value (default takes none).
var netrcKeywords = []string{"machine", "login", "password", "account", "port"}

// maskNetrc masks the password (and account, a second password) of each .netrc entry: from
// machine <host> or default, tokens and their values apart by spaces or line breaks (machine h
// login u password <pw>, one a line or all on one), up to a token that is none of
// netrcKeywords or the next entry; only in an entry with a login, so that prose (the default
// password is admin) stays. Linear: each entry is read once.
func maskNetrc(s string) string {
	if !strings.Contains(s, "login") || !strings.Contains(s, "password") && !strings.Contains(s, "account") ||
		!strings.Contains(s, "machine") && !strings.Contains(s, "default") {
		return s
	}
	m := spanMasker{s: s}
	for i := 0; i < len(s); i++ {
		if s[i] != 'm' && s[i] != 'd' || i > 0 && spaceBefore(s, i) == 0 && strings.IndexByte(`"'(`, s[i-1]) < 0 {
			continue
		}
		if !strings.HasPrefix(s[i:], "machine") && !strings.HasPrefix(s[i:], "default") {
			continue
		}
		if e := i + len("machine"); e < len(s) {
			if g, _ := gapAt(s, e); g == e {
				continue // machines, defaults: read no token longer (linear)
			}
		}
		spans, end := netrcEntry(s, i)
		for _, sp := range spans {
			if sp[0] < m.pos || maskedOnly(s[sp[0]:sp[1]]) || isReference(s[sp[0]:sp[1]]) {
				continue
			}
			m.mask(sp[0], sp[1])
		}
		i = max(i, end-1)
	}
	return m.result()
}

// netrcTokenEnd returns where the token at s[p] ends: at a separator (gapAt) or the end.
func netrcTokenEnd(s string, p int) int {
	for p < len(s) {
		if g, _ := gapAt(s, p); g > p {
			break
		}
		p++
	}
	return p
}

// netrcEntry reads the .netrc entry that starts at s[i] (machine or default) and returns the
// spans of its password and account values when it has a login (none otherwise), and where its
// reading stopped: at the next entry, a token that is none of netrcKeywords, a keyword without
// a value (a keyword where the value would be), or 64 tokens.
func netrcEntry(s string, i int) (spans [][2]int, end int) {
	login := false
	p := i
	for n := 0; p < len(s) && n < 64; n++ {
		e := netrcTokenEnd(s, p)
		kw := s[p:e]
		if kw == "default" && p == i {
			p, _ = gapAt(s, e)
			continue
		}
		if !slices.Contains(netrcKeywords, kw) || kw == "machine" && p > i {
			break
		}
		w, _ := gapAt(s, e)
		if w == e || w >= len(s) {
			break
		}
		start, stop := argvValueSpan(s, w) // quoted, or up to a space or a quote that closes (echo '… password <pw>')
		if v := s[start:stop]; v == "" || slices.Contains(netrcKeywords, v) || v == "default" {
			break
		}
		switch kw {
		case "login":
			login = true
		case "password", "account":
			spans = append(spans, [2]int{start, stop})
		}
		if stop < netrcTokenEnd(s, w) {
			stop = netrcTokenEnd(s, w) // read on over the quote that closed the value
		}
		p, _ = gapAt(s, stop)
	}
	if !login {
		spans = nil
	}
	return spans, max(p, i+1)
}

// maskPgpass masks the password field of each line of a .pgpass file: a line of exactly five
// fields apart by ":" (a backslash escapes ":" and "\" in one), hostname:port:database:
// username:password, the host "*" or a name or address (a letter or a dot in it), the port "*"
// or digits, none of them empty or with a space in it, blanks around the line aside. Other
// lines, and a line with other text around those fields, stay. Linear.
func maskPgpass(s string) string {
	if strings.Count(s, ":") < 4 {
		return s
	}
	m := spanMasker{s: s}
	for from := 0; from < len(s); {
		to := from
		for to < len(s) && s[to] != '\n' && s[to] != '\r' && lineSeparatorAt(s, to) == 0 {
			to++
		}
		if start, end := pgpassPassword(s, from, to); end > start {
			if !maskedOnly(s[start:end]) {
				m.mask(start, end)
			}
		} else {
			for _, r := range quotedLineRuns(s, from, to) {
				if start, end := pgpassPassword(s, r[0], r[1]); end > start && start >= m.pos && !maskedOnly(s[start:end]) {
					m.mask(start, end)
				}
			}
		}
		from = to + max(1, lineSeparatorAt(s, to))
	}
	return m.result()
}

// quotedLineRuns returns the runs of the line s[from:to] that a JSON string would make lines of:
// apart by quotes (escaped ones too, their backslashes aside) and escaped line breaks (\n, \r),
// so that a .pgpass file inside a string ({"f":"h:5432:db:u:<pw>\nh2:…"}) is read line by line.
func quotedLineRuns(s string, from, to int) [][2]int {
	var runs [][2]int
	start := from
	for p := from; p < to; {
		switch {
		case s[p] == '"':
			k := p
			for k > start && s[k-1] == '\\' {
				k--
			}
			runs = append(runs, [2]int{start, k})
			start, p = p+1, p+1
		case s[p] == '\\' && p+1 < to && (s[p+1] == 'n' || s[p+1] == 'r'):
			runs = append(runs, [2]int{start, p})
			start, p = p+2, p+2
		case s[p] == '\\' && p+1 < to && s[p+1] == '\\':
			p += 2 // an escaped backslash: the byte after it is no escape's
		default:
			p++
		}
	}
	if len(runs) == 0 {
		return nil // the line itself, read already
	}
	return append(runs, [2]int{start, to})
}

// pgpassPassword returns where the password of the .pgpass line s[from:to] stands
// (maskPgpass), or -1, -1.
func pgpassPassword(s string, from, to int) (start, end int) {
	for from < to && (s[from] == ' ' || s[from] == '\t') {
		from++
	}
	for to > from && (s[to-1] == ' ' || s[to-1] == '\t') {
		to--
	}
	var fields [][2]int
	at := from
	for p := from; p < to; p++ {
		switch s[p] {
		case '\\':
			p++
		case ':':
			fields = append(fields, [2]int{at, p})
			at = p + 1
		case ' ', '\t':
			return -1, -1
		default:
			if s[p] >= 0x80 || s[p] < ' ' {
				return -1, -1 // a Unicode space or anything but a plain field
			}
		}
	}
	fields = append(fields, [2]int{at, to})
	if len(fields) != 5 {
		return -1, -1
	}
	for _, f := range fields {
		if f[1] <= f[0] {
			return -1, -1
		}
	}
	host, port := s[fields[0][0]:fields[0][1]], s[fields[1][0]:fields[1][1]]
	if host != "*" && (!strings.ContainsAny(strings.ToLower(host), "abcdefghijklmnopqrstuvwxyz.") ||
		strings.Trim(strings.ToLower(host), `abcdefghijklmnopqrstuvwxyz0123456789.-_\:[]`) != "") {
		return -1, -1
	}
	if port != "*" && (len(port) > 5 || strings.Trim(port, "0123456789") != "") {
		return -1, -1
	}
	return fields[4][0], fields[4][1]
}

// maskNetrcEntries masks, in out (the masked entries of lines), the .netrc passwords of an
// entry that a log writes one line each (machine h, then login u, then password <pw>): from
// each entry that starts one (machine or default first), it and the next 15 are read as one
// text, a line break between each, as maskNetrc reads a file; an entry whose password it
// masks gets that mask with its own (unionMasked). Linear: 16 entries read at most a start.
func maskNetrcEntries(lines, out []string) {
	const most = 16
	for i := range lines {
		first := strings.TrimLeft(lines[i], " \t")
		if !strings.HasPrefix(first, "machine") && !strings.HasPrefix(first, "default") {
			continue
		}
		j := min(len(lines), i+most)
		joined := strings.Join(lines[i:j], "\n")
		masked := maskNetrc(joined)
		if masked == joined {
			continue
		}
		pieces := strings.Split(masked, "\n")
		if len(pieces) != j-i {
			continue // an entry held a line break: read alone, as MaskText reads it
		}
		for k, p := range pieces {
			if p != lines[i+k] {
				out[i+k] = oneLine(unionMasked(lines[i+k], p))
			}
		}
	}
}
