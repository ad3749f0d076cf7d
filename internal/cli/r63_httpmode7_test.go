package cli_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR63Httpmode7StartupSaysEveryRequestNeedsABearer: --http without --http-allow-server-token
// and without credentials of its own refuses every request that brings no bearer token (401),
// and its start-up said nothing of it: an operator whose client sent none saw only 401s. It says
// so once, at info (no warning: the setup is a normal one), naming the flag, and the shared
// secret when one is set; with credentials set, the line that says they are unused says it
// instead, and with --http-allow-server-token or --sandbox nothing is refused for want of one.
func TestR63Httpmode7StartupSaysEveryRequestNeedsABearer(t *testing.T) {
	const line = "every request must bring its caller's own Spice.ai token"
	for _, c := range []struct {
		what  string
		env   map[string]string
		args  []string
		times int
		also  string
	}{
		{"no credentials", nil, nil, 1, "--http-allow-server-token"},
		{"a shared secret", map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "r63-httpmode7-shared-secret-0123"}, nil, 1, "X-MCP-Auth-Token"},
		{"credentials unused", map[string]string{"SPICE_API_TOKEN": "spat_r63httpmode7token0000"}, nil, 0, "set but not used"},
		{"lending credentials", map[string]string{"SPICE_API_TOKEN": "spat_r63httpmode7token0000"}, []string{"--http-allow-server-token"}, 0, ""},
		{"the sandbox", nil, []string{"--sandbox"}, 0, ""},
	} {
		h := startHTTP(t, c.env, c.args...)
		log := h.stderr.String()
		h.stop()
		var found []string
		for _, l := range strings.Split(log, "\n") {
			if strings.Contains(l, line) {
				found = append(found, l)
			}
		}
		if len(found) != c.times || !strings.Contains(log, c.also) {
			t.Errorf("%s: the line %d times, want %d, with %q:\n%s", c.what, len(found), c.times, c.also, log)
			continue
		}
		for _, l := range found {
			if !strings.Contains(l, `"level":"INFO"`) || !strings.Contains(l, c.also) || strings.Contains(l, "r63-httpmode7-shared-secret") {
				t.Errorf("%s: the line is not at info naming %q, or holds the secret: %s", c.what, c.also, l)
			}
		}
	}
}

// r63Httpmode7Post posts one JSON-RPC message to url and returns the answer's status, its
// Mcp-Session-Id and body.
func r63Httpmode7Post(t *testing.T, url, session, body string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), string(text)
}

// TestR63Httpmode7ShutdownWithSessionsAndStreamsOpen: SIGTERM (Kubernetes stopping the pod)
// while 2025-era sessions are open, one holding its GET stream, one idle, and a 2026-07-28
// client's call in progress that finishes within the grace period. The call answers as usual,
// the stream ends (its client reads the end, not a reset), nothing waits out the grace period
// (60 s here: the process is gone long before, without the lines of a grace period over or of
// connections closed by force) and the process exits 0 with no warning or error after the signal.
func TestR63Httpmode7ShutdownWithSessionsAndStreamsOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	emu := sandbox.New(sandbox.Config{Demo: true})
	emu.InjectFault(sandbox.Fault{Operation: api.GetProject.ID, Latency: time.Second})
	apiSrv := httptest.NewServer(emu)
	defer apiSrv.Close()
	cmd, url, stderr := httpBinary(t, []string{"SPICE_API_URL=" + apiSrv.URL, "SPICE_API_TOKEN=sandbox"},
		"--http-allow-server-token", "--http-shutdown-grace", "60s")
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r63","version":"0"}}}`
	var sessions []string
	for range 2 {
		status, session, body := r63Httpmode7Post(t, url, "", initialize)
		if status != http.StatusOK || session == "" {
			t.Fatalf("initialize: %d %q %.300s", status, session, body)
		}
		sessions = append(sessions, session)
		if status, _, _ := r63Httpmode7Post(t, url, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`); status != http.StatusAccepted {
			t.Fatalf("notifications/initialized: %d", status)
		}
	}
	get, _ := http.NewRequest(http.MethodGet, url, nil)
	get.Header.Set("Accept", "text/event-stream")
	get.Header.Set("Mcp-Session-Id", sessions[0])
	stream, err := http.DefaultClient.Do(get)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if stream.StatusCode != http.StatusOK {
		t.Fatalf("GET stream: %d", stream.StatusCode)
	}
	streamEnded := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, stream.Body); streamEnded <- err }()
	type answer struct {
		status int
		body   string
	}
	answered := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"analytics-app"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"r63","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("MCP-Protocol-Version", "2026-07-28")
		req.Header.Set("Mcp-Method", "tools/call")
		req.Header.Set("Mcp-Name", "get_app")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- answer{0, err.Error()}
			return
		}
		defer resp.Body.Close()
		text, _ := io.ReadAll(resp.Body)
		answered <- answer{resp.StatusCode, string(text)}
	}()
	for deadline := time.Now().Add(15 * time.Second); emu.Calls(api.GetProject.ID) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the call did not reach the API:\n%s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v (want 0)", err)
		}
	case <-time.After(40 * time.Second): // within the 60 s grace period: nothing waited it out
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("still running 40 s after SIGTERM:\n%s", stderr.String())
	}
	if a := <-answered; a.status != http.StatusOK || !strings.Contains(a.body, "https://analytics-app.spice.ai") || strings.Contains(a.body, `"isError":true`) {
		t.Errorf("the call in progress: %d %.600s, want its result", a.status, a.body)
	}
	select {
	case err := <-streamEnded:
		if err != nil {
			t.Errorf("the GET stream ended with %v, want its end read", err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the GET stream is still open after the process exited")
	}
	logs := stderr.String()
	_, after, _ := strings.Cut(logs, `"msg":"shutting down`)
	for _, unwanted := range []string{"grace period over", "requests still open", `"level":"WARN"`, `"level":"ERROR"`} {
		if strings.Contains(after, unwanted) {
			t.Errorf("the logs after the signal hold %s:\n%s", unwanted, logs)
		}
	}
	if !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("no stop line:\n%s", logs)
	}
}
