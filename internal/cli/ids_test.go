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

// TestStdioRequestIDsComeBackAsTheirValue pipelines requests to the binary over real stdio whose
// ids mcp-go v1.2.1 alone answers with other values (12345678901234567890123 as
// 1.2345678901234568e+22, 9007199254740993 as 9007199254740992), interleaved with ids whose
// value it keeps however it spells them (1e3 as 1000, "\u0041" as "A"); every response, results
// and errors alike, carries its request's id's value (JSON-RPC: "the same value"), and each
// answers its own request (two ids that are one float64 included).
func TestStdioRequestIDsComeBackAsTheirValue(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	p := startRawStdio(ctx, t, "--sandbox")
	stdin, stdout := p.stdin, p.stdout

	// want maps each id (as sent) to a text its response must hold.
	want := map[string]string{`12345678901234567890123`: `"serverInfo"`}
	lines := []string{
		`{"jsonrpc":"2.0","id":12345678901234567890123,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
	}
	ids := []string{`9007199254740993`, `9007199254740992`, `-12345678901234567890123`, `-0`, `1e3`, `1001`, `2.5`, `7`,
		`"s-1"`, `"\u0041"`, `"B"`, `"<&>"`, `"\u00e9"`, `0.1000000000000000000001`}
	apps := []string{"analytics-app", "no-such-app"}
	for i, id := range ids {
		switch i % 3 {
		case 0:
			lines = append(lines, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`)
			want[id] = `"result":{}`
		case 1:
			app := apps[i%2]
			lines = append(lines, `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"`+app+`"}}}`)
			want[id] = app
		case 2:
			lines = append(lines, `{"jsonrpc":"2.0","id":`+id+`,"method":"resources/read","params":{"uri":"spice://apps/no-such-app"}}`)
			want[id] = `"code":-32002`
		}
	}
	// mcp-go's own errors: one it answers with the id, and one it would answer with a null id.
	lines = append(lines,
		`{"jsonrpc":"2.0","id":-9007199254740993,"method":"no/such/method"}`,
		`{"jsonrpc":"2.0","id":"bad-method","method":42}`,
		`{"jsonrpc":2,"id":2E3,"method":"ping"}`)
	want[`-9007199254740993`] = `"code":-32601`
	want[`"bad-method"`] = `"code":-32600`
	want[`2E3`] = `"code":-32600`
	go func() {
		_, _ = io.WriteString(stdin, strings.Join(lines, "\n")+"\n")
	}()

	got := map[string]string{}
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 1<<20), 1<<22)
	// A missing response fails the test without waiting for the deadline.
	timer := time.AfterFunc(60*time.Second, func() { _ = stdin.Close() })
	defer timer.Stop()
	for len(got) < len(want) && scanner.Scan() {
		line := scanner.Text()
		var msg struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("stdout carried a non-JSON-RPC line: %q", line)
		}
		if msg.Method != "" {
			continue
		}
		id := string(msg.ID)
		for sent := range want { // the id as sent whose value the response carries
			if _, exact := want[id]; !exact && sameIDValue(sent, id) {
				id = sent
			}
		}
		if _, ok := want[id]; !ok {
			t.Errorf("a response with an id no request had: %s", line)
			continue
		}
		if _, dup := got[id]; dup {
			t.Errorf("two responses with id %s", id)
		}
		got[id] = line
	}
	for id, text := range want {
		if line, ok := got[id]; !ok {
			t.Errorf("no response with id %s", id)
		} else if !strings.Contains(line, text) || !strings.HasPrefix(line, `{"jsonrpc":"2.0","id":`) {
			t.Errorf("id %s answered %.300s (want %s)", id, line, text)
		}
	}
}
