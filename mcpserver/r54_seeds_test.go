package mcpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 54 audit of the seeds (000: Spice's agent skill; 001: its deployments guide; 002: the
// OpenAPI fragments of list and create deployment), rule by rule, through mcp-go's client over
// the emulator, with the inputs an agent might use to get around each rule. Seed texts quoted
// here are copied from them (nothing reads the seeds).

// r54SeedsCanary is a secret value that must never come back, in any result or log line: an
// OpenAI project key's shape.
const r54SeedsCanary = "sk-proj-R54seedsCanaryQx7aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"

// TestR54SeedsHealthNeedsNoToken: "All endpoints (except /v1/health) require a Bearer token"
// and "No authentication required" (000:8, 16): check_health answers ok with a token the API
// refuses, while another tool gets the 401.
func TestR54SeedsHealthNeedsNoToken(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "not-a-token"})
	out := h.ok(t, "check_health", nil)
	mustContain(t, "check_health", out, "is **ok**")
	mustContain(t, "list_apps", h.fail(t, "list_apps", nil), "401")
}

// TestR54SeedsAppNameRules: "name | string | Yes | Min 4 chars, alphanumeric + hyphens"
// (000:67): a name shorter, or with anything but ASCII letters, digits and hyphens (an
// underscore, a space, a dot, a fullwidth or accented letter, a name padded to 4 with spaces),
// is refused before any request, by create_app, create_and_deploy_app and fork_app alike.
func TestR54SeedsAppNameRules(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const pod = "version: v1\nkind: Spicepod\nname: x\n"
	for _, name := range []string{"abc", "my_app", "my app", "app.one", "ａｐｐ１", "appé1", " ab ", "ab\u200bc", "app/../x"} {
		for tool, args := range map[string]map[string]any{
			"create_app":            {"name": name},
			"create_and_deploy_app": {"name": name, "spicepod": pod},
			"fork_app":              {"app": "analytics-app", "name": name},
		} {
			res := h.call(t, tool, args)
			if !res.IsError || !strings.Contains(text(res), "nothing was sent") {
				t.Errorf("%s name %q: want a refusal before any request, got (isError %v):\n%s", tool, name, res.IsError, text(res))
			}
		}
	}
	if n := h.emu.Calls(api.CreateProject.ID) + h.emu.Calls(api.ForkProject.ID) + h.emu.Calls(api.CreateApp.ID); n != 0 {
		t.Errorf("%d create or fork requests reached the API", n)
	}
	mustContain(t, "four characters", h.fail(t, "create_app", map[string]any{"name": "abc"}), "at least 4 characters")
	h.ok(t, "create_app", map[string]any{"name": "sales-2024-eu"})
}

