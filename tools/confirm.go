package tools

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// ConfirmMode is how destructive actions are confirmed (--confirm).
type ConfirmMode string

// The confirmation modes.
const (
	// ConfirmHuman (the default): only a person approves, through the client's own question
	// (elicitation) or, when the client cannot ask, an approval link. The agent's confirm
	// argument is ignored and not offered.
	ConfirmHuman ConfirmMode = "human"
	// ConfirmAgent: the old typed-name path for unattended automation; the agent passes the
	// target's name in confirm (a client that can ask is still asked when confirm is absent).
	ConfirmAgent ConfirmMode = "agent"
	// ConfirmOff: no confirmation (--no-confirm).
	ConfirmOff ConfirmMode = "off"
)

// ConfirmModes lists the modes, for --confirm.
var ConfirmModes = []string{string(ConfirmHuman), string(ConfirmAgent), string(ConfirmOff)}

// Safety is how destructive tools are guarded.
type Safety struct {
	// Confirm is the confirmation mode; "" means ConfirmHuman.
	Confirm ConfirmMode
	// NoConfirm is Confirm: ConfirmOff (--no-confirm); it wins over Confirm.
	NoConfirm bool
	// MaskAPIKeys shows only the last 4 characters of API keys.
	MaskAPIKeys bool
	// ConfirmKey signs confirmation state, so any replica can verify an answer; random when empty.
	ConfirmKey []byte
	// MarkKey keys create_and_deploy_app's deployment marks when ConfirmKey is empty
	// (MarkKeyFrom the server's own credential), so a re-run in a new process recognises the
	// deployment an earlier one started; ConfirmKey's key when empty too.
	MarkKey []byte
	// QuestionTTL is how long an answer to a confirmation question is accepted (default 10 minutes).
	QuestionTTL time.Duration
}

// Mode is the confirmation mode in force.
func (s Safety) Mode() ConfirmMode {
	switch {
	case s.NoConfirm:
		return ConfirmOff
	case s.Confirm == "":
		return ConfirmHuman
	}
	return s.Confirm
}

// NewConfirmKey returns a random signing key for a single process.
func NewConfirmKey() []byte {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return key
}

// confirmKey is Safety.ConfirmKey, or a random key made on first use: the process's first
// read of crypto/rand costs 60-100 µs, which start-up need not pay.
func (env *Env) confirmKey() []byte {
	env.keyOnce.Do(func() {
		env.key = env.Safety.ConfirmKey
		if len(env.key) == 0 {
			env.key = NewConfirmKey()
		}
	})
	return env.key
}

// MarkKeyFrom derives the deployment marks' key from the server's own credential (an API key,
// or an OAuth client's secret): the same in every process with that credential, and no help to
// an agent, which never holds it (whoever does can read the configuration the mark covers).
func MarkKeyFrom(credential string) []byte {
	if credential == "" {
		return nil
	}
	h := hmac.New(sha256.New, []byte(credential))
	h.Write([]byte("spice-cloud-mcp deployment mark"))
	return h.Sum(nil)
}

// markKey keys the deployment marks (configMark): ConfirmKey when given, else MarkKey when
// given, else the process's random confirmation key.
func (env *Env) markKey() []byte {
	if len(env.Safety.ConfirmKey) == 0 && len(env.Safety.MarkKey) > 0 {
		return env.Safety.MarkKey
	}
	return env.confirmKey()
}

// CallInfo is what a tool call carries besides its arguments: the answers to an earlier
// question (multi-round-trip), what the client can be asked, and who calls.
type CallInfo struct {
	InputResponses mcp.InputResponses
	RequestState   string
	// CanElicit: the client declared elicitation (form mode); CanElicitURL: URL mode too.
	CanElicit    bool
	CanElicitURL bool
	// Caller identifies the caller among others of this server (a hash of the HTTP request's
	// bearer token, without one its session's; "" over stdio). Approvals and secret forms are
	// bound to it.
	Caller string
	// Token is the hash of the bearer token the call acts with ("" for the server's own): the
	// values entered on a page are redacted for every call acting with the token that stored them.
	Token string
}

