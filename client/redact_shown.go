package client

import (
	"errors"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// MaskAcrossBreaks masks, in an API text as received, what its line breaks make a credential
// (present sets it: a token a break cuts). Texts are shown on one line, their breaks blanks,
// and present masks them only as shown: a break must be read before normalized drops it. The
// rule is present's masker's, most of present, so it stays there; unset (a program linking
// client without present), New and ClientCredentials.Token refuse with ErrNoBreakMasker
// rather than show texts without it. A program that masks nothing may set it to return s.
var MaskAcrossBreaks func(s string) string

// ErrNoBreakMasker: MaskAcrossBreaks is unset.
var ErrNoBreakMasker = errors.New(answerwords.NoBreakMasker)

// normalized is an answer's text as it is shown: terminal escapes stripped, an invisible
// character that is not part of the text dropped (a joiner in an emoji or a Persian word
// stays: rules.WithoutStrayInvisible), breaking characters one space, the ends trimmed. Texts
// are normalized before they are redacted, so presentation changes nothing a value could span
// afterwards; redaction reads a kept joiner as nothing (seenRune).
func normalized(s string) string {
	return plain.Line(rules.WithoutStrayInvisible(plain.StripANSI(s)))
}

// shownAPIText is normalized(s) for a text of an answer's: what its line breaks make a
// credential masked first (MaskAcrossBreaks), while they are still breaks.
func shownAPIText(s string) string { return normalized(acrossBreaks(s)) }

// acrossBreaks is MaskAcrossBreaks(s); New and Token refused when it is unset, so unset since
// it is a program's error.
func acrossBreaks(s string) string {
	if MaskAcrossBreaks == nil {
		panic(ErrNoBreakMasker)
	}
	return MaskAcrossBreaks(s)
}

// Redaction of a text as it is shown. The API's texts are shown joined with words of ours
// ("400 Bad Request (code): ", "; " between field errors, ": " between an OAuth error and its
// description), and a sent value may run from one across ours into another. So the shown text
// is composed first, our words marked as protected pieces, every sent value is looked for (in
// every spelling redact reads) over the whole of it, and only the unprotected parts of each
// stretch found are replaced: our words stay (a short value "Bad" leaves "Bad Request"), and
// what is shown no longer holds the value. Words of ours that may stand before the composed
// text or after it, not known here (a remedy, "; last attempt: "), are allowed for at its
// ends: a value that ends in the composed text's beginning (holding all before it) or begins at
// its end and runs on into a word that may follow it (follow) is replaced there too. Each text
// is normalized (normalized) before any of this, so what presentation does afterwards changes
// nothing a value could span. The work is linear in the composed text's length plus the
// values'.

// newShownRedactor is a redactor for texts that are normalized before they are redacted: it
// looks for each value as sent and normalized too ("tab\there" is shown "tab here").
func newShownRedactor(sensitive []string) *redactor {
	all := slices.Clone(sensitive)
	for _, v := range sensitive {
		if n := normalized(v); n != v && n != "" {
			all = append(all, n)
		}
	}
	return newRedactor(all)
}

// normalizedBeginning is shownAPIText(s), or a beginning of it that shortened(…, n) reads as
// it reads the whole (what its first n bytes depend on, and more): a long body costs no more
// than its beginning. Normalizing a beginning of s gives a beginning of normalized(s) but for
// its last few bytes (a run of spaces trimmed, an escape sequence or a character cut short,
// a token the cut shortens masked as a shorter one).
func (r *redactor) normalizedBeginning(s string, n int) string {
	need := n + 1 + r.nd.span + lookahead + 1024
	for w := 2 * need; ; w *= 2 {
		if w >= len(s) {
			return shownAPIText(s)
		}
		if b := shownAPIText(s[:w]); len(b) >= need {
			return b
		}
	}
}

// piece is a part of a shown text: words of ours (api < 0), never replaced, or the text of the
// answer numbered api.
type piece struct {
	text string
	api  int
}

func oursPiece(s string) piece { return piece{s, -1} }

// layout is one way a set of the answer's texts is shown: its pieces, and how what may follow
// them begins.
type layout struct {
	pieces []piece
	follow []string
}

// redactShownTexts redacts texts (the answer's, each already normalized) as each layout shows
// them: the stretches found in every layout are replaced (in texts, in place); it reports
// whether anything was.
func (r *redactor) redactShownTexts(texts []string, layouts []layout) bool {
	found := make([][]textSpan, len(texts))
	for _, l := range layouts {
		r.markShown(l, found)
	}
	changed := false
	for i, spans := range found {
		if len(spans) == 0 {
			continue
		}
		slices.SortFunc(spans, func(a, b textSpan) int { return a.start - b.start })
		out := replaceSpans(texts[i], mergeSpans(spans))
		// Marks side by side read as one.
		for strings.Contains(out, redactedMark+redactedMark) {
			out = strings.ReplaceAll(out, redactedMark+redactedMark, redactedMark)
		}
		if out != texts[i] {
			texts[i], changed = out, true
		}
	}
	return changed
}

// markShown adds to found[k] the parts of the answer's text k that a stretch reading as a value
// covers in the text l composes (see above).
func (r *redactor) markShown(l layout, found [][]textSpan) {
	if len(l.pieces) == 0 {
		return
	}
	var b strings.Builder
	starts := make([]int, len(l.pieces)+1)
	for i, p := range l.pieces {
		starts[i] = b.Len()
		b.WriteString(p.text)
	}
	starts[len(l.pieces)] = b.Len()
	s := b.String()
	var spans []textSpan
	if len(s) >= r.nd.shortest {
		spans = sensitiveSpans(s, &r.nd)
		// A short value next to our words: as a whole word of the answer's ("Request: x").
		spans = append(spans, shortSpans(s, r.nd.short, func(at int) bool {
			return l.pieces[sort.Search(len(l.pieces), func(i int) bool { return starts[i+1] > at })].api < 0
		})...)
	}
	if first := l.pieces[0]; first.api < 0 && first.text != "" {
		if n := r.leadingEdge(s); n > 0 {
			spans = append(spans, textSpan{0, n})
		}
	}
	if last := l.pieces[len(l.pieces)-1]; last.api >= 0 || last.text != "" {
		if n := r.trailingEdge(s, l.follow); n > 0 {
			spans = append(spans, textSpan{len(s) - n, len(s)})
		}
	}
	for _, sp := range spans {
		// The first piece that ends after the stretch begins.
		i := sort.Search(len(l.pieces), func(i int) bool { return starts[i+1] > sp.start })
		for ; i < len(l.pieces) && starts[i] < sp.end; i++ {
			p := l.pieces[i]
			if p.api < 0 {
				continue
			}
			from, to := max(sp.start, starts[i])-starts[i], min(sp.end, starts[i+1])-starts[i]
			if from < to {
				found[p.api] = append(found[p.api], textSpan{from, to})
			}
		}
	}
}

// edgeForms are the spellings looked for across the composed text's ends: the values as sent
// and as encoders spell them (a base64 middle does not split at characters), and the short
// values (as whole words).
func (r *redactor) edgeForms() (forms []string, short int) {
	for k, form := range r.nd.raw {
		if !r.nd.grow[k].base64 {
			forms = append(forms, form)
		}
	}
	return append(forms, r.nd.short...), len(r.nd.short)
}

// leadingEdge is the length of the longest beginning of s that is a proper end of a value
// (which may begin in words before s), or 0. Linear in the values' length: a
// Knuth–Morris–Pratt automaton for s's beginning run over each value.
func (r *redactor) leadingEdge(s string) int {
	forms, short := r.edgeForms()
	best := 0
	for k, v := range forms {
		p := s[:min(len(s), len(v)-1)]
		if p == "" {
			continue
		}
		next, state := kmpNext(p), 0
		for i := range len(v) {
			state = kmpStep(p, next, state, v[i])
		}
		for ; state > best; state = next[state-1] {
			after, _ := utf8.DecodeRuneInString(s[state:])
			if k < len(forms)-short || state == len(s) || !wordRune(after) {
				best = state
				break
			}
		}
	}
	return best
}

// trailingEdge is the length of the longest end of s that, followed by one of follow, is a
// proper beginning of a value running on into it (past the follow words too), or 0. Linear in
// the values' length.
func (r *redactor) trailingEdge(s string, follow []string) int {
	forms, short := r.edgeForms()
	best := 0
	for _, f := range follow {
		for k, v := range forms {
			if len(v) <= len(f)+1 {
				continue
			}
			t := s[len(s)-min(len(s), len(v)-1-len(f)):] + f
			p, rv := reversed(t), reversed(v)
			next, state := kmpNext(p), 0
			for i := range len(rv) {
				state = kmpStep(p, next, state, rv[i])
			}
			for ; state-len(f) > best; state = next[state-1] {
				n := state - len(f) // of s
				before, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
				if k < len(forms)-short || n == len(s) || !wordRune(before) {
					best = n
					break
				}
			}
		}
	}
	return best
}

// shownAnswer is an error answer's texts while they are redacted: texts[k] each, and where
// each is shown.
type shownAnswer struct {
	texts     []string
	msg, code int // the message's and the code's texts, or -1 (none, or words of ours)
	fields    []shownField
	forms     []int
	// fieldsLeftOut and formsLeftOut are the answer's errors not kept (APIError.FieldErrorsLeftOut).
	fieldsLeftOut, formsLeftOut int
}

type shownField struct {
	name int
	msgs []int
}

func (a *shownAnswer) add(s string) int {
	a.texts = append(a.texts, s)
	return len(a.texts) - 1
}

func (a *shownAnswer) piece(k int) piece { return piece{a.texts[k], k} }

// redactAnswer sets e's Message, Code, FieldErrors and FormErrors from the answer's texts,
// normalized (normalized: msg already is) and redacted as they are shown (see above):
// status is e's status's words ("400 Bad Request"), msgOurs the words of ours the message
// begins with ("Bad Request: " before a body that is not JSON, "Bad Request" alone when the
// answer has no text), code the code as it is shown (codeOurs: a documented code, shown as
// it is). Where the texts are shown is APIError.Error's layout and present's (apiErrorText,
// cellError); a field name replaced changes the order fields are shown in, so the layouts
// are composed again until nothing more is replaced.
func (r *redactor) redactAnswer(e *APIError, status, msgOurs, msg, code string, codeOurs bool,
	fields map[string][]string, forms []string) {
	n := 2 + len(forms)
	for _, msgs := range fields {
		n += 1 + len(msgs)
	}
	a := &shownAnswer{msg: -1, code: -1, texts: make([]string, 0, n), forms: make([]int, 0, len(forms)),
		fieldsLeftOut: e.FieldErrorsLeftOut, formsLeftOut: e.FormErrorsLeftOut}
	if msg != "" {
		a.msg = a.add(r.redact(msg))
	}
	if code != "" && !codeOurs {
		a.code = a.add(r.redact(code))
	}
	// In the names' order as received: names that normalize alike are merged in that order, the
	// same every time (a map's order is not).
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		msgs := fields[name]
		f := shownField{name: a.add(r.redact(shownAPIText(name)))}
		for _, m := range msgs {
			f.msgs = append(f.msgs, a.add(r.redact(shownAPIText(m))))
		}
		a.fields = append(a.fields, f)
	}
	for _, m := range forms {
		a.forms = append(a.forms, a.add(r.redact(shownAPIText(m))))
	}
	for range 4 {
		a.mergeFields()
		if !r.redactShownTexts(a.texts, a.layouts(e, status, msgOurs, code, codeOurs)) {
			break
		}
	}
	a.mergeFields()
	e.Message, e.messageOurs = msgOurs, msgOurs
	if a.msg >= 0 {
		e.Message += a.texts[a.msg]
	}
	switch {
	case codeOurs:
		e.Code = code
	case a.code >= 0:
		e.Code = a.texts[a.code]
	default:
		e.Code = ""
	}
	e.FieldErrors = nil
	if len(a.fields) > 0 {
		e.FieldErrors = make(map[string][]string, len(a.fields))
		for _, f := range a.fields {
			for _, m := range f.msgs {
				e.FieldErrors[a.texts[f.name]] = append(e.FieldErrors[a.texts[f.name]], a.texts[m])
			}
			if len(f.msgs) == 0 {
				e.FieldErrors[a.texts[f.name]] = []string{}
			}
		}
	}
	e.FormErrors = nil
	for _, m := range a.forms {
		e.FormErrors = append(e.FormErrors, a.texts[m])
	}
}

