package e2e

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const serverName = "spice-cloud-mcp"

// goldenCatalogue is the server's reviewed tools/list (mcpserver/testdata/tools.golden.json, kept
// by the server's own snapshot test): this independent client must see exactly those tools, with
// the same annotations and required arguments, over the wire.
type goldenTool struct {
	Name string `json:"name"`
	// Hints the server leaves out have the spec's defaults (see hints).
	Annotations struct {
		ReadOnly    *bool `json:"readOnlyHint"`
		Destructive *bool `json:"destructiveHint"`
		Idempotent  *bool `json:"idempotentHint"`
		OpenWorld   *bool `json:"openWorldHint"`
	} `json:"annotations"`
	InputSchema struct {
		Required []string `json:"required"`
	} `json:"inputSchema"`
}

func goldenCatalogue(t *testing.T) map[string]goldenTool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "mcpserver", "testdata", "tools.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tools []goldenTool `json:"tools"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Tools) == 0 {
		t.Fatalf("tools.golden.json: %v (%d tools)", err, len(doc.Tools))
	}
	out := map[string]goldenTool{}
	for _, tool := range doc.Tools {
		out[tool.Name] = tool
	}
	return out
}

// protocolEras are the protocol versions each transport is tested with.
var protocolEras = []struct {
	name    string
	version string // as passed to ClientSessionOptions.ProtocolVersion
	want    string // the negotiated version
}{
	{name: "modern", version: "", want: "2026-07-28"},
	{name: "legacy-2025-06-18", version: "2025-06-18", want: "2025-06-18"},
}

// TestSmoke connects with the official go-sdk client over stdio and streamable HTTP, in
// the modern and a legacy protocol era, and exercises the server's main paths. Each
// subtest owns its server process (and so its sandbox state), so they run in parallel.
func TestSmoke(t *testing.T) {
	for _, transport := range []string{"stdio", "http"} {
		for _, era := range protocolEras {
			t.Run(transport+"/"+era.name, func(t *testing.T) {
				t.Parallel()
				serverBinary(t) // build once, before the clock starts
				ctx := testContext(t)
				var cs *mcp.ClientSession
				var wire *wireLog
				switch transport {
				case "stdio":
					cs, _ = connectStdio(t, ctx, era.version)
				case "http":
					cs, wire = connectHTTP(t, ctx, era.version)
				}
				runSmoke(t, ctx, cs, era.want, wire)
			})
		}
	}
}

