package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestSecretValueNotShownAcrossStatusWords: set_secret with a value that begins with the
// status's words ("Request: …") against an API that echoes the rest of it ("… rejected"): the
// tool's error shows the status's words and the answer's text, never the value across them.
func TestSecretValueNotShownAcrossStatusWords(t *testing.T) {
	var answers []canned
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	secrets := regexp.MustCompile(`/secrets$`)
	for _, tc := range []struct {
		status      int
		ctype, body string
		value, want string
	}{
		{400, "text/plain", "hunter2-secret rejected", "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{502, "text/plain", "xyz-upstream-9 failed", "Gateway: xyz-upstream-9", "502 Bad Gateway: [REDACTED] failed"},
		{400, "application/json", `{"error":"hunter2-secret rejected"}`, "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		// The answer's texts are redacted as they are shown: a leading line break trimmed, a
		// line break or a terminal escape inside a value, our words between field errors.
		{400, "text/plain", "\nhunter2-secret rejected", "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{400, "application/json", `{"error":"Value correct horse\nbattery staple is too weak"}`, "correct horse battery staple",
			"400 Bad Request: Value [REDACTED] is too weak"},
		{400, "application/json", `{"error":"rejected hunter2\u001b[0m-secret-value"}`, "hunter2-secret-value", "400 Bad Request: rejected [REDACTED]"},
		{400, "application/json", `{"error":"x","details":{"fieldErrors":{"a":["zz hunter2"],"b":["secret bad"]}}}`, "hunter2; b: secret",
			"[REDACTED] bad; a: zz [REDACTED]"},
	} {
		answers = []canned{{method: "POST", path: secrets, status: tc.status, header: map[string]string{"Content-Type": tc.ctype}, body: tc.body}}
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": tc.value})
		if got := everything(res); !res.IsError || strings.Contains(got, tc.value) || !strings.Contains(got, tc.want) {
			t.Errorf("%d %q, value %q: want an error with %q and without the value, got: %s", tc.status, tc.body, tc.value, tc.want, got)
		}
	}
}