// mergeFields puts fields whose names read the same (normalized or redacted alike) together,
// in the order they are shown (by name, as rules.FieldErrors.String orders them).
func (a *shownAnswer) mergeFields() {
	slices.SortStableFunc(a.fields, func(x, y shownField) int { return strings.Compare(a.texts[x.name], a.texts[y.name]) })
	out := a.fields[:0]
	for _, f := range a.fields {
		if n := len(out); n > 0 && a.texts[out[n-1].name] == a.texts[f.name] {
			out[n-1].msgs = append(out[n-1].msgs, f.msgs...)
			continue
		}
		out = append(out, f)
	}
	a.fields = out
}

// layouts are the ways the answer's texts are shown: the answer's layout (shown: present's
// apiErrorText renders it, "Spice.ai API error 400 Bad Request (code): message", a line of
// field errors, one of form errors, each line after it beginning with "\n"), APIError.Error's
// (errorText: "op: 400 Bad Request: message (field: a, b; other: c) (form; form)", then " ("
// or ". "), and a table cell's (present's cellError: "Spice.ai API error 400 Bad Request:
// message. What to do: …").
// Each is also composed with its words of ours left out (joined): a value the answer split
// across its texts where we join them ("; " between form errors, ", " between a field's
// errors, ": " after a field's name) is redacted whole, not shown with our words inside it.
func (a *shownAnswer) layouts(e *APIError, status, msgOurs, code string, codeOurs bool) []layout {
	shown, text := plainPieces(a.shown(status, msgOurs, code, codeOurs, e.MaxTail)), a.errorText(status, msgOurs)
	return []layout{
		{shown, []string{"\n"}},
		{text, []string{" (", ". "}},
		{plainPieces(a.brief(status, msgOurs)), []string{". ", "\n"}},
		joined(shown),
		joined(text),
		joined(a.messages(text)),
	}
}

