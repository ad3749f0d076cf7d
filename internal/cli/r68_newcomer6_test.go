package cli_test

import (
	"context"
	"os"
	"path/filepath"
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
