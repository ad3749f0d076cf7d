package mcpserver_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR74Hostile19HostRefusalShowsNoToken: a Host header holding a token (each sampled family,
// in each form, as a host's first label and as the whole host), refused by guardHost (neither
// loopback nor the public URL's host: DNS rebinding) on a server of its own — its refusal the
// first of its kind, so logged (one line per kind per 10 s) — shows the token neither in the
// refusal's log line nor in the answer (status line, headers, body).
func TestR74Hostile19HostRefusalShowsNoToken(t *testing.T) {
	t.Parallel()
	n, logged := 0, 0
	for _, k := range r71Hostile15Sample() {
		for _, f := range r71Hostile15Forms {
			for _, host := range []string{f.of(k.Value) + ".example", f.of(k.Value)} {
				logs := &testutil.SyncBuffer{}
				logger, err := logging.New(logs, slog.LevelDebug, "json")
				if err != nil {
					t.Fatal(err)
				}
				srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t), Logger: logger})
				h, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() { done <- h.Serve(ctx) }()
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.URL(), strings.NewReader(`{}`))
				req.Close = true
				req.Host = host
				req.Header.Set("Content-Type", "application/json")
				answer := ""
				if resp, err := http.DefaultClient.Do(req); err == nil {
					raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
					resp.Body.Close()
					var head strings.Builder
					_ = resp.Header.Write(&head)
					answer = resp.Status + "\n" + head.String() + string(raw)
					if resp.StatusCode == http.StatusForbidden {
						n++
					}
				}
				cancel()
				<-done
				if r71Hostile15Shows(k, answer) {
					t.Errorf("%s, %s, Host %q: the answer shows it: %.600s", k.Family, f.name, host, answer)
				}
				for _, line := range strings.Split(logs.String(), "\n") {
					if strings.Contains(line, "request refused") {
						logged++
					}
					if strings.Contains(line, "request refused") && r71Hostile15Shows(k, line) {
						t.Errorf("%s, %s, Host %q: the refusal's log line shows it: %s", k.Family, f.name, host, line)
					}
				}
			}
		}
	}
	if n < 100 || logged < n {
		t.Fatalf("only %d Hosts refused, %d refusals logged", n, logged)
	}
}