// messages is ps without the field names: the messages and form errors side by side, as a
// value split across two fields' messages is shown with the second's name between.
func (a *shownAnswer) messages(ps []piece) []piece {
	names := make(map[int]bool, len(a.fields))
	for _, f := range a.fields {
		names[f.name] = true
	}
	var out []piece
	for _, p := range ps {
		if !names[p.api] {
			out = append(out, p)
		}
	}
	return out
}

// joined is the layout of the answer's texts among ps side by side, without the words of ours
// between them (nothing follows it: its ends are those of the layouts it comes from).
func joined(ps []piece) layout {
	var out []piece
	for _, p := range ps {
		if p.api >= 0 {
			out = append(out, p)
		}
	}
	return layout{pieces: out}
}

func plainPieces(shown []shownPiece) []piece {
	ps := make([]piece, len(shown))
	for i, p := range shown {
		ps[i] = p.piece
	}
	return ps
}

// shownPiece is a piece of the answer's layout, and the part of the answer it belongs to (a
// ShownPiece's Part).
type shownPiece struct {
	piece
	part int
}

// The parts of the answer's layout (ShownPiece.Part).
const (
	partCode = iota + 1
	partMessage
	partFields
	partForms
)

// ShownFieldErrors is the Part of the answer's field errors ("name: a, b; other: c").
const ShownFieldErrors = partFields

