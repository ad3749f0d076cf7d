package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
