package mcpserver_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// logLines are the JSON log lines with message msg.
func logLines(t *testing.T, logs, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line is not JSON: %q", sc.Text())
		}
		if line["msg"] == msg {
			out = append(out, line)
		}
	}
	return out
}

// TestToolCallLogLine: each tool call logs one line whose level says whether the operator has
// something to act on (WARN for an API that fails, ERROR for a bug) or it is ordinary flow
// (INFO: an argument mistake, a name that matches nothing, an approval still to give, a 4xx),
// with a short reason from a fixed set and, when the API answered, the operation, status and
// error code — never an argument value.
func TestToolCallLogLine(t *testing.T) {
	const canary = "calllog-canary-7f3a"
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + closed.Addr().String() // nothing listens there once closed
	closed.Close()
	for _, tc := range []struct {
		name   string
		fault  *sandbox.Fault
		opts   harnessOptions
		tool   string
		args   map[string]any
		level  string
		reason string
		attrs  map[string]any
	}{
		{name: "success", tool: "list_apps", args: map[string]any{}, level: "INFO"},
		{name: "argument mistake", tool: "create_app", args: map[string]any{"name": canary, "bogus": canary}, level: "INFO", reason: "invalid_arguments"},
		{name: "no such app", tool: "get_app", args: map[string]any{"app": canary}, level: "INFO", reason: "no_match"},
		{name: "approval needed", tool: "delete_app", args: map[string]any{"app": "docs-search"}, level: "INFO", reason: "refused"},
		{name: "api 404", tool: "get_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 999999}, level: "INFO", reason: "api_error",
			attrs: map[string]any{"op": api.GetProjectDeployment.ID, "status": float64(404)}},
		{name: "api 500", fault: &sandbox.Fault{Operation: api.GetProject.ID, Status: http.StatusInternalServerError, Code: "boom", Times: -1},
			tool: "get_app", args: map[string]any{"app": "analytics-app"}, level: "WARN", reason: "api_error",
			attrs: map[string]any{"op": api.GetProject.ID, "status": float64(500), "code": "boom"}},
		{name: "api 429", fault: &sandbox.Fault{Operation: api.GetProject.ID, Status: http.StatusTooManyRequests, Times: -1},
			tool: "get_app", args: map[string]any{"app": "analytics-app"}, level: "WARN", reason: "api_error",
			attrs: map[string]any{"op": api.GetProject.ID, "status": float64(429)}},
		{name: "time limit", fault: &sandbox.Fault{Operation: api.GetProject.ID, Latency: time.Minute},
			opts: harnessOptions{callTimeout: 300 * time.Millisecond, realClock: true},
			tool: "get_app", args: map[string]any{"app": "analytics-app"}, level: "WARN", reason: "time_limit", attrs: map[string]any{"op": api.GetProject.ID}},
		{name: "no answer", opts: harnessOptions{upstream: func(*testing.T, string) string { return refused }},
			tool: "get_app", args: map[string]any{"app": "analytics-app"}, level: "WARN", reason: "api_unreachable", attrs: map[string]any{"op": api.ListProjects.ID}},
		{name: "page server cannot start", opts: harnessOptions{human: humanweb.New(humanweb.Options{Listen: busy.Addr().String()})},
			tool: "delete_app", args: map[string]any{"app": "docs-search"}, level: "WARN", reason: "page_server"},
		{name: "browser launcher fails", opts: harnessOptions{human: humanweb.New(humanweb.Options{Open: func(string) error { return errors.New("exit status 3") }})},
			tool: "delete_app", args: map[string]any{"app": "docs-search"}, level: "WARN", reason: "browser"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.cfg = sandbox.Config{Demo: true}
			if opts.human != nil { // the case's own surface: newHarness closes only the one it makes
				t.Cleanup(func() { _ = opts.human.Close() })
			}
			h := newHarness(t, opts)
			if tc.fault != nil {
				h.emu.InjectFault(*tc.fault)
			}
			res := h.call(t, tc.tool, tc.args)
			if res.IsError != (tc.reason != "") {
				t.Fatalf("isError = %v: %s", res.IsError, text(res))
			}
			lines := logLines(t, h.logs.String(), "tool call")
			if len(lines) != 1 {
				t.Fatalf("%d tool call lines:\n%s", len(lines), h.logs.String())
			}
			line := lines[0]
			if line["level"] != tc.level || line["tool"] != tc.tool || line["error"] != (tc.reason != "") {
				t.Errorf("line %v, want level %s", line, tc.level)
			}
			if got, _ := line["reason"].(string); got != tc.reason {
				t.Errorf("reason %q, want %q: %v", got, tc.reason, line)
			}
			for k, v := range tc.attrs {
				if line[k] != v {
					t.Errorf("%s = %v, want %v: %v", k, line[k], v, line)
				}
			}
			if strings.Contains(h.logs.String(), canary) {
				t.Errorf("an argument value reached the logs:\n%s", h.logs.String())
			}
		})
	}
}

// TestSecretEntryLinkLogCountsEntries: the line saying a secret entry link opened counts the
// values asked for under a key the redaction leaves alone (it was "secrets", redacted to
// [REDACTED]), and names none of them.
func TestSecretEntryLinkLogCountsEntries(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	if res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}); res.IsError {
		t.Fatal(text(res))
	}
	lines := logLines(t, h.logs.String(), "secret entry link opened")
	if len(lines) != 1 || lines[0]["entries"] != float64(1) {
		t.Fatalf("want one line with entries=1:\n%s", h.logs.String())
	}
	if strings.Contains(h.logs.String(), logging.Redacted) || strings.Contains(h.logs.String(), "PG_PASS") {
		t.Errorf("logs:\n%s", h.logs.String())
	}
}

// A hidden tool called by name is refused as ordinary flow.
func TestHiddenToolCallLogsAtInfo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}})
	if res := h.call(t, "delete_app", map[string]any{"app": "docs-search"}); !res.IsError {
		t.Fatal(text(res))
	}
	lines := logLines(t, h.logs.String(), "tool call")
	if len(lines) != 1 || lines[0]["level"] != "INFO" || lines[0]["reason"] != "tool_unavailable" {
		t.Fatalf("lines %v", lines)
	}
}