// runSmoke runs the smoke checks on one session, in order. wire may be nil when the
// transport's raw messages are not recorded.
func runSmoke(t *testing.T, ctx context.Context, cs *mcp.ClientSession, wantVersion string, wire *wireLog) {
	t.Run("initialize", func(t *testing.T) {
		checkInitialize(t, cs, wantVersion)
	})
	t.Run("tools/list", func(t *testing.T) {
		tools := listTools(t, ctx, cs)
		checkTools(t, tools)
		if wire != nil {
			checkWireAnnotations(t, wire, tools)
		}
	})
	t.Run("list_apps", func(t *testing.T) {
		res := callTool(t, ctx, cs, "list_apps", map[string]any{})
		wantOK(t, res)
		text := resultText(res)
		for _, want := range []string{"analytics-app", "https://analytics-app.spice.ai", "docs-search"} {
			if !strings.Contains(text, want) {
				t.Errorf("list_apps text does not contain %q:\n%s", want, text)
			}
		}
		if res.StructuredContent == nil {
			t.Errorf("list_apps: structuredContent is nil")
		}
	})
	t.Run("get_app", func(t *testing.T) {
		res := callTool(t, ctx, cs, "get_app", map[string]any{"app": "analytics-app"})
		wantOK(t, res)
		text := resultText(res)
		for _, want := range []string{"analytics-app", "us-west-2"} {
			if !strings.Contains(text, want) {
				t.Errorf("get_app text does not contain %q:\n%s", want, text)
			}
		}
		if res.StructuredContent == nil {
			t.Errorf("get_app: structuredContent is nil")
		}
	})
	t.Run("set_secret", func(t *testing.T) {
		name := "E2E_CANARY_" + strings.ToUpper(randomHex(t, 4))
		// The first call creates the secret, the second replaces its value.
		for i, action := range []string{"created", "updated"} {
			canary := "canary-" + randomHex(t, 12)
			res := callTool(t, ctx, cs, "set_secret", map[string]any{
				"app": "analytics-app", "name": name, "value": canary,
			})
			wantOK(t, res)
			text := resultText(res)
			structured, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatalf("marshalling structuredContent: %v", err)
			}
			whole, err := json.Marshal(res)
			if err != nil {
				t.Fatalf("marshalling the result: %v", err)
			}
			for where, s := range map[string]string{"text": text, "structuredContent": string(structured), "result": string(whole)} {
				if strings.Contains(s, canary) {
					t.Errorf("set_secret call %d: the secret value leaked into the %s: %s", i+1, where, s)
				}
			}
			if !strings.Contains(text, name) || !strings.Contains(strings.ToLower(text), action) {
				t.Errorf("set_secret call %d: text should name %s and say %q:\n%s", i+1, name, action, text)
			}
		}
		// The secret is listed by name, still without its value.
		res := callTool(t, ctx, cs, "list_secrets", map[string]any{"app": "analytics-app"})
		wantOK(t, res)
		if text := resultText(res); !strings.Contains(text, name) || !strings.Contains(text, "PG_PASS") {
			t.Errorf("list_secrets text should list %s and PG_PASS:\n%s", name, text)
		}
	})
	t.Run("get_app/unknown", func(t *testing.T) {
		res := callTool(t, ctx, cs, "get_app", map[string]any{"app": "no-such-app"})
		text := wantError(t, res)
		t.Logf("error text: %s", text)
		lower := strings.ToLower(text)
		if !strings.Contains(text, "no-such-app") {
			t.Errorf("error text does not name the missing app:\n%s", text)
		}
		if !strings.Contains(lower, "not found") && !strings.Contains(lower, "no app") {
			t.Errorf("error text does not say the app was not found:\n%s", text)
		}
		if !strings.Contains(text, "analytics-app") && !strings.Contains(text, "list_apps") {
			t.Errorf("error text offers no way forward (existing apps or list_apps):\n%s", text)
		}
	})
	t.Run("create_app/invalid", func(t *testing.T) {
		res := callTool(t, ctx, cs, "create_app", map[string]any{"name": "ab"})
		text := wantError(t, res)
		t.Logf("error text: %s", text)
		if !strings.Contains(text, "name") {
			t.Errorf("error text does not mention the invalid argument name:\n%s", text)
		}
	})
}

func checkInitialize(t *testing.T, cs *mcp.ClientSession, wantVersion string) {
	t.Helper()
	init := cs.InitializeResult()
	if init == nil {
		t.Fatal("no InitializeResult")
	}
	if init.ServerInfo == nil || init.ServerInfo.Name != serverName {
		t.Errorf("serverInfo = %+v, want name %q", init.ServerInfo, serverName)
	} else if init.ServerInfo.Version == "" {
		t.Errorf("serverInfo.version is empty")
	}
	if init.ProtocolVersion != wantVersion {
		t.Errorf("negotiated protocol version %q, want %q", init.ProtocolVersion, wantVersion)
	}
	if init.Capabilities == nil || init.Capabilities.Tools == nil {
		t.Errorf("server does not advertise the tools capability: %+v", init.Capabilities)
	}
	t.Logf("protocol %s, server %s %s", init.ProtocolVersion, init.ServerInfo.Name, init.ServerInfo.Version)
}

// listTools lists every tool through the SDK's paginating iterator.
func listTools(t *testing.T, ctx context.Context, cs *mcp.ClientSession) map[string]*mcp.Tool {
	t.Helper()
	tools := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		if _, dup := tools[tool.Name]; dup {
			t.Errorf("tool %q listed twice", tool.Name)
		}
		tools[tool.Name] = tool
	}
	return tools
}

func checkTools(t *testing.T, tools map[string]*mcp.Tool) {
	t.Helper()
	golden := goldenCatalogue(t)
	for _, name := range sortedKeys(golden) {
		if tools[name] == nil {
			t.Errorf("tool %q is missing from tools/list", name)
		}
	}
	for _, name := range sortedKeys(tools) {
		tool := tools[name]
		want, ok := golden[name]
		if !ok {
			t.Errorf("%s: listed but not in the golden catalogue", name)
			continue
		}
		if tool.Description == "" {
			t.Errorf("%s: empty description", name)
		}
		schema, ok := tool.InputSchema.(map[string]any)
		if !ok || schema["type"] != "object" {
			t.Errorf("%s: inputSchema is not an object schema: %#v", name, tool.InputSchema)
		}
		a := tool.Annotations
		if a == nil {
			t.Errorf("%s: no annotations", name)
			continue
		}
		// readOnlyHint and idempotentHint are plain bools in the SDK (a missing hint is false,
		// the spec's default); what is sent is checked on the wire (checkWireAnnotations).
		got := [4]bool{a.ReadOnlyHint, orDefault(a.DestructiveHint, true), a.IdempotentHint, orDefault(a.OpenWorldHint, true)}
		w := want.Annotations
		if golden := hints(w.ReadOnly, w.Destructive, w.Idempotent, w.OpenWorld); got != golden {
			t.Errorf("%s: hints (read-only, destructive, idempotent, open-world) = %v, golden %v", name, got, golden)
		}
		required, _ := schema["required"].([]any)
		for _, arg := range want.InputSchema.Required {
			if !containsAny(required, arg) {
				t.Errorf("%s: %q is not required (required = %v)", name, arg, required)
			}
		}
	}
}

