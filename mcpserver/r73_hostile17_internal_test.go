package mcpserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR73Hostile17NothingRememberedAllocatesNothing: with no value remembered, what every
// request now does to redact remembered values — finding them, and each route's redaction of a
// result, a refusal or a completion — allocates nothing and returns what it was given.
func TestR73Hostile17NothingRememberedAllocatesNothing(t *testing.T) {
	env := &tools.Env{}
	ctx := context.Background()
	contents := []mcp.ResourceContents{mcp.TextResourceContents{URI: "spice://apps", Text: "3 apps"}}
	prompt := mcp.NewGetPromptResult("d", []mcp.PromptMessage{mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent("t"))})
	completion := &mcp.Completion{Values: []string{"analytics-app"}}
	refusal := errorWithCode(mcp.INVALID_PARAMS, "no tool", nil)
	for name, f := range map[string]func(){
		"knownFor":   func() { _ = knownFor(ctx, env) },
		"contents":   func() { _, _ = redactContents(ctx, env, contents, nil) },
		"prompt":     func() { _, _ = redactPrompt(ctx, env, prompt, nil) },
		"completion": func() { _, _ = redactCompletion(ctx, env, completion, nil) },
		"refusal":    func() { _ = redactError(knownFor(ctx, env), refusal) },
	} {
		if n := steadyAllocs(f); n != 0 {
			t.Errorf("%s: %.0f allocations with nothing remembered", name, n)
		}
	}
	if got, _ := redactPrompt(ctx, env, prompt, nil); got != prompt {
		t.Error("a prompt was copied with nothing remembered")
	}
	if got, _ := redactCompletion(ctx, env, completion, nil); got != completion {
		t.Error("a completion was copied with nothing remembered")
	}
	if err := redactError(nil, refusal); !errors.Is(err, refusal) || err != refusal {
		t.Error("a refusal was rebuilt with nothing remembered")
	}
}

// r73Hostile17Requests are a tool call, a resource read, a prompt and a completion, as the wire
// carries them.
var r73Hostile17Requests = map[string]string{
	"tools/call":          `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_regions","arguments":{}}}`,
	"resources/read":      `{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://regions"}}`,
	"prompts/get":         `{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"troubleshoot_deployment","arguments":{"app":"analytics-app"}}}`,
	"completion/complete": `{"jsonrpc":"2.0","id":4,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"spice://apps/{app}"},"argument":{"name":"app","value":"a"}}}`,
}

// r73Hostile17Baseline is what each request allocated before remembered values were redacted
// from every route (main at 0a130181, this test run there without -race), nothing remembered.
var r73Hostile17Baseline = map[string]float64{"tools/call": 234, "resources/read": 238, "prompts/get": 363, "completion/complete": 280}

// TestR73Hostile17RequestsAllocateNoMoreThanBefore: a tool call, a resource read, a prompt and a
// completion, nothing remembered, allocate no more than before every route redacted remembered
// values (r73Hostile17Baseline).
func TestR73Hostile17RequestsAllocateNoMoreThanBefore(t *testing.T) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	c, err := client.New(client.Config{BaseURL: "http://sandbox.spice-cloud-mcp.invalid", HTTPClient: &http.Client{Transport: emu.Transport()},
		Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }})
	for name, msg := range r73Hostile17Requests {
		prepared, answer := prepareMessage(nil, []byte(msg))
		if answer != nil {
			t.Fatalf("%s: %s", name, answer)
		}
		out, _ := json.Marshal(s.HandleMessage(context.Background(), prepared))
		if strings.Contains(string(out), `"error"`) || strings.Contains(string(out), `"isError":true`) {
			t.Fatalf("%s: %.300s", name, out)
		}
		n := steadyAllocs(func() { _ = s.HandleMessage(context.Background(), prepared) })
		t.Logf("%s: %.0f allocations", name, n)
		// The baseline is of a build without the race detector, whose own allocations differ.
		if before, ok := r73Hostile17Baseline[name]; ok && !raceDetector && n > before {
			t.Errorf("%s: %.0f allocations, %.0f before", name, n, before)
		}
	}
}
