package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR46ClaimsOddResourceURIsNameNothing: README (Prompts and resources) says a URI no
// resource or template matches is -32002 with data.uri, and so is one whose {app} or {org} can
// name nothing. An agent trying to reach another view by bending the URI — a query, a
// fragment, a trailing slash, another case of the scheme or path, an encoded slash or dot
// segments, an empty segment, a hidden or NUL character — gets "resource not found" with the
// URI, never another app's or view's contents.
func TestR46ClaimsOddResourceURIsNameNothing(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, uri := range []string{
		"spice://apps/analytics-app?x=1", "spice://apps/analytics-app#f", "spice://apps/analytics-app/", "spice://apps/",
		"spice://apps//deployments", "SPICE://apps/analytics-app", "spice://APPS/analytics-app",
		"spice://apps/analytics-app%2Fdeployments", "spice://apps/..%2F..%2Forgs", "spice://apps/%E2%80%AEanalytics-app",
		"spice://apps/analytics-app%00", "spice://apps/analytics-app%20", "spice://apps/analytics-app/instances/x",
		"spice://orgs/sandbox/apps/analytics-app/", "spice://orgs//apps/analytics-app", "spice://regions/", "spice://regions?x",
		"spice://apps/id%3A0101", "spice://orgs/sandbox%2Facme-labs/apps",
	} {
		id := 100 + i
		req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "resources/read", "params": map[string]any{"uri": uri}})
		conn.send(string(req))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		var data struct {
			URI string `json:"uri"`
		}
		if e == nil || e.Code != mcp.RESOURCE_NOT_FOUND || json.Unmarshal(e.Data, &data) != nil || data.URI != uri {
			t.Errorf("%s: want -32002 with the URI as data, got %s", uri, answer)
		}
	}
}

// TestR46ClaimsPromptDeploymentIDIsAPlainPositiveNumber: README (Prompts and resources) says
// a prompt argument the tools' rule refuses — "a deployment_id that is no positive number" — is
// -32602 naming the argument and the rule. Prompt arguments are strings, so every spelling a
// parser might read as a number is tried: exponent, sign, hex, other scripts' digits, fullwidth
// digits, a leading zero, a fraction, an overflow.
func TestR46ClaimsPromptDeploymentIDIsAPlainPositiveNumber(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, v := range []string{"1e3", "+5", "0x10", "٣", "１", "05", "5.0", "-1", "0", "99999999999999999999", " 5", "5\n", "5\u200b"} {
		id := 200 + i
		req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "prompts/get", "params": map[string]any{
			"name": "troubleshoot_deployment", "arguments": map[string]any{"app": "analytics-app", "deployment_id": v}}})
		conn.send(string(req))
		answer := conn.await(fmt.Sprint(id))
		if e := rpcErrorOf(t, answer); e == nil || e.Code != mcp.INVALID_PARAMS || !strings.Contains(e.Message, `"deployment_id"`) {
			t.Errorf("deployment_id %+q: want -32602 naming deployment_id, got %s", v, answer)
		}
	}
}

