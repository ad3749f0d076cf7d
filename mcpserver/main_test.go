package mcpserver_test

import (
	"os"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestMain fails a run whose tests all passed if goroutines they started are still running
// afterwards (testutil.CheckLeaks): every test closes the servers, transports, clients and
// listeners it starts.
func TestMain(m *testing.M) {
	os.Exit(testutil.CheckLeaks(m.Run()))
}
