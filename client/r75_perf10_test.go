package client

import (
	"encoding/base64"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR75Perf10ValueUpTo512BytesKeepsAFewHundredBytesAByte: a value of 512 bytes or less is
// looked for whole in every spelling, thousands of automaton states a byte of it; a state kept
// 25 bytes (1,062 bytes a value byte for a certificate of 512, 697 for a password), now 6: at
// most 400 bytes a byte (300 and 156: base64's URL alphabet read as the standard one, its
// spellings are no needles of their own), and a caller's 64 values of 512 bytes keep at most
// 8 MB (20.2 MB before, 4.5 after). Redactor.Bytes, which tools' budget counts, is within a quarter
// of what the heap keeps.
func TestR75Perf10ValueUpTo512BytesKeepsAFewHundredBytesAByte(t *testing.T) {
	for _, kind := range []string{"password", "certificate"} {
		for _, n := range []int{64, 256, 512} {
			// 16 redactors of 16 values, so that the heap's noise is small beside them.
			vs := make([]string, 16)
			for i := range vs {
				vs[i] = testutil.PasswordLike(n, uint32(i+1))
			}
			if kind == "certificate" {
				vs = r74Perf8Values(16, n)
			}
			rs := make([]*Redactor, len(vs))
			kept := uint64(testutil.HeapKept(func() {
				for i, v := range vs {
					rs[i] = NewRedactor(v)
				}
			})) / uint64(len(vs))
			b := uint64(0)
			for _, r := range rs {
				b += uint64(r.Bytes())
			}
			b /= uint64(len(rs))
			t.Logf("%s of %d bytes: %d kept, %.0f a byte; Bytes %d", kind, n, kept, float64(kept)/float64(n), b)
			if kept > 400*uint64(n) {
				t.Errorf("a %s of %d bytes keeps %d bytes", kind, n, kept)
			}
			if 4*b < 3*kept || 4*b > 5*kept {
				t.Errorf("a %s of %d bytes: Bytes %d, kept %d", kind, n, b, kept)
			}
		}
	}
	var values []string
	for i := range 64 {
		values = append(values, testutil.PasswordLike(512, uint32(i+1)))
	}
	var r *Redactor
	kept := uint64(testutil.HeapKept(func() { r = NewRedactor(values...) }))
	t.Logf("64 values of 512 bytes: %d kept; Bytes %d", kept, r.Bytes())
	if kept > 8e6 {
		t.Errorf("64 values of 512 bytes keep %d bytes", kept)
	}
	if b := uint64(r.Bytes()); 4*b < 3*kept || 4*b > 5*kept {
		t.Errorf("64 values: Bytes %d, kept %d", b, kept)
	}
	// base64's two alphabets are one needle each (rawNorm): a password's URL-alphabet spellings
	// are not needles of their own, and are redacted.
	if nd := r.r.nd; len(nd.rawOf) > len(nd.raw)*3/4 {
		t.Errorf("%d raw needles of %d spellings", len(nd.rawOf), len(nd.raw))
	}
	// What is looked for is what was: each value whole, and in base64.
	text := "a " + values[7] + " b " + base64.URLEncoding.EncodeToString([]byte(values[40])) + " c"
	if got := r.Redact(text); got != "a [REDACTED] b [REDACTED] c" {
		t.Errorf("%.120q", got)
	}
}