type callInfoKey struct{}

// WithCallInfo attaches the call's CallInfo to ctx.
func WithCallInfo(ctx context.Context, info CallInfo) context.Context {
	return context.WithValue(ctx, callInfoKey{}, info)
}

func callInfo(ctx context.Context) CallInfo {
	info, _ := ctx.Value(callInfoKey{}).(CallInfo)
	return info
}

// confirmation describes one destructive action awaiting a human.
type confirmation struct {
	tool string
	// args are the decoded arguments; the approval is bound to their hash (without confirm).
	args any
	// targetID is what the action acts on, by ID ("app:101", "member:2", "secret:789").
	targetID string
	// action is what will happen, e.g. `Delete app analytics-app (101): if it runs, its runtime
	// is torn down ...`: Markdown in results and the client's question, plain on the page.
	action  present.Words
	effects []string // further facts for the person
	target  string   // what the user types in the client's question (and, --confirm=agent, in confirm)
	fold    bool     // compare case-insensitively (app names and usernames are)
	typed   string   // the confirm argument, when the caller passed one
	// read is the value a person approves reading (set_secret's value_from_env or
	// value_from_file), bound with the rest; nil for other actions.
	read *readValue
	// namesOrg: action names the organization itself (the member actions), so it is not
	// prefixed with it (ActionInOrg).
	namesOrg bool
}

// readValue is a value read from the machine, as an approval binds it: what was read from
// where (hashed into the binding), and where it came from (for the refusal when it changed).
type readValue struct {
	digest string // SHA-256 of the source, its link count and the value
	kind   string // present.SourceEnv or present.SourceFile
	source present.Shown
}

const confirmField = "confirm"

