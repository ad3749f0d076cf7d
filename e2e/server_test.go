package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Timeouts are generous: the suite must stay green on a loaded 2-core machine. None of
// them is a synchronisation sleep; each bounds a wait that normally ends in milliseconds.
const (
	testTimeout    = 45 * time.Second // per top-level (sub)test that owns a server process
	startupTimeout = 20 * time.Second // until /healthz answers
	exitTimeout    = 15 * time.Second // from stdin EOF or SIGTERM until the process exits
)

// testContext returns a context that ends with the test or after testTimeout, counted from
// when the server binary is built: in a fresh clone the first build is cold (a minute and
// more on a busy machine) and would eat the limit of the test that asked first.
func testContext(t *testing.T) context.Context {
	t.Helper()
	serverBinary(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// newClient returns a go-sdk client identifying itself as this suite.
func newClient() *mcp.Client {
	return mcp.NewClient(&mcp.Implementation{Name: "spice-cloud-mcp-e2e", Version: "0.0.0"}, nil)
}

func sessionOptions(protocolVersion string) *mcp.ClientSessionOptions {
	return &mcp.ClientSessionOptions{ProtocolVersion: protocolVersion}
}

// lockedBuffer is a bytes.Buffer safe for the exec package's copying goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Len()
}

// logStderrOnFailure prints the server's stderr if the test failed. Register it before
// anything that stops the server, so that it runs last (cleanups run LIFO).
func logStderrOnFailure(t *testing.T, stderr *lockedBuffer) {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
}

// connectStdio starts `spice-cloud-mcp --sandbox [extra...]` through the SDK's
// CommandTransport and connects to it. Closing the session (in t.Cleanup) closes the
// server's stdin; the server must then exit on its own with status 0.
func connectStdio(t *testing.T, ctx context.Context, protocolVersion string, extra ...string) (*mcp.ClientSession, *lockedBuffer) {
	t.Helper()
	stderr := &lockedBuffer{}
	logStderrOnFailure(t, stderr)

	cmd := exec.Command(serverBinary(t), append([]string{"--sandbox"}, extra...)...)
	cmd.Stderr = stderr
	// The SDK closes stdin, waits TerminateDuration, then sends SIGTERM and later SIGKILL.
	transport := &mcp.CommandTransport{Command: cmd, TerminateDuration: exitTimeout}
	cs, err := newClient().Connect(ctx, transport, sessionOptions(protocolVersion))
	if err != nil {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
		t.Fatalf("connecting over stdio (protocol %q): %v", protocolVersion, err)
	}
	t.Cleanup(func() {
		start := time.Now()
		err := cs.Close() // returns cmd.Wait's error
		if err != nil {
			t.Errorf("stdio server did not exit cleanly after stdin EOF: %v", err)
		}
		if ps := cmd.ProcessState; ps == nil {
			t.Errorf("stdio server process state unknown after Close")
		} else if ps.ExitCode() != 0 {
			t.Errorf("stdio server exit code %d after stdin EOF, want 0 (%s)", ps.ExitCode(), ps)
		}
		if d := time.Since(start); d >= exitTimeout {
			t.Errorf("stdio server needed %v to exit after stdin EOF (had to be signalled)", d.Round(time.Millisecond))
		}
	})
	return cs, stderr
}

// httpServer is a running `spice-cloud-mcp --http 127.0.0.1:<port> --sandbox`.
type httpServer struct {
	BaseURL string // http://127.0.0.1:<port>
	Stderr  *lockedBuffer
}

// startHTTPServer starts the server on a loopback port the kernel picks as it listens
// (--http 127.0.0.1:0), reads the URL from its start-up log line, waits until GET /healthz
// answers 200 {"status":"ok"}, and stops it with SIGTERM in t.Cleanup, requiring exit
// status 0. (A port found free beforehand could be taken before the server listened, by
// another test's server that answers /healthz too: the test then talked to that one.)
func startHTTPServer(t *testing.T, ctx context.Context, extra ...string) *httpServer {
	t.Helper()
	stderr, stdout := &lockedBuffer{}, &lockedBuffer{}
	cmd := exec.Command(serverBinary(t), append([]string{"--http", "127.0.0.1:0", "--sandbox"}, extra...)...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the HTTP server: %v", err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()

	base, err := waitListening(ctx, stderr, exited)
	if err == nil {
		err = waitHealthy(ctx, base, exited)
	}
	if err != nil {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
		t.Fatalf("starting the HTTP server: %v (exit: %v)\nstderr:\n%s", err, waitErr, stderr)
	}
	srv := &httpServer{BaseURL: base, Stderr: stderr}

	logStderrOnFailure(t, stderr)
	t.Cleanup(func() {
		select {
		case <-exited:
			t.Errorf("HTTP server exited before the test ended: %v", waitErr)
			return
		default:
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("sending SIGTERM: %v", err)
		}
		timer := time.NewTimer(exitTimeout)
		defer timer.Stop()
		select {
		case <-exited:
		case <-timer.C:
			_ = cmd.Process.Kill()
			<-exited
			t.Errorf("HTTP server did not exit within %v of SIGTERM; killed", exitTimeout)
			return
		}
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("HTTP server exit code %d after SIGTERM, want 0 (%v)", code, waitErr)
		}
		if out := stdout.String(); out != "" {
			t.Logf("HTTP server wrote to stdout:\n%s", out)
		}
	})
	return srv
}

// waitListening waits for the server's start-up line, "serving MCP over streamable HTTP"
// with url=http://127.0.0.1:<port>/mcp (or "url":"…" with --log-format json), and returns
// the URL without /mcp; or fails when the process exits or startupTimeout passes.
func waitListening(ctx context.Context, stderr *lockedBuffer, exited <-chan struct{}) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if u := listeningURL(stderr.String()); u != "" {
			return strings.TrimSuffix(u, "/mcp"), nil
		}
		select {
		case <-exited:
			return "", errors.New("exited before logging its URL")
		case <-ctx.Done():
			return "", fmt.Errorf("no URL logged within %v", startupTimeout)
		case <-tick.C:
		}
	}
}

