package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r75Perf11Describe answers GET /v1/projects/101 with the app's description set to desc, as
// an API holding a 1.4 MB description does.
type r75Perf11Describe struct {
	next http.RoundTripper
	desc string
}

func (d r75Perf11Describe) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet || r.URL.Path != "/v1/projects/101" {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	var app map[string]any
	if json.Unmarshal(body, &app) == nil {
		app["description"] = d.desc
		body, _ = json.Marshal(app)
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// BenchmarkR75Perf11GetAppLargeDescription is a get_app (the server's side: JSON-RPC in, tool,
// JSON-RPC out) of an app whose description is 1.4 MB of prose holding no credential.
func BenchmarkR75Perf11GetAppLargeDescription(b *testing.B) {
	para := "Sales analytics over the orders dataset, refreshed hourly from https://data.example.com/orders?region=eu " +
		"by the data team (owner: jane.doe@example.com). Settings: refresh_interval=1h, retention: 30d, " +
		"engine = duckdb; see docs at http://wiki.example.com/analytics#setup and ticket ANALYTICS-1234.\n"
	desc := strings.Repeat(para, (1400<<10)/len(para))
	emu := sandbox.New(sandbox.Config{Demo: true})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: r75Perf11Describe{emu.Transport(), desc}}})
	if err != nil {
		b.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "bench", Client: func(context.Context) (*client.Client, error) { return api, nil }})
	ctx := context.Background()
	raw, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
		"params": map[string]any{"name": "get_app", "arguments": map[string]any{"app": "101"}}})
	b.ReportAllocs()
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for b.Loop() {
		out, err := json.Marshal(srv.HandleMessage(ctx, raw))
		if err != nil || !bytes.Contains(out, []byte(`"content"`)) || bytes.Contains(out, []byte(`"isError":true`)) {
			b.Fatalf("%v %.500s", err, out)
		}
	}
	// CPU, not wall time: on a shared machine the wall clock counts other processes' turns.
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
