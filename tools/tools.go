// Package tools is the table of MCP tools: one per Management API operation plus the
// composite workflows. Each tool decodes and validates its arguments before any API call,
// calls the client, and hands the result to the present package, so presentation rules are
// enforced by code rather than left to the model.
package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// A failed call's remedy reads the token to tell which tools it may name: within what is left
// of the call's time limit and at most remedyLookupWait (Env.Waits), or for remedyLookupGrace once the
// limit is spent (a cached token is read at once; an exchange that hangs must not hold the
// answer past the limit). A token not read in time leaves the tools to the operator's policy,
// as an opaque token does.
const (
	remedyLookupWait  = 2 * time.Second
	remedyLookupGrace = 100 * time.Millisecond
)

// Toolsets group tools for --toolsets.
const (
	ToolsetApps        = "apps"
	ToolsetDeployments = "deployments"
	ToolsetSecrets     = "secrets"
	ToolsetAPIKeys     = "api_keys"
	ToolsetMembers     = "members"
	ToolsetPlatform    = "platform"
	ToolsetWorkflows   = "workflows"
)

// Env is what a tool call needs from the server.
type Env struct {
	// Client returns the API client for this call (per request in multi-tenant HTTP mode).
	Client func(ctx context.Context) (*client.Client, error)
	// Sandbox marks results as coming from the emulator.
	Sandbox bool
	Logger  *slog.Logger
	// Poll is how deployments are awaited; the zero value polls the real API's way.
	Poll PollPolicy
	// Policy is which tools the operator exposes; Safety is how destructive ones are guarded.
	Policy Policy
	Safety Safety
	// Human is the page on which a person approves actions and enters secret values when the
	// client cannot ask them itself; nil means there is none.
	Human *humanweb.Surface
	// Local reads secret values from the server's own environment and files
	// (value_from_env, value_from_file); nil refuses them (over HTTP).
	Local *LocalSources
	// ledger remembers the confirmation answers already used.
	ledger nonceLedger
	// rotations remembers the key rotations started and not finished (rotations.go).
	rotations rotationLedger
	// rollbacks remembers the rollbacks queued, for a refusal naming one in flight (rollback.go).
	rollbacks rollbackMemo
	// entered remembers the values a person entered on the page, for redaction (callvalues.go).
	entered enteredValues
	// sent remembers the secret values each caller's calls sent, for redaction (callvalues.go).
	sent enteredValues
	// secretWrites gives set_secret one turn at a time per app and secret name (turns.go).
	secretWrites keyedTurns
	// pages remembers where each session's last page of a list ended (pagememo.go).
	pages pageMemo
	// key is Safety.ConfirmKey, or a random key made on first use (see confirmKey).
	keyOnce sync.Once
	key     []byte
	// CallTimeout bounds each tool call, across every request, retry and wait it makes;
	// 0 means DefaultCallTimeout. Tools that wait for a deployment add their timeout_seconds.
	CallTimeout time.Duration
	// Waits bounds the reads made only for a text or a remark (zero: the defaults, 2 s each).
	Waits Waits
}

// DefaultCallTimeout is a tool call's time limit when Env.CallTimeout is not set.
const DefaultCallTimeout = 60 * time.Second

func (env *Env) callTimeout() time.Duration {
	if env.CallTimeout > 0 {
		return env.CallTimeout
	}
	return DefaultCallTimeout
}

// timeLimited is implemented by arguments that make a call wait on purpose (a deployment):
// their time limit replaces the default one (base).
type timeLimited interface {
	timeLimit(base time.Duration) time.Duration
}

// limitOf is tl's time limit over base, held at the longest duration when adding its waits to
// a base near it (--tool-timeout 2562047h47m16s) overflows: the limit would be spent at once.
func limitOf(tl timeLimited, base time.Duration) time.Duration {
	if limit := tl.timeLimit(base); limit >= 0 {
		return limit
	}
	return math.MaxInt64
}

