package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// outputSchemaCases add to every tool's examples and result cases (resultCases) the results
// whose structured content is shaped by the budget: pages of a list and the cut form.
var outputSchemaCases = map[string][]resultCase{
	"list_secrets": {
		{name: "first page", setup: manySecrets, args: map[string]any{"app": "analytics-app"}},
		{name: "second page", setup: manySecrets, args: map[string]any{"app": "analytics-app", "offset": 50}},
	},
	"list_apps":  {{name: "a page from an offset", args: map[string]any{"offset": 1}}},
	"update_app": {{name: "an app whose tags are over the budget (shortened)", args: map[string]any{"app": "analytics-app", "tags": manyTags()}}},
	"get_app": {{name: "an app whose tags are over the budget (shortened)", setup: func(t *testing.T, h *harness) {
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": manyTags()})
	}, args: map[string]any{"app": "analytics-app"}}},
}

// manyTags are more tags than one result holds (the API bounds each value, not their number).
func manyTags() map[string]any {
	tags := map[string]any{}
	for i := range 400 {
		tags[fmt.Sprintf("cost_center_%03d", i)] = strings.Repeat(fmt.Sprint(i%10), 40)
	}
	return tags
}

// manySecrets gives analytics-app 60 secrets: more than a page.
func manySecrets(t *testing.T, h *harness) {
	t.Helper()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	id := h.appID(t, "analytics-app")
	for i := range 60 {
		if _, err := api.UpsertSecret(context.Background(), id, fmt.Sprintf("WAREHOUSE_PASSWORD_%02d", i), "example-value"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStructuredContentMatchesOutputSchema: with --output-schemas, the structured content of
// every result — each tool's examples and result cases (successes and failures: an isError
// result may carry structured content too, and clients validate whatever is present), pages
// and the cut form of a result over the budget — validates against the tool's declared
// outputSchema with a JSON Schema 2020-12 validator that also asserts formats, as MCP
// requires: "Servers MUST provide structured results that conform to this schema."
func TestStructuredContentMatchesOutputSchema(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	schemas := map[string]*jsonschema.Schema{}
	for name, raw := range wireOutputSchemas(t) {
		if len(raw) == 0 {
			t.Errorf("%s: no outputSchema with --output-schemas", name)
			continue
		}
		schemas[name] = compileOutputSchema(t, name, raw)
	}
	if len(schemas) != len(tools.All()) {
		t.Fatalf("%d output schemas for %d tools", len(schemas), len(tools.All()))
	}
	var checked, cut, failed, paged atomic.Int32
	var failedTools sync.Map // tools with an error result carrying structured content
	t.Run("tools", func(t *testing.T) {
		for _, tool := range tools.All() {
			schema := schemas[tool.Name]
			if schema == nil {
				continue
			}
			cases := goldenCases(tool)
			cases = append(cases, outputSchemaCases[tool.Name]...)
			t.Run(tool.Name, func(t *testing.T) {
				t.Parallel()
				for _, c := range cases {
					res := runSchemaCase(t, tool.Name, c)
					if res.StructuredContent == nil {
						if !res.IsError {
							// A success without structured content breaks a client that
							// validates: a tool with an outputSchema must return it.
							t.Errorf("%s, %s: a success without structured content", tool.Name, c.name)
						}
						continue
					}
					raw, err := json.Marshal(res.StructuredContent)
					if err != nil {
						t.Fatal(err)
					}
					value, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
					if err != nil {
						t.Fatal(err)
					}
					if err := schema.Validate(value); err != nil {
						t.Errorf("%s, %s: structured content does not match the outputSchema: %v\n%s", tool.Name, c.name, err, raw)
					}
					checked.Add(1)
					if res.IsError {
						failed.Add(1)
						failedTools.Store(tool.Name, true)
					}
					if bytes.Contains(raw, []byte(`"next_offset"`)) {
						paged.Add(1)
					}
					if bytes.HasPrefix(raw, []byte(`{"cut":`)) {
						cut.Add(1)
					} else if strings.HasPrefix(c.name, "cut:") {
						t.Errorf("%s, %s: not cut: %.300s", tool.Name, c.name, raw)
					}
				}
			})
		}
	})
	t.Logf("%d structured results validated: %d errors, %d pages with more, %d cut", checked.Load(), failed.Load(), paged.Load(), cut.Load())
	// No app view is cut any more (its free texts and tags are shortened: present.ShortenApp);
	// the cut form of every tool is validated against its schema in tools' TestBound cases.
	if paged.Load() == 0 {
		t.Errorf("the cases lack a page")
	}
	for _, name := range []string{"create_and_deploy_app", "whoami"} {
		if _, ok := failedTools.Load(name); !ok {
			t.Errorf("%s: no case of an error result with structured content", name)
		}
	}
}

// wireOutputSchemas are the outputSchemas of tools/list as they go over the wire (the mcp-go
// client's Tool keeps only part of a schema: no anyOf).
func wireOutputSchemas(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	h := newHarness(t, harnessOptions{outputSchemas: true})
	res, err := h.mcp.GetTransport().SendRequest(context.Background(),
		transport.JSONRPCRequest{JSONRPC: mcp.JSONRPC_VERSION, ID: mcp.NewRequestId(int64(1 << 20)), Method: string(mcp.MethodToolsList)})
	if err != nil || res.Error != nil {
		t.Fatalf("tools/list: %v %+v", err, res)
	}
	var list struct {
		Tools []struct {
			Name         string          `json:"name"`
			OutputSchema json.RawMessage `json:"outputSchema"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(res.Result, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]json.RawMessage{}
	for _, tool := range list.Tools {
		out[tool.Name] = tool.OutputSchema
	}
	return out
}

// compileOutputSchema compiles a declared outputSchema as JSON Schema 2020-12 (MCP's default
// dialect), asserting formats such as date-time.
func compileOutputSchema(t *testing.T, name string, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: outputSchema: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	url := "mem://" + name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("%s: outputSchema: %v", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: outputSchema does not compile: %v", name, err)
	}
	return s
}

// runSchemaCase runs a result case (runResultCase) on a server that declares output schemas,
// and returns the whole result.
func runSchemaCase(t *testing.T, tool string, c resultCase) *mcp.CallToolResult {
	t.Helper()
	return callResultCase(t, tool, c, true, nil)
}
