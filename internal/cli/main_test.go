package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

var (
	buildOnce  sync.Once
	buildDir   string
	builtPath  string
	buildError error

	builtBeforeTests bool // the binary was built before the first test started
)

// TestMain builds the binary before any test runs and removes its directory once every test
// has run, and fails a run whose tests all passed if goroutines they started are still running
// (testutil.CheckLeaks): every test stops the servers and clients it starts.
func TestMain(m *testing.M) {
	// Built here, before any test's clock starts: in a fresh clone the build is cold (a minute
	// and more on a busy machine), longer than the limit a test sets around the process it
	// starts. Only when a selected test runs it: warm, the build is a link, 4 to 5 s on a busy
	// machine that an in-process test need not wait. A build error fails the tests that run the
	// binary, in serverBinary.
	if r71Newcomer9RunsTheBinary() {
		buildOnce.Do(buildServerBinary)
	}
	builtBeforeTests = builtPath != "" && buildError == nil
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(testutil.CheckLeaks(code))
}

// buildServerBinary builds the real binary once per test process, from TestMain. The module's
// main package is built by import path, so this works whatever the package directory.
func buildServerBinary() {
	buildDir, buildError = os.MkdirTemp("", "spice-cloud-mcp-test")
	if buildError != nil {
		return
	}
	builtPath = filepath.Join(buildDir, "spice-cloud-mcp")
	build := exec.Command("go", "build", "-o", builtPath, "github.com/spice-cloud-mcp/spice-cloud-mcp")
	testutil.R69TesttimeDiesWithTest(build)
	out, err := build.CombinedOutput()
	if err != nil {
		buildError = fmt.Errorf("go build: %v\n%s", err, out)
	}
}

// serverBinary returns the path of the binary TestMain built, for tests that run it as a
// subprocess, as clients do.
func serverBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(buildServerBinary)
	if buildError != nil {
		t.Fatal(buildError)
	}
	return builtPath
}

// cleanEnv is the environment without any Spice credentials or endpoints or a graphical
// session, plus extra.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		// No graphical session either: the server would open approval pages in a real browser.
		if !strings.HasPrefix(kv, "SPICE_") && !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// rawProcess is the binary serving stdio to a test that speaks raw JSON-RPC lines.
type rawProcess struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout io.ReadCloser
	stderr *testutil.SyncBuffer
}

// startRawStdio starts the binary in stdio mode with args, ended by ctx or when the test ends.
func startRawStdio(ctx context.Context, t *testing.T, args ...string) *rawProcess {
	t.Helper()
	return startRawStdioEnv(ctx, t, nil, args...)
}

// startRawStdioEnv is startRawStdio with env (KEY=value) added to cleanEnv's.
func startRawStdioEnv(ctx context.Context, t *testing.T, env []string, args ...string) *rawProcess {
	t.Helper()
	p := &rawProcess{cmd: exec.CommandContext(ctx, serverBinary(t), args...), stderr: &testutil.SyncBuffer{}}
	p.cmd.Env = cleanEnv(env...)
	p.stdin, _ = p.cmd.StdinPipe()
	p.stdout, _ = p.cmd.StdoutPipe()
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	return p
}

