package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestParamTypePathsNameTheMistake: a wrong-typed member's refusal names its path from params,
// with no leading dot, and a member that is an array where an object or a string is wanted is
// named itself with its own type, not an element of it ("params.arguments[0] must be an object,
// not a number" was the answer to arguments [5]) (audit r26 B2 #2, #3).
func TestParamTypePathsNameTheMistake(t *testing.T) {
	cases := []struct{ method, params, start string }{
		{"prompts/get", `{"name":"x","arguments":[5]}`, "Invalid params: params.arguments must be an object (prompts/get), not an array"},
		{"prompts/get", `{"name":"x","arguments":["a"]}`, "Invalid params: params.arguments must be an object (prompts/get), not an array"},
		{"tools/call", `{"name":"whoami","_meta":[5]}`, "Invalid params: params._meta must be an object (tools/call), not an array"},
		{"tools/call", `{"name":[5]}`, "Invalid params: params.name must be a string (tools/call), not an array"},
		{"initialize", `{"protocolVersion":"2025-06-18","capabilities":{"elicitation":["form"]},"clientInfo":{"name":"c","version":"0"}}`, "Invalid params: params.capabilities.elicitation must be an object (initialize), not an array"},
		{"tools/call", `{"name":5}`, "Invalid params: params.name must be a string (tools/call), not a number"},
		{"resources/read", `{"uri":5}`, "Invalid params: params.uri must be a string (resources/read), not a number"},
		{"tools/list", `{"cursor":5}`, "Invalid params: params.cursor must be a string (tools/list), not a number"},
		{"prompts/get", `{"name":"deploy_app","arguments":{"app":5}}`, "Invalid params: params.arguments.app must be a string (prompts/get), not a number"},
		{"prompts/get", `{"name":"deploy_app","arguments":{"app":[5]}}`, "Invalid params: params.arguments.app must be a string (prompts/get), not an array"},
		{"completion/complete", `{"ref":{"type":"ref/prompt","name":5},"argument":{"name":"app","value":""}}`, "Invalid params: params.ref.name must be a string (completion/complete), not a number"},
	}
	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range cases {
		id := 1700 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, id, tc.method, tc.params))
		answer := conn.await(fmt.Sprint(id))
		if e := rpcErrorOf(t, answer); e == nil || e.Code != -32602 || !strings.HasPrefix(e.Message, tc.start) {
			t.Errorf("stdio %s %s: want -32602 starting %q, got %.600s", tc.method, tc.params, tc.start, answer)
		}
	}
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for i, tc := range cases[:4] {
		_, _, msgs := rawPost(t, h.URL(), session, nil, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, 1700+i, tc.method, tc.params))
		answer := strings.Join(msgs, "\n")
		if e := rpcErrorOf(t, answer); e == nil || e.Code != -32602 || !strings.HasPrefix(e.Message, tc.start) {
			t.Errorf("HTTP %s %s: want -32602 starting %q, got %.600s", tc.method, tc.params, tc.start, answer)
		}
	}
}
