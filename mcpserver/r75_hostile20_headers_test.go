package mcpserver_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestR75Hostile20HeadersEchoNoKnownValue: over real HTTP, in a session whose set_secret set a
// value, a request that carries it in a header the transport judges before MCP reads the body —
// MCP-Protocol-Version, Mcp-Session-Id, Accept, Content-Type, Last-Event-ID on a GET — is
// answered with nothing that shows it (status line, headers, body), in any of
// r75Hostile20Spellings; nor does the debug log.
func TestR75Hostile20HeadersEchoNoKnownValue(t *testing.T) {
	t.Parallel()
	h, sid, logs := r74Hostile19SecretSession(t)
	spellings := r75Hostile20Spellings()
	spellings["as set"] = r74Hostile19Value
	for form, sent := range spellings {
		for _, header := range []string{"MCP-Protocol-Version", "Mcp-Session-Id", "Accept", "Content-Type", "Last-Event-ID"} {
			method := http.MethodPost
			if header == "Last-Event-ID" {
				method = http.MethodGet
			}
			wait := 3 * time.Second
			if method == http.MethodGet {
				wait = 300 * time.Millisecond // a stream that opens stays open: its headers are the answer
			}
			ctx, cancel := context.WithTimeout(context.Background(), wait)
			req, _ := http.NewRequestWithContext(ctx, method, h.URL(), strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"ping"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			req.Header.Set("MCP-Protocol-Version", "2025-06-18")
			req.Header.Set("Mcp-Session-Id", sid)
			req.Header.Set(header, sent)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				cancel()
				t.Fatalf("%s, %s: %v", form, header, err)
			}
			raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			cancel()
			var head strings.Builder
			_ = resp.Header.Write(&head)
			answer := resp.Status + "\n" + head.String() + string(raw)
			if r75Hostile20Shows(answer) || strings.Contains(answer, sent) {
				t.Errorf("%s, %s: shown: %.600s", form, header, answer)
			}
		}
	}
	if logs := logs.String(); r75Hostile20Shows(logs) {
		t.Errorf("the debug log shows it: %s", r66H10Around(logs, "r74h19"))
	}
}
