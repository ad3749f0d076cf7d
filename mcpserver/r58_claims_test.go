package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r58Requests records the method and path of every request that reaches the emulator through
// a proxy in front of it.
type r58Requests struct {
	mu   sync.Mutex
	seen []string
}

func (r *r58Requests) proxy() func(t *testing.T, emulatorURL string) string {
	return recordingProxy(nil, func(res *http.Response) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.seen = append(r.seen, res.Request.Method+" "+res.Request.URL.Path)
		return nil
	})
}

// since returns the requests after the first n.
func (r *r58Requests) since(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen[min(n, len(r.seen)):]...)
}

func (r *r58Requests) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

// changing keeps the requests that are not GETs.
func r58Changing(reqs []string) (out []string) {
	for _, r := range reqs {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

// TestR58ClaimsEveryRefusedWriteSaysItChangedNothing: README (API keys, rotation) says "every
// change so refused [401 or 403] says it changed nothing". Round 57's test took eight writes; an
// agent reaches the API's changes through the others too: fork_app, connect_repository,
// resume_app, create_deployment, rollback_deployment, update_member_roles, and 401 as well as
// 403. Each says so, and the emulator's state is as before.
func TestR58ClaimsEveryRefusedWriteSaysItChangedNothing(t *testing.T) {
	for _, c := range []struct {
		op, tool string
		args     map[string]any
	}{
		{api.ForkProject.ID, "fork_app", map[string]any{"app": "analytics-app", "name": "r58-fork"}},
		{api.ConnectProjectRepository.ID, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics"}},
		{api.ResumeProject.ID, "resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs"}},
		{api.CreateProjectDeployment.ID, "create_deployment", map[string]any{"app": "analytics-app"}},
		{api.RollbackProject.ID, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{api.UpdateMemberRoles.ID, "update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer"}}},
		{api.AddMember.ID, "add_member", map[string]any{"username": "carol"}},
		{api.UpsertProjectSecret.ID, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "r58-new"}},
	} {
		for _, status := range []int{401, 403} {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
			id := h.appID(t, "analytics-app")
			deployments := h.emu.DeploymentCount("sandbox", id)
			apps := h.emu.AppCount("sandbox")
			pg, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
			h.emu.InjectFault(sandbox.Fault{Operation: c.op, Status: status})
			got := h.fail(t, c.tool, c.args)
			if !strings.Contains(got, "nothing was changed") {
				t.Errorf("%s refused with %d does not say it changed nothing:\n%s", c.tool, status, got)
			}
			if h.emu.DeploymentCount("sandbox", id) != deployments || h.emu.AppCount("sandbox") != apps {
				t.Errorf("%s refused with %d changed the emulator", c.tool, status)
			}
			if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != pg {
				t.Errorf("%s refused with %d changed PG_PASS", c.tool, status)
			}
		}
	}
}

