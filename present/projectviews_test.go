package present

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestMaskLogLinesHidesCredentials: values of credential-looking keys, bearer tokens and URL
// passwords are masked; the rest of the line, and lines without credentials, stay as they are;
// control characters cannot split a line.
func TestMaskLogLinesHidesCredentials(t *testing.T) {
	in := []string{
		`ERROR dataset orders: connect failed: pg_password=hunter2 host=db.internal`,
		`INFO header Authorization: Bearer eyJhbGciOi.abc.def`,
		`WARN fetching https://reports:s3cret@files.example.com/docs.csv`,
		`DEBUG api_key: "sk-live-123", secret_token='t0k'`,
		"INFO runtime ready\r\n# injected heading",
		`INFO Dataset taxi_trips registered (s3://spiceai-demo-datasets/taxi_trips/2024/)`,
	}
	out := MaskLogLines(in)
	for _, leaked := range []string{"hunter2", "eyJhbGciOi", "s3cret", "sk-live-123", "t0k"} {
		if strings.Contains(strings.Join(out, "\n"), leaked) {
			t.Errorf("%q leaked: %q", leaked, out)
		}
	}
	for i, want := range []string{"host=db.internal", "Authorization: Bearer " + Masked, "https://" + Masked + "@files.example.com", `api_key: "` + Masked + `"`} {
		if !strings.Contains(out[i], want) {
			t.Errorf("line %d = %q, want it to contain %q", i, out[i], want)
		}
	}
	if strings.Contains(out[4], "\n") || out[5] != in[5] {
		t.Errorf("inert lines: %q", out[4:])
	}
}

// corpusLogLines are the log lines a runtime could print about a corpus spicepod: the line
// Spice logs for each dataset (naming its from, as the emulator does), and every value of the
// spicepod written after its key as key=value, key: value and JSON ("key":"value").
func corpusLogLines(t *testing.T, pod map[string]any) []string {
	t.Helper()
	var lines []string
	if datasets, ok := pod["datasets"].([]any); ok {
		for _, d := range datasets {
			m, _ := d.(map[string]any)
			from, _ := m["from"].(string)
			name, _ := m["name"].(string)
			lines = append(lines, fmt.Sprintf("2026-11-22T12:00:00.050000Z  INFO runtime::init::dataset: Dataset %s registered (%s), acceleration (arrow), results cache enabled.", name, from))
		}
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(k, item)
			}
		case []any:
			for _, item := range x {
				walk(key, item)
			}
		case string:
			quoted, _ := json.Marshal(map[string]string{key: x})
			lines = append(lines, "ERROR connecting with "+key+"="+x+" failed", "DEBUG "+key+": "+x, "WARN "+string(quoted))
		}
	}
	walk("", pod)
	return lines
}

// TestMaskLogLinesCorpus: the planted credentials of the spicepod masking corpus, written
// into log lines the way a runtime prints them, are never visible after MaskLogLines — the
// same rule masks them in logs as in spicepods.
func TestMaskLogLinesCorpus(t *testing.T) {
	planted, checks := 0, 0
	for _, c := range loadCorpus(t) {
		lines := corpusLogLines(t, parsePod(t, c.YAML))
		raw, out := strings.Join(lines, "\n"), strings.Join(MaskLogLines(lines), "\n")
		for _, p := range c.Planted {
			if !strings.Contains(raw, p) {
				continue // e.g. inside a YAML block the log lines split differently
			}
			planted++
			for _, part := range fragments(c.YAML, p) {
				checks++
				if strings.Contains(out, part) {
					t.Errorf("%s: planted %q visible (%q) in the masked log lines", c.Name, p, part)
				}
			}
		}
	}
	t.Logf("%d planted credentials in log lines, %d checks, 0 visible allowed", planted, checks)
}

// The log masker MaskLogLines replaced (git show 13513bd:present/projectviews.go), kept as the
// reference MaskLogLines must cover: whatever credential it hid stays hidden.
var (
	oldCredentialInLog = regexp.MustCompile(`(?i)\b([a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|credential)[a-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)`)
	oldBearerInLog     = regexp.MustCompile(`(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+`)
	oldUserInfoInLog   = regexp.MustCompile(`(://[^/\s:@]+:)[^@\s/]+@`)
)

