package client

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// A tool call's values: every secret value the server sends or learns during one call (a
// set_secret value, one read with value_from_env or value_from_file, one entered on the page,
// create_and_deploy_app's secrets, the API keys an answer carries: heldValues) is carried in the call's context (WithCallValues), and every
// request of the call redacts them, with the token, from the API's texts it shows: the errors
// of any operation (apiError) and the free text of its answers that the API writes and tools
// show (shownTexts: a deployment's error_message, log lines, the secret name an upsert echoes).
// A value the server never had (set in another session, by another client) cannot be
// recognised.

type callValuesKey struct{}

// callValues is one call's set of values; the call's requests share it, so a value learned
// half-way (a secret stored) is redacted from every answer read after it.
type callValues struct {
	mu     sync.Mutex
	values []string
}

// WithCallValues returns ctx carrying the call's set of values, with values added to it; a
// context that carries one already keeps it (the same set, values added). Empty values are
// ignored.
func WithCallValues(ctx context.Context, values ...string) context.Context {
	cv, _ := ctx.Value(callValuesKey{}).(*callValues)
	if cv == nil {
		cv = &callValues{}
		ctx = context.WithValue(ctx, callValuesKey{}, cv)
	}
	cv.add(values...)
	return ctx
}

// AddCallValues adds values to the set ctx carries (WithCallValues), if it carries one: a value
// learned half-way through a call.
func AddCallValues(ctx context.Context, values ...string) { learn(ctx, values...) }

// learn adds values to ctx's set, if it carries one.
func learn(ctx context.Context, values ...string) {
	if cv, _ := ctx.Value(callValuesKey{}).(*callValues); cv != nil {
		cv.add(values...)
	}
}

func (cv *callValues) add(values ...string) {
	cv.mu.Lock()
	defer cv.mu.Unlock()
	for _, v := range values {
		if v != "" && !slices.Contains(cv.values, v) {
			cv.values = append(cv.values, v)
		}
	}
}

// RedactCallValues is s with the values ctx's set holds redacted as the call's API texts are
// (redact: through invisible characters and encodings): a tool's own refusal that quotes an
// argument the agent wrote a value of the same call in shows none of it.
func RedactCallValues(ctx context.Context, s string) string {
	values := callValuesOf(ctx)
	if len(values) == 0 {
		return s
	}
	return redact(s, values...)
}

// Redactor redacts a set of values as a call's API texts are (redact: through invisible
// characters and encodings), built once for many texts: a caller's values remembered from
// earlier calls, redacted from each later call's result.
type Redactor struct {
	r *redactor
	// cut are the spellings whose beginnings cutTails looks for.
	cut []cutForm
	// own reports a word of the server's own vocabulary (nil: none), which the cut rule does
	// not redact (cutTails).
	own func(word string) bool
}

// cutForm is a spelling of a value whose beginning is redacted where a text is cut: fold when
// it is looked for in any case (ASCII letters).
type cutForm struct {
	text string
	fold bool
	// low is text with ASCII letters in lower case when fold (text otherwise): a piece's first
	// or last minCutPiece bytes not in it rule the form out at once (cutTails).
	low string
}

func newCutForm(text string, fold bool) cutForm {
	f := cutForm{text: text, fold: fold, low: text}
	if fold {
		f.low = asciiLowerString(text)
	}
	return f
}

// asciiLowerString is s with ASCII letters in lower case.
func asciiLowerString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = asciiLower(c)
	}
	return string(b)
}

// NewRedactor is a Redactor of values (nil when there are none).
func NewRedactor(values ...string) *Redactor { return NewRedactorKeeping(nil, values...) }

// NewRedactorKeeping is NewRedactor whose cut rule does not redact a stretch made only of words
// own reports (the server's own vocabulary: a value that begins with a tool's name does not
// hide that name where a text ends with it).
func NewRedactorKeeping(own func(word string) bool, values ...string) *Redactor {
	if len(values) == 0 {
		return nil
	}
	var cut []cutForm
	for _, v := range values {
		if len(v) < minCutPrefix {
			continue
		}
		if len(v) > maxWholeValue {
			// Past its first longPiece bytes, a long value's piece of 64 bytes or more is found
			// whole (redact_long.go): only a shorter beginning is left to find where cut.
			v = v[:longPiece-1] // whole groups of base64
		}
		r := []rune(v)
		slices.Reverse(r)
		cut = append(cut, newCutForm(v, true), newCutForm(string(r), true), newCutForm(hex.EncodeToString([]byte(v)), true),
			newCutForm(base64.StdEncoding.EncodeToString([]byte(v)), false), newCutForm(base64.URLEncoding.EncodeToString([]byte(v)), false))
		if n := normalized(v); n != v && len(n) > minCutPrefix {
			cut = append(cut, newCutForm(n, true)) // as shown on one line: a key file's breaks spaces
		}
	}
	return &Redactor{r: newRedactor(values), cut: cut, own: own}
}

