package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestHTTPAnswersAreCheckedWhole: over 2025-era HTTP, as over stdio, an answer to the server's
// confirmation question with "name" given twice ("zzz", then the app: a decoder kept the last and
// the app was deleted) fails the question naming where, changing nothing; a message with both a
// method and a result is refused 400 -32600 with its id and answers nothing (the call still
// waits for its real answer); and an answer of "result":{} reads as an answer naming no action,
// not "The user did not confirm ()".
func TestHTTPAnswersAreCheckedWhole(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	got := askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
		resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+`,"result":{"action":"accept","content":{"name":"zzz","name":"analytics-app"}}}`, nil)
		if resp.StatusCode != http.StatusAccepted {
			t.Errorf("posting the answer: %d %s", resp.StatusCode, body)
		}
	})
	mustContain(t, "result", got, "result.content.name is given twice", "Nothing was changed", `"isError":true`)

	got = askOverHTTP(t, h.URL(), func(session string, id json.RawMessage) {
		resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+`,"method":"x","result":{"action":"accept","content":{"name":"analytics-app"}}}`, nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(body, `{"jsonrpc":"2.0","id":`+string(id)+`,"error":{"code":-32600,`) {
			t.Errorf("a message with a method and a result: %d %s", resp.StatusCode, body)
		}
		resp, body = rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+`,"result":{}}`, nil)
		if resp.StatusCode != http.StatusAccepted {
			t.Errorf("posting the answer: %d %s", resp.StatusCode, body)
		}
	})
	mustContain(t, "result", got, "did not confirm: the answer named no action", "Nothing was changed", `"isError":true`)
	if strings.Contains(got, "()") {
		t.Errorf("empty parentheses: %s", got)
	}
}
