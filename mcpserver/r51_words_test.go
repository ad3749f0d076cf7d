package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR51WordsInstructionsSayOrgFallback: the instructions say where a call acts without org
// and without SPICE_ORG (the token's own organization, as client.EnvOrg documents), not only
// SPICE_ORG.
func TestR51WordsInstructionsSayOrgFallback(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	if want := `default SPICE_ORG, else the token's own)`; !strings.Contains(res.Instructions, want) {
		t.Errorf("the instructions do not say %q:\n%s", want, res.Instructions)
	}
}