// TestR58ClaimsPOSTNeverRepeated: README (Retries) says "A POST is retried only on 429 … A
// POST that gets a 5xx or no answer is never repeated". Every tool that sends a POST, answered
// 502, 503 (with Retry-After: 0, as if inviting a retry) and 504, sends it exactly once
// (connect_repository's PUT is retried, as README says of PUT).
func TestR58ClaimsPOSTNeverRepeated(t *testing.T) {
	for _, c := range []struct {
		op, tool, path string
		args           map[string]any
	}{
		{api.CreateProject.ID, "create_app", "/v1/projects", map[string]any{"name": "r58-new"}},
		{api.ForkProject.ID, "fork_app", "/forks", map[string]any{"app": "analytics-app", "name": "r58-fork"}},
		{api.PauseProject.ID, "pause_app", "/pause", map[string]any{"app": "analytics-app"}},
		{api.ResumeProject.ID, "resume_app", "/resume", map[string]any{"app": "nightly-etl", "org": "acme-labs"}},
		{api.CreateProjectDeployment.ID, "create_deployment", "/deployments", map[string]any{"app": "analytics-app"}},
		{api.RollbackProject.ID, "rollback_deployment", "/rollback", map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{api.RegenerateProjectAPIKey.ID, "regenerate_api_key", "/api-keys", map[string]any{"app": "analytics-app", "key_number": 2}},
		{api.AddMember.ID, "add_member", "/v1/members", map[string]any{"username": "carol"}},
	} {
		for _, f := range []sandbox.Fault{{Status: 502}, {Status: 503, RetryAfter: "0"}, {Status: 504}} {
			var reqs r58Requests
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
			f.Operation = c.op
			h.emu.InjectFault(f)
			before := reqs.count()
			res := h.call(t, c.tool, c.args)
			posts := 0
			for _, r := range reqs.since(before) {
				if strings.HasPrefix(r, "POST ") && strings.HasSuffix(r, c.path) {
					posts++
				}
			}
			if posts != 1 {
				t.Errorf("%s answered %d: %d POSTs to …%s, want 1 (%q):\n%s", c.tool, f.Status, posts, c.path, reqs.since(before), text(res))
			}
		}
	}
}

// TestR58ClaimsViewerIsRefusedBeforeAnyRequestOrQuestion: README (Scope-aware listing) says that
// when the token's role claim is for the organization in force, tools that need a higher role
// are hidden and "a call is refused before any request or question — a viewer sees read tools
// only". A viewer's agent calls every tool that is not read-only by name, in each confirmation
// mode: no question is asked, no change reaches the API, nothing changes.
func TestR58ClaimsViewerIsRefusedBeforeAnyRequestOrQuestion(t *testing.T) {
	all := []string{"*"}
	jwt := r40JWT(map[string]any{"sub": "1", "username": "viewer-v", "org": "sandbox", "role": "viewer", "scopes": all})
	for _, mode := range []tools.ConfirmMode{tools.ConfirmHuman, tools.ConfirmAgent, tools.ConfirmOff} {
		var reqs r58Requests
		var questions int
		cfg := sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: jwt, Org: "sandbox", Scopes: all}}}
		h := newHarness(t, harnessOptions{cfg: cfg, token: jwt, upstream: reqs.proxy(), safety: tools.Safety{Confirm: mode},
			elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				questions++
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept}}, nil
			}})
		for _, l := range h.listTools(t) {
			if l.Annotations.ReadOnlyHint == nil || !*l.Annotations.ReadOnlyHint {
				t.Errorf("%s: a viewer is offered %s", mode, l.Name)
			}
		}
		apps := h.emu.AppCount("sandbox")
		for _, tool := range tools.All() {
			if tool.ReadOnly {
				continue
			}
			args := map[string]any{}
			for k, v := range tool.Examples.Valid {
				args[k] = v
			}
			before := reqs.count()
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = tool.Name, args
			res, err := h.mcp.CallTool(t.Context(), req)
			if err == nil && !res.IsError {
				t.Errorf("%s: a viewer's %s succeeded: %s", mode, tool.Name, text(res))
			}
			if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
				t.Errorf("%s: a viewer's %s sent %q", mode, tool.Name, sent)
			}
			if err == nil && !strings.Contains(text(res), "viewer") {
				t.Errorf("%s: %s's refusal does not name the role:\n%s", mode, tool.Name, text(res))
			}
		}
		if questions != 0 {
			t.Errorf("%s: a viewer was asked %d questions", mode, questions)
		}
		if h.emu.AppCount("sandbox") != apps {
			t.Errorf("%s: a viewer changed the app count", mode)
		}
	}
}

