package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestParamTypePathsNameArrayIndexes: a wrong-typed member inside an array's element is named
// with the element's index, over stdio and HTTP alike (encoding/json names none: the answer was
// "params.clientInfo.icons.sizes must be a string", blaming the array).
func TestParamTypePathsNameArrayIndexes(t *testing.T) {
	const start = `{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"0","icons":`
	cases := []struct{ icons, want string }{
		{`[{"src":"a"},{"src":"b","sizes":[5]}]`, "Invalid params: params.clientInfo.icons[1].sizes[0] must be a string (initialize), not a number"},
		{`[{"src":5}]`, "Invalid params: params.clientInfo.icons[0].src must be a string (initialize), not a number"},
		{`[{"src":"a"},{"src":"b","sizes":"c"}]`, "Invalid params: params.clientInfo.icons[1].sizes must be an array (initialize), not a string"},
	}
	conn := serveStdio(t, mcpserver.Options{})
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for i, tc := range cases {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"initialize","params":%s%s}}}`, 1800+i, start, tc.icons)
		conn.send(body)
		answer := conn.await(fmt.Sprint(1800 + i))
		if e := rpcErrorOf(t, answer); e == nil || e.Code != -32602 || !strings.HasPrefix(e.Message, tc.want) {
			t.Errorf("stdio %s: want -32602 starting %q, got %.600s", tc.icons, tc.want, answer)
		}
		_, _, msgs := rawPost(t, h.URL(), session, nil, body)
		answer = strings.Join(msgs, "\n")
		if e := rpcErrorOf(t, answer); e == nil || e.Code != -32602 || !strings.HasPrefix(e.Message, tc.want) {
			t.Errorf("HTTP %s: want -32602 starting %q, got %.600s", tc.icons, tc.want, answer)
		}
	}
}
