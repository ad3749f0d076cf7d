//go:build unix

package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func r47LeadFifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "token.fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	return p
}

// A writer that writes in pieces is read to its end, as `--http-auth-token-file <(pass show …)`
// needs.
func TestR47LeadAuthTokenPipeSlowWriterIsReadWhole(t *testing.T) {
	p := r47LeadFifo(t)
	const token = "0123456789abcdef0123456789abcdef\n"
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0) // waits for the reader
		if err != nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
		_, _ = w.WriteString(token[:10])
		time.Sleep(100 * time.Millisecond)
		_, _ = w.WriteString(token[10:])
		_ = w.Close()
	}()
	got, err := readTokenFile(p)
	if err != nil || string(got) != token {
		t.Fatalf("slow writer: %q, %v; want the whole token", got, err)
	}
}

// A writer that keeps the pipe open without finishing is given up on after tokenPipeReadWait.
func TestR47LeadAuthTokenPipeSilentWriterIsGivenUpOn(t *testing.T) {
	old := tokenPipeReadWait
	tokenPipeReadWait = 300 * time.Millisecond
	t.Cleanup(func() { tokenPipeReadWait = old })
	p := r47LeadFifo(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		_, _ = w.WriteString("0123")
		<-release
		_ = w.Close()
	}()
	// The writer's open needs a reader first: readTokenFile is that reader.
	_, err := readTokenFile(p)
	if !errors.Is(err, errTokenFileSilent) {
		t.Fatalf("silent writer: %v, want errTokenFileSilent", err)
	}
	_, err = httpAuthToken("", false, p, true, func(string) (string, bool) { return "", false })
	if err == nil || !strings.Contains(err.Error(), "sent no complete token within 300ms") {
		t.Fatalf("silent writer refusal: %v", err)
	}
}

// A named pipe nothing opens to write to is refused after tokenFileWait, naming what it is,
// instead of start-up waiting forever in open(2); nor is the path shown.
func TestR47LeadAuthTokenPipeWithoutWriterIsRefused(t *testing.T) {
	old := tokenFileWait
	tokenFileWait = 300 * time.Millisecond
	t.Cleanup(func() { tokenFileWait = old })
	p := r47LeadFifo(t)
	done := make(chan error, 1)
	go func() {
		_, err := httpAuthToken("", false, p, true, func(string) (string, bool) { return "", false })
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "named pipe (FIFO) that nothing opened to write to within 300ms") {
			t.Errorf("a FIFO without writer: %v", err)
		} else if strings.Contains(err.Error(), p) {
			t.Errorf("the refusal shows the path: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("start-up still waits for a writer on the FIFO after 20 s")
	}
}

// A writer that opens the pipe only after start-up began (mkfifo t; (sleep 1; pass … > t) &) is
// waited for.
func TestR47LeadAuthTokenPipeWriterOpeningLateIsWaitedFor(t *testing.T) {
	p := r47LeadFifo(t)
	const token = "0123456789abcdef0123456789abcdef"
	go func() {
		time.Sleep(300 * time.Millisecond)
		if w, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
			_, _ = w.WriteString(token)
			_ = w.Close()
		}
	}()
	got, err := httpAuthToken("", false, p, true, func(string) (string, bool) { return "", false })
	if err != nil || got != token {
		t.Fatalf("late-opening writer: %q, %v", got, err)
	}
}

// A reader's open left waiting on a pipe nothing opened is released, so no goroutine stays
// blocked in open(2) once start-up has been refused.
func TestR47LeadAuthTokenPipeOpenReleased(t *testing.T) {
	old := tokenFileWait
	tokenFileWait = 100 * time.Millisecond
	t.Cleanup(func() { tokenFileWait = old })
	before := runtime.NumGoroutine()
	for range 5 {
		p := r47LeadFifo(t)
		if _, err := readTokenFile(p); !errors.Is(err, errTokenFileNoWriter) {
			t.Fatalf("no writer: %v", err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines left after 5 refusals (%d before):\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
