package mcpserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestHTTPTextThatIsNotTextNeverReachesTheAPI: over streamable HTTP, in a 2025 session (200)
// and in 2026-07-28 requests (400), a prompts/get, completion/complete or resources/read
// holding text that is not text, a lone surrogate escape or bytes that are not UTF-8 (in the
// JSON, or percent-encoded in a resource URI) is refused -32602 naming where and the rule;
// a tools/call's argument is refused by the tool, by name; and the API never sees U+FFFD or
// bytes that are not UTF-8 in a header or path. A member name given twice in params is refused
// -32602 naming its path, in both eras. (Before, prompts rendered "acme\uFFFD",
// completion sent X-Org-Name "acme-labs\uFFFD" and resources/read got 403 org_forbidden.)
func TestHTTPTextThatIsNotTextNeverReachesTheAPI(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	emulator := sandbox.New(sandbox.Config{Demo: true})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Org-Name")+" "+r.URL.RawPath+" "+r.URL.Path)
		mu.Unlock()
		emulator.ServeHTTP(w, r)
	}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	url := h.URL()

	session := rawSession(t, url, `{}`)
	modernMeta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`

	for _, c := range []struct{ method, name, params, want string }{
		{"prompts/get", "rotate_keys", `"name":"rotate_keys","arguments":{"app":"analytics-app","org":"acme\udc00"}`, "Invalid params: params.arguments.org holds bytes that are not UTF-8 or a lone UTF-16 surrogate escape"},
		{"prompts/get", "troubleshoot_deployment", `"name":"troubleshoot_deployment","arguments":{"app":"analytics-app\ud800"}`, "params.arguments.app holds bytes that are not UTF-8"},
		{"prompts/get", "deploy_app", "\"name\":\"deploy_app\",\"arguments\":{\"name\":\"new-app\",\"spicepod\":\"version: v1\\nname: \xff\"}", "params.arguments.spicepod holds bytes that are not UTF-8"},
		{"completion/complete", "", `"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":"an"},"context":{"arguments":{"org":"acme-labs\ud800"}}`, "params.context.arguments.org holds bytes that are not UTF-8"},
		{"resources/read", "spice://orgs/acme-labs%ED%A0%80/apps", `"uri":"spice://orgs/acme-labs%ED%A0%80/apps"`, "the {org} part of spice://orgs/acme-labs%ED%A0%80/apps, percent-decoded, is not UTF-8 text"},
		{"resources/read", "spice://orgs/acme-labs%FF/apps", `"uri":"spice://orgs/acme-labs%FF/apps"`, "the {org} part of spice://orgs/acme-labs%FF/apps, percent-decoded, is not UTF-8 text"},
		{"resources/read", "spice://apps/analytics-app%C3/deployments", `"uri":"spice://apps/analytics-app%C3/deployments"`, "the {app} part"},
		{"tools/call", "get_app", `"name":"get_app\ud800","arguments":{"app":"analytics-app"}`, "Invalid params: params.name holds bytes that are not UTF-8"},
		// A member name given twice: JSON decoders would keep the last (TestMembersGivenTwiceAreRefused).
		{"tools/call", "delete_app", `"name":"delete_app","arguments":{"app":"docs-search"},"Name":"delete_app"`, "Invalid params: params.Name is given twice in its object"},
		{"resources/read", "spice://orgs/acme-labs/apps", `"uri":"spice://orgs/acme-labs/apps","uri":"spice://orgs/acme-labs/apps"`, "Invalid params: params.uri is given twice"},
	} {
		for _, modern := range []bool{false, true} {
			params, header, sess, wantStatus := c.params, map[string]string(nil), session, http.StatusOK
			if modern {
				params += "," + modernMeta
				header = map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": c.method}
				if c.name != "" {
					header["Mcp-Name"] = c.name
				}
				sess, wantStatus = "", http.StatusBadRequest
			}
			status, _, msgs := rawPost(t, url, sess, header, `{"jsonrpc":"2.0","id":9007199254740993,"method":"`+c.method+`","params":{`+params+`}}`)
			m := responseWithID(t, c.method, `9007199254740993`, msgs)
			if status != wantStatus || !strings.Contains(m, `"code":-32602`) || !strings.Contains(m, c.want) {
				t.Errorf("%s %s (2026: %v): %d %s", c.method, c.name, modern, status, m)
			}
		}
	}
	// An initialize is refused too, and opens no session; a request without a session is still
	// told to name one.
	status, hdr, msgs := rawPost(t, url, "", nil, `{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw\udc00","version":"0"}}}`)
	if m := responseWithID(t, "initialize", "2", msgs); status != http.StatusOK || hdr.Get("Mcp-Session-Id") != "" || !strings.Contains(m, "params.clientInfo.name holds") {
		t.Errorf("initialize with a lone surrogate: %d %q %s", status, hdr.Get("Mcp-Session-Id"), m)
	}
	if status, _, _ = rawPost(t, url, "", nil, `{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"\ud800"}}}`); status != http.StatusBadRequest {
		t.Errorf("a 2025 request without a session: %d", status)
	}
	// A tools/call's argument is the tool's to refuse, by name, as a tool error.
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app","org":"acme-labs\udc00"}}}`)
	if m := responseWithID(t, "tools/call", "5", msgs); !strings.Contains(m, `"isError":true`) || !strings.Contains(m, "Invalid arguments, nothing was sent: org: it holds bytes that are not UTF-8") {
		t.Errorf("tools/call with a lone surrogate in org: %s", m)
	}
	// Text goes through: a surrogate pair, an escaped backslash.
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":6,"method":"prompts/get","params":{"name":"deploy_app","arguments":{"name":"my-app","spicepod":"caf\u00e9-\ud83d\ude00"}}}`)
	if m := responseWithID(t, "prompts/get", "6", msgs); !strings.Contains(m, "café-😀") {
		t.Errorf("prompts/get with text: %s", m)
	}
	// An argument's name is checked here: "org\udc00" is not shown altered as an unknown argument.
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{"org\udc00":"a"}}}`)
	if m := responseWithID(t, "tools/call", "7", msgs); !strings.Contains(m, `"code":-32602`) || !strings.Contains(m, "a member name in params.arguments holds") {
		t.Errorf("tools/call with a lone surrogate in an argument's name: %s", m)
	}
	// A progress token is an identifier: one that is not text is served (a stand-in), not refused.
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"list_apps","arguments":{},"_meta":{"progressToken":"\ud800x"}}}`)
	if m := responseWithID(t, "tools/call", "8", msgs); strings.Contains(m, `"error"`) || strings.Contains(m, `"isError":true`) {
		t.Errorf("tools/call with a lone surrogate in its progress token: %s", m)
	}
	// Deep messages are dealt with in one pass: 9,999 deep in all is refused naming where, 80,000
	// deep (160 KB) is not JSON to mcp-go, each in one pass (the second took 55 s and 6.9 GB).
	for _, depth := range []int{9997, 80000} {
		start := time.Now()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		body := `{"jsonrpc":"2.0","id":9,"method":"prompts/get","params":{"a":` + strings.Repeat("[", depth) + `"\udc00"` + strings.Repeat("]", depth) + `}}`
		_, _, msgs = rawPost(t, url, session, nil, body)
		runtime.ReadMemStats(&after)
		// Bytes allocated, not time, which a loaded machine under -race stretches (4.6 s once):
		// one pass takes 4 MB either way.
		allocated := (after.TotalAlloc - before.TotalAlloc) >> 20
		t.Logf("depth %d: %v, %d MB allocated", depth, time.Since(start), allocated)
		if allocated > 64 {
			t.Errorf("depth %d: %d MB allocated to answer it, want one pass (4 MB)", depth, allocated)
		}
		if depth < 10000 {
			if m := responseWithID(t, "prompts/get", "9", msgs); !strings.Contains(m, "Invalid params: params.a[0][0]") {
				t.Errorf("depth %d: %.200s", depth, m)
			}
		}
	}

	mu.Lock()
	defer mu.Unlock()
	for _, s := range seen {
		if !utf8.ValidString(s) || strings.Contains(s, "\uFFFD") || strings.Contains(strings.ToUpper(s), "%EF%BF%BD") {
			t.Errorf("the API saw %q", s)
		}
	}
}
