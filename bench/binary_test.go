package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// buildDirPrefix names the folder, under the system's temporary folder, that holds a run's binaries.
const buildDirPrefix = "spice-cloud-mcp-bench"

// Binaries are built once per run, all the same way, as released: static, trimmed, stripped.
var builds = struct {
	sync.Mutex
	dir  string
	bins map[string]string
}{bins: map[string]string{}}

// build compiles the package at pkg (relative to bench/) once per run and returns its path.
func build(tb testing.TB, pkg string) string {
	tb.Helper()
	return buildWith(tb, pkg, nil)
}

// buildWith is build with extra source files (by name) compiled into the package as if they
// were in its directory (go build -overlay).
func buildWith(tb testing.TB, pkg string, files map[string][]byte) string {
	tb.Helper()
	builds.Lock()
	defer builds.Unlock()
	if bin, ok := builds.bins[pkg]; ok {
		return bin
	}
	if builds.dir == "" {
		dir, err := os.MkdirTemp("", buildDirPrefix)
		if err != nil {
			tb.Fatal(err)
		}
		builds.dir = dir
	}
	name := strings.NewReplacer("/", "_", ".", "_").Replace(pkg)
	bin := filepath.Join(builds.dir, name)
	args := []string{"build", "-trimpath", "-ldflags=-s -w", "-o", bin}
	if len(files) > 0 {
		overlay := map[string]map[string]string{"Replace": {}}
		for file, src := range files {
			at, err := filepath.Abs(filepath.Join(pkg, file))
			if err != nil {
				tb.Fatal(err)
			}
			tmp := filepath.Join(builds.dir, name+"_"+file)
			if err := os.WriteFile(tmp, src, 0o644); err != nil {
				tb.Fatal(err)
			}
			overlay["Replace"][at] = tmp
		}
		raw, err := json.Marshal(overlay)
		if err != nil {
			tb.Fatal(err)
		}
		overlayFile := filepath.Join(builds.dir, name+"_overlay.json")
		if err := os.WriteFile(overlayFile, raw, 0o644); err != nil {
			tb.Fatal(err)
		}
		args = append(args, "-overlay", overlayFile)
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	testutil.R69TesttimeDiesWithTest(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	builds.bins[pkg] = bin
	return bin
}

// serverBinary is spice-cloud-mcp itself, or the binary BENCH_SERVER_BINARY names (an
// unstripped build to profile, for instance).
func serverBinary(tb testing.TB) string {
	if bin := os.Getenv("BENCH_SERVER_BINARY"); bin != "" {
		return bin
	}
	return build(tb, "..")
}

// The floors the server is compared with, built in the same run: the smallest useful mcp-go
// v1.2.1 server (the SDK floor), the same with an HTTPS client and streamable HTTP linked (what
// any mcp-go server calling an HTTPS API carries), and a Go binary that answers the same
// JSON-RPC lines with canned text (the process floor).
func sdkFloorBinary(tb testing.TB) string     { return build(tb, "./internal/bench-sdkfloor") }
func sdkFloorHTTPBinary(tb testing.TB) string { return build(tb, "./internal/bench-sdkfloor-http") }
func trivialBinary(tb testing.TB) string      { return build(tb, "./internal/bench-trivial") }

// jsonschemaInitBinary is the process floor plus mcp-go's JSON Schema validator package, whose
// initialisation compiles every meta-schema: what that costs every mcp-go server.
func jsonschemaInitBinary(tb testing.TB) string { return build(tb, "./internal/bench-jsonschema-init") }

// sdkFloorCatalogueBinary is the HTTPS floor serving the server's own catalogue: its tools/list
// (as the server answers it, without credentials' filtering: realModeEnv), compiled in.
func sdkFloorCatalogueBinary(tb testing.TB) string {
	tb.Helper()
	return buildWith(tb, "./internal/bench-sdkfloor-catalogue", map[string][]byte{"catalogue.go": catalogueSource(tb, serverToolsList(tb))})
}

// TestSDKFloorCatalogue: the catalogue floor answers tools/list byte for byte as the server
// does, so the two differ only in what happens around the catalogue.
func TestSDKFloorCatalogue(t *testing.T) {
	want := serverToolsList(t)
	p := startProcess(t, sdkFloorCatalogueBinary(t), nil)
	defer p.close()
	p.initialize()
	p.send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	if got := p.await(2); !bytes.Equal(got, want) {
		t.Errorf("the floor's tools/list differs from the server's:\n%s\nwant:\n%s", got, want)
	}
}

// serverToolsList is the server's tools/list answer, as it is written on stdout.
func serverToolsList(tb testing.TB) []byte {
	tb.Helper()
	p := startProcess(tb, serverBinary(tb), realModeEnv)
	defer p.close()
	p.initialize()
	p.send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	return p.await(2)
}

// catalogueSource is Go source setting sdkfloorcatalogue's catalogue to the tools of a
// tools/list answer. Schemas are kept as sent; a tool field the floor would not reproduce fails.
func catalogueSource(tb testing.TB, answer []byte) []byte {
	tb.Helper()
	var msg struct {
		Result struct {
			Tools []map[string]json.RawMessage `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal(answer, &msg); err != nil || len(msg.Result.Tools) == 0 {
		tb.Fatalf("no tools in the tools/list answer (%v): %.200s", err, answer)
	}
	var b strings.Builder
	b.WriteString("// Code generated by the benchmarks from spice-cloud-mcp's tools/list; DO NOT EDIT.\n\n")
	b.WriteString("package main\n\nimport \"github.com/mark3labs/mcp-go/mcp\"\n\nfunc init() {\n\tcatalogue = []mcp.Tool{\n")
	for _, tool := range msg.Result.Tools {
		var name, title, description string
		var hints map[string]bool
		for key, raw := range tool {
			var err error
			switch key {
			case "name":
				err = json.Unmarshal(raw, &name)
			case "title":
				err = json.Unmarshal(raw, &title)
			case "description":
				err = json.Unmarshal(raw, &description)
			case "annotations":
				err = json.Unmarshal(raw, &hints)
			case "inputSchema":
			default:
				err = fmt.Errorf("sdkfloorcatalogue does not reproduce a tool's %q", key)
			}
			if err != nil {
				tb.Fatalf("tools/list: %v", err)
			}
		}
		fmt.Fprintf(&b, "\t\t{Name: %s, Title: %s, Description: %s, RawInputSchema: []byte(%s), Annotations: mcp.ToolAnnotation{",
			strconv.Quote(name), strconv.Quote(title), strconv.Quote(description), strconv.Quote(string(tool["inputSchema"])))
		for _, h := range []struct{ key, field string }{{"readOnlyHint", "ReadOnlyHint"}, {"destructiveHint", "DestructiveHint"},
			{"idempotentHint", "IdempotentHint"}, {"openWorldHint", "OpenWorldHint"}} {
			if v, ok := hints[h.key]; ok {
				fmt.Fprintf(&b, "%s: mcp.ToBoolPtr(%t), ", h.field, v)
				delete(hints, h.key)
			}
		}
		if len(hints) > 0 {
			tb.Fatalf("tools/list: sdkfloorcatalogue does not reproduce the annotations %v", hints)
		}
		b.WriteString("}},\n")
	}
	b.WriteString("\t}\n}\n")
	return []byte(b.String())
}

// process is a program spoken to in raw JSON-RPC over its stdin and stdout, as MCP clients do.
type process struct {
	tb     testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Reader
	stderr *lockedBuffer
	timer  *time.Timer
	closed sync.Once
}

// lockedBuffer collects a process's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// processTimeout bounds every process a benchmark starts: it is killed after this long.
const processTimeout = 2 * time.Minute

// startProcess runs bin with args and extra environment variables.
func startProcess(tb testing.TB, bin string, env []string, args ...string) *process {
	tb.Helper()
	p := &process{tb: tb, cmd: exec.Command(bin, args...), stderr: &lockedBuffer{}}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p.stderr
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	p.out = bufio.NewReaderSize(stdout, 1<<16)
	testutil.R69TesttimeDiesWithTest(p.cmd)
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	p.timer = time.AfterFunc(processTimeout, func() { _ = p.cmd.Process.Kill() })
	return p
}

// send writes one JSON-RPC message.
func (p *process) send(msg string) {
	if _, err := io.WriteString(p.stdin, msg+"\n"); err != nil {
		p.tb.Fatalf("writing to %s: %v\n%s", filepath.Base(p.cmd.Path), err, p.stderr)
	}
}

// next reads the next JSON-RPC message and its id (-1 for a notification).
func (p *process) next() (int, []byte) {
	line, err := p.out.ReadBytes('\n')
	if err != nil {
		p.tb.Fatalf("reading from %s: %v\n%s", filepath.Base(p.cmd.Path), err, p.stderr)
	}
	var msg struct{ ID *int }
	if json.Unmarshal(line, &msg) != nil || msg.ID == nil {
		return -1, line
	}
	return *msg.ID, line
}

// await reads until the answer to id arrives.
func (p *process) await(id int) []byte {
	for {
		if got, line := p.next(); got == id {
			return line
		}
	}
}

// initialize runs the handshake as a 2025-06-18 client.
func (p *process) initialize() {
	p.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`)
	p.await(1)
	p.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
}

// close ends the process by closing its stdin and waits for it; closing again does nothing.
func (p *process) close() {
	p.closed.Do(func() {
		_ = p.stdin.Close()
		_ = p.cmd.Wait()
		p.timer.Stop()
	})
}

// memory is a process's resident set: all of it, and its private (anonymous) part, in KiB.
// The rest is the executable's pages, shared with every other process running it.
type memory struct{ rss, anon int }

func memoryOf(tb testing.TB, pid int) memory {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	var m memory
	for _, line := range strings.Split(string(raw), "\n") {
		key, value, _ := strings.Cut(line, ":")
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), " kB"))
		switch key {
		case "VmRSS":
			m.rss = kb
		case "RssAnon":
			m.anon = kb
		}
	}
	if m.rss == 0 {
		tb.Fatal("no VmRSS in /proc")
	}
	return m
}

