//go:build unix

package gendocs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r75Newcomer13Interrupt starts args in dir in a process group of their own, waits for the
// program's "waiting" line on stderr, then sends SIGINT to the whole group, as a terminal's
// Ctrl-C does, and returns the exit code and what stderr held.
func r75Newcomer13Interrupt(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr := &testutil.SyncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }()
	for deadline := time.Now().Add(2 * time.Minute); !strings.Contains(stderr.String(), "waiting"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%v never started:\n%s", args, stderr.String())
		}
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%v still running after SIGINT:\n%s", args, stderr.String())
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// TestR75Newcomer13GoRunExitsOneOnCtrlC: README said Ctrl-C stops the server and that a
// signal's graceful stop exits 0, but a newcomer runs it with `go run . --sandbox`, and there
// Ctrl-C leaves $? at 1: the go command, interrupted too (the terminal signals the whole
// foreground group), exits 1 whatever the program's status, printing nothing of its own. README
// now says so beside the first command and with the exit codes; this holds the go command's
// behaviour on a program that stops cleanly on SIGINT, as the server does (its binary's 0 and
// stop line: TestStdioLogsWhyItStopped).
func TestR75Newcomer13GoRunExitsOneOnCtrlC(t *testing.T) {
	readme := strings.Join(strings.Fields(string(readRepoFile(t, "README.md"))), " ")
	intro, _, _ := strings.Cut(readme, "## Install and configure")
	for _, want := range []string{
		"`INF stopped reason=\"interrupt signal received\"` and the built binary exits 0",
		"under `go run` the shell's `$?` is 1 with nothing more printed",
		"TestR75Newcomer13GoRunExitsOneOnCtrlC",
	} {
		if !strings.Contains(intro, want) {
			t.Errorf("README's first screen no longer says %q", want)
		}
	}
	if !strings.Contains(readme, "under `go run` an interrupted run exits 1") {
		t.Error("README's exit codes no longer say what go run exits with on Ctrl-C")
	}
	if testing.Short() {
		t.Skip("runs go run")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module example.com/r75newcomer13\n\ngo 1.24\n",
		"main.go": `package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Fprintln(os.Stderr, "waiting")
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "stopped")
}
`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, stderr := r75Newcomer13Interrupt(t, dir, "go", "run", ".")
	if code != 1 || stderr != "waiting\nstopped\n" {
		t.Errorf("go run . on SIGINT: exit %d, stderr %q; README says 1 and nothing after the program's own lines", code, stderr)
	}
	bin := filepath.Join(dir, "prog")
	if out, err := exec.Command("go", "build", "-C", dir, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if code, stderr := r75Newcomer13Interrupt(t, dir, bin); code != 0 || stderr != "waiting\nstopped\n" {
		t.Errorf("the built program on SIGINT: exit %d, stderr %q; want 0", code, stderr)
	}
}
