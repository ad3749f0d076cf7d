package cli_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestStdioStringIDAnswersNoQuestion: a response's id must be the same value as its request's
// (JSON-RPC), and the server's questions have integer ids: an answer whose id is a string that
// spells the number ("1.0", "\u0031", "1") settles no question. Once such an answer accepted
// delete_app's confirmation, typing the app's name: the app was deleted. Now the question still
// waits, and the answer with the question's own id settles it.
func TestStdioStringIDAnswersNoQuestion(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	s.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	q := s.question()
	id := string(q.ID)
	accept := `,"result":{"action":"accept","content":{"name":"docs-search","confirm":"docs-search"}}}`
	for _, spelled := range []string{`"` + id + `.0"`, `"` + id + `"`, `"` + id + `e0"`, unicodeEscapedID(id)} {
		s.send(`{"jsonrpc":"2.0","id":` + spelled + accept)
	}
	if m, ok := s.responseTo("2", 500*time.Millisecond); ok {
		t.Fatalf("an answer with a string id settled the question %s: %.400s", id, m.line)
	}
	s.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{"action":"decline"}}`)
	m, ok := s.responseTo("2", 10*time.Second)
	if !ok {
		t.Fatalf("the answer with the question's id did not reach it; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(strings.ToLower(m.line), "declin") {
		t.Errorf("answered: %.400s", m.line)
	}
	s.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"docs-search"}}}`)
	if m, ok := s.responseTo("3", 10*time.Second); !ok || strings.Contains(m.line, `"isError":true`) {
		t.Errorf("docs-search is gone: %.300s", m.line)
	}
}

// TestStdioBytesThatAreNotUTF8AreNeverEchoed: stdout carries UTF-8 only (MCP). A request whose
// id, method or progress token holds bytes that are not UTF-8 (once echoed raw, or turned into
// U+FFFD without a word) is not JSON: it is answered -32700 with a null id, and not run; a
// method holding a lone surrogate escape is refused -32600 with its id.
func TestStdioBytesThatAreNotUTF8AreNeverEchoed(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	for _, msg := range []string{
		"{\"jsonrpc\":\"2.0\",\"id\":\"\xff\xfe\",\"method\":\"ping\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"pi\xffng\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"_meta\":{\"progressToken\":\"t\xff\"},\"name\":\"list_apps\",\"arguments\":{}}}",
	} {
		s.send(msg)
		m, ok := s.next(10 * time.Second)
		if !ok {
			t.Fatalf("%q: no answer; stderr:\n%s", msg, s.stderr.String())
		}
		if string(m.ID) != "null" || !strings.Contains(string(m.Error), `"code":-32700`) || !strings.Contains(string(m.Error), "not UTF-8") {
			t.Errorf("%q answered %q", msg, m.line)
		}
	}
	s.send(`{"jsonrpc":"2.0","id":7,"method":"ping\udc00"}`)
	if m, ok := s.responseTo("7", 10*time.Second); !ok || !strings.Contains(string(m.Error), `"code":-32600`) || !strings.Contains(m.line, `\"method\"`) {
		t.Errorf("a method that is not text answered %q", m.line)
	}
	s.send(`{"jsonrpc":"2.0","id":8,"method":"ping"}`)
	s.responseTo("8", 10*time.Second)
	for _, l := range strings.Split(s.all.String(), "\n") {
		if !utf8.ValidString(l) {
			t.Errorf("stdout carried bytes that are not UTF-8: %q", l)
		}
	}
}

// unicodeEscapedID spells the number id as a string of \u escapes ("\u0031" for 1).
func unicodeEscapedID(id string) string {
	var b strings.Builder
	for _, d := range id {
		b.WriteString(`\u00` + string("0123456789abcdef"[d>>4]) + string("0123456789abcdef"[d&15]))
	}
	return `"` + b.String() + `"`
}

// TestStdioProgressTokenOfAnotherKindIsRefused: MCP's progress token is a string or a number; an
// object, an array or a boolean (once echoed in every notification) is refused -32602 naming
// params._meta.progressToken, and the call is not run; null is no token.
func TestStdioProgressTokenOfAnotherKindIsRefused(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	for i, token := range []string{`{"a":1}`, `true`, `[1]`} {
		id := string(rune('5' + i))
		s.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"create_app","arguments":{"name":"tok-app"},"_meta":{"progressToken":` + token + `}}}`)
		m, ok := s.responseTo(id, 10*time.Second)
		if !ok || !strings.Contains(string(m.Error), `"code":-32602`) || !strings.Contains(string(m.Error), "params._meta.progressToken must be a string or a number") {
			t.Errorf("token %s answered %.300s", token, m.line)
		}
	}
	s.send(`{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_apps","arguments":{},"_meta":{"progressToken":null}}}`)
	if m, ok := s.responseTo("9", 10*time.Second); !ok || m.Result == nil {
		t.Errorf("a null token answered %.300s", m.line)
	}
}
