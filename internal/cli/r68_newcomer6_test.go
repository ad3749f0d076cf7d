package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR68Newcomer6ConfigMissingNamesFlagAndPath: `sandbox-api --config FILE` with a FILE that
// is not there, typed from another directory than the one holding it, names the flag, the
// path as given and the one it was read as, and says what to give. Before, it printed only
// "sandbox-api: open r68-missing.yaml: no such file or directory": no flag, and no word of
// where a relative path was looked for.
func TestR68Newcomer6ConfigMissingNamesFlagAndPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cwd, err := os.Getwd() // the temporary directory may be reached through a link
	if err != nil {
		t.Fatal(err)
	}
	got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", "r68-missing.yaml")
	if got.code != 2 || got.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and nothing on stdout", got.code, got.stdout, got.stderr)
	}
	for _, want := range []string{
		"sandbox-api: --config r68-missing.yaml:",
		"no such file or directory",
		filepath.Join(cwd, "r68-missing.yaml"),
		"give the path of a YAML or JSON config file",
	} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("stderr %q lacks %q", got.stderr, want)
		}
	}

	// An absolute path is shown once, as given.
	abs := filepath.Join(cwd, "r68-absent.json")
	got = run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", abs)
	if got.code != 2 || strings.Count(got.stderr, abs) != 1 || !strings.Contains(got.stderr, "--config "+abs+": ") {
		t.Errorf("absolute path: exit %d, stderr %q; want exit 2 and the path named once after --config", got.code, got.stderr)
	}

	// A directory given for the file says so.
	got = run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", ".")
	if got.code != 2 || !strings.Contains(got.stderr, "--config .:") || !strings.Contains(got.stderr, "is a directory") {
		t.Errorf("a directory: exit %d, stderr %q; want exit 2 naming --config and that it is a directory", got.code, got.stderr)
	}
}

// r68Newcomer6OnTerminal runs the stdio server as if typed in a terminal, from the program at
// exe, and returns what it printed.
func r68Newcomer6OnTerminal(t *testing.T, exe string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr testutil.SyncBuffer
	code := cli.Run(ctx, cli.Env{Args: []string{"--sandbox"}, Getenv: getenv(nil), LookupEnv: lookupEnv(nil), Stdin: strings.NewReader(""),
		Stdout: &stdout, Stderr: &stderr, StdinIsTerminal: func() bool { return true },
		Executable: func() (string, error) { return exe, nil }})
	return outcome{code, stdout.String(), stderr.String()}
}

// TestR68Newcomer6TerminalHintNamesAProgramThatExists: README's first command, `go run .
// --sandbox`, typed in a terminal of a fresh clone, told the newcomer to try
// "npx @modelcontextprotocol/inspector ./spice-cloud-mcp --sandbox", and no ./spice-cloud-mcp
// existed (go run builds into a temporary directory it removes; the Inspector then failed to
// start it). Under go run the hint now says to build it first (go build .); an installed or
// built program is named by its own path, which the Inspector can start from any directory.
func TestR68Newcomer6TerminalHintNamesAProgramThatExists(t *testing.T) {
	goRun := filepath.Join(os.TempDir(), "go-build1234567", "b001", "exe", "spice-cloud-mcp")
	got := r68Newcomer6OnTerminal(t, goRun)
	if got.code != 0 || got.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 0 and nothing on stdout", got.code, got.stdout)
	}
	for _, want := range []string{"go build .", "npx @modelcontextprotocol/inspector ./spice-cloud-mcp --sandbox", "Ctrl-C"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("under go run: stderr lacks %q: %q", want, got.stderr)
		}
	}
	if strings.Contains(got.stderr, goRun) {
		t.Errorf("under go run: stderr names go run's temporary program %s, gone when it stops: %q", goRun, got.stderr)
	}

	installed := filepath.Join(t.TempDir(), "go bin", "spice-cloud-mcp")
	got = r68Newcomer6OnTerminal(t, installed)
	if want := "npx @modelcontextprotocol/inspector '" + installed + "' --sandbox"; !strings.Contains(got.stderr, want) {
		t.Errorf("installed: stderr lacks %q (the program's own path, quoted for the shell): %q", want, got.stderr)
	}
	if strings.Contains(got.stderr, "go build") {
		t.Errorf("installed: stderr says to build what is built: %q", got.stderr)
	}
}

// r68Newcomer6HelpFlags returns the flags a help text lists, with --help.
func r68Newcomer6HelpFlags(t *testing.T, args ...string) map[string]bool {
	t.Helper()
	help := run(t, nil, args...)
	flags := map[string]bool{"--help": true}
	for _, m := range regexp.MustCompile(`(?m)^  (--[a-z-]+)`).FindAllStringSubmatch(help.stdout, -1) {
		flags[m[1]] = true
	}
	if help.code != 0 || len(flags) < 10 {
		t.Fatalf("%v: exit %d, %d flags:\n%s", args, help.code, len(flags), help.stdout)
	}
	return flags
}

