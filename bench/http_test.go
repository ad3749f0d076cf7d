package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
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
// over loopback, each calling list_apps (one op is 64×50 calls), in two setups in one run: the
// in-process emulator (--sandbox) and a real HTTP upstream — a standalone sandbox-api process as
// SPICE_API_URL — whose new connections are counted (it logs each at debug level). The load
// generator shares the machine's cores with the server (and the upstream), so the figures are
// lower bounds.
func BenchmarkHTTPThroughput(b *testing.B) {
	// The load generator is Go too, sharing the cores: keep its own GC out of the way.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var inProcess, upstream *httpResult
	b.Run("in-process-emulator", func(b *testing.B) {
		url, server := startHTTPServer(b, nil, "--sandbox")
		inProcess = driveHTTP(b, url, nil, server, 0)
		record(b, rowHTTPInProcess, fmt.Sprintf("%s calls/s; p50 %s, p99 %s; CPU per call: server %s, load generator %s",
			thousands(int(inProcess.callsPerSecond)), ms(msOf(inProcess.p50)), ms(msOf(inProcess.p99)),
			us(inProcess.cpu.server), us(inProcess.cpu.load)), "—")
	})
	b.Run("real-upstream", func(b *testing.B) {
		apiURL, conns, upstreamPID := startSandboxAPI(b)
		url, server := startHTTPServer(b, []string{"SPICE_API_URL=" + apiURL})
		upstream = driveHTTP(b, url, conns, server, upstreamPID)
		ratio := "no in-process figure in this run"
		if inProcess != nil {
			ratio = fmt.Sprintf("**%.2f×** the in-process figure", upstream.callsPerSecond/inProcess.callsPerSecond)
		}
		record(b, rowHTTPUpstream, fmt.Sprintf("%s calls/s (%s); p50 %s, p99 %s; **%.2f new upstream connections per 1,000 calls** (%d in %s calls; %d opened while the 64 sessions warmed up); CPU per call: server %s, upstream %s, load generator %s",
			thousands(int(upstream.callsPerSecond)), ratio, ms(msOf(upstream.p50)), ms(msOf(upstream.p99)),
			1000*float64(upstream.newConns)/float64(upstream.calls), upstream.newConns, thousands(upstream.calls), upstream.warmConns,
			us(upstream.cpu.server), us(upstream.cpu.upstream), us(upstream.cpu.load)),
			"≥ 0.8× in-process; ≤ 1 new connection per 1,000 calls")
	})
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

// driveHTTP runs the load against url, served by the process server; conns counts the
// upstream's connections and upstreamPID is its process (nil and 0 without an upstream).
func driveHTTP(b *testing.B, url string, conns *atomic.Int64, server *process, upstreamPID int) *httpResult {
	transport := &http.Transport{MaxIdleConnsPerHost: httpSessions, MaxConnsPerHost: httpSessions}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	sessions := make([]string, httpSessions)
	for i := range sessions {
		sessions[i] = initSession(b, hc, url)
	}
	body := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	call := func(session string) bool {
		out := post(b, hc, url, session, body)
		if !bytes.Contains(out, []byte("analytics-app")) {
			b.Errorf("unexpected answer: %.300s", out)
			return false
		}
		return true
	}
	// Warm-up: every session calls at once, a few times, so the server's API client holds as
	// many connections as the load ever uses at once; after that, reuse is what is measured.
	var wg sync.WaitGroup
	for _, session := range sessions {
		wg.Go(func() {
			for range 10 {
				call(session)
			}
		})
	}
	wg.Wait()
	res := &httpResult{newConns: -1, warmConns: -1}
	var before int64
	if conns != nil {
		res.warmConns = settle(conns)
		before = res.warmConns
	}
	var all []time.Duration
	var elapsed time.Duration
	serverCPU, loadCPU := cpuTime(b, server.cmd.Process.Pid), cpuTime(b, 0)
	var upstreamCPU time.Duration
	if upstreamPID != 0 {
		upstreamCPU = cpuTime(b, upstreamPID)
	}
	b.ResetTimer()
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), httpOpTimeout)
		var mu sync.Mutex
		start := time.Now()
		for _, session := range sessions {
			wg.Go(func() {
				local := make([]time.Duration, 0, httpCallsPerSession)
				for range httpCallsPerSession {
					if ctx.Err() != nil {
						b.Error("op timed out")
						return
					}
					t0 := time.Now()
					if !call(session) {
						return
					}
					local = append(local, time.Since(t0))
				}
				mu.Lock()
				all = append(all, local...)
				mu.Unlock()
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
		cancel()
	}
	b.StopTimer()
	if len(all) == 0 {
		b.Fatal("no calls completed")
	}
	res.calls = len(all)
	per := func(d time.Duration) time.Duration { return d / time.Duration(len(all)) }
	res.cpu.server = per(cpuTime(b, server.cmd.Process.Pid) - serverCPU)
	res.cpu.load = per(cpuTime(b, 0) - loadCPU)
	if upstreamPID != 0 {
		res.cpu.upstream = per(cpuTime(b, upstreamPID) - upstreamCPU)
	}
	res.callsPerSecond = float64(len(all)) / elapsed.Seconds()
	res.p50, res.p99 = percentile(all, 0.5), percentile(all, 0.99)
	b.ReportMetric(res.callsPerSecond, "calls/s")
	b.ReportMetric(msOf(res.p50), "ms-p50")
	b.ReportMetric(msOf(res.p99), "ms-p99")
	if conns != nil {
		res.newConns = settle(conns) - before
		b.ReportMetric(1000*float64(res.newConns)/float64(res.calls), "new-conns/1000-calls")
	}
	return res
}

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
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
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
func startSandboxAPI(b *testing.B) (string, *atomic.Int64, int) {
	return startProcessWithLog(b, serverBinary(b), nil, "sandbox Management API listening", "connection opened",
		"sandbox-api", "--listen", "127.0.0.1:0", "--log-level", "debug", "--log-format", "json")
}

// startHTTPServer starts the server in --http mode on a free loopback port (logging warnings
// only, not a line per call) and returns its MCP endpoint, once /healthz answers, and the process.
func startHTTPServer(b *testing.B, env []string, args ...string) (string, *process) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := startProcess(b, serverBinary(b), env, append([]string{"--http", addr, "--log-level", "warn"}, args...)...)
	b.Cleanup(func() { _ = p.cmd.Process.Kill(); p.close() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return "http://" + addr + "/mcp", p
		}
		if time.Now().After(deadline) {
			b.Fatalf("server did not come up: %v\n%s", err, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
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
