package mcpserver_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// askOverHTTP opens a 2025-era session whose client can be asked questions, calls delete_app,
// waits for its confirmation question, lets act (given the session and the question's id) do
// what the client does then, and returns the call's result (the test fails when none comes
// within 20 s: the call waits on).
func askOverHTTP(t *testing.T, endpoint string, act func(session string, question json.RawMessage)) string {
	t.Helper()
	return askOverHTTPIn(t, endpoint, nil, act)
}

// askOverHTTPIn is askOverHTTP, telling opened the session's ID before the call is sent.
func askOverHTTPIn(t *testing.T, endpoint string, opened func(session string), act func(session string, question json.RawMessage)) string {
	t.Helper()
	resp, body := rpc(t, endpoint, "", strings.Replace(initializeJSON, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1), nil)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	rpc(t, endpoint, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
	if opened != nil {
		opened(session)
	}
	call := postDeleteApp(t, endpoint, session)
	defer call.Body.Close()
	results := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(call.Body)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			data, ok := strings.CutPrefix(lines.Text(), "data: ")
			if !ok {
				continue
			}
			var msg struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
			}
			_ = json.Unmarshal([]byte(data), &msg)
			if msg.Method == "elicitation/create" {
				act(session, msg.ID)
				continue
			}
			if msg.Method == "notifications/cancelled" {
				continue // the question withdrawn, before the result (questionwithdraw.go)
			}
			results <- data
			return
		}
		results <- "stream ended"
	}()
	select {
	case r := <-results:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("the call still waits for its question's answer")
		return ""
	}
}

// TestHTTPQuestionAnswersMCPGoWouldDrop: over 2025-era HTTP, an answer to the server's question
// that mcp-go v1.2.1 would acknowledge (202) and drop unread — its result and its error each
// missing, null, {} or [] (isJSONEmpty), member names in any case — fails or declines the
// question at once, as over stdio; and one whose POST mcp-go refuses (400: not application/json,
// an unsupported MCP-Protocol-Version, inside a batch; one claiming 2026-07-28, which has no
// questions to answer) fails it too. Before, the call waited up to ten minutes.
func TestHTTPQuestionAnswersMCPGoWouldDrop(t *testing.T) {
	// The texts as they read in the result (present.AnswerEmpty, present.AnswerRefused), whose
	// quotes come escaped.
	const answerEmpty, answerRefused = "each missing, null, {} or [], so it answers nothing", "the POST that carried it was refused"
	const answerMalformed = "with an integer \\\"code\\\" and a string \\\"message\\\""
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	for name, tc := range map[string]struct {
		member, want string
		headers      map[string]string
		batch        bool
		status       int // 0: 202
	}{
		"result null":           {member: `,"result":null`, want: "could not be answered"},
		"no result":             {member: ``, want: "could not be answered"},
		"error null":            {member: `,"error":null`, want: "could not be answered"},
		"result {}":             {member: `,"result":{}`, want: "did not confirm"},
		"result { }":            {member: `,"result":{ }`, want: "did not confirm"},
		"declined (sic)":        {member: `,"result":{"action":"decline"}`, want: "did not confirm"},
		"result []":             {member: `,"result":[]`, want: answerEmpty},
		"result [ ]":            {member: `,"result":[ ]`, want: answerEmpty},
		"error {}":              {member: `,"error":{}`, want: answerEmpty},
		"error [\n]":            {member: `,"error":[` + "\n" + `]`, want: answerEmpty},
		"result {} error {}":    {member: `,"result":{},"error":{}`, want: answerEmpty},
		"result [] error null":  {member: `,"result":[],"error":null`, want: answerEmpty},
		"Result [] (any case)":  {member: `,"Result":[]`, want: answerEmpty},
		"error { } result null": {member: `,"error":{ },"result":null`, want: answerEmpty},
		// mcp-go read an error that is there, null or {} included, as the client's error, code 0
		// and no message ("elicitation/create error 0:"); stdio reads them as below.
		"declined, error null":     {member: `,"result":{"action":"decline"},"error":null`, want: "did not confirm"},
		"result {}, error null":    {member: `,"result":{},"Error":null`, want: "did not confirm: the answer named no action"},
		"another name, error null": {member: `,"error":null,"result":{"action":"accept","content":{"name":"zz"}}`, want: `The user typed \"zz\"`},
		"declined, error {}":       {member: `,"result":{"action":"decline"},"error":{}`, want: answerMalformed},
		"error a string":           {member: `,"error":"nope"`, want: answerMalformed},
		"error code not a number":  {member: `,"error":{"code":"x","message":"m"}`, want: answerMalformed},
		"text/plain": {member: `,"result":{"action":"accept","content":{"name":"analytics-app"}}`, want: answerRefused,
			headers: map[string]string{"Content-Type": "text/plain"}, status: http.StatusUnsupportedMediaType},
		"unsupported MCP-Protocol-Version": {member: `,"result":{"action":"accept","content":{"name":"analytics-app"}}`, want: answerRefused,
			headers: map[string]string{"MCP-Protocol-Version": "1999-01-01"}, status: http.StatusBadRequest},
		"MCP-Protocol-Version 2026-07-28": {member: `,"result":{"action":"accept","content":{"name":"analytics-app"}}`, want: answerRefused,
			headers: map[string]string{"MCP-Protocol-Version": "2026-07-28"}},
		"in a batch": {member: `,"result":{"action":"accept","content":{"name":"analytics-app"}}`, want: answerRefused,
			batch: true, status: http.StatusBadRequest},
	} {
		t.Run(name, func(t *testing.T) {
			got := askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
				answer := `{"jsonrpc":"2.0","id":` + string(id) + tc.member + `}`
				if tc.batch {
					answer = "[" + answer + "]"
				}
				resp, body := rpc(t, h.URL(), session, strings.ReplaceAll(answer, `\n`, "\n"), tc.headers)
				if want := max(tc.status, http.StatusAccepted); resp.StatusCode != want {
					t.Errorf("posting the answer: %d %s, want %d", resp.StatusCode, body, want)
				}
			})
			mustContain(t, "result", got, tc.want, "Nothing was changed", `"isError":true`)
		})
	}
}