// message appends the words before the message (words, then msgOurs unless it is the status's
// words before a body that is not JSON; none when both are empty) and the message.
func (a *shownAnswer) message(ps []piece, words, msgOurs string) []piece {
	// Every layout says the status's words just before: a body that is not JSON is shown after
	// them once ("502 Bad Gateway: <html>…"), not after them twice.
	if strings.HasSuffix(msgOurs, ": ") {
		msgOurs = ""
	}
	if words+msgOurs != "" {
		ps = append(ps, oursPiece(words+msgOurs))
	}
	if a.msg >= 0 {
		ps = append(ps, a.piece(a.msg))
	}
	return ps
}

// restates reports whether the message (msgOurs and the answer's text) only restates the
// status's words ("Too many requests" after "429 Too Many Requests", "Not Found" when the
// answer has no text), which every layout then leaves out, the status saying it once. The
// comparison reads the text as shown (redacted), case and a closing full stop aside.
func (a *shownAnswer) restates(status, msgOurs string) bool {
	if strings.HasSuffix(msgOurs, ": ") { // a body that is not JSON follows
		return false
	}
	text := msgOurs
	if a.msg >= 0 {
		text += a.texts[a.msg]
	}
	_, words, _ := strings.Cut(status, " ")
	text = strings.TrimSpace(strings.TrimRight(text, ".! "))
	return text != "" && strings.EqualFold(text, words)
}

// appendLeftOut appends "; and n more <kind> errors" when n > 0.
func appendLeftOut(ps []piece, n int, kind string) []piece {
	if n <= 0 {
		return ps
	}
	return append(ps, oursPiece("; and "+plain.Number(n)+" more "+kind+" errors"))
}

