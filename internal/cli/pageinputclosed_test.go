package cli_test

import (
	"strings"
	"testing"
	"time"
)

// TestStdioInputClosedEndsThePageWait: stdin closes while a call waits for a person's
// secret-entry page (URL-mode elicitation, accepted). No answer can reach the client any more, so
// the page is withdrawn and the call ends at once, saying so, and the process exits 0. Before,
// it waited for the page to expire (minutes), writing progress all along.
func TestStdioInputClosedEndsThePageWait(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"url":{},"form":{}}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(0)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"docs-search","name":"MY_KEY"},"_meta":{"progressToken":"t"}}}`)
	var q rawLine
	for q.Method != "elicitation/create" {
		m, ok := s.next(30 * time.Second)
		if !ok {
			t.Fatalf("no question; stderr:\n%s", s.stderr.String())
		}
		q = m
	}
	s.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)
	for m, ok := s.next(10 * time.Second); !ok || m.Method != "notifications/progress"; m, ok = s.next(10 * time.Second) {
		if !ok {
			t.Fatalf("the call did not wait for the page; stderr:\n%s", s.stderr.String())
		}
	}
	closedAt := time.Now()
	s.in.Close()
	m, ok := s.responseTo("1", 10*time.Second)
	if !ok {
		t.Fatalf("no result after stdin closed; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(m.line, "closed the server's input (stdin) while the secret-entry page waited") || !strings.Contains(m.line, `"isError":true`) {
		t.Errorf("result: %.400s", m.line)
	}
	select {
	case code := <-s.exit:
		if code != 0 || time.Since(closedAt) > 5*time.Second {
			t.Errorf("exit %d after %v", code, time.Since(closedAt))
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after stdin closed; stderr:\n%s", s.stderr.String())
	}
}
