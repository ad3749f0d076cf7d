package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestR73Newcomer11TerminalHintUnderCachedGoRun: README's first command, `go run . --sandbox`,
// typed a second time in a terminal of a fresh clone, told the newcomer to try the Inspector on
// $GOCACHE/2c/2c8234…-d/spice-cloud-mcp: since Go 1.24 go run runs the program it cached on
// its first run from the build cache, a path round 68's hint did not know as go run's and that
// the cache trims. It now says to build it first, as under go run's first run.
func TestR73Newcomer11TerminalHintUnderCachedGoRun(t *testing.T) {
	hash := "2c8234da2f9b780a5efeb6af1fc3e5516085066dd0c97e5a545c614f27042d55"
	cached := filepath.Join(t.TempDir(), "go-build", hash[:2], hash+"-d", "spice-cloud-mcp")
	got := r68Newcomer6OnTerminal(t, cached)
	if got.code != 0 || got.stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 0 and nothing on stdout", got.code, got.stdout)
	}
	for _, want := range []string{"go build .", "npx @modelcontextprotocol/inspector ./spice-cloud-mcp --sandbox"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("under a cached go run: stderr lacks %q: %q", want, got.stderr)
		}
	}
	if strings.Contains(got.stderr, hash) {
		t.Errorf("under a cached go run: stderr names the build cache's copy of the program: %q", got.stderr)
	}

	// A directory of the same shape whose first two digits are not its hash's is no cache entry:
	// such a program is named by its path.
	other := filepath.Join(t.TempDir(), "ff", hash+"-d", "spice-cloud-mcp")
	got = r68Newcomer6OnTerminal(t, other)
	if !strings.Contains(got.stderr, other) || strings.Contains(got.stderr, "go build") {
		t.Errorf("a program at %s: stderr %q; want its path and no go build", other, got.stderr)
	}
}
