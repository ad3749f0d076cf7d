package mcpserver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Regression tests for audit findings about describe_app, check_health and masked API keys.

// TestDescribeAppSaysItsDeploymentsAreTheRecentOnes: describe_app shows the 3 newest
// deployments; with 5 it said "3 deployments of analytics-app (101)" and nothing of the
// failed 1002 it left out. It now says they are the most recent 3 and names the
// list_deployments call, with the offset, that shows the older ones; with exactly 3 it adds
// no note.
func TestDescribeAppSaysItsDeploymentsAreTheRecentOnes(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	exactly := h.ok(t, "describe_app", map[string]any{"app": "analytics-app"})
	if !strings.Contains(exactly, "3 deployments, newest first") || strings.Contains(exactly, "list_deployments {") {
		t.Errorf("with exactly 3 deployments:\n%s", exactly)
	}
	for range 2 {
		h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
		h.clock.Advance(time.Minute)
	}
	res := h.call(t, "describe_app", map[string]any{"app": "analytics-app"})
	got := text(res)
	mustContain(t, "describe_app", got, "The 3 most recent deployments, newest first, all of image tag 2.3.2 and with 2 replicas; older ones: "+
		"`list_deployments {\"app\":\"analytics-app\",\"offset\":3}`.")
	if strings.Contains(got, "\n3 deployments of") {
		t.Errorf("describe_app still counts 3 deployments as all:\n%s", got)
	}
	var overview struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
		Next int `json:"deployments_next_offset"`
	}
	structured(t, res, &overview)
	if len(overview.Deployments) != 3 || overview.Next != 3 {
		t.Errorf("structured content: %d deployments, deployments_next_offset %d", len(overview.Deployments), overview.Next)
	}
	call, named := noteCall(t, got, "list_deployments")
	if !named {
		t.Fatalf("no list_deployments call in:\n%s", got)
	}
	older := h.call(t, "list_deployments", call)
	if older.IsError {
		t.Fatalf("following the note: %s", text(older))
	}
	mustContain(t, "the older deployments", text(older), "| 1002 | ❌ failed", "| 1001 |")
}

// TestDescribeAppSecretNoteNamesTheOffset: the note on the secret names describe_app leaves
// out named list_secrets without an offset, which shows the first 50 again; it now names the
// offset after the names shown, and that page holds exactly the names left out.
func TestDescribeAppSecretNoteNamesTheOffset(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for i := range 57 {
		h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": fmt.Sprintf("S_%02d", i), "value": "example-value"})
	}
	res := h.call(t, "describe_app", map[string]any{"app": "analytics-app"})
	got := text(res)
	mustContain(t, "describe_app", got, "and 9 more (`list_secrets {\"app\":\"analytics-app\",\"offset\":50}` shows them)")
	var overview struct {
		Names []string `json:"secret_names"`
		Count int      `json:"secret_count"`
	}
	structured(t, res, &overview)
	if len(overview.Names) != 50 || overview.Count != 59 {
		t.Fatalf("structured content: %d names of %d", len(overview.Names), overview.Count)
	}
	call, _ := noteCall(t, got, "list_secrets")
	var page struct {
		Secrets []client.Secret `json:"secrets"`
	}
	rest := h.call(t, "list_secrets", call)
	structured(t, rest, &page)
	seen := map[string]bool{}
	for _, n := range overview.Names {
		seen[n] = true
	}
	for _, s := range page.Secrets {
		if seen[s.Name] {
			t.Errorf("the note's page shows %s again", s.Name)
		}
		seen[s.Name] = true
	}
	if len(page.Secrets) != 9 || len(seen) != 59 {
		t.Errorf("the note's page holds %d names; %d of 59 seen in all", len(page.Secrets), len(seen))
	}
}

