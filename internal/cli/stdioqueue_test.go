package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestStdioAnswersEverythingAfterEndOfInput: over real stdio, a client writes requests with a
// member given twice (refused -32600 or -32602 naming it, never handed on to be served with one
// of the two: neither delete_app nor the URI that is not text reaches a handler) and then 2,000
// requests the transport refuses itself (id null), closes stdin and reads only later (past the
// one second the server once waited for its own answers before exiting, which lost 1,753 of
// them): every request is answered, and the server then exits 0.
func TestStdioAnswersEverythingAfterEndOfInput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	p := startRawStdio(ctx, t, "--sandbox", "--confirm=off")
	cmd, stdin, stdout, stderr := p.cmd, p.stdin, p.stdout, p.stderr

	var in strings.Builder
	in.WriteString(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}` + "\n")
	in.WriteString(`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n")
	twice := map[string]string{
		`"p"`: `{"jsonrpc":"2.0","id":"p","method":"resources/read","params":{"uri":"spice://orgs/acme\udc00/apps"},"params":{}}`,
		`"m"`: `{"jsonrpc":"2.0","id":"m","method":"tools/call","method":"ping"}`,
		`"n"`: `{"jsonrpc":"2.0","id":"n","method":"tools/call","params":{"name":"delete_app","name":"list_apps","arguments":{"app":"docs-search"}}}`,
		`"a"`: `{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"},"arguments":{"app":"analytics-app"}}}`,
	}
	for _, line := range twice {
		in.WriteString(line + "\n")
	}
	const n = 2000
	for i := range n {
		in.WriteString(`{"jsonrpc":"2.0","id":null,"method":"ping","params":{"i":` + itoa(i) + `}}` + "\n")
	}
	if _, err := io.WriteString(stdin, in.String()); err != nil {
		t.Fatal(err)
	}
	_ = stdin.Close()
	time.Sleep(1500 * time.Millisecond) // the client reads late
	out, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v\n%s", err, stderr.String())
	}
	refused, answered := 0, map[string]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		var msg struct {
			ID    json.RawMessage `json:"id"`
			Error *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Errorf("%v: %.200s", err, line)
			continue
		}
		if string(msg.ID) == "null" && msg.Error != nil && msg.Error.Code == -32600 {
			refused++
		}
		answered[string(msg.ID)] = line
	}
	if refused != n {
		t.Errorf("%d of %d requests with id null answered -32600", refused, n)
	}
	for id, want := range map[string]string{
		`"p"`: `"code":-32600,"message":"Invalid Request: member \"params\" is given twice`,
		`"m"`: `"code":-32600,"message":"Invalid Request: member \"method\" is given twice`,
		`"n"`: `"code":-32602,"message":"Invalid params: params.name is given twice`,
		`"a"`: `"code":-32602,"message":"Invalid params: params.arguments is given twice`,
	} {
		if !strings.Contains(answered[id], want) {
			t.Errorf("%s\nanswered %s", twice[id], answered[id])
		}
	}
}
