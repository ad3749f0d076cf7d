package cli_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestStdioTextThatIsNotTextIsRefused: over real stdio, requests holding text that is not text
// (a lone surrogate escape, bytes that are not UTF-8, percent-encoded bytes that are not UTF-8
// in a resource URI) are refused -32602 naming where and the rule; a tools/call's argument is
// refused by the tool, by name; and an answer to the server's confirmation question holding
// one is not used: the question fails naming where, and nothing is deleted.
func TestStdioTextThatIsNotTextIsRefused(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	for i, c := range []struct{ line, want string }{
		{`{"jsonrpc":"2.0","id":%d,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"analytics-app","org":"acme\udc00"}}}`, "Invalid params: params.arguments.org holds bytes that are not UTF-8 or a lone UTF-16 surrogate escape"},
		{"{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"prompts/get\",\"params\":{\"name\":\"troubleshoot_deployment\",\"arguments\":{\"app\":\"analytics-app\xff\"}}}", "params.arguments.app holds bytes that are not UTF-8"},
		{`{"jsonrpc":"2.0","id":%d,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":"an"},"context":{"arguments":{"org":"acme-labs\ud800"}}}}`, "params.context.arguments.org holds"},
		{`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":"spice://orgs/acme-labs%ED%A0%80/apps"}}`, "the {org} part of spice://orgs/acme-labs%ED%A0%80/apps, percent-decoded, is not UTF-8 text"},
		{`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":"spice://orgs/acme-labs%FF/apps"}}`, "the {org} part"},
		{`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"},"_meta":{"note":"\udc00"}}}`, "params._meta.note holds"},
	} {
		id := 100 + i
		s.send(strings.Replace(c.line, "%d", itoa(id), 1))
		msg := s.await(float64(id))
		var e struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(msg.Error, &e); err != nil || e.Code != -32602 || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s\nanswered %s %s", c.line, msg.Result, msg.Error)
		}
	}
	s.send("{\"jsonrpc\":\"2.0\",\"id\":200,\"method\":\"tools/call\",\"params\":{\"name\":\"get_app\",\"arguments\":{\"app\":\"analytics-app\",\"org\":\"acme-labs\xff\"}}}")
	if msg := s.await(200); !strings.Contains(string(msg.Result), `"isError":true`) || !strings.Contains(string(msg.Result), "Invalid arguments, nothing was sent: org: it holds bytes that are not UTF-8") {
		t.Errorf("tools/call with org not UTF-8: %s %s", msg.Result, msg.Error)
	}

	// The confirmation question, answered with a lone surrogate.
	s.send(`{"jsonrpc":"2.0","id":300,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	timeout := time.After(30 * time.Second)
	for asked := false; !asked; {
		select {
		case line := <-s.lines:
			var req struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
			}
			if json.Unmarshal([]byte(line), &req) == nil && req.Method == "elicitation/create" {
				s.send(`{"jsonrpc":"2.0","id":` + string(req.ID) + `,"result":{"action":"accept","content":{"name":"docs-search\udc00"}}}`)
				asked = true
			}
		case <-timeout:
			t.Fatalf("no elicitation/create; stderr:\n%s", s.stderr.String())
		}
	}
	var res struct {
		Content []struct{ Text string } `json:"content"`
		IsError bool                    `json:"isError"`
	}
	msg := s.await(300)
	if err := json.Unmarshal(msg.Result, &res); err != nil || len(res.Content) == 0 || !res.IsError ||
		!strings.Contains(res.Content[0].Text, "the answer was not used: result.content.name holds bytes that are not UTF-8") {
		t.Errorf("delete_app answered with a lone surrogate: %s %s", msg.Result, msg.Error)
	}
	if apps, _ := s.call(301, "list_apps", nil); !strings.Contains(apps, "docs-search") {
		t.Errorf("docs-search is gone:\n%s", apps)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestStdioWriteFirstClientAndDeepMessages: over real stdio, a client that writes everything
// before it reads (3,000 requests the transport answers itself: params not text, id null) is
// still read to the end (the answers are written off the read loop) and gets every answer; a
// message nested 80,000 deep around a lone surrogate (160 KB) is dealt with promptly (it took
// 55 s); and a client's response holding text that is not text, to no question of the
// server's, is never answered.
func TestStdioWriteFirstClientAndDeepMessages(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)

	deep := `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"a":` + strings.Repeat("[", 80000) + `"\udc00"` + strings.Repeat("]", 80000) + `}}`
	start := time.Now()
	s.send(deep, `{"jsonrpc":"2.0","id":3,"method":"ping"}`)
	s.await(3)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("answered after %v", took)
	}
	s.send(`{"jsonrpc":"2.0","id":99,"result":{"a":"\udc00"}}`, `{"jsonrpc":"2.0","id":"s","result":{"a":"\udc00"}}`)

	const n = 3000
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := range n {
			if i%2 == 0 {
				_, _ = io.WriteString(s.in, `{"jsonrpc":"2.0","id":`+itoa(10000+i)+`,"method":"prompts/get","params":{"name":"rotate_keys\udc00"}}`+"\n")
			} else {
				_, _ = io.WriteString(s.in, `{"jsonrpc":"2.0","id":null,"method":"prompts/get","params":{"name":"rotate_keys"}}`+"\n")
			}
		}
		_, _ = io.WriteString(s.in, `{"jsonrpc":"2.0","id":4,"method":"ping"}`+"\n")
	}()
	select {
	case <-sent:
	case <-time.After(30 * time.Second):
		t.Fatal("the server stopped reading stdin while its answers waited")
	}
	s.await(4)
	for i := 0; i < n; i += 2 {
		s.await(float64(10000 + i))
	}
	deadline := time.After(2 * time.Second)
	for {
		select {
		case line := <-s.lines:
			if strings.Contains(line, `"id":99`) || strings.Contains(line, `"id":"s"`) {
				t.Errorf("a client's response was answered: %s", line)
			}
			continue
		case <-deadline:
		}
		break
	}
	if all := s.all.String(); strings.Contains(all, `"id":99`) || strings.Contains(all, `"id":"s"`) || strings.Count(all, `"id":null`) != n/2+1 { // and the deep message's parse error
		t.Errorf("%d answers with id null; responses answered: %v", strings.Count(all, `"id":null`), strings.Contains(all, `"id":99`))
	}
}
