package cli_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"
)

// sameIDValue reports whether two JSON ids are one value: numbers compared exactly, strings
// decoded.
func sameIDValue(a, b string) bool {
	if strings.HasPrefix(a, `"`) && strings.HasPrefix(b, `"`) {
		var sa, sb string
		return json.Unmarshal([]byte(a), &sa) == nil && json.Unmarshal([]byte(b), &sb) == nil && sa == sb
	}
	ra, okA := new(big.Rat).SetString(a)
	rb, okB := new(big.Rat).SetString(b)
	return okA && okB && ra.Cmp(rb) == 0
}

// rawLine is a JSON-RPC message read with its id as written.
type rawLine struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		Token json.RawMessage `json:"progressToken"`
	} `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
	line   string
}

// next reads the next message from stdout.
func (s *stdioSession) next(within time.Duration) (rawLine, bool) {
	s.t.Helper()
	select {
	case line, ok := <-s.lines:
		if !ok {
			s.t.Fatalf("stdout closed; stderr:\n%s", s.stderr.String())
		}
		var m rawLine
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			s.t.Fatalf("stdout carried a non-JSON-RPC line: %q", line)
		}
		m.line = line
		return m, true
	case <-time.After(within):
		return rawLine{}, false
	}
}

// responseTo reads until the response whose id is the value id, skipping other messages.
func (s *stdioSession) responseTo(id string, within time.Duration) (rawLine, bool) {
	s.t.Helper()
	deadline := time.Now().Add(within)
	for time.Until(deadline) > 0 {
		m, ok := s.next(time.Until(deadline))
		if !ok {
			break
		}
		if m.Method == "" && sameIDValue(string(m.ID), id) {
			return m, true
		}
	}
	return rawLine{}, false
}

// question reads until the server asks the client (elicitation/create), skipping other messages.
func (s *stdioSession) question() rawLine {
	s.t.Helper()
	for {
		m, ok := s.next(30 * time.Second)
		if !ok {
			s.t.Fatalf("no question; stderr:\n%s", s.stderr.String())
		}
		if m.Method == "elicitation/create" {
			return m
		}
	}
}

// TestStdioIDsMatchByValue: over real stdio, ids are matched by their value (JSON-RPC), not
// their spelling. A call waiting on the server's question (pause_app) is cancelled by a
// notifications/cancelled naming its id spelled otherwise ("\u0041" for "A", 1e1 with the
// method name escaped, 9.007199254740993e15 for 9007199254740993), and its response carries its
// id's value; the client's answer to the question with its number spelled otherwise (1.0 or 1e0
// for 1) reaches the question (a string id never does: TestStdioStringIDAnswersNoQuestion).
func TestStdioIDsMatchByValue(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	question := func(what string) rawLine {
		t.Helper()
		for {
			m, ok := s.next(30 * time.Second)
			if !ok {
				t.Fatalf("%s: no elicitation/create; stderr:\n%s", what, s.stderr.String())
			}
			if m.Method == "elicitation/create" {
				return m
			}
		}
	}
	cancelled := `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":%s,"reason":"test"}}`
	escaped := `{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"request\u0049d":%s}}`
	for _, c := range []struct{ id, cancel, tmpl string }{
		{`"A"`, `"\u0041"`, cancelled},
		{`"\u0041\u0042"`, `"AB"`, cancelled},
		{`"é"`, `"\u00e9"`, cancelled},
		{`"A<"`, `"A\u003c"`, cancelled},
		{`1e1`, `1e1`, escaped},
		{`20`, `2e1`, cancelled},
		{`9007199254740993`, `9.007199254740993e15`, escaped},
		{`12345678901234567890123`, `12345678901234567890123.0`, cancelled},
	} {
		s.send(`{"jsonrpc":"2.0","id":` + c.id + `,"method":"tools/call","params":{"name":"pause_app","arguments":{"app":"analytics-app"}}}`)
		question(c.id)
		s.send(fmt.Sprintf(c.tmpl, c.cancel))
		m, ok := s.responseTo(c.id, 10*time.Second)
		if !ok {
			t.Fatalf("call %s not cancelled by requestId %s; stderr:\n%s", c.id, c.cancel, s.stderr.String())
		}
		if !strings.Contains(m.line, "The call was cancelled while the confirmation question waited for the user's answer. Nothing was changed.") || strings.Contains(m.line, "declare elicitation") {
			t.Errorf("call %s answered %.300s", c.id, m.line)
		}
	}
	// The question answered with its id spelled otherwise.
	for i, spell := range []func(id string) string{
		func(id string) string { return id + ".0" },
		func(id string) string { return id + "e0" },
	} {
		callID := fmt.Sprint(500 + i)
		s.send(`{"jsonrpc":"2.0","id":` + callID + `,"method":"tools/call","params":{"name":"pause_app","arguments":{"app":"analytics-app"}}}`)
		q := question(callID)
		answer := `{"jsonrpc":"2.0","id":` + spell(string(q.ID)) + `,"result":{"action":"decline"}}`
		s.send(answer)
		m, ok := s.responseTo(callID, 10*time.Second)
		if !ok {
			t.Fatalf("the answer %s did not reach the question %s; stderr:\n%s", answer, q.ID, s.stderr.String())
		}
		if !strings.Contains(strings.ToLower(m.line), "declin") {
			t.Errorf("answered %s: %.300s", answer, m.line)
		}
	}
}

