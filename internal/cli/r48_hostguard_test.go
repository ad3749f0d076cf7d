package cli_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r48HostguardGet sends GET path to the sandbox-api at base (its real address) with the given
// Host header and the default bearer token.
func r48HostguardGet(t *testing.T, base, path, host string) httpCall {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Host = host
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	return do(t, req)
}

// r48HostguardPort is the port of a sandbox-api's logged URL.
func r48HostguardPort(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// r48HostguardRefused checks an answer is the Host refusal in the API's error envelope.
func r48HostguardRefused(t *testing.T, what string, got httpCall) {
	t.Helper()
	var body struct{ Error, Code string }
	if got.status != http.StatusForbidden || json.Unmarshal([]byte(got.body), &body) != nil ||
		body.Code != "host_not_allowed" || !strings.Contains(body.Error, "--allowed-hosts") ||
		!strings.HasPrefix(got.header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: %d %s, want 403 with code host_not_allowed naming --allowed-hosts", what, got.status, got.body)
	}
}

// TestR48HostguardSandboxAPIRefusesForeignHost: sandbox-api on loopback answers a Host that is
// not loopback (a page that rebinds its name to 127.0.0.1, with the public token "sandbox")
// with 403 in the API's error envelope, on every path (the API, the OAuth token endpoint, an
// unknown path) and before anything is read or changed; localhost, 127.0.0.1 and [::1], with
// or without the port and in any case, are served.
func TestR48HostguardSandboxAPIRefusesForeignHost(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json")
	defer s.stop()
	port := r48HostguardPort(t, s.url)
	for _, host := range []string{"evil.example:8787", "evil.example", "localhost.evil.example:" + port, "127.0.0.1.evil.example", "192.0.2.7:" + port} {
		for _, path := range []string{"/v1/projects", "/v1/apps", "/not-a-path"} {
			r48HostguardRefused(t, "GET "+path+" Host "+host, r48HostguardGet(t, s.url, path, host))
		}
		req, _ := http.NewRequest(http.MethodPost, s.url+"/v1/projects", strings.NewReader(`{"name":"rebound"}`))
		req.Host = host
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		r48HostguardRefused(t, "POST /v1/projects Host "+host, do(t, req))
		req, _ = http.NewRequest(http.MethodPost, s.url+"/api/oauth/token", strings.NewReader("grant_type=client_credentials"))
		req.Host = host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r48HostguardRefused(t, "POST /api/oauth/token Host "+host, do(t, req))
	}
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LocalHost:" + port, "localhost", "127.0.0.1", "[::1]", "127.1.2.3:" + port} {
		if got := r48HostguardGet(t, s.url, "/v1/projects", host); got.status != http.StatusOK || !strings.Contains(got.body, `"projects"`) {
			t.Errorf("Host %s: %d %s, want 200", host, got.status, got.body)
		}
	}
	// The refused POSTs created nothing.
	if got := r48HostguardGet(t, s.url, "/v1/projects", "127.0.0.1:"+port); strings.Contains(got.body, "rebound") {
		t.Errorf("a refused request created a project: %s", got.body)
	}
	if w := `"hosts":"loopback"`; !strings.Contains(s.stderr.String(), w) {
		t.Errorf("start-up log lacks %s:\n%s", w, s.stderr.String())
	}
}

// TestR48HostguardSandboxAPIAllowedHosts: --allowed-hosts (and allowed_hosts in the config
// file, to which the flag adds) lets more names through: a name alone on any port, a
// name:port on that port only; anything else is still refused.
func TestR48HostguardSandboxAPIAllowedHosts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(file, []byte("allowed_hosts: [from-file.test]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--config", file,
		"--allowed-hosts", "Sandbox.Test, api.example:9000,[2001:db8::1]:9000")
	defer s.stop()
	port := r48HostguardPort(t, s.url)
	for _, host := range []string{"sandbox.test", "sandbox.test:" + port, "SANDBOX.TEST:1234", "api.example:9000", "from-file.test:" + port, "[2001:db8::1]:9000", "localhost:" + port} {
		if got := r48HostguardGet(t, s.url, "/v1/projects", host); got.status != http.StatusOK {
			t.Errorf("Host %s: %d %s, want 200", host, got.status, got.body)
		}
	}
	for _, host := range []string{"api.example:9001", "api.example", "evil.sandbox.test", "sandbox.test.evil.example", "[2001:db8::1]:9001", "evil.example:" + port} {
		r48HostguardRefused(t, "Host "+host, r48HostguardGet(t, s.url, "/v1/projects", host))
	}
	if w := `"hosts":"loopback from-file.test sandbox.test api.example:9000 [2001:db8::1]:9000"`; !strings.Contains(s.stderr.String(), w) {
		t.Errorf("start-up log lacks %s:\n%s", w, s.stderr.String())
	}
}

