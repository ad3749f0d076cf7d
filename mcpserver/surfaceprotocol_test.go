package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// surfaceRefusals are the requests the request hook (surfaceparams.go) refuses, with the code
// of their answer in a 2025 session (resource-not-found is -32602 from 2026-07-28 on), a part
// of its message, and whether a 2026-07-28 request can carry them (its Mcp-Name header must
// match a uri that is a string).
var surfaceRefusals = []struct {
	method, params string
	code           int
	part           string
	modern         bool
}{
	{"resources/read", `{}`, mcp.INVALID_PARAMS, "uri is required", false},
	{"resources/read", `{"uri":""}`, mcp.INVALID_PARAMS, "uri is required", false},
	{"resources/read", `{"uri":"spice://nope"}`, mcp.RESOURCE_NOT_FOUND, `Resource not found: "spice://nope"`, true},
	{"resources/read", `{"uri":5}`, mcp.INVALID_PARAMS, "uri must be a string (resources/read)", false},
	{"resources/read", `{"uri":["spice://orgs"]}`, mcp.INVALID_PARAMS, "uri must be a string", false},
	{`\u0072esources/read`, `{"uri":"spice://nope"}`, mcp.RESOURCE_NOT_FOUND, `Resource not found: "spice://nope"`, true},
	{"resources/list", `{"cursor":"x"}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous resources/list page", true},
	{"resources/list", `{"cursor":5}`, mcp.INVALID_PARAMS, "cursor must be a string (resources/list)", true},
	{"resources/templates/list", `{"cursor":"x"}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous resources/templates/list page", true},
	{"resources/templates/list", `{"cursor":{}}`, mcp.INVALID_PARAMS, "cursor must be a string", true},
	{"prompts/list", `{"cursor":"x"}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous prompts/list page", true},
	{`prompts\/list`, `{"cursor":"x"}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous prompts/list page", true},
	{"tools/list", `{"cursor":"!!!"}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous tools/list page", true},
	{`tools\/list`, `{"cursor":"bQ=="}`, mcp.INVALID_PARAMS, "cursor must be the nextCursor of a previous tools/list page", true},
	{"tools/list", `{"cursor":7}`, mcp.INVALID_PARAMS, "cursor must be a string (tools/list)", true},
}

// checkSurfaceAnswer fails unless answer is an error with code and part in its message, and
// holds nothing of the coded-error marker (its unit separator or its nonce).
func checkSurfaceAnswer(t *testing.T, what, answer string, code int, part string) {
	t.Helper()
	if strings.Contains(answer, "spice-code-") || strings.Contains(answer, `\u001f`) || strings.Contains(answer, "\x1f") {
		t.Errorf("%s: the answer holds the coded-error marker: %.600s", what, answer)
	}
	e := rpcErrorOf(t, answer)
	if e == nil || e.Code != code || !strings.Contains(e.Message, part) {
		t.Errorf("%s: want code %d and %q, got %.600s", what, code, part, answer)
	}
}

// TestSurfaceRefusalsKeepTheirCodeOnEveryTransport: each request the hook refuses gets its own
// code and no trace of the coded-error marker over stdio, over HTTP in a 2025 session, and over
// HTTP as a 2026-07-28 request. Over HTTP, resources/list, resources/templates/list and
// prompts/list with a cursor were answered -32600 with the marker and its nonce in the message
// (only resources/read, prompts/get and completion/complete had their codes restored); a
// method spelled with an escape ("\u0072esources/read") skipped the hook; a uri or cursor that
// is no string got mcp-go's -32600 quoting Go's decoder.
func TestSurfaceRefusalsKeepTheirCodeOnEveryTransport(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range surfaceRefusals {
		id := 100 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, id, tc.method, tc.params))
		checkSurfaceAnswer(t, "stdio "+tc.method+" "+tc.params, conn.await(fmt.Sprint(id)), tc.code, tc.part)
	}

	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()
	session := rawSession(t, url, `{}`)
	for i, tc := range surfaceRefusals {
		_, _, msgs := rawPost(t, url, session, nil, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, 100+i, tc.method, tc.params))
		checkSurfaceAnswer(t, "HTTP 2025 "+tc.method+" "+tc.params, strings.Join(msgs, "\n"), tc.code, tc.part)
	}

	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
	for i, tc := range surfaceRefusals {
		if !tc.modern {
			continue
		}
		var method string
		_ = json.Unmarshal([]byte(`"`+tc.method+`"`), &method)
		params := strings.TrimSuffix(tc.params, "}") + "," + meta + "}"
		header := mcp.StandardHeaders("2026-07-28", mcp.MCPMethod(method), json.RawMessage(params))
		header["MCP-Protocol-Version"] = "2026-07-28"
		status, _, msgs := rawPost(t, url, "", header, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, 200+i, tc.method, params))
		checkSurfaceAnswer(t, "HTTP 2026-07-28 "+tc.method+" "+tc.params, strings.Join(msgs, "\n"), mcp.INVALID_PARAMS, tc.part)
		if status != http.StatusBadRequest {
			t.Errorf("HTTP 2026-07-28 %s %s: status %d, want 400", tc.method, tc.params, status)
		}
	}
}

// TestProtocolRefusalsComeBeforeSurfaceRefusals: mcp-go's protocol-level refusals of a
// 2026-07-28 request (a version it does not support, no clientCapabilities, standard headers
// missing or not matching the body) answer a URI no resource matches as they answer one that
// exists; the hook, which runs before them, answered resource-not-found to the one only.
func TestProtocolRefusalsComeBeforeSurfaceRefusals(t *testing.T) {
	meta := func(version, caps string) string {
		return `"_meta":{"io.modelcontextprotocol/protocolVersion":"` + version + `","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"}` + caps + `}`
	}
	const caps = `,"io.modelcontextprotocol/clientCapabilities":{}`
	errorCode := func(t *testing.T, answer string) int {
		t.Helper()
		if strings.Contains(answer, "spice-code-") {
			t.Errorf("the answer holds the coded-error marker: %.600s", answer)
		}
		if e := rpcErrorOf(t, answer); e != nil {
			return e.Code
		}
		return 0
	}

	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range []struct {
		meta string
		code int
	}{
		{meta("2099-01-01", caps), mcp.UNSUPPORTED_PROTOCOL_VERSION},
		{meta("2026-07-28", ""), mcp.INVALID_PARAMS},
	} {
		for j, uri := range []string{"spice://nope", "spice://orgs"} {
			id := 300 + 2*i + j
			conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%q,%s}}`, id, uri, tc.meta))
			answer := conn.await(fmt.Sprint(id))
			if got := errorCode(t, answer); got != tc.code || strings.Contains(answer, "Resource not found") {
				t.Errorf("stdio resources/read %s %s: want %d, got %.400s", uri, tc.meta, tc.code, answer)
			}
		}
	}

	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	for i, header := range []map[string]string{
		{"Mcp-Method": "resources/read"},                             // no Mcp-Name
		{"Mcp-Method": "resources/read", "Mcp-Name": "spice://else"}, // not the body's
		{"Mcp-Method": "resources/list"},                             // not the body's method
	} {
		header["MCP-Protocol-Version"] = "2026-07-28"
		for j, uri := range []string{"spice://nope", "spice://orgs"} {
			_, _, msgs := rawPost(t, h.URL(), "", header, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%q,%s}}`, 400+2*i+j, uri, meta("2026-07-28", caps)))
			answer := strings.Join(msgs, "\n")
			if got := errorCode(t, answer); got != mcp.HEADER_MISMATCH {
				t.Errorf("HTTP resources/read %s with %v: want %d, got %.400s", uri, header, mcp.HEADER_MISMATCH, answer)
			}
		}
	}
}

// TestLongURIsAreQuotedShortOnEveryRefusal: a URI of 10,000 characters is quoted short on every
// path that refuses it: a {app} part that is not text (its refusal quoted it whole in the
// message and in data.uri, ~200 KB for 100,000) and a view of a tool the caller cannot use
// (--toolsets platform: "Resource not available" quoted it whole, and the org form twice), and
// completion/complete of a template no view has (it quoted the URI whole).
func TestLongURIsAreQuotedShortOnEveryRefusal(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	// Beyond both ends' masking window (present's sentWindow, 4096) and the 4,000-byte answer
	// bound. Longer only cost time: at 100,000, mcp-go's URI template matching took 112 s under
	// -race on a loaded 2-CPU machine.
	long := strings.Repeat("x", 10000)
	check := func(t *testing.T, conn *stdioConn, id int, uri, part string) {
		t.Helper()
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%q}}`, id, uri))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		if e == nil || !strings.Contains(e.Message, part) || !strings.Contains(e.Message, "characters)") {
			t.Errorf("resources/read %.60s…: want %q and the URI's length, got %.600s", uri, part, answer)
		}
		if len(answer) > 4000 {
			t.Errorf("resources/read %.60s…: answer of %d bytes: %.600s", uri, len(answer), answer)
		}
	}
	conn := serveStdio(t, mcpserver.Options{})
	for i, uri := range []string{
		"spice://apps/%FF" + long,
		"spice://apps/%FF" + long + "/deployments",
		"spice://orgs/%FF" + long + "/apps/" + long,
		"spice://orgs/acme-labs/apps/%FF" + long,
		"spice://apps/" + long,
		"spice://orgs/" + long + "/apps/" + long,
		"spice://nope/" + long,
	} {
		check(t, conn, 500+i, uri, "spice://")
	}
	// completion/complete of a template no view has: its refusal quoted the URI whole.
	conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":550,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":%q},"argument":{"name":"app","value":""}}}`, "spice://nope/"+long))
	if answer := conn.await("550"); len(answer) > 4000 || !strings.Contains(answer, `no resource template \"spice://nope/`) {
		t.Errorf("completion/complete of a long URI: %d bytes: %.600s", len(answer), answer)
	}
	platform := serveStdio(t, mcpserver.Options{Policy: tools.Policy{Toolsets: []string{tools.ToolsetPlatform}}})
	for i, uri := range []string{
		"spice://apps/" + long,
		"spice://apps/" + long + "/instances",
		"spice://orgs/" + long + "/apps/" + long,
	} {
		check(t, platform, 600+i, uri, `Resource not available: "spice://`)
	}
}