// TestR54SeedsRangesAndEnumsBeforeAnyRequest: visibility "public or private" (000:73), replicas
// "1-10" (000:86, 124; 001:240), list limit "max 100" and the five statuses (000:107-109,
// 001:36-50), key_number 0, 1 or 2 (000:183), the create-deployment channel (002): what lies
// outside is refused before any request, saying what is taken, whatever form it comes in.
func TestR54SeedsRangesAndEnumsBeforeAnyRequest(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	app := "analytics-app"
	for _, c := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"create_app", map[string]any{"name": "sales-app", "visibility": "internal"}, "public"},
		{"update_app", map[string]any{"app": app, "visibility": "internal"}, "private"},
		{"update_app", map[string]any{"app": app, "replicas": 0}, "between 1 and 10"},
		{"update_app", map[string]any{"app": app, "replicas": 11}, "between 1 and 10"},
		{"update_app", map[string]any{"app": app, "replicas": 2.5}, "replicas"},
		{"update_app", map[string]any{"app": app, "replicas": "3"}, "replicas"},
		{"create_deployment", map[string]any{"app": app, "replicas": 11}, "between 1 and 10"},
		{"create_deployment", map[string]any{"app": app, "replicas": -1}, "between 1 and 10"},
		{"create_deployment", map[string]any{"app": app, "channel": "beta"}, "must be one of stable, preview, nightly, internal; got 'beta'"},
		{"create_and_deploy_app", map[string]any{"name": "sales-app", "spicepod": "version: v1\nkind: Spicepod\nname: x\n", "replicas": 11}, "between 1 and 10"},
		{"list_deployments", map[string]any{"app": app, "limit": 0}, "between 1 and 100"},
		{"list_deployments", map[string]any{"app": app, "limit": 1000}, "between 1 and 100"},
		{"list_deployments", map[string]any{"app": app, "status": "running"}, "in_progress"},
		{"list_deployments", map[string]any{"app": app, "status": "in-progress"}, "in_progress"},
		{"regenerate_api_key", map[string]any{"app": app, "key_number": 3}, "2 (secondary), 1 (primary) or 0 (both); got 3"},
		{"regenerate_api_key", map[string]any{"app": app, "key_number": -1}, "2 (secondary), 1 (primary) or 0 (both); got -1"},
		{"regenerate_api_key", map[string]any{"app": app, "key_number": "2"}, "key_number"},
	} {
		res := h.call(t, c.tool, c.args)
		refused := strings.Contains(text(res), "nothing was sent") || strings.HasPrefix(text(res), "Invalid arguments, nothing was sent: "+c.want+": expected")
		if !res.IsError || !refused || !strings.Contains(text(res), c.want) {
			t.Errorf("%s %v: want a refusal before any request naming %q, got (isError %v):\n%s", c.tool, c.args, c.want, res.IsError, text(res))
		}
	}
	for _, op := range []*api.Operation{api.CreateProject, api.UpdateProject, api.CreateProjectDeployment, api.RegenerateProjectAPIKey} {
		if n := h.emu.Calls(op.ID); n != 0 {
			t.Errorf("%d %s requests reached the API", n, op.ID)
		}
	}
	// A status in another case is either refused or lists only that status.
	res := h.call(t, "list_deployments", map[string]any{"app": app, "status": "SUCCEEDED"})
	t.Logf("status SUCCEEDED (isError %v):\n%s", res.IsError, text(res))
	if !res.IsError && (strings.Contains(text(res), "failed") || !strings.Contains(text(res), "succeeded")) {
		t.Errorf("status SUCCEEDED listed other statuses:\n%s", text(res))
	}
}

// TestR54SeedsSecretValuesNeverShown: "Values are always masked", "Never display secret values
// — confirm creation/update only" and "Upsert operation — creates if new, updates if exists"
// (000:135, 155, 296). The value never comes back — not when the call is refused (a bad name, an
// unknown app, the name and value swapped so the value stands in name), not from the reads, the
// workflow or the logs — and a second set says the secret was updated.
func TestR54SeedsSecretValuesNeverShown(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var all []string
	see := func(res *mcp.CallToolResult) string {
		all = append(all, everything(res))
		return text(res)
	}
	created := see(h.call(t, "set_secret", map[string]any{"app": "docs-search", "name": "OPENAI_API_KEY", "value": r54SeedsCanary}))
	mustContain(t, "first set", created, "`OPENAI_API_KEY` created", "value never shown")
	updated := see(h.call(t, "set_secret", map[string]any{"app": "docs-search", "name": "OPENAI_API_KEY", "value": r54SeedsCanary + "2"}))
	mustContain(t, "second set", updated, "updated")
	if strings.Contains(updated, "created") {
		t.Errorf("the second set of the same name says created:\n%s", updated)
	}
	if v, _ := h.emu.SecretValue("sandbox", h.appID(t, "docs-search"), "OPENAI_API_KEY"); v != r54SeedsCanary+"2" {
		t.Errorf("the second set did not update the value")
	}
	for _, args := range []map[string]any{
		{"app": "docs-search", "name": "OPENAI-API-KEY", "value": r54SeedsCanary},
		{"app": "docs-search", "name": r54SeedsCanary, "value": "OPENAI_API_KEY"},
		{"app": "docs-search", "name": "9" + r54SeedsCanary, "value": "x"},
		{"app": "no-such-app", "name": "OPENAI_API_KEY", "value": r54SeedsCanary},
	} {
		res := h.call(t, "set_secret", args)
		see(res)
		if !res.IsError {
			t.Errorf("set_secret %v: want a refusal, got:\n%s", args["name"], text(res))
		}
	}
	swapped := see(h.call(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{"PG-PASS": r54SeedsCanary, r54SeedsCanary: "PG_PASS"}}))
	mustContain(t, "create_and_deploy_app, name and value swapped", swapped, "PG-PASS: can only contain", "masked: it looks like a credential")
	empty := see(h.call(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{r54SeedsCanary: ""}}))
	t.Logf("create_and_deploy_app, a credential as a name with an empty value:\n%s", empty)
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_secret", map[string]any{"app": "docs-search", "name": "OPENAI_API_KEY"}},
		{"list_secrets", map[string]any{"app": "docs-search"}},
		{"describe_app", map[string]any{"app": "docs-search"}},
		{"get_app", map[string]any{"app": "docs-search"}},
	} {
		see(h.call(t, c.tool, c.args))
	}
	for i, s := range all {
		if strings.Contains(s, "R54seedsCanary") {
			t.Errorf("result %d shows the secret value:\n%s", i, s)
		}
	}
	if strings.Contains(h.logs.String(), "R54seedsCanary") {
		t.Errorf("the logs show the secret value")
	}
}