// Tool is one entry of the table.
type Tool struct {
	Name        string
	Title       string
	Description string
	Toolset     string
	// Operations are the API operations the tool calls for every use, including the list
	// behind name resolution; the scopes it needs are derived from them (Scopes).
	Operations []*api.Operation
	// When are the operations of Operations a use that succeeds calls only on some paths, each
	// with its condition (README's table of operations says it); their scopes are still the
	// tool's, as its work needs them. The others are called on every use that succeeds
	// (TestR67Spec9CallsAsDeclared records them; TestR68Spec10CallsAsDeclaredOnEveryPath on
	// failures midway and refusals too).
	// When gives the condition of an operation of MayCall too, where one is known (README's
	// table says it; TestR67Spec9CallsAsDeclared holds each true and false).
	When map[*api.Operation]string
	// MayCall are operations it calls only for some arguments (see conditionalOps) or whose
	// refusal it reports instead of failing; they add no scope to the listing.
	MayCall []*api.Operation
	// Optional are the operations of MayCall a use that succeeds calls on every path, whose
	// refusal does not fail it: called on every use, they still add no scope.
	Optional []*api.Operation
	// Examples are argument sets every generic test uses: Valid succeeds against the demo
	// sandbox, Invalid is refused before any API call.
	Examples Examples
	// ReadOnly, Destructive and Idempotent become the MCP annotation hints; every tool calls a
	// remote API, so openWorld is always true.
	ReadOnly    bool
	Destructive bool
	Idempotent  bool
	// input and output are the argument and structured-result types, for the schemas.
	input  reflect.Type
	output reflect.Type
	call   func(ctx context.Context, env *Env, raw json.RawMessage) (*Result, error)
	// operationsFor is Operations plus what decoded arguments add (conditional).
	operationsFor func(raw json.RawMessage) []*api.Operation
	// limitFor is a call's time limit with these arguments (timeLimited), base without.
	limitFor func(base time.Duration, raw json.RawMessage) time.Duration
}

// Examples are a tool's sample arguments.
type Examples struct {
	Valid   map[string]any
	Invalid map[string]any
}

// Scopes are the API scopes the tool needs, derived from its Operations: the smallest set
// whose implications cover every operation's scope, sorted.
func (t Tool) Scopes() []string { return minimalScopes(t.Operations) }

// ScopesFor are the scopes a call with these arguments needs: Scopes plus those of the
// operations the arguments add (nil arguments when they cannot be decoded).
func (t Tool) ScopesFor(args map[string]any) []string {
	raw, err := json.Marshal(args)
	if err != nil || t.operationsFor == nil {
		return t.Scopes()
	}
	return minimalScopes(t.operationsFor(raw))
}

// conditional is implemented by arguments that make a tool call operations beyond its
// Operations (e.g. secrets given to create_and_deploy_app need upsertSecret).
type conditional interface {
	conditionalOps() []*api.Operation
}

// Result is what a tool produces: Markdown for people and models, and the API objects
// (already masked) as structured content.
type Result struct {
	Text       string
	Structured any
	// IsError marks a result that reports a failure with more than an error's text (e.g. the
	// steps a workflow completed before it stopped).
	IsError bool
	// Raw is returned as is: a question for the user (multi-round-trip input request).
	Raw *mcp.CallToolResult
	// cause is the error behind an IsError result, for the server's log (Outcome).
	cause error
	// structuredJSON is Structured as JSON, once a page has been measured (fitPage).
	structuredJSON json.RawMessage
}

// validator is implemented by argument structs with rules beyond what decoding checks.
type validator interface {
	validate() rules.FieldErrors
}

// define builds a Tool from a typed handler: arguments are decoded strictly (unknown keys are
// an error, so nothing the caller sent is silently dropped) and validated before fn runs.
func define[A any, O any](t Tool, fn func(ctx context.Context, env *Env, c *client.Client, args A) (*Result, error)) Tool {
	t.input = reflect.TypeFor[A]()
	t.output = reflect.TypeFor[O]()
	return defineCall(t, func() any { return new(A) }, func(ctx context.Context, env *Env, c *client.Client, args any) (*Result, error) {
		return fn(ctx, env, c, *args.(*A))
	})
}

