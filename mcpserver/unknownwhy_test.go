package mcpserver_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// secretsAnswer puts a proxy in front of the emulator that answers every secret store (POST
// …/secrets) itself: with a 500, or by closing the connection (no answer at all).
func secretsAnswer(noAnswer bool) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/secrets") {
				rp.ServeHTTP(w, r)
				return
			}
			if noAnswer {
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"Internal Server Error"}`))
		})(t, emulatorURL)
	}
}

// TestUnknownSecretStoreSaysWhy: when a value's outcome is unknown, the page and the results
// say why as it happened: a request that got no answer "no answer came back"; one answered 500
// names the status and that the answer does not say whether it was applied, never "no answer".
// Before, a value entered on the page and answered 500 was reported, on the page and in the
// next set_secret's result, as "the request was sent but no answer came back".
func TestUnknownSecretStoreSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name     string
		noAnswer bool
		why, not string
	}{
		{"answered 500", false, "(the request was answered 500 Internal Server Error, which does not say whether it was applied)", "no answer"},
		{"no answer", true, "(the request was sent but no answer came back)", "was answered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: secretsAnswer(tc.noAnswer)})
			args := map[string]any{"app": "analytics-app", "name": "MY_KEY"}
			_, body := (&page{}).answer(t, linkIn(t, h.call(t, "set_secret", args)), url.Values{"decision": {"store"}, "secret-MY_KEY": {"v1"}})
			outcome := regexp.MustCompile(`(?s)<p id="outcome".*?</p>`).FindString(body)
			if !strings.Contains(outcome, "Whether <code>MY_KEY</code> was stored is unknown "+tc.why+": ") || strings.Contains(outcome, tc.not) {
				t.Errorf("page: %s", outcome)
			}
			res := h.call(t, "set_secret", args)
			if !res.IsError || !strings.Contains(text(res), "Whether the value entered on the page for `MY_KEY` was stored is unknown "+tc.why+": ") ||
				strings.Contains(text(res), tc.not) {
				t.Errorf("set_secret after the page: %s", text(res))
			}
			// create_and_deploy_app's values entered on the page: the same words.
			deploy := map[string]any{"name": "pg-app", "spicepod": twoSecretPod}
			_, body = (&page{}).answer(t, linkIn(t, h.call(t, "create_and_deploy_app", deploy)),
				url.Values{"decision": {"store"}, "secret-PG_PASS": {"v4"}, "secret-PG_USER": {"v5"}})
			outcome = regexp.MustCompile(`(?s)<p id="outcome".*?</p>`).FindString(body)
			if !strings.Contains(outcome, "Whether <code>PG_PASS</code> was stored is unknown "+tc.why+": ") || strings.Contains(outcome, tc.not) {
				t.Errorf("create_and_deploy_app's page: %s", outcome)
			}
			if res := h.call(t, "create_and_deploy_app", deploy); !res.IsError ||
				!strings.Contains(text(res), "Whether the value entered on the page for `PG_PASS` was stored is unknown "+tc.why+": ") || strings.Contains(text(res), tc.not) {
				t.Errorf("create_and_deploy_app after the page: %s", text(res))
			}
			// With a value (no page), and as create_and_deploy_app's secret step: nothing says
			// "no answer" of an answer, nor names an answer that never came.
			res = h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "MY_KEY", "value": "v2"})
			if !res.IsError || strings.Contains(text(res), tc.not) || !strings.Contains(text(res), "Outcome unknown") {
				t.Errorf("set_secret with a value: %s", text(res))
			}
			res = h.call(t, "create_and_deploy_app", map[string]any{"name": "pg-unknown", "spicepod": fmt.Sprintf(podWithPGPass, "pg-unknown"),
				"secrets": map[string]any{"PG_PASS": "v3"}})
			if !res.IsError || strings.Contains(everything(res), tc.not) || !strings.Contains(everything(res), "outcome unknown") {
				t.Errorf("create_and_deploy_app: %s", everything(res))
			}
		})
	}
}
