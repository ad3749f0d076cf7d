//go:build unix

package tools

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLocalFileNeverWaits: a FIFO is refused before it is opened, and the open readFile uses
// does not wait either, so a FIFO swapped in between the check and the open is refused at
// once too (the open would otherwise wait for a writer).
func TestLocalFileNeverWaits(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // lets a waiting open go (a regression)
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			_ = f.Close()
		}
	})
	within := func(what string, f func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { defer close(done); f() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still waiting after 10 s", what)
		}
	}
	l := &LocalSources{Getenv: func(string) string { return "" }}
	within("readFile", func() {
		if v, msg := l.readFile(fifo); v != nil || msg != "cannot use "+fifo+": not a regular file" {
			t.Errorf("readFile(fifo) = %v, %q", v, msg)
		}
	})
	within("the open readFile uses", func() {
		f, err := os.OpenFile(fifo, os.O_RDONLY|openNoWait, 0)
		if err != nil {
			t.Errorf("open: %v", err)
			return
		}
		defer f.Close()
		if info, err := f.Stat(); err != nil || info.Mode().IsRegular() {
			t.Errorf("stat of the open FIFO: %v, %v", info, err)
		}
	})
}
