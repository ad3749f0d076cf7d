package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// These tests call cli.Run in the test process, as main does, with their own arguments,
// environment and streams: no binary is built for them.

type outcome struct {
	code           int
	stdout, stderr string
}

// getenv serves a fixed environment, so the tests never see the developer's SPICE_ variables.
func getenv(env map[string]string) func(string) string {
	return func(key string) string { return env[key] }
}

// lookupEnv serves the same environment as os.LookupEnv does: a key present with "" is set.
func lookupEnv(env map[string]string) func(string) (string, bool) {
	return func(key string) (string, bool) { v, ok := env[key]; return v, ok }
}

// run executes the command line with stdin at end of file: a stdio server that starts stops at
// once, with exit code 0.
func run(t *testing.T, env map[string]string, args ...string) outcome {
	t.Helper()
	return runWithStdin(t, strings.NewReader(""), env, args...)
}

func runWithStdin(t *testing.T, stdin io.Reader, env map[string]string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr testutil.SyncBuffer
	code := cli.Run(ctx, cli.Env{Args: args, Getenv: getenv(env), LookupEnv: lookupEnv(env), Stdin: stdin, Stdout: &stdout, Stderr: &stderr})
	return outcome{code, stdout.String(), stderr.String()}
}

func TestVersion(t *testing.T) {
	got := run(t, nil, "--version")
	if got.code != 0 || got.stdout != "spice-cloud-mcp dev\n" || got.stderr != "" {
		t.Errorf("--version: %+v", got)
	}
	old := cli.Version
	cli.Version = "v1.2.3"
	t.Cleanup(func() { cli.Version = old })
	if got := run(t, nil, "--version"); got.stdout != "spice-cloud-mcp v1.2.3\n" || cli.CurrentVersion() != "v1.2.3" {
		t.Errorf("stamped version: %+v", got)
	}
}

// TestHelp: every spelling of help prints the usage and every flag, with two dashes, to stdout.
func TestHelp(t *testing.T) {
	flags := []string{"--sandbox", "--http ADDR", "--output-schemas", "--strict-schemas", "--log-level", "--log-format", "--version", "--read-only",
		"--toolsets LIST", "--tools LIST", "--exclude-tools LIST", "--no-confirm", "--mask-api-keys", "--tool-timeout DURATION",
		"--http-allow-server-token", "--http-auth-token-file FILE", "--http-auth-token", "--allowed-origins ORIGINS",
		"--http-max-body SIZE", "--http-max-sessions N", "--http-max-connections N", "--http-session-ttl DURATION", "--http-read-timeout DURATION",
		"--http-idle-timeout DURATION", "--oauth-authorization-server URL", "--http-public-url URL", "--human-listen ADDR",
		"--human-listen-beyond-loopback"}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"--sandbox", "--help"}, {"--bogus", "--help"}} {
		got := run(t, nil, args...)
		if got.code != 0 || got.stderr != "" || !strings.HasPrefix(got.stdout, "spice-cloud-mcp — an MCP server") {
			t.Errorf("%v: %+v", args, got)
			continue
		}
		for _, f := range flags {
			if !strings.Contains(got.stdout, "  "+f+" ") {
				t.Errorf("%v: usage lacks %q:\n%s", args, f, got.stdout)
			}
		}
		// --confirm names every kind of action it governs: add_member's admin or owner grant and set_secret's value_from_env and value_from_file too.
		for _, want := range []string{"(default info)", "(default text)", "apps, deployments, secrets", "SPICE_API_TOKEN",
			"who approves deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): MODE"} {
			if !strings.Contains(got.stdout, want) {
				t.Errorf("%v: usage lacks %q", args, want)
			}
		}
	}
}

