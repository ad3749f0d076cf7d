package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Round 61 audit of the seeds (000: Spice's agent skill; 001: its deployments guide; 002: the
// OpenAPI fragments of list and create deployment), rule by rule, through mcp-go's client over the
// emulator. Seed texts quoted here are copied from them (nothing reads the seeds).

// r61Seeds2NoErrorMessage drops a failed deployment's error_message and error_code from every
// answer about it (one deployment, or a list): the guide's fields are nullable (001:146-152
// "error_message | string | null"), and an API may fail a deployment without saying why.
func r61Seeds2NoErrorMessage(r *http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && strings.Contains(r.Request.URL.Path, "/deployments") && r.StatusCode == http.StatusOK
	}, func(answer map[string]any) {
		drop := func(d map[string]any) {
			if d["status"] == "failed" {
				d["error_message"], d["error_code"] = nil, nil
			}
		}
		drop(answer)
		if list, ok := answer["deployments"].([]any); ok {
			for _, d := range list {
				if m, ok := d.(map[string]any); ok {
					drop(m)
				}
			}
		}
	})(r)
}

// TestR61Seeds2FailedWithoutErrorMessageSaysSo: "failed | Deployment failed (see error_message)"
// and "If deployment fails, check error_message for details" (001:47, 290). A failure that came
// with no error_message (nor error_code) was answered "What to do: read the error above", where
// no error stands: each result that gives a failed deployment's fix now says none came and where
// the cause is read instead (the failing instance's log lines), in get_deployment,
// wait_for_deployment and create_and_deploy_app's re-run advice alike.
func TestR61Seeds2FailedWithoutErrorMessageSaysSo(t *testing.T) {
	check := func(what, out string) {
		t.Helper()
		t.Logf("%s:\n%s", what, out)
		if strings.Contains(out, "the error above") {
			t.Errorf("%s points at an error above, where none stands", what)
		}
		mustContain(t, what, out, "❌ failed", "no error message came with this failure", "log lines")
	}
	answers := []canned{{method: "GET", path: regexp.MustCompile(`/deployments/457$`), status: http.StatusOK,
		body: `{"id":457,"status":"failed","created_at":"2026-11-22T11:00:00.000Z","replicas":2,"error_message":null,"creation_source":"cli"}`},
		{method: "GET", path: regexp.MustCompile(`/deployments/458$`), status: http.StatusOK,
			body: `{"id":458,"status":"failed","created_at":"2026-11-22T11:00:00.000Z","replicas":2,"error_code":"quota_exceeded","error_message":""}`},
		{method: "GET", path: regexp.MustCompile(`/101/deployments$`), status: http.StatusOK,
			body: `{"deployments":[{"id":457,"status":"failed","created_at":"2026-11-22T11:00:00.000Z","replicas":2,"error_message":null,"creation_source":"cli"}]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, r61Seeds2NoErrorMessage)})
	dep := map[string]any{"app": "analytics-app", "deployment_id": 457}
	check("get_deployment", h.ok(t, "get_deployment", dep))
	check("wait_for_deployment", h.ok(t, "wait_for_deployment", dep))
	// An error_code this server has no fix for, with an empty message: the code is all there is.
	coded := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 458})
	check("get_deployment with a code only", coded)
	mustContain(t, "get_deployment with a code only", coded, "(only its error code, `quota_exceeded`)")
	// The emulator fails it to start, with a failed instance and its log lines; the proxy drops
	// the error_message and error_code that would say so too.
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "silent-app", "spicepod": "version: v1\nkind: Spicepod\nname: silent-app\n"})
	check("create_and_deploy_app", text(res))
}
