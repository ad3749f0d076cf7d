package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

func r41m2LogsHarness(t *testing.T, lines []string) *harness {
	t.Helper()
	body, err := json.Marshal(map[string]any{"lines": lines})
	if err != nil {
		t.Fatal(err)
	}
	logs := canned{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK, body: string(body)}
	answers := []canned{instancesAnswer("Edge_Node-01", "ready"), logs}
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
}

// TestR41InstanceLogsKeyThenValueEntriesAreMasked: PHP's var_dump and a property list, printed
// to stdout, reach the logs API one line per entry (the key's, then the value's): the value is
// masked in get_instance_logs' text and structured content, as when they share an entry
// (TestR41InstanceLogsMaskToolsCredentialForms).
func TestR41InstanceLogsKeyThenValueEntriesAreMasked(t *testing.T) {
	h := r41m2LogsHarness(t, []string{
		`array(2) {`,
		`  ["user"]=>`,
		`  string(3) "app"`,
		`  ["password"]=>`,
		`  string(10) "R41m2Pw7xQ"`,
		`}`,
		`<key>password</key>`,
		`<string>R41m2Pw8yR</string>`,
	})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if res.IsError {
		t.Fatalf("get_instance_logs failed: %s", text(res))
	}
	var got logsResult
	structured(t, res, &got)
	all := text(res) + "\n" + strings.Join(got.Lines, "\n")
	if strings.Contains(all, "R41m2Pw") {
		t.Errorf("get_instance_logs shows a credential:\n%s", all)
	}
}