// TestValidFlags: each flag with a valid value starts the stdio server, which ends at the end of
// stdin with exit code 0, having written nothing to stdout.
func TestValidFlags(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("  a-shared-secret-of-24-chars\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	creds := map[string]string{"SPICE_API_TOKEN": "tok"}
	for _, tc := range []struct {
		env      map[string]string
		args     []string
		inStderr string
	}{
		{nil, nil, "no Spice.ai credentials: only check_health and whoami will work"},
		{nil, []string{"--sandbox"}, "sandbox (emulated API with demo data)"},
		{nil, []string{"--sandbox=true"}, "serving MCP over stdio"},
		{creds, []string{"--sandbox=false"}, "real Spice.ai API at https://api.spice.ai"},
		{creds, []string{"--output-schemas"}, "serving MCP over stdio"},
		{creds, []string{"--log-level", "debug"}, "INF"},
		{creds, []string{"--log-level=info"}, "INF"},
		{creds, []string{"--log-level", "warn"}, ""},
		{creds, []string{"-log-level", "error"}, ""},
		{creds, []string{"--log-format", "json"}, `"msg":"serving MCP over stdio"`},
		{creds, []string{"--log-format", "text"}, "INF serving MCP over stdio"},
		{creds, []string{"--read-only"}, ""},
		{creds, []string{"--toolsets", strings.Join(tools.Toolsets, ",")}, ""},
		{creds, []string{"--toolsets", " apps , ,secrets "}, ""},
		{creds, []string{"--tools", "list_apps,whoami"}, ""},
		{creds, []string{"--exclude-tools", "delete_app"}, ""},
		{creds, []string{"--no-confirm", "--mask-api-keys"}, ""},
		{creds, []string{"--confirm", "agent"}, ""},
		{creds, []string{"--confirm=off", "--no-confirm"}, ""},
		{creds, []string{"--confirm=human", "--human-listen", "127.0.0.1:0"}, ""},
		{creds, []string{"--tool-timeout", "90s"}, ""},
		{map[string]string{"SPICE_API_TOKEN": "tok", "SPICE_MCP_HTTP_AUTH_TOKEN": "a-shared-secret-of-24-chars"}, nil, ""},
		{map[string]string{"SPICE_API_TOKEN": "tok", "SPICE_ORG": "Acme.Labs_2"}, nil, ""}, // r49: a handle of [A-Za-z0-9._-]{1,64} (was acmé-labs)
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "secret", "SPICE_OAUTH_SCOPES": "apps:read"}, nil, "serving MCP over stdio"},
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:8787", "SPICE_API_TOKEN": "tok"}, nil, "not the production API"},
		// The production API with https's default port written out is the production API.
		{map[string]string{"SPICE_API_URL": "https://api.spice.ai:443", "SPICE_API_TOKEN": "tok"}, nil, `mode="real Spice.ai API at https://api.spice.ai"`},
		{map[string]string{"SPICE_API_URL": "HTTPS://API.spice.ai:443/", "SPICE_API_TOKEN": "tok"}, nil, `mode="real Spice.ai API at https://api.spice.ai"`},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "a-confirm-key-of-24-chars"}, []string{"--sandbox"}, ""},
		{creds, []string{"--human-listen", ":0"}, ""},
		{creds, []string{"--human-listen", "127.0.0.1:65535"}, ""},
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:65535", "SPICE_API_TOKEN": "tok"}, nil, "not the production API"},
		{creds, []string{"--human-listen", "[::1]:0"}, ""},
		{creds, []string{"--human-listen", "0.0.0.0:0", "--human-listen-beyond-loopback"}, ""},
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:8787/", "SPICE_API_TOKEN": "tok"}, nil, "not the production API"},
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "secret", "SPICE_OAUTH_TOKEN_URL": "https://auth.example.com/oauth/token"}, nil, "serving MCP over stdio"},
		// The sandbox reads no Spice credentials or endpoints, so broken ones do not matter.
		{map[string]string{"SPICE_API_URL": "ftp://nowhere", "SPICE_CLIENT_ID": "id"}, []string{"--sandbox"}, ""},
		{creds, []string{"--"}, ""},
		// A token's surrounding whitespace (a trailing newline from a file) is trimmed.
		{map[string]string{"SPICE_API_TOKEN": "tok\n"}, nil, ""},
	} {
		got := run(t, tc.env, tc.args...)
		if got.code != 0 || got.stdout != "" || !strings.Contains(got.stderr, tc.inStderr) {
			t.Errorf("%v %v: exit %d, stdout %q, stderr:\n%s", tc.env, tc.args, got.code, got.stdout, got.stderr)
		}
		if strings.Contains(got.stderr, "no Spice.ai credentials") != (tc.env == nil && len(tc.args) == 0) {
			t.Errorf("%v %v: credentials warning wrong:\n%s", tc.env, tc.args, got.stderr)
		}
	}
	// Flags that only HTTP mode reads, with valid values, start an HTTP server (over stdio they
	// are refused: TestHTTPFlagsNeedHTTP).
	for _, args := range [][]string{
		{"--http-allow-server-token"},
		{"--http-auth-token", "sixteen-chars-ok"},
		{"--http-auth-token-file", tokenFile},
		{"--allowed-origins", "https://a.example,https://b.example"},
		{"--http-max-body", "512KiB", "--http-max-sessions", "50", "--http-session-ttl", "2m"},
		{"--http-max-body=2097152", "--http-read-timeout=5s", "--http-idle-timeout=1m"},
		{"--oauth-authorization-server", "https://auth.example.com/tenant", "--http-public-url", "https://mcp.example.com/mcp"},
		{"--oauth-authorization-server", "https://auth.example.com:8443/tenant", "--http-public-url", "https://mcp.example.com:65535/mcp"},
		{"--http-public-url", "http://mcp.example.com:1/mcp"},
		{"--http-shutdown-grace", "25s"},
		{"--http-max-connections", "1000"},
	} {
		startHTTP(t, creds, args...).stop()
	}
	// --log-level warn keeps info lines out.
	if got := run(t, creds, "--log-level", "warn"); got.stderr != "" {
		t.Errorf("--log-level warn logged: %s", got.stderr)
	}
	// JSON logs are JSON, one object a line.
	for _, line := range strings.Split(strings.TrimSpace(run(t, nil, "--log-format", "json").stderr), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("--log-format json wrote %q", line)
		}
	}
}

