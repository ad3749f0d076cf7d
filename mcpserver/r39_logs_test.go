package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR39LargerTailNeverOverflows (audit r39a): when skip_newest skips every line returned, the
// result names the call with a larger tail (tail asked + skip_newest). The sum wrapped for a
// skip_newest near the largest integer, naming a call with tail -9223372036854775806, which the
// tool refuses. A tail beyond the largest the tool takes is no call: the result says to lower
// skip_newest instead.
func TestR39LargerTailNeverOverflows(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := text(h.callRaw(t, "get_instance_logs", `{"app":"analytics-app","tail":3,"skip_newest":9223372036854775807}`))
	if strings.Contains(got, "tail\":-") || strings.Contains(got, "larger tail:") {
		t.Errorf("a larger-tail call past the largest tail is named:\n%s", got)
	}
	mustContain(t, "skip past every tail", got, "skip_newest")
	mustContain(t, "skip past every tail", got, "9223372036854775807")

	// The largest sum that fits is still named, as a call the tool takes.
	got = text(h.callRaw(t, "get_instance_logs", `{"app":"analytics-app","tail":3,"skip_newest":9223372036854775804}`))
	named, ok := noteCall(t, got, "get_instance_logs")
	if !ok {
		t.Fatalf("no larger-tail call named:\n%s", got)
	}
	if tail, _ := named["tail"].(float64); tail < 1 {
		t.Errorf("the larger-tail call names tail %v: %v", named["tail"], named)
	}
}
