package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR41ReviewrolesSlowListOrgsFailsAWorkingCall: list_orgs is asked only for a text (get_app's
// missing-spicepod line, describe_app's next step) or a refusal that never grants; when /v1/orgs
// does not answer within the call's time limit, the call that had everything it needs fails as
// out of time.
// Now: the role is read within min(2s, half the time left), so the call completes and the resume is sent.
// The role read's bound is set to 100 ms here (Waits.Role), each call's limit kept at 2 s.
func TestR41ReviewrolesSlowListOrgsFailsAWorkingCall(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-dan", realClock: true, callTimeout: 2 * time.Second,
		waits:  tools.Waits{Role: 100 * time.Millisecond},
		safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: slowOrgsProxy(10 * time.Second)})
	if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "docs-search"}}, {"describe_app", map[string]any{"app": "docs-search"}},
		{"resume_app", map[string]any{"app": "analytics-app"}},
	} {
		start := time.Now()
		res := h.call(t, tc.tool, tc.args)
		t.Logf("%s after %v: %.300s", tc.tool, time.Since(start), text(res))
		if res.IsError {
			t.Errorf("%s %v failed because /v1/orgs was slow: %s", tc.tool, tc.args, text(res))
		}
	}
	if n := h.emu.Calls(api.ResumeProject.ID); n == 0 {
		t.Errorf("no resume request reached the API, yet the result says the API did not answer the POST")
	}
}

// slowOrgsProxy passes every request to the emulator, /v1/orgs after delay.
func slowOrgsProxy(delay time.Duration) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			if r.URL.Path == "/v1/orgs" {
				select {
				case <-time.After(delay):
				case <-r.Context().Done():
					return
				}
			}
			rp.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
}

// TestR41ReviewrolesListOrgsFailureKeepsCallsWorking: /v1/orgs answering 500, 404, a body
// that is not JSON, or 429: a member's (opaque token) resume of a paused app, get_app and
// describe_app of an app without a spicepod still work.
// Kept: an unread role leaves the API to decide.
func TestR41ReviewrolesHoldsListOrgsFailureKeepsCallsWorking(t *testing.T) {
	t.Parallel() // waits on real time (Retry-After: 1); runs beside the other waiting tests
	for _, a := range []canned{
		{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 500, body: `{"error":"boom"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 404, body: `{"error":"Not found"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 200, body: `[{"id":1,"name":"acme","role":"member"}]`},
		{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 200, body: `{"orgs":"nope"}`},
		{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 429, header: map[string]string{"Retry-After": "1"}, body: `{"error":"slow down"}`},
	} {
		answers := []canned{a}
		cfg := memberWorld([]string{"*"})
		cfg.Demo = true
		h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-dan", safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: cannedProxy(&answers, nil)})
		if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			tool string
			args map[string]any
		}{
			{"get_app", map[string]any{"app": "docs-search"}}, {"describe_app", map[string]any{"app": "docs-search"}},
			{"describe_app", map[string]any{"app": "analytics-app"}},
			{"resume_app", map[string]any{"app": "analytics-app"}},
		} {
			res := h.call(t, tc.tool, tc.args)
			if res.IsError {
				t.Errorf("/v1/orgs %d %s: %s %v failed: %s", a.status, a.body, tc.tool, tc.args, text(res))
			}
		}
	}
}

// TestR41ReviewrolesResumeWaitAsksListOrgsOnce: resume_app's role check reads list_orgs once
// ("one listOrgs when the token does not show it", tools/pause.go); a waited resume whose
// deployment fails reads it again for the fix (explainDeployment's withListedRole).
// Now: the list is read once a call (tools/role.go roleMemo).
func TestR41ReviewrolesResumeWaitAsksListOrgsOnce(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{Slug: "beta", Owner: "carol", Members: []string{"bob"}, Enterprise: true})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: "tok-bob-beta", Org: "beta", User: "bob", Scopes: []string{"*"}})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob-beta", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "pause_app", map[string]any{"app": "fraud-scoring"})
	before := h.emu.Calls(api.ListOrgs.ID)
	res := h.call(t, "resume_app", map[string]any{"app": "fraud-scoring", "wait": true})
	t.Log(text(res))
	if n := h.emu.Calls(api.ListOrgs.ID) - before; n > 1 {
		t.Errorf("resume_app asked list_orgs %d times", n)
	}
}

