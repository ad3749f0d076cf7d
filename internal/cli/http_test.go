package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// server is cli.Run serving HTTP (MCP or the sandbox API) in this process.
type server struct {
	t      *testing.T
	url    string // what the start-up log line announced
	stdout *testutil.SyncBuffer
	stderr *testutil.SyncBuffer
	cancel context.CancelFunc
	exit   chan int
	conns  []*mcpclient.Client // closed before the server stops
}

// startServer runs the command line with JSON logs and waits for the log line with the
// listening URL, so the tests can ask for port 0.
func startServer(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	return startServerWorld(t, nil, env, args...)
}

// startServerWorld is startServer whose --sandbox emulates world (nil: the demo world).
func startServerWorld(t *testing.T, world *sandbox.Config, env map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{t: t, stdout: &testutil.SyncBuffer{}, stderr: &testutil.SyncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	go func() {
		s.exit <- cli.Run(ctx, cli.Env{Args: args, Getenv: getenv(env), Stdin: strings.NewReader(""), Stdout: s.stdout, Stderr: s.stderr, SandboxWorld: world})
	}()
	t.Cleanup(cancel)
	for deadline := time.Now().Add(15 * time.Second); s.url == ""; time.Sleep(5 * time.Millisecond) {
		for _, line := range strings.Split(s.stderr.String(), "\n") {
			var rec struct{ URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.URL != "" {
				s.url = rec.URL
			}
		}
		select {
		case code := <-s.exit:
			t.Fatalf("exited with %d before serving:\n%s", code, s.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listening URL logged:\n%s", s.stderr.String())
		}
	}
	return s
}

// startHTTP serves MCP over HTTP on a free loopback port.
func startHTTP(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	return startServer(t, env, append([]string{"--http", "127.0.0.1:0", "--log-format", "json"}, args...)...)
}

// stop cancels the context, as SIGTERM does, and checks that Run returns 0.
func (s *server) stop() {
	s.t.Helper()
	for _, c := range s.conns {
		c.Close()
	}
	s.cancel()
	select {
	case code := <-s.exit:
		if code != 0 {
			s.t.Errorf("exit %d after cancel:\n%s", code, s.stderr.String())
		}
	case <-time.After(20 * time.Second):
		s.t.Fatal("Run did not return after its context was cancelled")
	}
	if s.stdout.String() != "" {
		s.t.Errorf("stdout in HTTP mode: %q", s.stdout.String())
	}
}

// mcpClient connects mcp-go's streamable HTTP client with the given headers.
func (s *server) mcpClient(ctx context.Context, headers map[string]string) *mcpclient.Client {
	s.t.Helper()
	tr, err := transport.NewStreamableHTTP(s.url, transport.WithHTTPHeaders(headers), transport.WithHTTPTimeout(20*time.Second))
	if err != nil {
		s.t.Fatal(err)
	}
	c := mcpclient.NewClient(tr)
	if err := c.Start(ctx); err != nil {
		s.t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		s.t.Fatal(err)
	}
	s.conns = append(s.conns, c)
	return c
}

func callTool(t *testing.T, ctx context.Context, c *mcpclient.Client, name string) (string, bool) {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name = name
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res.Content[0].(mcp.TextContent).Text, res.IsError
}

// post sends an initialize request to /mcp by hand and returns the status code.
func post(t *testing.T, url string, headers map[string]string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(initialize))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestHTTPSandboxSession serves the sandbox over streamable HTTP in-process: health probe,
// a session with mcp-go's client, and a clean stop when the context ends.
func TestHTTPSandboxSession(t *testing.T) {
	s := startServer(t, map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, "--http", ":0", "--sandbox", "--log-format", "json")
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") || !strings.HasSuffix(s.url, "/mcp") {
		t.Errorf("--http :0 served %s; want loopback", s.url)
	}
	resp, err := http.Get(strings.TrimSuffix(s.url, "/mcp") + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"ok"`) {
		t.Errorf("/healthz: %d %s", resp.StatusCode, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, nil)
	if list, err := c.ListTools(ctx, mcp.ListToolsRequest{}); err != nil || len(list.Tools) < 25 {
		t.Fatalf("tools/list: %v", err)
	}
	// The sandbox lends its own token to requests that bring none.
	if out, isErr := callTool(t, ctx, c, "list_apps"); isErr || !strings.Contains(out, "analytics-app") {
		t.Errorf("list_apps: %s", out)
	}
	s.stop()
	if !strings.Contains(s.stderr.String(), `"msg":"stopped"`) || !strings.Contains(s.stderr.String(), "sandbox (emulated API with demo data)") {
		t.Errorf("logs:\n%s", s.stderr.String())
	}
}

// TestHTTPServerToken: over HTTP a request acts with its own bearer token; the server's
// credentials stand in only with --http-allow-server-token.
func TestHTTPServerToken(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	env := map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox", "GOGC": "100", "GOMEMLIMIT": "1GiB"}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Without a bearer token, and no server token to lend: 401 with the OAuth challenge.
	own := startHTTP(t, env)
	req, _ := http.NewRequest("POST", own.url, strings.NewReader(initialize))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	base := strings.TrimSuffix(own.url, "/mcp")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Authorization: Bearer") ||
		!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), `Bearer resource_metadata="`+base+`/.well-known/oauth-protected-resource/mcp", scope="`) {
		t.Errorf("no bearer, no --http-allow-server-token: %d %q %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
	}
	c := own.mcpClient(ctx, map[string]string{"Authorization": "Bearer sandbox"})
	if out, isErr := callTool(t, ctx, c, "list_apps"); isErr || !strings.Contains(out, "analytics-app") {
		t.Errorf("with a bearer: %s", out)
	}
	if out, _ := callTool(t, ctx, c, "whoami"); !strings.Contains(out, "bearer token sent with this HTTP request") || strings.Contains(out, "real Spice.ai API") {
		t.Errorf("whoami with a bearer: %s", out)
	}
	own.stop()

	lent := startHTTP(t, env, "--http-allow-server-token")
	c = lent.mcpClient(ctx, nil)
	if out, isErr := callTool(t, ctx, c, "list_apps"); isErr || !strings.Contains(out, "analytics-app") {
		t.Errorf("--http-allow-server-token: %s", out)
	}
	lent.stop()
}

// TestHTTPAuthTokenAndOrigins: the shared secret (from a file, trimmed) is required on /mcp,
// and browser origins are refused unless loopback or listed in --allowed-origins (an entry with
// the scheme's default port matches the Origin a browser sends, which leaves it out).
func TestHTTPAuthTokenAndOrigins(t *testing.T) {
	const secret = "a-shared-secret-of-24-chars"
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}
	s := startHTTP(t, env, "--sandbox", "--http-auth-token-file", file, "--allowed-origins", "https://app.example, https://other.example, HTTPS://Console.Example:443")
	auth := map[string]string{"X-MCP-Auth-Token": secret}
	for _, tc := range []struct {
		headers map[string]string
		status  int
	}{
		{nil, http.StatusUnauthorized},
		{map[string]string{"X-MCP-Auth-Token": "wrong-secret-of-the-same-len"}, http.StatusUnauthorized},
		{auth, http.StatusOK},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "https://app.example"}, http.StatusOK},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "https://other.example"}, http.StatusOK},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "http://localhost:5173"}, http.StatusOK},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "https://evil.example"}, http.StatusForbidden},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "https://console.example"}, http.StatusOK},
		{map[string]string{"X-MCP-Auth-Token": secret, "Origin": "http://console.example"}, http.StatusForbidden},
	} {
		if got := post(t, s.url, tc.headers); got != tc.status {
			t.Errorf("%v: status %d, want %d", tc.headers, got, tc.status)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, auth)
	if out, isErr := callTool(t, ctx, c, "check_health"); isErr {
		t.Errorf("check_health: %s", out)
	}
	s.stop()
	if strings.Contains(s.stderr.String(), secret) {
		t.Error("the shared secret reached the logs")
	}

	// The same secret from the environment.
	env["SPICE_MCP_HTTP_AUTH_TOKEN"] = secret
	s = startHTTP(t, env, "--sandbox")
	if post(t, s.url, nil) != http.StatusUnauthorized || post(t, s.url, auth) != http.StatusOK {
		t.Error("SPICE_MCP_HTTP_AUTH_TOKEN not enforced")
	}
	s.stop()
}

