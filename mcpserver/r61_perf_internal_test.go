package mcpserver

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// TestR61PerfSurfaceParamsDecodeOnlyWhatTheyCheck: for a message that is no tools/call (the
// initialize and tools/list of every start-up), checkSurfaceParams allocates no more than the
// decodes it must make — its method, mcp-go's decode of it, the list's params — and no longer
// first decodes it as a tools/call too, which at start-up also built that type's decoder.
func TestR61PerfSurfaceParamsDecodeOnlyWhatTheyCheck(t *testing.T) {
	hooks := &server.Hooks{}
	checkSurfaceParams(hooks, nil)
	hook := hooks.OnRequestInitialization[0]
	ctx := context.Background()
	for _, msg := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"deploy_app","arguments":{"app":"a"}}}`,
	} {
		raw := json.RawMessage(msg)
		var head struct {
			Method mcp.MCPMethod `json:"method"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		must := testing.AllocsPerRun(20, func() {
			var head struct {
				Method mcp.MCPMethod `json:"method"`
			}
			_ = json.Unmarshal(raw, &head)
			_ = decodedRequests[head.Method](raw)
			if surfaceMethods[head.Method] {
				_ = surfaceError(ctx, head.Method, raw)
			}
		})
		var err error
		var message any = raw // as mcp-go passes it
		got := testing.AllocsPerRun(20, func() { err = hook(ctx, nil, message) })
		if err != nil {
			t.Fatalf("%s: %v", head.Method, err)
		}
		if got > must {
			t.Errorf("%s: checkSurfaceParams made %.0f allocations, where its decodes make %.0f", head.Method, got, must)
		}
	}
}

// TestR61PerfToolCallSpelledWithEscapesIsStillJudged: a tools/call whose method is written with
// escapes skips the fast decode and is judged by mcp-go's own: taken when well formed, refused
// naming the member when not, as when written plainly.
func TestR61PerfToolCallSpelledWithEscapesIsStillJudged(t *testing.T) {
	hooks := &server.Hooks{}
	checkSurfaceParams(hooks, nil)
	hook := hooks.OnRequestInitialization[0]
	for _, method := range []string{`tools/call`, `tools\/call`, `\u0074ools/call`} {
		good := `{"jsonrpc":"2.0","id":1,"method":"` + method + `","params":{"name":"list_apps","arguments":{}}}`
		if err := hook(context.Background(), nil, json.RawMessage(good)); err != nil {
			t.Errorf("%s refused: %v", good, err)
		}
		bad := `{"jsonrpc":"2.0","id":1,"method":"` + method + `","params":{"name":5}}`
		if err := hook(context.Background(), nil, json.RawMessage(bad)); err == nil {
			t.Errorf("%s taken; want its name refused", bad)
		}
	}
}