// TestR41ReviewrolesNumericOrgNameIsNotReadAsAnID: bob is a viewer in acme (ID 42) and a member
// in the organization named "42". X-Org-Name is matched by name only (present.ActingOrg: "digits
// there are a name, not an ID"), so resume_app with org "42" acts in "42", where bob may resume.
// callerRoles matches the chosen org against list_orgs by name OR ID and takes acme's viewer role:
// resume_app is refused by role though the API would resume the app.
// Now: the chosen org is matched by name only.
func TestR41ReviewrolesNumericOrgNameIsNotReadAsAnID(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Orgs[0].ID = 42
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{ID: 43, Slug: "42", Owner: "carol", Members: []string{"bob"}})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app", "org": "42"})
	res := h.call(t, "resume_app", map[string]any{"app": "analytics-app", "org": "42"})
	out := text(res)
	t.Log(out)
	if res.IsError || strings.Contains(out, "viewer") {
		t.Errorf("a member of the organization named \"42\" was refused resume_app by acme's (ID 42) viewer role:\n%s", out)
	}
	if n := h.emu.Calls(api.ResumeProject.ID); n != 1 {
		t.Errorf("%d resume requests reached the API, want 1", n)
	}
}

// TestR41ReviewrolesViewerIsNotOfferedResumeOnAPausedAppsDeployment: bob, a viewer (opaque
// token: his role only from list_orgs), reads deployments of a paused app. get_deployment and
// wait_for_deployment of its succeeded deployment offer `resume_app {...}` (and for the older one
// `rollback_deployment {...}`) as the next call, though a viewer cannot use either; only a failed
// deployment's explanation reads the listed role (tools/deployments.go explainDeployment).
// Now: a succeeded one whose step names a change reads the role too.
func TestR41ReviewrolesViewerIsNotOfferedResumeOnAPausedAppsDeployment(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
		t.Fatal(err)
	}
	dep := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"})
	t.Log(dep)
	for _, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"list_deployments", map[string]any{"app": "analytics-app"}},
	} {
		out := text(h.call(t, tc.tool, tc.args))
		t.Logf("%s %v: %s", tc.tool, tc.args, out)
		for _, offered := range []string{"`resume_app {", "`rollback_deployment {"} {
			if strings.Contains(out, offered) {
				t.Errorf("%s %v offers a viewer %s…`:\n%s", tc.tool, tc.args, offered, out)
			}
		}
	}
}

// TestR41ReviewrolesViewerIsNotOfferedRollback: a replaced succeeded deployment of a running app
// offers `rollback_deployment {...}` as the call to run it again, to a viewer (opaque token) who
// cannot use it (x-required-role member).
// Now: the role is read before rollback_deployment is named.
func TestR41ReviewrolesViewerIsNotOfferedRollback(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	t.Log(out)
	if strings.Contains(out, "`rollback_deployment {") {
		t.Errorf("get_deployment offers a viewer rollback_deployment as a call:\n%s", out)
	}
}

// TestR41ReviewrolesViewerSweep: a viewer (opaque token, one organization) reads everything of
// the demo, running and paused; no result offers a change tool as a call.
// Now: list_deployments with no deployment reads the role before naming update_app/create_deployment.
func TestR41ReviewrolesViewerSweep(t *testing.T) {
	change := []string{"update_app", "create_deployment", "resume_app", "pause_app", "rollback_deployment", "set_secret",
		"delete_secret", "create_app", "fork_app", "connect_repository", "rotate_api_keys", "delete_app", "create_and_deploy_app",
		"regenerate_api_key", "add_member", "update_member_roles", "remove_member"}
	for _, paused := range []bool{false, true} {
		cfg := memberWorld([]string{"*"})
		cfg.Demo = true
		h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
		if paused {
			if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
				t.Fatal(err)
			}
		}
		for _, app := range []string{"analytics-app", "docs-search"} {
			for _, tc := range []struct {
				tool string
				args map[string]any
			}{
				{"list_apps", nil}, {"get_app", map[string]any{"app": app}}, {"describe_app", map[string]any{"app": app}},
				{"list_instances", map[string]any{"app": app}}, {"get_instance_logs", map[string]any{"app": app}},
				{"list_deployments", map[string]any{"app": app}}, {"list_secrets", map[string]any{"app": app}},
				{"get_api_keys", map[string]any{"app": app}}, {"list_forks", map[string]any{"app": app}},
				{"list_container_images", nil}, {"get_limits", nil}, {"list_clusters", nil}, {"list_members", nil},
				{"whoami", nil}, {"list_orgs", nil}, {"list_regions", nil},
			} {
				out := text(h.call(t, tc.tool, tc.args))
				for _, c := range change {
					if strings.Contains(out, "`"+c+" {") || strings.Contains(out, "`"+c+"`") {
						t.Errorf("paused=%v %s %v offers a viewer %s:\n%s", paused, tc.tool, tc.args, c, out)
					}
				}
			}
		}
	}
}