// confirm decides whether a destructive action may go ahead: nil means yes. Otherwise the
// result is a question for the user (elicitation, multi-round-trip style so it works in every
// protocol era), an approval link, or a refusal; either way nothing has been changed yet.
//
// In the default human mode only a person approves: the client's question when the client can
// ask, else an approval link whose answer the server matches to the agent's next identical
// call. An answer is bound to the tool, the hash of the arguments, the target's ID and the
// caller; it expires and is used at most once (per process).
func (env *Env) confirm(ctx context.Context, c confirmation) *Result {
	mode := env.Safety.Mode()
	if mode == ConfirmOff {
		return nil
	}
	// What the caller's role cannot do is refused before anyone is asked (the API would refuse
	// it after the approval).
	if cl, err := env.Client(ctx); err == nil {
		if r := env.refuseByRole(ctx, cl, c.tool); r != nil {
			return r
		}
	}
	if org := env.orgNamed(ctx); org != "" && !c.namesOrg {
		// The same name may be an app or member in several organizations: say which.
		c.action = present.ActionInOrg(c.action, org)
	}
	// Nothing is trimmed: the name as the user typed it, letter case aside where names fold.
	matches := func(s string) bool {
		return s == c.target || (c.fold && rules.SameName(s, c.target))
	}
	if mode == ConfirmAgent && c.typed != "" {
		if matches(c.typed) {
			return nil
		}
		return refusal(present.ConfirmArgMismatch(c.target, c.action.Markdown, c.typed, c.fold))
	}
	info := callInfo(ctx)
	binding := c.binding(info.Caller)
	if answer := server.ElicitationResponse(info.InputResponses, confirmField); answer != nil {
		if _, refused := env.redeemAnswer(info.RequestState, binding, c.unread(info.Caller)); refused != "" {
			if refused == valueChanged {
				refused = present.ConfirmValueChanged(c.read.kind, c.read.source)
			}
			return refusal(refused)
		}
		if answer.Action != mcp.ElicitationResponseActionAccept {
			return refusal(present.ConfirmDeclined(string(answer.Action)))
		}
		content, _ := answer.Content.(map[string]any)
		name, given := content["name"]
		typed, isText := name.(string)
		if !given || !isText {
			return refusal(present.ConfirmNoTypedName(name, given, c.target))
		}
		if !matches(typed) {
			return refusal(present.ConfirmTypedWrong(typed, c.target))
		}
		return nil
	}
	// A page's approval given for exactly this call (the link offered when the client could not
	// be asked then: over stdio, a call before notifications/initialized) is the person's
	// answer, however the client can be asked now; a decline there is reported once.
	if info.CanElicit && mode == ConfirmHuman && env.Human != nil {
		switch env.Human.Decided(binding) {
		case humanweb.Approved:
			env.Logger.Info("approved on the page", "tool", c.tool)
			return nil
		case humanweb.Declined:
			return refusal(present.ApprovalDeclined(c.action.Markdown))
		}
	}
	// The person reads names the API sent: the question and the page say, as a result does at
	// its end (Call; a question is no result), when texts of its answers were not UTF-8.
	odd := present.NotUTF8Words(client.CallNotUTF8(ctx))
	if info.CanElicit {
		question := server.NewInputRequestBuilder(env.signState(binding, c.unread(info.Caller))).Elicit(confirmField, mcp.ElicitationParams{
			Mode:    mcp.ElicitationModeForm,
			Message: present.ConfirmQuestion(c.action.Markdown, withNote(c.effects, odd.Markdown), c.target),
			RequestedSchema: map[string]any{
				"type": "object",
				"properties": map[string]any{
					"name": map[string]any{"type": "string", "title": present.ConfirmFieldTitle(c.target)},
				},
				"required": []string{"name"},
			},
		}).ToolResult()
		return &Result{Raw: question}
	}
	if mode == ConfirmAgent {
		return refusal(present.ConfirmRequired(c.action.Markdown, c.tool, c.target))
	}
	if env.Human == nil {
		return refusal(present.ApprovalUnavailable(c.action.Markdown))
	}
	decision, link, err := env.Human.Approval(ctx, humanweb.Approval{Key: binding, Caller: info.Caller, Tool: c.tool, Action: c.action.Plain, Effects: withNote(c.effects, odd.Plain)})
	switch {
	case err != nil:
		return failedBy(present.ApprovalLinkFailed(c.action.Markdown, err), err)
	case decision == humanweb.Approved:
		env.Logger.Info("approved on the page", "tool", c.tool)
		return nil
	case decision == humanweb.Declined:
		return refusal(present.ApprovalDeclined(c.action.Markdown))
	}
	// Under --human-links open a page the browser did not get is refused, never shown: the
	// link must not reach the agent.
	switch opened, err := env.Human.Open(link); {
	case err != nil:
		return failedBy(present.ApprovalNotOpened(c.action.Markdown), err)
	case opened:
		return refusal(present.ApprovalOpened(c.action.Markdown, c.effects, c.tool, link.Expires))
	}
	return refusal(present.ApprovalNeeded(c.action.Markdown, c.effects, c.tool, link.URL, link.Expires))
}

// withNote is effects and then note, when there is one.
func withNote(effects []string, note string) []string {
	if note == "" {
		return effects
	}
	return append(slices.Clip(effects), note)
}

func refusal(text string) *Result { return &Result{Text: text, IsError: true} }