// defineCall is the part of define that does not depend on the argument type: written once
// rather than compiled once per tool, it keeps each tool's share of the executable (and of
// what start-up reads of it) to the two functions define passes, newArgs (a new *A) and run.
func defineCall(t Tool, newArgs func() any, run func(ctx context.Context, env *Env, c *client.Client, args any) (*Result, error)) Tool {
	t.operationsFor = func(raw json.RawMessage) []*api.Operation {
		args := newArgs()
		if decodeArgs(raw, args) != nil {
			return t.Operations
		}
		return operationsFor(t, args)
	}
	limited := sync.OnceValue(func() bool { _, ok := newArgs().(timeLimited); return ok })
	t.limitFor = func(base time.Duration, raw json.RawMessage) time.Duration {
		if !limited() {
			return base
		}
		args := newArgs()
		if decodeArgs(raw, args) != nil {
			return base
		}
		return limitOf(args.(timeLimited), base)
	}
	required := sync.OnceValue(func() []string { return requiredArgs(t) })
	t.call = func(ctx context.Context, env *Env, raw json.RawMessage) (*Result, error) {
		args := newArgs()
		sent, err := decodeSent(raw, args, env.Safety.Mode())
		// The secret values the call sends or learns are redacted from what it shows, its
		// refusals of the other arguments too (Call), one of its decoding among them.
		ctx = env.withCallValues(ctx, args)
		if err != nil {
			client.AddCallValues(ctx, rawSentValues(args, raw)...)
			env.remember(ctx, rawSentValues(args, raw)...)
			return nil, err
		}
		fe := rules.FieldErrors{}
		if v, ok := args.(validator); ok {
			for field, msgs := range v.validate() {
				fe[field] = append(fe[field], msgs...)
			}
		}
		if sc, ok := args.(sentChecker); ok {
			sc.checkSent(sent, fe)
		}
		checkArgs(sent, args, required(), fe)
		if len(fe) > 0 {
			return nil, &client.ValidationError{Operation: t.Name, Fields: fe}
		}
		ops := operationsFor(t, args)
		// The organization list, when the caller's role is read from it, is asked once a call.
		ctx = env.withWaits(withRoleMemo(ctx))
		// One time limit for the whole call: every request, retry and wait stays inside it, and
		// so does what was done for the call before it ran (BeginCall).
		limit := env.callTimeout()
		if tl, ok := args.(timeLimited); ok {
			limit = limitOf(tl, limit)
		}
		callCtx, cancel := withTimeLimit(withOrg(ctx, args), limit-spentBefore(ctx))
		defer cancel()
		ranUnder(ctx, callCtx)
		// Every scope this call will need, checked before its first request: a workflow never
		// stops half-way for a scope the token visibly lacks. The check may ask the token
		// endpoint, inside the limit.
		if err := env.checkScopes(callCtx, t.Name, ops); err != nil {
			return nil, err
		}
		c, err := env.Client(callCtx)
		if err != nil {
			return nil, err
		}
		// The same for a role the token does not show, read from the organization list.
		if err := env.checkListedRole(callCtx, c, t.Name, ops); err != nil {
			return nil, err
		}
		res, err := run(callCtx, env, c, args)
		err = timedOut(ctx, callCtx, limit, err)
		if dl := (*client.DeadlineError)(nil); errors.As(err, &dl) {
			// One this layer made, outside any request, too.
			dl.Sandbox = dl.Sandbox || env.Sandbox
			dl.HTTPCaller = dl.HTTPCaller || client.HTTPCaller(ctx)
		}
		return res, err
	}
	return t
}

// timedOut names the call's time limit in an error its deadline caused (and turns a bare
// context.DeadlineExceeded into a *client.DeadlineError), unless the caller's own context,
// not the limit, ended the call. A request's own timeout (net/http's wait for an answer,
// which errors.Is also counts as context.DeadlineExceeded) is not the limit: its
// *client.RequestError stays, with what it says about the outcome.
func timedOut(parent, call context.Context, limit time.Duration, err error) error {
	if r, ok := parent.Value(requestKey{}).(*requestLimit); ok && r.ended() {
		// The call renders a resource read (Render), whose limit it stays in: that one ended.
		return RequestTimedOut(parent, err)
	}
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || parent.Err() != nil {
		return err
	}
	var dl *client.DeadlineError
	if errors.As(err, &dl) {
		dl.Limit, dl.Of = limit, requestOf(parent)
		return err
	}
	if !errors.Is(call.Err(), context.DeadlineExceeded) {
		return err
	}
	return &client.DeadlineError{Limit: limit, Of: requestOf(parent)}
}

// checker is implemented by argument types that carry an API rule of their own (a secret
// name, an app reference): a value that breaks it is refused before any request.
type checker interface{ check() string }

// requiredHint is implemented by argument types whose absence is refused with a hint (where
// to find one) rather than a bare "Required".
type requiredHint interface{ required() string }

// nullRefuser is implemented by argument structs some of whose arguments take no null: where
// null could be read as "clear it" (update_app's description), it is refused, naming the
// argument, rather than dropped as "not given". nullRefusal returns the refusal for the
// argument name, or "" where null is taken.
type nullRefuser interface{ nullRefusal(name string) string }

// sentChecker is implemented by argument structs with a rule on which arguments were sent,
// null included (update_app's "nothing to update": an argument sent as null has its own
// refusal, from nullRefusal, and is not "nothing"). checkSent adds to fe.
type sentChecker interface {
	checkSent(sent map[string]json.RawMessage, fe rules.FieldErrors)
}