// coldStart starts bin, and times it from spawn until tools/list is answered (initialize,
// initialized, tools/list, as a client does); then it reads the process's memory.
func coldStart(tb testing.TB, bin string, env []string, args ...string) (time.Duration, memory) {
	start := time.Now()
	p := startProcess(tb, bin, env, args...)
	defer p.close()
	p.initialize()
	p.send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	p.await(2)
	elapsed := time.Since(start)
	return elapsed, memoryOf(tb, p.cmd.Process.Pid)
}

// realModeEnv runs the server as users do against the real API, with a token; nothing on the
// measured paths calls the API.
var realModeEnv = []string{"SPICE_API_TOKEN=bench-token", "SPICE_API_URL=http://127.0.0.1:9"}

// BenchmarkColdStart starts, in turn, the server and the floors, coldStartRounds times per op,
// and reports medians and the ratios to the SDK floor.
func BenchmarkColdStart(b *testing.B) {
	const coldStartRounds = 3
	type contender struct {
		name string
		bin  string
		env  []string
		args []string
		d    []time.Duration
		mem  []memory
	}
	cs := []*contender{
		{name: "server", bin: serverBinary(b), env: realModeEnv},
		{name: "server-sandbox", bin: serverBinary(b), args: []string{"--sandbox"}},
		{name: "sdk", bin: sdkFloorBinary(b)},
		{name: "sdk-http", bin: sdkFloorHTTPBinary(b)},
		{name: "sdk-catalogue", bin: sdkFloorCatalogueBinary(b)},
		{name: "process", bin: trivialBinary(b)},
		{name: "jsonschema-init", bin: jsonschemaInitBinary(b)},
	}
	b.ResetTimer()
	for i := range b.N * coldStartRounds {
		for j := range cs {
			c := cs[(i+j)%len(cs)] // rotate the order, so no contender always goes first
			d, m := coldStart(b, c.bin, c.env, c.args...)
			c.d = append(c.d, d)
			c.mem = append(c.mem, m)
		}
	}
	b.StopTimer()
	med := map[string]float64{}
	rss := map[string]float64{}
	anon := map[string]float64{}
	for _, c := range cs {
		med[c.name] = float64(median(c.d).Microseconds()) / 1000
		rss[c.name] = medianKiB(c.mem, func(m memory) int { return m.rss }) / 1024
		anon[c.name] = medianKiB(c.mem, func(m memory) int { return m.anon }) / 1024
		b.ReportMetric(med[c.name], "ms-"+c.name)
		b.ReportMetric(rss[c.name], "MiB-"+c.name)
	}
	timeRatio := med["server"] / med["sdk"]
	memRatio := rss["server"] / rss["sdk"]
	b.ReportMetric(timeRatio, "x-sdk-time")
	b.ReportMetric(memRatio, "x-sdk-RSS")
	n := len(cs[0].d)
	record(b, rowColdStart, fmt.Sprintf("%s = **%.2f×** the minimal mcp-go v1.2.1 server (%s); `--sandbox` %s (%.2f×); a trivial Go binary %s (median of %d each, same run)",
		ms(med["server"]), timeRatio, ms(med["sdk"]), ms(med["server-sandbox"]), med["server-sandbox"]/med["sdk"], ms(med["process"]), n), "≤ 1.05× the mcp-go server")
	record(b, rowMemory, fmt.Sprintf("%s = **%.2f×** the minimal mcp-go server (%s); private (anonymous) %s vs %s (%.2f×); `--sandbox` %s; trivial Go binary %s",
		mib(rss["server"]), memRatio, mib(rss["sdk"]), mib(anon["server"]), mib(anon["sdk"]), anon["server"]/anon["sdk"], mib(rss["server-sandbox"]), mib(rss["process"])), "≤ 1.1× the mcp-go server")
	record(b, rowFloorHTTP, fmt.Sprintf("%s, %s: the server is %.2f× its time and %.2f× its memory",
		ms(med["sdk-http"]), mib(rss["sdk-http"]), med["server"]/med["sdk-http"], rss["server"]/rss["sdk-http"]), "—")
	record(b, rowFloorCatalogue, fmt.Sprintf("%s (%.2f× the minimal server), %s (%.2f×), private %s: the server is %.2f× its time, %.2f× its memory and %.2f× its private memory",
		ms(med["sdk-catalogue"]), med["sdk-catalogue"]/med["sdk"], mib(rss["sdk-catalogue"]), rss["sdk-catalogue"]/rss["sdk"], mib(anon["sdk-catalogue"]),
		med["server"]/med["sdk-catalogue"], rss["server"]/rss["sdk-catalogue"], anon["server"]/anon["sdk-catalogue"]), "—")
	record(b, rowJSONSchemaInit, fmt.Sprintf("%s and %s on top of the trivial Go binary: %.0f %% of the mcp-go server's start-up, %.0f %% of its memory",
		ms(med["jsonschema-init"]-med["process"]), mib(rss["jsonschema-init"]-rss["process"]),
		100*(med["jsonschema-init"]-med["process"])/med["sdk"], 100*(rss["jsonschema-init"]-rss["process"])/rss["sdk"]), "—")
	size := func(bin string) string {
		fi, err := os.Stat(bin)
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("%.1f MB", float64(fi.Size())/1e6)
	}
	record(b, rowBinarySize, fmt.Sprintf("%s; the minimal mcp-go server %s, with an HTTPS client and streamable HTTP %s, and this catalogue %s; the trivial Go binary %s",
		size(cs[0].bin), size(cs[2].bin), size(cs[3].bin), size(cs[4].bin), size(cs[5].bin)), "—")
}

func medianKiB(ms []memory, field func(memory) int) float64 {
	v := make([]int, len(ms))
	for i, m := range ms {
		v[i] = field(m)
	}
	sort.Ints(v)
	return float64(v[len(v)/2])
}

func median(ds []time.Duration) time.Duration { return percentile(ds, 0.5) }

func percentile(ds []time.Duration, p float64) time.Duration {
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}