// binding is what an approval is bound to: the tool, the SHA-256 of the canonical arguments
// without confirm, the target's ID and the caller, hashed together.
func (c confirmation) binding(caller string) string {
	target := c.targetID
	if c.read != nil {
		target += "/value:" + c.read.digest
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s", c.tool, canonicalArgs(c.args), target, caller)
	return hex.EncodeToString(h.Sum(nil))
}

// unread is the binding without the value read ("" when none is): an answer that matches it
// and not the binding was given for this call when the value was another.
func (c confirmation) unread(caller string) string {
	if c.read == nil {
		return ""
	}
	c.read = nil
	return c.binding(caller)
}

// canonicalArgs is the decoded arguments as JSON with sorted keys and without confirm, so the
// same call hashes the same however its JSON was written (101 or "101", key order, spacing).
func canonicalArgs(args any) string {
	raw, err := json.Marshal(args)
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return string(raw)
	}
	delete(m, confirmField)
	out, _ := json.Marshal(m)
	return string(out)
}

// confirmState is what the client echoes back with its answer. It is signed, not secret: it
// binds the answer to this exact call (binding, keyed: see stateBinding) and lets any replica
// verify it; the nonce makes each question's answer usable once.
type confirmState struct {
	Binding string `json:"b"`
	// Unread is the binding without the value read (keyed too), when the call reads one.
	Unread  string `json:"u,omitempty"`
	Expires int64  `json:"e"`
	Nonce   string `json:"n"`
}

// DefaultQuestionTTL is how long a question's answer is accepted.
const DefaultQuestionTTL = 10 * time.Minute

// signState signs a question's state for binding; unread is the binding without a value read
// ("" when the call reads none).
func (env *Env) signState(binding, unread string) string {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	return env.signStateNonce(binding, unread, base64.RawURLEncoding.EncodeToString(nonce))
}

func (env *Env) signStateNonce(binding, unread, nonce string) string {
	s := confirmState{Binding: env.stateBinding(binding), Expires: time.Now().Add(env.questionTTL()).Unix(), Nonce: nonce}
	if unread != "" {
		s.Unread = env.stateBinding(unread)
	}
	payload, _ := json.Marshal(s)
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(env.mac(body))
}

func (env *Env) questionTTL() time.Duration {
	if env.Safety.QuestionTTL <= 0 {
		return DefaultQuestionTTL
	}
	return env.Safety.QuestionTTL
}

// valueChanged is redeemAnswer's refusal when the answer is for this call but the value read
// is not the one asked about: the caller words it, naming where the value came from.
const valueChanged = "value changed"

// redeemAnswer accepts state once: signed by this server's key, for this binding, not
// expired, and its nonce not used before in this process. Otherwise refused says why, in
// that order (valueChanged when only the value read differs; unread is as for signState).
// Each reason is one the caller could tell anyway: the state is theirs to read.
func (env *Env) redeemAnswer(state, binding, unread string) (nonce, refused string) {
	s, ok := env.verifyState(state)
	switch {
	case !ok:
		return "", present.ConfirmStateInvalid
	case !hmac.Equal([]byte(s.Binding), []byte(env.stateBinding(binding))):
		if unread != "" && s.Unread != "" && hmac.Equal([]byte(s.Unread), []byte(env.stateBinding(unread))) {
			return "", valueChanged
		}
		return "", present.ConfirmStateInvalid
	case time.Now().Unix() > s.Expires:
		return "", present.ConfirmStateExpired(env.questionTTL())
	case !env.ledger.use(s.Nonce, time.Unix(s.Expires+1, 0)):
		return "", present.ConfirmStateUsed
	}
	return s.Nonce, ""
}

// stateBinding is binding as the state the client sees carries it: keyed, since a binding
// hashes what the agent must not learn (a value read with value_from_env or value_from_file),
// and the agent, who knows everything else hashed, could test guesses against a plain hash.
func (env *Env) stateBinding(binding string) string {
	return hex.EncodeToString(env.mac("binding\n" + binding))
}