// TestStdioStdoutCarriesOnlyJSONRPC speaks raw JSON-RPC to the binary with debug logging on:
// every stdout line must be a JSON-RPC message, logs must land on stderr, and a secret value
// sent in a call must appear on neither stream.
func TestStdioStdoutCarriesOnlyJSONRPC(t *testing.T) {
	const canary = "stdio-canary-value-31d4"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := startRawStdio(ctx, t, "--sandbox", "--log-level", "debug")
	cmd, stdin, stdout, stderr := p.cmd, p.stdin, p.stdout, p.stderr
	requests := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"set_secret","arguments":{"app":"analytics-app","name":"CANARY","value":"` + canary + `"}}}`,
	}
	for _, r := range requests {
		if _, err := io.WriteString(stdin, r+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[float64]string{}
	var all strings.Builder
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 1<<20), 1<<22)
	for len(seen) < 4 && scanner.Scan() {
		line := scanner.Text()
		all.WriteString(line + "\n")
		var msg struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      *float64        `json:"id"`
			Result  json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil || msg.JSONRPC != "2.0" {
			t.Fatalf("stdout carried a non-JSON-RPC line: %q", line)
		}
		if msg.ID != nil {
			seen[*msg.ID] = string(msg.Result)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after stdin closed: %v\nstderr:\n%s", err, stderr.String())
	}
	if len(seen) != 4 {
		t.Fatalf("got responses %v", seen)
	}
	if !strings.Contains(seen[3], "https://analytics-app.spice.ai") || !strings.Contains(seen[4], "Secret `CANARY` created") {
		t.Errorf("unexpected results: %s / %s", seen[3], seen[4])
	}
	if !strings.Contains(stderr.String(), "DBG") || !strings.Contains(stderr.String(), "serving MCP over stdio") {
		t.Errorf("debug logs missing from stderr:\n%s", stderr.String())
	}
	if strings.Contains(all.String(), canary) || strings.Contains(stderr.String(), canary) {
		t.Error("the secret value appeared on stdout or stderr")
	}
}

// TestStdioWithMCPGoClient drives the binary with mcp-go's stdio client against a real-API
// configuration without credentials (the API is an emulator on loopback).
func TestStdioWithMCPGoClient(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv("SPICE_API_URL="+api.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	info, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	if info.ServerInfo.Name != "spice-cloud-mcp" {
		t.Errorf("server name %q", info.ServerInfo.Name)
	}
	call := func(name string) *mcp.CallToolResult {
		var req mcp.CallToolRequest
		req.Params.Name = name
		res, err := c.CallTool(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := call("check_health"); res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, "is **ok**") {
		t.Errorf("check_health without credentials: %+v", res)
	}
	res := call("list_apps")
	msg := res.Content[0].(mcp.TextContent).Text
	if !res.IsError || !strings.Contains(msg, "SPICE_API_TOKEN") || !strings.Contains(msg, "--sandbox") {
		t.Errorf("list_apps without credentials: %s", msg)
	}
}

// TestCreateAndDeployOverStdio is the whole create-and-deploy workflow in one tool call over
// stdio, against the sandbox in real time, with a progress token: a notification per step and
// per poll, and the secret value in no result, notification or log line. The server is cli.Run
// in this process, as main runs it, on pipes: its sandbox's deployment ends in 0.6 s, not the
// demo world's 5 s, still seen queued or running by one poll before it ends.
// (TestEveryToolOverStdio runs create_and_deploy_app through the binary.)
func TestCreateAndDeployOverStdio(t *testing.T) {
	const canary = "stdio-workflow-canary-9e41"
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr testutil.SyncBuffer
	exit := make(chan int, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	go func() {
		code := cli.Run(ctx, cli.Env{Args: []string{"--sandbox", "--log-level", "debug"}, Getenv: getenv(nil), Stdin: inR, Stdout: outW,
			Stderr: &stderr, SandboxWorld: r71Testtime10World(100*time.Millisecond, 500*time.Millisecond)})
		outW.Close()
		exit <- code
	}()
	c := mcpclient.NewClient(transport.NewIO(outR, inW, nil))
	defer c.Close()
	var mu sync.Mutex
	var progress []string
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == "notifications/progress" {
			raw, _ := json.Marshal(n.Params.AdditionalFields)
			mu.Lock()
			progress = append(progress, string(raw))
			mu.Unlock()
		}
	})
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	var req mcp.CallToolRequest
	req.Params.Name = "create_and_deploy_app"
	req.Params.Arguments = map[string]any{
		"name":     "stdio-app",
		"spicepod": "version: v1\nkind: Spicepod\nname: stdio-app\n",
		"secrets":  map[string]any{"PG_PASS": canary},
	}
	req.Params.Meta = &mcp.Meta{ProgressToken: "deploy-1"}
	start := time.Now()
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	out := res.Content[0].(mcp.TextContent).Text
	if res.IsError || !strings.Contains(out, "✅ succeeded") || !strings.Contains(out, "https://stdio-app.spice.ai") {
		t.Fatalf("result: %s", out)
	}
	t.Logf("create_and_deploy_app over stdio: 1 call, %s", time.Since(start).Round(time.Millisecond))
	// Notifications travel apart from the result; give the last one a moment to arrive.
	var joined string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		joined = strings.Join(progress, "\n")
		mu.Unlock()
		if strings.Contains(joined, "wait: succeeded") || time.Now().After(deadline) {
			break
		}
	}
	c.Close()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d at end of input:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return at end of input")
	}
	for _, step := range []string{"check inputs", "create app", "configure", "secret PG_PASS", "deploy:", "wait: succeeded"} {
		if !strings.Contains(joined, step) {
			t.Errorf("no progress notification for %q:\n%s", step, joined)
		}
	}
	polls := strings.Count(joined, "of stdio-app (")
	if polls < 2 {
		t.Errorf("%d poll notifications; want one per poll:\n%s", polls, joined)
	}
	t.Logf("%d progress notifications, %d of them polls", len(progress), polls)
	for what, s := range map[string]string{"result": fmt.Sprint(res), "notifications": joined, "stderr": stderr.String()} {
		if strings.Contains(s, canary) {
			t.Errorf("the secret value appeared in the %s", what)
		}
	}
	if !strings.Contains(stderr.String(), "DBG") {
		t.Errorf("no debug logs captured, so the log check proves nothing:\n%s", stderr.String())
	}
}

type typedName string

func (n typedName) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	res := &mcp.ElicitationResult{}
	res.Action = mcp.ElicitationResponseActionAccept
	res.Content = map[string]any{"name": string(n)}
	return res, nil
}

// TestConfirmationOverStdio asks for confirmation through a real stdio session, for a legacy
// client (server-initiated elicitation) and a modern one (multi-round-trip).
func TestConfirmationOverStdio(t *testing.T) {
	for _, version := range []string{mcp.ProtocolVersion20250618, ""} {
		for _, typed := range []string{"wrong-name", "docs-search"} {
			tr := transport.NewStdio(serverBinary(t), cleanEnv(), "--sandbox")
			c := mcpclient.NewClient(tr, mcpclient.WithElicitationHandler(typedName(typed)))
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := c.Start(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := testutil.Initialize(ctx, c, version); err != nil {
				t.Fatal(err)
			}
			call := func(name string, args map[string]any) string {
				var req mcp.CallToolRequest
				req.Params.Name, req.Params.Arguments = name, args
				res, err := c.CallTool(ctx, req)
				if err != nil {
					t.Fatalf("%q %s: %v", version, name, err)
				}
				return res.Content[0].(mcp.TextContent).Text
			}
			out := call("delete_app", map[string]any{"app": "docs-search"})
			apps := call("list_apps", nil)
			if typed == "docs-search" && (!strings.Contains(out, "Deleted app docs-search") || strings.Contains(apps, "docs-search")) {
				t.Errorf("%q confirmed: %s / %s", version, out, apps)
			}
			if typed != "docs-search" && (!strings.Contains(out, "Nothing was changed") || !strings.Contains(apps, "docs-search")) {
				t.Errorf("%q wrong name: %s / %s", version, out, apps)
			}
			c.Close()
			cancel()
		}
	}
}
