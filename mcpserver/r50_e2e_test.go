package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestR50E2eModernCancelWithoutMetaEndsTheCall: the official go-sdk client (v1.8.0) cancels a
// 2026-07-28 call over HTTP with a notifications/cancelled whose params carry no _meta (the
// version is in its MCP-Protocol-Version header only). mcp-go answered it 400 (-32602, missing
// _meta protocolVersion, id null), which go-sdk cannot decode: it failed the whole client
// connection, so every later call of that client failed. Such a notification is accepted (202)
// and ends its caller's call; a request without the _meta field is still refused.
func TestR50E2eModernCancelWithoutMetaEndsTheCall(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	for name, params := range map[string]string{
		"no _meta":    `{"reason":"context canceled","requestId":7}`,
		"empty _meta": `{"_meta":{},"requestId":7}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			release, arrived := make(chan struct{}), make(chan string, 4)
			defer close(release)
			url := r51DeterminismTenants(t, release, arrived, acmeToken).URL()
			answer := r39CallInBackground(t, url, acmeToken)
			r51DeterminismArrived(t, arrived, acmeToken) // acme's call waits on the API
			status, _, msgs := rawPost(t, url, "", r39Headers(acmeToken, "notifications/cancelled"),
				`{"jsonrpc":"2.0","method":"notifications/cancelled","params":`+params+`}`)
			if status != http.StatusAccepted || len(msgs) != 0 {
				t.Errorf("go-sdk's cancellation: %d %q, want 202 and no body", status, msgs)
			}
			select {
			case got := <-answer:
				if !strings.Contains(got, "Cancelled") {
					t.Errorf("the cancelled call answered: %.300s", got)
				}
			case <-time.After(r52DeterminismGuard):
				t.Error("the call was not cancelled")
			}
		})
	}
	t.Run("a request without _meta is still refused", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		close(release)
		url := r39Tenants(t, release).URL()
		status, _, msgs := rawPost(t, url, "", r39Headers(acmeToken, "tools/call"),
			`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
		if status != http.StatusBadRequest || len(msgs) != 1 || !strings.Contains(msgs[0], "io.modelcontextprotocol/protocolVersion") {
			t.Errorf("a request without _meta: %d %q, want 400 naming the missing field", status, msgs)
		}
	})
}
