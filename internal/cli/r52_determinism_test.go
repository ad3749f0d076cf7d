package cli_test

import (
	"testing"
	"time"
)

// r52DeterminismCloseGuard is how long a connection waits for the server to close it when a
// flag set that to 2 s: long enough for any load, shorter than the defaults the flag replaces
// (r52DeterminismGuardBelow checks), so a connection still open when it passes shows the flag
// was not applied.
const r52DeterminismCloseGuard = 20 * time.Second

// r52DeterminismHeaderGuard is the same for the header timeout: under the 10 s at which the
// server caps it whatever the read timeout (mcpserver's maxReadHeaderTimeout).
const r52DeterminismHeaderGuard = 9 * time.Second

// r52DeterminismGuardBelow fails a test whose close guard no longer tells its flag from the
// defaults.
func r52DeterminismGuardBelow(t *testing.T, defaults ...time.Duration) {
	t.Helper()
	for _, d := range defaults {
		if r52DeterminismCloseGuard >= d {
			t.Fatalf("the close guard %s is not below the default %s: it cannot tell the flag applied", r52DeterminismCloseGuard, d)
		}
	}
}
