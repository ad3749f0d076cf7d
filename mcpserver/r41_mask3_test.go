package mcpserver_test

import (
	"strings"
	"testing"
)

// TestR41Reviewmask2InstanceLogsNestedVarDumpIsMasked: PHP's var_dump of a user whose password
// is a nested value (an array, a value object), printed to stdout, reaches the logs API one line
// per entry; get_instance_logs shows the nested string (MaskText of the same text masks it whole).
func TestR41Reviewmask2InstanceLogsNestedVarDumpIsMasked(t *testing.T) {
	h := r41m2LogsHarness(t, []string{
		`object(App\User)#1 (1) {`,
		`  ["password":protected]=>`,
		`  object(App\Secret)#2 (1) {`,
		`    ["value"]=>`,
		`    string(10) "R41rm2Pw7x"`,
		`  }`,
		`}`,
		`Array`,
		`(`,
		`    [api_key] => Array`,
		`        (`,
		`            [0] => R41rm2Pw8y`,
		`        )`,
		`)`,
	})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if res.IsError {
		t.Fatalf("get_instance_logs failed: %s", text(res))
	}
	var got logsResult
	structured(t, res, &got)
	all := text(res) + "\n" + strings.Join(got.Lines, "\n")
	if strings.Contains(all, "R41rm2Pw") {
		t.Errorf("get_instance_logs shows a credential:\n%s", all)
	}
}
