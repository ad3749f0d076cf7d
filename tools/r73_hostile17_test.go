package tools

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestR73Hostile17NothingRememberedAllocatesNothing: with nothing remembered for a caller
// (another caller's values aside), finding its values and redacting a question, a raw result
// and a progress message of them allocate nothing and return what they were given.
func TestR73Hostile17NothingRememberedAllocatesNothing(t *testing.T) {
	env := &Env{}
	other := context.WithValue(context.Background(), callInfoKey{}, CallInfo{Token: "caller-b"})
	env.remember(other, "hunter2-correct-horse-r73h17")
	q := mcp.ElicitationParams{Message: "Delete app analytics-app?", RequestedSchema: map[string]any{"type": "object"}}
	res := mcp.NewToolResultText("3 regions")
	ctx := WithProgress(context.Background(), func(string) {})
	for name, f := range map[string]func(){
		"KnownFor":       func() { _ = env.KnownFor("caller-a") },
		"Remembers":      func() { _ = env.Remembers() },
		"RedactQuestion": func() { _ = RedactQuestion(env.KnownFor("caller-a"), q) },
		"redactRaw":      func() { _ = redactRaw(env.KnownFor("caller-a"), res) },
		"RedactContent":  func() { _ = RedactContent(nil, res.Content) },
		"report":         func() { report(ctx, "deployment 1 of analytics-app: queued") },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %.0f allocations with nothing remembered", name, n)
		}
	}
	if env.KnownFor("caller-a") != nil || redactRaw(nil, res) != res {
		t.Error("nothing remembered, yet a redactor or a copy")
	}
}