// TestR68Newcomer6READMECommandsNameRealFlags: every command line README gives that runs this
// program — in its shell blocks and in backquotes in its prose, as a program path, a Docker
// image or the Inspector's command — passes only flags the program's help lists (sandbox-api's
// for `sandbox-api`), besides the Inspector's own flags README names. A flag renamed or removed
// would leave a newcomer typing "flag provided but not defined". Held when written.
func TestR68Newcomer6READMECommandsNameRealFlags(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	server := r68Newcomer6HelpFlags(t, "--help")
	emulator := r68Newcomer6HelpFlags(t, "help", "sandbox-api")

	// "The Inspector takes its own flags (`--cli`, `--method`, `--tool-name`, `--tool-arg`)".
	inspector := map[string]bool{}
	own := regexp.MustCompile(`The Inspector takes its own flags \(([^)]*)\)`).FindSubmatch(readme)
	if own == nil {
		t.Fatal("README no longer says which flags the Inspector takes; this test reads them there")
	}
	for _, m := range regexp.MustCompile("`(--[a-z-]+)`").FindAllSubmatch(own[1], -1) {
		inspector[string(m[1])] = true
	}

	var lines []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllSubmatch(readme, -1) {
		for line := range strings.SplitSeq(strings.ReplaceAll(string(m[1]), "\\\n", " "), "\n") {
			line, _, _ = strings.Cut(line, " #")
			lines = append(lines, line)
		}
	}
	for _, m := range regexp.MustCompile("`([^`\n]*spice-cloud-mcp [^`\n]*)`").FindAllSubmatch(readme, -1) {
		lines = append(lines, string(m[1]))
	}
	invocation := regexp.MustCompile(`(?:^|[\s/])spice-cloud-mcp(?:\.exe)? (.*)$`)
	commands := 0
	for _, line := range lines {
		m := invocation.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		commands++
		args := strings.Fields(m[1])
		known := server
		if len(args) > 0 && args[0] == "sandbox-api" {
			known = emulator
		}
		for _, arg := range args {
			name, _, _ := strings.Cut(arg, "=")
			if !strings.HasPrefix(name, "--") || known[name] || (strings.Contains(line, "inspector") && inspector[name]) {
				continue
			}
			t.Errorf("README runs %q, and %s is no flag its help lists", strings.TrimSpace(line), name)
		}
	}
	if commands < 15 {
		t.Errorf("found %d command lines running spice-cloud-mcp in README; the pattern lost some", commands)
	}
}

// TestR68Newcomer6QuotedCredentialIsRefused: a credential wrapped in quotes, as `docker run
// --env-file` passes SPICE_API_TOKEN="…" from a .env file (it keeps them, where a shell and
// Compose take them off), was taken quotes and all: the server started and every call but
// check_health failed with 401 "Invalid token format" and a remedy that names no quotes. It is
// now refused at start-up (exit 2), naming the variable and the quotes, never the value.
func TestR68Newcomer6QuotedCredentialIsRefused(t *testing.T) {
	const secret = "r68-newcomer6-abcdef123456"
	for _, env := range []map[string]string{
		{"SPICE_API_TOKEN": `"` + secret + `"`},
		{"SPICE_API_TOKEN": `'` + secret + `'`},
		{"SPICE_API_TOKEN": ` "` + secret + `"` + "\n"},
		{"SPICE_CLIENT_ID": `"` + secret + `"`, "SPICE_CLIENT_SECRET": "r68-client-secret-value"},
		{"SPICE_CLIENT_ID": "r68-client", "SPICE_CLIENT_SECRET": `'` + secret + `'`},
	} {
		got := run(t, env)
		var name string
		for n, v := range env {
			if strings.Contains(v, secret) {
				name = n
			}
		}
		if got.code != 2 || got.stdout != "" {
			t.Errorf("%s quoted: exit %d, stdout %q, stderr %q; want exit 2", name, got.code, got.stdout, got.stderr)
			continue
		}
		for _, want := range []string{name + " is wrapped in quotes", "docker run", "without the quotes"} {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("%s quoted: stderr %q lacks %q", name, got.stderr, want)
			}
		}
		if strings.Contains(got.stderr, secret) {
			t.Errorf("%s quoted: stderr %q shows the value", name, got.stderr)
		}
	}
	// A quote inside a value, or on one side only, is no pair of quotes around it: the value
	// is the user's, and starts.
	for _, token := range []string{`r68"inside"token`, `"r68-one-side`, `r68-other-side'`, `"r68-mixed'`} {
		if got := run(t, map[string]string{"SPICE_API_TOKEN": token}); got.code != 0 || strings.Contains(got.stderr, "quotes") {
			t.Errorf("SPICE_API_TOKEN %q: exit %d, stderr %q; want it to start", token, got.code, got.stderr)
		}
	}
}
