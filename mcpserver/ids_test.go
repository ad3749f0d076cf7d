package mcpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// wireIDs are request ids mcp-go v1.2.1 alone would answer with another value (rounded through
// float64), next to ones whose value it keeps (however it spells them). Each response must carry
// its request's id's value (JSON-RPC: "the same value as" the request's).
var wireIDs = []string{
	`9007199254740993`, `9007199254740992`, `12345678901234567890123`, `-12345678901234567890123`,
	`-0`, `1e3`, `2.5`, `7`, `"req-1"`, `"a<b>&\u0063"`, `"\u00e9"`, `"\udc00"`, `0.1000000000000000000001`,
}

// rawPost sends one JSON-RPC message and returns the status and every JSON-RPC message of the

// rawSession opens a 2025-06-18 session over raw HTTP with the client capabilities given (JSON)
// and returns its Mcp-Session-Id.
func rawSession(t *testing.T, url, capabilities string) string {
	t.Helper()
	status, hdr, msgs := rawPost(t, url, "", nil, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":`+capabilities+`,"clientInfo":{"name":"raw","version":"0"}}}`)
	if status != http.StatusOK {
		t.Fatalf("initialize: %d %q", status, msgs)
	}
	session := hdr.Get("Mcp-Session-Id")
	rawPost(t, url, session, nil, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return session
}

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

// sameIDValue reports whether two JSON ids are one value: numbers compared exactly, strings
// decoded.
func sameIDValue(a, b string) bool {
	if strings.HasPrefix(a, `"`) && strings.HasPrefix(b, `"`) {
		var sa, sb string
		return json.Unmarshal([]byte(a), &sa) == nil && json.Unmarshal([]byte(b), &sb) == nil && sa == sb
	}
	ra, okA := new(big.Rat).SetString(a)
	rb, okB := new(big.Rat).SetString(b)
	return okA && okB && ra.Cmp(rb) == 0
}

// responseWithID returns the response among msgs (not a notification) and fails unless its id
// is the value raw.
func responseWithID(t *testing.T, what, raw string, msgs []string) string {
	t.Helper()
	for _, m := range msgs {
		if strings.Contains(m, `"method":`) && !strings.Contains(m, `"result":`) && !strings.Contains(m, `"error":`) {
			continue
		}
		var resp struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal([]byte(m), &resp)
		if !strings.HasPrefix(m, `{"jsonrpc":"2.0","id":`) || !sameIDValue(string(resp.ID), raw) {
			t.Errorf("%s with id %s answered %s", what, raw, m)
		}
		return m
	}
	t.Errorf("%s with id %s: no response in %q", what, raw, msgs)
	return ""
}

// TestHTTPRequestIDsComeBackAsTheirValue: over streamable HTTP, in a 2025 session and in
// 2026-07-28 requests, concurrent requests whose ids mcp-go would alter (and requests with ids
// it keeps) each get their own id's value back, results and errors alike, and a request mcp-go
// would answer with a null id gets its own.
func TestHTTPRequestIDsComeBackAsTheirValue(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
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
	// Requests in progress at once with one id are refused within a session (duplicateids.go):
	// each round's requests of each method go in a session of their own.
	var own [3][3]string
	for round := range 3 {
		for kind := range 3 {
			own[round][kind] = rawSession(t, url, `{}`)
		}
	}
	var wg sync.WaitGroup
	for round := range 3 {
		for _, id := range wireIDs {
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, own[round][0], nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"ping"}`)
				responseWithID(t, "ping", id, msgs)
			})
			wg.Go(func() {
				app := []string{"analytics-app", "no-such-app", "analytics-app"}[round]
				_, _, msgs := rawPost(t, url, own[round][1], nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"`+app+`"}}}`)
				if m := responseWithID(t, "tools/call", id, msgs); !strings.Contains(m, app) {
					t.Errorf("tools/call %s for %s answered %s", id, app, m)
				}
			})
			wg.Go(func() {
				_, _, msgs := rawPost(t, url, own[round][2], nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"resources/read","params":{"uri":"spice://apps/no-such-app"}}`)
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

// TestHTTPIDsByValue: over streamable HTTP, a request whose id MCP does not allow (null, true,
// false, an object, an array) is refused 400 with -32600 naming the rule and carrying that id;
// a posted response whose "jsonrpc" is not a string gets no error carrying its id; a progress
// token beyond 2^53 comes back in the call's notifications as sent, in a 2025 session and in a
// 2026-07-28 request. (Cancellation by value is tested over stdio, where a call can wait on a
// question: internal/cli TestStdioIDsMatchByValue.)
func TestHTTPIDsByValue(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()
	session := rawSession(t, url, `{}`)

	for _, id := range []string{`null`, `true`, `false`, `{"a":1}`, `[1]`} {
		status, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":`+id+`,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
		if status != http.StatusBadRequest || len(msgs) != 1 || !strings.HasPrefix(msgs[0], `{"jsonrpc":"2.0","id":`+id+`,"error":{"code":-32600,`) ||
			!strings.Contains(msgs[0], "must be a string or an integer") {
			t.Errorf("id %s: %d %q", id, status, msgs)
		}
	}
	_, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":2,"id":5,"result":{}}`)
	for _, m := range msgs {
		if strings.Contains(m, `"id":5`) {
			t.Errorf("a posted response was answered with its id: %s", m)
		}
	}

	modernMeta := `"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}`
	for _, token := range []string{`123456789012345678`, `9007199254740993`, `-12345678901234567890123`} {
		for _, modern := range []bool{false, true} {
			body := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"wait_for_deployment","arguments":{"app":"analytics-app"},"_meta":{"progressToken":` + token + `}}}`
			sess, header := session, map[string]string(nil)
			if modern {
				body = strings.Replace(body, `"progressToken":`+token, `"progressToken":`+token+`,`+modernMeta, 1)
				sess, header = "", map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "wait_for_deployment"}
			}
			_, _, msgs := rawPost(t, url, sess, header, body)
			notes := 0
			for _, m := range msgs {
				if strings.Contains(m, `"notifications/progress"`) {
					notes++
					if !strings.Contains(m, `"progressToken":`+token+`}`) && !strings.Contains(m, `"progressToken":`+token+`,`) {
						t.Errorf("token %s (2026: %v): %s", token, modern, m)
					}
				}
			}
			if notes == 0 {
				t.Errorf("token %s (2026: %v): no progress in %q", token, modern, msgs)
			}
		}
	}

	// A cancellation with its method name escaped is a notification: accepted, not answered.
	status, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"requestId":9.007199254740993e15}}`)
	if status != http.StatusAccepted || len(msgs) != 0 {
		t.Errorf("cancellation: %d %q", status, msgs)
	}
}

// TestHTTPCancellationMatchesByValue: over streamable HTTP (a 2025 session), a call is cancelled
// by a notifications/cancelled naming its id spelled otherwise ("\u0041" for "A", with the
// method name escaped, 9.007199254740993e15 for 9007199254740993), and ends answering its id.
func TestHTTPCancellationMatchesByValue(t *testing.T) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	started := make(chan struct{}, 1)
	s.AddTool(mcp.NewTool("block"), func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		started <- struct{}{}
		select {
		case <-ctx.Done():
			return mcp.NewToolResultText("was cancelled"), nil
		case <-time.After(20 * time.Second):
			return mcp.NewToolResultText("not cancelled"), nil
		}
	})
	h, err := mcpserver.ListenHTTP(s, mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	defer func() { cancel(); <-done }()
	url := h.URL()
	session := rawSession(t, url, `{}`)
	for _, c := range []struct{ id, cancel string }{
		{`"A"`, `"\u0041"`}, {`"é"`, `"\u00e9"`}, {`"A<"`, `"A\u003c"`},
		{`1e1`, `1e1`}, {`9007199254740993`, `9.007199254740993e15`}, {`"\udc00"`, `"\uDC00"`},
	} {
		answer := make(chan []string, 1)
		go func() {
			_, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":`+c.id+`,"method":"tools/call","params":{"name":"block"}}`)
			answer <- msgs
		}()
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatalf("call %s did not start", c.id)
		}
		rawPost(t, url, session, nil, `{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"requestId":`+c.cancel+`}}`)
		select {
		case msgs := <-answer:
			if m := responseWithID(t, "block", c.id, msgs); !strings.Contains(m, "was cancelled") {
				t.Errorf("call %s, cancelled by %s: %s", c.id, c.cancel, m)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("call %s was not cancelled by requestId %s", c.id, c.cancel)
		}
	}
}

