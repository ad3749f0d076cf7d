package client

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

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
	}{{"256B", 256}, {"1KiB", 1 << 10}, {"2KiB", 2 << 10}, {"4KiB", 4 << 10}, {"64KiB", 64 << 10}, {"1MiB+64KiB", 1<<20 + 64<<10}} {
		if testing.Short() && size.n > 64<<10 {
			continue // CI runs every benchmark once, with -short
		}
		v := testutil.R74CertBundle(size.n + 64)[:size.n] // exactly n bytes
		b.Run(size.name, func(b *testing.B) {
			allocated, kept := r74Perf6Cost(v)
			b.ReportAllocs()
			b.ResetTimer()
			var r *Redactor
			for range b.N {
				r = NewRedactor(v)
			}
			if got := r.Redact("bundle: " + v + " (end)"); got != "bundle: "+redactedMark+" (end)" {
				b.Fatalf("redacted to %.80q…", got)
			}
			b.ReportMetric(float64(allocated)/float64(len(v)), "alloc/valuebyte")
			b.ReportMetric(float64(kept)/float64(len(v)), "kept/valuebyte")
		})
	}
}

// TestR74Perf6LongValueCostsAFewTimesItsLength: a redactor of a 1 MiB + 64 KiB value keeps at
// most 16 bytes a byte of it (1,025 before: the value's spellings in an automaton, 1.1 GB) and
// allocates at most 128 while it is built (2,533 before); a second redactor of the same value
// (the call's next request, a caller's next call) makes no blocks again.
func TestR74Perf6LongValueCostsAFewTimesItsLength(t *testing.T) {
	v := testutil.R74CertBundle(1<<20 + 64<<10)
	allocated, kept := r74Perf6Cost(v)
	t.Logf("%d bytes: %d allocated, %d kept", len(v), allocated, kept)
	if kept > 16*uint64(len(v)) {
		t.Errorf("kept %d bytes, %.0f a byte of the value", kept, float64(kept)/float64(len(v)))
	}
	if allocated > 128*uint64(len(v)) {
		t.Errorf("allocated %d bytes, %.0f a byte of the value", allocated, float64(allocated)/float64(len(v)))
	}
	builds := func() int {
		longBlockCache.Lock()
		defer longBlockCache.Unlock()
		return longBlockBuilds
	}
	before := builds()
	if NewRedactor(v, "another-value-r74") == nil || builds() != before {
		t.Errorf("the value's blocks were made again: %d builds, %d before", builds(), before)
	}
}

// r74Perf6Forms are the spellings of a long value (or a piece of it) an answer may echo and
// redaction promises to find whole.
var r74Perf6Forms = []struct {
	name string
	of   func(string) string
}{
	{"as sent", func(v string) string { return v }},
	{"JSON", func(v string) string { b, _ := json.Marshal(v); return string(b[1 : len(b)-1]) }},
	{"JSON, / escaped", func(v string) string {
		b, _ := json.Marshal(v)
		return strings.ReplaceAll(string(b[1:len(b)-1]), "/", `\/`)
	}},
	{"base64", func(v string) string { return base64.StdEncoding.EncodeToString([]byte(v)) }},
	{"base64url", func(v string) string { return base64.RawURLEncoding.EncodeToString([]byte(v)) }},
	{"base64 of its JSON", func(v string) string {
		b, _ := json.Marshal(v)
		return base64.StdEncoding.EncodeToString(b)
	}},
	{"HEX", func(v string) string { return strings.ToUpper(hex.EncodeToString([]byte(v))) }},
	{"reversed", func(v string) string { r := []rune(v); slices.Reverse(r); return string(r) }},
	{"percent-encoded", url.QueryEscape},
	{"percent-encoded path", url.PathEscape},
	{"HTML-escaped", html.EscapeString},
	{"upper case", strings.ToUpper},
}

// TestR74Perf6LongValueRedactedWholeAndInPieces (README, Secret hygiene): of a value longer
// than 4 KiB, the whole and any piece of 64 bytes of its middle, in each spelling common
// encoders write (r74Perf6Forms), are redacted and nothing around them; its beginning in a
// spelling only reading finds (HTML character references of every byte) is redacted too, but a
// piece of its middle in that spelling is shown: the rule's limit.
func TestR74Perf6LongValueRedactedWholeAndInPieces(t *testing.T) {
	v := testutil.R74CertBundle(64 << 10) // the rule of a 1 MiB one: TestR74Perf6LongValueOverMCP
	r74RedactedWholeAndInPieces(t, v)
}

// TestR74Perf6CutValueShownOnOneLine: a text cut where it held a value with line breaks shown
// as spaces (a description a tool shortens: a key file, a certificate) shows no beginning of
// it; it showed 1,000 bytes of a 2 KiB one. A long value's beginning is redacted so too.
func TestR74Perf6CutValueShownOnOneLine(t *testing.T) {
	for _, n := range []int{2 << 10, 64 << 10} {
		v := testutil.R74CertBundle(n)
		r := NewRedactor(v)
		for _, cut := range []int{20, 200, 1000} {
			if cut > 200 && n > maxWholeValue {
				continue // past its first 256 bytes, no 64 of them in a row: TestR74Perf6LongValueOverMCP
			}
			if got := r.Redact("before " + normalized(v)[:cut] + "…"); got != "before [REDACTED]…" {
				t.Errorf("%d bytes cut after %d: %.200q", n, cut, got)
			}
		}
	}
}

// r74RedactedWholeAndInPieces: v whole, 64 bytes of its middle and its last 100 bytes, in each
// spelling common encoders write, are redacted and nothing around them; its beginning as HTML
// references of every byte is too, while 64 bytes of its middle so spelled are shown.
func r74RedactedWholeAndInPieces(t *testing.T, v string) {
	t.Helper()
	r := NewRedactor(v)
	for _, f := range r74Perf6Forms {
		for _, piece := range []struct{ name, text string }{
			{"whole", v}, {"64 bytes of its middle", v[len(v)/2+7 : len(v)/2+71]}, {"its last 100 bytes", v[len(v)-100:]},
		} {
			if got := r.Redact("before " + f.of(piece.text) + " after"); got != "before [REDACTED] after" {
				t.Errorf("%s, %s: %.300q", piece.name, f.name, got)
			}
		}
	}
	if got := r.Redact("before " + r74HTMLRefs(v[:longPiece]) + " after"); got != "before [REDACTED] after" {
		t.Errorf("its beginning as HTML references: %.300q", got)
	}
	middle := r74HTMLRefs(v[len(v)/2 : len(v)/2+64])
	if got := r.Redact("before " + middle + " after"); got != "before "+middle+" after" {
		t.Errorf("a piece of its middle as HTML references is shown by the rule: %.300q", got)
	}
}

// r74HTMLRefs is s with every byte an HTML character reference (&#NN;).
func r74HTMLRefs(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "&#%d;", s[i])
	}
	return b.String()
}