// TestR46ClaimsToolArgumentNamesMatchExactly: README (Command line, --strict-schemas) says tools
// refuse unknown arguments and "names match exactly, so App or a second app is refused too, not
// folded into app". Go's decoder folds names by Unicode too: the Kelvin sign (U+212A) folds to
// k and the long s (U+017F) to s, so "\u212aey_number" or "\u017fpicepod_offset" would be read
// as the real argument. Each is refused by name, and nothing else is read.
func TestR46ClaimsToolArgumentNamesMatchExactly(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, c := range []struct{ tool, args, unknown string }{
		{"get_app", `{"app":"analytics-app","\u017fpicepod_offset":5}`, "\u017fpicepod_offset"},
		{"get_app", `{"app":"analytics-app","spicepod_offset":5,"\u017fpicepod_offset":7}`, "\u017fpicepod_offset"},
		{"get_app", `{"\u0041pp":"analytics-app"}`, "App"},
		{"get_app", `{"app":"analytics-app","SPICEPOD_OFFSET":5}`, "SPICEPOD_OFFSET"},
		{"regenerate_api_key", `{"app":"analytics-app","\u212aey_number":1}`, "\u212aey_number"},
	} {
		id := 300 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":%s}}`, id, c.tool, c.args))
		answer := conn.await(fmt.Sprint(id))
		var r struct {
			Result struct {
				IsError bool `json:"isError"`
				Content []struct {
					Text string `json:"text"`
				} `json:"content"`
			} `json:"result"`
		}
		if json.Unmarshal([]byte(answer), &r) != nil || !r.Result.IsError || len(r.Result.Content) == 0 ||
			!strings.Contains(r.Result.Content[0].Text, fmt.Sprintf("%q: unknown argument", c.unknown)) {
			t.Errorf("%s %s: want the argument %q refused by name, got %s", c.tool, c.args, c.unknown, answer)
		}
	}
}

// TestR46ClaimsNoLoggingCapability: README (Prompts and resources) says the server declares no
// logging capability and sends no log notifications. A client that asks for them anyway
// (logging/setLevel) is told so (-32601), and initialize declares none.
func TestR46ClaimsNoLoggingCapability(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	conn.send(`{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"debug"}}`)
	if e := rpcErrorOf(t, conn.await("2")); e == nil || e.Code != mcp.METHOD_NOT_FOUND {
		t.Errorf("logging/setLevel: want -32601, got %+v", e)
	}
	conn.send(`{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r46","version":"1"}}}`)
	if answer := conn.await("3"); strings.Contains(answer, `"logging"`) {
		t.Errorf("initialize declares logging: %s", answer)
	}
}

// TestR46ClaimsEmptyCursorCountsAsNone: README (Prompts and resources) said any cursor sent to
// resources/list, resources/templates/list or prompts/list is -32602. A cursor of "" or null is
// what clients that fill every field send for none, and is served as the first (and only)
// page; any other cursor is refused naming it, as README now says.
func TestR46ClaimsEmptyCursorCountsAsNone(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	id := 600
	for _, method := range []string{"resources/list", "resources/templates/list", "prompts/list"} {
		for _, cursor := range []string{`""`, `null`, `"abc"`} {
			id++
			conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":{"cursor":%s}}`, id, method, cursor))
			answer := conn.await(fmt.Sprint(id))
			e := rpcErrorOf(t, answer)
			if refused := e != nil && e.Code == mcp.INVALID_PARAMS && strings.Contains(e.Message, "cursor"); refused != (cursor == `"abc"`) {
				t.Errorf("%s with cursor %s: %s", method, cursor, answer)
			}
		}
	}
}

// TestR46ClaimsBatchesAreNeverRun: README (Prompts and resources) says JSON-RPC batches are
// not run, under any protocol version, and get one -32600 with a null id. A batch that does not
// start the line with "[" (spaces or a tab before it), a batch nested in a batch and an empty
// one are batches too: none of their messages is answered as run.
func TestR46ClaimsBatchesAreNeverRun(t *testing.T) {
	for _, batch := range []string{
		" \t [{\"jsonrpc\":\"2.0\",\"id\":71,\"method\":\"tools/list\"}]",
		"[[{\"jsonrpc\":\"2.0\",\"id\":71,\"method\":\"tools/list\"}]]",
		"[ ]",
	} {
		conn := serveStdio(t, mcpserver.Options{})
		conn.send(batch)
		conn.send(`{"jsonrpc":"2.0","id":99,"method":"ping"}`)
		conn.await("99")
		if e := rpcErrorOf(t, conn.await("null")); e == nil || e.Code != mcp.INVALID_REQUEST {
			t.Errorf("%q: want one -32600 with a null id, got %+v", batch, e)
		}
		select {
		case a := <-conn.answer("71"):
			t.Errorf("%q: a message of the batch was run: %s", batch, a)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
