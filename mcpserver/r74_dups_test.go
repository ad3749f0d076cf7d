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

// r74DupsPostAlone posts {} (edit sets the request's Host or headers) to a server of its own,
// with a debug log, so that a refusal is the first of its kind and logged (one line per kind
// per 10 s). It returns the answer (status line, headers, body; "" when the request failed),
// whether it was 403 Forbidden, and the log. Hostile18's Origin and hostile19's Host tests.
func r74DupsPostAlone(t *testing.T, edit func(*http.Request)) (answer string, forbidden bool, log string) {
	t.Helper()
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
	edit(req)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		var head strings.Builder
		_ = resp.Header.Write(&head)
		answer = resp.Status + "\n" + head.String() + string(raw)
		forbidden = resp.StatusCode == http.StatusForbidden
	}
	cancel()
	<-done
	return answer, forbidden, logs.String()
}
