package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR41InstanceLogsMaskToolsCredentialForms: get_instance_logs masks the credentials common
// tools print that the masker showed before round 41 — PHP's var_dump, a property list's key
// and value, key -> value, Oracle's unquoted IDENTIFIED BY, --pw — in text and structured
// content, and keeps what names none.
func TestR41InstanceLogsMaskToolsCredentialForms(t *testing.T) {
	lines := []string{
		"[\"password\"]=>\n  string(8) \"R41pwAAA\"",
		"[\"db_password\":protected]=> string(8) \"R41pwBBB\"",
		"<key>api_key</key>\n<string>R41pwCCC</string>",
		"%{password -> \"R41pwDDD\", user -> bob}",
		"ALTER USER app IDENTIFIED BY R41pwEEE ACCOUNT UNLOCK",
		"exec: tool --pw R41pwFFF --host db",
		"<key>CFBundleName</key><string>KeepMe</string> user is identified by their email",
	}
	body, err := json.Marshal(map[string]any{"lines": lines})
	if err != nil {
		t.Fatal(err)
	}
	logs := canned{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK, body: string(body)}
	answers := []canned{instancesAnswer("Edge_Node-01", "ready"), logs}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})

	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if res.IsError {
		t.Fatalf("get_instance_logs failed: %s", text(res))
	}
	var got logsResult
	structured(t, res, &got)
	all := text(res) + "\n" + strings.Join(got.Lines, "\n")
	if strings.Contains(all, "R41pw") {
		t.Errorf("get_instance_logs shows a credential:\n%s", all)
	}
	mustContain(t, "structured lines", strings.Join(got.Lines, "\n"),
		`["password"]=>  ********`, `["db_password":protected]=> ********`, "<key>api_key</key> <string>********</string>",
		`%{password -> "********", user -> bob}`, "IDENTIFIED BY ******** ACCOUNT UNLOCK", "tool --pw ******** --host db",
		"<key>CFBundleName</key><string>KeepMe</string> user is identified by their email")
}