// TestR48HostguardSandboxAPIAllowedHostsErrors: an entry that is not a host or host:port is
// refused at start-up (exit 2), naming the flag or the key, the entry and the rule.
func TestR48HostguardSandboxAPIAllowedHostsErrors(t *testing.T) {
	for _, c := range []struct{ value, rule string }{
		{"http://sandbox.test", "a host or host:port, not a URL"},
		{"sandbox.test/v1", "a host or host:port, not a URL"},
		{"*", "a host or host:port"},
		{"*.example.com", "a host or host:port"},
		{"a b", "a host or host:port"},
		{"sandbox.test:0", "the port must be a number from 1 to 65535"},
		{"sandbox.test:99999", "the port must be a number from 1 to 65535"},
		{"sandbox.test:", "the port must be a number from 1 to 65535"},
		{"ok.test,,", "empty entry"},
	} {
		got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--allowed-hosts", c.value)
		if got.code != 2 || !strings.Contains(got.stderr, "--allowed-hosts") || !strings.Contains(got.stderr, c.rule) {
			t.Errorf("--allowed-hosts %q: exit %d, want 2 naming the flag and %q:\n%s", c.value, got.code, c.rule, got.stderr)
		}
	}
	file := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(file, []byte("allowed_hosts: [ok.test, \"https://bad.test\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", file)
	if got.code != 2 || !strings.Contains(got.stderr, "allowed_hosts[1]") || !strings.Contains(got.stderr, "not a URL") {
		t.Errorf("config allowed_hosts: exit %d, want 2 naming allowed_hosts[1]:\n%s", got.code, got.stderr)
	}
}

// TestR48HostguardSandboxAPIBeyondLoopback: listening beyond loopback (0.0.0.0 in a
// container, reached by a service name) the emulator cannot know its names, so it checks no
// Host, as the MCP endpoint does, unless --allowed-hosts names them: then loopback and those
// only, also on a connection arriving over 127.0.0.1.
func TestR48HostguardSandboxAPIBeyondLoopback(t *testing.T) {
	open := startServer(t, nil, "sandbox-api", "--listen", "0.0.0.0:0", "--log-format", "json")
	base := "http://127.0.0.1:" + r48HostguardPort(t, open.url)
	if got := r48HostguardGet(t, base, "/v1/projects", "sandbox:8787"); got.status != http.StatusOK {
		t.Errorf("0.0.0.0 without --allowed-hosts, Host sandbox:8787: %d %s, want 200", got.status, got.body)
	}
	open.stop()
	if w := `"hosts":"any (listening beyond loopback; --allowed-hosts limits them)"`; !strings.Contains(open.stderr.String(), w) {
		t.Errorf("start-up log lacks %s:\n%s", w, open.stderr.String())
	}

	limited := startServer(t, nil, "sandbox-api", "--listen", "0.0.0.0:0", "--log-format", "json", "--allowed-hosts", "sandbox")
	defer limited.stop()
	port := r48HostguardPort(t, limited.url)
	base = "http://127.0.0.1:" + port
	for _, host := range []string{"sandbox:" + port, "localhost:" + port} {
		if got := r48HostguardGet(t, base, "/v1/projects", host); got.status != http.StatusOK {
			t.Errorf("0.0.0.0 with --allowed-hosts sandbox, Host %s: %d %s, want 200", host, got.status, got.body)
		}
	}
	r48HostguardRefused(t, "0.0.0.0 with --allowed-hosts sandbox, Host evil.example", r48HostguardGet(t, base, "/v1/projects", "evil.example:"+port))
}

// TestR48HostguardInProcessEmulatorIsUnaffected: the emulator --sandbox uses in process
// checks no Host: it has no listener a page could reach.
func TestR48HostguardInProcessEmulatorIsUnaffected(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://evil.example:8787/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := sandbox.New(sandbox.DemoWorld()).Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("in-process emulator with Host evil.example: %d, want 200", resp.StatusCode)
	}
}
