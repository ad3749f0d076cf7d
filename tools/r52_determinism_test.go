package tools

import (
	"context"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r52DeterminismWaiting is ctx with a progress report that tells the returned channel when a
// call waits on its secret-entry page (awaitPerson reports it once it has joined the page and
// begun to wait), so a test acts on a page by that condition, not after a sleep.
func r52DeterminismWaiting(ctx context.Context) (context.Context, <-chan struct{}) {
	waiting := make(chan struct{}, 1)
	return WithProgress(ctx, func(message string) {
		if message == present.SecretEntryWaiting {
			select {
			case waiting <- struct{}{}:
			default:
			}
		}
	}), waiting
}

// r52DeterminismAwaitWaiting waits for r52DeterminismWaiting's channel; the guard only ends a
// broken test.
func r52DeterminismAwaitWaiting(t *testing.T, waiting <-chan struct{}, who string) {
	t.Helper()
	select {
	case <-waiting:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s never began to wait on the page", who)
	}
}