// checkArgs completes fe with what every tool's arguments owe the schema: each argument the
// schema requires is present and not null, and each set argument of a checker type meets its
// rule. A field the tool's validate already reported keeps that report. sent is each argument
// sent, as decodeSent read it (nil for none).
func checkArgs(sent map[string]json.RawMessage, args any, required []string, fe rules.FieldErrors) {
	v := reflect.ValueOf(args).Elem()
	for _, name := range required {
		if raw, ok := sent[name]; (!ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))) && len(fe[name]) == 0 {
			msg := present.ArgRequired
			if i := slices.IndexFunc(argFieldsOf(v.Type()), func(f argField) bool { return f.name == name }); i >= 0 {
				if r, ok := v.FieldByIndex(argFieldsOf(v.Type())[i].index).Interface().(requiredHint); ok {
					msg = r.required()
				}
			}
			fe.Check(name, msg)
		}
	}
	if nr, ok := args.(nullRefuser); ok {
		for name, value := range sent {
			if bytes.Equal(bytes.TrimSpace(value), []byte("null")) && len(fe[name]) == 0 {
				fe.Check(name, nr.nullRefusal(name))
			}
		}
	}
	for _, af := range argFieldsOf(v.Type()) {
		name := af.name
		f := v.FieldByIndex(af.index)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		value := f.Interface() // boxed once: each Interface call allocates
		c, ok := value.(checker)
		// A zero value sent (0, "") is checked too: it must not pass for "not given".
		if sentValue := sent[name]; ok && (!f.IsZero() || (sentValue != nil && !bytes.Equal(bytes.TrimSpace(sentValue), []byte("null")))) && len(fe[name]) == 0 {
			fe.Check(name, c.check())
		}
		// A kept value holding a credential (keptArg); Ident's check says so itself.
		if k, ok := value.(keptArg); ok && f.Kind() == reflect.String && len(fe[name]) == 0 {
			if _, ident := k.(Ident); !ident {
				fe.Check(name, keptCredential(k, f.String()))
			}
		}
	}
}

// argField is an argument struct's field as checkArgs visits it: its JSON name and where it is.
type argField struct {
	name  string
	index []int
}

// argFields caches each argument type's fields (reflect.Type → []argField): listing them
// anew on every call cost a few microseconds and allocations per tool call.
var argFields sync.Map

// argFieldsOf lists t's fields, those of embedded argument sets (orgArg) included.
func argFieldsOf(t reflect.Type) []argField {
	if fields, ok := argFields.Load(t); ok {
		return fields.([]argField)
	}
	var fields []argField
	for _, sf := range reflect.VisibleFields(t) {
		if sf.Anonymous { // an embedded argument set (orgArg): its fields are visited too
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		fields = append(fields, argField{name: name, index: sf.Index})
	}
	argFields.Store(t, fields)
	return fields
}

// requiredArgs lists the arguments t's input schema requires.
func requiredArgs(t Tool) []string {
	var s struct {
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(t.InputSchema(), &s); err != nil {
		panic(fmt.Sprintf("tools: %s: %v", t.Name, err))
	}
	return s.Required
}

// operationsFor is what a call with args may need: the tool's Operations and, for arguments
// that add some, those too.
func operationsFor(t Tool, args any) []*api.Operation {
	if cond, ok := args.(conditional); ok {
		return append(slices.Clone(t.Operations), cond.conditionalOps()...)
	}
	return t.Operations
}

// decodeArgs decodes raw arguments, naming the offending field in every error. Argument names
// are matched exactly, each once: encoding/json alone would take "App" or "ſtorage_size_gb" for
// app and storage_size_gb, and keep only the last of two spellings of one argument, dropping
// the other without a word.
func decodeArgs(raw json.RawMessage, into any) error {
	_, err := decodeSent(raw, into, ConfirmAgent)
	return err
}

// decodeSent is decodeArgs that also returns each argument sent, by name, as JSON (nil for
// none): what checkArgs reads, without decoding raw again. An unknown argument is refused
// naming the arguments tools/list offers in mode (fieldNames).
func decodeSent(raw json.RawMessage, into any, mode ConfirmMode) (map[string]json.RawMessage, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, &ArgumentError{Message: present.ArgNotAnObject}
	}
	v := reflect.ValueOf(into).Elem()
	fields := argFieldsOf(v.Type())
	sent := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, &ArgumentError{Message: present.ArgInvalid(strings.TrimPrefix(err.Error(), "json: "))}
		}
		name, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, &ArgumentError{Message: present.ArgInvalid(strings.TrimPrefix(err.Error(), "json: "))}
		}
		i := slices.IndexFunc(fields, func(f argField) bool { return f.name == name })
		if i < 0 || name == "" || name == "-" {
			return nil, &ArgumentError{Message: present.ArgUnknown(name), Fix: present.ArgUnknownFix(fieldNames(into, mode))}
		}
		if _, twice := sent[name]; twice {
			return nil, &ArgumentError{Message: present.ArgTwice(name), Fix: present.ArgTwiceFix}
		}
		sent[name] = value
		if !isText(value) { // encoding/json would send U+FFFD in its place, altering it
			return nil, ruleArgumentError(present.ArgField(name, present.ArgNotText))
		}
		if err := decodeField(value, v.FieldByIndex(fields[i].index).Addr().Interface()); err != nil {
			return nil, argumentError(name, err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, &ArgumentError{Message: present.ArgInvalid(strings.TrimPrefix(err.Error(), "json: "))}
	}
	return sent, nil
}