// Redact is s with the values redacted, and a beginning of one where s is cut (cutTails).
func (r *Redactor) Redact(s string) string {
	if r == nil || s == "" {
		return s
	}
	return cutTails(r.r.redact(s), r.cut, r.own)
}

// minCutPrefix is the shortest beginning of a remembered value (bytes of the text) that
// cutTails redacts: a value is remembered from 12 bytes (tools' minRemembered), so a beginning
// as long as the shortest value remembered is as much of a value as a whole one.
const minCutPrefix = 12

// RedactJSON is raw (JSON) with the values redacted from its strings, keys included, and a
// beginning of one where a string is cut (cutTails). The text
// is redacted as a whole (its escapes read as a value's spelling), keeping its members' order;
// where that would break the JSON (a value whose spelling spans a string's quotes), each string
// is redacted apart instead.
func (r *Redactor) RedactJSON(raw json.RawMessage) json.RawMessage {
	if r == nil || len(raw) == 0 {
		return raw
	}
	if out := cutTails(r.r.redact(string(raw)), r.cut, r.own); out == string(raw) {
		return raw
	} else if json.Valid([]byte(out)) {
		return json.RawMessage(out)
	}
	var doc any
	if json.Unmarshal(raw, &doc) != nil {
		return json.RawMessage(`null`)
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return cutTails(r.r.redact(v), r.cut, r.own)
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, e := range v {
				out[r.r.redact(k)] = walk(e)
			}
			return out
		}
		return v
	}
	out, _ := json.Marshal(walk(doc))
	return out
}

type knownKey struct{}

// WithKnown returns ctx carrying r, the redactor of the values the caller's earlier calls sent:
// the debug log's request paths are redacted of them too.
func WithKnown(ctx context.Context, r *Redactor) context.Context {
	if r == nil {
		return ctx
	}
	return context.WithValue(ctx, knownKey{}, r)
}

// RedactKnown is s redacted of the values ctx's caller sent earlier (WithKnown), as the call's
// result is: a text sent to the client beside it (a progress message).
func RedactKnown(ctx context.Context, s string) string {
	r, _ := ctx.Value(knownKey{}).(*Redactor)
	return r.Redact(s)
}

// redactLogged is s (a request's path, logged at debug) redacted of ctx's call values and of
// the values its caller sent earlier (WithKnown).
func redactLogged(ctx context.Context, s string) string {
	s = RedactCallValues(ctx, s)
	r, _ := ctx.Value(knownKey{}).(*Redactor)
	return r.Redact(s)
}

// callValuesOf is the values ctx's set holds (nil without one).
func callValuesOf(ctx context.Context) []string {
	cv, _ := ctx.Value(callValuesKey{}).(*callValues)
	if cv == nil {
		return nil
	}
	cv.mu.Lock()
	defer cv.mu.Unlock()
	return slices.Clone(cv.values)
}

// PublicSandboxToken is the emulator's documented bearer token (--sandbox, and sandbox-api
// without --token): a public word, not a credential.
const PublicSandboxToken = "sandbox"

// redactableToken is the token as redaction looks for it: none for the public sandbox token
// sent to the emulator — the built-in one (a host under .invalid, which no network resolves, so
// only the in-process emulator answers it) or one on a loopback address (sandbox-api's) — so
// the word "sandbox" in an app's name is shown. Any other token, and "sandbox" sent anywhere
// else, is redacted.
func (c *Client) redactableToken(token string) string {
	if token == PublicSandboxToken && emulatorHost(c.base.Hostname()) {
		return ""
	}
	return token
}

