package mcpserver_test

import (
	"runtime"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r65Httpmode9LiveHeap is the heap still referenced after two collections, in bytes.
func r65Httpmode9LiveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestR65Httpmode9SessionHeapMatchesReadme: README says a 2025-era session holds about 10 KiB of
// live heap (what --http-max-sessions bounds), and a code comment said 15. 1,000 sessions opened
// over TCP, each initialized as a client does, measured after garbage collection: 10.2 KiB each,
// with or without -race, nearly all of it mcp-go's session (its queue of 100 notifications). The
// band is wide enough for the test's own noise (a few hundred bytes a session) and narrow enough
// that README's "about 10" would be false outside it.
func TestR65Httpmode9SessionHeapMatchesReadme(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: 2000}, nil)
	for range 50 { // warm up: pools, the emulator, the client's connections
		initialize(t, h.URL(), nil)
	}
	const n = 1000
	before := r65Httpmode9LiveHeap()
	for range n {
		initialize(t, h.URL(), nil)
	}
	after := r65Httpmode9LiveHeap()
	per := (float64(after) - float64(before)) / n / 1024
	t.Logf("live heap %d → %d KiB for %d sessions: %.1f KiB each", before>>10, after>>10, n, per)
	if per < 7 || per > 14 {
		t.Errorf("a session holds %.1f KiB of live heap; README says about 10 KiB", per)
	}
}
