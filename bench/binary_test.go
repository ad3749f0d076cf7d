package bench

import (
	"bufio"
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
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// serverBinary builds the server once, as released: static, trimmed, stripped.
func serverBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "spice-cloud-mcp-bench")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "spice-cloud-mcp")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", binary, "..")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binary
}

// BenchmarkColdStart starts the binary over stdio and times until tools/list is answered
// (initialize, initialized, tools/list, as a client does), then reads its resident memory.
func BenchmarkColdStart(b *testing.B) {
	bin := serverBinary(b)
	var latencies []time.Duration
	var rss []int
	b.ResetTimer()
	for range b.N {
		d, kb := coldStart(b, bin)
		latencies = append(latencies, d)
		rss = append(rss, kb)
	}
	b.StopTimer()
	b.ReportMetric(float64(median(latencies).Microseconds())/1000, "ms-to-tools/list-median")
	sort.Ints(rss)
	b.ReportMetric(float64(rss[len(rss)/2])/1024, "MiB-RSS-median")
}

func coldStart(b *testing.B, bin string) (time.Duration, int) {
	start := time.Now()
	cmd := exec.Command(bin, "--sandbox", "--log-level", "error")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	lines := bufio.NewReader(stdout)
	send := func(msg string) {
		if _, err := io.WriteString(stdin, msg+"\n"); err != nil {
			b.Fatal(err)
		}
	}
	await := func(id int) {
		for {
			line, err := lines.ReadString('\n')
			if err != nil {
				b.Fatalf("waiting for response %d: %v", id, err)
			}
			var msg struct{ ID *int }
			if json.Unmarshal([]byte(line), &msg) == nil && msg.ID != nil && *msg.ID == id {
				return
			}
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}`)
	await(1)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	await(2)
	elapsed := time.Since(start)
	return elapsed, residentKB(b, cmd.Process.Pid)
}

// residentKB reads VmRSS from /proc.
func residentKB(b *testing.B, pid int) int {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

func median(ds []time.Duration) time.Duration {
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[len(sorted)/2]
}

func percentile(ds []time.Duration, p float64) time.Duration {
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}