// decodeField decodes one argument's JSON value into target (a pointer to its field): strictly,
// unknown keys refused and numbers kept as written, by a decoder of its own; but a field those
// settings cannot reach (plainField) with json.Unmarshal, which decodes it alike without the
// decoder and its buffer.
func decodeField(value json.RawMessage, target any) error {
	if done, err := decodeInteger(value, reflect.ValueOf(target)); done {
		return err
	}
	if plainField(reflect.TypeOf(target).Elem()) {
		return json.Unmarshal(value, target)
	}
	field := json.NewDecoder(bytes.NewReader(value))
	field.DisallowUnknownFields()
	field.UseNumber()
	return field.Decode(target)
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// decodeInteger decodes a JSON number into an integer field (target points to it, or to a
// pointer to it) as JSON Schema's "integer" reads it, where encoding/json takes plain digits
// only: a number with a zero fractional part is whole however it is written (1.0, 1e1, 10E0),
// read exactly from its digits (rules.ReadInteger); one with a fractional part is no integer (1.5),
// and a whole one the field cannot hold is refused naming the range. done is false for any
// other field or value (null, a string), left to encoding/json.
func decodeInteger(value json.RawMessage, target reflect.Value) (done bool, err error) {
	t := target.Type().Elem()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
	default:
		return false, nil
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return false, nil
	}
	lit := bytes.TrimSpace(value)
	n, whole, beyond, ok := rules.ReadInteger(lit)
	if !ok {
		return false, nil
	}
	if !whole {
		return true, &json.UnmarshalTypeError{Value: "number " + string(lit), Type: t}
	}
	v := target.Elem()
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	if bits := t.Bits(); beyond || v.OverflowInt(n) {
		return true, errors.New(present.ArgIntegerBeyondRange(string(lit), -1<<(bits-1), 1<<(bits-1)-1))
	}
	v.SetInt(n)
	return true, nil
}

// plainField reports a field type (or a pointer to one) that holds no object and no
// interface: one that decodes itself (UnmarshalJSON, which encoding/json hands the value as
// written, whatever the decoder's settings) or a string, boolean or number. DisallowUnknownFields
// reaches only structs, UseNumber only interfaces.
func plainField(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// IsText is isText for the transport (mcpserver), which applies the rule to every request's
// params before mcp-go decodes them.
func IsText(raw []byte) bool { return isText(raw) }

// isText reports whether every string in the JSON value raw decodes to the text it spells:
// valid UTF-8, and each \u escape of a UTF-16 surrogate one half of a pair. encoding/json
// replaces either flaw with U+FFFD without a word.
func isText(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	pendingHigh := false // the last escape was a high surrogate, its low half must follow
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			if pendingHigh {
				return false
			}
			continue
		}
		if raw[i+1] != 'u' || i+6 > len(raw) {
			if pendingHigh {
				return false
			}
			i++ // an escaped character, \\ included
			continue
		}
		r, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		if err != nil {
			return false // the decoder refuses it anyway
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if pendingHigh {
				return false
			}
			pendingHigh = true
		case r >= 0xDC00 && r <= 0xDFFF:
			if !pendingHigh {
				return false
			}
			pendingHigh = false
		default:
			if pendingHigh {
				return false
			}
		}
		i += 5
	}
	return !pendingHigh
}

// ArgumentError is an argument the tool cannot accept.
type ArgumentError struct {
	Message string
	Fix     string // the rule's own fix, for the What to do line (present.ArgRemedy); "": correct it
}

func (e *ArgumentError) Error() string { return e.Message }

