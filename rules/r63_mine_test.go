package rules

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestR63MineOutOfRangeNumberAdviceFits: a spicepod number no double can hold is not helped by
// fewer significant digits, so the refusal says which end of the range it is past; one a double
// rounds keeps the digits advice. Before, 1e-400 was told "write it with at most 15 significant
// digits", which it already was.
func TestR63MineOutOfRangeNumberAdviceFits(t *testing.T) {
	for lit, want := range map[string]string{
		"1e-400":                 "too small for a 64-bit float",
		"-1e-400":                "too small for a 64-bit float",
		"1e400":                  "too large for a 64-bit float",
		"9007199254740993":       "at most 15 significant digits",
		"0.10000000000000000001": "at most 15 significant digits",
	} {
		msg := SpicepodInexact(map[string]any{"n": json.Number(lit)})
		if !strings.Contains(msg, want) || !strings.Contains(msg, "(at n)") || !strings.Contains(msg, "quote it") {
			t.Errorf("%s: %q, want it to say %q, where and how to keep it", lit, msg, want)
		}
		if strings.Contains(msg, strings.TrimLeft(lit, "-")) {
			t.Errorf("%s: the refusal quotes the number: %q", lit, msg)
		}
	}
	if msg := SpicepodInexact(map[string]any{"n": json.Number("1e-400")}); strings.Contains(msg, "significant digits") {
		t.Errorf("1e-400 is told to shorten its digits: %q", msg)
	}
}
