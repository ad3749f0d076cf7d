package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// callMessage is a tools/call request.
func callMessage(id int, tool string, args map[string]any) string {
	raw, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "tools/call",
		"params": map[string]any{"name": tool, "arguments": args}})
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// stdioCalls times sequential tool calls over a real process's stdio: each one written, then
// its answer read, as a client that waits does.
func stdioCalls(b *testing.B, p *process, tool string, args map[string]any, n int) []time.Duration {
	out := make([]time.Duration, 0, n)
	for i := range n {
		id := 1000 + i
		start := time.Now()
		p.send(callMessage(id, tool, args))
		answer := p.await(id)
		out = append(out, time.Since(start))
		if strings.Contains(string(answer), `"isError":true`) || strings.Contains(string(answer), `"error":{`) {
			b.Fatalf("%s failed: %.300s", tool, answer)
		}
	}
	return out
}

// BenchmarkStdioCall is the cost of one tool call over stdio through a real process (pipe,
// JSON-RPC, the tool, the in-process emulator), next to the SDK floor's no-op tool over stdio.
func BenchmarkStdioCall(b *testing.B) {
	const calls = 200
	server := startProcess(b, serverBinary(b), nil, "--sandbox", "--log-level", "warn")
	defer server.close()
	server.initialize()
	floor := startProcess(b, sdkFloorBinary(b), nil)
	defer floor.close()
	floor.initialize()
	results := map[string][]time.Duration{}
	cases := []struct {
		name string
		p    *process
		tool string
		args map[string]any
	}{
		{"sdk-noop", floor, "noop", nil},
		{"list_regions", server, "list_regions", nil},
		{"get_deployment", server, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"get_app", server, "get_app", map[string]any{"app": "analytics-app"}},
	}
	for _, c := range cases { // warm: first calls build the emulator, JSON encoders, connections
		stdioCalls(b, c.p, c.tool, c.args, 20)
	}
	b.ResetTimer()
	for range b.N {
		for _, c := range cases {
			results[c.name] = append(results[c.name], stdioCalls(b, c.p, c.tool, c.args, calls)...)
		}
	}
	b.StopTimer()
	p50 := map[string]float64{}
	for _, c := range cases {
		p50[c.name] = float64(median(results[c.name]).Nanoseconds()) / 1000
		b.ReportMetric(p50[c.name], "µs-p50-"+c.name)
	}
	record(b, rowStdioCall, fmt.Sprintf("%.0f µs `list_regions`, %.0f µs `get_deployment`, %.0f µs `get_app` (`--sandbox`); the minimal mcp-go server's no-op tool: %.0f µs",
		p50["list_regions"], p50["get_deployment"], p50["get_app"], p50["sdk-noop"]), "—")
}

// pipelined writes n tools/call requests at once without waiting, then reads until every id
// is answered; it returns the time from the first write to the last answer, and the server's
// stderr (JSON log lines).
func pipelined(tb testing.TB, n int) (time.Duration, string) {
	tb.Helper()
	p := startProcess(tb, serverBinary(tb), nil, "--sandbox", "--log-format", "json")
	defer p.close()
	p.initialize()
	var batch strings.Builder
	for i := range n {
		batch.WriteString(callMessage(10_000+i, "list_apps", nil) + "\n")
	}
	pending := make(map[int]bool, n)
	for i := range n {
		pending[10_000+i] = true
	}
	start := time.Now()
	go func() { _, _ = p.stdin.Write([]byte(batch.String())) }() // a pipe holds less than the batch
	for len(pending) > 0 {
		id, line := p.next()
		if id < 0 {
			continue
		}
		if !pending[id] {
			tb.Fatalf("unexpected or repeated answer %d: %.200s", id, line)
		}
		if strings.Contains(string(line), `"isError":true`) || strings.Contains(string(line), `"error":{`) {
			tb.Fatalf("call %d failed: %.300s", id, line)
		}
		delete(pending, id)
	}
	elapsed := time.Since(start)
	p.close()
	return elapsed, p.stderr.String()
}

// errorLines are the server's log lines at level ERROR.
func errorLines(tb testing.TB, stderr string) []string {
	var errs []string
	lines := bufio.NewScanner(strings.NewReader(stderr))
	for lines.Scan() {
		var entry struct{ Level string }
		if err := json.Unmarshal(lines.Bytes(), &entry); err != nil {
			tb.Errorf("stderr line is not a JSON log line: %q", lines.Text())
			continue
		}
		if entry.Level == "ERROR" {
			errs = append(errs, lines.Text())
		}
	}
	return errs
}

// TestStdioPipelinedCalls: a client that writes 1,000 tool calls without waiting gets 1,000
// answers, and the server logs no error (mcp-go serves calls beyond its queue synchronously and
// logs each at ERROR; the server's queue is sized for this).
func TestStdioPipelinedCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	_, stderr := pipelined(t, 1000)
	if errs := errorLines(t, stderr); len(errs) > 0 {
		t.Errorf("%d error lines, first: %s", len(errs), errs[0])
	}
}

// BenchmarkStdioPipelined reports how long 1,000 pipelined calls take and checks the same.
func BenchmarkStdioPipelined(b *testing.B) {
	const n = 1000
	var total time.Duration
	errs := 0
	for range b.N {
		d, stderr := pipelined(b, n)
		total += d
		errs += len(errorLines(b, stderr))
	}
	if errs > 0 {
		b.Errorf("%d error log lines", errs)
	}
	perRun := total / time.Duration(b.N)
	b.ReportMetric(float64(perRun.Microseconds())/1000, "ms-per-1000")
	b.ReportMetric(float64(n)/perRun.Seconds(), "calls/s")
	record(b, rowStdioPipelined, fmt.Sprintf("all %s answered in %s (%s calls/s, `list_apps`, `--sandbox`), %d error log lines, over %d runs",
		thousands(n), ms(float64(perRun.Microseconds())/1000), thousands(int(float64(n)/perRun.Seconds())), errs, b.N),
		"all answered, no error lines")
}
