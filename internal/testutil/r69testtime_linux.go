//go:build linux

package testutil

import (
	"os/exec"
	"syscall"
)

// R69TesttimeDiesWithTest makes cmd, once started, die with the test binary that starts it:
// a test that hits go test's -timeout panics and exits without its cleanups, and a child it
// started (a go build of a whole module, a server) ran on alone, taking a CPU from the tests
// after it. The kernel kills the child (SIGKILL) when the thread that started it ends, which
// for a Go program that locks no thread is the process's end (Go keeps its threads).
func R69TesttimeDiesWithTest(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
