package mcpserver_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR45ListsMemberRefLengthLimit: a member reference (and add_member's username) over
// rules.MemberRefMax characters is refused naming the field and the limit, before any API call;
// one of exactly the limit (in characters, not bytes) passes the rule.
func TestR45ListsMemberRefLengthLimit(t *testing.T) {
	if rules.MemberRefMax != 1024 {
		t.Fatalf("MemberRefMax = %d, want 1024", rules.MemberRefMax)
	}
	var count atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true},
		upstream: cannedProxyCounting(&[]canned{}, &count, nil)})
	long := strings.Repeat("é", rules.MemberRefMax+1) // 1,025 characters, 2,050 bytes
	for _, tc := range []struct {
		tool, field string
		args        map[string]any
	}{
		{"get_member", "member", map[string]any{"member": long}},
		{"remove_member", "member", map[string]any{"member": long}},
		{"update_member_roles", "member", map[string]any{"member": long, "roles": []string{"admin"}}},
		{"add_member", "username", map[string]any{"username": long}},
	} {
		before := count.Load()
		res := h.call(t, tc.tool, tc.args)
		out := text(res)
		if !res.IsError {
			t.Errorf("%s with a %d-character %s succeeded: %.300s", tc.tool, rules.MemberRefMax+1, tc.field, out)
			continue
		}
		mustContain(t, tc.tool, out, tc.field+":", "must be at most 1,024 characters")
		if strings.Contains(out, long) {
			t.Errorf("%s quotes the long reference back: %.300s", tc.tool, out)
		}
		if n := count.Load() - before; n != 0 {
			t.Errorf("%s sent %d API requests for a refused %s", tc.tool, n, tc.field)
		}
	}
	// At the limit the rule passes: the API is asked (and finds no such member).
	atLimit := strings.Repeat("é", rules.MemberRefMax)
	before := count.Load()
	out := text(h.call(t, "get_member", map[string]any{"member": atLimit}))
	if strings.Contains(out, "must be at most") || count.Load() == before {
		t.Errorf("a reference of exactly %d characters is refused by the rule: %.300s", rules.MemberRefMax, out)
	}
}
