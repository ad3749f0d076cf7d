package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestR73Newcomer11GoRunProgramsAreKnown runs a small module's main with this machine's go run
// twice: the first run's program is in a go-build directory, the second's (Go 1.24 and later)
// in the build cache; builtByGoRun knows both, so the terminal hint never names either.
func TestR73Newcomer11GoRunProgramsAreKnown(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":  "module example.com/r73newcomer11\n\ngo 1.24\n",
		"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\texe, _ := os.Executable()\n\tfmt.Print(exe)\n}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	for range 2 {
		cmd := exec.Command("go", "run", ".")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go run: %v", err)
		}
		exe := strings.TrimSpace(string(out))
		seen = append(seen, exe)
		if !builtByGoRun(exe) {
			t.Errorf("go run's program %s is not known as go run's", exe)
		}
	}
	t.Logf("go run's programs: %q", seen)
	for _, exe := range []string{"/usr/local/bin/spice-cloud-mcp", "/home/a/go/bin/spice-cloud-mcp", "/work/clone/spice-cloud-mcp"} {
		if builtByGoRun(exe) {
			t.Errorf("%s taken for go run's program", exe)
		}
	}
}
