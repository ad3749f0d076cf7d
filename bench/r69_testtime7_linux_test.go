//go:build linux

package bench

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// r69TesttimeFakeGoPID names the file where the fake go of TestR69Testtime7BuildDiesWithTest
// writes its process id; set, it makes the test the child that builds with it.
const r69TesttimeFakeGoPID = "R69_TESTTIME7_FAKE_GO_PID"

// TestR69Testtime7BuildDiesWithTest: a bench test binary that hits go test's -timeout while
// build runs go build takes the go build with it. Round 68 saw one run on after its test died,
// taking a CPU from every later step. The test runs this binary again as a child whose go is a
// script that writes its pid and sleeps, with a timeout that ends it inside build; the script
// must be gone once the child is.
func TestR69Testtime7BuildDiesWithTest(t *testing.T) {
	if os.Getenv(r69TesttimeFakeGoPID) != "" {
		build(t, "./internal/bench-trivial") // blocks in the fake go until the timeout
		t.Fatal("the fake go build returned")
	}
	bin := t.TempDir()
	script := "#!/bin/sh\necho $$ > \"$" + r69TesttimeFakeGoPID + "\"\nexec sleep 300\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// The child must reach build before its timeout: a busy machine gets longer ones.
	for _, timeout := range []time.Duration{3 * time.Second, 15 * time.Second, 60 * time.Second} {
		pidFile := filepath.Join(t.TempDir(), "pid")
		child := exec.Command(os.Args[0], "-test.run=^TestR69Testtime7BuildDiesWithTest$", "-test.count=1", "-test.timeout="+timeout.String())
		child.Env = append(os.Environ(), r69TesttimeFakeGoPID+"="+pidFile, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "TMPDIR="+t.TempDir())
		out, err := child.CombinedOutput()
		if !strings.Contains(string(out), "panic: test timed out") {
			t.Fatalf("the child did not time out (%v):\n%s", err, out)
		}
		raw, err := os.ReadFile(pidFile)
		if errors.Is(err, os.ErrNotExist) {
			continue // timed out before build started go
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil {
			t.Fatalf("the fake go's pid file: %q, %v", raw, err)
		}
		// The kernel sends the signal as the child ends; init reaps the orphan soon after.
		for range 100 {
			if !r69TesttimeRuns(pid) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("go build (pid %d) still runs after the bench test that started it timed out", pid)
	}
	t.Fatal("the child never reached go build before its timeout")
}

// r69TesttimeRuns reports whether process pid exists and is not a zombie.
func r69TesttimeRuns(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command's closing parenthesis.
	_, rest, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(rest, "Z")
}
