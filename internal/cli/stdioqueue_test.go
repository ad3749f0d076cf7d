package cli_test

import (
	"bufio"
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

// TestStdioServesEverythingBeforeEndOfInput: a client that writes its requests and closes stdin
// (printf … | spice-cloud-mcp) gets each served and answered before the server exits 0: a
// create_app sent just before the end is applied (mcp-go alone cancelled it: "Cancelled while the
// Spice.ai API was handling POST /v1/projects"), 1,000 pipelined list_apps are all answered (170
// once were, the rest lost), and a confirmation question left unanswered at the end fails its
// call at once, changing nothing.
func TestStdioServesEverythingBeforeEndOfInput(t *testing.T) {
	const initLines = `{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}` + "\n" +
		`{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"
	run := func(t *testing.T, in string, args ...string) map[string]string {
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		defer cancel()
		p := startRawStdio(ctx, t, args...)
		go func() { _, _ = io.WriteString(p.stdin, initLines+in); _ = p.stdin.Close() }()
		out, _ := io.ReadAll(p.stdout)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("exit: %v\n%s", err, p.stderr.String())
		}
		answered := map[string]string{}
		for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
			var msg struct {
				ID json.RawMessage `json:"id"`
			}
			if err := json.Unmarshal([]byte(line), &msg); err != nil {
				t.Errorf("%v: %.200s", err, line)
			}
			answered[string(msg.ID)] = line
		}
		return answered
	}
	t.Run("create_app", func(t *testing.T) {
		got := run(t, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_app","arguments":{"name":"piped-app"}}}`+"\n", "--sandbox")
		if !strings.Contains(got["1"], "App created.") || !strings.Contains(got["1"], "**piped-app** (") || strings.Contains(got["1"], "Cancelled") {
			t.Errorf("create_app answered %.600s", got["1"])
		}
	})
	t.Run("last line without its newline", func(t *testing.T) {
		// It was counted as handed on while mcp-go waited for its newline: each waited for
		// the other, and the server never answered or exited.
		got := run(t, `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "--sandbox")
		if !strings.Contains(got["1"], `"result":{}`) {
			t.Errorf("ping answered %q", got["1"])
		}
		got = run(t, `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`+"\n  ", "--sandbox")
		if !strings.Contains(got["2"], `"result"`) || len(got) != 2 {
			t.Errorf("answers %q (a blank tail is no message)", got)
		}
	})
	t.Run("1,000 list_apps", func(t *testing.T) {
		var in strings.Builder
		const n = 1000
		for i := range n {
			in.WriteString(`{"jsonrpc":"2.0","id":` + itoa(i+1) + `,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}` + "\n")
		}
		got := run(t, in.String(), "--sandbox")
		ok := 0
		for i := range n {
			if a := got[itoa(i+1)]; strings.Contains(a, `"result"`) && !strings.Contains(a, "Cancelled") && !strings.Contains(a, `"isError":true`) {
				ok++
			}
		}
		if ok != n {
			t.Errorf("%d of %d pipelined list_apps answered with the list", ok, n)
		}
	})
	t.Run("question open at the end", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		p := startRawStdio(ctx, t, "--sandbox")
		lines := bufio.NewScanner(p.stdout)
		lines.Buffer(nil, 1<<20)
		_, _ = io.WriteString(p.stdin, strings.Replace(initLines, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1))
		lines.Scan() // initialize's answer
		_, _ = io.WriteString(p.stdin, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`+"\n")
		if !lines.Scan() || !strings.Contains(lines.Text(), `"elicitation/create"`) {
			t.Fatalf("no question: %.300s", lines.Text())
		}
		_ = p.stdin.Close()
		var rest []string
		for lines.Scan() {
			rest = append(rest, lines.Text())
		}
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("exit: %v\n%s", err, p.stderr.String())
		}
		if len(rest) != 1 || !strings.Contains(rest[0], `"isError":true`) || !strings.Contains(rest[0], "Nothing was changed") ||
			!strings.Contains(rest[0], "closed the server's input") {
			t.Errorf("after the end of input: %q", rest)
		}
	})
}
