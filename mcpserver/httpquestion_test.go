package mcpserver_test

import (
	"bufio"
	"encoding/json"
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
	resp, body := rpc(t, endpoint, "", strings.Replace(initializeJSON, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1), nil)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	rpc(t, endpoint, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Session-Id", session)
	call, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
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
// whose result is null, missing or {} fails or declines the question at once, as over stdio;
// mcp-go alone acknowledged it (202) and dropped it, and the call waited up to ten minutes.
func TestHTTPQuestionAnswersMCPGoWouldDrop(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	for name, tc := range map[string]struct{ member, want string }{
		"result null":    {`,"result":null`, "could not be answered"},
		"no result":      {``, "could not be answered"},
		"error null":     {`,"error":null`, "could not be answered"},
		"result {}":      {`,"result":{}`, "did not confirm"},
		"result { }":     {`,"result":{ }`, "did not confirm"},
		"declined (sic)": {`,"result":{"action":"decline"}`, "did not confirm"},
	} {
		t.Run(name, func(t *testing.T) {
			got := askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
				resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+tc.member+`}`, nil)
				if resp.StatusCode != http.StatusAccepted {
					t.Errorf("posting the answer: %d %s", resp.StatusCode, body)
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
