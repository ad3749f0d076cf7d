package tools

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// errNoAPI stands in for the API client: a call that gets this far has had its arguments
// decoded, validated and scope-checked, and would now send its first request.
var errNoAPI = errors.New("fuzz: arguments accepted; no API in this test")

// offline is an Env whose client is never available, so no call reaches any API.
func offline() *Env {
	return &Env{Client: func(context.Context) (*client.Client, error) { return nil, errNoAPI }}
}

// schemaProperties are the argument names t's input schema declares.
func schemaProperties(t Tool) []string {
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(t.InputSchema(), &s); err != nil {
		panic(err)
	}
	var names []string
	for name := range s.Properties {
		names = append(names, name)
	}
	return names
}

// FuzzToolArguments feeds arbitrary bytes as the arguments of every tool of the catalogue
// (the tool picked by index), through the same decode, validate and scope checks a real call
// runs, without any API. Whatever the input: nothing panics; the call is either accepted (it
// would now ask for the API client) or refused with an argument or validation error that names
// only arguments the tool's schema declares (or none: a refusal of the call as a whole);
// accepted arguments are a JSON object (or
// null); the MCP result of a refusal is an error with readable text; and the outcome is
// the same when repeated.
func FuzzToolArguments(f *testing.F) {
	for i, t := range catalog {
		for _, ex := range []map[string]any{t.Examples.Valid, t.Examples.Invalid} {
			raw, err := json.Marshal(ex)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(uint(i), raw)
		}
	}
	env := offline()
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, index uint, raw []byte) {
		if !json.Valid(raw) {
			return // the MCP layer hands tools the arguments re-encoded: always one JSON value
		}
		tool := catalog[index%uint(len(catalog))]
		_, err := tool.call(ctx, env, raw)
		var argErr *ArgumentError
		var valErr *client.ValidationError
		switch {
		case errors.Is(err, errNoAPI):
			var v any
			_ = json.Unmarshal(raw, &v)
			if _, isObject := v.(map[string]any); !isObject && v != nil {
				t.Fatalf("%s accepted arguments that are not a JSON object: %q", tool.Name, raw)
			}
		case errors.As(err, &valErr):
			props := schemaProperties(tool)
			for _, field := range valErr.Fields.Fields() {
				arg, _, _ := strings.Cut(field, ".") // an entry of a map argument: secrets.PG_PASS
				if arg == "" {
					continue // a refusal of the call as a whole (update_app's "Nothing to update") names no argument
				}
				if !slices.Contains(props, arg) {
					t.Fatalf("%s refused %q naming %q, which is not one of its arguments %v: %v", tool.Name, raw, field, props, err)
				}
			}
		case errors.As(err, &argErr):
			if argErr.Message == "" {
				t.Fatalf("%s: empty argument error for %q", tool.Name, raw)
			}
		default:
			t.Fatalf("%s with %q: unexpected outcome %T %v", tool.Name, raw, err, err)
		}
		tool.ScopesFor(nil)
		var args map[string]any
		if json.Unmarshal(raw, &args) == nil {
			tool.ScopesFor(args)
		}

		res := tool.Call(ctx, env, raw)
		if res == nil || !res.IsError || len(res.Content) == 0 {
			t.Fatalf("%s with %q: result %+v", tool.Name, raw, res)
		}
		msg := res.Content[0].(mcp.TextContent).Text
		if msg == "" || !utf8.ValidString(msg) {
			t.Fatalf("%s with %q: unreadable refusal %q", tool.Name, raw, msg)
		}
		if again := tool.Call(ctx, env, raw); again.Content[0].(mcp.TextContent).Text != msg {
			t.Fatalf("%s with %q: a second call says something else:\n%s\n%s", tool.Name, raw, msg, again.Content[0].(mcp.TextContent).Text)
		}
	})
}
