package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const callsPerOp = 500

// BenchmarkToolCallOverhead measures what the server adds to its API calls, against the
// in-process emulator (no sockets), as p50s per call: the server's own share (a JSON-RPC
// tools/call handled and its response encoded, minus the same API calls made directly), and
// end to end through mcp-go's in-process client (which adds its own encoding and parsing).
// allocs/op cover callsPerOp rounds of all three.
func BenchmarkToolCallOverhead(b *testing.B) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: emu.Transport()}})
	if err != nil {
		b.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "bench", Client: func(context.Context) (*client.Client, error) { return api, nil }})
	c, err := mcpclient.NewInProcessClient(srv)
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
	serverP50, clientP50 := map[string]float64{}, map[string]float64{}
	for _, tc := range []struct {
		tool   string
		args   map[string]any
		direct func() error
	}{
		// get_deployment of a succeeded deployment also asks whether a later one succeeded and
		// whether the app is paused (its standing): the same three requests, made directly.
		{"get_deployment", map[string]any{"app": "101", "deployment_id": 1003}, func() error {
			if _, err := api.GetProjectDeployment(ctx, 101, 1003); err != nil {
				return err
			}
			if _, err := api.ListProjectDeployments(ctx, 101, client.ListDeploymentsOptions{Limit: 1, Status: client.StatusSucceeded}); err != nil {
				return err
			}
			_, err := api.ListProjectInstances(ctx, 101)
			return err
		}},
		{"list_regions", nil, func() error { _, err := api.ListRegions(ctx, ""); return err }},
		{"get_app", map[string]any{"app": "101"}, func() error { _, err := api.GetProject(ctx, 101); return err }},
	} {
		b.Run(tc.tool, func(b *testing.B) {
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = tc.tool, tc.args
			raw, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
				"params": map[string]any{"name": tc.tool, "arguments": tc.args}})
			var direct, viaMCP, server []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for range callsPerOp {
					start := time.Now()
					if err := tc.direct(); err != nil {
						b.Fatal(err)
					}
					direct = append(direct, time.Since(start))
					start = time.Now()
					res, err := c.CallTool(ctx, req)
					if err != nil || res.IsError {
						b.Fatal(err, res)
					}
					viaMCP = append(viaMCP, time.Since(start))
					// The server's side alone: JSON-RPC in, tool, JSON-RPC out, as a transport does.
					start = time.Now()
					out, err := json.Marshal(srv.HandleMessage(ctx, raw))
					if err != nil || !bytes.Contains(out, []byte(`"content"`)) || bytes.Contains(out, []byte(`"isError":true`)) {
						b.Fatalf("%v %s", err, out)
					}
					server = append(server, time.Since(start))
				}
			}
			b.StopTimer()
			d, m, s := median(direct), median(viaMCP), median(server)
			b.ReportMetric(float64(d.Nanoseconds())/1000, "µs-api-call-p50")
			b.ReportMetric(float64((s-d).Nanoseconds())/1000, "µs-server-overhead-p50")
			b.ReportMetric(float64((m-d).Nanoseconds())/1000, "µs-overhead-with-mcp-go-client-p50")
			serverP50[tc.tool] = float64((s - d).Nanoseconds()) / 1000
			clientP50[tc.tool] = float64((m - d).Nanoseconds()) / 1000
		})
	}
	if len(serverP50) == 3 {
		record(b, rowOverhead, fmt.Sprintf("%.0f µs `list_regions`, %.0f µs `get_deployment`, %.0f µs `get_app` (renders and masks the spicepod)",
			serverP50["list_regions"], serverP50["get_deployment"], serverP50["get_app"]), "≤ 50 µs")
		record(b, rowOverheadClient, fmt.Sprintf("%.0f µs / %.0f µs / %.0f µs",
			clientP50["list_regions"], clientP50["get_deployment"], clientP50["get_app"]), "—")
	}
}
