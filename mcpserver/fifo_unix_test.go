//go:build unix

package mcpserver_test

import (
	"os"
	"syscall"
	"testing"
)

// makeFIFO makes a named pipe at path. release lets go a reader that waits on it (a
// regression): register it after anything whose cleanup would wait for that reader.
func makeFIFO(t *testing.T, path string) (release func()) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return func() {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			_ = f.Close()
		}
	}
}
