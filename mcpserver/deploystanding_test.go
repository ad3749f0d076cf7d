package mcpserver_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// standingView is what get_deployment and wait_for_deployment say of a succeeded deployment.
type standingView struct {
	ID         int64 `json:"id"`
	Live       *bool `json:"live"`
	ReplacedBy int64 `json:"replaced_by"`
	AppPaused  bool  `json:"app_paused"`
	// NoInstanceReady and Newer: nothing runs it; a later deployment that has not succeeded.
	NoInstanceReady bool `json:"no_instance_ready"`
	Newer           *struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"newer_deployment"`
}

// newestSucceeded is the ID of app's newest succeeded deployment, by list_deployments.
func (h *harness) newestSucceeded(t *testing.T, app string) (int64, error) {
	t.Helper()
	var list struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
	}
	structured(t, h.call(t, "list_deployments", map[string]any{"app": app, "status": "succeeded", "limit": 1}), &list)
	if len(list.Deployments) == 0 {
		return 0, fmt.Errorf("%s has no succeeded deployment", app)
	}
	return list.Deployments[0].ID, nil
}

// TestLiveOnlyWhenTrue: a succeeded deployment reads "live" only while it is the app's newest
// succeeded one and the app is not paused: a superseded one names the deployment that replaced
// it, and after pause_app get_deployment and wait_for_deployment say the app is paused and how
// to resume it, as its structured content does.
func TestLiveOnlyWhenTrue(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	check := func(what string, tool string, args map[string]any, live *bool, replacedBy int64, paused bool, want []string, not ...string) {
		t.Helper()
		res := h.call(t, tool, args)
		out := text(res)
		mustContain(t, what, out, want...)
		for _, n := range not {
			if strings.Contains(out, n) {
				t.Errorf("%s: says %q:\n%s", what, n, out)
			}
		}
		var v standingView
		structured(t, res, &v)
		if (v.Live == nil) != (live == nil) || v.Live != nil && *v.Live != *live || v.ReplacedBy != replacedBy || v.AppPaused != paused {
			t.Errorf("%s: structured live=%v replaced_by=%d app_paused=%v", what, v.Live, v.ReplacedBy, v.AppPaused)
		}
	}
	yes, no := true, false
	check("superseded", "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}, &no, 1003, false,
		[]string{"Succeeded; a later deployment (1003) succeeded after it, so this deployment no longer runs",
			`rollback_deployment {"app":"analytics-app","deployment_id":1001}`}, "is live")
	check("current", "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}, &yes, 0, false,
		[]string{"The app is live with this configuration."})
	check("wait, current", "wait_for_deployment", map[string]any{"app": "analytics-app"}, &yes, 0, false,
		[]string{"The app is live with this configuration."})

	mustContain(t, "pause", h.ok(t, "pause_app", map[string]any{"app": "analytics-app"}), "its runtime stopped")
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app"}},
		{"wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
	} {
		check("paused: "+c.tool, c.tool, c.args, &no, 0, true,
			[]string{"The app is paused", `resume_app {"app":"analytics-app"}`}, "is live")
	}
	// A rollback is refused while paused (spicepod_paused): resume_app is offered first.
	check("paused, superseded", "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}, &no, 1003, true,
		[]string{"no longer runs", "the app is paused, so first `resume_app {\"app\":\"analytics-app\",\"wait\":true}`",
			"then `rollback_deployment {\"app\":\"analytics-app\",\"deployment_id\":1001}`"}, "is live")

	// Resumed and waited for: live again.
	mustContain(t, "resume", h.ok(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true}),
		"The app is live with this configuration.")
	res := h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	var v standingView
	structured(t, res, &v)
	mustContain(t, "after resume", text(res), fmt.Sprintf("Succeeded; a later deployment (%d) succeeded after it", v.ReplacedBy))
	if v.ReplacedBy <= 1003 || v.Live == nil || *v.Live || v.AppPaused {
		t.Errorf("after resume: %+v", v)
	}
}

