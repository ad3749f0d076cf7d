package cli_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestStdioResponsesAreNeverAnswered: over real stdio, the client's answer to the server's
// question (pause_app's confirmation) fails the question whatever is wrong with it, matched
// whatever the spelling of its id: an error response (its message shown when it is text, else
// the question fails naming where and nothing of it is kept), a result that is not text (id 1.0,
// 1e0 for 1), a result null or missing. A response to no question of the server's —
// an error, a null result, a string id, a null method, one carrying the id of the client's own
// pending call, a late answer to a question whose call was cancelled — is dropped: nothing
// written to stdout carries its id, and the client's own call gets exactly one response.
func TestStdioResponsesAreNeverAnswered(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	var seen []rawLine // every message read, checked at the end
	next := func(what string) rawLine {
		t.Helper()
		m, ok := s.next(30 * time.Second)
		if !ok {
			t.Fatalf("%s: nothing more; stderr:\n%s", what, s.stderr.String())
		}
		seen = append(seen, m)
		return m
	}
	ask := func(callID string) json.RawMessage {
		t.Helper()
		s.send(`{"jsonrpc":"2.0","id":` + callID + `,"method":"tools/call","params":{"name":"pause_app","arguments":{"app":"analytics-app"}}}`)
		for {
			if m := next("call " + callID); m.Method == "elicitation/create" {
				return m.ID
			}
		}
	}
	result := func(callID string) string {
		t.Helper()
		for {
			if m := next("call " + callID); m.Method == "" && string(m.ID) == callID {
				return m.line
			}
		}
	}
	for i, c := range []struct {
		answer func(q string) string
		want   string
	}{
		{func(q string) string {
			return `{"jsonrpc":"2.0","id":` + q + `,"error":{"code":-32000,"message":"user cancelled"}}`
		}, "elicitation request failed: user cancelled"},
		{func(q string) string {
			return `{"jsonrpc":"2.0","id":` + q + `,"error":{"code":-32000,"message":"s3cr3t \udc00"}}`
		}, "the answer was not used: error.message holds bytes that are not UTF-8"},
		{func(q string) string {
			return `{"jsonrpc":"2.0","id":` + q + `.0,"result":{"action":"accept","content":{"confirm":"\udc00"}}}`
		}, "the answer was not used: result.content.confirm holds"},
		{func(q string) string {
			return `{"jsonrpc":"2.0","id":` + q + `e0,"result":{"action":"accept","content":{"confirm":"\udc00"}}}`
		}, "the answer was not used: result.content.confirm holds"},
		{func(q string) string { return `{"jsonrpc":"2.0","id":` + q + `,"result":null}` }, `it holds neither a \"result\" nor an \"error\"`},
		{func(q string) string { return `{"jsonrpc":"2.0","id":` + q + `}` }, `it holds neither a \"result\" nor an \"error\"`},
	} {
		callID := fmt.Sprint(100 + i)
		q := ask(callID)
		answer := c.answer(string(q))
		s.send(answer)
		got := result(callID)
		if !strings.Contains(got, "The confirmation question could not be answered") || !strings.Contains(got, c.want) ||
			strings.Contains(got, "s3cr3t") || strings.Contains(got, "\ufffd") || strings.Contains(got, `\ufffd`) {
			t.Errorf("answered %s:\n%.600s", answer, got)
		}
	}

	// Responses to no question of the server's, one with the id of the client's own pending call.
	q := ask("6")
	s.send(
		`{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"}}`,
		`{"jsonrpc":"2.0","id":6,"error":{"code":-32601,"message":"elicitation not supported"}}`,
		`{"jsonrpc":"2.0","id":7,"result":null}`,
		`{"jsonrpc":"2.0","id":"12"}`,
		`{"id":8,"method":null}`,
		`{"jsonrpc":"2.0","id":9,"result":{"action":"decline"}}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":6}}`,
	)
	result("6")
	// The call ended: a late answer to its question finds no question waiting in mcp-go.
	s.send(`{"jsonrpc":"2.0","id":`+string(q)+`,"error":{"code":-1,"message":"too late"}}`, `{"jsonrpc":"2.0","id":"p","method":"ping"}`)
	for m := next("ping"); string(m.ID) != `"p"`; m = next("ping") {
	}
	deadline := time.Now().Add(500 * time.Millisecond)
	for time.Now().Before(deadline) {
		if m, ok := s.next(time.Until(deadline)); ok {
			seen = append(seen, m)
		}
	}
	sixes := 0
	for _, m := range seen {
		if m.Method != "" {
			continue
		}
		switch string(m.ID) {
		case "5", "7", `"12"`, "8", "9", string(q):
			t.Errorf("a response was answered with its id: %s", m.line)
		case "6":
			sixes++
		}
	}
	if sixes != 1 {
		t.Errorf("the client's call 6 got %d responses", sixes)
	}
}
