package mcpserver_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r52DeterminismGuard only ends a test that went wrong (a line that never came); nothing passes
// or fails by how long it took within it.
const r52DeterminismGuard = 30 * time.Second

// r52DeterminismAwaitLines waits until done holds for the lines the server wrote so far, and
// says whether it did before r52DeterminismGuard.
func r52DeterminismAwaitLines(w *r41cWire, done func(lines []string) bool) bool {
	for end := time.Now().Add(r52DeterminismGuard); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if done(w.allLines()) {
			return true
		}
	}
	return false
}

// r52DeterminismAwaitLine waits for a line holding part (a step the server took, told by what
// it wrote), instead of sleeping for the step to have happened.
func r52DeterminismAwaitLine(t *testing.T, w *r41cWire, part string) string {
	t.Helper()
	var got string
	if !r52DeterminismAwaitLines(w, func(lines []string) bool {
		for _, l := range lines {
			if strings.Contains(l, part) {
				got = l
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no line with %q within %s; wire:\n%s", part, r52DeterminismGuard, strings.Join(w.allLines(), "\n"))
	}
	return got
}

// r52DeterminismUntilSending waits until h has read the first bytes of an unfinished request on
// c (what tells a sending connection from a silent one).
func r52DeterminismUntilSending(t *testing.T, h *mcpserver.HTTPServer, c net.Conn) {
	t.Helper()
	for end := time.Now().Add(r52DeterminismGuard); !mcpserver.R52DeterminismSending(h, c.LocalAddr().String()); time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("connection %s: the server never read the request it began sending", c.LocalAddr())
		}
	}
}