// TestLiveOnlyWhileSomethingRunsIt: "live" needs the deployment to be the app's newest of any
// status and an instance to be ready. A later deployment that failed or is still in flight
// leaves it open (named, with list_instances as the check); an app whose runtime is gone
// (deleted and created again) says nothing runs it; a rollback's target is not said to be
// gone for good; resume_app says what wait_for_deployment says, in text and structure.
func TestLiveOnlyWhileSomethingRunsIt(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	get := func(app string, id int64) (string, standingView) {
		t.Helper()
		res := h.call(t, "get_deployment", map[string]any{"app": app, "deployment_id": id})
		var v standingView
		structured(t, res, &v)
		if strings.Contains(text(res), "is live") || v.Live != nil && *v.Live {
			t.Errorf("deployment %d claimed live: %+v\n%s", id, v, text(res))
		}
		return text(res), v
	}
	mustNot := func(what, s string, parts ...string) {
		t.Helper()
		for _, p := range parts {
			if strings.Contains(s, p) {
				t.Errorf("%s: says %q:\n%s", what, p, s)
			}
		}
	}

	// A rollback to 1001: 1001 is not said to be gone for good, its configuration runs again.
	res := h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	var rb struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &rb)
	mustContain(t, "rollback wait", h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}), "The app is live with this configuration.")
	out, v := get("analytics-app", 1001)
	mustContain(t, "rolled back to", out, fmt.Sprintf("Succeeded; a later deployment (%d) succeeded after it, so this deployment no longer runs "+
		"(%d runs the same configuration if it rolled back to this one)", rb.ID, rb.ID))
	mustNot("rolled back to", out, "no longer runs this configuration")
	if v.ReplacedBy != rb.ID {
		t.Errorf("rolled back to: %+v", v)
	}

	// Paused, then resumed without waiting: the resume's deployment is in flight and the old
	// runtime is gone.
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	resumed := h.call(t, "resume_app", map[string]any{"app": "analytics-app"})
	var r struct {
		DeploymentID int64 `json:"deployment_id"`
	}
	structured(t, resumed, &r)
	out, v = get("analytics-app", rb.ID)
	mustContain(t, "resume in flight", out, fmt.Sprintf("Succeeded; a later deployment (%d) is still in progress", r.DeploymentID),
		"whether the app still runs this one is not known: list_instances shows what runs now.")
	if v.Live != nil || v.ReplacedBy != 0 || v.Newer == nil || v.Newer.ID != r.DeploymentID {
		t.Errorf("resume in flight: %+v", v)
	}
	h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})

	// Repro A: paused, a spicepod whose secret is missing, resumed: the resume fails, and the
	// last succeeded deployment (torn down by the pause) is not live.
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:MISSING_PW}\n"})
	res = h.call(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true})
	var failed struct {
		DeploymentID int64 `json:"deployment_id"`
		Deployment   struct {
			Status      string `json:"status"`
			Live        *bool  `json:"live"`
			FailureLogs *struct {
				Lines []string `json:"lines"`
			} `json:"failure_logs"`
		} `json:"deployment"`
	}
	structured(t, res, &failed)
	mustContain(t, "failed resume", text(res), "**❌ failed**", "MISSING_PW")
	mustNot("failed resume", text(res), "is live")
	if failed.Deployment.Status != "failed" || failed.Deployment.Live != nil || failed.Deployment.FailureLogs == nil {
		t.Errorf("failed resume structured: %+v", failed)
	}
	out, v = get("analytics-app", r.DeploymentID)
	mustContain(t, "after a failed resume", out, fmt.Sprintf("Succeeded; a later deployment (%d) failed, so whether the app still runs this one is not known", failed.DeploymentID))
	if v.Newer == nil || v.Newer.ID != failed.DeploymentID || v.Newer.Status != "failed" {
		t.Errorf("after a failed resume: %+v", v)
	}
	mustContain(t, "list_instances", h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}), "failed")

	// Repro B: deleted and created again: the newest deployment succeeded, but nothing runs it.
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-search\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	mustContain(t, "docs-search live", h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"}), "The app is live with this configuration.")
	last, err := h.newestSucceeded(t, "docs-search")
	if err != nil {
		t.Fatal(err)
	}
	h.ok(t, "delete_app", map[string]any{"app": "docs-search"})
	h.ok(t, "create_app", map[string]any{"name": "docs-search"})
	out, v = get("docs-search", last)
	mustContain(t, "revived", out, "no instance of the app is ready: nothing runs this configuration now", "list_instances")
	if v.Live == nil || *v.Live || !v.NoInstanceReady {
		t.Errorf("revived: %+v", v)
	}
	mustContain(t, "revived instances", h.ok(t, "list_instances", map[string]any{"app": "docs-search"}), "no runtime instances")
}

