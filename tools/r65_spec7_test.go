package tools

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR65Spec7InstanceDefaultSaysWhatIsRead: get_instance_logs without instance reads the newest
// instance that was scheduled, passing a pending (never scheduled) newest over
// (TestR64Spec6LogsPassOverAPodNeverScheduled); the argument's description says so, for no more
// tokens than "Default: the newest" cost (tools/list is at its cap).
func TestR65Spec7InstanceDefaultSaysWhatIsRead(t *testing.T) {
	tool, ok := ByName("get_instance_logs")
	if !ok {
		t.Fatal("no get_instance_logs")
	}
	props, _ := r64ClaimsProperties(t, tool)
	desc, _ := props["instance"]["description"].(string)
	if !strings.HasPrefix(desc, "Default: newest scheduled") {
		t.Errorf("instance's description %q does not say a pending (never scheduled) newest is passed over", desc)
	}
	const before = "Default: the newest (see list_instances)"
	if got, was := tokens.Count(desc), tokens.Count(before); got > was {
		t.Errorf("instance's description costs %d o200k tokens, %d before", got, was)
	}
}
