package cli_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestStdioInputClosedEndsThePageWait: stdin closes while a call waits for a person's
// secret-entry page (URL-mode elicitation, accepted). No answer can reach the client any more, so
// the page is withdrawn and the call ends at once, saying so, and the process exits 0. Before,
// it waited for the page to expire (minutes), writing progress all along.
func TestStdioInputClosedEndsThePageWait(t *testing.T) {
	s := startStdio(t, nil, "--sandbox")
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"url":{},"form":{}}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(0)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"docs-search","name":"MY_KEY"},"_meta":{"progressToken":"t"}}}`)
	q := s.question()
	s.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)
	for m, ok := s.next(10 * time.Second); !ok || m.Method != "notifications/progress"; m, ok = s.next(10 * time.Second) {
		if !ok {
			t.Fatalf("the call did not wait for the page; stderr:\n%s", s.stderr.String())
		}
	}
	closedAt := time.Now()
	s.in.Close()
	m, ok := s.responseTo("1", r53DeterminismGuard) // well under the page's life (TestR53DeterminismGuardBelowPageTTL)
	if !ok {
		t.Fatalf("no result after stdin closed; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(m.line, "closed the server's input (stdin) while the secret-entry page waited") || !strings.Contains(m.line, `"isError":true`) {
		t.Errorf("result: %.400s", m.line)
	}
	select {
	case code := <-s.exit:
		if code != 0 || time.Since(closedAt) > r53DeterminismGuard {
			t.Errorf("exit %d after %v", code, time.Since(closedAt))
		}
	case <-time.After(r53DeterminismGuard):
		t.Fatalf("still running %s after stdin closed; stderr:\n%s", r53DeterminismGuard, s.stderr.String())
	}
}

// TestStdioInputClosedWhileStoringWaitsForTheStore: stdin closes while the value a person
// submitted on the page is being stored against a slow API. The store goes on (it runs for the
// page, bounded by humanweb.StoreTimeout), so the call waits for it and says what became of
// the value — stored — rather than that the page was withdrawn; then the process exits 0.
func TestStdioInputClosedWhileStoringWaitsForTheStore(t *testing.T) {
	inputClosedWhileStoringWaits(t, nil)
}

// inputClosedWhileStoringWaits is TestStdioInputClosedWhileStoringWaitsForTheStore, the server
// reading its input through wrap (startStdioFrom).
func inputClosedWhileStoringWaits(t *testing.T, wrap func(io.Reader) io.Reader) {
	api, storing, release := slowSecretsAPI(t, nil)
	s := startStdioFrom(t, wrap, map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox"}, "--human-links", "show")
	s.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{"url":{},"form":{}}},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
	s.await(0)
	s.send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"docs-search","name":"SLOW_KEY"},"_meta":{"progressToken":"t"}}}`)
	q := s.question()
	var params struct {
		Params struct {
			URL string `json:"url"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(q.line), &params); err != nil || params.Params.URL == "" {
		t.Fatalf("question without a URL: %v\n%s", err, q.line)
	}
	link := params.Params.URL
	s.send(`{"jsonrpc":"2.0","id":` + string(q.ID) + `,"result":{"action":"accept"}}`)

	posted := submitOnPage(t, link, "SLOW_KEY", "slow-value-1")
	select {
	case <-storing:
	case <-time.After(20 * time.Second):
		t.Fatalf("the value was never stored; stderr:\n%s", s.stderr.String())
	}
	s.in.Close()
	// The store is still in progress when the server has seen the input close: it says so.
	r53DeterminismAwaitLog(t, s, present.LogInputClosedWhileStoring)
	release()
	m, ok := s.responseTo("1", 20*time.Second)
	if !ok {
		t.Fatalf("no result after stdin closed; stderr:\n%s", s.stderr.String())
	}
	if !strings.Contains(m.line, "while the values entered on the page were being stored") || !strings.Contains(m.line, "Stored: `SLOW_KEY`") ||
		strings.Contains(m.line, "withdrawn") {
		t.Errorf("result: %.600s", m.line)
	}
	if got := <-posted; got[0] != "200 OK" {
		t.Errorf("the page's POST: %s", got[0])
	}
	select {
	case code := <-s.exit:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after the store; stderr:\n%s", s.stderr.String())
	}
}