// paramTypeRefusals are requests whose params mcp-go's decode refuses, each with its answer's code
// and a part of its message: mcp-go answered -32600 quoting Go's decoder ("... into Go struct field
// GetPromptParams.params.arguments of type string"; "unexpected end of JSON input" for a
// completion without a ref), naming no member in JSON terms (audit r25 A2 #4).
var paramTypeRefusals = []struct {
	method, params string
	code           int
	part           string
}{
	{"prompts/get", `{"name":"deploy_app","arguments":{"app":5}}`, mcp.INVALID_PARAMS, "params.arguments.app must be a string (prompts/get), not a number"},
	{"prompts/get", `{"name":"deploy_app","arguments":{"app":"a","org":{}}}`, mcp.INVALID_PARAMS, "params.arguments.org must be a string (prompts/get), not an object"},
	{"prompts/get", `{"name":"deploy_app","arguments":[]}`, mcp.INVALID_PARAMS, "params.arguments must be an object (prompts/get), not an array"},
	{"prompts/get", `{"name":true}`, mcp.INVALID_PARAMS, "params.name must be a string (prompts/get), not a boolean"},
	{"tools/call", `{"name":5}`, mcp.INVALID_PARAMS, "params.name must be a string (tools/call), not a number"},
	{`\u0074ools/call`, `{"name":5}`, mcp.INVALID_PARAMS, "params.name must be a string (tools/call), not a number"},
	{"tools/call", `{"name":"list_apps","_meta":5}`, mcp.INVALID_PARAMS, "params._meta must be an object (tools/call), not a number"},
	{"tools/call", `{"name":"list_apps","task":{"ttl":"1"}}`, mcp.INVALID_PARAMS, "params.task.ttl must be an integer (tools/call), not a string"},
	{"tools/call", `{"name":"list_apps","requestState":7}`, mcp.INVALID_PARAMS, "params.requestState must be a string (tools/call), not a number"},
	{"tools/call", `[1]`, mcp.INVALID_PARAMS, "params must be an object (tools/call), not an array"},
	{"tools/list", `"x"`, mcp.INVALID_REQUEST, "Invalid Request: params must be an object (tools/list), not a string"},
	{"tools/list", `{"_meta":[]}`, mcp.INVALID_PARAMS, "params._meta must be an object (tools/list), not an array"},
	{"resources/read", `{"uri":"spice://orgs","_meta":"x"}`, mcp.INVALID_PARAMS, "params._meta must be an object (resources/read), not a string"},
	{"ping", `{"_meta":5}`, mcp.INVALID_PARAMS, "params._meta must be an object (ping), not a number"},
	{"completion/complete", `{"argument":{"name":"app","value":""}}`, mcp.INVALID_PARAMS, "params.ref is required (completion/complete)"},
	{"completion/complete", `{"ref":"deploy_app","argument":{"name":"app","value":""}}`, mcp.INVALID_PARAMS, "params.ref must be an object (completion/complete), not a string"},
	{"completion/complete", `{"ref":{"type":"ref/tool"},"argument":{"name":"app","value":""}}`, mcp.INVALID_PARAMS, `params.ref.type must be "ref/prompt" or "ref/resource" (completion/complete), not "ref/tool"`},
	{"completion/complete", `{"ref":{"type":"ref/prompt","name":5},"argument":{"name":"app","value":""}}`, mcp.INVALID_PARAMS, "params.ref.name must be a string (completion/complete), not a number"},
	{"completion/complete", `{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":"app","value":1}}`, mcp.INVALID_PARAMS, "params.argument.value must be a string (completion/complete), not a number"},
	{"completion/complete", `{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":"org","value":""},"context":{"arguments":{"app":null,"x":[]}}}`, mcp.INVALID_PARAMS, `params.context.arguments.x must be a string (completion/complete), not an array`},
}

