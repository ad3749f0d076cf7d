package cli_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The sandbox's deployments take seconds: get_deployment of one in flight, and a rollback's
// result, never say deployments take a few minutes (Standing.Sandbox).
func TestR43Sandbox2InFlightSaysSeconds(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--confirm", "agent")
	s.handshake()
	out, isErr := s.call(10, "create_deployment", map[string]any{"app": "analytics-app"})
	m := regexp.MustCompile(`deployment_id[^0-9]{1,4}([0-9]+)`).FindStringSubmatch(out)
	if isErr || m == nil {
		t.Fatalf("scenario not reached:\n%s", out)
	}
	id, _ := strconv.Atoi(m[1])
	got, _ := s.call(11, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": id})
	if !strings.Contains(got, "Still running") || strings.Contains(got, "few minutes") || !strings.Contains(got, "within seconds") {
		t.Errorf("get_deployment of a sandbox deployment in flight:\n%s", got)
	}
	s.stop()
}

// A token set with a byte order mark other than a token file's leading one (the flag, or one
// inside the file) is refused naming the mark, never echoing the secret.
func TestR43Sandbox2AuthTokenBOMNamed(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef"
	got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-auth-token", "\ufeff"+secret)
	if got.code != 2 || !strings.Contains(got.stderr, "byte order mark") || strings.Contains(got.stderr, secret) {
		t.Errorf("flag with a BOM: exit %d:\n%s", got.code, got.stderr)
	}
}

// A token file's leading byte order mark is its encoding, not the secret: the server starts, and
// a request bringing the secret as the operator sees it is let through.
func TestR43Sandbox2AuthTokenFileBOMStripped(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef"
	p := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(p, []byte("\ufeff"+secret+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startHTTP(t, nil, "--sandbox", "--http-auth-token-file", p)
	defer s.stop()
	req, _ := http.NewRequest("POST", s.url, strings.NewReader(initialize))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("X-MCP-Auth-Token", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the secret without the file's BOM: status %d", resp.StatusCode)
	}
}