// TestHTTPResponsesAreNeverAnswered: a client's response POSTed over HTTP — an error, a null
// result, a string id, a null method — is never answered with anything carrying its id: in the
// 2026-07-28 era, which has no questions of the server's, it is dropped with 202 Accepted and no
// body (mcp-go refused it with 400 and its id); before, to no question, mcp-go's plain-text
// refusal carries no id.
func TestHTTPResponsesAreNeverAnswered(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()
	session := rawSession(t, url, `{"elicitation":{}}`)
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user cancelled"}}`,
		`{"jsonrpc":"2.0","id":5,"error":{"code":-32000,"message":"user \udc00"}}`,
		`{"jsonrpc":"2.0","id":5,"result":null}`,
		`{"jsonrpc":"2.0","id":5,"result":{"action":"accept","content":{"a":"\udc00"}}}`,
		`{"jsonrpc":"2.0","id":"5"}`,
		`{"id":5,"method":null}`,
		`{"jsonrpc":"2.0","id":5.0,"result":{"action":"decline"}}`,
	} {
		status, _, msgs := rawPost(t, url, "", map[string]string{"MCP-Protocol-Version": "2026-07-28"}, body)
		if status != http.StatusAccepted || len(msgs) != 0 {
			t.Errorf("2026-07-28, %s: %d %q", body, status, msgs)
		}
		_, _, msgs = rawPost(t, url, session, nil, body)
		for _, m := range msgs {
			if strings.Contains(m, `"id":5`) || strings.Contains(m, `"id":"5"`) {
				t.Errorf("%s answered with its id: %s", body, m)
			}
		}
	}
}

