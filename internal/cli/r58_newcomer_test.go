package cli_test

import (
	"context"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR58NewcomerHelpAndVersionCommands: most Go command-line tools take help and version as
// words as well as flags (go help, go version, docker version, kubectl version). A newcomer's
// `spice-cloud-mcp version` or `spice-cloud-mcp help` was refused as "unexpected argument 1"
// (exit 2); each now prints what its flag prints, to stdout, exit 0, serving nothing.
func TestR58NewcomerHelpAndVersionCommands(t *testing.T) {
	flagHelp := run(t, nil, "--help").stdout
	sandboxHelp := run(t, nil, "sandbox-api", "--help").stdout
	version := run(t, nil, "--version").stdout
	if !strings.HasPrefix(version, "spice-cloud-mcp ") || !strings.HasPrefix(flagHelp, "spice-cloud-mcp — ") || !strings.HasPrefix(sandboxHelp, "Usage: spice-cloud-mcp sandbox-api") {
		t.Fatalf("the flags' own output changed: %q / %q / %q", version, flagHelp[:min(len(flagHelp), 40)], sandboxHelp[:min(len(sandboxHelp), 40)])
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, version},
		{[]string{"help"}, flagHelp},
		{[]string{"help", "sandbox-api"}, sandboxHelp},
		{[]string{"sandbox-api", "help"}, sandboxHelp},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 0 || got.stdout != tc.want || got.stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit 0 and what the flag prints", tc.args, got.code, got.stderr, got.stdout[:min(len(got.stdout), 80)])
		}
	}
	// The usage names the commands, so `help` is found from --help and back.
	for _, want := range []string{"spice-cloud-mcp version", "spice-cloud-mcp help"} {
		if !strings.Contains(flagHelp, want) {
			t.Errorf("--help does not name %q:\n%s", want, flagHelp[:min(len(flagHelp), 600)])
		}
	}
}

// TestR58NewcomerUnknownCommandNamesTheCommands: a first word that reads as a command
// (`spice-cloud-mcp serve`, `spice-cloud-mcp sandbox`, a mistyped `sandbox-apl`) was answered
// "unexpected argument 1, not shown as it may be a credential": true, but it hid the word the
// newcomer typed and did not say which commands there are. A lower-case word without digits is
// no credential, so it is shown with the commands; anything else stays unshown, as before.
func TestR58NewcomerUnknownCommandNamesTheCommands(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want []string
	}{
		{"serve", []string{`unknown command "serve"`, "sandbox-api", "help", "version", "--sandbox"}},
		{"sandbox", []string{`unknown command "sandbox"`, "--sandbox"}},
		{"sandbox-apl", []string{`unknown command "sandbox-apl"`, "sandbox-api"}},
	} {
		got := run(t, nil, tc.arg)
		if got.code != 2 || got.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit 2 and nothing on stdout", tc.arg, got.code, got.stdout)
		}
		for _, w := range tc.want {
			if !strings.Contains(got.stderr, w) {
				t.Errorf("%q: stderr lacks %q: %q", tc.arg, w, got.stderr)
			}
		}
	}
	// A word that may be a credential is still never shown.
	for _, secret := range []string{"spat_0123456789abcdef", "Abcdefghij", "s3cr3t"} {
		got := run(t, nil, secret)
		if got.code != 2 || strings.Contains(got.stderr, secret) || !strings.Contains(got.stderr, "unexpected argument 1, not shown") {
			t.Errorf("%q: exit %d, stderr %q; want the argument refused unshown", secret, got.code, got.stderr)
		}
	}
	// After a flag, a word is still read as that flag's misplaced value, not as a command.
	if got := run(t, nil, "--sandbox", "serve"); got.code != 2 || strings.Contains(got.stderr, "serve") {
		t.Errorf("--sandbox serve: exit %d, stderr %q", got.code, got.stderr)
	}
}