// TestSandboxAPISubcommand serves the emulator alone in-process on a free port: health without
// a token, apps with the bearer "sandbox", 401 without, and exit code 0 when the context ends.
func TestSandboxAPISubcommand(t *testing.T) {
	get := func(url, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--log-level", "debug")
	if code, body := get(s.url+"/v1/health", ""); code != 200 {
		t.Errorf("/v1/health: %d %s", code, body)
	}
	if code, body := get(s.url+"/v1/apps", "sandbox"); code != 200 || !strings.Contains(body, `"analytics-app"`) {
		t.Errorf("/v1/apps: %d %s", code, body)
	}
	if code, _ := get(s.url+"/v1/apps", ""); code != http.StatusUnauthorized {
		t.Errorf("/v1/apps without a token: %d", code)
	}
	if code, _ := get(s.url+"/v1/apps", "not-the-sandbox-token"); code != http.StatusUnauthorized {
		t.Errorf("/v1/apps with a wrong token: %d", code)
	}
	s.stop()
	for _, want := range []string{`"bearer":"sandbox"`, `"demo":true`, "sandbox Management API stopped"} {
		if !strings.Contains(s.stderr.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, s.stderr.String())
		}
	}

	// A port alone binds loopback, as --http's and --human-listen's do: the emulator accepts
	// the published token "sandbox".
	portOnly := startServer(t, nil, "sandbox-api", "--listen", ":0", "--log-format", "json")
	if !strings.HasPrefix(portOnly.url, "http://127.0.0.1:") {
		t.Errorf("sandbox-api --listen :0 serves on %s, want loopback", portOnly.url)
	}
	portOnly.stop()

	empty := startServer(t, nil, "sandbox-api", "--listen=127.0.0.1:0", "--demo=false", "--log-format=json")
	if code, body := get(empty.url+"/v1/apps", "sandbox"); code != 200 || strings.Contains(body, "analytics-app") {
		t.Errorf("--demo=false /v1/apps: %d %s", code, body)
	}
	empty.stop()
}

