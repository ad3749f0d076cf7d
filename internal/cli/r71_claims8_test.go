package cli_test

import (
	"strings"
	"testing"
	"time"
)

// TestR71Claims8StringIDAnswerIsDroppedAndLoggedAtDebug: README says an answer whose id is a
// string spelling the question's number settles no question, "dropped, logged at debug": each
// such answer leaves one debug line on stderr, and none answers on stdout.
func TestR71Claims8StringIDAnswerIsDroppedAndLoggedAtDebug(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--log-level", "debug", "--log-format", "json")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	s.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	id := string(s.question().ID)
	const dropped = "dropped a client's response that answers no question of the server's"
	before := strings.Count(s.stderr.String(), dropped)
	for _, spelled := range []string{`"` + id + `"`, `"` + id + `.0"`} {
		s.send(`{"jsonrpc":"2.0","id":` + spelled + `,"result":{"action":"accept","content":{"name":"docs-search","confirm":"docs-search"}}}`)
	}
	if m, ok := s.responseTo("2", 500*time.Millisecond); ok {
		t.Fatalf("a string id settled the question: %.300s", m.line)
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(s.stderr.String(), dropped)-before < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var lines []string
	for _, l := range strings.Split(s.stderr.String(), "\n") {
		if strings.Contains(l, dropped) {
			lines = append(lines, l)
		}
	}
	if len(lines)-before != 2 {
		t.Fatalf("%d lines saying the answer was dropped, want 2:\n%s", len(lines)-before, s.stderr.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, `"level":"DEBUG"`) {
			t.Errorf("dropped answer logged above debug: %s", l)
		}
	}
	s.send(`{"jsonrpc":"2.0","id":` + id + `,"result":{"action":"decline"}}`)
	if _, ok := s.responseTo("2", 10*time.Second); !ok {
		t.Fatal("the answer with the question's id did not settle it")
	}
}
