package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39WholeNumbersAreIntegers (audits r39a, r39b): the schemas declare these arguments
// "integer", which JSON Schema 2020-12 says any number with a zero fractional part matches:
// 2.0, 1e1, 10E0 and 1.00e1 are integers, and clients whose model emits floats send them so.
// They used to be refused as "expected integer, got number 1.0".
func TestR39WholeNumbersAreIntegers(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, c := range []struct{ tool, args, want string }{
		{"list_apps", `{"offset":1.0}`, "docs-search"},
		{"list_deployments", `{"app":"analytics-app","limit":1.0,"offset":1.0}`, "1002"},
		{"list_deployments", `{"app":"analytics-app","limit":1e1}`, "1003"},
		{"list_deployments", `{"app":"analytics-app","limit":10E0}`, "1003"},
		{"list_deployments", `{"app":"analytics-app","limit":1.00e1}`, "1003"},
		{"list_deployments", `{"app":"analytics-app","limit":100e-1}`, "1003"},
		{"list_secrets", `{"app":"analytics-app","offset":1e0}`, "PG_PASS"},
		{"get_deployment", `{"app":"analytics-app","deployment_id":1003.0}`, "1003"},
		{"get_deployment", `{"app":"analytics-app","deployment_id":1.003e3}`, "1003"},
		{"get_instance_logs", `{"app":"analytics-app","tail":2.0,"skip_newest":0.0}`, "log lines"},
		{"get_app", `{"app":"analytics-app","spicepod_offset":-0.0}`, "analytics-app"},
		{"regenerate_api_key", `{"app":"analytics-app","key_number":1.0}`, "Regenerated"},
		{"create_deployment", `{"app":"analytics-app","replicas":2.0}`, "eployment"},
		{"wait_for_deployment", `{"app":"analytics-app","timeout_seconds":6e1}`, "succeeded"},
	} {
		res := h.callRaw(t, c.tool, c.args)
		if got := text(res); res.IsError || !strings.Contains(got, c.want) {
			t.Errorf("%s %s (a whole number is an integer): %.300s", c.tool, c.args, got)
		}
	}
}

// TestR39IntegersAreReadExactly: a whole number is read from its digits, never through a
// float64, which would turn 9007199254740993.0 into 9007199254740992.
func TestR39IntegersAreReadExactly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, args := range []string{
		`{"app":"analytics-app","deployment_id":9007199254740993.0}`,
		`{"app":"analytics-app","deployment_id":9.007199254740993e15}`,
		`{"app":"analytics-app","deployment_id":90071992547409930e-1}`,
	} {
		res := h.callRaw(t, "get_deployment", args)
		if got := text(res); !strings.Contains(got, "9007199254740993") || strings.Contains(got, "expected integer") {
			t.Errorf("get_deployment %s: the ID is not the one sent: %.300s", args, got)
		}
	}
}

// TestR39FractionalNumbersAreNoIntegers: a number with a fractional part is still refused as no
// integer, before any request, whatever its spelling.
func TestR39FractionalNumbersAreNoIntegers(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	wantRefused(t, h, []refusal{
		{"list_apps", `{"offset":1.5}`, "Invalid arguments, nothing was sent: offset: expected integer, got number 1.5"},
		{"list_apps", `{"offset":1e-1}`, "Invalid arguments, nothing was sent: offset: expected integer, got number 1e-1"},
		{"list_deployments", `{"app":"analytics-app","limit":10.000000000000000000001}`, "expected integer, got number 10.000000000000000000001"},
		{"get_instance_logs", `{"app":"analytics-app","tail":25e-1}`, "Invalid arguments, nothing was sent: tail: expected integer, got number 25e-1"},
		{"regenerate_api_key", `{"app":"analytics-app","key_number":0.5}`, "Invalid arguments, nothing was sent: key_number: expected integer"},
	})
	wantNoNewCalls(t, h, before)
}

// TestR39IntegersBeyondRangeNameTheRange (audit r39b): an integer no argument can hold is
// refused naming the range it is beyond, not as "expected integer": it is one.
func TestR39IntegersBeyondRangeNameTheRange(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	calls := []refusal{
		{"get_deployment", `{"app":"analytics-app","deployment_id":9223372036854775808}`,
			"Invalid arguments, nothing was sent: deployment_id: the number 9223372036854775808 is beyond the range of integers"},
		{"list_apps", `{"offset":1e20}`, "Invalid arguments, nothing was sent: offset: the number 1e20 is beyond the range of integers"},
		{"get_instance_logs", `{"app":"analytics-app","skip_newest":-9223372036854775809.0}`,
			"Invalid arguments, nothing was sent: skip_newest: the number -9223372036854775809.0 is beyond the range of integers"},
	}
	wantRefused(t, h, calls)
	for _, c := range calls {
		if got := text(h.callRaw(t, c.tool, c.args)); strings.Contains(got, "expected integer") {
			t.Errorf("%s %s: named as no integer: %s", c.tool, c.args, got)
		}
	}
	wantNoNewCalls(t, h, before)
}

// TestR39AppIDAsNumberInAnySpelling (audit r39b): app takes an ID as a JSON number, and 101.0
// and 1.01e2 are that number: they used to be read as the names "101.0" and "1.01e2", after a
// request listing the apps. A number that is no whole one names no app and is refused.
func TestR39AppIDAsNumberInAnySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, args := range []string{`{"app":101}`, `{"app":101.0}`, `{"app":1.01e2}`, `{"app":10100E-2}`} {
		res := h.callRaw(t, "get_app", args)
		if got := text(res); res.IsError || !strings.Contains(got, "analytics-app") {
			t.Errorf("get_app %s: %.300s", args, got)
		}
	}
	before := apiCalls(h)
	wantRefused(t, h, []refusal{
		{"get_app", `{"app":101.5}`, "Invalid arguments, nothing was sent: app: want an app name or numeric ID"},
		{"get_member", `{"member":2.5}`, "Invalid arguments, nothing was sent: member: want a username or numeric user_id"},
		{"get_app", `{"app":1e20}`, "Invalid arguments, nothing was sent: app: the number 1e20 is beyond the range of integers"},
	})
	wantNoNewCalls(t, h, before)
}
