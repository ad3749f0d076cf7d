package mcpserver_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// rivalRevivesWith is rivalRevives (a concurrent create of rival, JSON, just before the call's
// own) with a client that declares URL-mode elicitation and answers it with elicit.
func rivalRevivesWith(t *testing.T, rival string, elicit elicitFunc) *harness {
	return rivalBefore(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		protocol: "modern", capabilities: urlCapable, elicit: elicit}, rival, false)
}

// podWithTwoSecrets references both secrets the demo app analytics-app has.
const podWithTwoSecrets = "version: v1\nkind: Spicepod\nname: podv1\ndatasets:\n  - from: postgres:public.t\n    name: t\n    params:\n" +
	"      pg_pass: ${secrets:PG_PASS}\n      key: ${secrets:OPENAI_API_KEY}\n"

// TestR33RevivedCountsRestoredSecrets: the deleted app analytics-app comes back with its
// secrets PG_PASS and OPENAI_API_KEY when create_and_deploy_app creates it again: revived by a
// concurrent run between the check and the create (adopted after a 409), by the call's own
// create whose answer is lost (adopted after a 503), or by its own answered create. The call
// gives PG_PASS only; its spicepod references both. In each case the restored OPENAI_API_KEY
// counts as set: nobody is asked for it, no page is opened, the check row no longer names it to
// enter, PG_PASS is written over its restored value, OPENAI_API_KEY keeps its own, and the run
// deploys. (Round 33 suspected the adopted paths asked again; they list the app's secrets.)
func TestR33RevivedCountsRestoredSecrets(t *testing.T) {
	for _, tc := range []struct {
		name    string
		harness func(t *testing.T, elicit elicitFunc) *harness
		created string // the create row
	}{
		{name: "revived by a rival", created: "| create app | found analytics-app (101), ",
			harness: func(t *testing.T, elicit elicitFunc) *harness {
				return rivalRevivesWith(t, `{"name":"analytics-app","description":"mine","region":"us-east-1",`+
					`"tags":{"created-by":"spice-cloud-mcp","team":"mine"}}`, elicit)
			}},
		{name: "revived by the call's lost create", created: "| create app | found analytics-app (101), ",
			harness: func(t *testing.T, elicit elicitFunc) *harness {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
					protocol: "modern", capabilities: urlCapable, elicit: elicit})
				h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 503, AfterApply: true})
				return h
			}},
		{name: "revived by the call's create", created: "| create app | reactivated",
			harness: func(t *testing.T, elicit elicitFunc) *harness {
				return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
					protocol: "modern", capabilities: urlCapable, elicit: elicit})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked atomic.Int64
			h := tc.harness(t, func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				asked.Add(1)
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
			})
			id := h.appID(t, "analytics-app")
			openai, _ := h.emu.SecretValue("sandbox", id, "OPENAI_API_KEY")
			deployments := h.emu.DeploymentCount("sandbox", id)
			h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})

			res := h.call(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": podWithTwoSecrets, "wait": false,
				"secrets": map[string]any{"PG_PASS": "example-value"}, "description": "mine", "tags": map[string]any{"team": "mine"}})
			out := text(res)
			if res.IsError {
				t.Fatalf("deploying the revived app failed:\n%s", out)
			}
			mustContain(t, "revived", out, tc.created,
				"| secret PG_PASS | stored (value never shown) |",
				"| secret OPENAI_API_KEY | restored with the reactivated app; not asked for",
				"| deploy | deployment ")
			for _, claim := range []string{"Not deployed yet", "secrets that are not set", "entered on the page", "referenced but not set"} {
				if strings.Contains(out, claim) {
					t.Errorf("run says %q:\n%s", claim, out)
				}
			}
			if n := asked.Load(); n != 0 {
				t.Errorf("the person was asked %d time(s) for a secret the revived app has", n)
			}
			if got := h.appID(t, "analytics-app"); got != id {
				t.Fatalf("revived app has ID %d, want %d", got, id)
			}
			if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != "example-value" {
				t.Error("the given secret PG_PASS was not written over the restored value")
			}
			if v, _ := h.emu.SecretValue("sandbox", id, "OPENAI_API_KEY"); v != openai {
				t.Error("the restored OPENAI_API_KEY lost its value")
			}
			if n := h.emu.DeploymentCount("sandbox", id); n != deployments+1 {
				t.Errorf("deployments: %d, want %d", n, deployments+1)
			}
		})
	}
}
