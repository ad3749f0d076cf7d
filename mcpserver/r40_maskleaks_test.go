package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r40MaskLogsHarness serves lines as the newest instance's log of analytics-app.
func r40MaskLogsHarness(t *testing.T, lines []string) *harness {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"lines": lines})
	answers := []canned{instancesAnswer("Edge_Node-01", "ready"),
		{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK, body: string(body)}}
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
}

// TestR40OrgtoolsLogsAuthorizationSchemeKeepsTheCredentialMasked: README "after
// `Authorization:` the scheme stays (`Bearer ********`)". For any scheme but Bearer, Basic,
// Token and Digest the masker masks the scheme's word instead and shows the credential after it:
// `Authorization: ApiKey <key>` (Elasticsearch), `SSWS` (Okta), `Bot` (Discord), `Splunk`.
func TestR40OrgtoolsLogsAuthorizationSchemeKeepsTheCredentialMasked(t *testing.T) {
	const secret = "R40q9ZxLk2VbN7wPs4Td"
	lines := []string{
		"2026-11-21T12:00:05Z DEBUG http: > Authorization: ApiKey " + secret,
		"2026-11-21T12:00:05Z DEBUG http: > Authorization: SSWS " + secret + "1",
		"2026-11-21T12:00:05Z DEBUG http: > Authorization: Bot " + secret + "2",
		"2026-11-21T12:00:05Z DEBUG http: > Proxy-Authorization: Splunk " + secret + "3",
	}
	h := r40MaskLogsHarness(t, lines)
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	out := everything(res)
	t.Log(text(res))
	if strings.Contains(out, secret) {
		t.Errorf("a credential after an Authorization scheme is shown (the scheme's word is masked instead):\n%s", text(res))
	}
}

// TestR40OrgtoolsLogsArrowAssignmentMasksTheValue: `key => value` (Ruby 3.4's Hash#inspect,
// PHP's print_r, Perl's Data::Dumper) and `key := value`: the masker takes the `>` or `=` after
// the first separator for the value, masks that one character and shows the password after it.
func TestR40OrgtoolsLogsArrowAssignmentMasksTheValue(t *testing.T) {
	const secret = "R40Hunter2pass"
	lines := []string{
		`2026-11-21T12:00:05Z  INFO app: config {"user" => "app", "password" => "` + secret + `"}`,
		`2026-11-21T12:00:05Z  INFO app: [db_password] => ` + secret + `1`,
		`2026-11-21T12:00:05Z  INFO app: 'client_secret' => '` + secret + `2',`,
		`2026-11-21T12:00:05Z  INFO app: password := "` + secret + `3"`,
	}
	h := r40MaskLogsHarness(t, lines)
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	out := everything(res)
	t.Log(text(res))
	if strings.Contains(out, secret) {
		t.Errorf("a password after `=>` or `:=` is shown (only the `>`/`=` is masked):\n%s", text(res))
	}
}
