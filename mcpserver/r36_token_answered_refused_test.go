package mcpserver_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const r36Secret = "r36-client-secret-canary"

// TestR36TokenAnsweredThenRefusedResult: the token endpoint answers 503 (Retry-After: 1) once,
// then stops listening. The tool result says which attempt got the 503 and that the later
// ones got no answer (connection refused), without "it asked to wait"; the retry log lines
// after the answer say no answer came, never a 503, and wait the backoff, not 1 s each.
func TestR36TokenAnsweredThenRefusedResult(t *testing.T) {
	// Waits the token endpoint's Retry-After (1 s) on a listener of its own.
	t.Parallel()
	ln := testutil.HeldListener(t) // once closed, its address refuses connections until the test ends
	go func() {
		conn, err := ln.Accept()
		ln.Close() // later attempts are refused
		if err != nil {
			return
		}
		defer conn.Close()
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		body := `{"error":"temporarily_unavailable"}`
		_, _ = io.WriteString(conn, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"+
			"Content-Type: application/json\r\nContent-Length: 35\r\n\r\n"+body)
	}()
	tokenURL := "http://" + ln.Addr().String() + "/api/oauth/token"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		tokens: func(string) client.TokenSource {
			cc := client.NewClientCredentials("r36-client", r36Secret, tokenURL)
			cc.Retry = client.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
			return cc
		}})
	out := h.fail(t, "list_apps", nil)
	mustContain(t, "result", out, "The OAuth token endpoint is unavailable: asked 4 times at "+tokenURL,
		"it answered 503 Service Unavailable: temporarily_unavailable at attempt 1; the 3 later attempts got no answer:",
		"connection refused", "What to do: Ask the user to check that the token endpoint is reachable from the MCP server and answering; then try again later.")
	for _, wrong := range []string{"asked to wait", r36Secret} {
		if strings.Contains(out, wrong) {
			t.Errorf("result says %q:\n%s", wrong, out)
		}
	}
	logs := h.logs.String()
	if strings.Contains(logs, r36Secret) {
		t.Errorf("the logs show the client secret:\n%s", logs)
	}
	var answered, unanswered int
	for _, line := range strings.Split(logs, "\n") {
		switch {
		case strings.Contains(line, "oauth token endpoint failed, retrying"):
			answered++
			if !strings.Contains(line, `"status":503`) || !strings.Contains(line, `"attempt":1`) {
				t.Errorf("the answered attempt's line: %s", line)
			}
		case strings.Contains(line, "oauth token endpoint gave no answer, retrying"):
			unanswered++
			if strings.Contains(line, `"status"`) || !strings.Contains(line, "connection refused") || strings.Contains(line, `"wait":1000000000`) {
				t.Errorf("a refused attempt's line: %s", line)
			}
		}
	}
	if answered != 1 || unanswered != 2 {
		t.Errorf("%d answered and %d unanswered retry lines, want 1 and 2:\n%s", answered, unanswered, logs)
	}
}