// argumentError names the argument name in err, a problem decoding its value.
func argumentError(name string, err error) error {
	var typeErr *json.UnmarshalTypeError
	var ruleErr *typeRuleError
	var keyErr *unknownKeyError
	var fieldErr *fieldRuleError
	switch {
	case errors.As(err, &fieldErr):
		return ruleArgumentError(present.ArgField(name+"."+fieldErr.path, fieldErr.rule))
	case errors.As(err, &keyErr):
		return ruleArgumentError(present.ArgField(name+"."+keyErr.path, present.ArgResourceKey(keyErr.valid)))
	case errors.As(err, &ruleErr):
		field := name
		if ruleErr.field != "" {
			field += "." + ruleErr.field
		}
		return ruleArgumentError(present.ArgType(field, ruleErr.want, jsonValueKind(ruleErr.got)))
	case errors.As(err, &typeErr):
		field := name
		if typeErr.Field != "" {
			field += "." + typeErr.Field
		}
		return ruleArgumentError(present.ArgType(field, JSONKind(typeErr.Type), jsonValueKind(typeErr.Value)))
	case strings.HasPrefix(err.Error(), "json: "):
		return ruleArgumentError(present.ArgField(name, strings.TrimPrefix(err.Error(), "json: ")))
	}
	return ruleArgumentError(present.ArgField(name, err.Error()))
}

// ruleArgumentError is the refusal text of one argument, its rule's own fix (present.WithFix)
// parted from it for the What to do line.
func ruleArgumentError(text string) *ArgumentError {
	rule, fix := present.SplitFix(text)
	return &ArgumentError{Message: rule, Fix: fix}
}

// JSONKind names what a Go type takes in JSON's words (string, integer, number, boolean,
// object, array; "value" for any other or none), never Go's (int, bool, map, slice): a refusal
// is read by someone who sent JSON.
func JSONKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "value"
}

// jsonValueKind is encoding/json's description of a value sent ("bool", "number 1.5",
// "string", ...) in JSON's words: its one Go word, "bool", is "boolean".
func jsonValueKind(v string) string {
	if v == "bool" {
		return "boolean"
	}
	return v
}

// fieldNames lists the JSON argument names of a struct as the tool's schema in tools/list
// offers them in mode (ListedSchema): confirm only with --confirm=agent, as elsewhere it is
// accepted and ignored.
func fieldNames(v any, mode ConfirmMode) []string {
	var names []string
	for _, f := range argFieldsOf(reflect.TypeOf(v).Elem()) {
		if f.name == confirmField && mode != ConfirmAgent {
			continue
		}
		if f.name != "" && f.name != "-" {
			names = append(names, f.name)
		}
	}
	return names
}

// Call runs the tool and turns every outcome into an MCP result: API and validation errors
// become isError results with the remedy, so the model sees them.
func (t Tool) Call(ctx context.Context, env *Env, raw json.RawMessage) *mcp.CallToolResult {
	// A token failure this call meets is its own, however often it asks (scope checks, requests).
	ctx, limit := seeLimit(ctx)
	// The call's set of secret values, filled as it runs (defineCall): what it shows is
	// redacted of them, its own refusals included, which quote the arguments as sent.
	call := client.WithCallValues(client.WithCall(ctx))
	// The values its caller's earlier calls sent are redacted from all it shows, and from
	// the debug log's request paths (rememberedFor).
	known := env.known(ctx)
	call = client.WithKnown(call, known)
	res, err := t.callAsking(call, env, raw)
	known = env.known(ctx) // with this call's own values, now remembered
	recordOutcome(ctx, res, err)
	// Once in the result, errors included: a name shown with U+FFFD is not the API's.
	note := NotUTF8Note(call)
	if env.Sandbox { // every result, errors included: nobody mistakes the emulator for their account
		note += resultNote
	}
	if err != nil {
		text, ok := t.orgIDAsApp(ctx, env, raw, err)
		if !ok {
			text = t.errorText(ctx, env, limit, err)
		}
		if ownRefusal(err) {
			text = client.RedactCallValues(call, text)
		}
		text = known.Redact(text)
		// The fix goes after the redaction, whole: it holds the tool's name and our words only.
		if fix := t.argRemedy(err, text); fix != "" {
			return mcp.NewToolResultError(boundError(text, len(fix)+len(note)) + fix + note)
		}
		return mcp.NewToolResultError(boundError(text, len(note)) + note)
	}
	if res.Raw != nil { // a question: redacted as every result is (its state kept)
		return redactRaw(known, res.Raw)
	}
	// Nothing over the budget is returned raw (bound); structured content goes out as the JSON
	// bound measured, so it is marshalled once. A text to cut is redacted first: the cut
	// splits no value shown whole into a beginning no redaction knows.
	text := res.Text
	if len(text) > present.ResultBytes-len(note) {
		text = known.Redact(text)
	}
	text, structured := bound(t.Name, text, res, len(note))
	text, structured = known.Redact(text), known.RedactJSON(structured)
	text += note
	var out *mcp.CallToolResult
	if structured == nil {
		out = mcp.NewToolResultText(text)
	} else {
		out = mcp.NewToolResultStructured(structured, text)
	}
	out.IsError = res.IsError
	return out
}

