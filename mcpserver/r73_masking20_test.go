package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Masking20Texts: testutil.CutTokenAPITexts, the texts present's masking20 tests use too.
func r73Masking20Texts() (texts, pieces []string) { return testutil.CutTokenAPITexts() }

// TestR73Masking20TokenCutByABreakInAnAPIError: the API's error (through a proxy in front of
// the emulator, over real HTTP, to a real MCP client) holds a token a line break cuts, in its
// message, a field's error and a form error; the tool's error result (text and structured
// content) and the debug log show no piece of it, and the value the call sent, which the error
// echoes, is still redacted. Before, the client made each break a blank before present masked
// the text, and the piece after the break (a GitHub token's last 20, the Groq key's last 4)
// was shown.
func TestR73Masking20TokenCutByABreakInAnAPIError(t *testing.T) {
	const sent = "R73m20SentVal7x"
	texts, pieces := r73Masking20Texts()
	var answers []canned
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	h.ok(t, "create_app", map[string]any{"name": "shop"})
	for i, msg := range texts {
		body, err := json.Marshal(map[string]any{
			"error": msg + "; value " + sent + " refused", "code": "r73_refused",
			"details": map[string]any{"fieldErrors": map[string]any{"value": []string{msg}}, "formErrors": []string{msg}},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, status := range []int{http.StatusBadRequest, http.StatusBadGateway} {
			answers = []canned{{method: "POST", path: regexp.MustCompile(`/secrets$`), status: status, body: string(body)}}
			res := h.call(t, "set_secret", map[string]any{"app": "shop", "name": "PG_PASS", "value": sent})
			if !res.IsError || !strings.Contains(text(res), "refused") {
				t.Fatalf("set_secret (%d): not the canned error:\n%s", status, text(res))
			}
			for _, p := range []string{pieces[i], sent} {
				if strings.Contains(everything(res), p) {
					t.Errorf("text %d, %d: set_secret shows %q:\n%s", i, status, p, everything(res))
				}
			}
		}
		// A read's error: the message alone.
		body, err = json.Marshal(map[string]any{"error": msg})
		if err != nil {
			t.Fatal(err)
		}
		answers = []canned{{method: "GET", path: regexp.MustCompile(`^/v1/projects$`), status: http.StatusServiceUnavailable, body: string(body)}}
		res := h.call(t, "list_apps", map[string]any{})
		if !res.IsError || !strings.Contains(text(res), "503") {
			t.Fatalf("list_apps: not the canned error:\n%s", text(res))
		}
		if strings.Contains(everything(res), pieces[i]) {
			t.Errorf("text %d: list_apps shows %q:\n%s", i, pieces[i], everything(res))
		}
	}
	for _, p := range append(pieces, sent) {
		if strings.Contains(h.logs.String(), p) {
			t.Errorf("the debug log shows %q", p)
		}
	}
}
