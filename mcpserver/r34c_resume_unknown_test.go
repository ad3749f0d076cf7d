package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR34cResumeOutcomeUnknownFollowsUsableTools: a resume answered 503 (applied, the answer
// lost) says how to find out, and follows a queued deployment with wait_for_deployment only
// where the caller can use it: else get_deployment called again until it ends, else the
// portal, saying why. It named wait_for_deployment even where --exclude-tools hid it.
func TestR34cResumeOutcomeUnknownFollowsUsableTools(t *testing.T) {
	list := "`list_deployments {\"app\":\"analytics-app\"}` shows the app's deployments (newest first): " +
		"if a new deployment was queued, the resume went through, so follow it with "
	for _, tc := range []struct {
		name     string
		excluded []string
		want     string
	}{
		{"all usable", nil, list + "`wait_for_deployment {\"app\":\"analytics-app\"}`; if not, resume again."},
		{"no wait", []string{"wait_for_deployment"}, list + "get_deployment with its deployment_id, called again until it ends " +
			"(wait_for_deployment is not available here (it is listed in --exclude-tools)); if not, resume again."},
		{"no wait, no get", []string{"wait_for_deployment", "get_deployment"}, list + "the Spice.ai portal, which shows the app's deployments " +
			"(wait_for_deployment and get_deployment are not available here (each: it is listed in --exclude-tools); an operator can make one available); if not, resume again."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Answered 503 (applied, the answer lost), or 204 without the ResumeResult it documents.
			answers := []canned{}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil),
				policy: tools.Policy{ExcludeTools: tc.excluded}})
			id := h.appID(t, "analytics-app")
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/pause", nil, nil)
			h.emu.InjectFault(sandbox.Fault{Operation: api.ResumeProject.ID, Status: http.StatusServiceUnavailable, AfterApply: true})
			lost := h.fail(t, "resume_app", map[string]any{"app": "analytics-app"})
			mustContain(t, tc.name, lost, "503", "Outcome unknown: the request may or may not have been applied.", "What to do: "+tc.want)
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/pause", nil, nil)
			answers = append(answers, canned{method: http.MethodPost, path: regexp.MustCompile(`/resume$`), status: http.StatusNoContent})
			empty := h.fail(t, "resume_app", map[string]any{"app": "analytics-app"})
			mustContain(t, tc.name+" (204)", empty, "without the ResumeResult it documents", "What to do: "+tc.want)
			for _, out := range []string{lost, empty} {
				for _, hidden := range tc.excluded { // named only as not available, never as a call
					if strings.Contains(out, "`"+hidden) || strings.Contains(out, "with "+hidden) {
						t.Errorf("%s is hidden, yet named as a call:\n%s", hidden, out)
					}
				}
			}
		})
	}
}