// emulatorHost reports a host only an emulator can be: the in-process one's reserved name
// (RFC 6761 .invalid) or a loopback address.
func emulatorHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".invalid") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// heldValues is implemented by answers that carry credentials (an app's API keys, read or
// regenerated): they join the call's values, so no API text the call shows after it (a
// rotation's conflict that echoes the keys) holds them.
type heldValues interface{ heldValues() []string }

func (k *APIKeys) heldValues() []string { return []string{k.APIKey, k.APIKey2} }

// shownTexts is implemented by answers that hold free text the API writes and tools show (an
// error message, log lines, a name echoed): each is redacted of the call's values.
type shownTexts interface {
	shownTexts() []*string
}

func (d *Deployment) shownTexts() []*string { return []*string{&d.ErrorMessage} }

// keepReceived is implemented by answers whose shown texts decisions read: each keeps them as
// received before they are redacted (Deployment.ReceivedErrorMessage).
type keepReceived interface{ keepReceived() }

func (d *Deployment) keepReceived() {
	msg := d.ErrorMessage
	d.errorReceived = &msg
}

func (l *deploymentList) keepReceived() {
	for i := range l.Deployments {
		l.Deployments[i].keepReceived()
	}
}

func (l *deploymentList) shownTexts() []*string {
	var out []*string
	for i := range l.Deployments {
		out = append(out, l.Deployments[i].shownTexts()...)
	}
	return out
}

func (l *instanceLogs) shownTexts() []*string {
	out := make([]*string, len(l.Lines))
	for i := range l.Lines {
		out[i] = &l.Lines[i]
	}
	return out
}

func (l *deploymentLogs) shownTexts() []*string {
	out := make([]*string, len(l.Logs))
	for i := range l.Logs {
		out[i] = &l.Logs[i].Message
	}
	return out
}

// The name a secret's answer echoes: an upsert's answer that named the value is not shown,
// unless it is the name the request sent (call.asSent), the user's own argument.
func (s *Secret) shownTexts() []*string { return []*string{&s.Name} }

// redactShownTexts redacts values from the free text of a decoded answer (shownTexts). A text
// is looked in as read, invisible formatting characters ignored (plain.Visible: a value split
// by a zero-width space reads whole); one that holds no value is kept as it is, those
// characters included. A text equal to what the request sent for it (asSent: a name echoed)
// is the caller's own argument and is shown as sent; one that differs is redacted. The work
// stops when ctx ends (the call's time limit holds over a long answer): then every text is
// emptied, none shown unredacted, and ctx's error is returned.
func redactShownTexts(ctx context.Context, out any, values []string, asSent map[*string]string) error {
	if h, ok := out.(heldValues); ok {
		learn(ctx, h.heldValues()...) // redacted from every answer read after it in the call
	}
	if k, ok := out.(keepReceived); ok {
		k.keepReceived()
	}
	values = slices.DeleteFunc(values, func(v string) bool { return v == "" })
	st, ok := out.(shownTexts)
	if !ok || len(values) == 0 {
		return nil
	}
	var r *redactor
	texts := st.shownTexts()
	for _, p := range texts {
		if *p == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			for _, p := range texts {
				*p = ""
			}
			return err
		}
		if sent, ok := asSent[p]; ok && *p == sent {
			continue
		}
		if r == nil {
			r = newShownRedactor(values)
		}
		s := *p
		if red := r.redact(s); red != s {
			s = red
		}
		if v := plain.Visible(s); v != s {
			if red := r.redact(v); red != v {
				s = red
			}
		}
		*p = s
	}
	return nil
}

// Bytes is about what r keeps in memory (a remembered set's budget counts it, tools'
// callvalues.go): its automata, the spellings they look for, and its long values' blocks.
func (r *Redactor) Bytes() int {
	if r == nil {
		return 0
	}
	nd := &r.r.nd
	n := 2048 + nd.readM.bytes() + nd.rawM.bytes() + nd.foldM.bytes() + 24*len(nd.grow)
	for _, list := range [][]string{nd.read, nd.raw, nd.short, nd.fold} {
		for _, v := range list {
			n += 16 + len(v)
		}
	}
	for _, c := range r.cut {
		n += 24 + len(c.text)
	}
	for _, bs := range nd.blocks {
		n += int(unsafe.Sizeof(*bs)) + 8*len(bs.hashes)
	}
	return n
}
