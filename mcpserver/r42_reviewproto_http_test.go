package mcpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42ReviewprotoHTTPIDSpellings: while call 7 waits on its question, "7" is another id (served),
// 7.0 and 7e0 are 7 (refused), and a cancellation naming "7" leaves call 7 waiting.
func TestR42ReviewprotoHTTPIDSpellings(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	got := askOverHTTP(t, h.URL(), func(session string, _ json.RawMessage) {
		if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":"7","method":"tools/call","params":{"name":"list_apps","arguments":{}}}`, nil); resp.StatusCode != http.StatusOK || strings.Contains(body, `"error"`) {
			t.Errorf(`call "7" while 7 is in progress: %d %.300s`, resp.StatusCode, body)
		}
		for _, id := range []string{"7.0", "7e0", "70e-1"} {
			if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "still in progress") {
				t.Errorf("ping %s while 7 is in progress: %d %.300s", id, resp.StatusCode, body)
			}
		}
		rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"7"}}`, nil)
		// Call 7 is still in progress (instead of a 300 ms pause that checked nothing: a
		// cancellation of 7 also ends with "cancelled").
		if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":7.0,"method":"ping"}`, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "still in progress") {
			t.Errorf(`ping 7.0 after a cancellation naming "7": %d %.300s`, resp.StatusCode, body)
		}
		rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`, nil)
	})
	mustContain(t, "call 7's result", got, "cancelled", `"id":7`)
}

// TestR42ReviewprotoHTTPIDFreeOnceResultRead: a 2025-06-18 session's call 7 answers over its SSE
// stream (it asked a question, the client declined); the client reads the result and at once
// sends ping 7. The id is no longer in progress, but sessionCalls.leave runs only once
// endpoint.ServeHTTP returns, after mcp-go flushed the final event.
func TestR42ReviewprotoHTTPIDFreeOnceResultRead(t *testing.T) {
	t.Parallel() // CPU only, on a server of its own; bounds no time
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	refused := 0
	for range 200 {
		var session string
		askOverHTTPIn(t, h.URL(), func(s string) { session = s }, func(s string, q json.RawMessage) {
			rpc(t, h.URL(), s, `{"jsonrpc":"2.0","id":`+string(q)+`,"result":{"action":"decline"}}`, nil)
		})
		if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":7,"method":"ping"}`, nil); strings.Contains(body, "still in progress") {
			refused++
			t.Logf("ping 7 right after call 7's result: %d %.200s", resp.StatusCode, body)
		}
	}
	if refused > 0 {
		t.Errorf("%d of 200 pings reusing the id of a call whose result the client had read were refused", refused)
	}
}

// TestR42ReviewprotoHTTPWithdrawalNeverPrecedesItsQuestion: call 7 is cancelled about when its
// question goes out. On the call's stream a withdrawal (notifications/cancelled naming the
// question) must never come before the question it withdraws, and a question written must be
// withdrawn before the result.
func TestR42ReviewprotoHTTPWithdrawalNeverPrecedesItsQuestion(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	bad := 0
	for i := range 60 {
		resp, body := rpc(t, h.URL(), "", strings.Replace(initializeJSON, `"capabilities":{}`, `"capabilities":{"elicitation":{}}`, 1), nil)
		session := resp.Header.Get("Mcp-Session-Id")
		if session == "" {
			t.Fatalf("initialize: %s", body)
		}
		rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
		done, exited := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(exited)
			time.Sleep(time.Duration(i%12) * 250 * time.Microsecond)
			for {
				rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`, nil)
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		call := postDeleteApp(t, h.URL(), session)
		raw, _ := io.ReadAll(call.Body)
		call.Body.Close()
		close(done)
		<-exited // its last cancellation ends before the server does (it failed the finished test)
		var order []string
		for _, line := range strings.Split(string(raw), "\n") {
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok {
				continue
			}
			var m struct {
				Method string `json:"method"`
			}
			json.Unmarshal([]byte(data), &m)
			if m.Method == "" {
				m.Method = "result"
			}
			order = append(order, m.Method)
		}
		got := strings.Join(order, ",")
		switch got {
		case "result", "elicitation/create,notifications/cancelled,result", "":
		default:
			bad++
			t.Logf("run %d: stream order %s", i, got)
		}
	}
	if bad > 0 {
		t.Errorf("%d of 60 cancelled calls' streams out of order", bad)
	}
}
