package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r42Refusal is a JSON-RPC error response's code and message ("" when line is none).
func r42Refusal(line string) (code int, message string) {
	var m struct {
		Error *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal([]byte(line), &m) != nil || m.Error == nil {
		return 0, ""
	}
	return m.Error.Code, m.Error.Message
}

// TestR42StdioDuplicateIDIsRefused: over stdio a client sends a tools/call with the id of a call
// still in progress (waiting for its confirmation question). mcp-go keys a request's cancellation
// by its id, so the newer one overwrote the older's entry and, once it ended, deleted it: the
// older call could no longer be cancelled (its cancellation reached nothing). JSON-RPC and MCP
// want the ids of requests in progress unique: the newer is refused (-32600, naming the id, any
// spelling of its value) and never run; the older is still cancelled, and answered once.
func TestR42StdioDuplicateIDIsRefused(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	r42AwaitLine(t, w, `"elicitation/create"`)
	w.send(`{"jsonrpc":"2.0","id":2e0,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	refusal := w.await(`2e0`, 10*time.Second)
	code, message := r42Refusal(refusal)
	if code != -32600 || !strings.Contains(message, "2e0") || !strings.Contains(message, "still in progress") {
		t.Fatalf("a request with the id of a call in progress was not refused -32600 naming the id: %s", refusal)
	}
	time.Sleep(300 * time.Millisecond)
	if a := w.answers(`2`); len(a) != 0 {
		t.Fatalf("the older call answered before it was cancelled: %s", a)
	}
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}`)
	res := w.await(`2`, 10*time.Second)
	if !strings.Contains(res, "cancelled") {
		t.Errorf("the older call's answer after its cancellation: %.300s", res)
	}
	time.Sleep(300 * time.Millisecond)
	w.mu.Lock()
	defer w.mu.Unlock()
	if a := w.answersLocked(`2`); len(a) != 1 {
		t.Errorf("the older call got %d answers: %s", len(a), a)
	}
	questions := 0
	for _, l := range w.lines {
		if strings.Contains(l, `"elicitation/create"`) {
			questions++
		}
	}
	if questions != 1 {
		t.Errorf("%d questions asked, want the older call's only", questions)
	}
	// Once the older call is answered its id is free again.
	w.mu.Unlock()
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	end := time.Now().Add(10 * time.Second)
	for len(w.answers(`2`)) < 2 && time.Now().Before(end) {
		time.Sleep(20 * time.Millisecond)
	}
	w.mu.Lock()
	if a := w.answersLocked(`2`); len(a) != 2 || strings.Contains(a[1], `"error"`) {
		t.Errorf("a call reusing the id of an answered one: %s", a)
	}
}

// r42AwaitLine waits for a line the server wrote holding part.
func r42AwaitLine(t *testing.T, w *r41cWire, part string) string {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) {
		w.mu.Lock()
		for _, l := range w.lines {
			if strings.Contains(l, part) {
				w.mu.Unlock()
				return l
			}
		}
		w.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no line with %s", part)
	return ""
}

// TestR42HTTPDuplicateIDIsRefused is TestR42StdioDuplicateIDIsRefused in a 2025-06-18 HTTP
// session: the second call 7 is refused (400, -32600 naming the id) while the first waits on
// its question, and the first is still cancelled by its notifications/cancelled.
func TestR42HTTPDuplicateIDIsRefused(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	got := askOverHTTP(t, h.URL(), func(session string, _ json.RawMessage) {
		resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`, nil)
		code, message := r42Refusal(body)
		if resp.StatusCode != http.StatusBadRequest || code != -32600 || !strings.Contains(message, "7") || !strings.Contains(message, "still in progress") {
			t.Errorf("a request with the id of a call in progress: %d %s", resp.StatusCode, body)
		}
		// Another session's 7 is its own.
		other, _ := rpc(t, h.URL(), "", initializeJSON, nil)
		s2 := other.Header.Get("Mcp-Session-Id")
		rpc(t, h.URL(), s2, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
		if resp, body := rpc(t, h.URL(), s2, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`, nil); resp.StatusCode != http.StatusOK || strings.Contains(body, `"error"`) {
			t.Errorf("another session's call 7: %d %s", resp.StatusCode, body)
		}
		resp, body = rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`, nil)
		if resp.StatusCode != http.StatusAccepted {
			t.Errorf("cancellation: %d %s", resp.StatusCode, body)
		}
	})
	mustContain(t, "the older call's result", got, "cancelled", `"id":7`)
}
