package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r75Masking22Token is a GitHub token no call sends: only what the API answers holds it.
const r75Masking22Token = "ghp_R75m22Qz5Qz5Qz5Qz5Qz5Qz5Qz5Qz5Lw8Kp2"

// TestR75Masking22DebugLogMasksWhatOnlyTheLogSees: the debug log's own redaction layer
// (internal/logging's ReplaceAttr hook) is what keeps a token out of a line whose attribute
// no result shows and no call sent: the "spice api" line's path, which names the instance the
// API listed (get_instance_logs without an instance reads the newest listed). With that hook
// off, the hostile15 and masking17 sweeps still passed (what they check is masked before it is
// logged); this test showed the token in the debug log. (The result shows the name as the API
// wrote it: an answer's names are shown, README's Secret hygiene.)
func TestR75Masking22DebugLogMasksWhatOnlyTheLogSees(t *testing.T) {
	answers := []canned{
		{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
			body: `{"instances":[{"name":"` + r75Masking22Token + `","status":"ready","started_at":null}]}`},
		{method: "GET", path: regexp.MustCompile(`/instances/[^/]+/logs$`), status: http.StatusOK,
			body: `{"lines":["All components are loaded. Spice runtime is ready!"]}`},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if res.IsError || !strings.Contains(text(res), "Spice runtime is ready!") {
		t.Fatalf("get_instance_logs did not read the listed instance's log:\n%s", everything(res))
	}
	logs := h.logs.String()
	if !regexp.MustCompile(`"msg":"spice api"[^\n]*"path":"[^"]*/instances/[^"]*/logs"`).MatchString(logs) {
		t.Fatalf("no debug line for the logs request:\n%s", logs)
	}
	if strings.Contains(logs, r75Masking22Token[4:20]) {
		t.Errorf("the debug log shows the token the API listed:\n%s", logs)
	}
}

// TestR75Masking22WrappedTokensOverMCP: an API error text that quotes log lines after words of
// its own, a token wrapped over two of them, and instance log lines that wrap a token every 12
// bytes show no piece of it through a real MCP client (repeatedPrefix's words before the
// prefix; maskNarrowWrappedTokens).
func TestR75Masking22WrappedTokensOverMCP(t *testing.T) {
	const tok = r75Masking22Token
	stamp := func(n int) string { return fmt.Sprintf("2026-12-07T10:00:%02d.123Z INFO runtime: ", n) }
	msg := "deploy failed: " + stamp(0) + "token " + tok[:20] + "\n" + stamp(1) + tok[20:] + " rejected"
	body, err := json.Marshal(map[string]any{"error": msg})
	if err != nil {
		t.Fatal(err)
	}
	wrapped := "Authorization: Bearer " + tok + " done"
	var lines []string
	for from, n := 0, 0; from < len(wrapped); n++ {
		lines = append(lines, stamp(n)+wrapped[from:min(len(wrapped), from+12)])
		from += 12
	}
	logBody, err := json.Marshal(map[string]any{"lines": lines})
	if err != nil {
		t.Fatal(err)
	}
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusServiceUnavailable, body: string(body)}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	pieces := func(cuts ...int) []string {
		var out []string
		for k := 0; k+1 < len(cuts); k++ {
			if p := tok[cuts[k]:cuts[k+1]]; len(p) >= 8 {
				out = append(out, p)
			}
		}
		return out
	}
	res := h.call(t, "list_apps", map[string]any{})
	if !res.IsError || !strings.Contains(text(res), "rejected") {
		t.Fatalf("list_apps: not the canned error:\n%s", everything(res))
	}
	for _, p := range pieces(0, 20, len(tok)) {
		if strings.Contains(everything(res), p) {
			t.Errorf("list_apps shows %q:\n%s", p, everything(res))
		}
	}
	answers = []canned{
		{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
			body: `{"instances":[{"name":"web-0","status":"ready","started_at":null}]}`},
		{method: "GET", path: regexp.MustCompile(`/instances/web-0/logs$`), status: http.StatusOK, body: string(logBody)},
	}
	res = h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": "web-0"})
	if res.IsError || !strings.Contains(text(res), "done") {
		t.Fatalf("get_instance_logs: not the canned lines:\n%s", everything(res))
	}
	start := strings.Index(wrapped, tok)
	cuts := []int{0}
	for c := 12; c < len(wrapped); c += 12 {
		if c > start && c < start+len(tok) {
			cuts = append(cuts, c-start)
		}
	}
	for _, p := range pieces(append(cuts, len(tok))...) {
		if strings.Contains(everything(res), p) {
			t.Errorf("get_instance_logs shows %q:\n%s", p, everything(res))
		}
	}
	if logs := h.logs.String(); strings.Contains(logs, tok[20:]) {
		t.Errorf("the debug log shows the token's rest")
	}
}
