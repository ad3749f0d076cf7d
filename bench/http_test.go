package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

const (
	httpSessions        = 64
	httpCallsPerSession = 50
	// httpOpTimeout bounds one op (64×50 calls); the whole benchmark is bounded by b.N of them.
	httpOpTimeout = time.Minute
)

// httpResult is what one HTTP benchmark measured.
type httpResult struct {
	callsPerSecond float64
	p50, p99       time.Duration
	calls          int
	// newConns are the upstream connections opened while measuring, warmConns those opened
	// while warming up (every session calling at once, 10 calls each); -1 without an upstream.
	newConns, warmConns int64
	// cpu is the CPU time per call of the server, the upstream (0 without) and the load generator.
	cpu struct{ server, upstream, load time.Duration }
}

// BenchmarkHTTPThroughput drives the real binary in --http mode with 64 concurrent MCP sessions
// over loopback, each calling list_apps (one round is 64×50 calls), in two setups side by side:
// the in-process emulator (--sandbox) and a real HTTP upstream — a standalone sandbox-api
// process as SPICE_API_URL — whose new connections are counted (it logs each at debug level).
// Both servers run for the whole benchmark and each op runs one round of each, in alternating
// order, so a change in the machine's load during the run weighs on both alike. The load
// generator shares the machine's cores with the server (and the upstream), so the figures are
// lower bounds.
func BenchmarkHTTPThroughput(b *testing.B) {
	// The load generator is Go too, sharing the cores: keep its own GC out of the way.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	url, server := startHTTPServer(b, profiled(b, "server-in-process"), "--sandbox")
	inProcess := newHTTPLoad(b, url, server, nil, 0)
	apiURL, conns, upstreamPID := startSandboxAPI(b, profiled(b, "sandbox-api")...)
	url, server = startHTTPServer(b, append(profiled(b, "server-upstream"), "SPICE_API_URL="+apiURL))
	upstream := newHTTPLoad(b, url, server, conns, upstreamPID)
	defer inProcess.close()
	defer upstream.close()
	setups := []*httpLoad{inProcess, upstream}
	b.ResetTimer()
	for i := range b.N {
		for j := range setups {
			setups[(i+j)%len(setups)].round(b)
		}
	}
	b.StopTimer()
	in, up := inProcess.result(b), upstream.result(b)
	ratio := up.callsPerSecond / in.callsPerSecond
	b.ReportMetric(in.callsPerSecond, "calls/s-in-process")
	b.ReportMetric(up.callsPerSecond, "calls/s-upstream")
	b.ReportMetric(ratio, "x-upstream")
	b.ReportMetric(1000*float64(up.newConns)/float64(up.calls), "new-conns/1000-calls")
	record(b, rowHTTPInProcess, fmt.Sprintf("%s calls/s; p50 %s, p99 %s; CPU per call: server %s, load generator %s",
		thousands(int(in.callsPerSecond)), ms(msOf(in.p50)), ms(msOf(in.p99)), us(in.cpu.server), us(in.cpu.load)), "—")
	// Under load the upstream setup's three processes get a larger share of the cores than the
	// in-process setup's two (round 75 read 0.93× to 1.37× for one binary at load 15 to 22), so
	// the CPU ratio — all CPU per call in process over all CPU per call with the upstream — is
	// printed beside the throughput ratio.
	cpuRatio := float64(in.cpu.server+in.cpu.load) / float64(up.cpu.server+up.cpu.upstream+up.cpu.load)
	b.ReportMetric(cpuRatio, "x-cpu-upstream")
	record(b, rowHTTPUpstream, fmt.Sprintf("%s calls/s (**%.2f×** the in-process figure, rounds alternating); p50 %s, p99 %s; **%.2f new upstream connections per 1,000 calls** (%d in %s calls; %d opened while the 64 sessions warmed up); CPU per call: server %s, upstream %s, load generator %s (CPU ratio %.2f: in process %s against %s)",
		thousands(int(up.callsPerSecond)), ratio, ms(msOf(up.p50)), ms(msOf(up.p99)),
		1000*float64(up.newConns)/float64(up.calls), up.newConns, thousands(up.calls), up.warmConns,
		us(up.cpu.server), us(up.cpu.upstream), us(up.cpu.load),
		cpuRatio, us(in.cpu.server+in.cpu.load), us(up.cpu.server+up.cpu.upstream+up.cpu.load)),
		"≥ 0.8× in-process; ≤ 1 new connection per 1,000 calls")
}

// profiled is the environment that has a process the benchmark starts write a CPU profile of
// its run to BENCH_CPUPROFILE_DIR/name.pprof (SPICE_MCP_CPUPROFILE), when that variable names a
// folder: `go tool pprof -top DIR/server-upstream.pprof`. Such processes are stopped with
// SIGTERM, so that they write it, instead of killed. Unset: none.
func profiled(tb testing.TB, name string) []string {
	dir := os.Getenv("BENCH_CPUPROFILE_DIR")
	if dir == "" {
		return nil
	}
	return []string{"SPICE_MCP_CPUPROFILE=" + filepath.Join(dir, name+".pprof")}
}

