package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Hostile19Copies are the spellings of the value set earlier an agent sends where mcp-go
// refuses before our hooks: as set, in upper case, reversed, in base64 and in hexadecimal.
func r74Hostile19Copies() map[string]string {
	v := r74Hostile19Value
	return map[string]string{"as set": v, "upper": strings.ToUpper(v), "reversed": r74Hostile19Reversed(v),
		"base64": base64.StdEncoding.EncodeToString([]byte(v)), "hex": hex.EncodeToString([]byte(v))}
}

// r74Hostile19SetSecret is the tools/call that sets the value (id "set").
var r74Hostile19SetSecret = `{"jsonrpc":"2.0","id":"set","method":"tools/call","params":{"name":"set_secret","arguments":` +
	`{"app":"analytics-app","name":"DB_PASSWORD","value":"` + r74Hostile19Value + `"}}}`

// TestR74Hostile19RefusalsBeforeHooksStdio: over the binary's stdio, once set_secret has set a
// value, a request that mcp-go refuses itself or that our params refusal answers — an unknown
// tool named after the value, malformed params holding it, a method named after it, a prompt,
// URI, completion or log level holding it (round 72's routes) — shows none of it, in any copy
// sent, in no line the server writes nor in its debug log.
func TestR74Hostile19RefusalsBeforeHooksStdio(t *testing.T) {
	t.Parallel()
	w := r72Hostile16Stdio(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	prompts := r72Hostile16Prompts(t, w)
	if got := w.ask(r74Hostile19SetSecret); !strings.Contains(got, "DB_PASSWORD") || strings.Contains(got, `"isError":true`) {
		t.Fatalf("set_secret: %.600s", got)
	}
	n := 0
	for form, sent := range r74Hostile19Copies() {
		for _, msg := range r72Hostile16Requests(1000*(n+1), sent, prompts) {
			n++
			if got := w.ask(msg); r74Hostile19Shows(got) || strings.Contains(got, sent) {
				t.Errorf("%s, in %.160s: shown: %.600s", form, msg, got)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d requests", n)
	}
	if got := w.ask(`{"jsonrpc":"2.0","id":"m","method":"` + r74Hostile19Value + `","params":{}}`); !strings.Contains(got, `"code":-32601`) ||
		!strings.Contains(got, "[REDACTED]") {
		t.Errorf("a method named after the value: %.400s", got)
	}
	if logs := w.logs.String(); r74Hostile19Shows(logs) {
		t.Errorf("the debug log shows it: %s", r66H10Around(logs, "r74h19"))
	}
}

// r74Hostile19Post posts body in the session (sid, when set) and returns the answer's status,
// headers and body, an event stream read to its end.
func r74Hostile19Post(t *testing.T, url, sid, body string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	if sid != "" {
		req.Header.Set("Mcp-Session-Id", sid)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 1<<20))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
	}
	var head strings.Builder
	_ = resp.Header.Write(&head)
	return resp.Header.Get("Mcp-Session-Id"), resp.Status + "\n" + head.String() + b.String()
}

// TestR74Hostile19RefusalsBeforeHooksHTTP: over the streamable HTTP transport, in a session
// whose set_secret set a value, the same requests (round 72's routes, the value in each copy)
// answer nothing that shows it, status line, headers or body, nor does the debug log.
func TestR74Hostile19RefusalsBeforeHooksHTTP(t *testing.T) {
	t.Parallel()
	h, sid, logs := r74Hostile19SecretSession(t)
	prompts := map[string][]string{"deploy_app": {"name"}, "troubleshoot_deployment": {"app"}}
	n := 0
	for form, sent := range r74Hostile19Copies() {
		for _, msg := range r72Hostile16Requests(1000*(n+1), sent, prompts) {
			n++
			if _, got := r74Hostile19Post(t, h.URL(), sid, msg); r74Hostile19Shows(got) || strings.Contains(got, sent) {
				t.Errorf("%s, in %.160s: shown: %.600s", form, msg, got)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d requests", n)
	}
	if _, got := r74Hostile19Post(t, h.URL(), sid, `{"jsonrpc":"2.0","id":"m","method":"`+r74Hostile19Value+`","params":{}}`); !strings.Contains(got, `"code":-32601`) ||
		!strings.Contains(got, "[REDACTED]") {
		t.Errorf("a method named after the value: %.400s", got)
	}
	if logs := logs.String(); r74Hostile19Shows(logs) {
		t.Errorf("the debug log shows it: %s", r66H10Around(logs, "r74h19"))
	}
}

// r74Hostile19SecretSession is a streamable HTTP server logging at debug level into logs, and a
// session on it whose set_secret set r74Hostile19Value.
func r74Hostile19SecretSession(t *testing.T) (h *mcpserver.HTTPServer, sid string, logs *testutil.SyncBuffer) {
	t.Helper()
	srv, logger, logs := r74DupsLoggedServer(t, tools.Safety{Confirm: tools.ConfirmAgent})
	h = mcpserver.ServeForTest(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})
	sid, got := r74Hostile19Post(t, h.URL(), "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	if sid == "" {
		t.Fatalf("no session: %.600s", got)
	}
	r74Hostile19Post(t, h.URL(), sid, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	if _, got := r74Hostile19Post(t, h.URL(), sid, r74Hostile19SetSecret); !strings.Contains(got, "DB_PASSWORD") || strings.Contains(got, `"isError":true`) {
		t.Fatalf("set_secret: %.600s", got)
	}
	return h, sid, logs
}