// TestR41ReviewrolesOwnerOfTheActingOrgIsToldToApplyNothing: carol owns beta and is a viewer in
// acme; her opaque token acts in beta (its own organization), no org chosen. troubleshoot_deployment
// tells the agent "Explain the fix, but apply nothing" and to ask a member, admin or owner: the
// owner of the organization her token acts in is steered away from every fix tool by the lowest
// role listed elsewhere.
// Now: the step says the role the fix tools need, that the API decides, and to pass org; it forbids nothing.
func TestR41ReviewrolesOwnerOfTheActingOrgIsToldToApplyNothing(t *testing.T) {
	cfg := r41ErinOwnsBeta()
	cfg.Orgs[len(cfg.Orgs)-1].Enterprise = true // beta
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-erin-beta"})
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "fraud-scoring"}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	body := res.Messages[0].Content.(mcp.TextContent).Text
	t.Log(body)
	if strings.Contains(body, "apply nothing") {
		t.Errorf("the owner of the organization the token acts in is told to apply nothing:\n%s", body)
	}
}

// TestR41ReviewrolesMixedRolesSpicepodLineSaysRoleUnknown: erin owns beta and is a viewer in
// acme; her opaque token acts in beta, no org chosen. README (roles read from list_orgs): where
// the roles differ, "the text says the role it needs, that the role where the token acts is not
// known (pass org or set SPICE_ORG), and whom to ask". get_app's (and spice://apps/{app}'s)
// missing-spicepod line says only "ask a member, admin or owner of the organization to set it"
// (present/resources.go setSpicepodFirst drops the reason): to an owner, as if her role were
// known to be too low, with no word of passing org.
// Now: the line says the role update_app needs, that the role is not known (pass org), and whom to ask.
func TestR41ReviewrolesMixedRolesSpicepodLineSaysRoleUnknown(t *testing.T) {
	cfg := r41ErinOwnsBeta()
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-erin-beta"})
	out := h.ok(t, "get_app", map[string]any{"app": "docs-search"})
	var rr mcp.ReadResourceRequest
	rr.Params.URI = "spice://apps/docs-search"
	res, err := h.mcp.ReadResource(context.Background(), rr)
	if err != nil {
		t.Fatal(err)
	}
	described := h.ok(t, "describe_app", map[string]any{"app": "docs-search"})
	for what, body := range map[string]string{"get_app": out, "describe_app": described, "spice://apps/docs-search": res.Contents[0].(mcp.TextResourceContents).Text} {
		t.Logf("%s: %s", what, body)
		if strings.Contains(body, "ask a member, admin or owner") && !strings.Contains(body, "not known") {
			t.Errorf("%s tells the owner of the acting organization to ask someone, without saying her role there is not known (pass org):\n%s", what, body)
		}
	}
}

// r41ErinOwnsBeta is the demo's member world where erin owns beta and is a viewer in acme, her
// opaque token tok-erin-beta acting in beta.
func r41ErinOwnsBeta() sandbox.Config {
	cfg := memberWorld([]string{"*"})
	cfg.Orgs[0].Viewers = append(cfg.Orgs[0].Viewers, "erin")
	cfg.Orgs = append(cfg.Orgs, sandbox.Org{Slug: "beta", Owner: "erin"})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: "tok-erin-beta", Org: "beta", User: "erin", Scopes: []string{"*"}})
	cfg.Demo = true
	return cfg
}
