package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// readResource reads uri and returns its text.
func readResource(t *testing.T, h *harness, uri string) string {
	t.Helper()
	var req mcp.ReadResourceRequest
	req.Params.URI = uri
	res, err := h.mcp.ReadResource(context.Background(), req)
	if err != nil {
		t.Fatalf("resources/read %s: %v", uri, err)
	}
	return res.Contents[0].(mcp.TextResourceContents).Text
}

// TestResourcesKeepTheResultBudget: a resource is held to the result budget as a tool result
// is: spice://orgs of 401 organizations was 39,653 bytes, and an app with a 6,000-word
// description 53,285 bytes, returned whole. Over the budget it is cut at a line with a notice
// naming the tool call that shows the same view, which works when made as written.
func TestResourcesKeepTheResultBudget(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	orgs := sandbox.DefaultOrgs()
	for i := 1; i <= 400; i++ {
		orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("organization-with-a-rather-long-name-%04d", i),
			Name: fmt.Sprintf("Organization_Display_Name_That_Is_Long_%d", i), Owner: "carol", Admins: []string{"alice"}})
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: orgs}})
	got := readResource(t, h, "spice://orgs")
	if len(got) > present.ResultBytes {
		t.Errorf("spice://orgs of 401 organizations: %d bytes, over the budget of %d", len(got), present.ResultBytes)
	}
	if strings.Contains(got, "⚠️ Cut") { // list_orgs may page them, so that nothing needs cutting
		mustContain(t, "spice://orgs", got, "⚠️ Cut: the resource spice://orgs is ", "call `list_orgs {}`")
	}

	long := strings.Repeat("word ", 6000)
	for _, tc := range []struct {
		uri  string
		args map[string]any
		call string
	}{
		{"spice://apps/analytics-app", map[string]any{"app": "analytics-app"}, `get_app {"app":"analytics-app"}`},
		{"spice://orgs/acme-labs/apps/fraud-scoring", map[string]any{"app": "fraud-scoring", "org": "acme-labs"}, `get_app {"app":"fraud-scoring","org":"acme-labs"}`},
	} {
		update := map[string]any{"description": long}
		for k, v := range tc.args {
			update[k] = v
		}
		h.ok(t, "update_app", update)
		got := readResource(t, h, tc.uri)
		if len(got) > present.ResultBytes {
			t.Errorf("%s: %d bytes, over the budget of %d", tc.uri, len(got), present.ResultBytes)
		}
		// The description is shortened in the view (TestLongDescriptionLeavesTheRestOfTheView), so
		// nothing is cut; a view that is cut names the call (TestResourceCutNoticesNameOnlyWhatTheirCallTakes).
		if strings.Contains(got, "⚠️ Cut") || !strings.Contains(got, "(shortened; 30,000 characters in all)") || !strings.Contains(got, "- Spicepod:") {
			t.Errorf("%s: cut, or its description not shortened, in its last 600 bytes:\n%s", tc.uri, got[max(0, len(got)-600):])
		}
		h.ok(t, "get_app", tc.args) // the call the notice names works as written
	}
}

