// Command bench-sdkfloor-catalogue is sdkfloorhttp serving spice-cloud-mcp's catalogue: the same tools
// (names, titles, descriptions, input schemas and annotations, so a byte-identical tools/list)
// with no-op handlers. It is what mcp-go itself costs any server that offers these tools and
// calls an HTTPS API; the difference to spice-cloud-mcp is that server's own start-up.
//
// The tools are not in this directory: the benchmark reads them from the server's tools/list
// and compiles them in as catalogue.go (go build -overlay), so the floor always matches the
// server it is compared with. Built without them, the program refuses to start.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// catalogue is set by the generated catalogue.go.
var catalogue []mcp.Tool

func main() {
	if len(catalogue) == 0 {
		fmt.Fprintln(os.Stderr, "sdkfloorcatalogue: built without its catalogue (the benchmark generates catalogue.go)")
		os.Exit(2)
	}
	s := server.NewMCPServer("sdkfloorcatalogue", "0", server.WithToolCapabilities(false))
	tools := make([]server.ServerTool, len(catalogue))
	for i, t := range catalogue {
		tools[i] = server.ServerTool{Tool: t, Handler: fetch}
	}
	s.AddTools(tools...)
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

// fetch is every tool's handler, as in sdkfloorhttp: an HTTPS client call, so that client is linked.
func fetch(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
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
}