// fieldPieces appends the field errors as shown: "name: a, b; other: c", then "; and 5 more
// field errors" when some were left out.
func (a *shownAnswer) fieldPieces(ps []piece) []piece {
	for i, f := range a.fields {
		if i > 0 {
			ps = append(ps, oursPiece("; "))
		}
		ps = append(ps, a.piece(f.name), oursPiece(": "))
		for j, m := range f.msgs {
			if j > 0 {
				ps = append(ps, oursPiece(", "))
			}
			ps = append(ps, a.piece(m))
		}
	}
	return appendLeftOut(ps, a.fieldsLeftOut, "field")
}

// formPieces appends the form errors as shown: "a; b", then "; and 5 more form errors" when
// some were left out.
func (a *shownAnswer) formPieces(ps []piece) []piece {
	for i, m := range a.forms {
		if i > 0 {
			ps = append(ps, oursPiece("; "))
		}
		ps = append(ps, a.piece(m))
	}
	return appendLeftOut(ps, a.formsLeftOut, "form")
}

// shown is the answer's layout (APIError.Shown): "400 Bad Request (code): message", then
// "\nPlan limit: N log lines per request", "\nField errors: …" and "\nErrors: …", each piece
// with its part (a documented code is words of ours, in the code's part).
func (a *shownAnswer) shown(status, msgOurs, code string, codeOurs bool, maxTail int) []shownPiece {
	out := make([]shownPiece, 0, 2*len(a.texts)+8)
	add := func(part int, ps ...piece) {
		for _, p := range ps {
			out = append(out, shownPiece{p, part})
		}
	}
	add(0, oursPiece(status))
	switch {
	case codeOurs:
		add(0, oursPiece(" ("))
		add(partCode, oursPiece(code))
		add(0, oursPiece(")"))
	case a.code >= 0:
		add(0, oursPiece(" ("))
		add(partCode, a.piece(a.code))
		add(0, oursPiece(")"))
	}
	if !a.restates(status, msgOurs) {
		add(0, oursPiece(": "))
		add(partMessage, a.message(nil, "", msgOurs)...)
	}
	if maxTail > 0 {
		add(0, oursPiece("\nPlan limit: "+strconv.Itoa(maxTail)+" log lines per request"))
	}
	if len(a.fields) > 0 {
		add(0, oursPiece("\nField errors: "))
		add(partFields, a.fieldPieces(nil)...)
	}
	if len(a.forms) > 0 {
		add(0, oursPiece("\nErrors: "))
		add(partForms, a.formPieces(nil)...)
	}
	return out
}

// brief is a table cell's layout (APIError.ShownMessage): "400 Bad Request: message".
func (a *shownAnswer) brief(status, msgOurs string) []shownPiece {
	if a.restates(status, msgOurs) {
		return []shownPiece{{oursPiece(status), 0}}
	}
	out := []shownPiece{{oursPiece(status + ": "), 0}}
	for _, p := range a.message(nil, "", msgOurs) {
		out = append(out, shownPiece{p, partMessage})
	}
	return out
}

// errorText is APIError.Error's layout after the operation's name and ": ": "400 Bad Request:
// message (field: a, b; other: c) (form; form)".
func (a *shownAnswer) errorText(status, msgOurs string) []piece {
	var ps []piece
	if a.restates(status, msgOurs) {
		ps = append(make([]piece, 0, 2*len(a.texts)+8), oursPiece(status))
	} else {
		ps = a.message(make([]piece, 0, 2*len(a.texts)+8), status+": ", msgOurs)
	}
	if len(a.fields) > 0 {
		ps = append(a.fieldPieces(append(ps, oursPiece(" ("))), oursPiece(")"))
	}
	if len(a.forms) > 0 {
		ps = append(a.formPieces(append(ps, oursPiece(" ("))), oursPiece(")"))
	}
	return ps
}

// ShownPiece is a piece of an API error answer as it is shown (APIError.Shown): words of
// ours, or (API) a text of the answer's. Pieces side by side that share a Part above 0 are one
// of the answer's parts: the code, the message, the field errors, the form errors, with the
// words of ours inside it ("; " between field errors, "Bad Request: " before a body that is not
// JSON, a documented code).
type ShownPiece struct {
	Text string
	API  bool
	Part int
}

