// Command bench-sdkfloor is the smallest useful mcp-go v1.2.1 server: one tool with a literal schema,
// served over stdio. The benchmarks build it beside spice-cloud-mcp, in the same run and the
// same way, as the floor no server built on mcp-go can go below.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func main() {
	s := server.NewMCPServer("sdkfloor", "0", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewToolWithRawSchema("noop", "Does nothing.", []byte(`{"type":"object","properties":{}}`)),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("ok"), nil
		})
	if err := server.ServeStdio(s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
