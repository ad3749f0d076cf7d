package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r33Follow is how each policy's resume_app text follows the deployment it started, and what
// it must never offer as a call.
var r33Follow = []struct {
	name   string
	policy tools.Policy
	want   []string // besides the deployment's ID
	never  []string
}{
	{"all usable", tools.Policy{}, []string{"`wait_for_deployment {\"app\":\"analytics-app\",\"deployment_id\":"}, nil},
	{"wait_for_deployment excluded", tools.Policy{ExcludeTools: []string{"wait_for_deployment"}},
		[]string{"`get_deployment {\"app\":\"analytics-app\",\"deployment_id\":",
			"(called again until the deployment ends: wait_for_deployment is not available here (" + present.HiddenExcluded + "))"},
		[]string{"`wait_for_deployment"}},
	{"apps toolset only", tools.Policy{Toolsets: []string{tools.ToolsetApps}},
		[]string{"the Spice.ai portal, which shows deployment ", "wait_for_deployment and get_deployment are not available here",
			"an operator can make one available"},
		[]string{"`wait_for_deployment", "`get_deployment"}},
}

// TestR33ResumeNamesWaitOnlyWhereUsable: resume_app named wait_for_deployment as the call that
// follows the deployment it started (or one already in flight on an app not paused, or after a
// wait that timed out) even where the caller cannot use it (--toolsets, --exclude-tools). It
// now names get_deployment instead where that is usable, and neither where neither is, saying
// which are not available and why.
func TestR33ResumeNamesWaitOnlyWhereUsable(t *testing.T) {
	for _, tc := range r33Follow {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy})
			id := h.appID(t, "analytics-app")
			check := func(what, got string) {
				t.Helper()
				mustContain(t, tc.name+", "+what, got, tc.want...)
				for _, never := range tc.never {
					if strings.Contains(got, never) {
						t.Errorf("%s, %s: offers %s:\n%s", tc.name, what, never, got)
					}
				}
			}

			// Not paused, a deployment in flight: followed.
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/deployments", map[string]any{}, nil)
			check("not paused, deployment in flight", h.ok(t, "resume_app", map[string]any{"app": "analytics-app"}))

			// Paused: the resume's deployment, without waiting and after a wait that timed out.
			for _, args := range []map[string]any{{"app": "analytics-app"}, {"app": "analytics-app", "wait": true, "timeout_seconds": 1}} {
				emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(id)+"/pause", nil, nil) // ends the one in flight
				got := h.ok(t, "resume_app", args)
				mustContain(t, tc.name, got, "Resumed analytics-app")
				if args["wait"] == true && !strings.Contains(got, "still") {
					t.Fatalf("%s: the wait did not time out:\n%s", tc.name, got)
				}
				check("resumed", got)
			}
		})
	}
}

// TestR33StoppedDeploymentNamesResumeOnlyWhereUsable: a deployment a pause stopped (failed,
// error_code stopped) said "resume_app deploys a paused app again" even where the caller cannot
// use resume_app (--read-only, --exclude-tools). It is now marked "(not available here)" there, and
// the fix ends saying why and that such a step is only proposed; get_deployment and
// wait_for_deployment say the same.
func TestR33StoppedDeploymentNamesResumeOnlyWhereUsable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		reason string // "": resume_app usable
	}{
		{"all usable", tools.Policy{}, ""},
		{"read-only", tools.Policy{ReadOnly: true}, present.HiddenReadOnly},
		{"resume_app excluded", tools.Policy{ExcludeTools: []string{"resume_app"}}, present.HiddenExcluded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy})
			id := itoa(h.appID(t, "analytics-app"))
			var dep struct {
				ID int64 `json:"id"`
			}
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+id+"/deployments", map[string]any{}, &dep)
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+id+"/pause", nil, nil)
			args := map[string]any{"app": "analytics-app", "deployment_id": dep.ID}
			for _, tool := range []string{"get_deployment", "wait_for_deployment"} {
				got := h.ok(t, tool, args)
				mustContain(t, tc.name+", "+tool, got, "`stopped`", "What to do: Nothing failed; a pause stopped this deployment. The app is paused now:")
				if tc.reason == "" {
					mustContain(t, tc.name+", "+tool, got, "The app is paused now: resume_app deploys it again.")
					if strings.Contains(got, "not available here") {
						t.Errorf("%s, %s: usable resume_app marked unavailable:\n%s", tc.name, tool, got)
					}
					continue
				}
				mustContain(t, tc.name+", "+tool, got, "resume_app (not available here) deploys it again.",
					"resume_app is not available here ("+tc.reason+"): for a step that needs it, propose it, naming the tool, but apply nothing.")
			}
		})
	}
}