// TestR58ClaimsTagValuesOnlyStrings: README says "In tags (every tool) and secrets, a value that
// is not a string, null included, and a key given twice are refused, naming the key
// (tags.team): nothing is sent as "", and no value is dropped". Every tool that takes tags
// refuses each such value, naming tags.team, and sends no change.
func TestR58ClaimsTagValuesOnlyStrings(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	pod := "version: v1\nkind: Spicepod\nname: r58-tagged\n"
	var taking []string
	for _, tool := range tools.All() {
		if strings.Contains(string(tool.InputSchema()), `"tags"`) {
			taking = append(taking, tool.Name)
		}
	}
	if len(taking) < 3 {
		t.Fatalf("tools taking tags: %v", taking)
	}
	base := map[string]map[string]any{
		"create_app":            {"name": "r58-tagged"},
		"update_app":            {"app": "analytics-app"},
		"fork_app":              {"app": "analytics-app", "name": "r58-tagged"},
		"create_and_deploy_app": {"name": "r58-tagged", "spicepod": pod},
	}
	for _, name := range taking {
		args, ok := base[name]
		if !ok {
			t.Errorf("%s takes tags: add its arguments here", name)
			continue
		}
		for _, value := range []any{nil, 7, true, []any{"a"}, map[string]any{"x": "y"}} {
			a := map[string]any{"tags": map[string]any{"team": value}}
			for k, v := range args {
				a[k] = v
			}
			before := reqs.count()
			got := h.fail(t, name, a)
			if !strings.Contains(got, "tags.team") {
				t.Errorf("%s with tags.team %v does not name tags.team:\n%s", name, value, got)
			}
			if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
				t.Errorf("%s with tags.team %v sent %q", name, value, sent)
			}
		}
		raw := `{"tags":{"team":"a","team":"b"}`
		for k := range args {
			raw += `,"` + k + `":` + mustJSON(t, args[k])
		}
		before := reqs.count()
		if res := h.callRaw(t, name, raw+"}"); !res.IsError || !strings.Contains(text(res), "team") {
			t.Errorf("%s with tags.team twice: %s", name, text(res))
		}
		if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
			t.Errorf("%s with tags.team twice sent %q", name, sent)
		}
	}
}

// TestR58ClaimsMaskedSpicepodRefusedInEveryForm: README (Spicepods) says update_app and
// create_and_deploy_app "refuse a spicepod that still contains ******** before any request,
// naming where". The spicepod may be given as YAML text or as an object (README: "it takes YAML
// text or an object"); an agent copies the masked value back as an object, in a list, in flow
// style or quoted: each is refused naming a path, and no change is sent.
func TestR58ClaimsMaskedSpicepodRefusedInEveryForm(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	object := map[string]any{"version": "v1", "kind": "Spicepod", "name": "r58-masked",
		"datasets": []any{map[string]any{"from": "postgres:t", "name": "t", "params": map[string]any{"pg_pass": "********"}}}}
	forms := []any{
		object,
		"version: v1\nkind: Spicepod\nname: r58-masked\ndatasets:\n  - {from: 'postgres:t', name: t, params: {pg_pass: '********'}}\n",
		"version: v1\nkind: Spicepod\nname: r58-masked\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: \"********\"\n",
		"version: v1\nkind: Spicepod\nname: r58-masked\nmodels:\n  - from: openai:gpt-4o\n    name: m\n    params:\n      openai_api_key: ********\n",
		"version: v1\nkind: Spicepod\nname: r58-masked\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_connection_string: postgres://bob:********@db/x\n",
	}
	for _, tool := range []string{"update_app", "create_and_deploy_app"} {
		for i, pod := range forms {
			args := map[string]any{"spicepod": pod}
			if tool == "update_app" {
				args["app"] = "analytics-app"
			} else {
				args["name"] = "r58-masked"
			}
			before := reqs.count()
			got := h.fail(t, tool, args)
			if !strings.Contains(got, "********") && !strings.Contains(got, "masked") {
				t.Errorf("%s form %d: refused, but not for the masked value:\n%s", tool, i, got)
			}
			if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
				t.Errorf("%s form %d sent %q", tool, i, sent)
			}
		}
	}
}

