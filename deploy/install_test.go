package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallPathCommand runs the README's command that prints where `go install` put the
// binary, and compares it with where the go command itself installs it (go list's .Target):
// with GOBIN set, without it (GOPATH/bin), and with .exe on Windows.
func TestInstallPathCommand(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	var command string
	for _, line := range strings.Split(readFile(t, "README.md"), "\n") {
		if strings.HasPrefix(line, "bin=$(go env GOBIN)") {
			command, _, _ = strings.Cut(line, "#")
			break
		}
	}
	if command == "" {
		t.Fatal("README.md has no line starting bin=$(go env GOBIN) (the install path command)")
	}
	module := modulePath(t)
	gobin, gopath := t.TempDir(), t.TempDir()
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"GOBIN set", []string{"GOBIN=" + gobin, "GOPATH=" + gopath}},
		{"GOBIN unset", []string{"GOBIN=", "GOPATH=" + gopath}},
	} {
		env := append(os.Environ(), tc.env...)
		out, err := runShell(t, t.TempDir(), env, command)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		list := exec.Command("go", "list", "-f", "{{.Target}}", module)
		list.Dir, list.Env = root, env
		target, err := list.Output()
		if err != nil {
			t.Fatalf("%s: go list: %v", tc.name, err)
		}
		if want := strings.TrimSpace(string(target)); out != want {
			t.Errorf("%s: the README's command prints %q; go install writes %q", tc.name, out, want)
		}
	}
	// On Windows the go command adds .exe; GOOS=windows makes `go env GOEXE` say so here.
	out, err := runShell(t, t.TempDir(), append(os.Environ(), "GOOS=windows", "GOBIN="+gobin), command)
	if err != nil || out != filepath.Join(gobin, "spice-cloud-mcp.exe") {
		t.Errorf("with GOOS=windows: %q, %v; want %s", out, err, filepath.Join(gobin, "spice-cloud-mcp.exe"))
	}
}

// runShell runs command with sh in dir and returns its trimmed standard output.
func runShell(t *testing.T, dir string, env []string, command string) (string, error) {
	t.Helper()
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}
