package mcpserver_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r56ClaimsRewrite is a proxy modifier that rewrites the bodies of the answers whose path
// matches path with edit.
func r56ClaimsRewrite(path *regexp.Regexp, edit func(string) string) func(*http.Response) error {
	return func(r *http.Response) error {
		if !path.MatchString(r.Request.URL.Path) || r.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		_ = r.Body.Close()
		out := edit(string(body))
		r.Body = io.NopCloser(bytes.NewReader([]byte(out)))
		r.ContentLength = int64(len(out))
		r.Header.Set("Content-Length", strconv.Itoa(len(out)))
		return nil
	}
}

// r56ClaimsShows reports whether a result shows value anywhere: text, structured content or
// the whole result as JSON.
func r56ClaimsShows(t *testing.T, res *mcp.CallToolResult, value string) bool {
	t.Helper()
	return strings.Contains(text(res)+"\n"+everything(res), value) ||
		res.StructuredContent != nil && strings.Contains(unescapedJSON(t, res.StructuredContent), value)
}

// TestR56ClaimsSMTPTranscriptMaskedInEveryLogView: README (Credentials in text) masks "every log
// line (get_instance_logs, the failed-deployment logs of get_deployment, wait_for_deployment …)"
// and SMTP's AUTH LOGIN password, the base64 line after the 334 UGFzc3dvcmQ6 challenge. A
// runtime's SMTP debug transcript arrives one line a log entry: the password, on its own entry,
// is masked in each tool that shows logs, text and structured content.
func TestR56ClaimsSMTPTranscriptMaskedInEveryLogView(t *testing.T) {
	const password = "UzNjcmV0U210cA=="
	transcript := `{"lines":["smtp: connecting","C: AUTH LOGIN","S: 334 VXNlcm5hbWU6","C: Ym9i","S: 334 UGFzc3dvcmQ6","C: ` + password + `","S: 535 5.7.8 authentication failed"]}`
	proxy := recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`/instances/[^/]+/logs$`), func(string) string { return transcript }))
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: proxy})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	var d client.Deployment
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &d)
	views := map[string]*mcp.CallToolResult{
		"wait_for_deployment": h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_deployment":      h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_instance_logs":   h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"}),
		"describe_app":        h.call(t, "describe_app", map[string]any{"app": "analytics-app"}),
	}
	for name, res := range views {
		if !strings.Contains(text(res), "334 UGFzc3dvcmQ6") && name != "describe_app" {
			t.Errorf("%s shows no transcript:\n%s", name, text(res))
		}
		if r56ClaimsShows(t, res, password) {
			t.Errorf("%s shows the SMTP password %s:\n%s", name, password, text(res))
		}
	}
}
