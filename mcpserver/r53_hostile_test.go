package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r53HostileDeploymentGone answers every read of one deployment 404 "Deployment not found".
func r53HostileDeploymentGone(r *http.Request, _ int) (int, string, bool) {
	if r.Method == http.MethodGet && regexp.MustCompile(`/deployments/\d+$`).MatchString(r.URL.Path) {
		return http.StatusNotFound, `{"error":"Deployment not found"}`, true
	}
	return 0, "", false
}

// TestR53HostileWaitNotFoundListHidden: create_and_deploy_app whose deployment is then answered
// 404, list_deployments excluded, ended its wait step "(the Spice.ai portal shows the app's
// deployments)" — under --sandbox too, whose emulator no portal shows — and named no reason
// list_deployments was not offered. It now says why, and in sandbox mode names no portal.
func TestR53HostileWaitNotFoundListHidden(t *testing.T) {
	spicepod := "version: v1\nkind: Spicepod\nname: s\n"
	for _, sandboxMode := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: sandboxMode, apiSandbox: sandboxMode,
			safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tools.Policy{ExcludeTools: []string{"list_deployments"}},
			upstream: r50HostileProxy(r53HostileDeploymentGone)})
		got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": spicepod})
		mustContain(t, "wait step", got, "stopped: the API does not find deployment 1008, which it named (", "list_deployments is not available here (it is listed in --exclude-tools")
		if sandboxMode {
			if strings.Contains(got, "portal") && !strings.Contains(got, "no portal") {
				t.Errorf("sandbox: names a portal:\n%s", got)
			}
			mustContain(t, "sandbox", got, "the sandbox has no portal that shows")
		} else {
			mustContain(t, "real", got, "the Spice.ai portal shows the app's deployments")
		}
	}
}

// TestR53HostileDeployUnansweredListHidden: create_and_deploy_app whose deploy request went
// unanswered (a 502), list_deployments excluded, said "a deployment may have started; check
// list_deployments" and "(list_deployments shows it)": a tool not offered. Neither is named now.
func TestR53HostileDeployUnansweredListHidden(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true, apiSandbox: true,
		safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tools.Policy{ExcludeTools: []string{"list_deployments"}},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method == http.MethodPost && regexp.MustCompile(`/deployments$`).MatchString(r.URL.Path) {
				return http.StatusBadGateway, `{"error":"bad gateway"}`, true
			}
			return 0, "", false
		})})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	mustContain(t, "deploy step", got, "outcome unknown: a deployment may have started", "may have started a deployment")
	if strings.Contains(got, "list_deployments") && !strings.Contains(got, "list_deployments is not available") {
		t.Errorf("names list_deployments, which is not offered:\n%s", got)
	}
}

// TestR53HostileSuccessCarryingErrorEnvelope: a 200 whose body is the API's error envelope
// ({"error":…,"code":…}) to an operation that documents a body (a deploy, an app's read, a
// list, a create) said "a Deployment that lacks id, status (documented fields)": the API's
// message and code were not shown, as an error answer's are. They are now, as its text (masked),
// and nothing of the body is passed off as the result.
func TestR53HostileSuccessCarryingErrorEnvelope(t *testing.T) {
	for _, tc := range []struct {
		method, path, tool string
		args               map[string]any
		what               string
	}{
		{"POST", `/deployments$`, "create_deployment", map[string]any{"app": "analytics-app"}, "a Deployment"},
		{"GET", `^/v1/projects/101$`, "get_app", map[string]any{"app": "analytics-app"}, "a Project"},
		{"GET", `^/v1/projects$`, "list_apps", map[string]any{}, "the response body"},
		{"GET", `/deployments/\d+$`, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}, "a Deployment"},
		{"POST", `^/v1/projects$`, "create_app", map[string]any{"name": "made-app"}, "a Project"},
	} {
		re := regexp.MustCompile(tc.path)
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
			upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
				if r.Method == tc.method && re.MatchString(r.URL.Path) {
					return http.StatusOK, `{"error":"Quota exceeded for organization","code":"quota_exceeded"}`, true
				}
				return 0, "", false
			})})
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, "with 200 OK and an error body in place of "+tc.what+" it documents (its error (quota_exceeded): Quota exceeded for organization)")
		if strings.Contains(got, "lacks") {
			t.Errorf("%s: says the body lacks fields, not what it said:\n%s", tc.tool, got)
		}
	}
	// The API's words are masked: a secret's value echoed in them is not shown, nor logged.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/secrets") {
				return http.StatusOK, `{"error":"value s3cret-canary-r53 rejected","code":"s3cret-canary-r53"}`, true
			}
			return 0, "", false
		})})
	res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "s3cret-canary-r53"})
	if all := everything(res); !res.IsError || strings.Contains(all, "s3cret-canary-r53") || strings.Contains(h.logs.String(), "s3cret-canary-r53") {
		t.Errorf("set_secret: error %v, shows or logs the value:\n%s", res.IsError, all)
	}
	mustContain(t, "set_secret", text(res), "and an error body in place of")
}

// TestR53HostileExcludedOperationHidesItsWorkflows: --exclude-tools regenerate_api_key left
// rotate_api_keys listed and callable, and it sent the same regeneration; so did
// create_and_deploy_app with create_app, update_app, set_secret or create_deployment excluded.
// A workflow that may send an excluded tool's change is now hidden too, and says why; excluding
// the workflow leaves the tools it is made of.
func TestR53HostileExcludedOperationHidesItsWorkflows(t *testing.T) {
	for excluded, workflow := range map[string]string{"regenerate_api_key": "rotate_api_keys", "create_app": "create_and_deploy_app",
		"update_app": "create_and_deploy_app", "set_secret": "create_and_deploy_app", "create_deployment": "create_and_deploy_app"} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
			policy: tools.Policy{ExcludeTools: []string{excluded}}})
		for _, tool := range h.listTools(t) {
			if tool.Name == workflow || tool.Name == excluded {
				t.Errorf("--exclude-tools %s: %s is listed", excluded, tool.Name)
			}
		}
		got := h.fail(t, workflow, map[string]any{"app": "analytics-app", "name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
		mustContain(t, excluded, got, "it sends "+excluded+"'s request, and "+excluded+" is listed in --exclude-tools")
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"rotate_api_keys", "create_and_deploy_app"}}})
	listed := map[string]bool{}
	for _, tool := range h.listTools(t) {
		listed[tool.Name] = true
	}
	for _, name := range []string{"regenerate_api_key", "create_app", "update_app", "set_secret", "create_deployment"} {
		if !listed[name] {
			t.Errorf("excluding the workflows hides %s", name)
		}
	}
}

// TestR53HostileImageListedTwice: a container-images list naming the same image twice (name, tag
// and channel alike) said "2 runtime images" with two rows of it. It is shown and counted once,
// the repeat said, as a deployment, instance or member listed twice is.
func TestR53HostileImageListedTwice(t *testing.T) {
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/container-images$`), status: 200,
		body: `{"images":[{"name":"spiceai/spiceai","tag":"2.3.2","channel":"stable"},{"name":"spiceai/spiceai","tag":"2.3.2","channel":"stable"},{"name":"spiceai/spiceai","tag":"2.3.1","channel":"stable"}]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	got := h.ok(t, "list_container_images", map[string]any{})
	mustContain(t, "list_container_images", got, "2 runtime images on the stable channel", "The Spice.ai API listed image spiceai/spiceai:2.3.2 twice; shown once.")
	if n := strings.Count(got, "| 2.3.2 |"); n != 1 {
		t.Errorf("2.3.2 in %d rows:\n%s", n, got)
	}
}
