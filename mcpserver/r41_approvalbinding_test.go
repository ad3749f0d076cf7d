package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR41ApprovalBeforeInitializedKeepsItsBinding: the page approval given for a call made
// before notifications/initialized (TestR41ReviewcdApprovalBeforeInitializedIsHonouredAfter)
// holds, once the client can be asked, only for exactly that call: the same tool on another app
// and the same app by its ID (another argument: README "an app's name and its ID are not") are
// asked (elicitation/create), and the call with the approved arguments then goes ahead unasked.
func TestR41ApprovalBeforeInitializedKeepsItsBinding(t *testing.T) {
	w := r41cStdio(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	var res struct {
		Result struct {
			Content []struct{ Text string } `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(w.await(`2`, 10*time.Second)), &res); err != nil || len(res.Result.Content) == 0 {
		t.Fatalf("first answer: %v", err)
	}
	r41cApproveOnPage(t, res.Result.Content[0].Text)
	w.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`) // marked as read, before the calls after it (idReader)
	asked := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		n := 0
		for _, l := range w.lines {
			if strings.Contains(l, `"method":"elicitation/create"`) {
				n++
			}
		}
		return n
	}
	waitAsked := func(n int, what string) {
		t.Helper()
		for end := time.Now().Add(r52DeterminismGuard); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if asked() >= n {
				return
			}
		}
		t.Fatalf("%s was not asked: the page's approval for another call applied to it", what)
	}
	w.send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"analytics-app"}}}`)
	waitAsked(1, "delete_app of another app")
	w.send(`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"102"}}}`)
	waitAsked(2, "delete_app of the same app by its ID")
	w.send(`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_app","arguments":{"app":"docs-search"}}}`)
	if a := w.await(`5`, 10*time.Second); !strings.Contains(a, "Deleted") {
		t.Errorf("the approved call did not go ahead: %.400s", a)
	}
	if n := asked(); n != 2 {
		t.Errorf("the approved call was asked again (%d questions)", n)
	}
}
