package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/mark3labs/mcp-go/mcp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r49SpecauditAPICalls counts the requests that reached the emulator, every operation together.
func r49SpecauditAPICalls(emu *sandbox.Emulator) int {
	n := 0
	for _, op := range api.Operations {
		n += emu.Calls(op.ID)
	}
	return n
}

// TestR49SpecauditOrgArgumentFollowsTheCLIRule: on every tool that takes org, a name outside the
// X-Org-Name rule Spice's CLI follows ([A-Za-z0-9._-]{1,64}, api/README Observed) is refused
// before any request, naming org and the rule. The schema leaves the rule out (about 12 tokens
// on each tool, TestToolsTokenBudget): the refusal says it.
func TestR49SpecauditOrgArgumentFollowsTheCLIRule(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	withOrg := 0
	for _, tool := range h.listTools(t) {
		var s struct {
			Properties map[string]struct {
				Pattern string `json:"pattern"`
			} `json:"properties"`
		}
		raw, _ := json.Marshal(tool.InputSchema)
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if p, ok := s.Properties["org"]; ok {
			withOrg++
			if p.Pattern != "" {
				t.Errorf("%s: org pattern %q costs tokens on every tool; the refusal names the rule", tool.Name, p.Pattern)
			}
		}
	}
	if withOrg < 30 {
		t.Errorf("only %d tools take org", withOrg)
	}
	before := r49SpecauditAPICalls(h.emu)
	for _, org := range []string{"acmé-labs", "acme labs", "acme/labs", strings.Repeat("a", 65), "👨\u200d👩\u200d👧-team"} {
		for _, call := range []struct {
			tool string
			args map[string]any
		}{{"list_apps", nil}, {"get_app", map[string]any{"app": "analytics-app"}}, {"whoami", nil}} {
			args := map[string]any{"org": org}
			for k, v := range call.args {
				args[k] = v
			}
			mustContain(t, call.tool+" "+org, h.fail(t, call.tool, args), "org", "[A-Za-z0-9._-]{1,64}")
		}
	}
	if after := r49SpecauditAPICalls(h.emu); after != before {
		t.Errorf("%d requests reached the API with a bad org", after-before)
	}
	mustContain(t, "good org", h.ok(t, "list_apps", map[string]any{"org": "acme-labs"}), "nightly-etl")
}

// r49SpecauditOrgRefusedByRule checks that list_apps in org is refused by the handle rule
// before any request (tests that had a name outside it reach the API use this now).
func r49SpecauditOrgRefusedByRule(t *testing.T, h *harness, org string) {
	t.Helper()
	before := r49SpecauditAPICalls(h.emu)
	mustContain(t, "list_apps in "+org, h.fail(t, "list_apps", map[string]any{"org": org}), "org: ", rules.OrgNameRule)
	if r49SpecauditAPICalls(h.emu) != before {
		t.Errorf("list_apps in %+q: a request was sent", org)
	}
}

// TestR49SpecauditProjectWarningIsShownFirst: a project created "but its initial configuration
// could not be applied" (api/README §7.1 `warning`; the emulator's InitialConfigNotApplied)
// shows the API's warning before its details in create_app, get_app and describe_app, and
// create_and_deploy_app stops before deploying, saying why, instead of deploying a project
// whose settings are not the ones asked for.
func TestR49SpecauditProjectWarningIsShownFirst(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Owner: "alice", InitialConfigNotApplied: true}}}})
	const shown = "⚠️ Warning from the API: Project created, but its initial configuration could not be applied"
	first := func(what, out string) {
		t.Helper()
		i, details := strings.Index(out, shown), strings.Index(out, "- Region")
		if i < 0 || details >= 0 && details < i {
			t.Errorf("%s: the warning is not shown before the details:\n%s", what, out)
		}
	}
	first("create_app", h.ok(t, "create_app", map[string]any{"name": "half-made", "region": "us-east-1"}))
	first("get_app", h.ok(t, "get_app", map[string]any{"app": "half-made"}))
	first("describe_app", h.ok(t, "describe_app", map[string]any{"app": "half-made"}))

	pod := "version: v1\nkind: Spicepod\nname: half-deployed\n"
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "half-deployed", "region": "us-east-1", "spicepod": pod, "replicas": 2})
	out := everything(res)
	if !res.IsError || !strings.Contains(out, "initial configuration could not be applied") {
		t.Errorf("create_and_deploy_app went on as if nothing happened (error %v):\n%s", res.IsError, out)
	}
	if n := h.emu.Calls(api.CreateProjectDeployment.ID) + h.emu.Calls(api.CreateDeployment.ID); n != 0 {
		t.Errorf("create_and_deploy_app deployed a project created with a warning (%d deployments)", n)
	}
}

// TestR49SpecauditOrgResourceFollowsTheCLIRule: spice://orgs/{org}/… names the organization as
// the org argument does, so a handle outside [A-Za-z0-9._-]{1,64} is refused there too, naming
// the rule, before any request.
func TestR49SpecauditOrgResourceFollowsTheCLIRule(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := r49SpecauditAPICalls(h.emu)
	for _, org := range []string{"acm%C3%A9-labs", "acme%20labs", strings.Repeat("a", 65)} {
		var req mcp.ReadResourceRequest
		req.Params.URI = "spice://orgs/" + org + "/apps"
		res, err := h.mcp.ReadResource(context.Background(), req)
		got := fmt.Sprint(err)
		if err == nil {
			got = res.Contents[0].(mcp.TextResourceContents).Text
		}
		if !strings.Contains(got, rules.OrgNameRule) {
			t.Errorf("%s: %s", req.Params.URI, got)
		}
	}
	if after := r49SpecauditAPICalls(h.emu); after != before {
		t.Errorf("%d requests reached the API with a bad org", after-before)
	}
}
