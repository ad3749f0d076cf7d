//go:build !linux

package testutil

import "os/exec"

// R69TesttimeDiesWithTest does nothing here: only Linux kills a child with its parent
// (r69testtime_linux.go).
func R69TesttimeDiesWithTest(cmd *exec.Cmd) {}