// listeningURL is the url of the start-up line in logs, or "".
func listeningURL(logs string) string {
	for line := range strings.Lines(logs) {
		if !strings.Contains(line, "serving MCP over streamable HTTP") {
			continue
		}
		for _, key := range []string{` url=`, `"url":"`} {
			if _, rest, ok := strings.Cut(line, key); ok {
				if end := strings.IndexAny(rest, "\" \n"); end >= 0 {
					rest = rest[:end]
				}
				return rest
			}
		}
	}
	return ""
}

// waitHealthy polls GET /healthz until it answers 200 with {"status":"ok"}, the process
// exits, or startupTimeout passes.
func waitHealthy(ctx context.Context, baseURL string, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		done, err := probeHealth(ctx, client, baseURL+"/healthz")
		if done {
			return err
		}
		last = err
		select {
		case <-exited:
			return fmt.Errorf("last probe: %v", last)
		case <-ctx.Done():
			return fmt.Errorf("GET /healthz not healthy within %v: %v", startupTimeout, last)
		case <-tick.C:
		}
	}
}

// probeHealth makes one GET /healthz. done reports a final answer: nil for a healthy
// server, or an error for a 200 with the wrong body (retrying would not help).
func probeHealth(ctx context.Context, client *http.Client, url string) (done bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return true, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("GET /healthz: %s: %s", resp.Status, body)
	}
	var health struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(body, &health); err != nil || health.Status != "ok" {
		return true, fmt.Errorf(`GET /healthz: 200 with body %q, want {"status":"ok"}`, body)
	}
	return true, nil
}

// connectHTTP starts an HTTP server and connects to /mcp with the SDK's
// StreamableClientTransport. Every JSON-RPC result the server sends in reply to a POST is
// also recorded, so tests can check the wire form the SDK's types cannot show.
func connectHTTP(t *testing.T, ctx context.Context, protocolVersion string) (*mcp.ClientSession, *wireLog) {
	t.Helper()
	srv := startHTTPServer(t, ctx)

	wire := &wireLog{}
	base := http.DefaultTransport.(*http.Transport).Clone()
	hc := &http.Client{Transport: &tapTransport{base: base, log: wire}}
	transport := &mcp.StreamableClientTransport{Endpoint: srv.BaseURL + "/mcp", HTTPClient: hc}
	cs, err := newClient().Connect(ctx, transport, sessionOptions(protocolVersion))
	if err != nil {
		t.Fatalf("connecting over HTTP (protocol %q): %v", protocolVersion, err)
	}
	t.Cleanup(func() {
		if err := cs.Close(); err != nil {
			t.Errorf("closing the HTTP session: %v", err)
		}
		base.CloseIdleConnections()
	})
	return cs, wire
}
