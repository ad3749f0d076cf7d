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

// TestR73Hostile18OriginRefusalLogShowsNoToken: an Origin of https://<token>.example, for each
// sampled family and form, is refused on a server of its own, so that its refusal is the first
// of its kind and logged (the refusal log keeps one line per kind per 10 s: a loaded run of
// TestR72Hostile16HTTPHeadersEchoNoToken, past 10 s, logged a later family's Origin). The line
// showed the canonical origin, lower-cased, which the masking no longer recognised
// (https://asiar66hostile10xyz7.example); it must show no token.
func TestR73Hostile18OriginRefusalLogShowsNoToken(t *testing.T) {
	t.Parallel()
	n := 0
	for _, k := range r71Hostile15Sample() {
		for _, f := range r71Hostile15Forms {
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
			req.Header.Set("Content-Type", "application/json")
			req.Header["Origin"] = []string{"https://" + f.of(k.Value) + ".example"}
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusForbidden {
					n++
				}
			}
			cancel()
			<-done
			for _, line := range strings.Split(logs.String(), "\n") {
				if strings.Contains(line, "Origin is not allowed") && r71Hostile15Shows(k, line) {
					t.Errorf("%s, %s: the refusal's log line shows it: %s", k.Family, f.name, line)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d Origins refused", n)
	}
}