// TestR54SeedsKeysAlwaysWithTheWarning: "Show API keys with a warning about secure storage"
// (000:297) and key_number 0 replacing both (000:183): every result that shows a key, whichever
// tool shows it, carries the warning.
func TestR54SeedsKeysAlwaysWithTheWarning(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	both := h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0})
	p, s := emulatorKeys(t, h)
	mustContain(t, "key_number 0", both, "**both**", p, s, present.KeyWarning)
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"get_api_keys", map[string]any{"app": "analytics-app"}},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1}},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"create_app", map[string]any{"name": "sales-app"}},
		{"create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
			"secrets": map[string]any{"PG_PASS": "x"}}},
	}
	for _, c := range calls {
		res := h.call(t, c.tool, c.args)
		out := text(res)
		var keys []string
		for _, name := range []string{"analytics-app", "sales-app", "sales-analytics"} {
			if id, ok := r54AppID(t, h, name); ok {
				for n := 1; n <= 2; n++ {
					if k, ok := h.emu.APIKey("sandbox", id, n); ok {
						keys = append(keys, k)
					}
				}
			}
		}
		for _, k := range keys {
			if strings.Contains(everything(res), k) && !strings.Contains(out, present.KeyWarning) {
				t.Errorf("%s %v shows an API key without the storage warning:\n%s", c.tool, c.args, out)
				break
			}
		}
	}
}

