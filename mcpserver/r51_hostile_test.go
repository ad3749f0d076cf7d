package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR51HostileResumeAnsweredWithAnOldDeployment: a resume of the paused nightly-etl answered
// with deployment 1005, which succeeded twenty days before, said "Resumed nightly-etl (103)
// with deployment 1005. Already finished when this wait began" above "The app is paused". A
// deployment created before the resume was sent is not the one it started: what the resume did
// is not known, and the result says how to find out.
func TestR51HostileResumeAnsweredWithAnOldDeployment(t *testing.T) {
	answers := []canned{{method: "POST", path: regexp.MustCompile(`/resume$`), status: http.StatusOK, body: `{"deployment_id":1005}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true})
	got := text(res)
	if !res.IsError {
		t.Errorf("want an unknown outcome, got a success:\n%s", got)
	}
	for _, bad := range []string{"Resumed nightly-etl", "Already finished when this wait began", "The resume was applied"} {
		if strings.Contains(got, bad) {
			t.Errorf("says %q:\n%s", bad, got)
		}
	}
	mustContain(t, "resume_app", got, "named deployment 1005, which was created 2026-11-02 12:00Z, before the resume was sent, and had ended already (**✅ succeeded**)",
		"so whether the resume started a deployment is not known", `list_deployments {"app":"nightly-etl","org":"acme-labs"}`)
	// A deployment the resume started, read ended at once, is its own: still the resume's.
	answers = nil
	mustContain(t, "resume of its own", h.ok(t, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true}), "Resumed nightly-etl (103) with deployment")
}

// TestR51HostilePauseListsAnOlderDeploymentAfter: a pause whose read of the newest deployment
// after it names one created before the newest read before it (an old, succeeded 1001 after
// 1003) said "Deployment 1001 was started by another call after this one checked the app; it
// is succeeded now". A deployment older than the one read before was started by no call in
// between: nothing is said of it.
func TestR51HostilePauseListsAnOlderDeploymentAfter(t *testing.T) {
	list := regexp.MustCompile(`^/v1/projects/101/deployments$`)
	var reads atomic.Int64
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method != http.MethodGet || !list.MatchString(r.URL.Path) || reads.Add(1) == 1 {
				return 0, "", false
			}
			return http.StatusOK, `{"deployments":[{"id":1001,"status":"succeeded","created_at":"2026-11-01T12:00:00.000Z","replicas":1}]}`, true
		})})
	got := h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	if reads.Load() < 2 {
		t.Fatalf("the newest deployment was read %d times, want a read after the pause:\n%s", reads.Load(), got)
	}
	if strings.Contains(got, "1001") || strings.Contains(got, "another call") {
		t.Errorf("names the older deployment as started meanwhile:\n%s", got)
	}
	mustContain(t, "pause_app", got, "Paused analytics-app")
}
