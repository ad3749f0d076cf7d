package cli_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// httpBinary runs the real binary serving MCP over HTTP with JSON logs and returns it once it
// announced its URL; its stderr keeps collecting. The buffer is the command's own Stderr, so
// Wait returns only once every line is in it (a pipe read beside Wait could lose the last).
func httpBinary(t *testing.T, env []string, args ...string) (cmd *exec.Cmd, url string, stderr *testutil.SyncBuffer) {
	t.Helper()
	cmd = exec.Command(serverBinary(t), append([]string{"--http", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	cmd.Env = cleanEnv(env...)
	stderr = &testutil.SyncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for deadline := time.Now().Add(15 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no listening URL logged:\n%s", stderr.String())
		}
		for line := range strings.Lines(stderr.String()) {
			var rec struct{ URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.URL != "" {
				url = rec.URL
				break
			}
		}
	}
	return cmd, url, stderr
}

// TestHTTPShutdownAnswersCallsInProgress runs the binary over streamable HTTP and sends it
// SIGTERM while three calls are in progress: it logs the signal, takes no new connection, lets
// the call that finishes within the grace period answer as usual, then cancels the two that
// would not (a POST the API is still handling, a wait on a deployment), whose clients get the
// honest cancelled result through their open responses, and exits 0 within the grace period
// plus the few seconds cancelled calls have to answer.
func TestHTTPShutdownAnswersCallsInProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const grace = 2 * time.Second
	emu := sandbox.New(sandbox.Config{Demo: true})
	emu.InjectFault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Latency: time.Minute, Times: -1})
	emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: time.Minute, Times: -1})
	emu.InjectFault(sandbox.Fault{Operation: api.GetProject.ID, Latency: time.Second})
	apiSrv := httptest.NewServer(emu)
	defer apiSrv.Close()
	cmd, url, stderr := httpBinary(t, []string{"SPICE_API_URL=" + apiSrv.URL, "SPICE_API_TOKEN=sandbox"},
		"--http-allow-server-token", "--confirm", "off", "--http-shutdown-grace", grace.String())

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tr, err := transport.NewStreamableHTTP(url, transport.WithHTTPTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	c := mcpclient.NewClient(tr)
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "NEW_ONE", "value": "shutdown-canary-1c9e"},
			"Cancelled while the Spice.ai API was handling POST /v1/projects/101/secrets: it may have been applied."},
		{"wait_for_deployment", map[string]any{"app": "analytics-app"}, "Cancelled during GET /v1/projects/101/deployments/"},
		{"get_app", map[string]any{"app": "analytics-app"}, "https://analytics-app.spice.ai"},
	}
	results := make([]*mcp.CallToolResult, len(calls))
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Go(func() {
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = call.tool, call.args
			req.Params.Meta = &mcp.Meta{ProgressToken: call.tool} // answers may come as SSE streams
			results[i], errs[i] = c.CallTool(ctx, req)
		})
	}
	for deadline := time.Now().Add(15 * time.Second); emu.Calls(api.UpsertProjectSecret.ID) == 0 ||
		emu.Calls(api.GetProjectDeployment.ID) == 0 || emu.Calls(api.GetProject.ID) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the calls did not reach the API:\n%s", stderr.String())
		}
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// No new connection is taken once the server began shutting down: its log says so (300 ms
	// after the signal stood for that on an idle machine; a loaded one may not have read it).
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(stderr.String(), `"msg":"shutting down`); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never began shutting down after SIGTERM:\n%s", stderr.String())
		}
	}
	if resp, err := http.Get(strings.TrimSuffix(url, "/mcp") + "/healthz"); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Errorf("a new request was served during shutdown: %d", resp.StatusCode)
	}

	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(grace + 10*time.Second):
		t.Fatalf("still running %v after SIGTERM:\n%s", time.Since(start), stderr.String())
	}
	elapsed := time.Since(start)
	wg.Wait()
	if exitErr != nil {
		t.Errorf("exit after SIGTERM: %v (want 0)\n%s", exitErr, stderr.String())
	}
	if elapsed < grace {
		t.Errorf("exited %v after SIGTERM, before the %v grace period for calls in progress", elapsed, grace)
	}
	for i, call := range calls {
		if errs[i] != nil {
			t.Errorf("%s: no answer: %v", call.tool, errs[i])
			continue
		}
		text := results[i].Content[0].(mcp.TextContent).Text
		if !strings.Contains(text, call.want) || results[i].IsError != (call.tool != "get_app") {
			t.Errorf("%s answered (isError %v):\n%s\nwant %q", call.tool, results[i].IsError, text, call.want)
		}
	}
	logs := stderr.String()
	for _, want := range []string{`"msg":"shutting down`, `"reason":"terminated signal received"`, `"msg":"grace period over: cancelling the calls in progress","calls":2`, `"msg":"stopped"`,
		`"level":"INFO","msg":"tool call","tool":"set_secret","error":true,"reason":"cancelled","op":"upsertProjectSecret"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, `"level":"ERROR"`) || strings.Contains(logs, "shutdown-canary-1c9e") {
		t.Errorf("logs:\n%s", logs)
	}
	t.Logf("exit %v after SIGTERM with a %v grace period", elapsed.Round(time.Millisecond), grace)
}

// TestStdioLogsWhyItStopped: over stdio the server logs a stop line, whether its input closed
// or a signal came.
func TestStdioLogsWhyItStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for _, tc := range []struct {
		name   string
		stop   func(cmd *exec.Cmd, stdin io.WriteCloser) error
		reason string
	}{
		{"input closed", func(_ *exec.Cmd, stdin io.WriteCloser) error { return stdin.Close() }, "input closed"},
		{"SIGINT", func(cmd *exec.Cmd, _ io.WriteCloser) error { return cmd.Process.Signal(syscall.SIGINT) }, "interrupt signal received"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(serverBinary(t), "--sandbox", "--log-format", "json")
			cmd.Env = cleanEnv()
			stdin, _ := cmd.StdinPipe()
			stderr := &testutil.SyncBuffer{}
			cmd.Stderr, cmd.Stdout = stderr, io.Discard
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill() }()
			for deadline := time.Now().Add(15 * time.Second); !strings.Contains(stderr.String(), "serving MCP over stdio"); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("not serving:\n%s", stderr.String())
				}
			}
			if err := tc.stop(cmd, stdin); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var exit *exec.ExitError
				if errors.As(err, &exit) || err != nil {
					t.Errorf("exit: %v\n%s", err, stderr.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("still running:\n%s", stderr.String())
			}
			if want := `"msg":"stopped","reason":"` + tc.reason + `"`; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %s:\n%s", want, stderr.String())
			}
		})
	}
}
