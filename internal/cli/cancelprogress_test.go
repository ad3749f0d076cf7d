package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestStdioCancelledCallProgressComesBeforeItsResult cancels a create_and_deploy_app while it
// waits on its deployment, over a real process: the call's last progress notification (the
// wait that stopped) is written before the call's result or not at all, never after it.
func TestStdioCancelledCallProgressComesBeforeItsResult(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for run := range 3 {
		p := startRawStdio(context.Background(), t, "--sandbox", "--confirm", "agent")
		stdin, stdout := p.stdin, p.stdout
		lines := make(chan string, 100)
		go func() {
			sc := bufio.NewScanner(stdout)
			sc.Buffer(make([]byte, 1<<20), 1<<22)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		send := func(s string) {
			if _, err := io.WriteString(stdin, s+"\n"); err != nil {
				t.Fatal(err)
			}
		}
		next := func() (map[string]any, string) {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("run %d: stdout closed", run)
				}
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("run %d: %v: %s", run, err, l)
				}
				return m, l
			case <-time.After(30 * time.Second):
				t.Fatalf("run %d: nothing more on stdout", run)
			}
			return nil, ""
		}
		send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`)
		next()
		send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
		send(`{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"cancel-app","spicepod":"version: v1\nkind: Spicepod\nname: cancel-app\n"},"_meta":{"progressToken":"pt1"}}}`)
		// Cancel once the call waits on its deployment.
		var result string
		cancelled := false
		for result == "" {
			m, l := next()
			if m["method"] == "notifications/progress" {
				if msg, _ := m["params"].(map[string]any)["message"].(string); !cancelled && strings.HasPrefix(msg, "deployment ") {
					send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99,"reason":"test"}}`)
					cancelled = true
				}
				continue
			}
			if id, _ := m["id"].(float64); id == 99 {
				result = l
			}
		}
		if !strings.Contains(result, "ancelled") {
			t.Errorf("run %d: the call was not cancelled mid-wait: %s", run, result)
		}
		// A cancelled call says so and what it changed, nothing else (once: "fix the cause").
		if strings.Contains(result, "fix the cause") || !strings.Contains(result, "This run changed: created") {
			t.Errorf("run %d: the cancelled call answered %s", run, result)
		}
		// A late notification would be the next line: ask for something and see what comes first.
		send(`{"jsonrpc":"2.0","id":100,"method":"ping"}`)
		if m, l := next(); m["id"] != float64(100) {
			t.Errorf("run %d: after the result came %s", run, l)
		}
		stdin.Close()
		_ = p.cmd.Wait()
	}
}

// TestStdioBatchIsRefused: over stdio a JSON-RPC batch line is refused as a batch (-32600, id
// null, present.BatchRefused), not as broken JSON, under 2025-03-26 (which allows batches;
// README records the gap) as under 2025-06-18; nothing of it is run and the stream goes on.
func TestStdioBatchIsRefused(t *testing.T) {
	for _, version := range []string{"2025-03-26", "2025-06-18"} {
		t.Run(version, func(t *testing.T) {
			s := startStdio(t, nil, "--sandbox")
			s.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+version+`","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`, initialized)
			s.await(1)
			for _, batch := range []string{
				`[{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}]`,
				`[{"jsonrpc":"2.0","method":"notifications/initialized"}]`,
				`[]`,
			} {
				s.send(batch)
				m, ok := s.next(10 * time.Second)
				var e struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				}
				_ = json.Unmarshal(m.Error, &e)
				if !ok || string(m.ID) != "null" || e.Code != -32600 || e.Message != present.BatchRefused {
					t.Errorf("%s: %s, want -32600 %q with id null", batch, m.line, present.BatchRefused)
				}
			}
			s.send(`{"jsonrpc":"2.0","id":2,"method":"ping"}`)
			if m, _ := s.next(10 * time.Second); string(m.ID) != "2" || m.Result == nil {
				t.Errorf("a ping after the batches: %s", m.line)
			}
		})
	}
}