// TestR33StoppedRollbackNamesResumeOnlyWhereUsable: a rollback stopped by a pause, on an app
// still paused, named resume_app as the first call even where the caller cannot use it; it is
// now marked "(not available here)", with why, and the rollback that follows is still named.
func TestR33StoppedRollbackNamesResumeOnlyWhereUsable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		policy: tools.Policy{ExcludeTools: []string{"resume_app"}}})
	res := h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	if res.IsError {
		t.Fatalf("rollback: %s", text(res))
	}
	var rb struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &rb)
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	got := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": rb.ID})
	mustContain(t, "stopped rollback", got, "a pause stopped this rollback to deployment 1001",
		"so first resume_app (not available here) (it deploys",
		"`rollback_deployment {\"app\":\"analytics-app\",\"deployment_id\":1001}`",
		"resume_app is not available here ("+present.HiddenExcluded+"): for a step that needs it, propose it")
	if strings.Contains(got, "`resume_app") {
		t.Errorf("offers resume_app as a call though it is excluded:\n%s", got)
	}
}

// TestR33PausedAppDeploymentNamesResumeOnlyWhereUsable: a succeeded deployment of a paused app
// (the newest, or one a later deployment replaced) named resume_app as the call that starts
// the app again even where the caller cannot use it. It is now marked "(not available here)"
// there, with why; where usable it stays the call.
func TestR33PausedAppDeploymentNamesResumeOnlyWhereUsable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		reason string // "": resume_app usable
	}{
		{"all usable", tools.Policy{}, ""},
		{"read-only", tools.Policy{ReadOnly: true}, present.HiddenReadOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy})
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(h.appID(t, "analytics-app"))+"/pause", nil, nil)
			for _, id := range []int64{1003, 1001} { // the newest; one 1003 replaced
				what := tc.name + ", deployment " + itoa(id)
				got := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": id})
				mustContain(t, what, got, "paused")
				if tc.reason == "" {
					mustContain(t, what, got, "`resume_app {\"app\":\"analytics-app\"")
					if strings.Contains(got, "not available here") {
						t.Errorf("%s: usable resume_app marked unavailable:\n%s", what, got)
					}
					continue
				}
				unavailable := "resume_app is not available here (" + tc.reason + "): for a step that needs it, propose it"
				if id == 1001 { // its rollback is named too, and neither is usable with --read-only (round 34)
					unavailable = "rollback_deployment and resume_app are not available here (each: " + tc.reason + "): for a step that needs one of them, propose it"
				}
				mustContain(t, what, got, "resume_app (not available here)", unavailable)
				if strings.Contains(got, "`resume_app") {
					t.Errorf("%s: offers resume_app as a call though %s:\n%s", what, tc.reason, got)
				}
			}
		})
	}
}

// TestR33WhoamiScopesKnownInStructuredContent: a token whose scopes are unknown (a JWT without a
// scopes claim, an opaque token) and one with an empty scopes claim both left "scopes" out of
// whoami's structured content, so a client could not tell "none granted" from "not known".
// scopes_known now says which, as the text does.
func TestR33WhoamiScopesKnownInStructuredContent(t *testing.T) {
	exp := time.Now().Add(time.Hour).Unix()
	for _, tc := range []struct {
		name   string
		token  string
		scopes []string // the emulator's
		known  bool
		text   string
	}{
		{"JWT without a scopes claim", jwtShaped(map[string]any{"org": "sandbox", "exp": exp}), []string{"apps:read"}, false,
			"- Scopes: not readable from this token; the API decides per call"},
		{"JWT with an empty scopes claim", jwtShaped(map[string]any{"org": "sandbox", "exp": exp, "scopes": []string{}}), []string{}, true,
			"- Scopes: none (read from the token; the API still decides)"},
		{"JWT with scopes", jwtShaped(map[string]any{"org": "sandbox", "exp": exp, "scopes": []string{"apps:read"}}), []string{"apps:read"}, true,
			"- Scopes: apps:read (read from the token"},
		{"opaque token", "sandbox", nil, false, "- Scopes: not readable from this token; the API decides per call"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := harnessOptions{cfg: sandbox.Config{Demo: true}, outputSchemas: true}
			if tc.scopes != nil {
				opts.cfg.Tokens, opts.token = []sandbox.Token{{Value: tc.token, Org: "sandbox", Scopes: tc.scopes}}, tc.token
			}
			h := newHarness(t, opts)
			res := h.call(t, "whoami", nil)
			mustContain(t, tc.name, text(res), tc.text)
			var got struct {
				Scopes      []string `json:"scopes"`
				ScopesKnown *bool    `json:"scopes_known"`
			}
			structured(t, res, &got)
			if got.ScopesKnown == nil || *got.ScopesKnown != tc.known {
				t.Errorf("%s: scopes_known %v, want %t", tc.name, got.ScopesKnown, tc.known)
			}
			if want := len(tc.scopes); tc.known && len(got.Scopes) != want {
				t.Errorf("%s: scopes %q, want %d", tc.name, got.Scopes, want)
			}
		})
	}
}
