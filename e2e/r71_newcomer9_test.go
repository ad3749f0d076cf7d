package e2e

import (
	"testing"
	"time"
)

// TestR71Newcomer9ClockStartsAfterTheBuild: a test's limit (testContext) starts once the server
// binary is built, so the first test of a fresh clone, whose build is cold, keeps its whole
// testTimeout for the server; before, the build ran inside that limit.
func TestR71Newcomer9ClockStartsAfterTheBuild(t *testing.T) {
	ctx := testContext(t)
	if builtBin == "" && buildErr == nil {
		t.Fatal("testContext started the clock before the server binary was built")
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		t.Fatal("testContext has no deadline")
	}
	if left := time.Until(deadline); left < testTimeout-5*time.Second {
		t.Errorf("%v of the test's %v were left after the build", left.Round(time.Second), testTimeout)
	}
}