// Shown is how the answer is shown, in pieces: "400 Bad Request (code): message", then
// "\nPlan limit: N log lines per request", "\nField errors: name: a, b; other: c" and
// "\nErrors: a; b" when the answer has them. It is the layout the answer's texts were redacted
// as (redactAnswer), and the one present shows (apiErrorText): the one place it is written.
func (e *APIError) Shown() []ShownPiece {
	a, msgOurs, codeOurs := e.shownAnswer()
	return public(a.shown(e.status(), msgOurs, e.Code, codeOurs, e.MaxTail))
}

// ShownMessage is how the answer is shown in brief (a table cell), in pieces: "400 Bad
// Request: message", the layout its message was redacted as too.
func (e *APIError) ShownMessage() []ShownPiece {
	a, msgOurs, _ := e.shownAnswer()
	return public(a.brief(e.status(), msgOurs))
}

func public(shown []shownPiece) []ShownPiece {
	out := make([]ShownPiece, len(shown))
	for i, p := range shown {
		out[i] = ShownPiece{Text: p.text, API: p.api >= 0, Part: p.part}
	}
	return out
}

// status is the status's words as they are shown: "400 Bad Request".
func (e *APIError) status() string {
	return strconv.Itoa(e.StatusCode) + " " + answerwords.Status(e.StatusCode)
}

// shownAnswer is e's texts as they are shown (already redacted), with the words of ours its
// message begins with and whether its code is documented (shown as it is).
func (e *APIError) shownAnswer() (a *shownAnswer, msgOurs string, codeOurs bool) {
	a = &shownAnswer{msg: -1, code: -1, fieldsLeftOut: e.FieldErrorsLeftOut, formsLeftOut: e.FormErrorsLeftOut}
	msg := e.Message
	if e.messageOurs != "" && strings.HasPrefix(msg, e.messageOurs) {
		msgOurs, msg = e.messageOurs, msg[len(e.messageOurs):]
	}
	if msg != "" {
		a.msg = a.add(msg)
	}
	codeOurs = documentedCode(e.Code)
	if e.Code != "" && !codeOurs {
		a.code = a.add(e.Code)
	}
	for name, msgs := range e.FieldErrors {
		f := shownField{name: a.add(name)}
		for _, m := range msgs {
			f.msgs = append(f.msgs, a.add(m))
		}
		a.fields = append(a.fields, f)
	}
	a.mergeFields()
	for _, m := range e.FormErrors {
		a.forms = append(a.forms, a.add(m))
	}
	return a, msgOurs, codeOurs
}

// oauthCodes are the token endpoint's error codes RFC 6749 §5.2 defines: no secret, shown as
// they are.
var oauthCodes = []string{"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
	"unsupported_grant_type", "invalid_scope"}

// redactReason is a token endpoint's OAuth error and error_description as TokenError shows them
// (Reason: "error: description" after the status's words, "401 Unauthorized: "), normalized,
// shortened (to 100 and 300 bytes) and redacted of secret as shown joined (redactShownTexts):
// a secret that runs from the error across ": " into the description is not shown.
func redactReason(status int, code, desc, secret string) (string, string) {
	r := newShownRedactor([]string{secret})
	codeOurs := slices.Contains(oauthCodes, code)
	// Redacted whole as shown joined, then shortened: a beginning of the value cut off at the
	// end of the error is redacted, and the rest of it in the description too.
	if !codeOurs {
		code = r.normalizedBeginning(code, 100)
	}
	desc = r.normalizedBeginning(desc, 300)
	texts := []string{code, desc}
	ps := []piece{oursPiece(strconv.Itoa(status) + " " + answerwords.Status(status) + ": ")}
	if codeOurs {
		ps = append(ps, oursPiece(code))
	} else {
		ps = append(ps, piece{code, 0})
	}
	if code != "" && desc != "" {
		ps = append(ps, oursPiece(": "))
	}
	ps = append(ps, piece{desc, 1})
	// Reason is followed by ". " (present), ": check", "; try again", " after 4 attempts", " (the
	// failure of", or nothing.
	r.redactShownTexts(texts, []layout{{ps, []string{". ", ": ", "; ", " "}}, joined(ps)})
	texts[0], texts[1] = r.truncate(texts[0], 100), r.truncate(texts[1], 300)
	if codeOurs {
		return code, texts[1]
	}
	return texts[0], texts[1]
}