// TestR58ClaimsSpicepodIsOneDocument: README says "A spicepod is one YAML document: text with a
// second one (after ---) is refused, naming spicepod and the line". An agent writes the second
// document after an explicit end (...), with a comment or a tag on the marker, after CRLF line
// ends or a directive: each is refused naming spicepod, with no change sent.
func TestR58ClaimsSpicepodIsOneDocument(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	first := "version: v1\nkind: Spicepod\nname: r58-one\n"
	second := "version: v1\nkind: Spicepod\nname: r58-two\ndatasets:\n  - from: postgres:t\n    name: t\n"
	for _, pod := range []string{
		first + "---\n" + second,
		first + "...\n---\n" + second,
		first + "--- # the second\n" + second,
		first + "--- !!map\n" + second,
		first + "---\t\n" + second,
		strings.ReplaceAll(first+"---\n"+second, "\n", "\r\n"),
		first + "...\n%YAML 1.2\n---\n" + second,
		"---\n" + first + "---\n" + second,
	} {
		r58SpicepodRefusedBothTools(t, h, &reqs, pod, "r58-one")
	}
}

// TestR58ClaimsSpicepodTakesTextOrAnObjectOnly: README (Install) says spicepod "takes YAML text
// or an object and the server refuses anything else naming the field". A number, a boolean and
// a list are refused by both tools that take one, naming spicepod, with no change sent.
func TestR58ClaimsSpicepodTakesTextOrAnObjectOnly(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	for _, pod := range []any{42, true, []any{"version: v1"}, 1.5} {
		r58SpicepodRefusedBothTools(t, h, &reqs, pod, "r58-typed")
	}
}

// r58SpicepodRefusedBothTools checks that update_app and create_and_deploy_app (its app named
// name) each refuse the spicepod, naming spicepod, and send no change.
func r58SpicepodRefusedBothTools(t *testing.T, h *harness, reqs *r58Requests, pod any, name string) {
	t.Helper()
	for _, tool := range []string{"update_app", "create_and_deploy_app"} {
		args := map[string]any{"spicepod": pod}
		if tool == "update_app" {
			args["app"] = "analytics-app"
		} else {
			args["name"] = name
		}
		before := reqs.count()
		res := h.call(t, tool, args)
		if !res.IsError || !strings.Contains(text(res), "spicepod") {
			t.Errorf("%s with spicepod %#v: %s", tool, pod, text(res))
		}
		if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
			t.Errorf("%s with spicepod %#v sent %q", tool, pod, sent)
		}
	}
}

// TestR58ClaimsManagedTagOfYourOwnRefused: README says "A created-by tag of your own is refused,
// naming tags.created-by, never replaced". create_and_deploy_app sets it itself; an agent sends
// its own value, one that differs by a space or case, or an empty one: each is refused by name
// and no app is created.
func TestR58ClaimsManagedTagOfYourOwnRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	apps := h.emu.AppCount("sandbox")
	for _, v := range []string{"me", "spice-cloud-mcp ", "Spice-Cloud-MCP", "", "spice-cloud-mcp\u200b"} {
		got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "r58-managed", "spicepod": "version: v1\nkind: Spicepod\nname: r58-managed\n",
			"tags": map[string]any{"created-by": v}})
		if !strings.Contains(got, "tags.created-by") {
			t.Errorf("created-by %q: refused without naming tags.created-by:\n%s", v, got)
		}
	}
	if h.emu.AppCount("sandbox") != apps {
		t.Errorf("an app was created")
	}
}