// TestEveryShortenedDeploymentSaysItsLength: rollback_deployment, describe_app and resume_app
// shorten a deployment's long fields in structured content as get_deployment does, and say each
// one's full length in shortened; a commit SHA that is not hex is shown whole, not cut at 12.
func TestEveryShortenedDeploymentSaysItsLength(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	branch := "feature/" + strings.Repeat("é", 100) // 108 characters, 208 bytes
	sha := "release-candidate-2026-11-30"
	res := h.call(t, "create_deployment", map[string]any{"app": "analytics-app", "branch": branch, "commit_sha": sha})
	var created struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &created)
	h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	type item struct {
		ID        int64          `json:"id"`
		Branch    string         `json:"branch"`
		CommitSHA string         `json:"commit_sha"`
		Shortened map[string]int `json:"shortened"`
	}
	checkItem := func(what string, it item) {
		t.Helper()
		if it.Shortened["branch"] != 108 || !strings.HasSuffix(it.Branch, "…") || len(it.Branch) > 104 || it.CommitSHA != sha {
			t.Errorf("%s: %+v", what, it)
		}
	}
	res = h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": created.ID})
	var rb item
	structured(t, res, &rb)
	checkItem("rollback_deployment", rb)
	mustContain(t, "rollback_deployment", text(res), "@"+sha, present.ShortenedNote(108))

	res = h.call(t, "describe_app", map[string]any{"app": "analytics-app"})
	var overview struct {
		Deployments []item `json:"deployments"`
	}
	structured(t, res, &overview)
	if len(overview.Deployments) < 2 {
		t.Fatalf("describe_app: %+v", overview)
	}
	checkItem("describe_app", overview.Deployments[0])
	checkItem("describe_app", overview.Deployments[1])
	mustContain(t, "describe_app", text(res), "@"+sha)

	// resume_app's deployment says where it stands as wait_for_deployment does.
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	res = h.call(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true})
	var resumed struct {
		Deployment struct {
			Status    string         `json:"status"`
			Live      *bool          `json:"live"`
			Shortened map[string]int `json:"shortened"`
		} `json:"deployment"`
	}
	structured(t, res, &resumed)
	mustContain(t, "resume_app", text(res), "The app is live with this configuration.")
	if resumed.Deployment.Status != "succeeded" || resumed.Deployment.Live == nil || !*resumed.Deployment.Live {
		t.Errorf("resume_app structured: %+v", resumed)
	}
}

