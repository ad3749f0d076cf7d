package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// checkSurfaceParams refuses, before mcp-go serves them, params mcp-go would answer with its own
// words. First, for every request mcp-go decodes into its types, params that decode would
// refuse: a member of another JSON type than MCP gives it (a tools/call's name 5, a prompt
// argument's value 5, _meta 5), params that are no object, a completion without a ref. mcp-go
// answered -32600 quoting Go's decoder ("... into Go struct field CallToolRequest.params.name of
// type string"); here it is -32602 naming the member's path and the JSON type it must have
// (paramsError). The same decode runs first and a request it passes goes on untouched, so what
// mcp-go takes is taken. Then the params of resources/read and of the list methods: a read
// without a URI (mcp-go: -32002 "handler not found"), a URI no resource or template of this
// server matches (mcp-go's answer carries no data.uri, which the specification's
// resource-not-found error has), and a list cursor (mcp-go: -32602 "illegal base64 data"; this
// server lists everything in one page, so no cursor comes from a previous page). It judges only
// requests mcp-go's protocol-level checks, which run after the hook, would pass
// (protocolAccepted), in the era mcp-go serves the method in: their refusals come first. A
// tools/call of a name no tool has is refused in our words (unknownToolError), naming a near
// miss's closest visible tool (env). The
// error goes out with its code and data as every coded error does, on every transport and
// whatever the method (errcodes.go, endpoint.go); a long URI is quoted short.
func checkSurfaceParams(hooks *server.Hooks, env *tools.Env) {
	hooks.AddOnRequestInitialization(func(ctx context.Context, _ any, message any) error {
		// A refusal quotes what the request sent: redacted of the caller's remembered values
		// (knownvalues.go).
		if err := surfaceRefusal(ctx, env, message); err != nil {
			return redactError(knownFor(ctx, env), err)
		}
		return knownMethodRefusal(ctx, env, message)
	})
}

// knownMethodRefusal refuses a request whose method, no method of MCP, holds a value remembered
// for its caller (knownvalues.go), the method redacted: mcp-go's own answer ("Method … not
// found") quotes it whole. nil for any other request, at the cost of a lookup when nothing is
// remembered.
func knownMethodRefusal(ctx context.Context, env *tools.Env, message any) error {
	r := knownFor(ctx, env)
	raw, ok := message.(json.RawMessage)
	if r == nil || !ok {
		return nil
	}
	var head struct {
		Method string `json:"method"`
	}
	if json.Unmarshal(raw, &head) != nil || mcpMethods[head.Method] {
		return nil
	}
	if red := r.Redact(head.Method); red != head.Method {
		return errorWithCode(mcp.METHOD_NOT_FOUND, present.MethodHoldsCredential(red), nil)
	}
	return nil
}

// surfaceRefusal is checkSurfaceParams' refusal of message, nil for none.
func surfaceRefusal(ctx context.Context, env *tools.Env, message any) error {
	raw, ok := message.(json.RawMessage)
	if !ok {
		return nil
	}
	// The hot path: one decode for a tools/call mcp-go takes. Only a message that names the
	// method as written tries it: any other (initialize, tools/list at start-up) would pay for
	// a decode it throws away, the first also for building toolCallShape's decoder. A
	// tools/call that spells its method with escapes is judged below, by mcp-go's own decode,
	// and its name then as here.
	if bytes.Contains(raw, toolsCallName) {
		if call, ok := takenToolCall(raw); ok {
			return unknownToolError(ctx, env, call.Params.Name, raw)
		}
	}
	var head struct {
		Method mcp.MCPMethod `json:"method"`
	}
	if json.Unmarshal(raw, &head) != nil {
		return nil // mcp-go refuses it as it is
	}
	decode := decodedRequests[head.Method]
	var err error
	switch {
	case decode == nil:
		return nil // not one mcp-go decodes for this server
	case decode(raw) != nil:
		err = paramsError(ctx, head.Method, raw)
	case head.Method == mcp.MethodToolsCall: // its method spelled with escapes: the hot path did not try it
		call, _ := takenToolCall(raw)
		return unknownToolError(ctx, env, call.Params.Name, raw)
	case surfaceMethods[head.Method]:
		err = surfaceError(ctx, head.Method, raw)
	}
	if err != nil {
		settleProgress(ctx)
	}
	return err
}