// rpcErr is the id, code and message of the one JSON-RPC error among msgs ("" id when none).
func rpcErr(msgs []string) (id string, code int, message string) {
	if len(msgs) != 1 {
		return "", 0, ""
	}
	var m struct {
		ID    json.RawMessage `json:"id"`
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(msgs[0]), &m)
	return string(m.ID), m.Error.Code, m.Error.Message
}

// modernHeaders are a 2026-07-28 request's headers, with Mcp-Method empty.
var modernHeaders = map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": ""}

// TestHTTPEmptyMethodIsAnswered: a request whose method is "" gets -32601 with its id in a 2025
// session, as over stdio (TestStdioNoRequestsAreAnsweredAsOverHTTP): mcp-go took it for an empty
// response and answered 202 with no body, so the request was never answered. Without a session
// it gets 400 as every other 2025-era request does (it was answered 200), and in the 2026-07-28
// era mcp-go's protocol-level refusal, as any other method gets it: the Mcp-Method header,
// missing or not matching "", is -32020 with 400 (it was 404 and -32601), and a request without
// _meta's version mcp-go's -32602 (audit r26 B2 #4).
func TestHTTPEmptyMethodIsAnswered(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()
	session := rawSession(t, url, `{}`)
	const meta = `{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"c","version":"1"}}}`
	for _, c := range []struct {
		session, params string
		header          map[string]string
		status, code    int
		message         string
	}{
		{session, `{}`, nil, http.StatusOK, mcp.METHOD_NOT_FOUND, present.MethodEmpty},
		{"", `{}`, modernHeaders, http.StatusBadRequest, mcp.INVALID_PARAMS, "missing or invalid _meta field io.modelcontextprotocol/protocolVersion"},
		{"", meta, modernHeaders, http.StatusBadRequest, mcp.HEADER_MISMATCH, "header mismatch: Mcp-Method: missing required header"},
		{"", meta, map[string]string{"MCP-Protocol-Version": "2026-07-28"}, http.StatusBadRequest, mcp.HEADER_MISMATCH, "header mismatch: Mcp-Method: missing required header"},
		{"", meta, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}, http.StatusBadRequest, mcp.HEADER_MISMATCH, `header mismatch: Mcp-Method: header value "tools/list" does not match body value ""`},
		{"", meta, nil, http.StatusBadRequest, mcp.HEADER_MISMATCH, "Mcp-Protocol-Version header is required for requests carrying io.modelcontextprotocol/protocolVersion"},
	} {
		for _, id := range []string{`14`, `"x"`, `9007199254740993`} {
			body := `{"jsonrpc":"2.0","id":` + id + `,"method":"","params":` + c.params + `}`
			status, _, msgs := rawPost(t, url, c.session, c.header, body)
			gotID, code, message := rpcErr(msgs)
			if status != c.status || gotID != id || code != c.code || message != c.message {
				t.Errorf("session %q %v, %s: %d %q, want %d and %d %q with its id", c.session, c.header, body, status, msgs, c.status, c.code, c.message)
			}
		}
	}
	for _, body := range []string{`{"jsonrpc":"2.0","id":16,"method":""}`, `{"jsonrpc":"2.0","id":17,"method":"","params":{}}`} {
		if status, _, msgs := rawPost(t, url, "", nil, body); status != http.StatusBadRequest || len(msgs) != 1 || msgs[0] != present.SessionIDMissing {
			t.Errorf("%s without a session: %d %q, want 400 %q", body, status, msgs, present.SessionIDMissing)
		}
	}
	if status, _, msgs := rawPost(t, url, session, nil, `{"jsonrpc":"2.0","id":15,"method":"ping"}`); status != http.StatusOK || len(msgs) != 1 || !strings.Contains(msgs[0], `"result"`) {
		t.Errorf("a ping after: %d %q", status, msgs)
	}
}

