package bench

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	httpSessions        = 64
	httpCallsPerSession = 50
)

// BenchmarkHTTPThroughput drives the real binary (--http --sandbox) with 64 concurrent MCP
// sessions over loopback, each calling list_apps; one op is 64×50 calls. The load generator
// shares the machine's 2 cores with the server, so the figures are a lower bound.
func BenchmarkHTTPThroughput(b *testing.B) {
	// The load generator is Go too, sharing the 2 cores: keep its own GC out of the way.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	url := startHTTPServer(b)
	transport := &http.Transport{MaxIdleConnsPerHost: httpSessions, MaxConnsPerHost: httpSessions}
	hc := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	sessions := make([]string, httpSessions)
	for i := range sessions {
		sessions[i] = initSession(b, hc, url)
	}
	body := []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	var all []time.Duration
	var elapsed time.Duration
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := time.Now()
		for _, session := range sessions {
			wg.Go(func() {
				local := make([]time.Duration, 0, httpCallsPerSession)
				for range httpCallsPerSession {
					t0 := time.Now()
					out := post(b, hc, url, session, body)
					if !bytes.Contains(out, []byte("analytics-app")) {
						b.Errorf("unexpected answer: %.200s", out)
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
	}
	b.StopTimer()
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "calls/s")
	b.ReportMetric(float64(percentile(all, 0.5).Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(percentile(all, 0.99).Microseconds())/1000, "ms-p99")
}

func startHTTPServer(b *testing.B) string {
	bin := serverBinary(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "--http", addr, "--sandbox", "--log-level", "error")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("server did not come up: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "http://" + addr + "/mcp"
}

// initSession runs the legacy handshake and returns the Mcp-Session-Id.
func initSession(b *testing.B, hc *http.Client, url string) string {
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(init))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
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

func post(b *testing.B, hc *http.Client, url, session string, body []byte) []byte {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Session-Id", session)
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	resp, err := hc.Do(req)
	if err != nil {
		b.Error(err)
		return nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		b.Errorf("status %d: %s", resp.StatusCode, fmt.Sprintf("%.200s", out))
	}
	return out
}