// TestInvalidCommandLines: every refusal exits non-zero, says why on stderr (errors never go to
// stdout) and never echoes a secret.
func TestInvalidCommandLines(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("too-short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty, blank := filepath.Join(dir, "empty"), filepath.Join(dir, "blank")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blank, []byte(" \n\t \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	creds := map[string]string{"SPICE_API_TOKEN": "tok"}
	for _, tc := range []struct {
		env      map[string]string
		args     []string
		code     int
		inStderr []string
	}{
		{nil, []string{"--bogus"}, 2, []string{"flag provided but not defined: --bogus", "Usage:", "--sandbox"}},
		{nil, []string{"-x"}, 2, []string{"flag provided but not defined: --x"}},
		{nil, []string{"-version=2"}, 2, []string{"invalid boolean value for --version (not shown, as it may be a credential): write --version alone, or --version=true or --version=false"}},
		{nil, []string{"extra"}, 2, []string{`unknown command "extra": the commands are sandbox-api, help and version`}},
		{nil, []string{"Extra-1"}, 2, []string{"unexpected argument 1, not shown as it may be a credential", "(see --help)"}},
		{nil, []string{"--sandbox", "serve"}, 2, []string{"unexpected argument 2 (after --sandbox), not shown"}},
		{nil, []string{"--", "--help"}, 2, []string{"unexpected argument 2 (after --, which ends the flags)"}},
		{nil, []string{"--sandbox", "--read-only=true", "hunter2-typed-here"}, 2, []string{"unexpected argument 3 (after --read-only)"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-allow-server-token", "hunter2-typed-here"}, 2, []string{"unexpected argument 5 (after --http-allow-server-token)"}},
		{nil, []string{"--read-only=hunter2"}, 2, []string{"invalid boolean value for --read-only (not shown"}},
		// A flag given twice is refused, never resolved by the last one winning: that would
		// expose delete_app here, lift --read-only, or turn approvals off.
		{nil, []string{"--sandbox", "--exclude-tools=delete_app", "--exclude-tools=pause_app"}, 2, []string{"--exclude-tools is given more than once: give it once (a list flag takes its items separated by commas)"}},
		{nil, []string{"--sandbox", "--tools", "list_apps", "--tools", "delete_app"}, 2, []string{"--tools is given more than once"}},
		{nil, []string{"--sandbox", "--toolsets=apps", "--toolsets=members"}, 2, []string{"--toolsets is given more than once"}},
		{nil, []string{"--sandbox", "--read-only", "--read-only=false"}, 2, []string{"--read-only is given more than once"}},
		{nil, []string{"--sandbox", "--read-only", "--read-only"}, 2, []string{"--read-only is given more than once"}},
		{nil, []string{"--sandbox", "--confirm=human", "--confirm=off"}, 2, []string{"--confirm is given more than once"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token", "hunter2-sixteen-chars", "--http-auth-token", "hunter2-other-sixteen"}, 2, []string{"--http-auth-token is given more than once"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", "hunter2-a-token-not-a-path"}, 2, []string{"--http-auth-token-file: the file it names cannot be read (no such file or directory"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token", "hunter2-sixteen-chars", "--http-auth-token-file", short}, 2,
			[]string{"--http-auth-token and --http-auth-token-file both give the HTTP auth token: give one"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "x"}, []string{"--http", "127.0.0.1:0", "--http-auth-token-file=", "--http-auth-token", "x"}, 2, []string{"both give the HTTP auth token"}},
		{nil, []string{"--http="}, 2, []string{"--http is empty: give the address to serve HTTP on (HOST:PORT, or :PORT for loopback), or leave the flag out to serve over stdio"}},
		{nil, []string{"--sandbox", "--http", ""}, 2, []string{"--http is empty"}},
		{nil, []string{"--sandbox", "--http", "\t"}, 2, []string{"--http is empty"}},
		{nil, []string{"--sandbox", "--http", " 127.0.0.1:0"}, 2, []string{"without spaces"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1 :0"}, 2, []string{"without spaces"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-allow-server-token"}, 2,
			[]string{"--http-allow-server-token does nothing with --sandbox (every request that brings no token already uses the sandbox's own)"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--oauth-authorization-server", "https://spice.ai"}, 2,
			[]string{"--oauth-authorization-server does nothing with --sandbox (the sandbox accepts only its own token and names no authorization server)"}},
		{nil, []string{"--read-only", "--tools", "delete_app"}, 2, []string{"the tool selection leaves no tool to expose (--read-only with --tools): the server would start with an empty tools/list"}},
		{nil, []string{"--toolsets", "apps", "--tools", "list_members"}, 2, []string{"leaves no tool to expose (--toolsets with --tools)"}},
		{nil, []string{"--tools", "whoami", "--exclude-tools", "whoami"}, 2, []string{"leaves no tool to expose (--tools with --exclude-tools)"}},
		{map[string]string{"SPICE_API_URL": "https://api.spice.ai/#", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"must not carry credentials, a query or a fragment"}},
		{map[string]string{"SPICE_API_URL": "https://api.spice.ai#", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"a query or a fragment"}},
		{nil, []string{"--http"}, 2, []string{"flag needs an argument: --http"}},
		{nil, []string{"--log-level"}, 2, []string{"flag needs an argument: --log-level"}},
		{nil, []string{"--log-level", "loud"}, 2, []string{`unknown log level "loud": want debug, info, warn or error`}},
		{nil, []string{"--log-level", ""}, 2, []string{"unknown log level"}},
		{nil, []string{"--log-format", "xml"}, 2, []string{`unknown log format "xml": want text or json`}},
		{nil, []string{"--tool-timeout", "0s"}, 2, []string{"--tool-timeout must be positive, got 0s"}},
		{nil, []string{"--confirm", "maybe"}, 2, []string{`--confirm "maybe": want human, agent, off`}},
		{nil, []string{"--confirm", "agent", "--no-confirm"}, 2, []string{"--no-confirm means --confirm=off; it contradicts --confirm=agent"}},
		{nil, []string{"--human-listen", "8788"}, 2, []string{`--human-listen "8788": want HOST:PORT`}},
		// A port the listener would refuse is a bad command line, refused at start-up: the page
		// listener starts only when a person needs it, too late to say so.
		{nil, []string{"--human-listen", "127.0.0.1:abc"}, 2, []string{`--human-listen "127.0.0.1:abc": the port must be a number from 0 (any free port) to 65535`}},
		{nil, []string{"--human-listen", ":99999"}, 2, []string{`--human-listen ":99999": the port must be a number from 0`}},
		{nil, []string{"--human-listen", "127.0.0.1:"}, 2, []string{`--human-listen "127.0.0.1:": the port must be a number`}},
		{nil, []string{"--human-listen", "127.0.0.1:-1"}, 2, []string{`the port must be a number`}},
		{nil, []string{"--sandbox", "--http", ":99999"}, 2, []string{`--http ":99999": the port must be a number from 0 (any free port) to 65535`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:65536"}, 2, []string{`--http "127.0.0.1:65536": the port must be a number`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:http"}, 2, []string{`--http "127.0.0.1:http": the port must be a number`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:+80"}, 2, []string{`the port must be a number`}},
		{creds, []string{"--http", "0.0.0.0:99999", "--http-allow-server-token"}, 2, []string{`--http "0.0.0.0:99999": the port must be a number`}},
		{map[string]string{"SPICE_API_URL": "http://h:99999", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)", "a port from 1 to 65535"}},
		{map[string]string{"SPICE_API_URL": "http://h:0", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)", "a port from 1 to 65535"}},
		{map[string]string{"SPICE_API_URL": "http://h:abc", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)"}},
		// ":" with no port after it is no port (url.Port() reads it as ""), refused by the same rule.
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL): want http(s)://host[:port], a port from 1 to 65535"}},
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:/", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL): want http(s)://host[:port], a port from 1 to 65535"}},
		{map[string]string{"SPICE_API_URL": "http://[::1]:", "SPICE_API_TOKEN": "tok"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)", "a port from 1 to 65535"}},
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s", "SPICE_OAUTH_TOKEN_URL": "https://auth.example.com:/token"}, nil, 2,
			[]string{"invalid OAuth token URL (SPICE_OAUTH_TOKEN_URL)", "a port from 1 to 65535"}},
		{nil, []string{"--http", "127.0.0.1:0", "--oauth-authorization-server", "https://auth.example.com:"}, 2, []string{`--oauth-authorization-server "https://auth.example.com:"`, "a port from 1 to 65535"}},
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s", "SPICE_OAUTH_TOKEN_URL": "https://auth.example.com:70000/token"}, nil, 2,
			[]string{"invalid OAuth token URL (SPICE_OAUTH_TOKEN_URL)", "a port from 1 to 65535"}},
		{nil, []string{"--human-links", "email"}, 2, []string{`--human-links "email": want open, show or auto`}},
		{nil, []string{"--human-links", "open", "--http", "127.0.0.1:0"}, 2, []string{"--human-links=open needs stdio"}},
		{nil, []string{"--human-links", "open"}, 2, []string{"--human-links=open: no graphical browser"}},
		{nil, []string{"--tool-timeout", "soon"}, 2, []string{`invalid value "soon" for flag --tool-timeout`}},
		{nil, []string{"--toolsets", "apps,nope"}, 2, []string{`unknown toolset "nope" in --toolsets; valid: apps, deployments`}},
		{nil, []string{"--tools", "list_apps,nope"}, 2, []string{`unknown tool "nope" in --tools; valid:`, "whoami"}},
		{nil, []string{"--tools="}, 2, []string{"--tools is empty: name the tools to expose"}},
		{nil, []string{"--tools", " , "}, 2, []string{"--tools is empty"}},
		{nil, []string{"--exclude-tools", "Delete_App"}, 2, []string{`unknown tool "Delete_App" in --exclude-tools`}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token", "short"}, 2, []string{"the HTTP auth token must be at least 16 characters"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", short}, 2, []string{"at least 16 characters"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", filepath.Join(dir, "missing")}, 2, []string{"--http-auth-token-file:", "no such file"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "short"}, []string{"--http", "127.0.0.1:0"}, 2, []string{"SPICE_MCP_HTTP_AUTH_TOKEN: the HTTP auth token must be at least 16 characters"}},
		// A secret given but empty or blank is refused like a short one, naming where it was
		// given: read as "no secret", it would serve without the check the operator asked for.
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", empty}, 2, []string{"--http-auth-token-file " + strconv.Quote(empty) + ": the HTTP auth token must be at least 16 characters"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file", blank}, 2, []string{"--http-auth-token-file " + strconv.Quote(blank) + ": the HTTP auth token must be at least 16 characters"}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-auth-token-file", empty}, 2, []string{"--http-auth-token-file", "must be at least 16 characters"}},
		{creds, []string{"--http", "0.0.0.0:0", "--http-allow-server-token", "--http-auth-token-file", empty}, 2, []string{"--http-auth-token-file", "must be at least 16 characters"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token-file="}, 2, []string{"--http-auth-token-file:"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-auth-token="}, 2, []string{"--http-auth-token: the HTTP auth token must be at least 16 characters"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": ""}, []string{"--http", "127.0.0.1:0"}, 2, []string{"SPICE_MCP_HTTP_AUTH_TOKEN: the HTTP auth token must be at least 16 characters"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": " \t"}, []string{"--http", "127.0.0.1:0"}, 2, []string{"SPICE_MCP_HTTP_AUTH_TOKEN: the HTTP auth token must be at least 16 characters"}},
		{map[string]string{"SPICE_API_URL": "ftp://api.example.com"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL): want http(s)://host[:port]"}},
		{map[string]string{"SPICE_API_URL": "api.example.com"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)"}},
		{map[string]string{"SPICE_API_URL": "https://"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)"}},
		{map[string]string{"SPICE_API_URL": "https://user:hunter2-url-secret@api.example.com"}, nil, 2, []string{"must not carry credentials, a query or a fragment"}},
		{map[string]string{"SPICE_API_URL": "https://api.example.com/?token=hunter2-url-secret"}, nil, 2, []string{"must not carry credentials"}},
		{map[string]string{"SPICE_CLIENT_ID": "abc"}, nil, 2, []string{"SPICE_CLIENT_ID is set but SPICE_CLIENT_SECRET is not"}},
		{map[string]string{"SPICE_CLIENT_SECRET": "hunter2-url-secret"}, nil, 2, []string{"SPICE_CLIENT_SECRET is set but SPICE_CLIENT_ID is not"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-body", "1MB"}, 2, []string{`invalid value "1MB" for flag --http-max-body: want a number of bytes, optionally with KiB, MiB or GiB`}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-body", "-5"}, 2, []string{`invalid value "-5" for flag --http-max-body`}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-body", "100"}, 2, []string{"--http-max-body 100: want at least 1KiB"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-sessions", "0"}, 2, []string{"--http-max-sessions 0: want at least 1"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-sessions", "many"}, 2, []string{`invalid value "many" for flag --http-max-sessions`}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-connections", "0"}, 2, []string{"--http-max-connections 0: want at least 1"}},
		// A cap beyond any file descriptor limit bounds nothing, and its map's size hint once
		// reserved hundreds of MB at start-up.
		{nil, []string{"--http", "127.0.0.1:0", "--http-max-connections", "10000000"}, 2, []string{"--http-max-connections 10000000: want at most 65,536"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-session-ttl", "0s"}, 2, []string{"--http-session-ttl 0s: want at least 1s"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-read-timeout", "500ms"}, 2, []string{"--http-read-timeout 500ms: want at least 1s"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-idle-timeout", "-1s"}, 2, []string{"--http-idle-timeout -1s: want at least 1s"}},
		// A value without a host is not shown: it may be a token pasted in the wrong place.
		{nil, []string{"--http", "127.0.0.1:0", "--oauth-authorization-server", "spice.ai"}, 2, []string{`--oauth-authorization-server (value not shown): want an absolute http or https URL`}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-public-url", "https://user:hunter2-url-secret@mcp.example.com/mcp"}, 2, []string{"--http-public-url", "without credentials"}},
		// A port outside 1 to 65535, or ":" with none after it: SPICE_API_URL's rule.
		{nil, []string{"--http", "127.0.0.1:0", "--http-public-url", "https://mcp.example.com:99999/mcp"}, 2, []string{`--http-public-url "https://mcp.example.com:99999/mcp": want http(s)://host[:port]/path, a port from 1 to 65535`}},
		{nil, []string{"--sandbox", "--http", "127.0.0.1:0", "--http-public-url", "https://mcp.example.com:/mcp"}, 2, []string{"a port from 1 to 65535"}},
		{map[string]string{"SPICE_ORG": "\xff\xfeacme"}, []string{"--sandbox"}, 2, []string{"SPICE_ORG holds bytes that are not UTF-8 text"}},
		{creds, []string{"--http", "127.0.0.1:0", "--allowed-origins", "https://a.example:443,https://b.example:"}, 2, []string{`--allowed-origins, entry 2 of 2: "https://b.example:" is not an origin: the port after ":" is empty`}},
		{creds, []string{"--http", "127.0.0.1:0", "--allowed-origins", "https://a.example/?token=hunter2"}, 2, []string{`--allowed-origins, entry 1 of 1: "https://a.example" is not an origin`}},
		// What the HTTP listener would refuse is a configuration error too: exit 2, before anything starts.
		{nil, []string{"--http", "nonsense"}, 2, []string{`--http "nonsense": want HOST:PORT or :PORT`}},
		{creds, []string{"--http", "0.0.0.0:0", "--http-allow-server-token"}, 2, []string{"refusing to serve 0.0.0.0:0 beyond loopback", "--http-auth-token-file"}},
		{creds, []string{"--http", "[::]:0", "--http-allow-server-token"}, 2, []string{"refusing to serve"}},
		// A base URL with a path would send /v1/v1/…: refused, naming the rule.
		{map[string]string{"SPICE_API_URL": "https://api.example.com/v1"}, nil, 2, []string{"invalid API base URL (SPICE_API_URL)", "without a path"}},
		{map[string]string{"SPICE_API_URL": "https://api.example.com/v1/"}, nil, 2, []string{"without a path"}},
		// The OAuth token URL is checked like SPICE_API_URL, and never echoed.
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s", "SPICE_OAUTH_TOKEN_URL": "bogus-hunter2"}, nil, 2,
			[]string{"invalid OAuth token URL (SPICE_OAUTH_TOKEN_URL): want http(s)://host[:port]/path"}},
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s", "SPICE_OAUTH_TOKEN_URL": "http://user:hunter2@127.0.0.1:1/token"}, nil, 2,
			[]string{"SPICE_OAUTH_TOKEN_URL", "must not carry credentials, a query or a fragment"}},
		{map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s", "SPICE_OAUTH_TOKEN_URL": "http://127.0.0.1:1/token?client_secret=hunter2"}, nil, 2,
			[]string{"SPICE_OAUTH_TOKEN_URL", "must not carry credentials"}},
		// The confirmation key signs approval state: the same rule as the HTTP auth token.
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "REPLACE-ME"}, []string{"--sandbox"}, 2, []string{"SPICE_MCP_CONFIRM_KEY is still the placeholder"}},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "replace-me-with-a-long-value"}, []string{"--sandbox"}, 2, []string{"SPICE_MCP_CONFIRM_KEY is still the placeholder"}},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "x"}, []string{"--sandbox"}, 2, []string{"SPICE_MCP_CONFIRM_KEY must be at least 16 characters"}},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": ""}, []string{"--sandbox"}, 2, []string{"SPICE_MCP_CONFIRM_KEY must be at least 16 characters"}},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "   "}, []string{"--sandbox"}, 2, []string{"SPICE_MCP_CONFIRM_KEY must be at least 16 characters"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "REPLACE-ME"}, []string{"--http", "127.0.0.1:0"}, 2, []string{"the HTTP auth token is still the placeholder"}},
		// The page listener: a port alone binds loopback; beyond loopback needs the opt-in.
		{nil, []string{"--human-listen", "0.0.0.0:8788"}, 2, []string{"--human-listen 0.0.0.0:8788 is not a loopback address", "--human-listen-beyond-loopback"}},
		{nil, []string{"--human-listen", "[::]:0"}, 2, []string{"is not a loopback address"}},
		{nil, []string{"--human-listen", "192.0.2.2:0"}, 2, []string{"is not a loopback address"}},
		// A credential no header can carry is refused at start-up, naming the variable, never
		// echoing the value: every call would fail.
		{map[string]string{"SPICE_API_TOKEN": "pat hunter2\x01x"}, nil, 2, []string{"SPICE_API_TOKEN contains a control character", "Authorization header"}},
		{map[string]string{"SPICE_API_TOKEN": "hunter2\r\nX-Other: 1"}, nil, 2, []string{"SPICE_API_TOKEN contains a control character"}},
		{map[string]string{"SPICE_API_TOKEN": "hunter2\x7f"}, []string{"--http", "127.0.0.1:0"}, 2, []string{"SPICE_API_TOKEN contains a control character"}},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "a-long-hunter2-secret\x1bx"}, []string{"--http", "127.0.0.1:0"}, 2,
			[]string{"SPICE_MCP_HTTP_AUTH_TOKEN: the HTTP auth token contains a control character", "X-MCP-Auth-Token"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-shutdown-grace", "0s"}, 2, []string{"--http-shutdown-grace 0s: want at least 1s"}},
		// Flags that carry credentials name the problem, never their value.
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=x,client_secret=hunter2,org=sandbox,bogus=1"}, 2,
			[]string{`invalid value for flag --oauth-client: unknown key "bogus"`}},
		{nil, []string{"sandbox-api", "--oauth-client", "client_id=x,client_secret=abc,hunter2,org=sandbox"}, 2,
			[]string{"invalid value for flag --oauth-client: an entry is not KEY=VALUE (values cannot contain commas"}},
		{nil, []string{"sandbox-api", "--token", "value=hunter2,org=sandbox,admin"}, 2, []string{"invalid value for flag --token: an entry is not KEY=VALUE"}},
	} {
		got := run(t, tc.env, tc.args...)
		if got.code != tc.code || got.stdout != "" {
			t.Errorf("%v %v: exit %d (want %d), stdout %q, stderr:\n%s", tc.env, tc.args, got.code, tc.code, got.stdout, got.stderr)
		}
		for _, want := range tc.inStderr {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("%v %v: stderr lacks %q:\n%s", tc.env, tc.args, want, got.stderr)
			}
		}
		if strings.Contains(got.stderr, "hunter2") {
			t.Errorf("%v %v: a secret reached stderr:\n%s", tc.env, tc.args, got.stderr)
		}
	}
	// A malformed value of every boolean flag is refused the same way.
	for _, f := range []string{"sandbox", "output-schemas", "strict-schemas", "version", "read-only", "no-confirm", "mask-api-keys", "http-allow-server-token",
		"human-listen-beyond-loopback"} {
		got := run(t, nil, "--"+f+"=maybe")
		if got.code != 2 || got.stdout != "" || !strings.Contains(got.stderr, "invalid boolean value for --"+f+" (not shown") || strings.Contains(got.stderr, "maybe") {
			t.Errorf("--%s=maybe: %+v", f, got)
		}
	}
}

// TestHTTPFlagsNeedHTTP: every flag whose usage starts with "HTTP:" (read from --help, so a new
// one is covered) is refused without --http, exit 2 before anything serves, naming the flag:
// over stdio it would do nothing while the operator believes it in force. The refusal comes
// before the value's own checks. SPICE_MCP_HTTP_AUTH_TOKEN, often set for every launch, stays
// ignored over stdio (TestValidFlags).
func TestHTTPFlagsNeedHTTP(t *testing.T) {
	help := run(t, nil, "--help").stdout
	var flags [][]string
	for _, line := range strings.Split(help, "\n") {
		left, _, ok := strings.Cut(line, " HTTP: ")
		if !ok || !strings.HasPrefix(line, "  --") {
			continue
		}
		name, placeholder, _ := strings.Cut(strings.TrimSpace(left), " ")
		args := []string{name}
		if placeholder != "" {
			value := "x"
			if i := strings.LastIndex(line, " (default "); i >= 0 {
				value = strings.TrimSuffix(line[i+len(" (default "):], ")")
			}
			args = append(args, value)
		}
		flags = append(flags, args)
	}
	if len(flags) < 12 || !slices.ContainsFunc(flags, func(a []string) bool { return a[0] == "--allowed-origins" }) {
		t.Fatalf("found %d HTTP flags in --help: %v\n%s", len(flags), flags, help)
	}
	for _, args := range flags {
		for _, mode := range [][]string{{"--sandbox"}, nil} { // --http= is refused itself (TestInvalidCommandLines)
			got := run(t, map[string]string{"SPICE_API_TOKEN": "tok"}, append(mode, args...)...)
			want := args[0] + " applies only with --http"
			if got.code != 2 || got.stdout != "" || !strings.Contains(got.stderr, want) || strings.Contains(got.stderr, "serving MCP") {
				t.Errorf("%v: exit %d, stdout %q, stderr lacks %q:\n%s", append(mode, args...), got.code, got.stdout, want, got.stderr)
			}
		}
	}
	got := run(t, nil, "--sandbox", "--allowed-origins", "https://x.example", "--http-auth-token-file", "/nonexistent")
	for _, want := range []string{"--allowed-origins applies only with --http", "--http-auth-token-file applies only with --http"} {
		if got.code != 2 || !strings.Contains(got.stderr, want) {
			t.Errorf("two HTTP flags over stdio: exit %d, stderr lacks %q:\n%s", got.code, want, got.stderr)
		}
	}
}

// TestHTTPPortInUse: a port that cannot be bound is an error at start-up, exit code 1.
func TestHTTPPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := run(t, nil, "--sandbox", "--http", ln.Addr().String())
	if got.code != 1 || got.stdout != "" || !strings.Contains(got.stderr, "--http "+ln.Addr().String()+": that address is already in use") {
		t.Errorf("%+v", got)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("stdin broke") }

// TestStdinFailure: an unreadable stdin ends the stdio server with exit code 1.
func TestStdinFailure(t *testing.T) {
	got := runWithStdin(t, failingReader{}, nil, "--sandbox")
	if got.code != 1 || got.stdout != "" || !strings.Contains(got.stderr, "stdio server failed") || !strings.Contains(got.stderr, "stdin broke") {
		t.Errorf("%+v", got)
	}
}

// stdioSession is cli.Run serving stdio in this process, with pipes for stdin and stdout.
type stdioSession struct {
	t      *testing.T
	in     *io.PipeWriter
	lines  chan string
	all    *testutil.SyncBuffer // every stdout line
	stderr *testutil.SyncBuffer
	cancel context.CancelFunc
	exit   chan int
	early  map[float64]rpcMessage // responses that overtook the one awaited
}

func startStdio(t *testing.T, env map[string]string, args ...string) *stdioSession {
	t.Helper()
	return startStdioFrom(t, nil, env, args...)
}

// startStdioFrom is startStdio whose server reads its input through wrap (nil: directly).
func startStdioFrom(t *testing.T, wrap func(io.Reader) io.Reader, env map[string]string, args ...string) *stdioSession {
	t.Helper()
	return startStdioWorld(t, wrap, nil, env, args...)
}

// startStdioWorld is startStdioFrom whose --sandbox emulates world (nil: the demo world).
func startStdioWorld(t *testing.T, wrap func(io.Reader) io.Reader, world *sandbox.Config, env map[string]string, args ...string) *stdioSession {
	t.Helper()
	return r72Testtime11StartStdioEnv(t, wrap, cli.Env{Args: args, Getenv: getenv(env), SandboxWorld: world})
}

// r72Testtime11StartStdioEnv is startStdioWorld for a cli.Env of the test's own (its Retry, say),
// whose Stdin, Stdout and Stderr it sets.
func r72Testtime11StartStdioEnv(t *testing.T, wrap func(io.Reader) io.Reader, runEnv cli.Env) *stdioSession {
	t.Helper()
	inR, inW := io.Pipe()
	var stdin io.Reader = inR
	if wrap != nil {
		stdin = wrap(inR)
	}
	outR, outW := io.Pipe()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	s := &stdioSession{t: t, in: inW, lines: make(chan string, 100), all: &testutil.SyncBuffer{}, stderr: &testutil.SyncBuffer{},
		cancel: cancel, exit: make(chan int, 1), early: map[float64]rpcMessage{}}
	go func() {
		runEnv.Stdin, runEnv.Stdout, runEnv.Stderr = stdin, outW, s.stderr
		code := cli.Run(ctx, runEnv)
		outW.Close()
		s.exit <- code
	}()
	go func() {
		scanner := bufio.NewScanner(outR)
		scanner.Buffer(make([]byte, 1<<20), 1<<22)
		for scanner.Scan() {
			s.all.Write([]byte(scanner.Text() + "\n"))
			s.lines <- scanner.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() { cancel(); inW.Close(); inR.Close() })
	return s
}

func (s *stdioSession) send(lines ...string) {
	s.t.Helper()
	for _, l := range lines {
		if _, err := io.WriteString(s.in, l+"\n"); err != nil {
			s.t.Fatal(err)
		}
	}
}

type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      *float64        `json:"id"`
	Method  string          `json:"method"`
	Result  json.RawMessage `json:"result"`
	Error   json.RawMessage `json:"error"`
}

// await reads stdout until the response with id, failing on any line that is not JSON-RPC.
// Requests are served concurrently, so responses may arrive in any order.
func (s *stdioSession) await(id float64) rpcMessage {
	s.t.Helper()
	if msg, ok := s.early[id]; ok {
		delete(s.early, id)
		return msg
	}
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("stdout closed before response %v; stderr:\n%s", id, s.stderr.String())
			}
			var msg rpcMessage
			if err := json.Unmarshal([]byte(line), &msg); err != nil || msg.JSONRPC != "2.0" {
				s.t.Fatalf("stdout carried a non-JSON-RPC line: %q", line)
			}
			if msg.ID != nil && msg.Method == "" {
				if *msg.ID == id {
					return msg
				}
				s.early[*msg.ID] = msg
			}
		case <-timeout:
			s.t.Fatalf("no response %v; stderr:\n%s", id, s.stderr.String())
		}
	}
}

