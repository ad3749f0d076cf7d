package cli_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// humanPage asks for an approval page over stdio (pause_app with the link shown) and returns
// its URL and the session's log.
func humanPage(t *testing.T, args ...string) (link, stderr string) {
	t.Helper()
	s := startStdio(t, nil, append([]string{"--sandbox", "--human-links", "show"}, args...)...)
	s.handshake()
	out, _ := s.call(3, "pause_app", map[string]any{"app": "analytics-app"})
	link = regexp.MustCompile(`http://[^\s)>\]]+/human/[A-Za-z0-9_-]+`).FindString(out)
	if link == "" {
		t.Fatalf("no approval link in:\n%s", out)
	}
	t.Cleanup(func() { s.stop() })
	return link, s.stderr.String()
}

// get requests link with the given Host header.
func get(t *testing.T, link, host string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, link, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestHumanListenPortOnlyIsLoopback: --human-listen :PORT binds loopback (as --http :PORT
// does), says so truthfully, and refuses a foreign Host (DNS rebinding).
func TestHumanListenPortOnlyIsLoopback(t *testing.T) {
	link, stderr := humanPage(t, "--human-listen", ":0")
	if !strings.HasPrefix(link, "http://127.0.0.1:") {
		t.Errorf("link %s: want loopback", link)
	}
	if !regexp.MustCompile(`human page server started on loopback address=127\.0\.0\.1:\d+`).MatchString(stderr) {
		t.Errorf("log does not say the loopback address:\n%s", stderr)
	}
	if code := get(t, link, "evil.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d, want 421", code)
	}
}

// TestHumanListenBeyondLoopbackKeepsTheHostCheck: with the opt-in, 0.0.0.0 binds every
// interface (a container), the log says so, and the Host check still applies.
func TestHumanListenBeyondLoopbackKeepsTheHostCheck(t *testing.T) {
	link, stderr := humanPage(t, "--human-listen", "0.0.0.0:0", "--human-listen-beyond-loopback")
	if !strings.Contains(stderr, "human page server started beyond loopback") || strings.Contains(stderr, "started on loopback") {
		t.Errorf("log does not say where it listens:\n%s", stderr)
	}
	if code := get(t, link, "evil.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d, want 421", code)
	}
	if code := get(t, link, strings.TrimPrefix(strings.Split(link, "/human/")[0], "http://")); code != http.StatusOK {
		t.Errorf("loopback Host: %d, want 200", code)
	}
}

// TestSandboxHonoursSPICE_ORG: --sandbox acts in SPICE_ORG like the real API does.
func TestSandboxHonoursSPICE_ORG(t *testing.T) {
	s := startStdio(t, map[string]string{"SPICE_ORG": "acme-labs"}, "--sandbox")
	s.handshake()
	out, isErr := s.call(3, "list_apps", nil)
	if isErr || !strings.Contains(out, "fraud-scoring") || strings.Contains(out, "analytics-app") {
		t.Errorf("list_apps with SPICE_ORG=acme-labs:\n%s", out)
	}
	if out, _ := s.call(4, "whoami", nil); !strings.Contains(out, "acme-labs") {
		t.Errorf("whoami does not name SPICE_ORG's organization:\n%s", out)
	}
	s.stop()
}

// TestHTTPWithoutServerCredentialsDoesNotWarn: over --http, callers bring their own tokens, so
// a server without credentials of its own is the normal multi-tenant set-up, not a problem;
// with --http-allow-server-token and nothing to lend, the warning says what fails.
func TestHTTPWithoutServerCredentialsDoesNotWarn(t *testing.T) {
	h := startHTTP(t, nil)
	if strings.Contains(h.stderr.String(), "only check_health will work") || strings.Contains(h.stderr.String(), "WARN") {
		t.Errorf("multi-tenant start-up warns:\n%s", h.stderr.String())
	}
	h.stop()
	h = startHTTP(t, nil, "--http-allow-server-token")
	if !strings.Contains(h.stderr.String(), "--http-allow-server-token has none to lend") {
		t.Errorf("no warning for --http-allow-server-token without credentials:\n%s", h.stderr.String())
	}
	h.stop()
}
