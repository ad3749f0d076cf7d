//go:build linux

package cli

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// r47ReviewTerminal opens a pseudo-terminal and returns its master and the path of its slave
// (/dev/pts/N), a terminal as /dev/stdin is when the server is started from a shell.
func r47ReviewTerminal(t *testing.T) (*os.File, string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skip("no pseudo-terminals here:", err)
	}
	t.Cleanup(func() { _ = master.Close() })
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skip("unlockpt:", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skip("ptsname:", e)
	}
	return master, fmt.Sprintf("/dev/pts/%d", n)
}

// TestR47ReviewTerminalTokenFileIsNotAPipe: README bounds the wait of a pipe (10 s); a terminal
// (`--http-auth-token-file /dev/stdin` typed or pasted at a shell) is no pipe, yet it takes the
// pipe's read deadline and is refused as "the pipe it names sent no complete token".
func TestR47ReviewTerminalTokenFileIsNotAPipe(t *testing.T) {
	old := tokenPipeReadWait
	tokenPipeReadWait = 300 * time.Millisecond
	t.Cleanup(func() { tokenPipeReadWait = old })
	master, tty := r47ReviewTerminal(t)
	done := make(chan error, 1)
	go func() {
		_, err := readTokenFile(tty)
		done <- err
	}()
	select {
	case err := <-done:
		if errors.Is(err, errTokenFileSilent) {
			t.Errorf("a terminal was given up on after %s as a silent pipe", tokenPipeReadWait)
		}
	case <-time.After(2 * time.Second):
		_ = master.Close() // still waiting for the typist, as a file given on a terminal is read
	}
}