// argRemedy is the What to do line (with its line break) under a refusal of the arguments
// before anything was sent, or "" for any other error or one that has its line already.
func (t Tool) argRemedy(err error, text string) string {
	var argErr *ArgumentError
	var valErr *client.ValidationError
	if !errors.As(err, &argErr) && !errors.As(err, &valErr) || !strings.HasPrefix(text, strings.TrimSuffix(present.NothingSent, " ")) ||
		strings.Contains(text, "\nWhat to do: ") {
		return ""
	}
	if argErr != nil {
		return "\n" + present.ArgRemedy(t.Name, false, argErr.Fix)
	}
	return "\n" + present.ArgRemedy(t.Name, len(valErr.Fields) > 1, present.FieldFixes(valErr.Fields)...)
}

// ownRefusal reports whether err is the tool's own refusal (an argument refused, a reference
// that names nothing), which quotes the arguments as sent and is redacted of the call's values
// whole; an error of a request is not: the client redacted the API's texts in it, and the
// remedy's words, ours, stay whatever a value spells (a secret valued "secret").
func ownRefusal(err error) bool {
	var (
		api      *client.APIError
		redirect *client.RedirectError
		response *client.ResponseError
		request  *client.RequestError
		canceled *client.CancelledError
		deadline *client.DeadlineError
	)
	return !errors.As(err, &api) && !errors.As(err, &redirect) && !errors.As(err, &response) &&
		!errors.As(err, &request) && !errors.As(err, &canceled) && !errors.As(err, &deadline)
}

// errorText is err as the tool shows it, its remedy naming a tool only where the caller can use
// it. The call has ended: reading the token for that is bounded by what was left of its time
// limit (see remedyLookupWait).
func (t Tool) errorText(ctx context.Context, env *Env, limit *limitSeen, err error) string {
	var unavailable []present.UnavailableTool
	named := present.RemedyTools(err)
	// A miss's list of candidates cut short, and an argument refusal, name the list tool that
	// shows the rest, or the values wanted: only where the caller can use it.
	var miss *NotFoundError
	if errors.As(err, &miss) && miss.Lister != "" && miss.More > 0 {
		named = append(named, miss.Lister)
	}
	hinted := func(text string) {
		for _, tool := range present.ArgListHints(text) {
			if !slices.Contains(named, tool) {
				named = append(named, tool)
			}
		}
	}
	var invalid *client.ValidationError
	if errors.As(err, &invalid) {
		for _, msgs := range invalid.Fields {
			for _, msg := range msgs {
				hinted(msg)
			}
		}
	}
	var argErr *ArgumentError
	if errors.As(err, &argErr) {
		hinted(argErr.Message)
	}
	if len(named) > 0 {
		now := time.Now()
		until := now.Add(env.Waits.remedyLookup())
		if end, ok := limit.end(); ok {
			if grace := now.Add(remedyLookupGrace); end.Before(grace) {
				end = grace
			}
			if end.Before(until) {
				until = end
			}
		}
		lookup, cancel := context.WithDeadline(ctx, until)
		unavailable = unusableTools(lookup, env, named...)
		cancel()
	}
	for _, u := range unavailable {
		switch {
		case miss != nil && u.Name == miss.Lister:
			err = &NotFoundError{Message: present.MissListHidden(miss.Message, miss.More, u, env.Sandbox)}
		case invalid != nil:
			err = withoutListHint(invalid, u.Name)
			invalid, _ = err.(*client.ValidationError)
		case argErr != nil:
			argErr = &ArgumentError{Message: present.ArgWithoutListHints(argErr.Message, func(tool string) bool { return tool == u.Name }), Fix: argErr.Fix}
			err = argErr
		}
	}
	return present.ToolErrorFor(t.Name, t.Scopes(), err, unavailable)
}

// withoutListHint is e with every refusal naming the list tool (present.ArgListHint) without
// that hint.
func withoutListHint(e *client.ValidationError, tool string) *client.ValidationError {
	fields := rules.FieldErrors{}
	for field, msgs := range e.Fields {
		for _, msg := range msgs {
			msg = present.ArgWithoutListHints(msg, func(hinted string) bool { return hinted == tool })
			fields[field] = append(fields[field], msg)
		}
	}
	return &client.ValidationError{Operation: e.Operation, Fields: fields}
}

