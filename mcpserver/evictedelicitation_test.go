package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestHTTPEndedSessionStillAsksItsClient: a 2025-era client that declared elicitation is asked
// directly even after its session was ended to make room at the cap (here by initializations
// that bring other tokens, which anyone who can reach the port can send): its declared modes
// travel in its session ID. Before, the ended session's capabilities were forgotten and the call
// answered with an approval link, which passes through the agent, saying the client could not
// ask.
func TestHTTPEndedSessionStillAsksItsClient(t *testing.T) {
	const limit = 3
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: limit}, nil)
	asked := false
	got := askOverHTTPIn(t, h.URL(), func(string) {
		before := h.Sessions()
		for i := range limit {
			resp, body := rpc(t, h.URL(), "", initializeJSON, map[string]string{"Authorization": "Bearer junk" + string(rune('1'+i))})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("initialize %d: %d %s", i, resp.StatusCode, body)
			}
		}
		if before != 1 || h.Sessions() != limit {
			t.Fatalf("sessions: %d before the flood, %d after (cap %d): the client's own was not ended", before, h.Sessions(), limit)
		}
	}, func(session string, id json.RawMessage) {
		asked = true
		if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":`+string(id)+`,"result":{"action":"decline"}}`, nil); resp.StatusCode != http.StatusAccepted {
			t.Errorf("the answer: %d %s", resp.StatusCode, body)
		}
	})
	if !asked || strings.Contains(got, "cannot ask") || strings.Contains(got, "/human/") {
		t.Errorf("asked %v; result: %.600s", asked, got)
	}
	mustContain(t, "result", got, "did not confirm", "Nothing was changed")
}