// oldHidden is what the old log masker hid in line, each with what it hid it after (the key
// and separator, "bearer ", or "://user:"), and the line as it showed it.
func oldHidden(line string) (hidden [][2]string, shown string) {
	l := oneLine(line)
	for _, m := range oldCredentialInLog.FindAllStringSubmatch(l, -1) {
		hidden = append(hidden, [2]string{m[1] + m[2], m[3]})
	}
	l = oldCredentialInLog.ReplaceAllString(l, "${1}${2}"+Masked)
	for _, m := range oldBearerInLog.FindAllStringSubmatch(l, -1) {
		hidden = append(hidden, [2]string{m[1], m[0][len(m[1]):]})
	}
	l = oldBearerInLog.ReplaceAllString(l, "${1}"+Masked)
	for _, m := range oldUserInfoInLog.FindAllStringSubmatch(l, -1) {
		if pw := m[0][len(m[1]) : len(m[0])-1]; !startsWithSpace(pw) {
			hidden = append(hidden, [2]string{m[1], pw})
		}
	}
	return hidden, oldUserInfoInLog.ReplaceAllString(l, "${1}"+Masked+"@")
}

// mysqlAnswer reports whether value, as the old masker read it, is MySQL's YES or NO and its
// closing parenthesis, with what ran on after it.
func mysqlAnswer(value string) bool {
	return strings.HasPrefix(value, "YES)") || strings.HasPrefix(value, "NO)")
}

// sgrRemnant is what the old masker read as part of a key after a colour code (ESC [2m).
var sgrRemnant = regexp.MustCompile(`^[0-9;]*m`)

// referenceInLine is a ${...} reference in a line (spaces allowed: ${ secrets: NAME }).
var referenceInLine = regexp.MustCompile(`\$\{[^{}]*\}`)

// namesNoCredential: what the old masker hid after before that MaskLogLines may show, since it
// names no credential: a whole ${...} reference or the name in one, a secret's name (aws_secrets_manager:NAME,
// secret: NAME in an error), a port after a host, what follows a Rust path's "::" or a module
// path's last segment (runtime::secrets: Failed…), a word of prose after "bearer", an
// authorization scheme, a URL's host, MySQL's YES or NO after "(using password:".
// refs are line's ${...} references (referenceInLine), read once a line by the caller.
func namesNoCredential(line string, refs []string, colored bool, before, value string) bool {
	key := strings.TrimRight(before, " \t:=")
	if sgr := sgrRemnant.FindString(key); sgr != "" && colored {
		key, before = key[len(sgr):], before[len(sgr):] // what is left of ESC[2m in a coloured line
	}
	folded := strings.TrimPrefix(string(appendFolded(nil, key)), "u0026") // \u0026password=…
	for _, ref := range refs {
		if isReference(strings.ReplaceAll(ref, " ", "")) && (strings.Contains(ref, value) || strings.Contains(ref, key+":")) {
			return true // the name inside a reference (${secrets:NAME}), and what follows it
		}
	}
	switch {
	case isReference(strings.Trim(value, `"'`)):
		return true
	case slices.ContainsFunc(referenceSuffixes, func(w string) bool { return strings.HasSuffix(folded, w) }):
		return true // secretKeyRef: names a secret (round 52)
	case valueNamesNoSecret(key, strings.Trim(value, `"'`)):
		return true // password_file: /etc/pw.txt (round 52)
	case r68Masking13BracketClosedValue(line, before, key, value):
		return true // (pAsswd:YES): the ")" closes the "(" before the key, the value is YES (round 68)
	case folded == "awssecretsmanager", folded == "secret" && secretName(strings.Trim(value, `"'`)) && errorText(line):
		return true
	case strings.Contains(key, ".") && hostPort(key, value):
		return true
	case strings.HasSuffix(before, ":") && strings.Contains(line, before+":"), strings.Contains(line, "::"+before):
		return true
	case strings.HasPrefix(strings.ToLower(before), "bearer") && slices.Contains(bearerProse, strings.ToLower(value)):
		return true
	case strings.HasPrefix(strings.TrimLeft(value, "=!:"), "@") && strings.Contains(line, "://"):
		return true // a URL's host, after its userinfo (://password=@host)
	case slices.Contains(authSchemes, strings.ToLower(value)):
		return true // the scheme before a token (Authorization: Bearer …)
	case mysqlAnswer(value) && strings.Contains(readable(line), "(using password: "+value):
		// MySQL's "(using password: YES)", spaces as masking reads them: whether one was given
		// (mysqlPasswordUsed). What follows the ")" ("0(using password: YES)00", a call's
		// parenthesis) is outside it: the old masker's token ran on, MaskLogLines' value ends there.
		return true
	case emptyBeforeNextPair(line, before, value), unicodeSpaceAfter(line, before) && emptyBeforeNextPair(line, before+" ", value):
		// The key's own value is empty and the next pair follows (round 59); the old masker
		// read a Unicode space after the separator as the value's first character, where
		// MaskLogLines reads a blank (pAsswd=\u2000d=0 as pAsswd= d=0: round 64).
		return true
	case r62Masking7OrdinaryName(key):
		return true // tokenizer: bpe, secretary=Ann: a plain word holding a credential's (round 62)
	case r61Masking6SASParamsAfter(line, before, value):
		return true // a SAS's params before its sig (sas_token: sv=…&sig=…): no secret (round 60)
	case yamlTagLength(value) > 0 && r68Masking13SpaceAfter(line, before+value):
		// A YAML tag: a local one and the name after it, a reference (token: !secret db_token:
		// round 67), or a global one before the value, which MaskLogLines hides (ApikeY:!!str 0)
		return true
	}
	return false
}

