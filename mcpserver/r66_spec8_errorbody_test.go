package mcpserver_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR66Spec8ErrorBodyEchoingTheSecretValueIsNotShown: for every error status openapi.json
// documents for upsertProjectSecret, an answer whose every envelope field (error, code,
// details' fieldErrors and formErrors, and a message beside them) echoes the value sent fails
// set_secret naming the status, with the value in neither the result nor the logs (debug
// level), its spellings in JSON and Go quoting included.
func TestR66Spec8ErrorBodyEchoingTheSecretValueIsNotShown(t *testing.T) {
	const value = "r66-canary-value-8c1d"
	for _, status := range api.UpsertProjectSecret.Statuses {
		if status < 400 {
			continue
		}
		body := fmt.Sprintf(`{"error":"value %[1]s rejected","code":"bad_%[1]s","message":"%[1]s",`+
			`"details":{"fieldErrors":{"value":["%[1]s is not allowed"]},"formErrors":["got %[1]s"]}}`, value)
		answers := []canned{{method: api.UpsertProjectSecret.Method, path: r66Spec8Route(api.UpsertProjectSecret), status: status, body: body}}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
			upstream: cannedProxy(&answers, nil)})
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R66_KEY", "value": value})
		got := everything(res)
		if !res.IsError || !strings.Contains(text(res), strconv.Itoa(status)) {
			t.Errorf("%d: not an error naming it:\n%s", status, text(res))
		}
		if !strings.Contains(h.logs.String(), `"level":"DEBUG"`) {
			t.Fatal("no debug logs captured; the log check would prove nothing")
		}
		for _, spelling := range []string{value, "8c1d"} {
			if strings.Contains(got, spelling) || strings.Contains(h.logs.String(), spelling) {
				t.Errorf("%d: the value sent (%q) is shown:\n%s\nlogs:\n%s", status, spelling, got, h.logs.String())
			}
		}
	}
}
