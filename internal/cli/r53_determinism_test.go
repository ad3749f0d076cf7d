package cli_test

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r53DeterminismGuard only ends a test that went wrong (a log line that never came); nothing
// passes or fails by how long it took within it.
const r53DeterminismGuard = 30 * time.Second

// r53DeterminismAwaitLog waits until the server has logged part (a step it took, told by its
// log), instead of sleeping for the step to have happened.
func r53DeterminismAwaitLog(t *testing.T, s *stdioSession, part string) {
	t.Helper()
	for end := time.Now().Add(r53DeterminismGuard); !strings.Contains(s.stderr.String(), part); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("no log line with %q within %s; stderr:\n%s", part, r53DeterminismGuard, s.stderr.String())
		}
	}
}

// r53DeterminismLateEOF is a server input whose end reaches the server d after the client
// closed it: a loaded machine, where the goroutine reading stdin runs late.
func r53DeterminismLateEOF(d time.Duration) func(io.Reader) io.Reader {
	return func(r io.Reader) io.Reader { return &lateEOF{r: r, d: d} }
}

type lateEOF struct {
	r    io.Reader
	d    time.Duration
	once sync.Once
}

func (l *lateEOF) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if err == io.EOF {
		l.once.Do(func() { time.Sleep(l.d) })
	}
	return n, err
}

// TestR53DeterminismInputClosedWhileStoringLateEOF: TestStdioInputClosedWhileStoringWaitsForTheStore
// when the server reads the end of its input 1.5 s after the client closed it. The test released
// the store 1 s after closing stdin, betting the server had seen the close by then: here it had
// not, the store ended first and the result was the ordinary "stored" one.
func TestR53DeterminismInputClosedWhileStoringLateEOF(t *testing.T) {
	inputClosedWhileStoringWaits(t, r53DeterminismLateEOF(1500*time.Millisecond))
}

// TestR53DeterminismInputClosedWhileStoringUnknownLateEOF: the same for
// TestStdioInputClosedWhileStoringUnknownOutcome, which released the store 500 ms after closing.
func TestR53DeterminismInputClosedWhileStoringUnknownLateEOF(t *testing.T) {
	for _, tc := range storingUnknownCases {
		t.Run(tc.name, func(t *testing.T) {
			inputClosedWhileStoringUnknown(t, r53DeterminismLateEOF(1500*time.Millisecond), tc.answer, tc.why)
		})
	}
}

// TestR53DeterminismGuardBelowPageTTL: TestStdioInputClosedEndsThePageWait tells "the wait ended
// when stdin closed" from "it waited for the page to expire" only while the guard it allows for a
// loaded machine is shorter than a page's life.
func TestR53DeterminismGuardBelowPageTTL(t *testing.T) {
	if r53DeterminismGuard >= humanweb.DefaultTTL {
		t.Fatalf("the guard %s is not below the page's life %s", r53DeterminismGuard, humanweb.DefaultTTL)
	}
}