// TestLongCommitMessageKeepsTheDiagnosis: a failed deployment with a 30,000-character commit
// message still shows, in wait_for_deployment's and get_deployment's results, its status, error
// code, whether retrying helps, the fix and the failing instance's log lines, with the message
// shortened and its full length said; structured content is kept (bounded, flagged), not cut;
// create_deployment and list_deployments likewise.
func TestLongCommitMessageKeepsTheDiagnosis(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-search\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:NOT_SET_ANYWHERE}\n"})
	msg := "fix: " + strings.Repeat("x", 30000)
	note := present.ShortenedNote(len(msg))

	res := h.call(t, "create_deployment", map[string]any{"app": "docs-search", "commit_message": msg})
	var created struct {
		ID        int64          `json:"id"`
		Message   string         `json:"commit_message"`
		Shortened map[string]int `json:"shortened"`
		Cut       string         `json:"cut"`
	}
	structured(t, res, &created)
	if created.ID == 0 || created.Cut != "" || created.Shortened["commit_message"] != len(msg) || len(created.Message) > 1000 {
		t.Errorf("create_deployment structured: id %d, cut %q, shortened %v, message %d bytes", created.ID, created.Cut, created.Shortened, len(created.Message))
	}
	mustContain(t, "create_deployment", text(res), "**⏳ queued**", note, "Still running")

	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"wait_for_deployment", map[string]any{"app": "docs-search"}},
		{"get_deployment", map[string]any{"app": "docs-search", "deployment_id": created.ID}},
	} {
		res := h.call(t, c.tool, c.args)
		out := text(res)
		mustContain(t, c.tool, out, "**❌ failed**", "- Message: fix: xxx", note, "- Error code: `unable_to_start` — not retriable",
			"What to do: The runtime failed to start", "log lines of instance", "NOT_SET_ANYWHERE")
		if strings.Contains(out, "Cut:") || len(out) > present.ResultBytes {
			t.Errorf("%s: the result was cut (%d bytes):\n%s", c.tool, len(out), out[len(out)-600:])
		}
		var v struct {
			Retriable   *bool          `json:"retriable"`
			Shortened   map[string]int `json:"shortened"`
			FailureLogs *struct {
				Lines []string `json:"lines"`
			} `json:"failure_logs"`
			Cut string `json:"cut"`
		}
		structured(t, res, &v)
		if v.Cut != "" || v.Retriable == nil || *v.Retriable || v.FailureLogs == nil || len(v.FailureLogs.Lines) == 0 ||
			v.Shortened["commit_message"] != len(msg) {
			t.Errorf("%s structured: cut %q, retriable %v, logs %v, shortened %v", c.tool, v.Cut, v.Retriable, v.FailureLogs, v.Shortened)
		}
	}

	res = h.call(t, "list_deployments", map[string]any{"app": "docs-search"})
	var list struct {
		Deployments []struct {
			ID        int64          `json:"id"`
			Shortened map[string]int `json:"shortened"`
		} `json:"deployments"`
		Cut string `json:"cut"`
	}
	structured(t, res, &list)
	if list.Cut != "" || len(list.Deployments) == 0 || list.Deployments[0].ID != created.ID ||
		list.Deployments[0].Shortened["commit_message"] != len(msg) {
		t.Errorf("list_deployments structured: %+v", list)
	}
	mustContain(t, "list_deployments", text(res), fmt.Sprintf("| %d | ❌ failed |", created.ID), "unable_to_start")
}

// TestWhoamiOrganizationInForce: an organization the token is not a member of (list_orgs
// answered) is said plainly, in text and structured content; with none chosen, whoami says
// calls act in the credentials' default organization.
func TestWhoamiOrganizationInForce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	res := h.call(t, "whoami", map[string]any{"org": "nonexistent"})
	out := text(res)
	mustContain(t, "not a member", out, "These credentials are not a member of organization nonexistent",
		"sandbox (owner), acme-labs (admin)", "- Organization: nonexistent (org argument), not a member")
	if strings.Contains(out, "role: unknown") || res.IsError || strings.Contains(out, "tools are available") ||
		!regexp.MustCompile(`All \d+ tools are listed, but calls in organization nonexistent will be refused: these credentials are not a member\.`).MatchString(out) {
		t.Errorf("isError %v:\n%s", res.IsError, out)
	}
	var v struct {
		Organization string `json:"organization"`
		Role         string `json:"role"`
		NotMember    bool   `json:"not_member"`
	}
	structured(t, res, &v)
	if v.Organization != "nonexistent" || v.Role != "" || !v.NotMember {
		t.Errorf("structured: %+v", v)
	}
	res = h.call(t, "whoami", map[string]any{"org": "acme-labs"})
	v.NotMember = false
	structured(t, res, &v)
	if v.NotMember || v.Role != "admin" || strings.Contains(text(res), "not a member") {
		t.Errorf("acme-labs: %+v\n%s", v, text(res))
	}
	mustContain(t, "default", h.ok(t, "whoami", nil), "- Organization: the credentials' own default organization. Calls without org act there")
}

