package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// wireIDs are request ids mcp-go v1.2.1 alone would answer with another id (rounded through
// float64, normalized or re-escaped), next to ones it keeps. Each must come back byte for byte.
var wireIDs = []string{
	`9007199254740993`, `9007199254740992`, `12345678901234567890123`, `-12345678901234567890123`,
	`-0`, `1e3`, `2.5`, `7`, `"req-1"`, `"a<b>&\u0063"`, `"\u00e9"`,
}

// rawPost sends one JSON-RPC message and returns the status and every JSON-RPC message of the
// answer (a JSON body or SSE events).
func rawPost(t *testing.T, url, session string, header map[string]string, body string) (int, http.Header, []string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
		req.Header.Set("MCP-Protocol-Version", mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var msgs []string
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "data: "); ok {
				msgs = append(msgs, rest)
			}
		}
	} else if len(bytes.TrimSpace(data)) > 0 {
		msgs = append(msgs, strings.TrimSpace(string(data)))
	}
	return resp.StatusCode, resp.Header, msgs
}

// responseWithID returns the response among msgs (not a notification) and fails unless its id
// is raw exactly.
func responseWithID(t *testing.T, what, raw string, msgs []string) string {
	t.Helper()
	for _, m := range msgs {
		if strings.Contains(m, `"method":`) && !strings.Contains(m, `"result":`) && !strings.Contains(m, `"error":`) {
			continue
		}
		if !strings.HasPrefix(m, `{"jsonrpc":"2.0","id":`+raw+`,`) {
			t.Errorf("%s with id %s answered %s", what, raw, m)
		}
		return m
	}
	t.Errorf("%s with id %s: no response in %q", what, raw, msgs)
	return ""
}

// TestHTTPRequestIDsComeBackAsSent: over streamable HTTP, in a 2025 session and in 2026-07-28
// requests, concurrent requests whose ids mcp-go would alter (and requests with ids it keeps)
// each get their own id back byte for byte, results and errors alike, and a request mcp-go
// would answer with a null id gets its own.
func TestHTTPRequestIDsComeBackAsSent(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()

	status, hdr, msgs := rawPost(t, url, "", nil, `{"jsonrpc":"2.0","id":12345678901234567890123,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`)
	if status != http.StatusOK {
		t.Fatalf("initialize: %d %q", status, msgs)
	}
	responseWithID(t, "initialize", `12345678901234567890123`, msgs)
	session := hdr.Get("Mcp-Session-Id")
	rawPost(t, url, session, nil, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	modernMeta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
	modernHeader := func(method, name string) map[string]string {
		h := map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": method}
		if name != "" {
			h["Mcp-Name"] = name
		}
		return h
	}
	var wg sync.WaitGroup
	for round := range 3 {
		for _, id := range wireIDs {
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`)
				responseWithID(t, "ping", id, msgs)
			})
			wg.Go(func() {
				app := []string{"analytics-app", "no-such-app", "analytics-app"}[round]
				_, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"`+app+`"}}}`)
				if m := responseWithID(t, "tools/call", id, msgs); !strings.Contains(m, app) {
					t.Errorf("tools/call %s for %s answered %s", id, app, m)
				}
			})
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"resources/read","params":{"uri":"spice://apps/no-such-app"}}`)
				if m := responseWithID(t, "resources/read", id, msgs); !strings.Contains(m, `"code":-32002`) {
					t.Errorf("resources/read %s: %s", id, m)
				}
			})
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, "", modernHeader("tools/list", ""), `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/list","params":{`+modernMeta+`}}`)
				if m := responseWithID(t, "2026 tools/list", id, msgs); !strings.Contains(m, `"tools":[`) {
					t.Errorf("2026 tools/list %s: %.300s", id, m)
				}
			})
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, "", modernHeader("tools/call", "get_app"), `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"},`+modernMeta+`}}`)
				if m := responseWithID(t, "2026 tools/call", id, msgs); !strings.Contains(m, "analytics-app") {
					t.Errorf("2026 tools/call %s: %.300s", id, m)
				}
			})
		}
	}
	wg.Wait()

	// mcp-go's own errors: an unsupported JSON-RPC version, and a method that is not a string
	// (mcp-go alone answers it with a null id).
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"1.0","id":9007199254740993,"method":"ping"}`)
	responseWithID(t, "jsonrpc 1.0", `9007199254740993`, msgs)
	status, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":9007199254740993,"method":7}`)
	if m := responseWithID(t, "method 7", `9007199254740993`, msgs); status != http.StatusBadRequest || !strings.Contains(m, `"code":-32600`) {
		t.Errorf("method 7: %d %s", status, m)
	}
	// Not JSON: the id is unknown and stays null.
	_, _, msgs = rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"`)
	if len(msgs) != 1 || !strings.Contains(msgs[0], `"id":null`) {
		t.Errorf("malformed JSON answered %q", msgs)
	}
}

// TestHTTPIDsOfEveryForm: each id form, sent alone, answered with a result.
func TestHTTPIDsOfEveryForm(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	for i, id := range []string{`18446744073709551616`, `1E+3`, `1.0`, `-2.5e-7`, `"\/x"`, `"\ud83d\ude00"`, `""`, `0`} {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw%d","version":"0"}}}`, id, i)
		_, _, msgs := rawPost(t, h.URL(), "", nil, body)
		if m := responseWithID(t, "initialize", id, msgs); !json.Valid([]byte(m)) || !strings.Contains(m, `"serverInfo"`) {
			t.Errorf("initialize %s: %s", id, m)
		}
	}
}
