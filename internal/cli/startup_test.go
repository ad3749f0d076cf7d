package cli_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
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

// TestHumanListenOnOneAddressBeyondLoopback: --human-listen on one address of this machine
// beyond loopback (what hostname -I lists) with the opt-in gives links at that address, and the
// link the result shows opens as given (a browser names the address as Host); loopback Hosts
// still work, and a name (DNS rebinding) is still refused.
func TestHumanListenOnOneAddressBeyondLoopback(t *testing.T) {
	ip := testutil.NonLoopbackIPv4(t)
	s := startStdio(t, nil, "--sandbox", "--human-links", "show", "--human-listen", ip+":0", "--human-listen-beyond-loopback")
	defer s.stop()
	s.handshake()
	out, _ := s.call(3, "delete_app", map[string]any{"app": "docs-search"})
	link := regexp.MustCompile(`http://[^\s)>\]]+/human/[A-Za-z0-9_-]{43}`).FindString(out)
	if !strings.HasPrefix(link, "http://"+ip+":") {
		t.Fatalf("no link at %s in:\n%s", ip, out)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the link %s as given: %d, want 200; log:\n%s", link, resp.StatusCode, s.stderr.String())
	}
	port := link[len("http://"+ip+":"):strings.Index(link, "/human/")]
	for host, want := range map[string]int{"127.0.0.1:" + port: http.StatusOK, "localhost": http.StatusOK,
		"evil.example:" + port: http.StatusMisdirectedRequest, "192.0.2.77:" + port: http.StatusMisdirectedRequest} {
		if code := get(t, link, host); code != want {
			t.Errorf("Host %s: %d, want %d", host, code, want)
		}
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
	if strings.Contains(h.stderr.String(), "no Spice.ai credentials") || strings.Contains(h.stderr.String(), "WARN") {
		t.Errorf("multi-tenant start-up warns:\n%s", h.stderr.String())
	}
	h.stop()
	h = startHTTP(t, nil, "--http-allow-server-token")
	if !strings.Contains(h.stderr.String(), "--http-allow-server-token has none to lend, so requests that bring no token of their own get only check_health and whoami") {
		t.Errorf("no warning for --http-allow-server-token without credentials:\n%s", h.stderr.String())
	}
	h.stop()
}

// TestBinaryRefusesBadConfiguration runs the real binary, with the environment as the process
// gets it (a variable set to "" is set): a secret given but empty or blank, a port the listener
// would refuse and an API URL with an impossible port are bad configuration, exit 2 before
// anything serves, with a message naming the flag or variable.
func TestBinaryRefusesBadConfiguration(t *testing.T) {
	dir := t.TempDir()
	empty, blank := filepath.Join(dir, "empty"), filepath.Join(dir, "blank")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blank, []byte("   \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rule := "the HTTP auth token must be at least 16 characters"
	for _, tc := range []struct {
		env  []string
		args []string
		want []string
	}{
		{nil, []string{"--sandbox", "--http", "0.0.0.0:0", "--http-auth-token-file", empty}, []string{"--http-auth-token-file " + strconv.Quote(empty) + ": " + rule}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", blank}, []string{"--http-auth-token-file " + strconv.Quote(blank) + ": " + rule}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "0.0.0.0:0", "--http-allow-server-token", "--http-auth-token-file", empty}, []string{"--http-auth-token-file", rule}},
		{[]string{"SPICE_MCP_HTTP_AUTH_TOKEN="}, []string{"--sandbox", "--http", "127.0.0.1:0"}, []string{"SPICE_MCP_HTTP_AUTH_TOKEN: " + rule}},
		{[]string{"SPICE_MCP_CONFIRM_KEY="}, []string{"--sandbox"}, []string{"SPICE_MCP_CONFIRM_KEY must be at least 16 characters"}},
		{[]string{"SPICE_MCP_CONFIRM_KEY=   "}, []string{"--sandbox"}, []string{"SPICE_MCP_CONFIRM_KEY must be at least 16 characters"}},
		{nil, []string{"--sandbox", "--human-listen", "127.0.0.1:abc"}, []string{`--human-listen "127.0.0.1:abc": the port must be a number from 0 (any free port) to 65535`}},
		{nil, []string{"--sandbox", "--human-listen", ":99999"}, []string{`--human-listen ":99999": the port must be a number`}},
		{nil, []string{"--sandbox", "--http", ":99999"}, []string{`--http ":99999": the port must be a number`}},
		{nil, []string{"sandbox-api", "--listen", "127.0.0.1:99999"}, []string{`sandbox-api: --listen "127.0.0.1:99999": the port must be a number`}},
		{[]string{"SPICE_API_URL=http://h:99999", "SPICE_API_TOKEN=tok"}, nil, []string{"invalid API base URL (SPICE_API_URL)", "a port from 1 to 65535"}},
		{[]string{"SPICE_API_URL=http://127.0.0.1:", "SPICE_API_TOKEN=tok"}, nil, []string{"invalid API base URL (SPICE_API_URL): want http(s)://host[:port], a port from 1 to 65535"}},
		{[]string{"SPICE_OAUTH_TOKEN_URL=https://spice.example.com:/token", "SPICE_CLIENT_ID=id", "SPICE_CLIENT_SECRET=secret"}, nil, []string{"SPICE_OAUTH_TOKEN_URL", "a port from 1 to 65535"}},
		// A flag only HTTP reads would do nothing over stdio: refused, naming it.
		{nil, []string{"--sandbox", "--allowed-origins", "https://x.example"}, []string{"--allowed-origins applies only with --http"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http-auth-token-file", "/etc/CANARY"}, []string{"--http-auth-token-file applies only with --http"}},
		// A token no header can carry would make every call fail after three attempts.
		{[]string{"SPICE_API_TOKEN=pat CANARY\x01x"}, nil, []string{"SPICE_API_TOKEN contains a control character"}},
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=x,client_secret=csCANARY1,org=sandbox,bogus=1"}, []string{`--oauth-client: unknown key "bogus"`}},
		{nil, []string{"sandbox-api", "--token", "Y2FuYXJ5CANARYdG9rZW4xMjM0NTY="}, []string{"--token: an entry has an unknown key"}},
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=a,SUPERCANARYXYZ=,org=sandbox"}, []string{"--oauth-client: an entry has an unknown key"}},
		// URL flags and variables: the message names them and never echoes userinfo or a query.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--oauth-authorization-server", "https://ghp_CANARYabcdef0123456789@auth.example.com"}, []string{`--oauth-authorization-server "https://auth.example.com" (credentials, query and fragment not shown): want a URL without credentials`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--oauth-authorization-server", "https://auth.example.com/?token=CANARY"}, []string{"--oauth-authorization-server", "want a URL without credentials"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://h.example.com/mcp?access_token=CANARYVALUE123"}, []string{`--http-public-url "https://h.example.com/mcp" (credentials, query and fragment not shown)`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://CANARYUSER@h.example.com/mcp"}, []string{"--http-public-url", "want a URL without credentials"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://u:CANARYPW@h.example.com/mcp#x"}, []string{"--http-public-url", "want a URL without credentials"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://u:CANARY%zz@h.example.com/mcp"}, []string{"--http-public-url (value not shown): want an absolute http or https URL"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "ftp://h.example.com/mcp"}, []string{`--http-public-url "ftp://h.example.com/mcp": want an absolute http or https URL`}},
		{[]string{"SPICE_API_URL=https://CANARY:pw@api.example.com", "SPICE_API_TOKEN=tok"}, nil, []string{"invalid API base URL (SPICE_API_URL)", "credentials"}},
		{[]string{"SPICE_API_URL=https://api.example.com/?key=CANARY", "SPICE_API_TOKEN=tok"}, nil, []string{"invalid API base URL (SPICE_API_URL)"}},
		{[]string{"SPICE_OAUTH_TOKEN_URL=https://CANARY@spice.example.com/token", "SPICE_CLIENT_ID=id", "SPICE_CLIENT_SECRET=secret"}, nil, []string{"SPICE_OAUTH_TOKEN_URL", "credentials"}},
		{[]string{"SPICE_OAUTH_TOKEN_URL=https://spice.example.com/token?client_secret=CANARY", "SPICE_CLIENT_ID=id", "SPICE_CLIENT_SECRET=secret"}, nil, []string{"SPICE_OAUTH_TOKEN_URL"}},
		// --allowed-origins takes origins: http(s)://host[:port], never "*". The error names the
		// entry by position and shows at most its scheme://host.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "*"}, []string{`--allowed-origins, entry 1 of 1: "*" would let every site's pages call the server`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://ok.example.com,javascript:1"}, []string{`--allowed-origins, entry 2 of 2: the entry is not an origin: want http://host[:port] or https://host[:port]`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "null"}, []string{`--allowed-origins, entry 1 of 1: "null" is the origin of any sandboxed`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://console.example.com/CANARYapp"}, []string{`"https://console.example.com" is not an origin: it has credentials, a path, a query or a fragment`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://CANARY@console.example.com"}, []string{`--allowed-origins, entry 1 of 1: "https://console.example.com" is not an origin`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://example.com/?token=CANARYQ"}, []string{`--allowed-origins, entry 1 of 1: "https://example.com" is not an origin`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://ok.example.com,https://example.com#CANARYF"}, []string{`--allowed-origins, entry 2 of 2: "https://example.com" is not an origin`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "user:CANARYPW@example.com"}, []string{"--allowed-origins, entry 1 of 1: the entry is not an origin"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://u:CANARY%zz@example.com"}, []string{"--allowed-origins, entry 1 of 1: the entry is not an origin"}},
		// Origins that could never match a browser's Origin header are refused.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://a.com:443,https://b.com:"}, []string{`--allowed-origins, entry 2 of 2: "https://b.com:" is not an origin: the port after ":" is empty`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "javascript://x.com"}, []string{`"javascript://x.com" is not an origin: only http and https origins`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://x.com:99999"}, []string{`"https://x.com:99999" is not an origin: the port must be a number from 1 to 65535`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://x.com:0"}, []string{"the port must be a number from 1 to 65535"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--allowed-origins", "https://:8080"}, []string{"the host must be a host name or an IP address"}},
		// --http-public-url (the OAuth resource identifier) follows SPICE_API_URL's port rule, in
		// the sandbox and against the real API.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://example.com:99999/mcp"}, []string{`--http-public-url "https://example.com:99999/mcp": want http(s)://host[:port]/path, a port from 1 to 65535`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://example.com:0/mcp"}, []string{"--http-public-url", "a port from 1 to 65535"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://example.com:/mcp"}, []string{"--http-public-url", "a port from 1 to 65535"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--http-public-url", "https://example.com:99999/mcp"}, []string{"--http-public-url", "a port from 1 to 65535"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://u:CANARYPW@example.com:99999/mcp?k=CANARY"}, []string{"--http-public-url", "want a URL without credentials"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--oauth-authorization-server", "https://auth.example.com:70000"}, []string{`--oauth-authorization-server "https://auth.example.com:70000"`, "a port from 1 to 65535"}},
		// SPICE_ORG follows the org argument's rule, in the sandbox and against the real API.
		{[]string{"SPICE_ORG=sand\nbox"}, []string{"--sandbox"}, []string{"SPICE_ORG contains a control character", "X-Org-Name"}},
		{[]string{"SPICE_ORG=sand\tbox", "SPICE_API_TOKEN=tok"}, nil, []string{"SPICE_ORG contains a control character"}},
		{[]string{"SPICE_ORG= sandbox"}, []string{"--sandbox"}, []string{"SPICE_ORG has spaces or line breaks at the start or end"}},
		{[]string{"SPICE_ORG=sandbox\n", "SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0"}, []string{"SPICE_ORG has spaces or line breaks"}},
		{[]string{"SPICE_ORG=   "}, []string{"--sandbox"}, []string{"SPICE_ORG has spaces"}},
		// Bytes that are not UTF-8 (whoami would show U+FFFD), as tools refuse them in org.
		{[]string{"SPICE_ORG=\xff\xfeCANARYacme"}, []string{"--sandbox"}, []string{"SPICE_ORG holds bytes that are not UTF-8 text"}},
		{[]string{"SPICE_ORG=acme\xc3", "SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0"}, []string{"SPICE_ORG holds bytes that are not UTF-8 text"}},
		// The page's own address is stdio's: over --http it would be ignored.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--human-listen", "127.0.0.1:8788"}, []string{"--human-listen needs stdio"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--human-listen-beyond-loopback"}, []string{"--human-listen-beyond-loopback needs stdio"}},
		// sandbox-api tokens: no control character (not echoed), and org is required.
		{nil, []string{"sandbox-api", "--token", "value=SEC\x01CANARY,org=sandbox"}, []string{"invalid value for flag --token: value contains a control character"}},
		{nil, []string{"sandbox-api", "--token", "value=CANARY\ttoken,org=sandbox"}, []string{"--token: value contains a control character"}},
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=x,client_secret=CANARY\r,org=sandbox"}, []string{"--oauth-client: client_id or client_secret contains a control character"}},
		{nil, []string{"sandbox-api", "--token", "value=CANARYtoken"}, []string{"--token: org is required (one of: sandbox, acme-labs)"}},
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=x,client_secret=CANARY"}, []string{"--oauth-client: org is required"}},
		// Flag errors name the flag as the usage spells it, with two dashes.
		{nil, []string{"-bogus"}, []string{"flag provided but not defined: --bogus", "Usage:"}},
		{nil, []string{"-version=maybe"}, []string{"invalid boolean value for --version (not shown"}},
		// A credential typed where a flag's value was expected is never echoed: not as an
		// unexpected argument, a boolean's value, nor the path of the token file.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-allow-server-token", "spat_CANARY123456"}, []string{"unexpected argument 5 (after --http-allow-server-token), not shown as it may be a credential", "--flag=false"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--http-allow-server-token=spat_CANARY123456"}, []string{"invalid boolean value for --http-allow-server-token (not shown, as it may be a credential): write --http-allow-server-token alone"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--http-auth-token=", "spat_CANARY1234567890"}, []string{"unexpected argument 4 (after --http-auth-token), not shown"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", "spat_CANARY1234567890"}, []string{"--http-auth-token-file: the file it names cannot be read (no such file or directory; the path is not shown"}},
		{[]string{"SPICE_API_TOKEN=tok"}, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", dir}, []string{"--http-auth-token-file: the file it names cannot be read (is a directory"}},
		{nil, []string{"sandbox-api", "--token", "value=x,org=sandbox", "CANARYtoken"}, []string{"sandbox-api: unexpected argument 4, not shown"}},
		// The auth token given twice: refused, naming both (which would win is not obvious).
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-auth-token", "a-CANARY-secret-of-24-chars", "--http-auth-token-file", blank}, []string{"--http-auth-token and --http-auth-token-file both give the HTTP auth token"}},
		// --http with an empty value (an unset variable) would serve stdio and exit at once.
		{nil, []string{"--sandbox", "--http="}, []string{"--http is empty: give the address to serve HTTP on"}},
		{nil, []string{"--sandbox", "--http", " "}, []string{"--http is empty"}},
		{nil, []string{"--sandbox", "--http", " 127.0.0.1:0"}, []string{`--http " 127.0.0.1:0": want HOST:PORT or :PORT, without spaces`}},
		// Flags the sandbox would ignore.
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-allow-server-token"}, []string{"--http-allow-server-token does nothing with --sandbox"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--oauth-authorization-server", "https://auth.example.com"}, []string{"--oauth-authorization-server does nothing with --sandbox"}},
		// A tool selection that leaves no tool.
		{nil, []string{"--sandbox", "--read-only", "--tools", "delete_app"}, []string{"the tool selection leaves no tool to expose (--read-only with --tools)"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--toolsets", "apps", "--tools", "list_members"}, []string{"leaves no tool to expose (--toolsets with --tools)"}},
		{[]string{"SPICE_API_URL=https://api.spice.ai/#", "SPICE_API_TOKEN=tok"}, nil, []string{"it must not carry credentials, a query or a fragment"}},
	} {
		bin := serverBinary(t) // built before the clock starts: a cold build can take longer than the limit
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, bin, tc.args...)
		cmd.Env = cleanEnv(tc.env...)
		cmd.Stdin = strings.NewReader("")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || stdout.Len() != 0 {
			t.Errorf("%v %v: %v (want exit 2), stdout %q, stderr:\n%s", tc.env, tc.args, err, stdout.String(), stderr.String())
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%v %v: stderr lacks %q:\n%s", tc.env, tc.args, want, stderr.String())
			}
		}
		if strings.Contains(stderr.String(), "CANARY") {
			t.Errorf("%v %v: a secret reached stderr:\n%s", tc.env, tc.args, stderr.String())
		}
		if strings.Contains(stderr.String(), "serving MCP") || strings.Contains(stderr.String(), "listening") {
			t.Errorf("%v %v: started serving before refusing:\n%s", tc.env, tc.args, stderr.String())
		}
	}
}

// TestStdioIgnoresHTTPAuthTokenVariable: the shared secret is HTTP's, so a stdio launch whose
// environment lists SPICE_MCP_HTTP_AUTH_TOKEN empty (a client configuration template) starts.
func TestStdioIgnoresHTTPAuthTokenVariable(t *testing.T) {
	bin := serverBinary(t) // built before the clock starts: a cold build can take longer than the limit
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--sandbox")
	cmd.Env = cleanEnv("SPICE_MCP_HTTP_AUTH_TOKEN=")
	cmd.Stdin = strings.NewReader("")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("stdio with SPICE_MCP_HTTP_AUTH_TOKEN empty: %v\n%s", err, stderr.String())
	}
}
