package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Masking20Texts are API error texts holding a token a line break cuts, each with the piece
// no result may show: a GitHub token cut after 16 of its 36 (over \n, \r\n, U+2028), a Stripe
// key, a Slack token, a GitHub token's prefix cut, and a Groq key whose lines repeat a log
// prefix (its last 4 after it).
func r73Masking20Texts() (texts, pieces []string) {
	ghp := "ghp_R73m20" + strings.Repeat("Qz5", 8) + "Lw8Kp2"
	stripe := "sk_live_R73m20" + strings.Repeat("aB3", 8) + "Xq7W"
	slack := "xoxb-1234567890-1234567890123-R73m20AbCdEfGhIjKlMnOp"
	groq := "gsk_R73masking20AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq8W"
	at := "2026-12-07T10:00:00.000000Z  ERROR runtime::init: "
	texts = []string{
		"Conflict: " + ghp[:20] + "\n" + ghp[20:] + " rejected",
		"Conflict: " + ghp[:20] + "\r\n" + ghp[20:] + " rejected",
		"Conflict: " + ghp[:20] + "\u2028" + ghp[20:] + " rejected",
		"key " + stripe[:18] + "\n" + stripe[18:] + " revoked",
		"token " + slack[:30] + "\n" + slack[30:] + " revoked",
		"auth with gh\np_" + ghp[4:] + " failed",
		at + "auth with " + groq[:52] + "\n" + at + "  " + groq[52:] + " rejected",
	}
	return texts, []string{ghp[20:32], ghp[20:32], ghp[20:32], stripe[18:30], slack[30:42], ghp[4:16], "Zq8W"}
}

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
