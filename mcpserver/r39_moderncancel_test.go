package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r39Tenants is tenantServer with acme's API requests held until release is closed (or 10 s).
func r39Tenants(t *testing.T, release chan struct{}) *mcpserver.HTTPServer {
	return r51DeterminismTenants(t, release, nil, acmeToken)
}

const r39ModernMeta = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`

// TestR39ModernCancelCrossesCallers: in the 2026-07-28 era (no sessions), a notifications/cancelled
// naming request id 7 from another caller (globex, or a made-up token) is accepted (202) and ends
// nothing: acme's own call with id 7 runs to its result.
func TestR39ModernCancelCrossesCallers(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	for _, who := range []string{globexToken, "made-up"} {
		t.Run(who, func(t *testing.T) { r39CancelFrom(t, who) })
	}
}

func r39CancelFrom(t *testing.T, otherToken string) {
	release, arrived := make(chan struct{}), make(chan string, 4)
	h := r51DeterminismTenants(t, release, arrived, acmeToken)
	url := h.URL()
	acme := map[string]string{"Authorization": "Bearer " + acmeToken, "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "list_apps"}
	answer := make(chan []string, 1)
	go func() {
		_, _, msgs := rawPost(t, url, "", acme, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{},`+r39ModernMeta+`}}`)
		answer <- msgs
	}()
	r51DeterminismArrived(t, arrived, acmeToken) // acme's call waits on the API
	globex := map[string]string{"Authorization": "Bearer " + otherToken, "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "notifications/cancelled"}
	status, _, msgs := rawPost(t, url, "", globex, `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,`+r39ModernMeta+`}}`)
	if status != http.StatusAccepted || len(msgs) != 0 {
		t.Errorf("another caller's cancellation: %d %q, want 202 and no body", status, msgs)
	}
	time.Sleep(500 * time.Millisecond)
	close(release)
	select {
	case msgs := <-answer:
		got := strings.Join(msgs, "\n")
		if !strings.Contains(got, "acme-app") {
			t.Errorf("acme's list_apps (id 7) was cut short by another caller's cancellation of id 7:\n%.600s", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no answer")
	}
}

// TestR39ModernCancelEndsTheWrongCall: two 2026-07-28 clients each have a call with id 7 in
// flight (every new client counts its ids from the same start). acme cancels its own call 7, and
// that call ends, cancelled; globex's call 7 runs to its result (mcp-go alone keyed both as ":7":
// acme's cancellation ended globex's call and acme's ran on).
func TestR39ModernCancelEndsTheWrongCall(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	release, arrived := make(chan struct{}), make(chan string, 4)
	h := r51DeterminismTenants(t, release, arrived, acmeToken, globexToken)
	url := h.URL()
	acmeAnswer := r39CallInBackground(t, url, acmeToken)
	r51DeterminismArrived(t, arrived, acmeToken)
	globexAnswer := r39CallInBackground(t, url, globexToken)
	r51DeterminismArrived(t, arrived, globexToken)
	rawPost(t, url, "", r39Headers(acmeToken, "notifications/cancelled"), `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,`+r39ModernMeta+`}}`)
	// The cancelled call answers first, while the other is still held; then both may go on.
	var acme, globex string
	select {
	case acme = <-acmeAnswer:
	case globex = <-globexAnswer:
	case <-time.After(20 * time.Second):
	}
	close(release)
	if acme == "" {
		acme = <-acmeAnswer
	}
	if globex == "" {
		globex = <-globexAnswer
	}
	if !strings.Contains(acme, "Cancelled") || strings.Contains(globex, "Cancelled") {
		t.Errorf("acme cancelled its own call 7;\nacme's call answered: %.200s\nglobex's call answered: %.200s", acme, globex)
	}
}

// TestR39ModernCancelSameCallerSameID: one caller with two calls of id 7 in progress (JSON-RPC
// wants ids unique, so this is the caller's own mix-up): a cancellation of 7 ends the newer call
// only, and the next one the older (mcp-go alone left the older one out of reach once the newer
// was cancelled). Another caller's cancellations of 7 end neither.
func TestR39ModernCancelSameCallerSameID(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan string, 4)
	defer close(release)
	url := r51DeterminismTenants(t, release, arrived, acmeToken).URL()
	cancel := `{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,` + r39ModernMeta + `}}`
	older := r39CallInBackground(t, url, acmeToken)
	r51DeterminismArrived(t, arrived, acmeToken)
	newer := r39CallInBackground(t, url, acmeToken)
	r51DeterminismArrived(t, arrived, acmeToken)

	rawPost(t, url, "", r39Headers(globexToken, "notifications/cancelled"), cancel)
	rawPost(t, url, "", r39Headers(acmeToken, "notifications/cancelled"), cancel)
	select {
	case got := <-newer:
		if !strings.Contains(got, "Cancelled") {
			t.Errorf("the newer call 7, cancelled: %.300s", got)
		}
	case <-time.After(r52DeterminismGuard):
		t.Fatal("the first cancellation of 7 did not end the newer call 7")
	}
	select {
	case got := <-older:
		t.Fatalf("the first cancellation of 7 ended the older call 7 too: %.300s", got)
	case <-time.After(300 * time.Millisecond):
	}

	rawPost(t, url, "", r39Headers(globexToken, "notifications/cancelled"), cancel)
	rawPost(t, url, "", r39Headers(acmeToken, "notifications/cancelled"), cancel)
	select {
	case got := <-older:
		if !strings.Contains(got, "Cancelled") {
			t.Errorf("the older call 7, cancelled: %.300s", got)
		}
	case <-time.After(r52DeterminismGuard):
		t.Fatal("the second cancellation of 7 did not end the older call 7")
	}
}

// r39Headers are the headers of a 2026-07-28 request of method with token (tools/call: of
// list_apps).
func r39Headers(token, method string) map[string]string {
	m := map[string]string{"Authorization": "Bearer " + token, "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": method}
	if method == "tools/call" {
		m["Mcp-Name"] = "list_apps"
	}
	return m
}

// r39CallInBackground sends token's list_apps call with id 7 and delivers its answer's messages,
// joined, when it comes.
func r39CallInBackground(t *testing.T, url, token string) <-chan string {
	answer := make(chan string, 1)
	go func() {
		call := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{},` + r39ModernMeta + `}}`
		_, _, m := rawPost(t, url, "", r39Headers(token, "tools/call"), call)
		answer <- strings.Join(m, "\n")
	}()
	return answer
}
