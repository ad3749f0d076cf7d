package mcpserver_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// numberedOrgs are sandbox (ID 1) and org130, whose ID is 131: a handle and an ID that differ.
func numberedOrgs() []sandbox.Org {
	return []sandbox.Org{{ID: 1, Slug: "sandbox", Owner: "alice"}, {ID: 131, Slug: "org130", Owner: "alice"}}
}

// TestListOrgsActingOrgIsTheOneCallsActIn: with SPICE_ORG=131 every list_orgs page said "Without
// one, tools act in org130" (whose ID is 131), while list_apps {} was refused: SPICE_ORG is sent
// as X-Org-Name, which the API matches by name. Digits there name no organization now; a token
// that carries its organization by ID (org_id), sent without X-Org-Name, is still matched by ID,
// and whoami finds the caller a member there.
func TestListOrgsActingOrgIsTheOneCallsActIn(t *testing.T) {
	h := newHarness(t, harnessOptions{org: "131", cfg: sandbox.Config{Orgs: numberedOrgs()}})
	out := h.ok(t, "list_orgs", map[string]any{})
	if strings.Contains(out, "tools act in") {
		t.Errorf("SPICE_ORG=131: list_orgs names an organization calls act in:\n%s", out)
	}
	mustContain(t, "list_apps with SPICE_ORG=131", h.fail(t, "list_apps", map[string]any{}), "org_forbidden")
	mustContain(t, "whoami with SPICE_ORG=131", h.ok(t, "whoami", map[string]any{}), "not a member of organization 131")

	// A name, in any case, is the organization calls act in.
	named := newHarness(t, harnessOptions{org: "ORG130", cfg: sandbox.Config{Orgs: numberedOrgs()}})
	mustContain(t, "SPICE_ORG=ORG130", named.ok(t, "list_orgs", map[string]any{}), "Without one, tools act in org130.")
	named.ok(t, "list_apps", map[string]any{})

	// A token that names its organization by ID only, and no SPICE_ORG.
	enc := base64.RawURLEncoding
	jwt := enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + enc.EncodeToString([]byte(`{"sub":"alice","org_id":131,"scopes":["*"]}`)) + ".sig"
	byID := newHarness(t, harnessOptions{token: jwt, cfg: sandbox.Config{Orgs: numberedOrgs(),
		Tokens: []sandbox.Token{{Value: jwt, Org: "org130", Scopes: []string{"*"}}}}})
	mustContain(t, "token org_id 131", byID.ok(t, "list_orgs", map[string]any{}), "Without one, tools act in org130.")
	who := byID.ok(t, "whoami", map[string]any{})
	mustContain(t, "whoami, token org_id 131", who, "- Organization: 131 (the token's own), role: owner")
	if strings.Contains(who, "not a member") {
		t.Errorf("whoami, token org_id 131: calls the caller no member:\n%s", who)
	}
}

// TestDeployRefusalsNameOnlyUsableTools: create_and_deploy_app's refusal of an app it did not
// create named update_app and create_deployment under --toolsets workflows, where both answer
// "not available"; its refusal of a re-run in another region named them and fork_app. Each
// names only the tools the caller can use now, and follows the usable ones as written.
func TestDeployRefusalsNameOnlyUsableTools(t *testing.T) {
	pod := "version: v1\nkind: Spicepod\nname: x\n"
	wf := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Toolsets: []string{"workflows"}}})
	out := wf.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": pod})
	mustContain(t, "--toolsets workflows, existing app", out, `An app named "analytics-app" already exists and was not created by create_and_deploy_app
What to do: Choose another name`)
	wf.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": pod, "region": "us-east-1", "wait": false})
	region := wf.fail(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": pod, "region": "us-west-2", "wait": false,
		"tags": map[string]any{"team": "b"}})
	mustContain(t, "--toolsets workflows, other region", region, "is in region us-east-1, not us-west-2: pass region us-east-1 or leave region out",
		"differs in tags: leave tags out to keep the app's. The app's: created-by=spice-cloud-mcp; given: created-by=spice-cloud-mcp, team=b")
	for _, tool := range []string{"update_app", "create_deployment", "fork_app"} {
		if strings.Contains(out+region, tool) {
			t.Errorf("--toolsets workflows: a refusal names %s, which is not available:\n%s\n%s", tool, out, region)
		}
	}

	// Without create_deployment: no move, but fork_app (usable) is named and works as written.
	// (--tools without it: --exclude-tools create_deployment hides create_and_deploy_app too.)
	nodeploy := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		policy: tools.Policy{Tools: slices.DeleteFunc(tools.Names(), func(n string) bool { return n == "create_deployment" })}})
	mustContain(t, "without create_deployment, existing app",
		nodeploy.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": pod}), "What to do: Choose another name, then")
	nodeploy.ok(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": pod, "region": "us-east-1", "wait": false})
	region = nodeploy.fail(t, "create_and_deploy_app", map[string]any{"name": "regapp", "spicepod": pod, "region": "us-west-2", "wait": false})
	mustContain(t, "without create_deployment, other region", region,
		"pass region us-east-1 or leave region out; to have it in us-west-2, make a copy there with fork_app (region us-west-2)")
	if strings.Contains(region, "update_app") || strings.Contains(region, "create_deployment") {
		t.Errorf("without create_deployment: the refusal names a way through it:\n%s", region)
	}
	nodeploy.ok(t, "fork_app", map[string]any{"app": "regapp", "name": "regapp-west", "region": "us-west-2"})

	// Every tool available: all of them, as before.
	all := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "all tools, existing app", all.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": pod}),
		"Choose another name (or deploy that app with update_app and create_deployment)")
}

// TestWhoamiQuotesLongOrgNamesShort: whoami named five organizations with handles of about
// 3,000 characters whole, was cut at about 11,750 bytes and lost its Read-only, approval,
// secret-values and API-key lines. It quotes a long name as its start and end with its length,
// points at list_orgs for the full names, and keeps every safety line.
func TestWhoamiQuotesLongOrgNamesShort(t *testing.T) {
	var orgs []sandbox.Org
	for i := range 6 {
		orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("o%d-%s-end%d", i, strings.Repeat("x", 3000), i), Owner: "alice"})
	}
	for _, n := range []int{5, 6} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: orgs[:n]}})
		for _, args := range []map[string]any{nil, {"org": "nonmember"}} { // r49: no org argument over 64 characters
			what := fmt.Sprintf("%d organizations, whoami %.40v", n, args)
			res := h.call(t, "whoami", args)
			withinBudget(t, what, res)
			out := text(res)
			if strings.Contains(out, "⚠️ Cut") || len(out) > 6000 {
				t.Fatalf("%s: %d bytes, or cut:\n%s", what, len(out), out)
			}
			mustContain(t, what, out, "o0-xxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxx-end0 (3,008 characters)",
				"- API:", "- Read-only:", "- Approval of", "- Secret values:", "- API keys in results:", "- Toolsets:")
			switch n {
			case 5:
				mustContain(t, what, out, "(`list_orgs {}` gives their full names)")
			case 6:
				mustContain(t, what, out, "and 1 more (`list_orgs {}` pages through them all)")
			}
			if strings.Count(out, "list_orgs") != 1 {
				t.Errorf("%s: names list_orgs %d times:\n%s", what, strings.Count(out, "list_orgs"), out)
			}
		}
	}
}
