package mcpserver_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

func r40JWT(claims map[string]any) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	return enc.EncodeToString(h) + "." + enc.EncodeToString(c) + ".c2lnbmF0dXJlc2lnbmF0dXJl"
}

// r40SetRoles changes a member's roles at the emulator as carol, the organization's owner.
func r40SetRoles(t *testing.T, h *harness, userID, roles string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPatch, h.api.URL+"/v1/members/"+userID, strings.NewReader(`{"roles":`+roles+`}`))
	req.Header.Set("Authorization", "Bearer tok-carol")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PATCH member %s: %s", userID, res.Status)
	}
}

// TestR40RolefixSelfDemotionAndRemovalWarnTheCaller: alice holds the owner role (not the
// organization's owner) and her token's claims name her (username alice). Demoting herself to
// viewer, or removing herself, is asked as for anyone else: "update_member_roles can change it
// again" / "They can be added again later with add_member" — neither says that it is the caller
// who loses the access, nor that the caller could then undo nothing. README: "the question says
// what will happen and what follows from it".
func TestR40RolefixSelfDemotionAndRemovalWarnTheCaller(t *testing.T) {
	all := []string{"*"}
	cfg := memberWorld(all)
	jwt := r40JWT(map[string]any{"sub": "2", "username": "alice", "org": "acme", "role": "owner", "scopes": all})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: jwt, Org: "acme", User: "alice", Scopes: all})
	var questions []string
	h := newHarness(t, harnessOptions{cfg: cfg, token: jwt, safety: tools.Safety{Confirm: tools.ConfirmHuman},
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			questions = append(questions, req.Params.Message)
			return memberDecline, nil
		}})
	r40SetRoles(t, h, "2", `["owner"]`)
	h.call(t, "update_member_roles", map[string]any{"member": "alice", "roles": []any{"viewer"}})
	h.call(t, "remove_member", map[string]any{"member": "alice"})
	if len(questions) != 2 {
		t.Fatalf("%d questions, want 2: %q", len(questions), questions)
	}
	self := regexp.MustCompile(`(?i)\byour own\b|\byourself\b|\bthe caller\b|\bthis token\b|\byou (will )?lose\b`)
	for _, q := range questions {
		t.Logf("asked: %s", q)
		if !self.MatchString(q) {
			t.Errorf("the question does not say the caller is changing or removing themselves:\n%s", q)
		}
	}
	mustContain(t, "demotion question", questions[0], "not be able to undo it yourself")
	// The results say it too (nobody asked: --confirm=off).
	off := newHarness(t, harnessOptions{cfg: cfg, token: jwt, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	r40SetRoles(t, off, "2", `["owner"]`)
	mustContain(t, "update_member_roles", off.ok(t, "update_member_roles", map[string]any{"member": "alice", "roles": []any{"admin"}}),
		"your own roles", "Only an owner")
	r40SetRoles(t, off, "2", `["owner"]`)
	mustContain(t, "remove_member", off.ok(t, "remove_member", map[string]any{"member": "alice"}), "That was you", "no longer have access")
}

// TestR40RolefixViewerIsNotOfferedResume: bob is a viewer (whoami and list_orgs say so). On a
// paused app list_instances and get_instance_logs tell him to `resume_app`, which his role can
// never do (the API answers 403 forbidden): a remedy impossible for that caller.
func TestR40RolefixViewerIsNotOfferedResume(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-bob", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	// Not paused: resume_app tells the viewer to restart it with create_deployment, which a
	// viewer cannot do either.
	if out := text(h.call(t, "resume_app", map[string]any{"app": "analytics-app"})); strings.Contains(out, "use `create_deployment") {
		t.Errorf("resume_app offers a viewer create_deployment:\n%s", out)
	}
	if err := h.emu.PauseSpicepod("acme", h.appID(t, "analytics-app"), true); err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"list_instances", "get_instance_logs"} {
		out := text(h.call(t, tool, map[string]any{"app": "analytics-app"}))
		t.Logf("%s: %s", tool, out)
		if strings.Contains(out, "resume it with `resume_app") {
			t.Errorf("%s tells a viewer to resume_app, which a viewer cannot do:\n%s", tool, out)
		}
		mustContain(t, tool, out, "ask the user to have a member, admin or owner")
	}
	// Refused by role before the API is asked (r41: TestR41RolesResumeByViewerIsRefusedByRole).
	res := h.call(t, "resume_app", map[string]any{"app": "analytics-app"})
	if !res.IsError || !strings.Contains(text(res), "was not run: your role") {
		t.Fatalf("a viewer's resume was not refused by role: %s", text(res))
	}
}

// TestR40RolefixViewerPauseAsksNobody: the member tools refuse what the caller's role cannot
// do before anyone is asked (README, Safety: "So is what the caller's role does not allow").
// pause_app does not: a viewer's pause asks the person to type the app's name, and only then
// the API answers 403 forbidden.
func TestR40RolefixViewerPauseAsksNobody(t *testing.T) {
	h, asked := viewerBobApprovingAnalytics(t)
	out := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	t.Log(out)
	if asked.Load() != 0 {
		t.Errorf("a viewer's pause asked a person %d time(s) before the API refused it", asked.Load())
	}
	mustContain(t, "pause_app refusal", out, "viewer", "member or higher", "nobody was asked")
	if n := h.emu.Calls(api.PauseProject.ID); n != 0 {
		t.Logf("%d pause requests reached the API", n)
	}
}

// viewerBobApprovingAnalytics serves the demo organization acme to bob, a viewer there, with a
// person who approves analytics-app when asked; asked counts the questions.
func viewerBobApprovingAnalytics(t *testing.T) (*harness, *atomic.Int32) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	asked := new(atomic.Int32)
	approve := &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
		Content: map[string]any{"name": "analytics-app"}}}
	return memberHarnessWith(t, cfg, "bob", asked, approve), asked
}

func memberHarnessWith(t *testing.T, cfg sandbox.Config, user string, asked *atomic.Int32, answer *mcp.ElicitationResult) *harness {
	t.Helper()
	return newHarness(t, harnessOptions{cfg: cfg, token: "tok-" + user, safety: tools.Safety{Confirm: tools.ConfirmHuman},
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			asked.Add(1)
			return answer, nil
		}})
}

// TestR40RolefixLogsWhileDeploymentRunsSayItRuns: right after resume_app (a deployment
// queued) list_instances says the deployment is still queued or in progress, but
// get_instance_logs says "it has not been deployed, or its deployments stopped": false, and
// it names no wait_for_deployment.
func TestR40RolefixLogsWhileDeploymentRunsSayItRuns(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-carol", safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	h.ok(t, "resume_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "list_instances", h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}), "queued or in progress")
	out := text(h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"}))
	t.Log(out)
	if strings.Contains(out, "has not been deployed, or its deployments stopped") || !strings.Contains(out, "wait_for_deployment") {
		t.Errorf("get_instance_logs misstates an app whose deployment is in flight:\n%s", out)
	}
}