// TestParamTypesAreNamed: params mcp-go's decode refuses are -32602 naming the member's path and
// the JSON type it must have, with no Go type or field name, over stdio and HTTP; valid requests
// of the same methods (prompt arguments, any tool arguments, a completion with a ref) are served.
func TestParamTypesAreNamed(t *testing.T) {
	check := func(t *testing.T, what, answer string, code int, part string) {
		t.Helper()
		checkSurfaceAnswer(t, what, answer, code, part)
		if strings.Contains(answer, ".params") {
			t.Errorf("%s: the path starts with a dot: %.600s", what, answer)
		}
		for _, goText := range []string{"Go struct", "map[string]", "interface {}", "unmarshal", "JSON input", "Alias", "MultiRoundTrip"} {
			if strings.Contains(answer, goText) {
				t.Errorf("%s: the answer quotes Go's decoder (%q): %.600s", what, goText, answer)
			}
		}
	}
	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range paramTypeRefusals {
		id := 700 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, id, tc.method, tc.params))
		check(t, "stdio "+tc.method+" "+tc.params, conn.await(fmt.Sprint(id)), tc.code, tc.part)
	}
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for i, tc := range paramTypeRefusals {
		_, _, msgs := rawPost(t, h.URL(), session, nil, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, 700+i, tc.method, tc.params))
		check(t, "HTTP "+tc.method+" "+tc.params, strings.Join(msgs, "\n"), tc.code, tc.part)
	}

	for i, ok := range []struct{ method, params, want string }{
		{"prompts/get", `{"name":"troubleshoot_deployment","arguments":{"app":"analytics-app"}}`, `"messages"`},
		{"tools/call", `{"name":"list_apps","arguments":{"anything":[1,{"x":null}]}}`, `"content"`},
		{`\u0074ools/call`, `{"name":"list_apps","arguments":{}}`, `"content"`},
		{"completion/complete", `{"ref":{"type":"ref/prompt","name":"troubleshoot_deployment"},"argument":{"name":"app","value":""}}`, `"completion"`},
		{"completion/complete", `{"ref":{"type":"ref/resource","uri":"spice://apps/{app}"},"argument":{"name":"app","value":""}}`, `"completion"`},
		{"ping", `{"_meta":{"progressToken":"p"}}`, `"result":{}`},
	} {
		id := 800 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, id, ok.method, ok.params))
		if answer := conn.await(fmt.Sprint(id)); !strings.Contains(answer, ok.want) || strings.Contains(answer, `"error"`) {
			t.Errorf("stdio %s %s: %.600s, want %s", ok.method, ok.params, answer, ok.want)
		}
	}
}

