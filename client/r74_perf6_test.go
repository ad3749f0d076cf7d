package client

import (
	"crypto/rand"
	"encoding/base64"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// r74Perf6Value is a certificate bundle of about n bytes: PEM blocks of base64 lines (with
// "/" and "+" in them) and line breaks, what a user sends as a secret value.
func r74Perf6Value(n int) string {
	raw := make([]byte, n)
	_, _ = rand.Read(raw)
	enc := base64.StdEncoding.EncodeToString(raw)
	var b strings.Builder
	b.WriteString("-----BEGIN CERTIFICATE-----\n")
	for i := 0; i < len(enc) && b.Len() < n-26; i += 64 {
		b.WriteString(enc[i:min(i+64, len(enc))])
		b.WriteByte('\n')
	}
	b.WriteString("-----END CERTIFICATE-----\n")
	return b.String()
}

// r74Perf6Cost is what building a Redactor of value costs: the bytes allocated while it is
// built (the collector off: the most the heap can grow by, its peak) and those it keeps.
func r74Perf6Cost(value string) (allocated, kept uint64) {
	var before, after, held runtime.MemStats
	runtime.GC()
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	runtime.ReadMemStats(&before)
	r := NewRedactor(value)
	runtime.ReadMemStats(&after)
	runtime.GC()
	runtime.ReadMemStats(&held)
	runtime.KeepAlive(r)
	return after.TotalAlloc - before.TotalAlloc, held.HeapAlloc - before.HeapAlloc
}

func BenchmarkR74Perf6NewRedactor(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1KiB", 1 << 10}, {"64KiB", 64 << 10}, {"1MiB+64KiB", 1<<20 + 64<<10}} {
		v := r74Perf6Value(size.n)
		b.Run(size.name, func(b *testing.B) {
			allocated, kept := r74Perf6Cost(v)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				NewRedactor(v)
			}
			b.ReportMetric(float64(allocated)/float64(len(v)), "alloc/valuebyte")
			b.ReportMetric(float64(kept)/float64(len(v)), "kept/valuebyte")
		})
	}
}
