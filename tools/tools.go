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
	"log/slog"
	"reflect"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
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
	// MayCall are operations it calls only for some arguments (see conditionalOps) or whose
	// refusal it reports instead of failing; they add no scope to the listing.
	MayCall []*api.Operation
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
}

// InputSchema returns the tool's JSON schema for arguments.
func (t Tool) InputSchema() json.RawMessage { return mustSchema(t.input) }

// OutputSchema returns the JSON schema of the structured result.
func (t Tool) OutputSchema() json.RawMessage { return mustSchema(t.output) }

// validator is implemented by argument structs with rules beyond what decoding checks.
type validator interface {
	validate() rules.FieldErrors
}

// define builds a Tool from a typed handler: arguments are decoded strictly (unknown keys are
// an error, so nothing the caller sent is silently dropped) and validated before fn runs.
func define[A any, O any](t Tool, fn func(ctx context.Context, env *Env, c *client.Client, args A) (*Result, error)) Tool {
	t.input = reflect.TypeFor[A]()
	t.output = reflect.TypeFor[O]()
	t.operationsFor = func(raw json.RawMessage) []*api.Operation {
		var args A
		if decodeArgs(raw, &args) != nil {
			return t.Operations
		}
		return operationsFor(t, &args)
	}
	t.call = func(ctx context.Context, env *Env, raw json.RawMessage) (*Result, error) {
		var args A
		if err := decodeArgs(raw, &args); err != nil {
			return nil, err
		}
		if v, ok := any(&args).(validator); ok {
			if fe := v.validate(); len(fe) > 0 {
				return nil, &client.ValidationError{Operation: t.Name, Fields: fe}
			}
		}
		ops := operationsFor(t, &args)
		// Every scope this call will need, checked before its first request: a workflow never
		// stops half-way for a scope the token visibly lacks.
		if err := env.checkScopes(ctx, t.Name, ops); err != nil {
			return nil, err
		}
		c, err := env.Client(ctx)
		if err != nil {
			return nil, err
		}
		return fn(ctx, env, c, args)
	}
	return t
}

// operationsFor is what a call with args may need: the tool's Operations and, for arguments
// that add some, those too.
func operationsFor(t Tool, args any) []*api.Operation {
	if cond, ok := args.(conditional); ok {
		return append(slices.Clone(t.Operations), cond.conditionalOps()...)
	}
	return t.Operations
}

// decodeArgs decodes raw arguments, naming the offending field in every error.
func decodeArgs(raw json.RawMessage, into any) error {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		raw = json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return argumentError(err, into)
	}
	return nil
}

// ArgumentError is an argument the tool cannot accept.
type ArgumentError struct{ Message string }

func (e *ArgumentError) Error() string { return e.Message }

func argumentError(err error, into any) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &ArgumentError{present.ArgNotAnObject}
		}
		return &ArgumentError{present.ArgType(field, typeErr.Type.Kind().String(), typeErr.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &ArgumentError{present.ArgUnknown(name, fieldNames(into))}
	}
	return &ArgumentError{present.ArgInvalid(strings.TrimPrefix(err.Error(), "json: "))}
}

// fieldNames lists the JSON argument names of a struct.
func fieldNames(v any) []string {
	t := reflect.TypeOf(v).Elem()
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// Call runs the tool and turns every outcome into an MCP result: API and validation errors
// become isError results with the remedy, so the model sees them.
func (t Tool) Call(ctx context.Context, env *Env, raw json.RawMessage) *mcp.CallToolResult {
	res, err := t.call(ctx, env, raw)
	if err != nil {
		return mcp.NewToolResultError(present.Error(err))
	}
	if res.Raw != nil {
		return res.Raw
	}
	text := res.Text
	if env.Sandbox {
		text += "\n\n" + present.SandboxNote
	}
	var out *mcp.CallToolResult
	if res.Structured == nil {
		out = mcp.NewToolResultText(text)
	} else {
		out = mcp.NewToolResultStructured(res.Structured, text)
	}
	out.IsError = res.IsError
	return out
}

// Render runs the tool and returns its Markdown text, for read-only views such as resources.
func (t Tool) Render(ctx context.Context, env *Env, args map[string]any) (string, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return "", err
	}
	res, err := t.call(ctx, env, raw)
	if err != nil {
		return "", errors.New(present.Error(err))
	}
	return res.Text, nil
}

// Annotations returns the four MCP hints, all set.
func (t Tool) Annotations() mcp.ToolAnnotation {
	return mcp.ToolAnnotation{
		ReadOnlyHint:    &t.ReadOnly,
		DestructiveHint: mcp.ToBoolPtr(t.Destructive && !t.ReadOnly),
		IdempotentHint:  &t.Idempotent,
		OpenWorldHint:   mcp.ToBoolPtr(true),
	}
}

// MCPTool renders the tool for tools/list; output schemas are opt-in because they roughly
// double the catalogue's size.
func (t Tool) MCPTool(withOutputSchema bool) mcp.Tool {
	tool := mcp.NewToolWithRawSchema(t.Name, t.Description, t.InputSchema())
	tool.Title = t.Title
	tool.Annotations = t.Annotations()
	if withOutputSchema {
		tool.RawOutputSchema = t.OutputSchema()
	}
	return tool
}