// takenToolCall decodes raw as a tools/call that mcp-go's decode takes (toolCallShape).
func takenToolCall(raw json.RawMessage) (toolCallShape, bool) {
	var call toolCallShape
	return call, json.Unmarshal(raw, &call) == nil && call.Method == mcp.MethodToolsCall
}

// toolsCallName is tools/call's method as a message writes it without escapes.
var toolsCallName = []byte(`"` + mcp.MethodToolsCall + `"`)

// unknownToolError refuses a tools/call of a name no tool of this server has, in our words
// (present.ToolUnknown: quoted short, a credential in it masked), nil for a tool's name. mcp-go
// answered "tool '<name>' not found", the name whole: megabytes, an API key an agent pasted,
// control characters and bidirectional overrides as they came. A hidden tool is registered, so
// its call goes on to its refusal with the reason. A near miss names the closest tool the
// caller may see (env.NearTool; none with a nil env).
func unknownToolError(ctx context.Context, env *tools.Env, name string, raw json.RawMessage) error {
	if s := server.ServerFromContext(ctx); s == nil || s.GetTool(name) != nil {
		return nil
	}
	if _, accepted := protocolAccepted(ctx, mcp.MethodToolsCall, raw); !accepted {
		return nil // mcp-go's protocol-level refusal comes first
	}
	near := ""
	if env != nil {
		near = env.NearTool(ctx, name)
	}
	settleProgress(ctx)
	return errorWithCode(mcp.INVALID_PARAMS, present.ToolUnknown(name, near), nil)
}

