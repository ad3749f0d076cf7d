package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR49NewcomerSpicepodOffsetSaysWhyItShowsAPart: README (Tools) says a spicepod too long
// for one result comes in line ranges. get_app with spicepod_offset on a 10-line spicepod said
// "Spicepod lines 4–10 of 10 shown (it is longer than one result may be)", which was false:
// the part was the caller's offset, and get_app without it shows the spicepod whole. A long
// spicepod's parts still say it is longer than one result may be.
func TestR49NewcomerSpicepodOffsetSaysWhyItShowsAPart(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	short := h.ok(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": 3})
	mustContain(t, "a short spicepod from an offset", short, "Spicepod lines 4–10 of 10 shown",
		"get_app without spicepod_offset shows it whole")
	if strings.Contains(short, "longer than one result") {
		t.Errorf("a 10-line spicepod is said to be longer than one result:\n%s", short)
	}

	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n", i, i)
	}
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod.String()})
	for _, offset := range []int{0, 3} {
		long := h.ok(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": offset})
		mustContain(t, fmt.Sprintf("a long spicepod from offset %d", offset), long, "(it is longer than one result may be)")
		if strings.Contains(long, "shows it whole") {
			t.Errorf("offset %d: a spicepod too long for one result is said to be shown whole without spicepod_offset:\n%s", offset, long)
		}
	}
}
