package bench

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestR58Determinism2HTTPServerOwnPort: the benchmark's --http server binds a port of its own
// choosing and startHTTPServer finds it from the process's listening socket; it picked a free
// port, closed it and passed it on, which another process could take in between.
func TestR58Determinism2HTTPServerOwnPort(t *testing.T) {
	url, p := startHTTPServer(t, nil, "--sandbox")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/mcp") || strings.HasPrefix(url, "http://127.0.0.1:0/") {
		t.Fatalf("endpoint %q", url)
	}
	resp, err := http.Get(strings.TrimSuffix(url, "/mcp") + "/healthz")
	if err != nil {
		t.Fatalf("healthz: %v\n%s", err, p.stderr)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
}