// TestPromptsAndCompletionsApplyTheToolsRefRules: an app or org with a character that does not
// show (a zero-width space) is refused by prompts/get and as a completion's context argument
// with -32602 naming the argument and the tools' rule, before anything is sent; they rendered
// the prompt, and sent the org to the API (its 403 org_forbidden quoted).
func TestPromptsAndCompletionsApplyTheToolsRefRules(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range []struct{ prompt, args, arg string }{
		{"troubleshoot_deployment", `{"app":"analytics\u200b-app"}`, "app"},
		{"troubleshoot_deployment", `{"app":"analytics-app","org":"acme\u200b-labs"}`, "org"},
		{"rotate_keys", `{"app":"analytics\u200b-app"}`, "app"},
		{"rotate_keys", `{"app":"analytics-app","org":"acme\u200b-labs"}`, "org"},
	} {
		id := 10 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"prompts/get","params":{"name":%q,"arguments":%s}}`, id, tc.prompt, tc.args))
		e := rpcErrorOf(t, conn.await(fmt.Sprint(id)))
		if e == nil || e.Code != mcp.INVALID_PARAMS || !strings.Contains(e.Message, `"`+tc.arg+`"`) || !strings.Contains(e.Message, "holds a character that does not show") {
			t.Errorf("prompts/get %s %s: %+v", tc.prompt, tc.args, e)
		}
	}
	for i, tc := range []struct{ ref, context, arg string }{
		{`{"type":"ref/prompt","name":"rotate_keys"}`, `{"org":"sandbox\u200b"}`, "org"},
		{`{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"}`, `{"org":"sandbox\u200b"}`, "org"},
		{`{"type":"ref/prompt","name":"troubleshoot_deployment"}`, `{"app":"analytics\u200b-app"}`, "app"},
	} {
		id := 20 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"completion/complete","params":{"ref":%s,"argument":{"name":"app","value":""},"context":{"arguments":%s}}}`, id, tc.ref, tc.context))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		if e == nil || e.Code != mcp.INVALID_PARAMS || !strings.Contains(e.Message, `"`+tc.arg+`"`) ||
			!strings.Contains(e.Message, "holds a character that does not show") || strings.Contains(e.Message, "org_forbidden") {
			t.Errorf("completion/complete %s %s: %s", tc.ref, tc.context, answer)
		}
	}
}

// TestPromptsNameOnlyUsableTools: for each prompt and each tool its text names, excluding that
// tool (--exclude-tools) either hides the prompt, or leaves the tool out of its text, or names
// it only as not available here (troubleshoot_deployment's fix tools: propose, apply nothing).
// troubleshoot_deployment kept naming list_deployments, get_limits, list_container_images and
// list_secrets where they were hidden.
func TestPromptsNameOnlyUsableTools(t *testing.T) {
	args := map[string]map[string]string{
		"deploy_app":              {"name": "sales-app"},
		"rotate_keys":             {"app": "analytics-app"},
		"troubleshoot_deployment": {"app": "analytics-app"},
		"audit_organization":      nil,
	}
	get := func(h *harness, name string) (string, error) {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = name, args[name]
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			return "", err
		}
		return res.Messages[0].Content.(mcp.TextContent).Text, nil
	}
	full := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, name := range prompts.Names() {
		body, err := get(full, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, tool := range tools.Names() {
			named := regexp.MustCompile(`\b` + tool + `\b`)
			if !named.MatchString(body) {
				continue
			}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{tool}}})
			got, err := get(h, name)
			switch {
			case err != nil:
				// Or its workflow is, which sends the tool's change (present.HiddenExcludedVia).
				if !strings.Contains(err.Error(), tool+" is not available") && !strings.Contains(err.Error(), present.HiddenExcludedVia(tool)) {
					t.Errorf("%s without %s: refused for another reason: %v", name, tool, err)
				}
			case named.MatchString(got):
				if !regexp.MustCompile(`\b` + tool + `\b[^.]* not available here`).MatchString(got) {
					t.Errorf("%s without %s still names it:\n%s", name, tool, got)
				}
			}
		}
	}
}

// TestSurfaceParamsNameWhatIsWrong: resources/read without a URI is -32602 naming uri (it was
// mcp-go's -32002 "handler not found"); a URI no resource or template matches is resource not
// found with data.uri (it had none); a list cursor is -32602 naming cursor (it was "illegal
// base64 data at input byte 0", and a tools/list cursor that decoded listed only the tools after it); a URI of 100,000 characters is quoted short (its refusal was
// ~300 KB, the URI three times).
func TestSurfaceParamsNameWhatIsWrong(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	conn := serveStdio(t, mcpserver.Options{})
	long := "spice://apps/" + strings.Repeat("a", 100000)
	for i, tc := range []struct {
		method, params string
		code           int
		contains       []string
		data           string
	}{
		{"resources/read", `{}`, mcp.INVALID_PARAMS, []string{"uri is required"}, ""},
		{"resources/read", `{"uri":""}`, mcp.INVALID_PARAMS, []string{"uri is required"}, ""},
		{"resources/read", `{"uri":"spice://nope"}`, mcp.RESOURCE_NOT_FOUND, []string{`Resource not found: "spice://nope": `, "matches none of its templates"}, `{"uri":"spice://nope"}`},
		{"resources/list", `{"cursor":"abc"}`, mcp.INVALID_PARAMS, []string{"cursor must be the nextCursor of a previous resources/list page"}, ""},
		{"resources/templates/list", `{"cursor":"YWJj"}`, mcp.INVALID_PARAMS, []string{"cursor must be"}, ""},
		{"prompts/list", `{"cursor":"abc"}`, mcp.INVALID_PARAMS, []string{"cursor must be the nextCursor of a previous prompts/list page"}, ""},
		// "!!!" was "illegal base64 data at input byte 0"; bQ== ("m") listed only the tools after "m".
		{"tools/list", `{"cursor":"!!!"}`, mcp.INVALID_PARAMS, []string{"cursor must be the nextCursor of a previous tools/list page"}, ""},
		{"tools/list", `{"cursor":"bQ=="}`, mcp.INVALID_PARAMS, []string{"cursor must be the nextCursor of a previous tools/list page"}, ""},
		{"resources/read", fmt.Sprintf(`{"uri":%q}`, long), mcp.RESOURCE_NOT_FOUND, []string{`Resource not found: "spice://apps/aaaa`, `aaa" (100,013 characters): `}, ""},
		{"resources/read", fmt.Sprintf(`{"uri":%q}`, long+"/x"), mcp.RESOURCE_NOT_FOUND, []string{"(100,015 characters)"}, ""},
	} {
		id := 30 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, tc.method, tc.params))
		answer := conn.await(fmt.Sprint(id))
		e := rpcErrorOf(t, answer)
		if e == nil || e.Code != tc.code {
			t.Errorf("%s %.80s: want code %d, got %.400s", tc.method, tc.params, tc.code, answer)
			continue
		}
		for _, part := range tc.contains {
			if !strings.Contains(e.Message, part) {
				t.Errorf("%s %.80s: %q missing from %.600s", tc.method, tc.params, part, e.Message)
			}
		}
		if tc.data != "" && string(e.Data) != tc.data {
			t.Errorf("%s %.80s: data %s, want %s", tc.method, tc.params, e.Data, tc.data)
		}
		if len(answer) > 2000 {
			t.Errorf("%s %.80s: answer of %d bytes: %.600s", tc.method, tc.params, len(answer), answer)
		}
	}
	// Lists without a cursor still list.
	conn.send(`{"jsonrpc":"2.0","id":"ok","method":"prompts/list","params":{}}`)
	if answer := conn.await(`"ok"`); !strings.Contains(answer, `"deploy_app"`) {
		t.Errorf("prompts/list: %s", answer)
	}
	conn.send(`{"jsonrpc":"2.0","id":"tools","method":"tools/list","params":{"cursor":null}}`)
	if answer := conn.await(`"tools"`); !strings.Contains(answer, `"add_member"`) {
		t.Errorf("tools/list: %.300s", answer)
	}
}

// TestDeployAppPromptForAnExistingApp: deploy_app promised to "reuse" an app, but
// create_and_deploy_app refuses one it did not create; the prompt now says so and its way for an
// existing app (update_app, create_deployment, wait_for_deployment) works as written.
func TestDeployAppPromptForAnExistingApp(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = "deploy_app", map[string]string{"name": "analytics-app"}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	body := res.Messages[0].Content.(mcp.TextContent).Text
	if strings.Contains(res.Description+body, "reuse") {
		t.Errorf("deploy_app still promises to reuse an app: %s\n%s", res.Description, body)
	}
	mustContain(t, "deploy_app", body, `If it answers that an app named "analytics-app" already exists and was not created by create_and_deploy_app`,
		"set its spicepod with update_app, deploy it with create_deployment and follow it with wait_for_deployment")
	pod := "version: v1\nkind: Spicepod\nname: analytics-app\n"
	refusal := h.fail(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": pod})
	mustContain(t, "create_and_deploy_app of an existing app", refusal, "already exists and was not created by create_and_deploy_app")
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})

	// Where those tools are hidden, it asks for another name instead (--exclude-tools
	// create_deployment hides create_and_deploy_app, and so the prompt, too).
	ro := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Toolsets: []string{"workflows"}}})
	res, err = ro.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "deploy_app without create_deployment", res.Messages[0].Content.(mcp.TextContent).Text, "ask me for another name")
}
