package mcpserver_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// instructionsHeadroom is what the instructions may cost with every tool offered, in o200k
// tokens: 20 under TestInstructions' budget of 450, so one more sentence still fits.
const instructionsHeadroom = 430

// TestInstructionsLeaveHeadroom: the instructions, in every confirmation mode with every tool
// offered, stay within instructionsHeadroom while still saying every fact they said at 450
// tokens: what "app" and "org" take, that scopes and roles hide tools, the workflows, the
// approvals, how secret values and API keys are handled, pausing, and results and paging.
func TestInstructionsLeaveHeadroom(t *testing.T) {
	facts := []string{
		`users may say projects`, `Tools acting on an existing app take "app": its name or numeric ID.`,
		`takes an optional "org"`, `list_orgs names yours`, `default SPICE_ORG`,
		`Tools denied by scopes or role your token shows are not listed even if named here (whoami names them); otherwise the API refuses them.`,
		`create_and_deploy_app creates it`, `stores secrets, deploys and waits`, `re-run it with the fix in its arguments`,
		`update_app, create_deployment, then wait_for_deployment (not get_deployment polling)`, `rollback_deployment undoes a deploy`,
		`describe_app (`, `get_deployment for one deployment's error code, whether a retry helps, its fix and failure logs`,
		`rotate_api_keys step "start", move every client to the new secondary key, then step "finish"`,
		`never ask the user to type one into the chat`, `out of band`, `Never repeat a value you were given.`,
		`with a storage warning: pass it on`, `Pausing is pause_app and resume_app, never deleting an app`, `runtime logs are get_instance_logs`,
		`tables as they are`, `keep app URLs (https://NAME.spice.ai)`, `Long lists are paged: each page names the call for the next.`,
	}
	for _, tc := range []struct {
		mode tools.ConfirmMode
		says []string
	}{
		{"", []string{"- A person approves: deleting or pausing an app", ". Nothing changes until then (the server asks): never answer in their place; if they decline, stop.",
			"storing a server file or variable as a secret"}},
		{tools.ConfirmAgent, []string{"in confirm: deleting or pausing an app", ". Pass it only for what the user asked for."}},
		{tools.ConfirmOff, nil},
	} {
		h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tc.mode}, local: &tools.LocalSources{Getenv: func(string) string { return "" }}})
		res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "instructions --confirm="+string(tc.mode), res.Instructions, append(facts, tc.says...)...)
		if n := tokens.Count(res.Instructions); n > instructionsHeadroom {
			t.Errorf("--confirm=%s: the instructions cost %d o200k tokens, over %d:\n%s", tc.mode, n, instructionsHeadroom, res.Instructions)
		}
	}
}
