package testutil

import (
	"runtime"
	"runtime/debug"
)

// HeapKept is the heap that f's work keeps after a collection (the collector off while f runs,
// so that nothing f drops is counted or freed midway). Keep what is measured reachable after it.
func HeapKept(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	runtime.ReadMemStats(&before)
	f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// PasswordLike is a password-like value of n bytes (printable ASCII), the same for the same seed.
func PasswordLike(n int, seed uint32) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%*+-/=?@^_~"
	b := make([]byte, n)
	x := seed*2654435761 + 12345
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = chars[x%uint32(len(chars))]
	}
	return string(b)
}