// TestEmptyMethodAfterDuplicateMembers: a method given twice is -32600 naming it whatever its
// last value, "" too, over stdio and HTTP; only a request whose one method is "" is -32601 (the
// "" check ran first: "method is the empty string") (audit r26 B2 #4).
func TestEmptyMethodAfterDuplicateMembers(t *testing.T) {
	c := serveStdio(t, mcpserver.Options{})
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for i, body := range []string{
		`{"jsonrpc":"2.0","id":%d,"method":"ping","method":""}`,
		`{"jsonrpc":"2.0","id":%d,"Method":"ping","method":""}`,
		`{"jsonrpc":"2.0","id":%d,"method":"","method":"ping"}`,
	} {
		id := fmt.Sprint(40 + i)
		msg := fmt.Sprintf(body, 40+i)
		c.send(msg)
		_, _, httpMsgs := rawPost(t, h.URL(), session, nil, msg)
		for where, answer := range map[string]string{"stdio": c.await(id), "HTTP": strings.Join(httpMsgs, "\n")} {
			if gotID, code, message := rpcErr([]string{answer}); gotID != id || code != mcp.INVALID_REQUEST || !strings.Contains(message, "given twice") {
				t.Errorf("%s %s: %s, want -32600 naming the member given twice", where, msg, answer)
			}
		}
	}
}