// unicodeSpaceAfter reports whether before stands in line with a Unicode space right after it.
func unicodeSpaceAfter(line, before string) bool {
	k := strings.Index(line, before)
	if before == "" || k < 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line[k+len(before):])
	return r > unicode.MaxASCII && unicode.IsSpace(r)
}

// yamlNextKeyHidden reports whether the old masker hid, as the value of a key, the next YAML
// pair's key (password: user: bob, token: aaa: 0 hid user:, aaa:): emptyBeforeNextPair reads
// the value with its ":", which hiddenCore trims, so it is given the value as hidden.
func yamlNextKeyHidden(line string, h [2]string) bool {
	return emptyBeforeNextPair(line, h[0], strings.TrimRightFunc(h[1], unicode.IsSpace))
}

// emptyBeforeNextPair reports whether the old masker read the next pair as the value of a key
// whose own is empty: its separator glued to the key with blanks after it, then a name and
// the same separator, as logfmt writes an empty value (password= user=bob: a value after the
// next "=") or Go's %+v an empty field (an exported field's name after "{" on the line, then
// Password: Host:db).
func emptyBeforeNextPair(line, before, value string) bool {
	sep := strings.TrimRightFunc(before, unicode.IsSpace)
	if len(sep) == len(before) || len(sep) < 2 || isSpace(sep[len(sep)-2]) {
		return false
	}
	c, key := sep[len(sep)-1], sep[:len(sep)-1]
	n := 0
	for n < len(value) && (isLetter(value[n]) || n > 0 && (value[n] >= '0' && value[n] <= '9' || strings.IndexByte("_.-", value[n]) >= 0)) {
		n++
	}
	if n == 0 || n >= len(value) || value[n] != c {
		return false
	}
	if c == '=' {
		return n+1 < len(value) && value[n+1] != '='
	}
	upper := func(w string) bool {
		return w != "" && w[0] >= 'A' && w[0] <= 'Z' && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == ""
	}
	if c == ':' && n+1 == len(value) && yamlKeyName(value[:n]) {
		return true // YAML's next pair, password: user: bob (round 60: the new masker reads its value too)
	}
	k := strings.Index(line, before)
	return c == ':' && upper(key) && upper(value[:n]) && k > 0 && strings.Contains(line[:k], "{")
}

