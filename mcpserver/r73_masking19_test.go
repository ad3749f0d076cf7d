package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Masking19At is the emulator's runtime log prefix.
const r73Masking19At = "2026-12-07T10:00:00.000000Z  ERROR runtime::init: "

// r73Masking19Pieces are round 73's broken credentials as the runtime's log would carry them
// (the emulator's line format), each with the pieces no result may show: a Groq key of 52 whose
// entry ends after 48 and whose next entry holds its last 4 (fixedTokenAt read gsk_ as GitHub's
// 36), a GitHub token a raw line break cuts inside one entry, a URL encoded twice and one whose
// password holds a raw quote.
func r73Masking19Pieces() (lines []string, pieces []string) {
	const at = r73Masking19At
	groq := "gsk_R73masking19AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq9Q"
	ghp := "ghp_R73m19" + strings.Repeat("Xy7", 8) + "Kq9Q2w" // 36 after ghp_
	lines = []string{
		at + "auth with " + groq[:4+48],
		at + "  " + groq[4+48:] + " rejected",
		at + "token " + ghp[:20] + "\n" + ghp[20:] + " rejected",
		at + "dsn postgres%253A%252F%252FADMIN%253AR73twice%2540db.example.com%252Fx unreachable",
		at + "dsn postgres%3A%2F%2FADMIN%3AR73p\"ssw%40db.example.com%2Fx unreachable",
	}
	return lines, []string{"Zq9Q", ghp[20:32], "R73twice", "R73p", "ADMIN"}
}

// r73Masking19Shows returns the first piece got shows, else "".
func r73Masking19Shows(got string, pieces []string) string {
	for _, p := range pieces {
		if strings.Contains(got, p) {
			return p
		}
	}
	return ""
}

// TestR73Masking19BrokenCredentialsInInstanceLogs: the runtime's log lines the API answers for an
// instance (through a proxy in front of the emulator, over real HTTP, to a real MCP client) hold
// round 73's broken credentials; get_instance_logs' text and structured content show no piece of
// any, nor does get_deployment's diagnosis of the failed deployment, whose last lines are that
// instance's, nor get_instance_logs' refusal when the API's 409 error text holds the encoded
// URLs. Before, the Groq key's last 4 (as its own entry), the twice-encoded URL's user and
// password and the raw-quoted password were shown in each.
func TestR73Masking19BrokenCredentialsInInstanceLogs(t *testing.T) {
	lines, pieces := r73Masking19Pieces()
	body, err := json.Marshal(map[string]any{"lines": lines})
	if err != nil {
		t.Fatal(err)
	}
	var answers []canned
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASSWORD}\n"
	h.ok(t, "create_app", map[string]any{"name": "shop"})
	h.ok(t, "update_app", map[string]any{"app": "shop", "spicepod": pod})
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1001: fails, PG_PASSWORD not set
	h.clock.Advance(10 * time.Second)
	answers = []canned{{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: http.StatusOK, body: string(body)}}

	logs := h.call(t, "get_instance_logs", map[string]any{"app": "shop"})
	if !strings.Contains(text(logs), "rejected") {
		t.Fatalf("get_instance_logs: not the canned lines:\n%s", text(logs))
	}
	if p := r73Masking19Shows(everything(logs), pieces); p != "" {
		t.Errorf("get_instance_logs shows %q:\n%s", p, everything(logs))
	}
	dep := h.call(t, "get_deployment", map[string]any{"app": "shop", "deployment_id": 1001})
	if !strings.Contains(everything(dep), "failure_logs") || !strings.Contains(text(dep), "rejected") {
		t.Fatalf("get_deployment: no failure logs of the canned lines:\n%s", text(dep))
	}
	if p := r73Masking19Shows(everything(dep), pieces); p != "" {
		t.Errorf("get_deployment shows %q:\n%s", p, everything(dep))
	}

	// The API's error text: the encoded URLs on one line (a token a break cuts in an API text:
	// TestR73Masking20TokenCutByABreakInAnAPIError).
	msg, err := json.Marshal(map[string]any{"error": "Instance is not running: " + strings.TrimPrefix(lines[3], r73Masking19At) + "; " +
		strings.TrimPrefix(lines[4], r73Masking19At), "code": "instance_offline"})
	if err != nil {
		t.Fatal(err)
	}
	answers = []canned{{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: http.StatusConflict, body: string(msg)}}
	refused := h.call(t, "get_instance_logs", map[string]any{"app": "shop"})
	if !strings.Contains(text(refused), "unreachable") {
		t.Fatalf("get_instance_logs (409): not the canned error:\n%s", text(refused))
	}
	if p := r73Masking19Shows(everything(refused), pieces[2:]); p != "" {
		t.Errorf("get_instance_logs (409) shows %q:\n%s", p, everything(refused))
	}
	if p := r73Masking19Shows(h.logs.String(), pieces); p != "" {
		t.Errorf("the debug log shows %q", p)
	}
}
