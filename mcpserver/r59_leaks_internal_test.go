package mcpserver

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR59LeaksBlockingStdioEndsWithItsTest: blockingStdio's server and the reader of its
// output end with the test that started them, a call left blocked included. Before, the reader
// waited forever on the output pipe, which nothing closed (one goroutine left per use).
func TestR59LeaksBlockingStdioEndsWithItsTest(t *testing.T) {
	baseline := goleak.IgnoreCurrent()
	t.Run("serve", func(t *testing.T) {
		send, _, started := blockingStdio(t)
		send(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"block"}}`)
		<-started
	})
	if err := testutil.GoroutinesLeft(10*time.Second, baseline); err != nil {
		t.Errorf("left by blockingStdio: %v", err)
	}
}
