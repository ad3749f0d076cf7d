package humanweb_test

import (
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r53DeterminismGuard only ends a test that went wrong (an Await or a Close that never
// returned); nothing passes or fails by how long it took within it, so a loaded machine cannot
// fail it.
const r53DeterminismGuard = 30 * time.Second

// TestR53DeterminismGuardBelowStoreTimeout: TestCloseAfterStoresEndsOnStop tells "stop cut the
// wait for the store short" from "it waited the store out" only while the guard is shorter than
// what a store holds the close without stop.
func TestR53DeterminismGuardBelowStoreTimeout(t *testing.T) {
	if r53DeterminismGuard >= humanweb.StoreTimeout {
		t.Fatalf("the guard %s is not below StoreTimeout %s", r53DeterminismGuard, humanweb.StoreTimeout)
	}
}
