package mcpserver_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42HTTPCancelledCallWithdrawsItsQuestion is TestR41ProtocolCancelledCallWithdrawsItsQuestion
// over streamable HTTP: in a 2025-06-18 session a delete_app call asks its confirmation question
// on its POST's SSE stream; the client cancels the call. Before, the call ended but its
// elicitation/create was never withdrawn (mcp-go writes the question on its own stream). Now a
// notifications/cancelled naming the question's id, with a reason, comes on that stream before
// the call's result, and the question's private tag never reaches the client.
func TestR42HTTPCancelledCallWithdrawsItsQuestion(t *testing.T) {
	r42WithdrawnOverHTTP(t, serve(t, mcpserver.HTTPOptions{}, nil), 0)
}

// r42WithdrawnOverHTTP asks delete_app's question in a new session of h, checks nothing more
// comes on the call's stream for quiet, cancels the call (a notifications/cancelled) and checks
// the question is withdrawn on the call's stream before its result.
func r42WithdrawnOverHTTP(t *testing.T, h *mcpserver.HTTPServer, quiet time.Duration) {
	t.Helper()
	resp, body := rpc(t, h.URL(), "", strings.Replace(initializeJSON, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1), nil)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
	call := postDeleteApp(t, h.URL(), session)
	defer call.Body.Close()
	events := make(chan string, 16)
	go func() {
		defer close(events)
		lines := bufio.NewScanner(call.Body)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				events <- data
			}
		}
	}()
	var wire []string
	next := func() string {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended; it carried:\n%s", strings.Join(wire, "\n"))
			}
			wire = append(wire, e)
			if strings.Contains(e, "question-tag") {
				t.Errorf("the question's private tag reached the client: %.300s", e)
			}
			return e
		case <-time.After(15 * time.Second):
			t.Fatalf("nothing more on the stream; it carried:\n%s", strings.Join(wire, "\n"))
			return ""
		}
	}
	var question struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	_ = json.Unmarshal([]byte(next()), &question)
	if question.Method != "elicitation/create" {
		t.Fatalf("no question first: %s", wire)
	}
	if quiet > 0 {
		select {
		case e := <-events:
			t.Fatalf("the stream carried, %v after the question:\n%s\n%s", quiet, strings.Join(wire, "\n"), e)
		case <-time.After(quiet):
		}
	}
	if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`, nil); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("cancellation: %d %s", resp.StatusCode, body)
	}
	var withdrawal struct {
		Method string `json:"method"`
		Params struct {
			RequestID json.RawMessage `json:"requestId"`
			Reason    string          `json:"reason"`
		} `json:"params"`
	}
	_ = json.Unmarshal([]byte(next()), &withdrawal)
	if withdrawal.Method != "notifications/cancelled" || string(withdrawal.Params.RequestID) != string(question.ID) || withdrawal.Params.Reason == "" {
		t.Fatalf("the cancelled call's question %s was not withdrawn before its result; the stream carried:\n%s", question.ID, strings.Join(wire, "\n"))
	}
	if result := next(); !strings.Contains(result, `"id":7`) || !strings.Contains(result, "Nothing was changed") {
		t.Errorf("the call's result: %.300s", result)
	}
}