// stopGently sends SIGTERM to a process that writes a CPU profile and waits until it exits
// (at most 15 s), so that its profile is complete; others are left to the caller's kill.
func stopGently(tb testing.TB, cmd *exec.Cmd, env []string) {
	if !slices.ContainsFunc(env, func(v string) bool { return strings.HasPrefix(v, "SPICE_MCP_CPUPROFILE=") }) {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		tb.Errorf("%s did not exit within 15 s of SIGTERM: its profile may be incomplete", cmd.Path)
	}
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
func us(d time.Duration) string    { return fmt.Sprintf("%d µs", d.Microseconds()) }

// cpuTime is the user and system CPU time a process has used (pid 0: this one).
func cpuTime(b *testing.B, pid int) time.Duration {
	if pid == 0 {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times (100 on Linux).
const clockTicks = 100

// httpLoad is one setup of BenchmarkHTTPThroughput: a server in --http mode with its 64
// sessions, and what its rounds measured so far.
type httpLoad struct {
	url       string
	server    *process
	conns     *atomic.Int64 // the upstream's connections (nil without an upstream)
	pid       int           // the upstream's process (0 without)
	transport *http.Transport
	hc        *http.Client
	sessions  []string
	before    int64 // the upstream's connections once warmed up
	res       httpResult
	latencies []time.Duration
	elapsed   time.Duration
	cpu       struct{ server, upstream, load time.Duration }
}

// newHTTPLoad opens the sessions against url, served by the process server, and warms up: every
// session calls at once, a few times, so the server's API client holds as many connections as
// the load ever uses at once; after that, reuse is what is measured. conns counts the
// upstream's connections and upstreamPID is its process (nil and 0 without an upstream).
func newHTTPLoad(b *testing.B, url string, server *process, conns *atomic.Int64, upstreamPID int) *httpLoad {
	l := &httpLoad{url: url, server: server, conns: conns, pid: upstreamPID,
		transport: &http.Transport{MaxIdleConnsPerHost: httpSessions, MaxConnsPerHost: httpSessions}}
	l.hc = &http.Client{Transport: l.transport, Timeout: 30 * time.Second}
	l.sessions = make([]string, httpSessions)
	for i := range l.sessions {
		l.sessions[i] = initSession(b, l.hc, url)
	}
	var wg sync.WaitGroup
	for _, session := range l.sessions {
		wg.Go(func() {
			for range 10 {
				l.call(b, session)
			}
		})
	}
	wg.Wait()
	l.res.newConns, l.res.warmConns = -1, -1
	if conns != nil {
		l.res.warmConns = settle(conns)
		l.before = l.res.warmConns
	}
	return l
}

var listAppsCall = []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)

func (l *httpLoad) call(b *testing.B, session string) bool {
	out := post(b, l.hc, l.url, session, listAppsCall)
	if !bytes.Contains(out, []byte("analytics-app")) {
		b.Errorf("unexpected answer: %.300s", out)
		return false
	}
	return true
}

// round runs httpCallsPerSession calls on every session at once, and adds the wall time, the
// latencies and the CPU time the processes used to the setup's totals.
func (l *httpLoad) round(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), httpOpTimeout)
	defer cancel()
	serverCPU, loadCPU := cpuTime(b, l.server.cmd.Process.Pid), cpuTime(b, 0)
	var upstreamCPU time.Duration
	if l.pid != 0 {
		upstreamCPU = cpuTime(b, l.pid)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := time.Now()
	for _, session := range l.sessions {
		wg.Go(func() {
			local := make([]time.Duration, 0, httpCallsPerSession)
			for range httpCallsPerSession {
				if ctx.Err() != nil {
					b.Error("op timed out")
					return
				}
				t0 := time.Now()
				if !l.call(b, session) {
					return
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			l.latencies = append(l.latencies, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	l.elapsed += time.Since(start)
	l.cpu.server += cpuTime(b, l.server.cmd.Process.Pid) - serverCPU
	l.cpu.load += cpuTime(b, 0) - loadCPU
	if l.pid != 0 {
		l.cpu.upstream += cpuTime(b, l.pid) - upstreamCPU
	}
}

// result is what the setup's rounds measured.
func (l *httpLoad) result(b *testing.B) *httpResult {
	if len(l.latencies) == 0 {
		b.Fatal("no calls completed")
	}
	res := l.res
	res.calls = len(l.latencies)
	per := func(d time.Duration) time.Duration { return d / time.Duration(res.calls) }
	res.cpu.server, res.cpu.load, res.cpu.upstream = per(l.cpu.server), per(l.cpu.load), per(l.cpu.upstream)
	res.callsPerSecond = float64(res.calls) / l.elapsed.Seconds()
	res.p50, res.p99 = percentile(l.latencies, 0.5), percentile(l.latencies, 0.99)
	if l.conns != nil {
		res.newConns = settle(l.conns) - l.before
	}
	return &res
}

func (l *httpLoad) close() { l.transport.CloseIdleConnections() }

// settle reads a counter fed by another process's log once it has stopped moving.
func settle(n *atomic.Int64) int64 {
	last := n.Load()
	for {
		time.Sleep(50 * time.Millisecond)
		if now := n.Load(); now != last {
			last = now
			continue
		}
		return last
	}
}

// logWatcher reads a process's JSON log lines from stderr: it reports the "url" of the first
// line whose message is ready, and counts lines whose message is count.
func logWatcher(b *testing.B, cmd *exec.Cmd, ready, count string) (<-chan string, *atomic.Int64) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	urls := make(chan string, 1)
	var counted atomic.Int64
	go func() {
		lines := bufio.NewScanner(stderr)
		for lines.Scan() {
			var entry struct{ Msg, URL string }
			_ = json.Unmarshal(lines.Bytes(), &entry)
			switch entry.Msg {
			case ready:
				select {
				case urls <- entry.URL:
				default:
				}
			case count:
				counted.Add(1)
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	return urls, &counted
}

// startProcessWithLog starts bin and waits for its ready log line's url; it returns the url,
// the count of lines with the message count, and the process id.
func startProcessWithLog(b *testing.B, bin string, env []string, ready, count string, args ...string) (string, *atomic.Int64, int) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	urls, counted := logWatcher(b, cmd, ready, count)
	testutil.R69TesttimeDiesWithTest(cmd)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stopGently(b, cmd, env)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	select {
	case url := <-urls:
		return url, counted, cmd.Process.Pid
	case <-time.After(30 * time.Second):
		b.Fatalf("%s %s did not come up", bin, strings.Join(args, " "))
	}
	return "", nil, 0
}

// startSandboxAPI starts the standalone emulator and returns its URL, its connection count
// and its process id.
func startSandboxAPI(b *testing.B, env ...string) (string, *atomic.Int64, int) {
	return startProcessWithLog(b, serverBinary(b), env, "sandbox Management API listening", "connection opened",
		"sandbox-api", "--listen", "127.0.0.1:0", "--log-level", "debug", "--log-format", "json")
}

// startHTTPServer starts the server in --http mode on a loopback port of its own choosing
// (logging warnings only, not a line per call) and returns its MCP endpoint, once /healthz
// answers there, and the process. The port is read from the process's listening socket: one
// picked here and closed for the server to bind could be taken by another process meanwhile.
func startHTTPServer(tb testing.TB, env []string, args ...string) (string, *process) {
	p := startProcess(tb, serverBinary(tb), env, append([]string{"--http", "127.0.0.1:0", "--log-level", "warn"}, args...)...)
	tb.Cleanup(func() { stopGently(tb, p.cmd, env); _ = p.cmd.Process.Kill(); p.close() })
	deadline := time.Now().Add(30 * time.Second)
	var err error
	for {
		for _, addr := range listeningAddrs(p.cmd.Process.Pid) {
			var resp *http.Response
			if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
				resp.Body.Close()
				return "http://" + addr + "/mcp", p
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("server did not come up: %v\n%s", err, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// listeningAddrs are the IPv4 TCP addresses process pid listens on (Linux: the LISTEN entries
// of /proc/<pid>/net/tcp whose socket inodes are among its file descriptors); none while it
// has not bound yet.
func listeningAddrs(pid int) []string {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	sockets := map[string]bool{}
	for _, fd := range fds {
		link, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); ok {
			sockets[strings.TrimSuffix(inode, "]")] = true
		}
	}
	table, _ := os.ReadFile(fmt.Sprintf("/proc/%d/net/tcp", pid))
	var addrs []string
	for line := range strings.Lines(string(table)) {
		// sl local_address rem_address st ... inode: local_address is the IPv4 address,
		// little-endian, and the port, both in hex; st 0A is LISTEN.
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != "0A" || !sockets[f[9]] {
			continue
		}
		hexIP, hexPort, _ := strings.Cut(f[1], ":")
		ip, err1 := strconv.ParseUint(hexIP, 16, 32)
		port, err2 := strconv.ParseUint(hexPort, 16, 16)
		if err1 != nil || err2 != nil {
			continue
		}
		addrs = append(addrs, fmt.Sprintf("%d.%d.%d.%d:%d", byte(ip), byte(ip>>8), byte(ip>>16), byte(ip>>24), port))
	}
	return addrs
}

// initSession runs the legacy handshake and returns the Mcp-Session-Id.
func initSession(b *testing.B, hc *http.Client, url string) string {
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(init))
	setHeaders(req, "")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	session := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != http.StatusOK || session == "" {
		b.Fatalf("initialize: %d, session %q", resp.StatusCode, session)
	}
	post(b, hc, url, session, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`))
	return session
}

// setHeaders makes a request as an MCP client of the sandbox does: with the sandbox's token.
func setHeaders(req *http.Request, session string) {
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer sandbox")
	if session != "" {
		req.Header.Set("Mcp-Session-Id", session)
		req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	}
}

func post(b *testing.B, hc *http.Client, url, session string, body []byte) []byte {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	setHeaders(req, session)
	resp, err := hc.Do(req)
	if err != nil {
		b.Error(err)
		return nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		b.Errorf("status %d: %.200s", resp.StatusCode, out)
	}
	return out
}
