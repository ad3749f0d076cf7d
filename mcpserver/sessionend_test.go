package mcpserver_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// del sends DELETE /mcp naming session (none when "") and returns the status and body.
func del(t *testing.T, endpoint, session string, headers map[string]string) (int, string) {
	t.Helper()
	resp, body := sendMCP(t, http.MethodDelete, endpoint, session, nil, headers)
	return resp.StatusCode, body
}

const toolsListJSON = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`

// TestDeletedSessionIsEnded: after its client ends a 2025-era session with DELETE, every request
// with that ID gets 404 (MCP, Streamable HTTP: the client then starts a new session), a second
// DELETE included; another session of the same caller is unaffected. A request that names no
// session, or a DELETE without one, gets 400 (404 would tell the client to initialize again).
func TestDeletedSessionIsEnded(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	alice := map[string]string{"Authorization": "Bearer alice-token"}
	ended, kept := initialize(t, h.URL(), alice), initialize(t, h.URL(), alice)
	if resp, body := rpc(t, h.URL(), ended, toolsListJSON, alice); resp.StatusCode != http.StatusOK || !strings.Contains(body, "list_apps") {
		t.Fatalf("before DELETE: %d %.200s", resp.StatusCode, body)
	}
	// The session's open GET stream ends with it.
	get, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
	get.Header.Set("Mcp-Session-Id", ended)
	get.Header.Set("Authorization", alice["Authorization"])
	get.Header.Set("Accept", "text/event-stream")
	stream, err := http.DefaultClient.Do(get)
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("GET stream: %v %v", err, stream)
	}
	defer stream.Body.Close()
	closed := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, stream.Body); close(closed) }()
	if status, body := del(t, h.URL(), ended, alice); status != http.StatusOK {
		t.Fatalf("DELETE: %d %s", status, body)
	}
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Error("the deleted session's GET stream stayed open")
	}
	if resp, body := rpc(t, h.URL(), ended, toolsListJSON, alice); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, present.SessionTerminated) {
		t.Errorf("tools/list in the ended session: %d %.200s, want 404", resp.StatusCode, body)
	}
	if status, _ := del(t, h.URL(), ended, alice); status != http.StatusNotFound {
		t.Errorf("a second DELETE: %d, want 404", status)
	}
	req, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
	req.Header.Set("Mcp-Session-Id", ended)
	req.Header.Set("Authorization", alice["Authorization"])
	req.Header.Set("Accept", "text/event-stream")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET stream of the ended session: %v %v, want 404", err, resp)
	} else {
		resp.Body.Close()
	}
	if resp, body := rpc(t, h.URL(), kept, toolsListJSON, alice); resp.StatusCode != http.StatusOK || !strings.Contains(body, "list_apps") {
		t.Errorf("the caller's other session: %d %.200s", resp.StatusCode, body)
	}

	// No session named: 400, for a request, a notification and a DELETE.
	for _, body := range []string{toolsListJSON, `{"jsonrpc":"2.0","method":"notifications/initialized"}`} {
		if resp, text := rpc(t, h.URL(), "", body, alice); resp.StatusCode != http.StatusBadRequest || !strings.Contains(text, "Mcp-Session-Id") {
			t.Errorf("%s without a session: %d %.200s, want 400", body, resp.StatusCode, text)
		}
	}
	if status, body := del(t, h.URL(), "", alice); status != http.StatusBadRequest || !strings.Contains(body, "Mcp-Session-Id") {
		t.Errorf("DELETE without a session: %d %s, want 400", status, body)
	}
	// 2026-07-28 has no sessions: a request without one is served.
	modern := map[string]string{"Authorization": alice["Authorization"], "MCP-Protocol-Version": "2026-07-28"}
	if resp, body := rpc(t, h.URL(), "", `{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}`, modern); resp.StatusCode == http.StatusBadRequest && strings.Contains(body, "Mcp-Session-Id") {
		t.Errorf("2026-07-28 without a session: %d %.200s", resp.StatusCode, body)
	}
}

// TestForgedSessionIDIsRefused: a session ID built the way earlier versions built it (an
// unkeyed hash of a UUID and the caller, which anyone could compute) is no session: 404. The
// callers without a bearer token (one caller, "") cannot forge one either.
func TestForgedSessionIDIsRefused(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	issued := initialize(t, h.URL(), nil)
	u := strings.TrimPrefix(strings.Split(issued, ".")[0], "mcp-session-")
	const forgedUUID = "0f8fad5b-d9cb-469f-a165-70867728950e"
	for _, uuid := range []string{u, forgedUUID} {
		sum := sha256.Sum256([]byte("spice-cloud-mcp session\x00" + uuid + "\x00")) // caller "": no bearer token
		forged := "mcp-session-" + uuid + "." + hex.EncodeToString(sum[:16])
		if resp, body := rpc(t, h.URL(), forged, toolsListJSON, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("forged ID %s: %d %.200s, want 404", forged, resp.StatusCode, body)
		}
		if status, _ := del(t, h.URL(), forged, nil); status != http.StatusNotFound {
			t.Errorf("DELETE of forged ID: %d, want 404", status)
		}
	}
	if resp, body := rpc(t, h.URL(), issued, toolsListJSON, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the issued ID: %d %.200s", resp.StatusCode, body)
	}
}

// TestSessionIDIsCheckedWhateverTheEra: a request that brings another caller's session ID gets
// 404 whatever protocol era it claims, in its MCP-Protocol-Version header or in its body's
// _meta, for GET, DELETE and POST. A GET claiming 2026-07-28 in its body (which mcp-go does not
// read on a GET) once opened the victim's stream with any bearer and received its calls'
// progress notifications; such a DELETE ended the victim's waiting call. The session's own
// caller is served in either era.
func TestSessionIDIsCheckedWhateverTheEra(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	victim := map[string]string{"Authorization": "Bearer victim-token"}
	session := initialize(t, h.URL(), victim)
	const modernMeta = `"params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",` +
		`"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}`
	send := func(method, body string, headers map[string]string) int {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var reader io.Reader
		if body != "" {
			reader = strings.NewReader(body)
		}
		req, _ := http.NewRequestWithContext(ctx, method, h.URL(), reader)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Mcp-Session-Id", session)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // a stream opened is not read
		return resp.StatusCode
	}
	for _, caller := range []map[string]string{{"Authorization": "Bearer garbage"}, nil} {
		for _, era := range []struct {
			name    string
			headers map[string]string
			body    string
		}{
			{"body-declared", nil, `{"jsonrpc":"2.0","id":1,"method":"ping",` + modernMeta + `}`},
			{"header-declared", map[string]string{"MCP-Protocol-Version": "2026-07-28"}, `{"jsonrpc":"2.0","id":1,"method":"ping",` + modernMeta + `}`},
			{"2025-era", nil, `{"jsonrpc":"2.0","id":1,"method":"ping"}`},
		} {
			headers := map[string]string{}
			maps.Copy(headers, caller)
			maps.Copy(headers, era.headers)
			for _, method := range []string{http.MethodGet, http.MethodDelete, http.MethodPost} {
				if status := send(method, era.body, headers); status != http.StatusNotFound {
					t.Errorf("%s %s with caller %v: %d, want 404", era.name, method, caller, status)
				}
			}
		}
	}
	// The session lives on, and its own caller is served in either era.
	if resp, body := rpc(t, h.URL(), session, toolsListJSON, victim); resp.StatusCode != http.StatusOK || !strings.Contains(body, "list_apps") {
		t.Fatalf("the victim's session after the attempts: %d %.200s", resp.StatusCode, body)
	}
	own := map[string]string{"Authorization": victim["Authorization"], "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}
	if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":3,"method":"tools/list",`+modernMeta+`}`, own); resp.StatusCode != http.StatusOK || !strings.Contains(body, "list_apps") {
		t.Errorf("the session's own caller in 2026-07-28: %d %.200s", resp.StatusCode, body)
	}
}