// coversOld fails when MaskLogLines shows a credential the old log masker hid in line: a
// value it hid (less the quotes around it), at least 3 characters long, that its own output
// shows nowhere, is visible in MaskLogLines' output (more often than inside the values it hid
// that name no credential). The old masker reads the line as MaskLogLines does, without its
// colour codes, and as it did, when it has none.
// separatorsOnly reports a value that is only spaces written out (%20, &nbsp;, \u00a0: sepAt),
// which MaskLogLines skips before a value starts: like a value of invisible characters alone, it
// is no credential ("pAsswd=%20", which the old masker hid).
func separatorsOnly(v string) bool {
	for i := 0; i < len(v); {
		n := sepAt(v, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return v != ""
}

func coversOld(t *testing.T, line string) {
	t.Helper()
	out := MaskLogLines([]string{line})[0]
	colored := strings.Contains(line, "\x1b")
	_, shownPlain := oldHidden(stripANSI(line)) // colour codes gone, words join
	lines := []string{stripANSI(line)}
	if lines[0] == strings.ReplaceAll(line, "\x1b", " ") {
		lines = append(lines, line) // no colour codes: the escapes are spaces to both
	}
	for _, l := range lines {
		r := readOld(l, out, shownPlain, colored)
		for _, h := range r.hidden {
			if core, why := r.principle(h); why == "" {
				t.Fatalf("the old log masker hid %q (after %q) in %q; MaskLogLines shows it: %q", core, h[0], line, out)
			}
		}
	}
}

// The oracle's principles: where MaskLogLines need not hide what the old log masker hid in a line
// (coversOld), and why showing it is no leak. Each is held by TestR69Masking14OraclePrinciples
// with a line it exempts and a near one it does not.
const (
	// principleShape: no secret's shape: under 3 characters, invisible characters or spelled
	// spaces alone, masked already ("*"), or shown by the old masker itself elsewhere on the line.
	principleShape = "shape"
	// principleNames: it names no credential (namesNoCredential): a ${...} reference or the name
	// in one, a secret's name, a flag or a path, a host's port, a module path, prose after bearer,
	// a scheme, MySQL's YES or NO, a plain word's key, a SAS's params before its sig, a YAML tag.
	principleNames = "names"
	// principleBeyond: it lies past where a reader ends the value, where the old masker's token
	// ran on: a Unicode space (oldValueCore), the closer of a bracket opened before the key
	// (unopenedCloser, the maskers' own definition: r69Masking14CloserEnd), the next pair's key
	// after an empty value (emptyBeforeNextPair, yamlNextKeyHidden).
	principleBeyond = "beyond"
	// principleSpaces: the old masker read the value only because a Unicode space was no space
	// to it; MaskLogLines reads the line as with ASCII spaces, and with them the old masker hid
	// nothing of it, or what it hid names no credential (principleNames).
	principleSpaces = "spaces"
	// principleCounted: it is shown no more often than inside the values exempt above
	// (pAssWd=000 [pAsswd=0]000: the second 000 is beyond its value), counted outside the keys
	// (r69MineOutsideKeys).
	principleCounted = "counted"
)

// oldReading is one line as coversOld reads it: what the old masker hid and showed, and what
// MaskLogLines showed.
type oldReading struct {
	out, shown, shownPlain, one, onePlain string
	refs, refsPlain                       []string
	colored, readsAlike                   bool
	hidden, hiddenASCII                   [][2]string
	namedASCII                            []string          // values hidden with ASCII spaces that name no credential there
	exempt                                []string          // hidden values exempt whole, or what of them is beyond their value
	whole                                 map[string]string // the principle of each value exempt whole
}

func readOld(l, out, shownPlain string, colored bool) *oldReading {
	r := &oldReading{out: out, shownPlain: shownPlain, colored: colored, whole: map[string]string{}}
	r.hidden, r.shown = oldHidden(l)
	// With each Unicode space an ASCII one: what the old masker hid there, and whether
	// MaskLogLines reads the line as it reads that one.
	ascii := unicodeSpacesAsASCII(l)
	r.hiddenASCII, _ = oldHidden(ascii)
	r.readsAlike = ascii != l && unicodeSpacesAsASCII(out) == MaskLogLines([]string{ascii})[0]
	if r.readsAlike {
		// What names no credential with ASCII spaces names none with Unicode ones either
		// (token:\u2009!!str\u2009s3: a YAML tag, as in token: !!str s3).
		one := oneLine(ascii)
		refs := referenceInLine.FindAllString(one, -1)
		for _, h := range r.hiddenASCII {
			if core := oldValueCore(h[1]); namesNoCredential(one, refs, colored, h[0], core) {
				r.namedASCII = append(r.namedASCII, core)
			}
		}
	}
	// Once a line, not once a value: read once a value, a line of many values took
	// quadratic time, and the fuzzer stalled on long ones.
	r.one, r.onePlain = oneLine(l), oneLine(stripANSI(l))
	r.refs, r.refsPlain = referenceInLine.FindAllString(r.one, -1), referenceInLine.FindAllString(r.onePlain, -1)
	for _, h := range r.hidden {
		core := oldValueCore(h[1])
		// closesOpenBefore too: [pAsswd=]000's 000 is no value of its key (round 68)
		if namesNoCredential(r.one, r.refs, colored, h[0], core) || namesNoCredential(r.onePlain, r.refsPlain, colored, h[0], core) {
			r.exempt, r.whole[h[1]] = append(r.exempt, h[1]), principleNames
		} else if yamlNextKeyHidden(r.one, h) || closesOpenBefore(r.one, h[0], core) {
			r.exempt, r.whole[h[1]] = append(r.exempt, h[1]), principleBeyond
		} else if rest := valueAfterCloser(r.one, h[0], core); rest != "" {
			r.exempt = append(r.exempt, rest) // [pAsswd=0]000's 000 (round 68)
		}
		if rest := r71MineBeyondUnicodeSpace(h[1]); rest != "" {
			r.exempt = append(r.exempt, rest) // =AAA\u00a0AAA000's AAA000 (round 71)
		}
	}
	return r
}

// principle returns the core of the value h the old masker hid (less quotes, separators and
// references) and the principle under which MaskLogLines may show it; "" when none does.
func (r *oldReading) principle(h [2]string) (core, why string) {
	core = oldValueCore(h[1])
	if refs := referenceInLine.FindAllString(core, -1); len(refs) > 0 && !slices.ContainsFunc(refs, func(r string) bool { return !isReference(r) }) {
		core = strings.Trim(referenceInLine.ReplaceAllString(core, ""), `"'\=:;.,!?()[]{}<> `) // references name no credential
	}
	switch {
	case len(core) < 3 || invisibleOnly(core) || separatorsOnly(core) || strings.Contains(core, "*"):
		return core, principleShape
	case namesNoCredential(r.one, r.refs, r.colored, h[0], core):
		return core, principleNames
	case yamlNextKeyHidden(r.one, h):
		return core, principleBeyond
	case strings.Contains(r.shown, core) || strings.Contains(r.shownPlain, core):
		return core, principleShape
	case r.whole[h[1]] != "":
		return core, r.whole[h[1]] // exempt whole (namesNoCredential without colour codes, an empty bracketed value)
	case r.readsAlike && (!slices.ContainsFunc(r.hiddenASCII, func(a [2]string) bool { return strings.Contains(a[1], core) }) || slices.Contains(r.namedASCII, core)):
		// A value the old masker read only because a Unicode space was no space to it
		// (://0:000\u00a00@, Api_keY:==\u00a0000: round 68): MaskLogLines reads the line as
		// with ASCII spaces, and with them the old masker hid nothing of it either.
		return core, principleSpaces
	case closesOpenBefore(r.one, h[0], core):
		return core, principleBeyond // {Password: }00: the brace closes the struct, the value is empty ({pAsswd=\x7f}00 too: the key is read in oneLine, where DEL is a space)
	}
	inExempt := 0
	for _, e := range r.exempt {
		inExempt += strings.Count(e, core)
	}
	if strings.Count(r69MineOutsideKeys(r.out, r.hidden), core) > inExempt {
		return core, ""
	}
	return core, principleCounted
}

// r69MineOutsideKeys is out with each key the old masker read before a value it hid cut out: a
// value's text standing across a key and what follows it (pAsswd=d=] [pAsswd=]0: d=] in the
// second "pAsswd=]") is not that value shown.
func r69MineOutsideKeys(out string, hidden [][2]string) string {
	for _, h := range hidden {
		if k := strings.TrimSpace(h[0]); k != "" {
			out = strings.ReplaceAll(out, k, "\x00")
		}
	}
	return out
}

// closesOpenBefore reports whether the value core the old masker hid after key starts with a
// closing bracket whose opening one stands before key on line ({0pAsswd= }00: Go's %+v of an
// empty field, which MaskLogLines reads as no value; round 58's FuzzMaskLogLinesCoversOld seed).
// The key may stand in line more than once (pAsswd=x {pAsswd=}00): each place where it stands
// with the value after it is read, not only its first.
func closesOpenBefore(line, key, core string) bool {
	core = skipInvisibleOrSpace(core)
	return core != "" && closedAt(line, key, core, 0)
}

// valueAfterCloser is what follows, in the value core the old masker hid after key, the closer
// that ends the value (r69Masking14CloserEnd) when more of core follows it ([pAsswd=0]000: 000,
// outside the brackets, no value of the key, which MaskLogLines shows; round 68's
// FuzzMaskLogLinesCoversOld seed cf039490825403aa); "" when none does.
func valueAfterCloser(line, key, core string) string {
	if p := r69Masking14CloserEnd(line, key, core); p > 0 && p+1 < len(core) {
		return core[p+1:]
	}
	return ""
}

// r69Masking14CloserEnd is where in core, the value the old masker hid after key, the closer
// stands that ends it, as the maskers read one: the first closer no bracket of its kind in core
// opened (unopenedCloser), whose kind stands open before a place of key on line that core
// follows (openAt); -1 when none does.
func r69Masking14CloserEnd(line, key, core string) int {
	p := unopenedCloser(core, 0, len(core), "}])")
	if p < 0 || !closedAt(line, key, core, p) {
		return -1
	}
	return p
}

// closedAt reports whether core[at] is a closing bracket whose opening one stands open before a
// place of key on line that core follows.
func closedAt(line, key, core string, at int) bool {
	if key == "" {
		return false
	}
	open := map[byte]byte{'}': '{', ')': '(', ']': '['}[core[at]]
	if open == 0 {
		return false
	}
	for k := strings.Index(line, key); k >= 0; {
		// What hiddenCore trims from the value goes here too ({pAsswd==}00: "==" is one separator
		// to MaskLogLines, and the old masker's value "=}00" was "}00" to the oracle).
		after := line[k+len(key):]
		for trimmed := ""; trimmed != after; {
			trimmed = after
			after = skipInvisibleOrSpace(strings.TrimLeft(after, `"'\=: `+typographicQuoteChars))
		}
		if strings.HasPrefix(after, core) && openAt(line, k, open, core[at]) >= 0 {
			return true
		}
		next := strings.Index(line[k+1:], key)
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return false
}

// skipInvisibleOrSpace is s from its first character that is neither invisible (invisibleAt)
// nor a space: {pAsswd=\u00ad}00 holds a soft hyphen before the brace, which MaskLogLines
// skips as it skips DEL's space, so the brace still closes the struct and the value is empty.
func skipInvisibleOrSpace(s string) string {
	for s != "" {
		if n := invisibleAt(s, 0); n > 0 {
			s = s[n:]
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) {
			break
		}
		s = s[n:]
	}
	return s
}

// startsWithSpace reports whether a password the old masker hid in a URL's userinfo starts,
// after invisible characters, with a Unicode space (://bob:\u00a0pass@db): the old masker's \s
// knew none, MaskLogLines reads one as a space, and ://bob: pass@db holds no userinfo to either
// (FuzzMaskInvisible holds MaskText to reading Unicode spaces as ASCII ones).
func startsWithSpace(pw string) bool {
	for n := invisibleAt(pw, 0); n > 0; n = invisibleAt(pw, 0) {
		pw = pw[n:]
	}
	r, _ := utf8.DecodeRuneInString(pw)
	return unicode.IsSpace(r)
}

// hiddenCore is a value the old masker hid, less the quotes, separators and spaces around it:
// Unicode spaces too (U+2000, NBSP), which the old masker's \s did not know and MaskLogLines
// reads as spaces (pAsswd=\u2000 0 hid the space, which names nothing).
// A value of invisible characters only (pAsswd=\u200f) is none either: MaskLogLines leaves it
// (invisibleOnly), so the oracle does not count it. Typographic quotes are quotes too
// (pAsswd=‘ hid a lone quote, which names nothing). Invisible characters around it are
// trimmed as spaces are (token:\u200d"") hid an invisible character before empty quotes,
// which names nothing, as token:"") does).
func hiddenCore(v string) string {
	return strings.TrimFunc(v, func(r rune) bool {
		return strings.ContainsRune(`"'\=: `+typographicQuoteChars, r) || unicode.IsSpace(r) || r >= utf8.RuneSelf && invisibleAt(string(r), 0) > 0
	})
}

// oldValueCore is hiddenCore(v) up to its first Unicode space (not a line separator): every
// pass reads one as a space, which ends a value after "=" (spaceAt), where the old masker's \s,
// ASCII's, read it as the value's; so what it hid past one is read as past an ASCII space
// (pAsswd=on\u00a00 as pAsswd=on 0: "on" names no credential, and 0 was never hidden).
func oldValueCore(v string) string {
	core := hiddenCore(v)
	for i := 0; i < len(core); i++ {
		if unicodeBlankAt(core, i) > 0 {
			if i == 0 {
				break
			}
			return hiddenCore(core[:i])
		}
	}
	return core
}

// TestMaskLogLinesCoversOldMasker: the audit's log lines, which the old masker hid and the
// first MaskText showed, and the Rust spellings of the Spice runtime.
func TestMaskLogLinesCoversOldMasker(t *testing.T) {
	m := Masked
	for _, c := range []struct{ in, want string }{
		{"WARN password = hunter2 rejected", "WARN password = " + m + " rejected"},
		{"Password:hunter2", "Password:" + m},
		{"PASSWORD : hunter2", "PASSWORD : " + m},
		{"db_password =hunter2", "db_password =" + m},
		{`DEBUG config: password: Some("hunter2"), user: Some("bob")`, `DEBUG config: password: ` + m + `, user: Some("bob")`},
		{`token: Secret("abc123def")`, "token: " + m},
		{`password: Some(Secret("hunter2"))`, "password: " + m},
		{"Dataset d registered (file:/y Password:hunter5 db_password =hunter6)", "Dataset d registered (file:/y Password:" + m + " db_password =" + m + ")"},
		{"INFO spiced: \x1b[2mpassword\x1b[2m=\x1b[0mhunter4 \x1b[32mready\x1b[0m", "INFO spiced: password=" + m + " ready"},
		{"Authorization: Bearer abc", "Authorization: Bearer " + m},
		{"ERROR connect: postgres://bob:pa/ss@db:5432/app", "ERROR connect: postgres://" + m + "@db:5432/app"},
		// Kept readable: a missing secret's name, a module path, a status.
		{"ERROR runtime: Failed to get secret: PG_PASS", ""},
		{"INFO runtime::auth: API key authentication: enabled", ""},
		{"ERROR runtime::secrets: Failed to load the secret store", ""},
		{"WARN token.actions.githubusercontent.com:443 unreachable", ""},
	} {
		want := c.want
		if want == "" {
			want = c.in
		}
		if got := MaskLogLines([]string{c.in})[0]; got != want {
			t.Errorf("MaskLogLines(%q)\n got  %q\n want %q", c.in, got, want)
		}
		coversOld(t, c.in)
	}
}

// maxFuzzLine bounds the lines FuzzMaskLogLinesCoversOld checks. Its oracle (coversOld) reads
// the whole line again for each value the old masker hid (it took 1.3 s on "A A seCret:A"
// repeated to 10 KB before it read each line once), and the fuzzer minimises every input that
// finds new code by calling the target once for each pair of bytes it tries to cut: about n²/2
// calls for n bytes, each reading all n. A 508-byte line of \r took the minimiser 25 s, and the
// fuzzer showed no progress meanwhile (256 bytes: still 20 s, at times). Longer lines are
// skipped (finding no new code, they are never minimised); MaskLogLines' time on long ones is
// TestMaskingIsLinear's, and FuzzMaskText checks long texts.
const maxFuzzLine = 128

// FuzzMaskLogLinesCoversOld: for any line (up to maxFuzzLine bytes), MaskLogLines hides every
// credential the log masker it replaced hid (coversOld), and masking its output again changes
// nothing.
func FuzzMaskLogLinesCoversOld(f *testing.F) {
	for _, s := range []string{
		"password = hunter2", "Password:hunter2", "PASSWORD : hunter2", "db_password =hunter2",
		`password: Some("hunter2")`, `token: Secret("abc123def")`, `{"password":"ab\"cdefgh"}`, `{\"password\":\"hunter2\"}`,
		`"password" : "x"`, `token: [abc, def]`, `"secret": {"value": "hunter2"}`, "postgres://bob:pa/ss@db:5432/app",
		"mysql://root:p#ssw0rd@db/app", "password\x1b[2m=\x1b[0mhunter4", "Bearer abc x://u:p\"w@h",
		"ERROR runtime: Failed to get secret: PG_PASS", "INFO runtime::auth: API key authentication: enabled",
		"from aws_secrets_manager:prod/spice", "token=a:password=b", `api_key: "sk-live-123", secret_token='t0k'`,
		"pass\u034fword=hunter2XYZ", "password\u2009=\u2009Hunter22222", `x ghp_\u200bEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE`,
		// Round 20: a value across a line break in one entry, spaces spelled out.
		"password=abc\u2028def2QZ more", "password=abc\r\ndef2QZ", "password%20=%20hunter2xyz", "Bearer&amp;nbsp;abcDEF123456",
		`Bearer\302\240abcDEF123456`,
		"x ghp_Q7rT9vX2mK4pL8nB3cD6fH1jS5wY0zA2eR4tghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8 z", "x TokenAKIAIOSFODNN7EXAMPLQ",
		// Round 23: a key after a tab's escape (or a backslash), a break's escape after a prefix.
		`\token=000`, `x AKIA\nIOSFODNN7EXAMPLE y`, "pAsswd=\u2000 0",
		// Round 24: a value of invisible characters alone, a space after it.
		"pAss=\u200f ",
	} {
		f.Add(s)
	}
	// Round 59: each control, invisible, space, escape and break class at each place of a
	// key, its separator and its value (r59Seeds).
	for _, s := range r67TesttimeSeeds(f, r59Seeds(r59LogTemplates...)) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) || len(line) > maxFuzzLine {
			return
		}
		coversOld(t, line)
		out := MaskLogLines([]string{line})[0]
		if again := MaskLogLines([]string{out})[0]; again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", line, out, again)
		}
	})
}

// unicodeSpacesAsASCII is line with each space beyond ASCII that every pass reads as a blank
// (unicodeBlankAt: no line separator) written as an ASCII space, as the maskers read it.
func unicodeSpacesAsASCII(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if n := unicodeBlankAt(line, i); n > 0 {
			b.WriteByte(' ')
			i += n
			continue
		}
		b.WriteByte(line[i])
		i++
	}
	return b.String()
}

// unicodeBlankAt returns the length of a space beyond ASCII at s[i] that the maskers read as a
// blank, which ends a value (spaceAt: a Unicode space, no line separator), else 0: the oracle's
// views read one through the maskers' own definition, not a copy of it.
func unicodeBlankAt(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 0
	}
	return spaceAt(s, i)
}