// TestWithoutCredentialsOnlyTwoToolsWork: what README says (Install and configure) and whoami
// says: without credentials check_health and whoami work, and every other tool answers with how
// to configure a token.
func TestWithoutCredentialsOnlyTwoToolsWork(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-"})
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "- Credentials: none", "only check_health and whoami work",
		"ask the user to set SPICE_API_TOKEN to a personal access token")
	if out := h.ok(t, "whoami", nil); strings.Contains(out, "tools are available") {
		t.Errorf("whoami claims the tools are available:\n%s", out)
	}
	h.ok(t, "check_health", nil)
	for _, tool := range tools.All() {
		if tool.Name == "check_health" || tool.Name == "whoami" {
			continue
		}
		res := h.call(t, tool.Name, tool.Examples.Valid)
		if !res.IsError || !strings.Contains(text(res), "No Spice.ai credentials are configured") {
			t.Errorf("%s without credentials: isError %v:\n%s", tool.Name, res.IsError, text(res))
		}
	}
}

// TestMapKeysInRefusalsAreEscaped: a tags or secrets key the caller sent is echoed in a type
// refusal quoted and escaped, never as HTML, a link or an image.
func TestMapKeysInRefusalsAreEscaped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, c := range []struct {
		tool string
		args string
		want string
	}{
		{"update_app", `{"app":"analytics-app","tags":{"<b>x</b>":null}}`, `Invalid arguments, nothing was sent: "tags.\<b>x\</b>": expected string, got null`},
		{"update_app", `{"app":"analytics-app","tags":{"<img src=x>[a](http://e.x)":1}}`, `Invalid arguments, nothing was sent: "tags.\<img src=x>[a\](http://e.x)"`},
		{"create_app", `{"name":"fresh-app","tags":{"<b>x</b>":null}}`, `Invalid arguments, nothing was sent: "tags.\<b>x\</b>"`},
		{"create_and_deploy_app", `{"name":"fresh-app","spicepod":"version: v1\nkind: Spicepod\nname: fresh-app\n","secrets":{"<img src=x>[a](http://e.x)":1}}`,
			`Invalid arguments, nothing was sent: "secrets.\<img src=x>[a\](http://e.x)": expected string, got number`},
	} {
		res := h.callRaw(t, c.tool, c.args)
		out := text(res)
		if !res.IsError || !strings.Contains(out, c.want) {
			t.Errorf("%s %s: want %q in:\n%s", c.tool, c.args, c.want, out)
		}
		if strings.Contains(strings.ReplaceAll(out, `\<`, ""), "<") || strings.Contains(strings.ReplaceAll(out, `\](`, ""), "](") {
			t.Errorf("%s %s: raw markup in:\n%s", c.tool, c.args, out)
		}
	}
}

// TestApprovalNamesTheOrganizationWithTheAction: in an organization the call chose, the
// confirmation names it with the action, not after its last words.
func TestApprovalNamesTheOrganizationWithTheAction(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	out := h.fail(t, "pause_app", map[string]any{"org": "acme-labs", "app": "fraud-scoring"})
	mustContain(t, "pause_app", out, "Confirmation required: in organization acme-labs, pause app fraud-scoring", "Nothing was changed")
	if strings.Contains(out, "resumed in organization") {
		t.Errorf("the organization trails the action:\n%s", out)
	}
	out = h.fail(t, "pause_app", map[string]any{"org": "acme-labs", "app": "fraud-scoring", "confirm": "nope"})
	mustContain(t, "mismatch", out, `Got "nope", so this was not done: in organization acme-labs, pause app fraud-scoring`)
}

// TestWhoamiNamesTheOnlyOrganization: an opaque token whose user belongs to one organization
// acts there, and whoami names it with the role.
func TestWhoamiNamesTheOnlyOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{token: "solo", cfg: sandbox.Config{
		Orgs:   []sandbox.Org{{Slug: "solo-org", Owner: "sam"}},
		Tokens: []sandbox.Token{{Value: "solo", Org: "solo-org", User: "sam", Scopes: []string{"*"}}}}})
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "- Organization: solo-org (the token's own), role: owner")
}