// TestR58ClaimsEmptySecretValueNeverStored: README (Secret values the model never sees) says "an
// empty value is refused, and without a value nothing is ever stored in its place (with no page
// to ask on, the call is refused). Likewise create_and_deploy_app refuses an empty or null value
// in secrets, naming it". An agent sends "", null, or no value with no page to ask on (a client
// that cannot elicit, no page server): PG_PASS keeps its value and no secret is created.
func TestR58ClaimsEmptySecretValueNeverStored(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	id := h.appID(t, "analytics-app")
	pg, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
	for _, args := range []map[string]any{
		{"app": "analytics-app", "name": "PG_PASS", "value": ""},
		{"app": "analytics-app", "name": "PG_PASS", "value": nil},
		{"app": "analytics-app", "name": "R58_NEW", "value": ""},
	} {
		before := reqs.count()
		res := h.call(t, "set_secret", args)
		if !res.IsError && args["value"] == "" {
			t.Errorf("set_secret %v succeeded: %s", args, text(res))
		}
		if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
			t.Errorf("set_secret %v sent %q", args, sent)
		}
	}
	if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != pg {
		t.Errorf("PG_PASS changed to %q", v)
	}
	if _, ok := h.emu.SecretValue("sandbox", id, "R58_NEW"); ok {
		t.Errorf("R58_NEW was stored")
	}
	pod := "version: v1\nkind: Spicepod\nname: r58-empty\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	for _, v := range []any{"", nil} {
		before := reqs.count()
		got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "r58-empty", "spicepod": pod, "secrets": map[string]any{"PG_PASS": v}})
		if !strings.Contains(got, "secrets.PG_PASS") {
			t.Errorf("create_and_deploy_app with PG_PASS %v: does not name secrets.PG_PASS:\n%s", v, got)
		}
		if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
			t.Errorf("create_and_deploy_app with PG_PASS %v sent %q", v, sent)
		}
	}
}

// TestR58ClaimsEveryToolButTwoTakesOrg: README (Tools) says "Every tool but check_health and
// list_orgs takes an optional org". Each tool's schema is read: org is there, optional, for
// every other tool, and absent from those two.
func TestR58ClaimsEveryToolButTwoTakesOrg(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tool := range h.listTools(t) {
		_, has := tool.InputSchema.Properties["org"]
		if tool.Name == "check_health" || tool.Name == "list_orgs" {
			if has {
				t.Errorf("%s takes org", tool.Name)
			}
			continue
		}
		if !has {
			t.Errorf("%s takes no org", tool.Name)
		}
		for _, r := range tool.InputSchema.Required {
			if r == "org" {
				t.Errorf("%s requires org", tool.Name)
			}
		}
	}
}

// TestR58ClaimsPagingNoteInResources: README says a list the API documents no paging for
// (organizations, regions, runtime images …) whose answer carries paging fields "is listed as
// answered, with a note of those fields as sent and that they are not followed". Round 57 showed
// it for the tools; an agent reads the same list as a resource (spice://orgs, spice://regions,
// spice://container-images): the note is there too.
func TestR58ClaimsPagingNoteInResources(t *testing.T) {
	for _, c := range []struct {
		uri, path, body, want string
	}{
		{"spice://orgs", `^/v1/orgs$`, `{"orgs":[{"id":1,"name":"sandbox","role":"owner","created_at":"2026-01-01T00:00:00.000Z"}],"total_count":4}`,
			"besides the 1 organization listed, it gave total_count `4`"},
		{"spice://regions", `^/v1/regions$`, `{"regions":[{"name":"US East","region":"us-east-1","cname":"use1","provider":"aws","providerName":"AWS"}],"default":"us-east-1","count":3}`,
			"besides the 1 region listed, it gave count `3`"},
		{"spice://container-images", `^/v1/container-images$`, `{"images":[{"name":"spiceai/spiceai","tag":"2.3.2","channel":"stable"}],"next":"/v1/container-images?page=2"}`,
			"besides the 1 image listed, it gave next `\"/v1/container-images?page=2\"`"},
	} {
		h := r54HostileAnswering(t, "GET", c.path, 200, c.body)
		got, err := r56ClaimsReadResource(h, c.uri)
		if err != nil {
			t.Errorf("%s: %v", c.uri, err)
			continue
		}
		mustContain(t, c.uri, got, "Odd in the API's answer: "+c.want, "so this server does not follow them.")
	}
}

