package rules

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestR62Spec4KeepsValue pins KeepsValue to what JSON.stringify(JSON.parse(lit)) writes: the
// same number (another spelling allowed) or another one. An exponent of a billion is cheap.
func TestR62Spec4KeepsValue(t *testing.T) {
	for lit, want := range map[string]bool{
		"0": true, "-0": true, "0.0e5": true, "1.50": true, "1E2": true, "0.1": true, "1e21": true, "1e-7": true,
		"9007199254740992": true, "9007199254740993": false, "12345678901234567890": false, "12345678901234567890123": false,
		"10000000000000000000000": true, "0.10000000000000000001": false, "1e-400": false, "1e400": false,
		"5e-324": true, "1.7976931348623157e308": true, "1e-1000000000": false, "1e1000000000": false,
		"123456789012345": true, "0.3": true, "100.000000000000000000000": true,
	} {
		if got := KeepsValue([]byte(lit)); got != want {
			t.Errorf("KeepsValue(%s) = %v, want %v", lit, got, want)
		}
	}
	pod := map[string]any{"a": []any{json.Number("1.5"), map[string]any{"pg_pass": json.Number("12345678901234567890")}}, "b": 3}
	if got := SpicepodInexact(pod); !strings.Contains(got, "at a[1].pg_pass") || strings.Contains(got, "1234567890") {
		t.Errorf("SpicepodInexact: %q, want it named by path, not quoted", got)
	}
	if got := SpicepodInexact(map[string]any{"n": 1, "f": 0.1, "u": uint64(1 << 53), "s": "9007199254740993"}); got != "" {
		t.Errorf("SpicepodInexact of exact numbers: %q", got)
	}
}
