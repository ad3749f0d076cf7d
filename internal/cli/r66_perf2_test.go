package cli_test

import (
	"runtime/debug"
	"testing"
)

// TestR66Perf2SandboxAPITunesGC: sandbox-api collects garbage as HTTP mode does (GOGC 400 under
// a soft memory limit; GOGC and GOMEMLIMIT win). At Go's default every request's few kilobytes
// started a collection of its small heap every few hundred requests: 14 to 24 % of its CPU
// per request on the benchmark's real-upstream hop.
func TestR66Perf2SandboxAPITunesGC(t *testing.T) {
	prevGC := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) })

	s := startServer(t, map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json")
	if gc := debug.SetGCPercent(100); gc != 100 {
		t.Errorf("GOGC set: sandbox-api changed the GC percent to %d", gc)
	}
	if limit := debug.SetMemoryLimit(-1); limit != prevLimit {
		t.Errorf("GOMEMLIMIT set: sandbox-api changed the memory limit to %d", limit)
	}
	s.stop()

	s = startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json")
	if gc := debug.SetGCPercent(100); gc != 400 {
		t.Errorf("GC percent %d in sandbox-api, want 400 (as HTTP mode)", gc)
	}
	if limit := debug.SetMemoryLimit(-1); limit != 256<<20 {
		t.Errorf("memory limit %d in sandbox-api, want 256 MiB (as HTTP mode)", limit)
	}
	s.stop()
}
