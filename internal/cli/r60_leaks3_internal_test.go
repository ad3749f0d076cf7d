//go:build unix

package cli

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"go.uber.org/goleak"
)

// TestR60Leaks3PipeOpenEndedBeforeRefusal: when start-up refuses a named pipe nothing opened to
// write to, the goroutine whose open(2) waited on it has already been released. It used to be
// released in the background after the refusal, so a pipe removed at once (a test's TempDir, an
// operator's `rm`) left it blocked in open(2) for good: package cli's leak check saw it,
// started by TestR47LeadAuthTokenPipeWithoutWriterIsRefused.
func TestR60Leaks3PipeOpenEndedBeforeRefusal(t *testing.T) {
	old := tokenFileWait
	tokenFileWait = 50 * time.Millisecond
	t.Cleanup(func() { tokenFileWait = old })
	baseline := goleak.IgnoreCurrent()
	for range 3 {
		p := r47LeadFifo(t)
		if _, err := readTokenFile(p); !errors.Is(err, errTokenFileNoWriter) {
			t.Fatalf("no writer: %v", err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := testutil.GoroutinesLeft(5*time.Second, baseline); err != nil && strings.Contains(err.Error(), "openTokenFile") {
		t.Fatalf("an open(2) of a refused pipe is still waiting:\n%v", err)
	}
}
