package cli_test

import (
	"context"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestEveryToolOverStdio runs each tool of the catalogue end to end over stdio against the real
// binary in sandbox mode, one fresh process per tool: its valid example succeeds and its
// invalid example is refused. (Confirmation is off: approvals have tests of their own.) Its
// deployments take 1 ms each (--sandbox-queued-for, --sandbox-runs-for), not the demo world's 5 s
// that create_and_deploy_app waited out.
func TestEveryToolOverStdio(t *testing.T) {
	for _, tool := range tools.All() {
		t.Run(tool.Name, func(t *testing.T) {
			t.Parallel()
			c, err := mcpclient.NewStdioMCPClient(serverBinary(t), cleanEnv(), "--sandbox", "--confirm=off", "--human-links=show",
				"--sandbox-queued-for", "1ms", "--sandbox-runs-for", "1ms")
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			if err := c.Start(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
				t.Fatal(err)
			}
			call := func(args map[string]any) *mcp.CallToolResult {
				var req mcp.CallToolRequest
				req.Params.Name, req.Params.Arguments = tool.Name, args
				res, err := c.CallTool(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			if res := call(tool.Examples.Valid); res.IsError {
				t.Errorf("valid example %v failed: %s", tool.Examples.Valid, res.Content[0].(mcp.TextContent).Text)
			}
			if res := call(tool.Examples.Invalid); !res.IsError {
				t.Errorf("invalid example %v was accepted: %s", tool.Examples.Invalid, res.Content[0].(mcp.TextContent).Text)
			}
		})
	}
}
