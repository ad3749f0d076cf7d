// Command bench-sdkfloor-http is sdkfloor plus what any mcp-go server that calls an HTTPS API and can
// also serve streamable HTTP links: net/http's client with TLS, and mcp-go's HTTP transport.
// Both stay unused on the measured path (stdio, tools/list); they are here for their size.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func main() {
	s := server.NewMCPServer("sdkfloorhttp", "0", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewToolWithRawSchema("fetch", "Fetches a URL.", []byte(`{"type":"object","properties":{"url":{"type":"string"}}}`)),
		func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			r, err := http.NewRequestWithContext(ctx, http.MethodGet, req.GetString("url", ""), nil)
			if err != nil {
				return nil, err
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				return nil, err
			}
			resp.Body.Close()
			return mcp.NewToolResultText(resp.Status), nil
		})
	if len(os.Args) > 2 && os.Args[1] == "--http" {
		if err := server.NewStreamableHTTPServer(s).Start(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := server.ServeStdio(s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