// TestNotFoundQuotesTheURI: a resource-not-found answer quotes the URI with escapes, so a line
// break or a U+202E (which shows the text after it reversed) in it cannot pass for words of the
// answer; they were echoed raw ("Resource not found: spice://nope‮\n\nResource found: …"). So
// does the answer for an app that does not exist. data.uri stays the URI as sent.
func TestNotFoundQuotesTheURI(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, c := range []struct{ uri, part string }{
		{"spice://nope\u202e\n\nResource found", `Resource not found: "spice://nope\u202e\n\nResource found": no resource`},
		// A URI a template matches holds only ASCII (the templates take unreserved characters and
		// %XX): an app that does not exist is quoted all the same.
		{"spice://apps/no-such-app", `Resource not found: "spice://apps/no-such-app": `},
	} {
		id := 900 + i
		uri, _ := json.Marshal(c.uri)
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%s}}`, id, uri))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		if e == nil || !strings.HasPrefix(e.Message, c.part) || strings.ContainsAny(e.Message[:len(c.part)], "\u202e\n") {
			t.Errorf("%q: want a message starting %s, got %.600s", c.uri, c.part, answer)
			continue
		}
		var data struct{ URI string }
		if json.Unmarshal(e.Data, &data) != nil || data.URI != c.uri {
			t.Errorf("%q: data %s, want the URI as sent", c.uri, e.Data)
		}
	}
}
