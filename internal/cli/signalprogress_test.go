//go:build unix

package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStdioSignalKeepsTheStoppedStepsProgress: SIGTERM during create_and_deploy_app's wait, in a
// call with a progress token, cancels the call at once, and the notification of the step that
// stopped ("wait: cancelled …") is written before the result. mcp-go stops writing notifications
// when serving ends, so it was lost, and the call waited a second for it before its result.
func TestStdioSignalKeepsTheStoppedStepsProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	p := startRawStdio(context.Background(), t, "--sandbox")
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(p.stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	send := func(s string) {
		if _, err := io.WriteString(p.stdin, s+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	next := func() (string, bool) {
		select {
		case l, ok := <-lines:
			return l, ok
		case <-time.After(30 * time.Second):
			t.Fatalf("nothing more on stdout; stderr:\n%s", p.stderr.String())
		}
		return "", false
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`)
	next()
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":80,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"sig-test-app","spicepod":"version: v1\nkind: Spicepod\nname: x\n","wait":true},"_meta":{"progressToken":"p"}}}`)
	for {
		l, ok := next()
		if !ok {
			t.Fatalf("stdout closed; stderr:\n%s", p.stderr.String())
		}
		if strings.Contains(l, "queued after") { // the call waits on its deployment
			break
		}
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var stopped, result string
	for result == "" {
		l, ok := next()
		if !ok {
			t.Fatalf("stdout closed before the result; stderr:\n%s", p.stderr.String())
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		_ = json.Unmarshal([]byte(l), &m)
		switch {
		case m.Method == "notifications/progress" && strings.Contains(l, "wait: cancelled"):
			stopped = l
		case string(m.ID) == "80":
			result = l
		}
	}
	if stopped == "" {
		t.Errorf("no notification of the step that stopped before the result %.300s", result)
	}
	if !strings.Contains(result, "| wait | cancelled") {
		t.Errorf("result: %.400s", result)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Errorf("exit: %v", err)
	}
}