// r54AppID is the ID of the app named name in the sandbox organization, if there is one.
func r54AppID(t *testing.T, h *harness, name string) (int64, bool) {
	t.Helper()
	var out struct {
		Apps []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"apps"`
	}
	structured(t, h.call(t, "list_apps", nil), &out)
	for _, a := range out.Apps {
		if a.Name == name {
			return a.ID, true
		}
	}
	return 0, false
}

// TestR54SeedsAppIDsNamesAndURLs: "Show app IDs and names in a table for list operations" and
// "Include the app URL format: https://<app-name>.spice.ai" (000:294, 298-299), for each result
// about one app or many.
func TestR54SeedsAppIDsNamesAndURLs(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	list := h.ok(t, "list_apps", nil)
	mustContain(t, "list_apps", list, "| ID | Name |", "| 101 | analytics-app |", "https://analytics-app.spice.ai", "https://docs-search.spice.ai")
	for _, tool := range []string{"get_app", "describe_app"} {
		mustContain(t, tool, h.ok(t, tool, map[string]any{"app": "docs-search"}), "docs-search", "102", "https://docs-search.spice.ai")
	}
	created := h.ok(t, "create_app", map[string]any{"name": "Sales-EU"})
	t.Logf("create_app Sales-EU:\n%s", created)
	if !strings.Contains(created, "https://Sales-EU.spice.ai") && !strings.Contains(created, "https://sales-eu.spice.ai") {
		t.Errorf("create_app shows no URL of the form https://<app-name>.spice.ai:\n%s", created)
	}
	forks := h.ok(t, "list_apps", map[string]any{"org": "acme-labs"})
	mustContain(t, "list_apps acme-labs", forks, "| ID | Name |")
}

// TestR54SeedsScopesOfDeletes: "Delete app ... apps:delete" and "Remove member ...
// members:delete" (000:53, 210; 403 "Token lacks required scope; check scope column", 000:306):
// a token with the write scope but not the delete one is told the delete scope it lacks.
func TestR54SeedsScopesOfDeletes(t *testing.T) {
	h := newHarness(t, harnessOptions{token: "writer", safety: tools.Safety{Confirm: tools.ConfirmOff}, cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "writer", Org: "sandbox", Scopes: []string{"apps:read", "apps:write", "members:read", "members:write"}}}}})
	mustContain(t, "delete_app", h.fail(t, "delete_app", map[string]any{"app": "docs-search"}), "403", "Required: apps:delete", "Ask the user to issue a token with apps:delete")
	mustContain(t, "remove_member", h.fail(t, "remove_member", map[string]any{"member": "bob"}), "403", "Required: members:delete", "Ask the user to issue a token with members:delete")
	if _, ok := r54AppID(t, h, "docs-search"); !ok {
		t.Error("docs-search was deleted")
	}
}

// TestR54SeedsOwnerIsNeverRemoved: "Cannot remove the organization owner (403)" (000:220),
// however the owner is named (another case, the user ID, id:N), nobody is asked
// and nothing is sent; "User must have signed in to Spice.ai at least once. Returns 404 if user
// not found" (000:216) says so.
func TestR54SeedsOwnerIsNeverRemoved(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: r50SeedsApprover("alice", &mu, &asked)})
	for _, who := range []any{"ALICE", "1", 1, "id:1", "Alice"} {
		res := h.call(t, "remove_member", map[string]any{"member": who})
		if !res.IsError || !strings.Contains(text(res), "owner") {
			t.Errorf("remove_member %v: want the owner refused, got (isError %v):\n%s", who, res.IsError, text(res))
		}
	}
	mu.Lock()
	n := len(asked)
	mu.Unlock()
	if n != 0 || h.emu.Calls(api.RemoveMember.ID) != 0 {
		t.Errorf("asked %d times, %d removals sent", n, h.emu.Calls(api.RemoveMember.ID))
	}
	mustContain(t, "add_member ghost", h.fail(t, "add_member", map[string]any{"username": "ghost"}), "404", "sign in to Spice.ai once")
}

// TestR54SeedsRegionCnameCreatesTheApp: "Use the cname value when creating apps" (000:18): the
// cname list_regions shows is accepted by create_app and places the app in that region.
func TestR54SeedsRegionCnameCreatesTheApp(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var regions struct {
		Regions []struct {
			Region string `json:"region"`
			Cname  string `json:"cname"`
		} `json:"regions"`
	}
	res := h.call(t, "list_regions", nil)
	t.Logf("list_regions:\n%s", text(res))
	structured(t, res, &regions)
	if len(regions.Regions) == 0 {
		t.Fatal("no regions")
	}
	for i, r := range regions.Regions {
		if r.Cname == "" {
			t.Fatalf("region %q has no cname", r.Region)
		}
		if !strings.Contains(text(res), r.Cname) {
			t.Errorf("list_regions does not show the cname %q", r.Cname)
		}
		name := "cname-app-" + string(rune('a'+i))
		out := h.ok(t, "create_app", map[string]any{"name": name, "cname": r.Cname})
		mustContain(t, "create_app cname "+r.Cname, out, "- Region: "+r.Region)
	}
}

// TestR54SeedsImageTagFromTheList: "Use the tag value in app image_tag configuration or
// deployment requests" (000:237): a tag list_container_images shows deploys where pinning is
// allowed (Enterprise), and elsewhere the refusal says why.
func TestR54SeedsImageTagFromTheList(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var images struct {
		Images []struct {
			Tag string `json:"tag"`
		} `json:"images"`
	}
	res := h.call(t, "list_container_images", map[string]any{"org": "acme-labs"})
	structured(t, res, &images)
	if len(images.Images) == 0 {
		t.Fatalf("no images:\n%s", text(res))
	}
	tag := images.Images[0].Tag
	h.ok(t, "wait_for_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	out := h.ok(t, "create_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "image_tag": tag})
	mustContain(t, "create_deployment image_tag", out, "- Image tag: "+tag)
	plain := h.call(t, "create_deployment", map[string]any{"app": "analytics-app", "image_tag": tag})
	t.Logf("create_deployment image_tag %s outside Enterprise (isError %v):\n%s", tag, plain.IsError, text(plain))
	if plain.IsError {
		mustContain(t, "refusal", text(plain), "Enterprise")
	}
}

// TestR54SeedsNoSpicepodNamesTheFix: "App has no spicepod configuration" — "Update app with a
// spicepod using PUT /v1/apps/{appId}" (001:312-316; 002: 400 "app has no spicepod
// configuration"): the refusal names the tool that sets it, update_app; where update_app is
// hidden, it is not offered as usable.
func TestR54SeedsNoSpicepodNamesTheFix(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.fail(t, "create_deployment", map[string]any{"app": "docs-search"})
	mustContain(t, "create_deployment", out, "400", "App has no spicepod configuration", "update_app", "spicepod")
	hidden := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"update_app"}}})
	got := hidden.fail(t, "create_deployment", map[string]any{"app": "docs-search"})
	t.Logf("update_app hidden:\n%s", got)
	if strings.Contains(got, "with update_app") && !strings.Contains(got, "not available") {
		t.Errorf("the refusal offers update_app, which is hidden:\n%s", got)
	}
}

// TestR54SeedsDeploymentNeedsNoArguments: "All fields are optional. If not provided, the app's
// current configuration is used" and "Returns 202 with status queued" with "Poll the
// deployment status using the returned id" (001:222, 268; 000:133): a bare create_deployment
// queues one with the app's replicas and names the call that follows that very ID.
func TestR54SeedsDeploymentNeedsNoArguments(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "create_deployment", out, "Deployment 1008 of analytics-app (101): **⏳ queued**", "- Replicas: 2",
		`wait_for_deployment {"app":"analytics-app","deployment_id":1008}`)
}

// TestR54SeedsInvalidSpicepodNamesTheFix: "Invalid spicepod configuration" — "Spicepod YAML/JSON
// is malformed" — "Validate the spicepod syntax" (001:336-340). update_app refuses such a
// spicepod before sending it (TestUpdateAppRefusesASpicepodThatCannotDeploy); one stored by
// another client (the portal, a script) is refused by the API when deployed, and the refusal
// names the tool that replaces it, update_app.
func TestR54SeedsInvalidSpicepodNamesTheFix(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	id := h.appID(t, "docs-search")
	body := `{"spicepod":{"datasets":[{"name":"t","from":"postgres:t"}]}}`
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/v1/projects/%d", h.api.URL, id), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("storing the spicepod by hand: %d", resp.StatusCode)
	}
	out := h.fail(t, "create_deployment", map[string]any{"app": "docs-search"})
	mustContain(t, "create_deployment", out, "400", "Invalid spicepod configuration", "update_app", "version, kind and name")
}

// TestR54SeedsWorkflowWithoutSecretsScope: the create-and-deploy workflow (000:239-260) with a
// token that may create and deploy apps but not write secrets (000:146 "secrets:write"): the
// error names the scope it lacks, and says what was done before it.
func TestR54SeedsWorkflowWithoutSecretsScope(t *testing.T) {
	h := newHarness(t, harnessOptions{token: "no-secrets", cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "no-secrets", Org: "sandbox", Scopes: []string{"apps:read", "apps:write", "deployments:read", "deployments:write", "secrets:read"}}}}})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "sales-analytics", "spicepod": r50SeedsPostgresPod,
		"secrets": map[string]any{"PG_PASS": r54SeedsCanary}})
	out := text(res)
	t.Logf("create_and_deploy_app (isError %v):\n%s", res.IsError, out)
	if !res.IsError {
		t.Fatal("want an error")
	}
	mustContain(t, "create_and_deploy_app", out, "| secret PG_PASS | failed |", "Required: secrets:write", "Ask the user to issue a token with secrets:write",
		"This run changed: created sales-analytics (105); set spicepod.", "call create_and_deploy_app again with the same arguments")
	if strings.Contains(everything(res), "R54seedsCanary") {
		t.Error("the secret value came back")
	}
}
