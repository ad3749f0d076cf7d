package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r41PausingProxy forwards to the emulator; on the nth GET of one deployment it first pauses
// the app (POST /v1/projects/{id}/pause), as another client would while a wait is polling.
func r41PausingProxy(nth int64) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		re := regexp.MustCompile(`^/v1/projects/(\d+)/deployments/\d+$`)
		var n atomic.Int64
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			if m := re.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodGet && n.Add(1) == nth {
				req, _ := http.NewRequest(http.MethodPost, emulatorURL+"/v1/projects/"+m[1]+"/pause", nil)
				req.Header.Set("Authorization", r.Header.Get("Authorization"))
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusNoContent {
						t.Errorf("pause: %s", resp.Status)
					}
				}
			}
			rp.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
}

// TestR41DeployStepStoppedByPauseIsNotFailed: a pause ends the deployment create_and_deploy_app
// waits for (failed, error_code stopped). The same result says "not a failure: a pause or delete
// stopped it", so its step table must not read "wait | failed after waiting ...": the step says
// stopped, by a pause, and the What to do names resume_app for the app that is paused now.
func TestR41DeployStepStoppedByPauseIsNotFailed(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: r41PausingProxy(1)})
	out := text(h.call(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": podA}))
	mustContain(t, "stopped by a pause", out, "Stopped: the project was paused", "`stopped`",
		"| wait | stopped (by a pause) after waiting", "The app is paused now: resume_app deploys it again.")
	if strings.Contains(out, "| wait | failed") {
		t.Errorf("a deployment a pause stopped reads failed in the step table:\n%s", out)
	}
}