// r58Shapes are credentials in the shapes round 57 taught the masker, each with the part no
// view may show.
var r58Shapes = []struct{ line, secret string }{
	{"Server=db;User Id=bob;Password=S3cret Pw;Database=x", "S3cret"},
	{"Server=db;User Id=bob;Password=R58Spaced Pw;Database=x", " Pw;Database"},
	{"password: Tr0ub4dor&3", "Tr0ub4dor"},
	{"password: Xy7ub4dor&Zq9", "&Zq9"},
	{"oauth client GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12 rejected", "GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12"},
	{"token pypi-AgEIcHlwaS5vcmcCJGFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5 revoked", "pypi-AgEIcHlwaS5vcmcCJGFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5"},
	{"ValueError: invalid credentials ('bob', 'S3cretPy')", "S3cretPy"},
	{"GET /path?basic=Ym9iOnB3&x=1", "Ym9iOnB3"},
	{"az storage blob list --account-key QWNjb3VudEtleVIfiftyEight0123456789== --account-name x", "QWNjb3VudEtleVIfiftyEight0123456789"},
}

// TestR58ClaimsRound57ShapesMaskedInEveryLogView: README says the masker hides a credential "in
// every log line (get_instance_logs, the failed-deployment logs of get_deployment,
// wait_for_deployment …)". Round 57's shapes (a spaced connection-string value, & in a value,
// GOCSPX- and pypi- keys, Python tuples, a path's query, --account-key) were tested on the
// masker; here each arrives in runtime logs and is read through every tool that shows logs, text
// and structured content.
func TestR58ClaimsRound57ShapesMaskedInEveryLogView(t *testing.T) {
	var lines []string
	for _, s := range r58Shapes {
		lines = append(lines, s.line)
	}
	// A .tf file printed one line an entry (fixed in round 58: the default showed).
	lines = append(lines, `variable "db_password" {`, `  type    = string`, `  default = "S3cretTfEntry"`, `}`)
	body := `{"lines":` + mustJSON(t, lines) + `}`
	proxy := recordingProxy(nil, r56ClaimsRewrite(regexp.MustCompile(`/instances/[^/]+/logs$`), func(string) string { return body }))
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: proxy})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	var d client.Deployment
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &d)
	views := map[string]*mcp.CallToolResult{
		"wait_for_deployment": h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_deployment":      h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": d.ID}),
		"get_instance_logs":   h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"}),
		"describe_app":        h.call(t, "describe_app", map[string]any{"app": "analytics-app"}),
	}
	for name, res := range views {
		if name != "describe_app" && !strings.Contains(text(res), "Server=db") {
			t.Errorf("%s shows no log lines:\n%s", name, text(res))
		}
		for _, s := range r58Shapes {
			if r56ClaimsShows(t, res, s.secret) {
				t.Errorf("%s shows %q of %q:\n%s", name, s.secret, s.line, text(res))
			}
		}
		if r56ClaimsShows(t, res, "S3cretTfEntry") {
			t.Errorf("%s shows the Terraform default on its own entry:\n%s", name, text(res))
		}
	}
}

// TestR58ClaimsRound57ShapesMaskedInEverySpicepodView: README (Spicepods) says every string of a
// spicepod that is not a params value "goes through the rule of Credentials in text", in
// get_app, describe_app, their structured content and the spice://apps/{app} resource. Round
// 57's shapes stand in a dataset's description and a model's from: each view hides them.
func TestR58ClaimsRound57ShapesMaskedInEverySpicepodView(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	var datasets []any
	for i, s := range r58Shapes {
		datasets = append(datasets, map[string]any{"from": "postgres:t" + strconv.Itoa(i), "name": "t" + strconv.Itoa(i), "description": s.line})
	}
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "analytics-app", "datasets": datasets}
	updated := h.call(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
	if updated.IsError {
		t.Fatalf("update_app: %s", text(updated))
	}
	views := map[string]string{"update_app": text(updated) + everything(updated)}
	for _, tool := range []string{"get_app", "describe_app"} {
		res := h.call(t, tool, map[string]any{"app": "analytics-app"})
		views[tool] = text(res) + everything(res)
		if res.StructuredContent != nil {
			views[tool] += unescapedJSON(t, res.StructuredContent)
		}
	}
	views["spice://apps/analytics-app"] = readResource(t, h, "spice://apps/analytics-app")
	if !strings.Contains(views["get_app"], "Server=db") {
		t.Fatalf("get_app shows no description:\n%s", views["get_app"])
	}
	for name, got := range views {
		for _, s := range r58Shapes {
			if strings.Contains(got, s.secret) {
				t.Errorf("%s shows %q of %q", name, s.secret, s.line)
			}
		}
	}
}

