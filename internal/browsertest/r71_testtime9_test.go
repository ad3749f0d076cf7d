package browsertest_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/browsertest"
)

// TestR71Testtime9BrowserLeavesNothingInTMPDIR: a browser the tests start and stop leaves
// nothing in their TMPDIR, and no process (run outside .ci/run, whose TMPDIR is removed at the end, Chromium's
// org.chromium.Chromium.* directories, a SingletonSocket each, piled up in /tmp).
func TestR71Testtime9BrowserLeavesNothingInTMPDIR(t *testing.T) {
	browsertest.Require(t)
	// Short, not t.TempDir(): Chromium's SingletonSocket path must fit a socket address
	// (108 bytes), and the test's name would make it too long.
	dir, err := os.MkdirTemp("", "r71")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	t.Setenv("TMPDIR", dir)
	browsertest.Stop() // a browser an earlier test started saw another TMPDIR
	tab := browsertest.NewTab(t)
	tab.Do(chromedp.Navigate("data:text/html,<p>r71</p>"))
	if got := tab.Text(); got != "r71" {
		t.Fatalf("the page says %q", got)
	}
	_, procErr := os.Stat("/proc/self/cmdline")
	if pids := browsertest.ProfileProcesses(dir); procErr == nil && len(pids) == 0 {
		t.Error("ProfileProcesses finds no process of the running browser")
	}
	browsertest.Stop()
	if pids := browsertest.ProfileProcesses(dir); len(pids) > 0 {
		t.Errorf("browser processes still run after Stop: %v", pids)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in TMPDIR after the browser stopped: %s", e.Name())
	}
}