func TestSandboxAPICommandLine(t *testing.T) {
	busy := httptest.NewServer(http.NotFoundHandler())
	defer busy.Close()
	busyAddr := strings.TrimPrefix(busy.URL, "http://")
	for _, tc := range []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"sandbox-api", "--help"}, 0, "--listen ADDR", ""},
		{[]string{"sandbox-api", "-h"}, 0, `Use the bearer token "sandbox"`, ""},
		{[]string{"sandbox-api", "--help"}, 0, "(default 127.0.0.1:8787)", ""},
		{[]string{"sandbox-api", "--bogus"}, 2, "", "flag provided but not defined: --bogus"},
		{[]string{"sandbox-api", "--demo=maybe"}, 2, "", `invalid boolean value for --demo (not shown`},
		{[]string{"sandbox-api", "--listen"}, 2, "", "flag needs an argument: --listen"},
		{[]string{"sandbox-api", "extra"}, 2, "", `sandbox-api: unexpected argument 2, not shown`},
		{[]string{"sandbox-api", "--demo", "spat_CANARY123456"}, 2, "", `sandbox-api: unexpected argument 3 (after --demo), not shown`},
		{[]string{"sandbox-api", "--log-level", "loud"}, 2, "", "sandbox-api: unknown log level"},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0"}, 2, "", "--listen is given more than once"},
		{[]string{"sandbox-api", "--demo=false", "--demo"}, 2, "", "--demo is given more than once"},
		{[]string{"sandbox-api", "--log-format", "xml"}, 2, "", "sandbox-api: unknown log format"},
		// An address the listener would refuse is a bad command line (exit 2); only binding
		// can fail later (exit 1).
		{[]string{"sandbox-api", "--listen", "nonsense"}, 2, "", `sandbox-api: --listen "nonsense": want HOST:PORT`},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:99999"}, 2, "", `sandbox-api: --listen "127.0.0.1:99999": the port must be a number from 0 (any free port) to 65535`},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:abc"}, 2, "", `--listen "127.0.0.1:abc": the port must be a number`},
		{[]string{"sandbox-api", "--listen", busyAddr}, 1, "", "--listen " + busyAddr + ": that address is already in use"},
	} {
		got := run(t, nil, tc.args...)
		if got.code != tc.code || !strings.Contains(got.stdout, tc.inStdout) || !strings.Contains(got.stderr, tc.inStderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, got.code, got.stdout, got.stderr)
		}
		if tc.code != 0 && got.stdout != "" {
			t.Errorf("%v: error on stdout: %q", tc.args, got.stdout)
		}
	}
}
