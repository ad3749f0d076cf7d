package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Spec17Client is a Spice.ai client of h's emulator with token.
func r74Spec17Client(t *testing.T, h *harness, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: h.api.URL, Tokens: client.StaticToken(token),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestR74Spec17InstanceLogsAfterResumeNameListInstances: right after resume_app (its deployment
// queued), get_instance_logs of the instance that ran before the pause said the app "has not
// been deployed, so it has no instances: deploy it first" (the emulator's 409
// project_not_deployed), though a deployment was queued. MCP-REF's project_not_deployed is "the
// project has no deployment yet": the answer is 404 instance_not_found, whose remedy names
// list_instances, and nothing tells the agent to deploy.
func TestR74Spec17InstanceLogsAfterResumeNameListInstances(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-carol", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	before, err := r74Spec17Client(t, h, "tok-carol").ListProjectInstances(context.Background(), h.appID(t, "analytics-app"))
	if err != nil || len(before) == 0 {
		t.Fatalf("analytics-app's instances: %v, %v", before, err)
	}
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	h.ok(t, "resume_app", map[string]any{"app": "analytics-app"})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": before[0].Name})
	out := text(res)
	t.Log(out)
	if !res.IsError {
		t.Fatalf("the logs of a pod torn down by the pause were read:\n%s", out)
	}
	mustContain(t, "get_instance_logs", out, "404", "list_instances")
	for _, wrong := range []string{"has not been deployed", "deploy it first", "project_not_deployed"} {
		if strings.Contains(out, wrong) {
			t.Errorf("get_instance_logs says %q of an app whose resume queued a deployment:\n%s", wrong, out)
		}
	}
}

// TestR74Spec17SecondOwnerAsTheTextsSayIt: granting the owner role (allowed: only owners grant
// it, and no source has a last-owner rule) makes update_member_roles say "The owner role gives
// an owner's rights (granting admin and owner included), but dan is not the organization's
// owner: an owner can still change their roles or remove them". Each half holds through the
// tools over a real MCP client: dan grants owner and admin and changes an admin's roles; dan
// cannot change carol, the organization's owner (refused before the API is asked); carol
// changes dan's roles back.
func TestR74Spec17SecondOwnerAsTheTextsSayIt(t *testing.T) {
	carol := newHarness(t, harnessOptions{cfg: memberWorld([]string{"*"}), token: "tok-carol", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := carol.ok(t, "update_member_roles", map[string]any{"member": "dan", "roles": []any{"owner"}})
	mustContain(t, "update_member_roles", out, "The owner role gives an owner's rights (granting admin and owner included)",
		"dan is not the organization's owner: an owner can still change their roles or remove them")

	dan := r74Spec17As(t, carol, "tok-dan")
	dan.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"owner"}})
	dan.ok(t, "update_member_roles", map[string]any{"member": "alice", "roles": []any{"member"}})
	dan.ok(t, "update_member_roles", map[string]any{"member": "erin", "roles": []any{"admin"}})
	before := carol.emu.Calls(api.UpdateMemberRoles.ID)
	refused := dan.fail(t, "update_member_roles", map[string]any{"member": "carol", "roles": []any{"member"}})
	mustContain(t, "update_member_roles", refused, "is the organization's owner", "Nothing was changed")
	if n := carol.emu.Calls(api.UpdateMemberRoles.ID) - before; n != 0 {
		t.Errorf("the organization's owner's roles were sent to the API %d time(s)", n)
	}
	mustContain(t, "update_member_roles", carol.ok(t, "update_member_roles", map[string]any{"member": "dan", "roles": []any{"member"}}),
		"now has the role member")
}

// r74Spec17As is an MCP server acting with token on h's emulator (no confirmation asked).
func r74Spec17As(t *testing.T, h *harness, token string) *harness {
	t.Helper()
	return newHarness(t, harnessOptions{cfg: memberWorld([]string{"*"}), token: token, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(*testing.T, string) string { return h.api.URL }})
}

// TestR74Spec17WhoamiSaysWhyTheRoleIsUnknown: round 73 gave whoami's text the reason the role
// is unknown (GET /v1/orgs not served, or answered otherwise), but its structured content had
// no field for it: role absent, and nothing to tell "not read" from "not asked". Now
// role_unknown carries the reason the text gives, word for word, in the output schema; so does
// a list naming the organization with two roles (the text said "role: unknown" with no reason).
// A role read leaves it out.
func TestR74Spec17WhoamiSaysWhyTheRoleIsUnknown(t *testing.T) {
	type report struct {
		Role        string  `json:"role"`
		RoleUnknown *string `json:"role_unknown"`
	}
	who := func(h *harness, args map[string]any) (string, report) {
		t.Helper()
		res := h.call(t, "whoami", args)
		var got report
		structured(t, res, &got)
		return text(res), got
	}
	check := func(what, out string, got report, textLead, reason string) {
		t.Helper()
		if got.RoleUnknown == nil || *got.RoleUnknown != reason || got.Role != "" {
			t.Errorf("%s: role %q, role_unknown %v, want %q", what, got.Role, got.RoleUnknown, reason)
		}
		mustContain(t, what, out, textLead+reason)
	}
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", outputSchemas: true})
	h.emu.InjectFault(r73Spec16OrgsGone)
	notServed := "this Spice.ai API does not serve GET /v1/orgs (it answered 404)"
	out, got := who(h, map[string]any{"org": "acme"})
	check("404, org given", out, got, "acme (org argument), role: unknown: ", notServed)
	out, got = who(h, nil)
	check("404, no org", out, got, "Your organizations and your role in each are not known here: ", notServed)
	h.emu.ClearFaults()
	h.emu.InjectFault(sandbox.Fault{Operation: "listOrgs", Status: http.StatusServiceUnavailable, Times: -1})
	out, got = who(h, map[string]any{"org": "acme"})
	check("503", out, got, "role: unknown: ", "GET /v1/orgs answered 503")
	h.emu.ClearFaults()
	if out, got = who(h, map[string]any{"org": "acme"}); got.Role != "viewer" || got.RoleUnknown != nil {
		t.Errorf("served: role %q, role_unknown %v, want viewer and none:\n%s", got.Role, got.RoleUnknown, out)
	}

	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	answers := []canned{{method: "GET", path: regexp.MustCompile(`^/v1/orgs$`), status: 200, body: `{"orgs":[{"id":1,"name":"sandbox","role":"viewer",` + at +
		`},{"id":1,"name":"sandbox","role":"owner",` + at + `}]}`}}
	twice := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, org: "sandbox", outputSchemas: true, upstream: cannedProxy(&answers, nil)})
	out, got = who(twice, nil)
	check("listed twice", out, got, "sandbox (SPICE_ORG), role: unknown: ", "the Spice.ai API lists this organization more than once, with different roles")
}