// TestStdioIDsMCPDoesNotAllow: a request whose id is null, true, false, an object or an array is
// refused -32600 naming the rule, with that id, and not served; a client's response whose
// "jsonrpc" is not a string gets no error carrying its id (it would pass for the answer to the
// client's own request 5).
func TestStdioIDsMCPDoesNotAllow(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	for _, id := range []string{`null`, `true`, `false`, `{"a":1}`, `[1]`} {
		s.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
		m, ok := s.next(10 * time.Second)
		if !ok {
			t.Fatalf("id %s: no answer", id)
		}
		if string(m.ID) != id || !strings.Contains(string(m.Error), `"code":-32600`) || !strings.Contains(string(m.Error), "must be a string or an integer") || m.Result != nil {
			t.Errorf("id %s answered %.300s", id, m.line)
		}
	}
	s.send(`{"jsonrpc":2,"id":5,"result":{}}`, `{"jsonrpc":"2.0","id":6,"method":"ping"}`)
	for {
		m, ok := s.next(10 * time.Second)
		if !ok {
			t.Fatal("no answer to ping 6")
		}
		if string(m.ID) == "5" {
			t.Errorf("a response was answered with its id: %s", m.line)
		}
		if string(m.ID) == "6" {
			break
		}
	}
}

// TestStdioProgressComesBeforeItsResult: over real stdio, every progress notification of a call
// is written before the call's result (mcp-go writes them from different goroutines: before the
// fix a wait on a finished deployment had its only notification after its result in 4 of 6
// runs), and a progress token beyond 2^53 comes back as sent.
func TestStdioProgressComesBeforeItsResult(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(1)
	const runs = 30
	for i := range runs {
		token := fmt.Sprintf(`"run-%d"`, i)
		switch i % 3 {
		case 1:
			token = fmt.Sprint(9007199254740993 + 2*i)
		case 2:
			token = fmt.Sprint(123456789012345678 + i)
		}
		id := fmt.Sprint(100 + i)
		s.send(`{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":"wait_for_deployment","arguments":{"app":"analytics-app"},"_meta":{"progressToken":` + token + `}}}`)
		notes := 0
		for {
			m, ok := s.next(30 * time.Second)
			if !ok {
				t.Fatalf("run %d: no result", i)
			}
			if m.Method == "notifications/progress" {
				if string(m.Params.Token) != token {
					t.Errorf("run %d: progress for token %s, want %s: %s", i, m.Params.Token, token, m.line)
				}
				notes++
				continue
			}
			if string(m.ID) == id {
				break
			}
		}
		if notes == 0 {
			t.Errorf("run %d: the call's progress came after its result (or never)", i)
		}
		// A late notification would be the next line; ping to see what comes first.
		s.send(`{"jsonrpc":"2.0","id":` + fmt.Sprint(1000+i) + `,"method":"ping"}`)
		if m, _ := s.next(10 * time.Second); string(m.ID) != fmt.Sprint(1000+i) {
			t.Errorf("run %d: after the result came %s", i, m.line)
		}
	}
}