// invalidWithoutID are valid JSON messages that are no request or notification and have no usable
// id, each with the answer JSON-RPC gives them: -32600 with a null id and the message. mcp-go
// called most of them parse errors (-32700), and over HTTP answered some with 200.
var invalidWithoutID = map[string]string{
	`5`:    present.InvalidRequestNotObject,
	` "x"`: present.InvalidRequestNotObject,
	`true`: present.InvalidRequestNotObject,
	`null`: present.InvalidRequestNotObject,
	`{"jsonrpc":"2.0","method":1,"params":"bar"}`:                         present.InvalidRequestMember("method"),
	`{"jsonrpc":"2.0","id":null,"method":1}`:                              present.InvalidRequestMember("method"),
	`{"jsonrpc":5,"method":"notifications/initialized"}`:                  present.InvalidRequestMember("jsonrpc"),
	`{"jsonrpc":"1.0","method":"notifications/initialized"}`:              present.InvalidRequestMember("jsonrpc"),
	`{"method":"notifications/initialized"}`:                              present.InvalidRequestMember("jsonrpc"),
	`{"jsonrpc":"2.0","method":"notifications/cancelled","params":"x"}`:   present.InvalidRequestParams,
	`{"jsonrpc":"2.0","method":"notifications/initialized","params":[1]}`: present.InvalidRequestParams,
}

// TestHTTPInvalidRequestsWithoutAnIDAreRefused: valid JSON that is no request or notification and
// has no usable id gets 400 and -32600 with a null id naming the rule (as a batch does), in a
// 2025 session and in the 2026-07-28 era; broken JSON stays a parse error, and a notification as
// MCP has it is still accepted (202).
func TestHTTPInvalidRequestsWithoutAnIDAreRefused(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	url := h.URL()
	session := rawSession(t, url, `{}`)
	for _, c := range []struct {
		session string
		header  map[string]string
	}{{session, nil}, {"", modernHeaders}} {
		for body, want := range invalidWithoutID {
			status, _, msgs := rawPost(t, url, c.session, c.header, body)
			if id, code, message := rpcErr(msgs); status != http.StatusBadRequest || id != "null" || code != mcp.INVALID_REQUEST || message != want {
				t.Errorf("session %q %v, %s: %d %q, want 400 and -32600 %q with id null", c.session, c.header, body, status, msgs, want)
			}
		}
		if status, _, msgs := rawPost(t, url, c.session, c.header, `{"jsonrpc":"2.0","method":`); status != http.StatusBadRequest || len(msgs) != 1 || !strings.Contains(msgs[0], `"code":-32700`) {
			t.Errorf("broken JSON: %d %q, want a parse error", status, msgs)
		}
	}
	for _, note := range []string{
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2\u002e0","method":"notifications/initialized","params":null}`,
		`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}`,
	} {
		if status, _, msgs := rawPost(t, url, session, nil, note); status != http.StatusAccepted || len(msgs) != 0 {
			t.Errorf("%s: %d %q, want 202", note, status, msgs)
		}
	}
}

// TestStdioNoRequestsAreAnsweredAsOverHTTP: over stdio the same messages get the same answers as
// over HTTP (TestHTTPEmptyMethodIsAnswered, TestHTTPInvalidRequestsWithoutAnIDAreRefused): the
// method "" is -32601 with the id (mcp-go's own text was "Method  not found"); the rest -32600
// with a null id (mcp-go: -32700 "Failed to parse message"), and the server goes on.
func TestStdioNoRequestsAreAnsweredAsOverHTTP(t *testing.T) {
	c := serveStdio(t, mcpserver.Options{})
	c.send(`{"jsonrpc":"2.0","id":"x","method":"","params":{}}`)
	if id, code, message := rpcErr([]string{c.await(`"x"`)}); id != `"x"` || code != mcp.METHOD_NOT_FOUND || message != present.MethodEmpty {
		t.Errorf(`the method "": %s %d %q, want -32601 %q`, id, code, message, present.MethodEmpty)
	}
	for body, want := range invalidWithoutID {
		c.send(body)
		if id, code, message := rpcErr([]string{c.await(`null`)}); code != mcp.INVALID_REQUEST || message != want {
			t.Errorf("%s: %s %d %q, want -32600 %q with id null", body, id, code, message, want)
		}
	}
	c.send(`{"jsonrpc":"2.0","method":"notifications/initialized","params":{}}`)
	c.send(`{"jsonrpc":"2.0","id":2,"method":"ping"}`)
	if a := c.await(`2`); !strings.Contains(a, `"result"`) {
		t.Errorf("a ping after: %s", a)
	}
}