func (env *Env) verifyState(state string) (confirmState, bool) {
	var s confirmState
	body, sig, ok := strings.Cut(state, ".")
	if !ok {
		return s, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, env.mac(body)) {
		return s, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || json.Unmarshal(raw, &s) != nil || s.Nonce == "" {
		return s, false
	}
	return s, true
}

func (env *Env) mac(body string) []byte {
	h := hmac.New(sha256.New, env.confirmKey())
	h.Write([]byte(body))
	return h.Sum(nil)
}

// nonceLedger remembers the answers used in this process until they expire: an answer is
// accepted once. Replicas do not share it (see README, Safety).
type nonceLedger struct {
	mu   sync.Mutex
	used map[string]time.Time
}

// use marks nonce used and reports whether it was unused; the nonce is kept until expires,
// the first instant its state is refused as expired (redeemAnswer: the second after the one
// the state names, since states expire in whole seconds; kept only until that second began,
// an answer used in its last second was accepted again).
func (l *nonceLedger) use(nonce string, expires time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.used == nil {
		l.used = map[string]time.Time{}
	}
	for n, exp := range l.used {
		if now.After(exp) {
			delete(l.used, n)
		}
	}
	if _, seen := l.used[nonce]; seen {
		return false
	}
	l.used[nonce] = expires
	return true
}

// AsksApproval reports whether t's action waits for an approval (a person's, or the agent's
// confirm): its arguments carry a ConfirmArg.
func (t Tool) AsksApproval() bool {
	if t.input == nil || t.input.Kind() != reflect.Struct {
		return false
	}
	for i := range t.input.NumField() {
		if t.input.Field(i).Type == reflect.TypeFor[ConfirmArg]() {
			return true
		}
	}
	return false
}

// orgNamed is the organization a call acts in, as far as the server knows it without asking:
// the call's org argument, else the default (SPICE_ORG); "" for the credential's own.
func (env *Env) orgNamed(ctx context.Context) string {
	if org := client.OrgFrom(ctx); org != "" {
		return org
	}
	if c, err := env.Client(ctx); err == nil {
		return c.Org()
	}
	return ""
}

// ConfirmArg is the confirm argument of destructive tools. It is offered (in tools/list) and
// honoured only with --confirm=agent; otherwise it is accepted and ignored.
type ConfirmArg string

// ListedSchema is a tool's input schema as tools/list shows it in mode: without the confirm
// argument unless the agent may confirm (--confirm=agent). Property order is kept.
func ListedSchema(raw json.RawMessage, mode ConfirmMode) json.RawMessage {
	if mode == ConfirmAgent || !bytes.Contains(raw, []byte(`"`+confirmField+`"`)) {
		return raw
	}
	// The catalogue's own schemas were stripped at build time (schemas_gen.go), so start-up
	// parses none of them; any other schema (--strict-schemas rewrites them) is stripped here.
	if listed, ok := generatedWithoutConfirm(string(raw)); ok {
		return json.RawMessage(listed)
	}
	return withoutConfirm(raw)
}

// withoutConfirm removes the confirm argument from an input schema, keeping property order.
func withoutConfirm(raw json.RawMessage) json.RawMessage {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return raw
	}
	props, ok := top["properties"]
	if !ok {
		return raw
	}
	kept, ok := withoutKey(props, confirmField)
	if !ok {
		return raw
	}
	// Rebuild the top level in its original key order with the new properties.
	dec := json.NewDecoder(bytes.NewReader(raw))
	var keys []string
	if _, err := dec.Token(); err != nil {
		return raw
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return raw
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return raw
		}
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteByte(':')
		if k == "properties" {
			b.Write(kept)
		} else {
			b.Write(top[k])
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

// withoutKey removes key from a JSON object, keeping the order of the others.
func withoutKey(obj json.RawMessage, key string) (json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var value json.RawMessage
		if dec.Decode(&value) != nil {
			return nil, false
		}
		if tok.(string) == key {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(tok.(string))
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

// jsonSchema is the type's own schema (see schema.go). It has no description: in the one mode
// that lists it (--confirm=agent) the tool's description says what to pass.
func (ConfirmArg) jsonSchema() *schema {
	return &schema{Type: "string"}
}