// Render runs the tool and returns its Markdown text, for read-only views such as resources;
// an error or a failed (isError) result is a *RenderError.
func (t Tool) Render(ctx context.Context, env *Env, args map[string]any) (string, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return "", err
	}
	ctx, limit := seeLimit(ctx)
	ctx = context.WithValue(ctx, textOnlyKey{}, true)
	res, err := t.call(ctx, env, raw)
	if err != nil {
		return "", &RenderError{Text: t.errorText(ctx, env, limit, err), Err: err}
	}
	// A failed result (a paused app's instances, say) is a failure of the view too, never its
	// content: its text is what the tool shows, its cause what callers answer by kind.
	if res.IsError {
		return "", &RenderError{Text: res.Text, Err: res.cause}
	}
	return res.Text, nil
}

// NotUTF8Note is the paragraph that ends a result or a view (a resource) of the call ctx marks
// (client.WithCall) whose answers held texts that were not UTF-8 (present.NotUTF8), "" when
// none did: once, whichever tools and requests the call made.
func NotUTF8Note(ctx context.Context) string {
	if odd := present.NotUTF8(client.CallNotUTF8(ctx)); odd != "" {
		return "\n\n" + odd
	}
	return ""
}

// textOnlyKey marks a call whose result is shown as text alone (Render: a resource carries no
// structured content), so a page of a list is sized to the text's budget only (resumeRender).
type textOnlyKey struct{}

// textOnly reports whether ctx is such a call's.
func textOnly(ctx context.Context) bool { return ctx.Value(textOnlyKey{}) != nil }

// RenderError is a failed Render: Text is what the tool would have shown, Err the cause (an
// *APIError, a *NotFoundError, ...) for callers that answer by kind.
type RenderError struct {
	Text string
	Err  error
}

func (e *RenderError) Error() string { return e.Text }
func (e *RenderError) Unwrap() error { return e.Err }

// Annotations returns the MCP hints that differ from the spec's defaults (readOnlyHint false,
// destructiveHint true, idempotentHint false, openWorldHint true), so each hint means the same
// to a client that applies the defaults and to one that reads a missing hint as false:
// readOnlyHint and idempotentHint only when true, destructiveHint on every tool that writes
// (true or false; the spec ignores it on read-only tools), openWorldHint never (every tool
// reaches a remote API: the default). Leaving the rest out saves 14 tokens a tool.
func (t Tool) Annotations() mcp.ToolAnnotation {
	var a mcp.ToolAnnotation
	if t.ReadOnly {
		a.ReadOnlyHint = mcp.ToBoolPtr(true)
	} else {
		a.DestructiveHint = mcp.ToBoolPtr(t.Destructive)
	}
	if t.Idempotent {
		a.IdempotentHint = mcp.ToBoolPtr(true)
	}
	return a
}

// Listing is how tools/list presents the tools.
type Listing struct {
	// OutputSchemas declares each tool's outputSchema (opt-in: it roughly doubles the catalogue).
	OutputSchemas bool
	// StrictSchemas declares "additionalProperties": false on every input schema, for clients
	// that validate schemas strictly; by default only tools without arguments declare it.
	StrictSchemas bool
}

// MCPTool renders the tool for tools/list.
func (t Tool) MCPTool(l Listing) mcp.Tool {
	input := t.InputSchema()
	if l.StrictSchemas {
		input = closedSchema(input)
	}
	tool := mcp.NewToolWithRawSchema(t.Name, t.Description, input)
	tool.Title = t.Title
	tool.Annotations = t.Annotations()
	if l.OutputSchemas {
		tool.RawOutputSchema = t.OutputSchema()
	}
	return tool
}

// ListedDescription is a tool's description as tools/list shows it in mode: the catalogue's
// descriptions (and README's tables) are the default mode's, where a person approves; the
// other modes say how the action is approved as they do it.
func ListedDescription(desc string, schema json.RawMessage, mode ConfirmMode) string {
	rest, ok := strings.CutSuffix(desc, present.DescPersonApproves)
	switch {
	case !ok && mode == ConfirmAgent && bytes.Contains(schema, []byte(`"`+confirmField+`"`)):
		return desc + present.DescAgentConfirms // a tool whose description names no approval
	case !ok:
		return desc
	case mode == ConfirmAgent:
		return rest + present.DescAgentConfirms
	case mode == ConfirmOff:
		return rest
	}
	return desc
}

// closedSchema adds "additionalProperties": false to an object schema.
func closedSchema(raw json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return raw
	}
	m["additionalProperties"] = json.RawMessage("false")
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}
