package tools

import (
	"encoding/json"
	"strings"
	"testing"
)

// r58DeterminismOnce runs f n times and fails unless it says the same each time (Go
// randomises a map's order from one range to the next, so a text built in that order shows
// it within a few runs) and that one text contains want.
func r58DeterminismOnce(t *testing.T, n int, want string, f func() string) {
	t.Helper()
	first := f()
	for range n {
		if got := f(); got != first {
			t.Fatalf("the same input said two things:\n%s\n%s", first, got)
		}
	}
	if !strings.Contains(first, want) {
		t.Errorf("%s\nwant it to contain %q", first, want)
	}
}

// TestR58DeterminismResourcesUnknownKeysNamedAlike: a resource group with two unknown keys is
// refused naming the same one every time (the first in key order); it named either, in the
// order a map's keys came.
func TestR58DeterminismResourcesUnknownKeysNamedAlike(t *testing.T) {
	r58DeterminismOnce(t, 40, "limits.fpga:", func() string {
		var r Resources
		err := json.Unmarshal([]byte(`{"limits":{"tpu":"1","fpga":"2","npu":"3"}}`), &r)
		if err == nil {
			t.Fatal("unknown keys taken")
		}
		return err.Error()
	})
}

// TestR58DeterminismPolicyUnknownToolsNamedAlike: --tools and --exclude-tools each naming an
// unknown tool are refused naming --tools's every time; it named either flag's, in the
// order a map's keys came.
func TestR58DeterminismPolicyUnknownToolsNamedAlike(t *testing.T) {
	p := Policy{Tools: []string{"r58-nope-a"}, ExcludeTools: []string{"r58-nope-b"}}
	r58DeterminismOnce(t, 40, `unknown tool "r58-nope-a" in --tools`, func() string {
		err := p.Validate()
		if err == nil {
			t.Fatal("unknown tools taken")
		}
		return err.Error()
	})
}