// TestR58ClaimsPagingNoteInDescribeApp: README says a list the API documents no paging for
// (secrets among them) whose answer carries paging fields "is listed as answered, with a note of
// those fields as sent and that they are not followed". describe_app lists an app's secret names
// from the same answer: with "total":9 beside one secret it showed "Secrets: PG_PASS" as if that
// were all, with no note. It now says it, in list_secrets' words.
func TestR58ClaimsPagingNoteInDescribeApp(t *testing.T) {
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	h := r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[{"name":"PG_PASS",`+at+`,"updated_at":"2026-01-01T00:00:00.000Z"}],"total":9}`)
	want := "Odd in the API's answer: besides the 1 secret listed, it gave total `9`"
	mustContain(t, "list_secrets", h.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}), want)
	mustContain(t, "describe_app", h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}), want, "so this server does not follow them.")
	// Fields that agree say nothing.
	h = r54HostileAnswering(t, "GET", `/secrets$`, 200, `{"secrets":[{"name":"PG_PASS",`+at+`,"updated_at":"2026-01-01T00:00:00.000Z"}],"total":1}`)
	if got := h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}); strings.Contains(got, "paging fields") {
		t.Errorf("fields that agree said odd:\n%s", got)
	}
}

// TestR58ClaimsArgumentNamesMatchExactly: README (--strict-schemas) says "tools refuse unknown
// arguments anyway — names match exactly, so App or a second app is refused too, not folded
// into app". Every tool's valid example with each argument's name in another case (App,
// APP) or with a blank around it, and with the argument given twice, is refused naming it,
// before any request.
func TestR58ClaimsArgumentNamesMatchExactly(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	checked := 0
	for _, tool := range tools.All() {
		for arg := range tool.Examples.Valid {
			for _, spelled := range []string{strings.ToUpper(arg[:1]) + arg[1:], strings.ToUpper(arg), arg + " ", " " + arg} {
				args := map[string]any{}
				for k, v := range tool.Examples.Valid {
					if k != arg {
						args[k] = v
					}
				}
				args[spelled] = tool.Examples.Valid[arg]
				before := reqs.count()
				res := h.call(t, tool.Name, args)
				if !res.IsError || !strings.Contains(text(res), strconv.Quote(spelled)) && !strings.Contains(text(res), spelled) {
					t.Errorf("%s with %q for %q: %s", tool.Name, spelled, arg, text(res))
				}
				if n := reqs.count() - before; n > 0 {
					t.Errorf("%s with %q for %q sent %q", tool.Name, spelled, arg, reqs.since(before))
				}
				checked++
			}
			raw := `{` + strconv.Quote(arg) + `:` + mustJSON(t, tool.Examples.Valid[arg])
			for k, v := range tool.Examples.Valid {
				raw += `,` + strconv.Quote(k) + `:` + mustJSON(t, v)
			}
			before := reqs.count()
			if res := h.callRaw(t, tool.Name, raw+`}`); !res.IsError || !strings.Contains(text(res), arg) {
				t.Errorf("%s with %s twice: %s", tool.Name, arg, text(res))
			}
			if n := reqs.count() - before; n > 0 {
				t.Errorf("%s with %s twice sent %q", tool.Name, arg, reqs.since(before))
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d spellings checked", checked)
	}
}

// TestR58ClaimsKeyNumberIsRequired: README (Approvals) says "regenerate_api_key takes key_number
// as a required argument, where the API … default[s] to the primary". An agent leaves it out,
// sends null, an empty string or a number as text: none is read as the API's default, and no key
// is replaced.
func TestR58ClaimsKeyNumberIsRequired(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: reqs.proxy()})
	p0, s0 := emulatorKeys(t, h)
	for _, raw := range []string{`{"app":"analytics-app"}`, `{"app":"analytics-app","key_number":null}`, `{"app":"analytics-app","key_number":""}`,
		`{"app":"analytics-app","key_number":3}`, `{"app":"analytics-app","key_number":-1}`, `{"app":"analytics-app","key_number":1.0e0,"key_number":2}`} {
		before := reqs.count()
		res := h.callRaw(t, "regenerate_api_key", raw)
		if !res.IsError || !strings.Contains(text(res), "key_number") {
			t.Errorf("regenerate_api_key %s: %s", raw, text(res))
		}
		if sent := r58Changing(reqs.since(before)); len(sent) > 0 {
			t.Errorf("regenerate_api_key %s sent %q", raw, sent)
		}
	}
	wantKeys(t, h, "refused", p0, s0)
}

// TestR58ClaimsMaskedAPIKeysInEveryKeyResult: README (API keys) says --mask-api-keys "shows only
// their last 4 characters". Every tool that shows a key — get_api_keys, regenerate_api_key,
// rotate_api_keys' two steps — and describe_app, which says whether they are set, show no key
// whole, in text or structured content.
func TestR58ClaimsMaskedAPIKeysInEveryKeyResult(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff, MaskAPIKeys: true}})
	var seen []string
	check := func(name string, res *mcp.CallToolResult) {
		t.Helper()
		if res.IsError {
			t.Fatalf("%s: %s", name, text(res))
		}
		p, s := emulatorKeys(t, h)
		seen = append(seen, p, s)
		for _, key := range seen {
			if r56ClaimsShows(t, res, key) || r56ClaimsShows(t, res, key[:len(key)-4]) {
				t.Errorf("%s shows a key whole:\n%s", name, text(res))
			}
		}
	}
	check("get_api_keys", h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}))
	check("describe_app", h.call(t, "describe_app", map[string]any{"app": "analytics-app"}))
	check("regenerate_api_key", h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0}))
	check("rotate_api_keys start", h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}))
	check("rotate_api_keys finish", h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}))
	check("get_api_keys after", h.call(t, "get_api_keys", map[string]any{"app": "analytics-app"}))
	if len(seen) < 6 {
		t.Errorf("keys seen: %d", len(seen))
	}
}

// TestR58ClaimsWithoutCredentialsResourcesFailToo: README (whoami) says that without
// credentials "only check_health and whoami work". An agent reads the same views as resources
// instead of tools: each read fails saying no credentials are configured, and no request
// reaches the API.
func TestR58ClaimsWithoutCredentialsResourcesFailToo(t *testing.T) {
	var reqs r58Requests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", upstream: reqs.proxy()})
	before := reqs.count()
	for _, uri := range []string{"spice://apps", "spice://orgs", "spice://regions", "spice://container-images", "spice://apps/analytics-app",
		"spice://apps/analytics-app/deployments", "spice://apps/analytics-app/instances", "spice://orgs/sandbox/apps", "spice://orgs/sandbox/apps/analytics-app"} {
		got, err := r56ClaimsReadResource(h, uri)
		if err == nil && !strings.Contains(got, "No Spice.ai credentials are configured") {
			t.Errorf("%s without credentials:\n%s", uri, got)
		}
		if err != nil && !strings.Contains(err.Error(), "credentials") {
			t.Errorf("%s without credentials: %v", uri, err)
		}
	}
	if sent := reqs.since(before); len(sent) > 0 {
		t.Errorf("resources without credentials sent %q", sent)
	}
}
