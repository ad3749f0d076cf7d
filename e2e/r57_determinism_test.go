package e2e

import (
	"context"
	"net"
	"net/http"
	"testing"
)

// TestR57DeterminismHTTPServerIsFoundByItsLog: startHTTPServer no longer picks a port before the
// server listens (another test's server could take it in between and answer /healthz for it, so
// the test talked to that one); the server listens on port 0 and its start-up line names the
// URL, in either log format. Two servers started side by side get different ports, each its own.
func TestR57DeterminismHTTPServerIsFoundByItsLog(t *testing.T) {
	if got := listeningURL("x\n2026-12-05T18:04:35Z INF serving MCP over streamable HTTP url=http://127.0.0.1:39459/mcp version=dev\n"); got != "http://127.0.0.1:39459/mcp" {
		t.Errorf("text log: %q", got)
	}
	if got := listeningURL(`{"msg":"serving MCP over streamable HTTP","url":"http://127.0.0.1:39459/mcp","version":"dev"}` + "\n"); got != "http://127.0.0.1:39459/mcp" {
		t.Errorf("JSON log: %q", got)
	}
	serverBinary(t) // before the clock starts, as testContext does
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	text, json := startHTTPServer(t, ctx), startHTTPServer(t, ctx, "--log-format", "json")
	if text.BaseURL == json.BaseURL {
		t.Fatalf("two servers at %s", text.BaseURL)
	}
	for _, srv := range []*httpServer{text, json} {
		if _, port, err := net.SplitHostPort(srv.BaseURL[len("http://"):]); err != nil || port == "0" {
			t.Errorf("base URL %q", srv.BaseURL)
		}
		resp, err := http.Get(srv.BaseURL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s/healthz: %d", srv.BaseURL, resp.StatusCode)
		}
	}
}