// hints reads the four hints with the spec's defaults: readOnlyHint false, destructiveHint
// true, idempotentHint false, openWorldHint true.
func hints(readOnly, destructive, idempotent, openWorld *bool) [4]bool {
	return [4]bool{orDefault(readOnly, false), orDefault(destructive, true), orDefault(idempotent, false), orDefault(openWorld, true)}
}

func orDefault(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// checkWireAnnotations asserts that the raw tools/list results carry each hint as a JSON
// boolean or leave it to the spec's default, that every tool that writes states destructiveHint
// (a client reading a missing hint as false would take it for harmless otherwise), and that the
// SDK decoded the hints faithfully.
func checkWireAnnotations(t *testing.T, wire *wireLog, tools map[string]*mcp.Tool) {
	t.Helper()
	results, bad := wire.snapshot()
	for _, b := range bad {
		t.Errorf("server sent a frame that is not JSON-RPC: %s", b)
	}
	raw := wireTools(results)
	if len(raw) == 0 {
		t.Fatalf("no tools/list result recorded on the wire (%d results)", len(results))
	}
	t.Logf("wire: %d tools in %d recorded results", len(raw), len(results))
	for _, name := range sortedKeys(tools) {
		ann, ok := raw[name]
		if !ok {
			t.Errorf("%s: not in the recorded tools/list results", name)
			continue
		}
		sdk := tools[name].Annotations
		defaults := map[string]bool{"readOnlyHint": false, "destructiveHint": true, "idempotentHint": false, "openWorldHint": true}
		wire := map[string]bool{}
		for hint, def := range defaults {
			wire[hint] = def
			if ann[hint] == nil {
				continue
			}
			var v *bool
			if err := json.Unmarshal(ann[hint], &v); err != nil || v == nil {
				t.Errorf("%s: annotations.%s on the wire is %s, want a boolean", name, hint, orMissing(ann[hint]))
				continue
			}
			wire[hint] = *v
		}
		if !wire["readOnlyHint"] && ann["destructiveHint"] == nil {
			t.Errorf("%s: writes but does not state destructiveHint", name)
		}
		if sdk == nil {
			continue
		}
		got := map[string]bool{"readOnlyHint": sdk.ReadOnlyHint, "destructiveHint": orDefault(sdk.DestructiveHint, true),
			"idempotentHint": sdk.IdempotentHint, "openWorldHint": orDefault(sdk.OpenWorldHint, true)}
		for hint := range defaults {
			if got[hint] != wire[hint] {
				t.Errorf("%s: SDK decoded %s as %v, wire says %v", name, hint, got[hint], wire[hint])
			}
		}
	}
}

// callTool calls a tool and fails the test on a protocol-level error (tool errors are
// results with IsError set).
func callTool(t *testing.T, ctx context.Context, cs *mcp.ClientSession, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s %v: protocol error: %v", name, args, err)
	}
	if len(res.Content) == 0 {
		t.Errorf("%s %v: no content", name, args)
	}
	return res
}

func wantOK(t *testing.T, res *mcp.CallToolResult) {
	t.Helper()
	if res.IsError {
		t.Fatalf("unexpected tool error: %s", resultText(res))
	}
}

// wantError asserts a tool error with an explanation, and returns its text.
func wantError(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	text := resultText(res)
	if !res.IsError {
		t.Fatalf("want isError, got a successful result:\n%s", text)
	}
	if strings.TrimSpace(text) == "" {
		t.Fatalf("tool error without an explanation")
	}
	return text
}

// resultText joins the result's text content.
func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func containsAny(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func orMissing(raw json.RawMessage) string {
	if raw == nil {
		return "missing"
	}
	return string(raw)
}
