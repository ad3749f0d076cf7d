package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// BenchmarkMCPGoFloor is the cost of the MCP library alone: a no-op tool on a bare mcp-go
// server through the same in-process client. It is what no server built on mcp-go can go below.
func BenchmarkMCPGoFloor(b *testing.B) {
	s := server.NewMCPServer("floor", "0")
	s.AddTool(mcp.NewToolWithRawSchema("noop", "no-op", []byte(`{"type":"object"}`)),
		func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("ok"), nil
		})
	c, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		b.Fatal(err)
	}
	var req mcp.CallToolRequest
	req.Params.Name = "noop"
	var calls []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for range callsPerOp {
			start := time.Now()
			if _, err := c.CallTool(ctx, req); err != nil {
				b.Fatal(err)
			}
			calls = append(calls, time.Since(start))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(median(calls).Nanoseconds())/1000, "µs-call-p50")
	record(b, rowMCPGoFloor, fmt.Sprintf("%.0f µs per call, p50, through the same in-process client", float64(median(calls).Nanoseconds())/1000), "—")
}