// call sends a tools/call and returns the text of its result and whether it is an error.
func (s *stdioSession) call(id float64, tool string, args map[string]any) (string, bool) {
	s.t.Helper()
	params, _ := json.Marshal(map[string]any{"name": tool, "arguments": args})
	req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": json.RawMessage(params)})
	s.send(string(req))
	msg := s.await(id)
	var res struct {
		Content []struct{ Text string } `json:"content"`
		IsError bool                    `json:"isError"`
	}
	if err := json.Unmarshal(msg.Result, &res); err != nil || len(res.Content) == 0 {
		s.t.Fatalf("%s: %s %s", tool, msg.Result, msg.Error)
	}
	return res.Content[0].Text, res.IsError
}

// stop cancels the context, as a signal does, and returns the exit code.
func (s *stdioSession) stop() int {
	s.t.Helper()
	s.cancel()
	select {
	case code := <-s.exit:
		return code
	case <-time.After(15 * time.Second):
		s.t.Fatal("Run did not return after its context was cancelled")
		return -1
	}
}

const (
	initialize  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"in-process","version":"0"}}}`
	initialized = `{"jsonrpc":"2.0","method":"notifications/initialized"}`
	toolsList   = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
)

func (s *stdioSession) handshake() (serverName string, tools []map[string]any) {
	s.t.Helper()
	s.send(initialize, initialized, toolsList)
	var init struct {
		ServerInfo struct{ Name, Version string } `json:"serverInfo"`
	}
	if err := json.Unmarshal(s.await(1).Result, &init); err != nil {
		s.t.Fatal(err)
	}
	var list struct {
		Tools []map[string]any `json:"tools"`
	}
	if err := json.Unmarshal(s.await(2).Result, &list); err != nil {
		s.t.Fatal(err)
	}
	return init.ServerInfo.Name, list.Tools
}

func toolNames(list []map[string]any) map[string]bool {
	names := map[string]bool{}
	for _, tool := range list {
		names[tool["name"].(string)] = true
	}
	return names
}

// TestStdioSessionInProcess: a short session over stdio with --sandbox and debug logs; stdout
// carries JSON-RPC only, logs go to stderr, and cancelling the context ends Run with 0.
func TestStdioSessionInProcess(t *testing.T) {
	const canary = "in-process-canary-5b7c"
	s := startStdio(t, nil, "--sandbox", "--log-level", "debug")
	name, list := s.handshake()
	if name != "spice-cloud-mcp" || len(list) != len(tools.All()) {
		t.Errorf("server %q with %d tools", name, len(list))
	}
	if _, ok := list[0]["outputSchema"]; ok {
		t.Error("outputSchema declared without --output-schemas")
	}
	if out, isErr := s.call(3, "list_apps", nil); isErr || !strings.Contains(out, "https://analytics-app.spice.ai") {
		t.Errorf("list_apps: %s", out)
	}
	if out, isErr := s.call(4, "set_secret", map[string]any{"app": "analytics-app", "name": "CANARY", "value": canary}); isErr || !strings.Contains(out, "Secret `CANARY` created") {
		t.Errorf("set_secret: %s", out)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d after cancel; stderr:\n%s", code, s.stderr.String())
	}
	for line := range s.lines { // drain whatever followed
		if !json.Valid([]byte(line)) {
			t.Errorf("stdout carried %q", line)
		}
	}
	stderr := s.stderr.String()
	if !strings.Contains(stderr, "DBG") || !strings.Contains(stderr, "serving MCP over stdio") || !strings.Contains(stderr, "sandbox (emulated API with demo data)") {
		t.Errorf("logs missing from stderr:\n%s", stderr)
	}
	if strings.Contains(s.all.String(), canary) || strings.Contains(stderr, canary) {
		t.Error("the secret value appeared on stdout or stderr")
	}
}

// TestStdioFlagsTakeEffect: the tool-shaping and safety flags change what a session sees.
func TestStdioFlagsTakeEffect(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		has, hasNot []string
		whoami      []string
	}{
		{[]string{"--read-only"}, []string{"list_apps", "whoami"}, []string{"delete_app", "create_app"}, []string{"Read-only: yes", ", delete_app, ", "| it changes things and the server runs with --read-only |"}},
		{[]string{"--toolsets", "secrets,platform"}, []string{"set_secret", "whoami"}, []string{"list_apps"}, []string{"Toolsets: secrets, platform"}},
		{[]string{"--tools", "list_apps,whoami"}, []string{"list_apps", "whoami"}, []string{"get_app"}, nil},
		{[]string{"--exclude-tools", "delete_app,remove_member"}, []string{"list_apps"}, []string{"delete_app", "remove_member"}, nil},
		{[]string{"--no-confirm", "--mask-api-keys"}, []string{"delete_app"}, nil, []string{"Approval of deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): off (--no-confirm)", "API keys in results: masked"}},
		{[]string{"--output-schemas"}, []string{"whoami"}, nil, []string{"Approval of deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): human. Only the user approves", "Read-only: no",
			"Secret values: entered by the user on a one-time link the agent shows them (a page on a loopback port, started on first need); the model never sees them; value_from_env and value_from_file read them where the server runs"}},
		{[]string{"--confirm", "agent"}, []string{"delete_app"}, nil, []string{"Approval of deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): agent (--confirm=agent)"}},
		{[]string{"--strict-schemas"}, []string{"get_app"}, nil, nil},
	} {
		s := startStdio(t, nil, append([]string{"--sandbox"}, tc.args...)...)
		_, list := s.handshake()
		names := toolNames(list)
		for _, n := range tc.has {
			if !names[n] {
				t.Errorf("%v: %s not listed", tc.args, n)
			}
		}
		for _, n := range tc.hasNot {
			if names[n] {
				t.Errorf("%v: %s listed", tc.args, n)
			}
		}
		if tc.args[0] == "--output-schemas" {
			if _, ok := list[0]["outputSchema"]; !ok {
				t.Error("--output-schemas: no outputSchema in tools/list")
			}
		}
		// Input schemas are open by default (the tools refuse unknown arguments anyway) and
		// closed with --strict-schemas.
		for _, tool := range list {
			if tool["name"] != "get_app" {
				continue
			}
			closed := tool["inputSchema"].(map[string]any)["additionalProperties"] == false
			if closed != (tc.args[0] == "--strict-schemas") {
				t.Errorf("%v: get_app's additionalProperties false = %v", tc.args, closed)
			}
		}
		out, _ := s.call(3, "whoami", nil)
		for _, want := range tc.whoami {
			if !strings.Contains(out, want) {
				t.Errorf("%v: whoami lacks %q:\n%s", tc.args, want, out)
			}
		}
		if code := s.stop(); code != 0 {
			t.Errorf("%v: exit %d", tc.args, code)
		}
	}
}

// TestWhoamiNamesTheCredentialsAndAPI: in the sandbox whoami names the emulator's token, not a
// personal access token; against another SPICE_API_URL it names that URL and never calls it
// the real API; with the defaults it names the production API.
func TestWhoamiNamesTheCredentialsAndAPI(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		want     []string
		wantNot  []string
		isErrors bool
	}{
		{"sandbox", map[string]string{"SPICE_API_TOKEN": "my-real-token"}, []string{"--sandbox"},
			[]string{`Credentials: "sandbox" — the built-in emulator's token`, "API: sandbox (emulated API with demo data)"},
			[]string{"personal access token", "real Spice.ai API", "my-real-token"}, false},
		{"custom URL", map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox"}, nil,
			[]string{"Credentials: personal access token (SPICE_API_TOKEN)", "API: " + api.URL + " (set by SPICE_API_URL; not the production API at https://api.spice.ai)"},
			[]string{"real Spice.ai API", "emulator"}, false},
		{"default URL", nil, nil,
			[]string{"Credentials: none", "API: real Spice.ai API at https://api.spice.ai"},
			[]string{"SPICE_API_URL"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startStdio(t, tc.env, tc.args...)
			s.handshake()
			out, isErr := s.call(3, "whoami", nil)
			if isErr {
				t.Fatalf("whoami failed: %s", out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("whoami lacks %q:\n%s", want, out)
				}
			}
			for _, not := range tc.wantNot {
				if strings.Contains(out, not) {
					t.Errorf("whoami says %q:\n%s", not, out)
				}
			}
			if code := s.stop(); code != 0 {
				t.Errorf("exit %d", code)
			}
		})
	}
}

// TestHTTPTunesGC: HTTP mode raises GOGC and sets a memory limit
// unless GOGC or GOMEMLIMIT say otherwise.
func TestHTTPTunesGC(t *testing.T) {
	prevGC := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) })

	h := startHTTP(t, map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, "--sandbox")
	if gc := debug.SetGCPercent(100); gc != 100 {
		t.Errorf("GOGC set: GC percent changed to %d", gc)
	}
	h.stop()
	debug.SetMemoryLimit(prevLimit)

	h = startHTTP(t, nil, "--sandbox")
	if gc := debug.SetGCPercent(100); gc != 400 {
		t.Errorf("GC percent %d in HTTP mode, want 400", gc)
	}
	if limit := debug.SetMemoryLimit(-1); limit != 256<<20 {
		t.Errorf("memory limit %d in HTTP mode, want 256 MiB", limit)
	}
	h.stop()
}
