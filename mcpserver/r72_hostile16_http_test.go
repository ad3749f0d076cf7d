package mcpserver_test

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r72Hostile16Header is one request of the HTTP sweep: a header (or two) carrying tok.
type r72Hostile16Header struct {
	method, body string
	headers      map[string]string
}

func r72Hostile16Headers(tok string) []r72Hostile16Header {
	legacy := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`
	modern := r67Httpmode10Modern
	v := "2025-06-18"
	return []r72Hostile16Header{
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Mcp-Session-Id": tok}},
		{http.MethodGet, "", map[string]string{"MCP-Protocol-Version": v, "Mcp-Session-Id": tok}},
		{http.MethodDelete, "", map[string]string{"MCP-Protocol-Version": v, "Mcp-Session-Id": tok}},
		{http.MethodGet, "", map[string]string{"MCP-Protocol-Version": v, "Last-Event-ID": tok}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Authorization": "Bearer " + tok}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Authorization": tok}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("u:"+tok))}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": tok}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Origin": "https://" + tok + ".example"}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Content-Type": "application/json; charset=" + tok}},
		{http.MethodPost, legacy, map[string]string{"MCP-Protocol-Version": v, "Accept": tok}},
		{http.MethodPost, modern, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": tok}},
		{http.MethodPost, modern, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Name": tok}},
		{http.MethodPost, modern, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Param-App": tok}},
	}
}

// TestR72Hostile16HTTPHeadersEchoNoToken: over the streamable HTTP transport, a server run with
// a shared secret and one without, a token of each sampled family put in a request's headers
// (Mcp-Session-Id on POST, GET and DELETE, Last-Event-ID, Authorization as Bearer, bare and
// Basic, MCP-Protocol-Version, Origin, Content-Type, Accept, the 2026-07-28 Mcp-Method, Mcp-Name
// and Mcp-Param-*): neither the answer (status line, headers, body) nor the debug log shows it.
func TestR72Hostile16HTTPHeadersEchoNoToken(t *testing.T) {
	t.Parallel()
	for _, shared := range []string{"", "r72-hostile16-shared-secret"} {
		logs := &testutil.SyncBuffer{}
		logger, err := logging.New(logs, slog.LevelDebug, "json")
		if err != nil {
			t.Fatal(err)
		}
		srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t), Logger: logger})
		h, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger, AuthToken: shared})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- h.Serve(ctx) }()
		n := 0
		for _, k := range r71Hostile15Sample() {
			for _, f := range r71Hostile15Forms {
				tok := f.of(k.Value)
				for _, c := range r72Hostile16Headers(tok) {
					req, _ := http.NewRequest(c.method, h.URL(), strings.NewReader(c.body))
					req.Close = true
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Accept", "application/json, text/event-stream")
					if shared != "" {
						req.Header.Set("Authorization", "Bearer "+shared)
					}
					for name, v := range c.headers {
						req.Header[http.CanonicalHeaderKey(name)] = []string{v}
					}
					rctx, rcancel := context.WithTimeout(ctx, 2e9)
					resp, err := http.DefaultClient.Do(req.WithContext(rctx))
					if err != nil {
						rcancel()
						continue // a header the client will not send (a control character)
					}
					raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
					resp.Body.Close()
					rcancel()
					var head strings.Builder
					_ = resp.Header.Write(&head)
					n++
					if got := resp.Status + "\n" + head.String() + string(raw); r71Hostile15Shows(k, got) {
						t.Errorf("shared %q, %s, %s, %s %v: shown: %.600s", shared, k.Family, f.name, c.method, c.headers, got)
					}
				}
			}
		}
		cancel()
		<-done
		if n < 200 {
			t.Fatalf("only %d requests", n)
		}
		for _, k := range r71Hostile15Sample() {
			if r71Hostile15Shows(k, logs.String()) {
				t.Errorf("shared %q, %s: the debug log shows it: %s", shared, k.Family, r66H10Around(logs.String(), k.Value[len(k.Value)-12:]))
			}
		}
	}
}