// TestR58NewcomerInstallAllNamesEachBinaryApart: `go install ./...` in a clone installs every
// main package of the module, each named after its directory. Two generators were both named
// gen (api/gen and internal/gendocs/gen: the second overwrote the first in GOBIN) and the
// benchmark's helpers were installed as trivial, sdkfloor, … beside the newcomer's own tools.
// Each main package but the server's now has a unique name that says what it is: gen-… for a
// generator go generate runs, bench-… for a program the benchmarks build. The tree is read
// as the go command reads ./...: directories beginning with . or _, testdata and nested modules
// (e2e) are not in it.
func TestR58NewcomerInstallAllNamesEachBinaryApart(t *testing.T) {
	root := "../.."
	byName := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != root {
			if n := d.Name(); strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		files, _ := filepath.Glob(filepath.Join(p, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
			if err != nil {
				return err
			}
			if file.Name.Name == "main" {
				name := filepath.Base(p)
				if p == root {
					name = "spice-cloud-mcp" // go install names the root package after the module path
				}
				rel, _ := filepath.Rel(root, p)
				byName[name] = append(byName[name], "./"+filepath.ToSlash(rel))
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byName["spice-cloud-mcp"]) != 1 {
		t.Errorf("the server's main package: %v", byName["spice-cloud-mcp"])
	}
	for name, dirs := range byName {
		if len(dirs) > 1 {
			t.Errorf("go install ./... installs %d binaries named %s (%v): each overwrites the one before", len(dirs), name, dirs)
		}
		if name != "spice-cloud-mcp" && !strings.HasPrefix(name, "gen-") && !strings.HasPrefix(name, "bench-") {
			t.Errorf("go install ./... installs %s (%v) into GOBIN: name it gen-… (a generator) or bench-… (a benchmark's program), so its name says what it is", name, dirs)
		}
	}
}

// TestR58NewcomerPlaceholderCredentialIsRefused: README's configurations read
// "SPICE_API_TOKEN": "<your token>", and deploy/kubernetes/secret.yaml ships REPLACE-ME. A
// newcomer who pasted one unreplaced got a server that started as if configured, and a 401 on
// every call; the shared secrets were already refused for REPLACE-ME. Now the server's own
// credentials are too, at start-up (exit 2), naming the variable and the fix, never the value.
func TestR58NewcomerPlaceholderCredentialIsRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{"SPICE_API_TOKEN": "<your token>"},
		{"SPICE_API_TOKEN": " <your token> "},
		{"SPICE_API_TOKEN": "REPLACE-ME"},
		{"SPICE_CLIENT_ID": "<client id>", "SPICE_CLIENT_SECRET": "a-real-looking-secret-0123"},
		{"SPICE_CLIENT_ID": "client-0123", "SPICE_CLIENT_SECRET": "changeme"},
	} {
		got := run(t, env)
		var named string
		for k, v := range env {
			if strings.Contains(v, "<") || strings.Contains(strings.ToUpper(v), "ME") {
				named = k
			}
		}
		if got.code != 2 || !strings.Contains(got.stderr, named+" is still the placeholder") || !strings.Contains(got.stderr, "--sandbox") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %s as a placeholder and the fix", env, got.code, got.stderr, named)
		}
		for _, v := range env {
			if strings.Contains(got.stderr, strings.TrimSpace(v)) {
				t.Errorf("%v: stderr shows the value: %q", env, got.stderr)
			}
		}
	}
	// A real-looking token starts; the sandbox ignores the server's credentials, placeholder or not.
	if got := run(t, map[string]string{"SPICE_API_TOKEN": "spat_0123456789abcdef"}); got.code != 0 {
		t.Errorf("a real-looking token: exit %d, stderr %q", got.code, got.stderr)
	}
	if got := run(t, map[string]string{"SPICE_API_TOKEN": "<your token>"}, "--sandbox"); got.code != 0 {
		t.Errorf("--sandbox with a placeholder token: exit %d, stderr %q", got.code, got.stderr)
	}
}

// TestR58NewcomerShortSecretSaysTheFix: "SPICE_MCP_CONFIRM_KEY must be at least 16 characters"
// named the rule but not what to do; it now says how to make one (as the placeholder refusal
// does) and that the key may be left unset.
func TestR58NewcomerShortSecretSaysTheFix(t *testing.T) {
	got := run(t, map[string]string{"SPICE_MCP_CONFIRM_KEY": "short"}, "--sandbox")
	if got.code != 2 || !strings.Contains(got.stderr, "SPICE_MCP_CONFIRM_KEY must be at least 16 characters") || !strings.Contains(got.stderr, "openssl rand -hex 32") || strings.Contains(got.stderr, "short") {
		t.Errorf("exit %d, stderr %q; want the rule, the fix (openssl rand -hex 32) and no value", got.code, got.stderr)
	}
	got = run(t, nil, "--http", "127.0.0.1:0", "--http-auth-token", "tiny")
	if got.code != 2 || !strings.Contains(got.stderr, "the HTTP auth token must be at least 16 characters") || !strings.Contains(got.stderr, "openssl rand -hex 32") {
		t.Errorf("exit %d, stderr %q; want the rule and the fix", got.code, got.stderr)
	}
}

