package cli_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r48ProxyResource asks the server's metadata document with X-Forwarded-Host: evil.example and
// X-Forwarded-Proto: https, and returns its resource.
func r48ProxyResource(t *testing.T, mcpURL string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(mcpURL, "/mcp")+"/.well-known/oauth-protected-resource/mcp", nil)
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var meta struct {
		Resource string `json:"resource"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("metadata: %d %v", resp.StatusCode, err)
	}
	return meta.Resource
}

// TestR48ProxyTrustForwardedFlag: the forwarded headers name the OAuth resource only under
// --http-trust-forwarded; without it the server names the address the request reached.
func TestR48ProxyTrustForwardedFlag(t *testing.T) {
	s := startHTTP(t, nil)
	if got := r48ProxyResource(t, s.url); got != s.url {
		t.Errorf("untrusted: resource %q, want %q", got, s.url)
	}
	s.stop()
	s = startHTTP(t, nil, "--http-trust-forwarded")
	if got := r48ProxyResource(t, s.url); got != "https://evil.example/mcp" {
		t.Errorf("--http-trust-forwarded: resource %q", got)
	}
	s.stop()
}

// TestR48ProxyTrustForwardedRefusedWhereItDoesNothing: with --http-public-url (which names the
// resource) or --sandbox (which serves no metadata) the flag would do nothing, and over stdio
// too: each is refused at start-up.
func TestR48ProxyTrustForwardedRefusedWhereItDoesNothing(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--http", "127.0.0.1:0", "--http-trust-forwarded", "--http-public-url", "https://mcp.example.com/mcp"},
			"--http-trust-forwarded does nothing with --http-public-url"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-trust-forwarded"}, "--http-trust-forwarded does nothing with --sandbox"},
		{[]string{"--http-trust-forwarded"}, "--http-trust-forwarded applies only with --http"},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tc.args, got.code, tc.want, got.stderr)
		}
	}
}

// r48ProxyRun runs the command line with names resolved from table (no network, no
// /etc/hosts); a stdio server ends at the end of its empty stdin, an HTTP one after a second.
func r48ProxyRun(t *testing.T, table map[string][]string, args ...string) outcome {
	t.Helper()
	return r48ProxyRunEnv(t, table, nil, args...)
}

// r48ProxyRunEnv is r48ProxyRun with an environment.
func r48ProxyRunEnv(t *testing.T, table map[string][]string, env map[string]string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	lookup := func(_ context.Context, host string) ([]string, error) {
		if addrs, ok := table[host]; ok {
			return addrs, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var stdout, stderr testutil.SyncBuffer
	code := cli.Run(ctx, cli.Env{Args: args, Getenv: getenv(env), Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, LookupHost: lookup})
	return outcome{code, stdout.String(), stderr.String()}
}

// TestR48ProxyListenNamesAreResolved: --http and --human-listen trust localhost as loopback
// only when it resolves to loopback addresses only: resolving elsewhere, it is refused at
// start-up (exit 2) naming the flag, the address and what it resolved to, whatever else is
// given (--human-listen-beyond-loopback too: the name promised loopback). Another name that
// resolves to loopback only is loopback: --human-listen takes it without
// --human-listen-beyond-loopback.
func TestR48ProxyListenNamesAreResolved(t *testing.T) {
	tampered := map[string][]string{"localhost": {"192.0.2.7"}, "mcp-box": {"127.0.0.1"}}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox", "--http", "localhost:0"}, "--http localhost:0: the name localhost resolves to 192.0.2.7, not only to loopback addresses"},
		{[]string{"--sandbox", "--human-listen", "localhost:0"}, "--human-listen localhost:0: the name localhost resolves to 192.0.2.7"},
		{[]string{"--sandbox", "--human-listen", "localhost:0", "--human-listen-beyond-loopback"}, "--human-listen localhost:0: the name localhost resolves to 192.0.2.7"},
	} {
		got := r48ProxyRun(t, tampered, tc.args...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) || !strings.Contains(got.stderr, "127.0.0.1:0") {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tc.args, got.code, tc.want, got.stderr)
		}
	}
	if got := r48ProxyRun(t, tampered, "--sandbox", "--human-listen", "mcp-box:0"); got.code != 0 {
		t.Errorf("--human-listen mcp-box:0 (127.0.0.1): exit %d\n%s", got.code, got.stderr)
	}
}

// TestR48ProxyPlainHTTPToLocalhostIsResolved: SPICE_API_URL with plain http to localhost is
// taken as this machine (no warning) only when localhost resolves to loopback addresses only;
// resolving elsewhere, the warning names the variable, the name and the addresses, never the token.
func TestR48ProxyPlainHTTPToLocalhostIsResolved(t *testing.T) {
	env := map[string]string{"SPICE_API_URL": "http://localhost:8787", "SPICE_API_TOKEN": "spat_CANARY0123456789"}
	got := r48ProxyRunEnv(t, map[string][]string{"localhost": {"192.0.2.7"}}, env)
	if got.code != 0 || !strings.Contains(got.stderr, "SPICE_API_URL is plain http to localhost (192.0.2.7), which is not this machine") ||
		strings.Contains(got.stderr, "CANARY") {
		t.Errorf("localhost resolving to 192.0.2.7: exit %d\n%s", got.code, got.stderr)
	}
	got = r48ProxyRunEnv(t, map[string][]string{"localhost": {"127.0.0.1", "::1"}}, env)
	if got.code != 0 || strings.Contains(got.stderr, "unencrypted") {
		t.Errorf("localhost resolving to loopback: exit %d\n%s", got.code, got.stderr)
	}
}