// TestHealthWithoutTheDocumentedAnswerIsNotHealthy: a 200 whose body lacks status or
// timestamp, or says another status than "ok", was reported as "is **** (server time )". It
// is now an unusable answer: an error that says what the API answered, logged at warn.
func TestHealthWithoutTheDocumentedAnswerIsNotHealthy(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	health := regexp.MustCompile(`^/v1/health$`)
	for _, tc := range []struct {
		body string
		want string
	}{
		{`{}`, "a Health that lacks status, timestamp (documented fields)"},
		{`{"status":"ok"}`, "a Health that lacks timestamp (documented fields)"},
		{`{"timestamp":"2026-11-22T12:00:00.000Z"}`, "a Health that lacks status (documented fields)"},
		{`{"status":"degraded","timestamp":"2026-11-22T12:00:00.000Z"}`, "a Health whose status is degraded (not a value it documents)"},
		{`{"status":"down"}`, "a Health that lacks timestamp (documented fields), and whose status is down (not a value it documents)"},
		{`null`, "but without the Health it documents"},
		// Not in the documented form: said so, never Go's decoding error.
		{`{"status":"ok","timestamp":"x"}`, "a body that is not the Health it documents"},
		{`{"status":7,"timestamp":"2026-11-22T12:00:00.000Z"}`, "a body that is not the Health it documents"},
		{`OK`, "a body that is not the Health it documents"}, // an HTML page: TestR55HostileHTMLPageAsSuccess
	} {
		answers = []canned{{method: "GET", path: health, status: http.StatusOK, body: tc.body}}
		before := len(logLines(t, h.logs.String(), "tool call"))
		res := h.call(t, "check_health", map[string]any{})
		got := text(res)
		if !res.IsError {
			t.Errorf("%s: reported as a success: %s", tc.body, got)
			continue
		}
		mustContain(t, tc.body, got, "The Spice.ai API answered GET /v1/health with 200 OK", tc.want, "Nothing was changed.", "What to do:")
		if strings.Contains(got, "****") || strings.Contains(got, "server time") {
			t.Errorf("%s: %s", tc.body, got)
		}
		lines := logLines(t, h.logs.String(), "tool call")[before:]
		if len(lines) != 1 || lines[0]["level"] != "WARN" || lines[0]["reason"] != "api_unusable_answer" {
			t.Errorf("%s: logged %v", tc.body, lines)
		}
	}
	answers = nil
	mustContain(t, "the emulator's answer", h.ok(t, "check_health", map[string]any{}), "is **ok** (server time 2026-")
}

// TestMaskedKeysSayWhereTheFullKeysAre: with --mask-api-keys no tool shows a whole key, so a
// rotation's next step ("update every client to the new secondary key") could not be taken
// from its result. Every result that shows masked keys says where the full ones are, in the
// text and the structured content, and keeps the storage warning.
func TestMaskedKeysSayWhereTheFullKeysAre(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true, Confirm: tools.ConfirmAgent}})
	id := h.appID(t, "analytics-app")
	const portal = "the Spice.ai portal at https://spice.ai, in the app's Settings, section General"
	check := func(tool string, args map[string]any, more ...string) {
		t.Helper()
		res := h.call(t, tool, args)
		got := text(res)
		if res.IsError {
			t.Fatalf("%s: %s", tool, got)
		}
		mustContain(t, tool, got, append([]string{present.MaskedKeysNote, portal, "API Key 2 (secondary)", present.KeyWarning}, more...)...)
		var view struct {
			Warning string `json:"warning"`
			Masked  string `json:"masked"`
			Next    string `json:"next"`
		}
		structured(t, res, &view)
		if view.Warning != present.KeyWarning || view.Masked != present.MaskedKeysNote {
			t.Errorf("%s: structured warning %q, masked %q", tool, view.Warning, view.Masked)
		}
		for n := 1; n <= 2; n++ {
			if k, ok := h.emu.APIKey("sandbox", id, n); !ok || strings.Contains(everything(res), k) {
				t.Errorf("%s shows key %d whole (or it is missing: %v)", tool, n, !ok)
			}
		}
		if tool == "rotate_api_keys" && !strings.Contains(view.Next, "read it in "+portal+", field API Key 2") {
			t.Errorf("rotate_api_keys: next %q", view.Next)
		}
	}
	check("get_api_keys", map[string]any{"app": "analytics-app"})
	check("regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"})
	check("rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"},
		"Next: Update every client to the new secondary key (shown masked here: read it in "+portal+", field API Key 2), then call rotate_api_keys")

	// Unmasked, the keys are in the result and no note sends anyone elsewhere.
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := plain.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"})
	if k, _ := plain.emu.APIKey("sandbox", plain.appID(t, "analytics-app"), 2); !strings.Contains(got, k) || strings.Contains(got, "portal") {
		t.Errorf("unmasked get_api_keys:\n%s", got)
	}
}