// TestR58NewcomerStdioOnATerminalSaysWhatItWaitsFor: README's first command is
// `go run . --sandbox`; typed in a terminal it logged "serving MCP over stdio" and then sat
// silent, waiting for JSON-RPC a person does not type. When stdin is a terminal the server now
// says, on stderr, what it waits for, how to try it (the MCP Inspector) and how to stop it;
// stdout still carries nothing but JSON-RPC, and a client's pipe gets no such line.
func TestR58NewcomerStdioOnATerminalSaysWhatItWaitsFor(t *testing.T) {
	runOn := func(terminal bool) outcome {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var stdout, stderr testutil.SyncBuffer
		code := cli.Run(ctx, cli.Env{Args: []string{"--sandbox"}, Getenv: getenv(nil), LookupEnv: lookupEnv(nil), Stdin: strings.NewReader(""),
			Stdout: &stdout, Stderr: &stderr, StdinIsTerminal: func() bool { return terminal }})
		return outcome{code, stdout.String(), stderr.String()}
	}
	got := runOn(true)
	for _, want := range []string{"stdin is a terminal", "MCP client", "Inspector", "Ctrl-C"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("on a terminal: stderr lacks %q: %q", want, got.stderr)
		}
	}
	if got.code != 0 || got.stdout != "" {
		t.Errorf("on a terminal: exit %d, stdout %q; want 0 and nothing", got.code, got.stdout)
	}
	if got := runOn(false); strings.Contains(got.stderr, "stdin is a terminal") || got.stdout != "" {
		t.Errorf("on a pipe: stdout %q, stderr %q; want no terminal hint", got.stdout, got.stderr)
	}
}

// TestR58NewcomerBadValuesSayTheForm: `--tool-timeout 60` was answered "invalid value "60" for
// flag --tool-timeout: parse error", which names neither the form nor the fix; a duration
// flag's refusal now says it wants a unit (60s, 2m), a number flag's that it wants a whole
// number. `--http 8080` and `--http http://127.0.0.1:8080` named the form HOST:PORT but not what
// was meant: a port alone is :8080, and an address carries no scheme.
func TestR58NewcomerBadValuesSayTheForm(t *testing.T) {
	refusedSaying(t, []badValue{
		{[]string{"--tool-timeout", "60"}, []string{"--tool-timeout", "a duration with its unit", "60s"}},
		{[]string{"--http", "127.0.0.1:0", "--http-session-ttl=10"}, []string{"--http-session-ttl", "a duration with its unit"}},
		{[]string{"--http", "127.0.0.1:0", "--http-max-sessions", "many"}, []string{"--http-max-sessions", "a whole number"}},
		{[]string{"--http", "8080"}, []string{`--http "8080"`, "a port alone is written :8080"}},
		{[]string{"--http", "http://127.0.0.1:8080"}, []string{"--http", "an address, not a URL", "127.0.0.1:8080"}},
		{[]string{"sandbox-api", "--listen", "8787"}, []string{"--listen", "a port alone is written :8787"}},
	})
}

// badValue is a command line refused for a flag's value, and what the refusal's first line says.
type badValue struct {
	args []string
	want []string
}

// refusedSaying runs each command line and checks it is refused (exit 2) on a first line that
// holds every want and is more than Go's bare "parse error".
func refusedSaying(t *testing.T, cases []badValue) {
	t.Helper()
	for _, tc := range cases {
		got := run(t, nil, tc.args...)
		if got.code != 2 {
			t.Errorf("%q: exit %d, want 2", tc.args, got.code)
		}
		first, _, _ := strings.Cut(got.stderr, "\n")
		for _, w := range tc.want {
			if !strings.Contains(first, w) {
				t.Errorf("%q: first line lacks %q: %q", tc.args, w, first)
			}
		}
		if strings.Contains(first, "parse error") {
			t.Errorf("%q: still says only \"parse error\": %q", tc.args, first)
		}
	}
}