// TestHTTPSessionEndFailsItsQuestions: a session ended with DELETE while its call waits for the
// answer to a question ends that call at once with its failed result (nothing changed); the call
// once waited on (up to ten minutes), its answer refused 404.
func TestHTTPSessionEndFailsItsQuestions(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	got := askOverHTTP(t, h.URL(), func(session string, _ json.RawMessage) {
		if status, body := del(t, h.URL(), session, nil); status != http.StatusOK {
			t.Errorf("DELETE: %d %s", status, body)
		}
	})
	mustContain(t, "result", got, "could not be answered", present.QuestionSessionEnded, "Nothing was changed", `"isError":true`)
}

// TestHTTPQuestionsSurviveDeletesThatEndNothing: a DELETE that does not end the session leaves
// its questions waiting for their answer: one with another caller's token (or none) claiming
// 2026-07-28 in its body or header (404), and the session's own DELETE with MCP-Protocol-Version
// 2026-07-28 (mcp-go refuses it, 405). Before, the first ended the victim's waiting call
// ("session was ended") while the session lived on, and the others forgot its questions, so the
// session's real DELETE no longer ended the call (it waited ten minutes). The real DELETE ends it.
func TestHTTPQuestionsSurviveDeletesThatEndNothing(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	const modernBody = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}`
	for _, d := range []struct {
		name    string
		headers map[string]string
		body    string
		want    int
	}{
		{"another caller, body-declared era", map[string]string{"Authorization": "Bearer garbage"}, modernBody, http.StatusNotFound},
		{"another caller, header-declared era", map[string]string{"Authorization": "Bearer garbage", "MCP-Protocol-Version": "2026-07-28"}, "", http.StatusNotFound},
		{"its own caller, header-declared era", map[string]string{"MCP-Protocol-Version": "2026-07-28"}, "", http.StatusMethodNotAllowed},
	} {
		t.Run(d.name, func(t *testing.T) {
			got := askOverHTTP(t, h.URL(), func(session string, _ json.RawMessage) {
				var body io.Reader
				if d.body != "" {
					body = strings.NewReader(d.body)
				}
				if resp, text := sendMCP(t, http.MethodDelete, h.URL(), session, body, d.headers); resp.StatusCode != d.want {
					t.Errorf("DELETE: %d %s, want %d", resp.StatusCode, text, d.want)
				}
				if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":9,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
					t.Errorf("the session after that DELETE: %d %s", resp.StatusCode, body)
				}
				if status, body := del(t, h.URL(), session, nil); status != http.StatusOK {
					t.Errorf("the session's DELETE: %d %s", status, body)
				}
			})
			mustContain(t, "result", got, "could not be answered", present.QuestionSessionEnded, "Nothing was changed", `"isError":true`)
		})
	}
}

// TestHTTPShutdownFailsOpenQuestions: when a shutdown begins, no answer to a question can
// arrive any more (no new requests): a call waiting on one ends at once with its failed result
// (nothing changed), not at the end of the grace period.
func TestHTTPShutdownFailsOpenQuestions(t *testing.T) {
	h, cancel, done := startHTTP(t, mcpserver.HTTPOptions{ShutdownGrace: time.Minute})
	start := time.Now()
	got := askOverHTTP(t, h.URL(), func(string, json.RawMessage) {
		start = time.Now()
		cancel()
	})
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("the call ended %v after the shutdown began", waited)
	}
	mustContain(t, "result", got, "could not be answered", present.QuestionServerStopping, "Nothing was changed", `"isError":true`)
	awaitServeEnd(t, done)
	done <- nil // for startHTTP's cleanup
}

// awaitServeEnd waits for an HTTP server's Serve, ended by its context, to return without error.
func awaitServeEnd(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("the server still waits on the call")
	}
}

// postDeleteApp sends, in session, a delete_app call (one that asks a question) and returns the
// streamed response.
func postDeleteApp(t *testing.T, endpoint, session string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Session-Id", session)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
