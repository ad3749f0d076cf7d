package humanweb_test

import (
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r51DeterminismAwaiting waits until a call waits on the link ref (Await has begun), so a test
// acts on an awaited link by that condition, not after a sleep a loaded machine may outlast.
// The guard only ends a broken test.
func r51DeterminismAwaiting(t *testing.T, s *humanweb.Surface, ref string) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		if humanweb.R51DeterminismAwaited(s, ref) > 0 {
			return
		}
	}
	t.Fatalf("no call began to wait on %s", ref)
}
