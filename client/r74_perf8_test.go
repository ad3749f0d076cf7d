package client

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r74Perf8Values are n certificate-like values of exactly size bytes each, all different.
func r74Perf8Values(n, size int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = testutil.R74CertBundle(size + 64 + i)[:size] // the seed holds the length: each value differs
	}
	return out
}

// r74Perf8Cost is what building one Redactor of values costs: the bytes allocated while it is
// built (the collector off: the most the heap grows by) and those it keeps.
func r74Perf8Cost(values []string) (allocated, kept uint64) {
	var before, after, held runtime.MemStats
	runtime.GC()
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	runtime.ReadMemStats(&before)
	r := NewRedactor(values...)
	runtime.ReadMemStats(&after)
	runtime.GC()
	runtime.ReadMemStats(&held)
	runtime.KeepAlive(r)
	return after.TotalAlloc - before.TotalAlloc, held.HeapAlloc - before.HeapAlloc
}

// TestR74Perf8ValuesUpTo4KiBBounded: a value of 513 bytes to 4 KiB is looked for as a longer
// one is (its ends whole, the rest by blocks): one keeps at most 640 KB (1 KiB: 1,018 bytes a
// byte before, 468 after; 4 KiB: 1,031 before, 130 after), and a caller's 64 remembered values
// of 4 KiB keep at most 40 MB (268 MB before, 32 MB after), far below the container's 128 MiB.
func TestR74Perf8ValuesUpTo4KiBBounded(t *testing.T) {
	for _, size := range []int{1 << 10, 2 << 10, 4 << 10} {
		_, kept := r74Perf8Cost(r74Perf8Values(1, size))
		t.Logf("%d bytes: %d kept, %.0f a byte", size, kept, float64(kept)/float64(size))
		if kept > 640<<10 {
			t.Errorf("a value of %d bytes keeps %d bytes", size, kept)
		}
	}
	allocated, kept := r74Perf8Cost(r74Perf8Values(64, 4<<10))
	t.Logf("64 values of 4 KiB: %d allocated, %d kept", allocated, kept)
	if kept > 40e6 {
		t.Errorf("64 values of 4 KiB keep %d bytes", kept)
	}
	if allocated > 128e6 {
		t.Errorf("64 values of 4 KiB allocate %d bytes while built", allocated)
	}
}

// TestR74Perf8MidValueRedactedWholeAndInPieces (README, Secret hygiene): of a value of 1 KiB,
// the whole, any piece of 64 bytes of its middle (shown before: a value of 4 KiB or less was
// looked for only whole) and its end, in each spelling common encoders write, are redacted and
// nothing around them; its beginning in a spelling only reading finds (HTML references of every
// byte) is too, but a piece of its middle in that spelling is shown: the rule's limit. A value
// of 512 bytes is found whole in that spelling.
func TestR74Perf8MidValueRedactedWholeAndInPieces(t *testing.T) {
	v := r74Perf8Values(1, 1<<10)[0]
	r74RedactedWholeAndInPieces(t, v)
	// A value of 2*longPiece bytes or less is looked for whole, in that spelling too.
	short := r74Perf8Values(1, 2*longPiece)[0]
	if got := NewRedactor(short).Redact("before " + r74HTMLRefs(short) + " after"); got != "before [REDACTED] after" {
		t.Errorf("a value of %d bytes as HTML references: %.300q", len(short), got)
	}
}
