package mcpserver_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// create_and_deploy_app run again after a run that failed part-way: it deploys the
// configuration in place unless a deployment can be shown to carry it.

type markedDeployment struct {
	ID            int64  `json:"id"`
	Status        string `json:"status"`
	Replicas      int    `json:"replicas"`
	CommitMessage string `json:"commit_message"`
}

func markedDeployments(t *testing.T, h *harness, id int64) []markedDeployment {
	t.Helper()
	var list struct {
		Deployments []markedDeployment `json:"deployments"`
	}
	emuGet(t, h, "/v1/projects/"+itoa(id)+"/deployments", &list)
	return list.Deployments
}

// TestRerunDeploysTheConfigurationInPlace: a re-run that finds its configuration already in
// place (an earlier run set it, then failed before or while deploying) deploys it, unless the
// newest deployment is one this workflow started with that configuration. A deployment another
// call started is never followed as "from an earlier run", and never makes the app "live with
// this configuration".
func TestRerunDeploysTheConfigurationInPlace(t *testing.T) {
	for _, tc := range []struct {
		name string
		// prepare runs after a first successful run of pod (replicas unset): it leaves the app
		// with replicas 3 set and not deployed by the workflow.
		prepare func(t *testing.T, h *harness, args map[string]any)
		want    []string
		// lost: the earlier run's deployment request was applied and its answer lost, so the
		// re-run may follow that deployment (the workflow's own, of this configuration).
		lost bool
	}{
		{"another call's deployment in flight", func(t *testing.T, h *harness, args map[string]any) {
			h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1002, replicas 1
			args["replicas"], args["timeout_seconds"] = 3, 1
			out := text(h.call(t, "create_and_deploy_app", args))
			mustContain(t, "timed out", out, "set replicas 3")
		}, []string{"earlier deployment 1002 (not of this configuration) ended", "deployment 1003 queued"}, false},
		{"deploy refused", func(t *testing.T, h *harness, args map[string]any) {
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 422})
			args["replicas"] = 3
			out := text(h.call(t, "create_and_deploy_app", args))
			mustContain(t, "refused deploy", out, "set replicas 3", "422")
		}, []string{"deployment 1002 queued"}, false},
		{"deploy answer lost", func(t *testing.T, h *harness, args map[string]any) {
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true})
			args["replicas"] = 3
			h.call(t, "create_and_deploy_app", args)
		}, []string{"| deploy | deployment 1002 was already", "(from an earlier run); following it"}, true},
		{"changed by update_app", func(t *testing.T, h *harness, args map[string]any) {
			h.ok(t, "update_app", map[string]any{"app": "shop", "replicas": 3})
			args["replicas"] = 3
		}, []string{"deployment 1002 queued"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
			args := map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"}
			h.ok(t, "create_and_deploy_app", args)
			tc.prepare(t, h, args)
			args["timeout_seconds"] = 600
			res := h.call(t, "create_and_deploy_app", args)
			out := text(res)
			if res.IsError {
				t.Fatalf("re-run failed:\n%s", out)
			}
			mustContain(t, "re-run", out, append(tc.want, "| configure | already spicepod, replicas 3 as given; nothing sent |", "Replicas: 3", "| wait | succeeded")...)
			for _, wrong := range []string{"none started", "(from an earlier run); following it"} {
				if strings.Contains(out, wrong) && !tc.lost {
					t.Errorf("re-run says %q:\n%s", wrong, out)
				}
			}
			deps := markedDeployments(t, h, h.appID(t, "shop"))
			if deps[0].Replicas != 3 || deps[0].Status != "succeeded" {
				t.Errorf("newest deployment %+v, want replicas 3 succeeded", deps[0])
			}
			// The same call once more: the workflow's own deployment carries it, so none is started.
			n := len(deps)
			mustContain(t, "settled", h.ok(t, "create_and_deploy_app", args),
				"none started: this run changed nothing and deployment "+itoa(deps[0].ID)+" (this configuration, from an earlier run) succeeded")
			if got := len(markedDeployments(t, h, h.appID(t, "shop"))); got != n {
				t.Errorf("deployments %d → %d", n, got)
			}
		})
	}
}

// TestRerunAfterATerminalFailure: a re-run whose configuration and secrets are those of the
// newest deployment, which failed for a reason deploying again unchanged cannot fix, starts
// none and says what to fix; a retriable failure, or a secret set since, is deployed again.
func TestRerunAfterATerminalFailure(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	args := map[string]any{"name": "term", "spicepod": pod, "secrets": map[string]any{"PG_PASS": "first-value-1"}}
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "failed", h.ok(t, "create_and_deploy_app", args), "`unable_to_start` — not retriable")
	id := h.appID(t, "term")

	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	if !res.IsError {
		t.Errorf("a re-run that deploys nothing reads as a success:\n%s", out)
	}
	mustContain(t, "unchanged re-run", out, "No deployment was started: deployment 1001 already ran exactly this configuration",
		"none started: deployment 1001 of this configuration failed (unable_to_start)", "What to do: the runtime failed to start")
	if n := h.emu.DeploymentCount("sandbox", id); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}

	// A secret set since: deployed again (and it fails retriably this time).
	h.ok(t, "set_secret", map[string]any{"app": "term", "name": "PG_PASS", "value": "fixed-value-2"})
	if err := h.emu.FailNextDeployment("insufficient_cpu"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "secret changed", h.ok(t, "create_and_deploy_app", args), "deployment 1002 queued", "`insufficient_cpu` — retriable")
	// A retriable failure: deployed again.
	mustContain(t, "retriable", h.ok(t, "create_and_deploy_app", args), "deployment 1003 queued", "| wait | succeeded")
	if n := h.emu.DeploymentCount("sandbox", id); n != 3 {
		t.Errorf("deployments = %d, want 3", n)
	}
}

// TestCreateAndDeployChecksSecretScopesForReferences: a spicepod that references secrets needs
// the app's secrets listed and the missing ones stored, so a token without those scopes is
// refused before any request, even when the call gives no secrets.
func TestCreateAndDeployChecksSecretScopesForReferences(t *testing.T) {
	tool, _ := tools.ByName("create_and_deploy_app")
	h := scopedHarness(t, tool.Scopes())
	before := upstreamCalls(h)
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	out := h.fail(t, tool.Name, map[string]any{"name": "refs-app", "spicepod": pod})
	mustContain(t, "refusal", out, "secrets:write", "Nothing was changed")
	for op, n := range upstreamCalls(h) {
		if n != before[op] {
			t.Errorf("%s reached the API", op.ID)
		}
	}
	need := tool.ScopesFor(map[string]any{"name": "refs-app", "spicepod": pod})
	if !slices.Contains(need, "secrets:write") { // which covers secrets:read
		t.Errorf("scopes for a spicepod with secret references %v lack secrets:write", need)
	}
}

// TestCreateAndDeployCheckFailureSaysNothingChanged: a failed request during the checks (an
// API error, no credentials) says nothing was changed, not that finished steps are reused.
func TestCreateAndDeployCheckFailureSaysNothingChanged(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListRegions.ID, Status: 500, Times: -1})
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "chk-app", "spicepod": podA})
	mustContain(t, "check failure", out, "| check inputs | failed |", "500", "Nothing was changed: the checks stopped before the first change")
	if strings.Contains(out, "Nothing is lost") || strings.Contains(out, "finished steps are reused") {
		t.Errorf("a failure before any change offers reused steps:\n%s", out)
	}
	if n := h.emu.AppCount("sandbox"); n != 0 {
		t.Errorf("apps = %d", n)
	}
}