// surfaceError is checkSurfaceParams' refusal of a resources/read, prompts/get or list request's params that
// mcp-go decodes, nil for none.
func surfaceError(ctx context.Context, method mcp.MCPMethod, raw json.RawMessage) error {
	ctx, accepted := protocolAccepted(ctx, method, raw)
	if !accepted {
		return nil // mcp-go's protocol-level refusal comes first
	}
	var body struct {
		Params struct { // as mcp-go decodes them: names whatever their case
			URI    json.RawMessage `json:"uri"`
			Cursor json.RawMessage `json:"cursor"`
			Name   json.RawMessage `json:"name"`
		} `json:"params"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return nil // mcp-go's decode took it, so this one does
	}
	params := body.Params
	switch method {
	case mcp.MethodResourcesRead:
		switch uri, _ := stringParam(params.URI); {
		case uri == "":
			return errorWithCode(mcp.INVALID_PARAMS, present.ResourceURIMissing, nil)
		case !viewMatches(uri):
			return errorWithCode(resourceNotFound(ctx), present.ResourceNoMatch(uri), map[string]string{"uri": present.ShortURI(uri)})
		}
	case mcp.MethodPromptsGet: // unknown: the text completion/complete gives, not mcp-go's "prompt 'x' not found: prompt not found"
		name, isString := stringParam(params.Name) // absent and null read as ""
		if _, known := prompts.Lookup(name); isString && !known {
			return errorWithCode(mcp.INVALID_PARAMS, present.PromptUnknown(name), nil)
		}
	default: // the lists
		if cursor, _ := stringParam(params.Cursor); cursor != "" {
			return errorWithCode(mcp.INVALID_PARAMS, present.ListCursorUnknown(string(method)), nil)
		}
	}
	return nil
}

// surfaceMethods are the methods whose params surfaceError checks.
var surfaceMethods = map[mcp.MCPMethod]bool{
	mcp.MethodResourcesRead:          true,
	mcp.MethodResourcesList:          true,
	mcp.MethodResourcesTemplatesList: true,
	mcp.MethodPromptsList:            true,
	mcp.MethodPromptsGet:             true,
	mcp.MethodToolsList:              true,
}

// toolCallShape is a tools/call request as mcp-go v1.2.1 decodes it (CallToolRequest, whose
// params' UnmarshalJSON decodes this struct), with its arguments left raw: they decode to any,
// which only a number beyond a double's range fails (paramtext.go refuses it first). A request
// that decodes into it is one mcp-go's decode takes, in one pass and few allocations; one that
// does not is judged by mcp-go's own decode (decodedRequests).
type toolCallShape struct {
	Method mcp.MCPMethod `json:"method"`
	Params struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
		Meta      *mcp.Meta       `json:"_meta,omitempty"`
		Task      *mcp.TaskParams `json:"task,omitempty"`
		mcp.MultiRoundTripParams
	} `json:"params"`
}

// decodeAs is mcp-go's decode of a request of type T: the whole message into T.
func decodeAs[T any](msg json.RawMessage) error {
	var request T
	return json.Unmarshal(msg, &request)
}

// decodedRequests are the requests mcp-go v1.2.1 decodes into its types for this server (it has
// tools, prompts, resources and completions; no logging, no tasks, whose requests mcp-go answers
// "method not found" undecoded), each with mcp-go's decode (request_handler.go).
var decodedRequests = map[mcp.MCPMethod]func(json.RawMessage) error{
	mcp.MethodInitialize:             decodeAs[mcp.InitializeRequest],
	mcp.MethodPing:                   decodeAs[mcp.PingRequest],
	mcp.MethodServerDiscover:         decodeAs[mcp.DiscoverRequest],
	mcp.MethodSubscriptionsListen:    decodeAs[mcp.SubscriptionsListenRequest],
	mcp.MethodResourcesList:          decodeAs[mcp.ListResourcesRequest],
	mcp.MethodResourcesTemplatesList: decodeAs[mcp.ListResourceTemplatesRequest],
	mcp.MethodResourcesRead:          decodeAs[mcp.ReadResourceRequest],
	mcp.MethodResourcesSubscribe:     decodeAs[mcp.SubscribeRequest],
	mcp.MethodResourcesUnsubscribe:   decodeAs[mcp.UnsubscribeRequest],
	mcp.MethodPromptsList:            decodeAs[mcp.ListPromptsRequest],
	mcp.MethodPromptsGet:             decodeAs[mcp.GetPromptRequest],
	mcp.MethodToolsList:              decodeAs[mcp.ListToolsRequest],
	mcp.MethodToolsCall:              decodeAs[mcp.CallToolRequest],
	mcp.MethodCompletionComplete:     decodeAs[mcp.CompleteRequest],
}

// decodedTypes are the Go types decodedRequests decode into, for typeErrorAt.
var decodedTypes = map[mcp.MCPMethod]reflect.Type{
	mcp.MethodInitialize:             reflect.TypeFor[mcp.InitializeRequest](),
	mcp.MethodPing:                   reflect.TypeFor[mcp.PingRequest](),
	mcp.MethodServerDiscover:         reflect.TypeFor[mcp.DiscoverRequest](),
	mcp.MethodSubscriptionsListen:    reflect.TypeFor[mcp.SubscriptionsListenRequest](),
	mcp.MethodResourcesList:          reflect.TypeFor[mcp.ListResourcesRequest](),
	mcp.MethodResourcesTemplatesList: reflect.TypeFor[mcp.ListResourceTemplatesRequest](),
	mcp.MethodResourcesRead:          reflect.TypeFor[mcp.ReadResourceRequest](),
	mcp.MethodResourcesSubscribe:     reflect.TypeFor[mcp.SubscribeRequest](),
	mcp.MethodResourcesUnsubscribe:   reflect.TypeFor[mcp.UnsubscribeRequest](),
	mcp.MethodPromptsList:            reflect.TypeFor[mcp.ListPromptsRequest](),
	mcp.MethodPromptsGet:             reflect.TypeFor[mcp.GetPromptRequest](),
	mcp.MethodToolsList:              reflect.TypeFor[mcp.ListToolsRequest](),
	mcp.MethodToolsCall:              reflect.TypeFor[mcp.CallToolRequest](),
	mcp.MethodCompletionComplete:     reflect.TypeFor[mcp.CompleteRequest](),
}

// Methods mcp-go serves in one era only, answering the other "method not found" undecoded: those
// 2026-07-28 removed, and those it added.
var (
	legacyOnly = map[mcp.MCPMethod]bool{mcp.MethodInitialize: true, mcp.MethodPing: true,
		mcp.MethodResourcesSubscribe: true, mcp.MethodResourcesUnsubscribe: true}
	modernOnly = map[mcp.MCPMethod]bool{mcp.MethodServerDiscover: true, mcp.MethodSubscriptionsListen: true}
)

// paramsError is the refusal of a request mcp-go's decode refuses (-32602 naming the member and
// the JSON type it must have), nil where mcp-go refuses it first: a protocol-level refusal, or
// the method outside its era.
func paramsError(ctx context.Context, method mcp.MCPMethod, raw json.RawMessage) error {
	if _, accepted := protocolAccepted(ctx, method, raw); !accepted {
		return nil
	}
	if modern := modernRequest(raw); modern && legacyOnly[method] || !modern && modernOnly[method] {
		return nil
	}
	var body struct {
		Params json.RawMessage `json:"params"`
	}
	_ = json.Unmarshal(raw, &body) // the head decoded: so does this
	if kind := jsonKind(body.Params); kind != "" && kind != "null" && kind != "object" {
		if kind == "array" {
			return errorWithCode(mcp.INVALID_PARAMS, present.ParamsNotObject(string(method), withArticle(kind), false), nil)
		}
		return errorWithCode(mcp.INVALID_REQUEST, present.ParamsNotObject(string(method), withArticle(kind), true), nil)
	}
	if method == mcp.MethodCompletionComplete {
		if err := completionRefError(body.Params); err != nil {
			return err
		}
	}
	var typeErr *json.UnmarshalTypeError
	if !errors.As(decodedRequests[method](raw), &typeErr) {
		return errorWithCode(mcp.INVALID_PARAMS, present.ParamsMalformed(string(method)), nil)
	}
	where, got := typeErrorAt(raw, decodedTypes[method], typeErr)
	where = strings.TrimPrefix(where, ".") // params.name, as the specification names members
	return errorWithCode(mcp.INVALID_PARAMS, present.ParamType(string(method), where, withArticle(tools.JSONKind(typeErr.Type)), withArticle(got)), nil)
}

// modernRequest reports whether mcp-go serves raw in the 2026-07-28 era, as it reads it
// (extractRequestProtocolInfo): _meta that does not decode makes a 2025-era request.
func modernRequest(raw json.RawMessage) bool {
	var wrapper struct {
		Params struct {
			Meta *mcp.Meta `json:"_meta"`
		} `json:"params"`
	}
	return json.Unmarshal(raw, &wrapper) == nil && mcp.IsModernProtocol(wrapper.Params.Meta.ProtocolVersion())
}

// completionRefError refuses a completion's ref as mcp-go's decode would (CompleteParams'
// UnmarshalJSON, whose errors name no ref: "unexpected end of JSON input" for none), nil when
// it would take it.
func completionRefError(params json.RawMessage) error {
	var p struct {
		Ref json.RawMessage `json:"ref"`
	}
	if json.Unmarshal(params, &p) != nil {
		return nil // another member is wrong: the generic refusal names it
	}
	method := string(mcp.MethodCompletionComplete)
	switch kind := jsonKind(p.Ref); kind {
	case "", "null":
		return errorWithCode(mcp.INVALID_PARAMS, present.CompletionRefMissing, nil)
	case "object":
	default:
		return errorWithCode(mcp.INVALID_PARAMS, present.ParamType(method, "params.ref", "an object", withArticle(kind)), nil)
	}
	var typed struct {
		Type json.RawMessage `json:"type"`
	}
	_ = json.Unmarshal(p.Ref, &typed)
	var typ string
	if kind := jsonKind(typed.Type); kind != "" && kind != "null" && json.Unmarshal(typed.Type, &typ) != nil {
		return errorWithCode(mcp.INVALID_PARAMS, present.ParamType(method, "params.ref.type", "a string", withArticle(kind)), nil)
	}
	var err error
	var refType reflect.Type
	switch typ {
	case "ref/prompt":
		err, refType = json.Unmarshal(p.Ref, new(mcp.PromptReference)), reflect.TypeFor[mcp.PromptReference]()
	case "ref/resource":
		err, refType = json.Unmarshal(p.Ref, new(mcp.ResourceReference)), reflect.TypeFor[mcp.ResourceReference]()
	default:
		return errorWithCode(mcp.INVALID_PARAMS, present.CompletionRefType(typ), nil)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		where, got := typeErrorAt(p.Ref, refType, typeErr)
		return errorWithCode(mcp.INVALID_PARAMS, present.ParamType(method, "params.ref"+where, withArticle(tools.JSONKind(typeErr.Type)), withArticle(got)), nil)
	}
	return nil
}

// typeErrorAt is where in msg, decoded as a root (its Go type; nil when unknown), the member
// typeErr reports is, as a path (.params.arguments.app; "" for msg itself) and the JSON type it
// has there. encoding/json names the member by its struct fields' JSON names, with the Go names
// of embedded structs among them (params.Alias.argument), and stops at a map or array
// (params.arguments for the value of "app" in it): the path is followed in msg, then, when the
// value there is the object or array its Go type wants, into it to the first value of another
// type than the one wanted. A value of another type than its Go type wants is itself the
// mistake (arguments [5] where an object is wanted: params.arguments, an array).
func typeErrorAt(msg json.RawMessage, root reflect.Type, typeErr *json.UnmarshalTypeError) (where, got string) {
	var p strings.Builder
	node, got := msg, typeErr.Value
	if i := strings.IndexByte(got, ' '); i > 0 {
		got = got[:i] // "number 1.5"
	}
	goType := root
	for name := range strings.SplitSeq(typeErr.Field, ".") {
		// encoding/json names no index: a member of an element of an array is in the first
		// element its element type does not take (icons[1].sizes, not icons.sizes).
		for node != nil && jsonKind(node) == "array" {
			elem := sliceElem(goType)
			if elem == nil {
				break
			}
			i, value, ok := firstUndecodable(node, elem)
			if !ok {
				node = nil
				break
			}
			p.WriteString("[" + strconv.Itoa(i) + "]")
			node, goType = value, elem
		}
		goType = fieldType(goType, name)
		if name == "" || 'A' <= name[0] && name[0] <= 'Z' {
			continue // an embedded struct's Go name, which the JSON does not have
		}
		writeMemberPath(&p, name)
		if node != nil {
			node = memberFolded(node, name, goType)
		}
	}
	want := tools.JSONKind(typeErr.Type)
	if kind := jsonKind(node); kind != "" {
		got = kind
		if !kindFits(want, kind) && containerKind(goType, kind) {
			if key, index, kind, ok := firstMisfit(node, want); ok {
				got = kind
				if index >= 0 {
					p.WriteString("[" + strconv.Itoa(index) + "]")
				} else {
					writeMemberPath(&p, key)
				}
			}
		}
	}
	if got == "bool" {
		got = "boolean"
	}
	return p.String(), got
}

// sliceElem is the element type of t when it is a slice or array (or a pointer to one), else nil.
func sliceElem(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
		return nil
	}
	return t.Elem()
}

// firstUndecodable is the first element of the JSON array arr that does not decode into elem,
// with its index.
func firstUndecodable(arr json.RawMessage, elem reflect.Type) (int, json.RawMessage, bool) {
	var values []json.RawMessage
	if json.Unmarshal(arr, &values) != nil {
		return 0, nil, false
	}
	for i, v := range values {
		if json.Unmarshal(v, reflect.New(elem).Interface()) != nil {
			return i, v, true
		}
	}
	return 0, nil, false
}

// fieldType is the type of t's field that encoding/json names name in an UnmarshalTypeError
// (its JSON name, else, for an embedded struct, its Go name), matched as encoding/json matches
// names, among the fields of embedded structs too; nil when t (a struct, or a pointer to one)
// has none.
func fieldType(t reflect.Type, name string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var folded reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		switch {
		case f.Anonymous && tag == "":
			if f.Name == name {
				return f.Type
			}
			if inner := fieldType(f.Type, name); inner != nil && folded == nil {
				folded = inner
			}
			continue
		case tag == "":
			tag = f.Name
		}
		if tag == name {
			return f.Type
		}
		if folded == nil && strings.EqualFold(tag, name) {
			folded = f.Type
		}
	}
	return folded
}

// containerKind reports whether a value of JSON type kind is the container the Go type t
// wants: an object for a map or a struct, an array for a slice or an array. An unknown t (nil)
// takes either.
func containerKind(t reflect.Type, kind string) bool {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return kind == "object" || kind == "array"
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return kind == "object"
	case reflect.Slice, reflect.Array:
		return kind == "array"
	}
	return false
}

// memberFolded is the value of obj's member name, matched as encoding/json matches a struct
// field (the same name, else one equal to it whatever its case), that it failed to decode into
// want: it decodes every member that matches, in the order given, and reports the first error,
// so the member is the first of them, in the input, whose value does not decode into want (the
// last of them is the one it keeps, when all do). With want unknown (nil), or every match
// decoding, it is the member of that name, else the first that matches whatever its case; nil
// when obj has none. (The refusal of names given twice, walk, leaves one match in a struct's
// object: the order matters where it does not look.)
func memberFolded(obj json.RawMessage, name string, want reflect.Type) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if open, err := dec.Token(); err != nil || open != json.Delim('{') {
		return nil
	}
	var exact, folded json.RawMessage
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		var value json.RawMessage
		if dec.Decode(&value) != nil {
			return nil
		}
		key, _ := t.(string)
		switch {
		case key == name:
			if exact == nil {
				exact = value
			}
		case strings.EqualFold(key, name):
			if folded == nil {
				folded = value
			}
		default:
			continue
		}
		if want != nil && json.Unmarshal(value, reflect.New(want).Interface()) != nil {
			return value
		}
	}
	if exact != nil {
		return exact
	}
	return folded
}

// firstMisfit is the first member (key) or element (index, else -1) of the object or array v
// whose JSON type is not want, and that type.
func firstMisfit(v json.RawMessage, want string) (key string, index int, kind string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(v))
	open, err := dec.Token()
	if err != nil {
		return "", -1, "", false
	}
	for i := 0; dec.More(); i++ {
		key, index = "", i
		if open == json.Delim('{') {
			t, err := dec.Token()
			if err != nil {
				return "", -1, "", false
			}
			key, index = fmt.Sprint(t), -1
		}
		var value json.RawMessage
		if dec.Decode(&value) != nil {
			return "", -1, "", false
		}
		if kind := jsonKind(value); kind != "null" && !kindFits(want, kind) {
			return key, index, kind, true
		}
	}
	return "", -1, "", false
}

// jsonKind is the JSON type of the value v: object, array, string, boolean, number or null;
// "" for none.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// kindFits reports whether a JSON value of type kind may be what a member of type want holds.
func kindFits(want, kind string) bool {
	return want == kind || want == "integer" && kind == "number"
}

// withArticle is a JSON type as a refusal names it: "a string", "an object".
func withArticle(kind string) string {
	switch kind {
	case "object", "array", "integer":
		return "an " + kind
	case "null":
		return kind
	}
	return "a " + kind
}

// stringParam reads a param that must be a string when given: absent or null is "", another
// type is not ok (mcp-go's answer to it was -32600 quoting Go's decoder).
func stringParam(raw json.RawMessage) (string, bool) {
	var s string
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", true
	case json.Unmarshal(raw, &s) != nil:
		return "", false
	}
	return s, true
}

// protocolAccepted reports whether mcp-go v1.2.1 (HandleMessage, which runs the request hooks
// before them) would pass msg's protocol-level checks, so that its refusals come first: a
// 2026-07-28 request needs _meta's clientCapabilities and a supported version, and over HTTP
// the standard headers (Mcp-Method, Mcp-Name) that match its body. ctx is returned with the
// request's protocol version, which the resource-not-found code depends on.
func protocolAccepted(ctx context.Context, method mcp.MCPMethod, msg json.RawMessage) (context.Context, bool) {
	var wrapper struct {
		Params struct {
			Meta *mcp.Meta `json:"_meta"`
		} `json:"params"`
	}
	if json.Unmarshal(msg, &wrapper) != nil {
		return ctx, true // mcp-go reads it as 2025-era; its per-method decode refuses it
	}
	meta := wrapper.Params.Meta
	v := meta.ProtocolVersion()
	if v != "" {
		ctx = server.WithRequestProtocolInfo(ctx, &server.RequestProtocolInfo{ProtocolVersion: v, Modern: mcp.IsModernProtocol(v)})
	}
	if !mcp.IsModernProtocol(v) {
		return ctx, true
	}
	if meta.ClientCapabilities() == nil || !mcp.IsValidProtocolVersion(v) {
		return ctx, false
	}
	if h, _ := ctx.Value(requestHeadersKey{}).(http.Header); len(h) > 0 && h.Get(mcp.HeaderProtocolVersion) != "" {
		var body struct {
			Params json.RawMessage `json:"params"`
		}
		if json.Unmarshal(msg, &body) == nil && mcp.ValidateStandardHeaders(h.Get, v, method, body.Params) != nil {
			return ctx, false
		}
	}
	return ctx, true
}

// requestHeadersKey holds an HTTP request's headers in its context (withRequestHeaders), as
// mcp-go keeps them where the hooks cannot read them.
type requestHeadersKey struct{}

// withRequestHeaders puts the request's headers in its context, for protocolAccepted.
func withRequestHeaders(next server.HTTPContextFunc) server.HTTPContextFunc {
	return func(ctx context.Context, r *http.Request) context.Context {
		return context.WithValue(next(ctx, r), requestHeadersKey{}, r.Header)
	}
}

// viewTemplates are the views' URIs as mcp-go matches them: a resource's exactly, a template's
// by its pattern.
var viewTemplates = sync.OnceValue(func() []func(string) bool {
	var out []func(string) bool
	for _, v := range allViews() {
		if !v.template {
			out = append(out, func(uri string) bool { return uri == v.uri })
			continue
		}
		re := mcp.NewResourceTemplate(v.uri, v.name).URITemplate.Regexp()
		out = append(out, re.MatchString)
	}
	return out
})

// viewMatches reports whether uri is a resource of this server or matches one of its templates,
// visible to the caller or not (a hidden view's refusal says why).
func viewMatches(uri string) bool {
	for _, match := range viewTemplates() {
		if match(uri) {
			return true
		}
	}
	return false
}
