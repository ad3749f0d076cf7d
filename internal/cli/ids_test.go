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

// TestStdioAnswersAreCheckedWhole: over real stdio, with a confirmation question waiting, a
// message with both a method and a result (neither request nor response) is refused -32600 with
// its id and settles nothing (mcp-go took it for the answer and deleted the app); an answer
// naming the app with "name" given twice ("zzz" then the app: a decoder kept the last) fails the
// question naming where, so nothing is deleted; and the error form of the first, left at the end
// of input, is answered and the server exits 0 (it was counted as a request and never answered).
func TestStdioAnswersAreCheckedWhole(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := startRawStdio(ctx, t, "--sandbox")
	lines := bufio.NewScanner(p.stdout)
	lines.Buffer(nil, 1<<20)
	send := func(l string) {
		if _, err := io.WriteString(p.stdin, l+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	next := func() string {
		if !lines.Scan() {
			t.Fatalf("no answer: %s", p.stderr.String())
		}
		return lines.Text()
	}
	send(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`)
	next()
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":"del","method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`)
	question := next()
	var q struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if err := json.Unmarshal([]byte(question), &q); err != nil || q.Method != "elicitation/create" {
		t.Fatalf("no question: %s", question)
	}
	id := string(q.ID)
	send(`{"jsonrpc":"2.0","id":` + id + `,"method":"x","result":{"action":"accept","content":{"name":"analytics-app"}}}`)
	if got := next(); !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32600,`) {
		t.Errorf("a message with a method and a result: %s", got)
	}
	// The same with a null result after it: refused as a member given twice (the null one was
	// removed and the first read as the answer: the app was deleted).
	send(`{"jsonrpc":"2.0","id":` + id + `,"method":"ping","result":{"action":"accept","content":{"name":"analytics-app"}},"result":null}`)
	if got := next(); !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32600,`) || !strings.Contains(got, `member \"result\" is given twice`) {
		t.Errorf("a request with a result and a null result: %s", got)
	}
	send(`{"jsonrpc":"2.0","id":` + id + `,"result":{"action":"accept","content":{"name":"zzz","name":"analytics-app"}}}`)
	if got := next(); !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":"del",`) || !strings.Contains(got, `"isError":true`) ||
		!strings.Contains(got, "result.content.name is given twice") || !strings.Contains(got, "Nothing was changed") {
		t.Errorf("an answer with a name given twice: %s", got)
	}
	send(`{"jsonrpc":"2.0","id":"list","method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	if got := next(); !strings.Contains(got, "analytics-app") {
		t.Errorf("the app is gone: %s", got)
	}
	send(`{"jsonrpc":"2.0","id":77,"method":"x","error":{"code":1,"message":"m"}}`)
	_ = p.stdin.Close()
	if got := next(); !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":77,"error":{"code":-32600,`) {
		t.Errorf("a message with a method and an error: %s", got)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("exit: %v\n%s", err, p.stderr.String())
	}
}
