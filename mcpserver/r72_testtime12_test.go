package mcpserver_test

import (
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR72Testtime12RemedyLookupKeepsTheServersWait: a failed call's remedy reads the token
// within the server's Waits.RemedyLookup (2 s by default), here 100 ms under a 10 s limit: the
// token endpoint stalling after the refusal holds the answer that long, not 2 s.
func TestR72Testtime12RemedyLookupKeepsTheServersWait(t *testing.T) {
	const wait = 100 * time.Millisecond
	b := r36RemedyLookupBudget(t, harnessOptions{cfg: sandbox.Config{Demo: true}, callTimeout: 10 * time.Second, waits: tools.Waits{RemedyLookup: wait}})
	if b < 0 || b > wait {
		t.Errorf("the remedy's token read was given %v (-1: no deadline), want at most Waits.RemedyLookup, %v", b, wait)
	}
}

// r72Testtime12Limit is the call limit of the r43 tests that wait a hanging token endpoint out
// (1 s before): each asserts an end long before the client gives up, not the limit's length.
const r72Testtime12Limit = 250 * time.Millisecond
