package mcpserver_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r71Claims8Writes counts the emulator's requests of operations that are not GETs.
func r71Claims8Writes(h *harness) int {
	n := 0
	for op, c := range upstreamCalls(h) {
		if op.Method != "GET" {
			n += c
		}
	}
	return n
}

// r71Claims8Call calls a tool and says whether it was refused (a JSON-RPC error, or a failed
// result), with what it said.
func r71Claims8Call(h *harness, name string, args any) (refused bool, said string) {
	var req mcp.CallToolRequest
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := h.mcp.CallTool(context.Background(), req)
	if err != nil {
		return true, err.Error()
	}
	return res.IsError, text(res)
}

// r71Claims8Spellings are the ways an adversarial agent may spell a tool's name to reach it past
// a filter: other cases, a space around it, an invisible character, a hyphen, a look-alike.
func r71Claims8Spellings(name string) []string {
	return []string{name, strings.ToUpper(name), " " + name, name + " ", name + "\u200b", "\u200b" + name,
		strings.ReplaceAll(name, "_", "-"), strings.Replace(name, "e", "\u0435", 1), name + "\n", name + "\x00"}
}

// TestR71Claims8ReadOnlyReachesNoWriteBySpelling: with --read-only, every tool that is not
// read-only, called with its valid example under any spelling of its name (case, spaces,
// invisible characters, a hyphen, a Cyrillic look-alike, a NUL), is refused and sends no request
// but GETs; reading every resource and template sends none either.
func TestR71Claims8ReadOnlyReachesNoWriteBySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}})
	for _, tool := range tools.All() {
		if tool.ReadOnly {
			continue
		}
		for _, name := range r71Claims8Spellings(tool.Name) {
			before := r71Claims8Writes(h)
			refused, said := r71Claims8Call(h, name, tool.Examples.Valid)
			if !refused || r71Claims8Writes(h) != before {
				t.Errorf("read-only: %q %v ran (%d writes): %.300s", name, tool.Examples.Valid, r71Claims8Writes(h)-before, said)
			}
		}
	}
	ctx := context.Background()
	list, err := h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	uris := []string{"spice://apps/docs-search", "spice://apps/analytics-app/deployments"}
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	for _, uri := range uris {
		var req mcp.ReadResourceRequest
		req.Params.URI = uri
		_, _ = h.mcp.ReadResource(ctx, req)
	}
	if n := r71Claims8Writes(h); n != 0 {
		t.Errorf("read-only: %d requests that are not GETs in all", n)
	}
}

// TestR71Claims8AgentConfirmSpellingsChangeNothing: under --confirm=human, a client that cannot
// elicit, an agent passing the target's name as confirm under other spellings of the argument
// (Confirm, CONFIRM, _confirm, confirmed, approve, approved: true, in _meta) gets a link and the
// app stays; a client that elicits and whose user declines, the same.
func TestR71Claims8AgentConfirmSpellingsChangeNothing(t *testing.T) {
	args := []map[string]any{
		{"app": "docs-search", "confirm": "docs-search"},
		{"app": "docs-search", "Confirm": "docs-search"},
		{"app": "docs-search", "CONFIRM": "docs-search"},
		{"app": "docs-search", "_confirm": "docs-search"},
		{"app": "docs-search", "confirmed": true},
		{"app": "docs-search", "approved": true, "approve": "docs-search"},
		{"app": "docs-search", "_meta": map[string]any{"confirm": "docs-search", "approved": true}},
		{"app": "docs-search", "confirm": map[string]any{"action": "accept", "content": map[string]any{"confirm": "docs-search"}}},
	}
	var mu sync.Mutex
	asked := 0
	for _, opts := range []harnessOptions{
		{cfg: sandbox.Config{Demo: true}},
		{cfg: sandbox.Config{Demo: true}, protocol: "modern", elicit: answer(mcp.ElicitationResponseActionDecline, "", &asked, &mu)},
	} {
		h := newHarness(t, opts)
		n := h.emu.AppCount("sandbox")
		for _, a := range args {
			refused, said := r71Claims8Call(h, "delete_app", a)
			if !refused || h.emu.AppCount("sandbox") != n || r71Claims8Writes(h) != 0 {
				t.Errorf("delete_app %v: deleted without a person: %.300s", a, said)
			}
		}
	}
}

// r71Claims8PathValues are values an adversarial agent puts where a name goes, to steer the
// request it becomes to another route or inject a header.
var r71Claims8PathValues = []string{"../../1", "x/../../../v1/apps/1", "a/b", "a?b=c", "a#b", "%2e%2e%2f1", "..", ".",
	"a\r\nX-Injected: 1", "a%0d%0aX-Injected:%201", "a\\..\\1", "a;b", "a\x00b"}

// r71Claims8Names are the arguments that name something (a path's segment, a header's value),
// where a line break is no name; a description or a secret's value may hold one.
var r71Claims8Names = map[string]bool{"app": true, "name": true, "username": true, "org": true, "deployment_id": true, "region": true, "source": true}

// TestR71Claims8NamesSteerNoRequestElsewhere: with no confirmation asked (--no-confirm, the
// weakest setting), every string argument of every tool's valid example replaced by a value that
// would steer a request elsewhere (a path's dot segments, a slash, a query, a fragment, an
// encoded traversal, a CR LF header injection, a NUL) is refused, or calls only the operations
// the tool declares, and no app is deleted but by delete_app; a name with a line break is refused.
func TestR71Claims8NamesSteerNoRequestElsewhere(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	for _, tool := range tools.All() {
		declared := map[string]bool{}
		for _, op := range append(append([]*api.Operation{}, tool.Operations...), tool.MayCall...) {
			declared[op.ID] = true
			if op.AliasOf != "" {
				declared[op.AliasOf] = true
			}
		}
		for key, v := range tool.Examples.Valid {
			if _, ok := v.(string); !ok {
				continue
			}
			for _, bad := range r71Claims8PathValues {
				args := map[string]any{}
				for k, v := range tool.Examples.Valid {
					args[k] = v
				}
				args[key] = bad
				before, apps := upstreamCalls(h), h.emu.AppCount("sandbox")
				refused, said := r71Claims8Call(h, tool.Name, args)
				for op, n := range upstreamCalls(h) {
					if n != before[op] && op.Method != "GET" && !declared[op.ID] {
						t.Errorf("%s %s=%q: called %s %s, which it does not declare: %.200s", tool.Name, key, bad, op.Method, op.Path, said)
					}
				}
				if h.emu.AppCount("sandbox") < apps && tool.Name != "delete_app" {
					t.Errorf("%s %s=%q deleted an app: %.200s", tool.Name, key, bad, said)
				}
				if !refused && strings.Contains(bad, "\n") && r71Claims8Names[key] {
					t.Errorf("%s %s=%q: a line break accepted: %.200s", tool.Name, key, bad, said)
				}
			}
		}
	}
}

// r71Claims8Keys are every API key the emulator holds for org's apps now.
func r71Claims8Keys(h *harness) []string {
	var keys []string
	for id := int64(1); id < 2000; id++ {
		for n := 1; n <= 2; n++ {
			if k, ok := h.emu.APIKey("sandbox", id, n); ok && len(k) > 8 {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// TestR71Claims8APIKeysOnlyWhereSaid: README says API keys appear only in get_api_keys,
// regenerate_api_key and rotate_api_keys, and --mask-api-keys shows only their last 4
// characters. Every tool's valid example (no confirmation asked) and every resource is read, the
// results' text, structured content and whole message searched for every key the emulator holds
// before and after the call: any other tool showing one, or any tool when masked, fails.
func TestR71Claims8APIKeysOnlyWhereSaid(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	allowed := map[string]bool{"get_api_keys": true, "regenerate_api_key": true, "rotate_api_keys": true}
	for _, masked := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true, MaskAPIKeys: masked}})
		if len(r71Claims8Keys(h)) < 4 {
			t.Fatalf("the demo holds %d keys", len(r71Claims8Keys(h)))
		}
		shown := 0
		for _, tool := range tools.All() {
			before := r71Claims8Keys(h)
			var req mcp.CallToolRequest
			req.Params.Name = tool.Name
			req.Params.Arguments = tool.Examples.Valid
			res, err := h.mcp.CallTool(context.Background(), req)
			if err != nil {
				t.Fatalf("%s: %v", tool.Name, err)
			}
			all := text(res) + "\n" + everything(res) + "\n" + unescapedJSON(t, res.StructuredContent)
			for _, k := range append(before, r71Claims8Keys(h)...) {
				if !strings.Contains(all, k) {
					continue
				}
				shown++
				if masked || !allowed[tool.Name] {
					t.Errorf("masked %t: %s shows an API key (…%s): %.300s", masked, tool.Name, k[len(k)-4:], text(res))
				}
			}
		}
		ctx := context.Background()
		list, err := h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, uri := range append([]string{"spice://apps/analytics-app", "spice://apps/docs-search"}, r71Claims8URIs(list)...) {
			var req mcp.ReadResourceRequest
			req.Params.URI = uri
			read, err := h.mcp.ReadResource(ctx, req)
			if err != nil {
				continue
			}
			all := unescapedJSON(t, read)
			for _, k := range r71Claims8Keys(h) {
				if strings.Contains(all, k) {
					t.Errorf("masked %t: resource %s shows an API key (…%s)", masked, uri, k[len(k)-4:])
				}
			}
		}
		if !masked && shown == 0 {
			t.Error("unmasked, no tool showed a key: the search finds nothing")
		}
	}
}

func r71Claims8URIs(list *mcp.ListResourcesResult) []string {
	var out []string
	for _, r := range list.Resources {
		out = append(out, r.URI)
	}
	return out
}

// TestR71Claims8WrongKindsRefusedBeforeAnyRequest: every argument of every tool's valid example
// given a value of each other JSON kind (a number, a boolean, an array, an object, a string of
// spaces) with no confirmation asked: a refusal saying nothing was sent names the argument and
// sent no request (199 of them); the others took a kind the argument takes (a number as an app's
// ID or a deployment's) and were refused by a lookup or the API, or ran.
func TestR71Claims8WrongKindsRefusedBeforeAnyRequest(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	refusals := 0
	for _, tool := range tools.All() {
		for key := range tool.Examples.Valid {
			for _, bad := range []any{12345, true, []any{"x"}, map[string]any{"x": 1}, "   "} {
				args := map[string]any{}
				for k, v := range tool.Examples.Valid {
					args[k] = v
				}
				args[key] = bad
				before := r63Hostile7Calls(h)
				refused, said := r71Claims8Call(h, tool.Name, args)
				if !refused {
					continue
				}
				if !strings.Contains(said, "nothing was sent") {
					continue // a value of a kind the argument takes, refused by a lookup or the API
				}
				refusals++
				if n := r63Hostile7Calls(h) - before; n != 0 || !strings.Contains(said, key) {
					t.Errorf("%s %s=%v: refused after %d requests, or not naming %s: %.300s", tool.Name, key, bad, n, key, said)
				}
			}
		}
	}
	if refusals < 100 {
		t.Errorf("%d refusals; the probe refused too little to hold anything", refusals)
	}
	t.Logf("%d refusals before any request", refusals)
}

// TestR71Claims8SecretValueInNoRefusal: an agent that passes a secret's value (set_secret's
// value, create_and_deploy_app's secrets) next to something refused — a bad name, an unknown
// argument, a wrong kind elsewhere, an app that does not exist, a value of the wrong kind
// wrapping it — finds the value in no result (text, structured content, the whole message) nor
// log line, whatever is refused.
func TestR71Claims8SecretValueInNoRefusal(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	const canary = "r71canaryV4lue-9f3e"
	pod := "version: v1\nkind: Spicepod\nname: fresh-app\n"
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": canary}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "", "value": canary}},
		{"set_secret", map[string]any{"app": "no-such-app", "name": "PG_PASS", "value": canary}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": []any{canary}}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": map[string]any{canary: canary}}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": canary, "zz": canary}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": canary, "value_from_env": "HOME"}},
		{"set_secret", map[string]any{"app": 12, "name": "PG_PASS", "value": canary}},
		{"create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": pod, "secrets": map[string]any{"BAD-NAME": canary}}},
		{"create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": pod, "secrets": map[string]any{"PG_PASS": []any{canary}}}},
		{"create_and_deploy_app", map[string]any{"name": "Fresh App!", "spicepod": pod, "secrets": map[string]any{"PG_PASS": canary}}},
		{"create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": "{", "secrets": map[string]any{"PG_PASS": canary}}},
		{"create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": pod, "region": "mars-1", "secrets": map[string]any{"PG_PASS": canary}}},
	}
	for _, c := range calls {
		var req mcp.CallToolRequest
		req.Params.Name = c.tool
		req.Params.Arguments = c.args
		res, err := h.mcp.CallTool(context.Background(), req)
		all := ""
		if err != nil {
			all = err.Error()
		} else {
			all = text(res) + "\n" + everything(res) + "\n" + unescapedJSON(t, res.StructuredContent)
			if !res.IsError {
				t.Errorf("%s %v: not refused: %.200s", c.tool, c.args, text(res))
			}
		}
		if strings.Contains(all, canary) || strings.Contains(all, canary[:12]) {
			t.Errorf("%s: the value shows in the answer: %.400s", c.tool, all)
		}
	}
	if strings.Contains(h.logs.String(), canary[:12]) {
		t.Errorf("a log line holds the value")
	}
}

// TestR71Claims8FilteredToolsUnreachableBySpelling: --exclude-tools, --tools and --toolsets as
// --read-only: a tool tools/list does not show, called with its valid example under any of the
// spellings above (no confirmation asked), is refused and sends nothing but GETs.
func TestR71Claims8FilteredToolsUnreachableBySpelling(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	for _, policy := range []tools.Policy{
		{ExcludeTools: []string{"delete_app", "set_secret", "remove_member"}},
		{Tools: []string{"list_apps", "get_app"}},
		{Toolsets: []string{tools.Toolsets[0]}},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: policy, safety: tools.Safety{NoConfirm: true}})
		listed := map[string]bool{}
		for _, tool := range h.listTools(t) {
			listed[tool.Name] = true
		}
		hidden := 0
		for _, tool := range tools.All() {
			if listed[tool.Name] {
				continue
			}
			hidden++
			for _, name := range r71Claims8Spellings(tool.Name) {
				before := r71Claims8Writes(h)
				if refused, said := r71Claims8Call(h, name, tool.Examples.Valid); !refused || r71Claims8Writes(h) != before {
					t.Errorf("%+v: %q ran: %.200s", policy, name, said)
				}
			}
		}
		if hidden < 3 {
			t.Errorf("%+v hides %d tools", policy, hidden)
		}
	}
}

// TestR71Claims8ApprovalServesNoOtherSpelling: a person approves delete_app of docs-search on the
// page; the agent then calls it for the same app spelled otherwise (its ID, its name in capitals,
// an org added) or for the other app: none of those calls deletes anything, each gets a link of
// its own; the call approved deletes docs-search, once.
func TestR71Claims8ApprovalServesNoOtherSpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	browser := &page{}
	link := linkIn(t, h.call(t, "delete_app", map[string]any{"app": "docs-search"}))
	if status, body := browser.answer(t, link, url.Values{"decision": {"approve"}}); status != http.StatusOK {
		t.Fatalf("approving: %d %.300s", status, body)
	}
	n := h.emu.AppCount("sandbox")
	for _, args := range []map[string]any{
		{"app": "102"}, {"app": "DOCS-SEARCH"}, {"app": "docs-search", "org": "sandbox"}, {"app": "analytics-app"}, {"app": 102},
	} {
		res := h.call(t, "delete_app", args)
		if h.emu.AppCount("sandbox") != n || r71Claims8Writes(h) != 0 {
			t.Fatalf("%v: the approval of another call deleted an app: %.300s", args, text(res))
		}
		if other := linkIn(t, res); other == link {
			t.Errorf("%v: given the approved call's link", args)
		}
	}
	if res := h.call(t, "delete_app", map[string]any{"app": "docs-search"}); res.IsError || h.emu.AppCount("sandbox") != n-1 {
		t.Fatalf("the approved call: %.300s", text(res))
	}
	if res := h.call(t, "delete_app", map[string]any{"app": "docs-search"}); !res.IsError || h.emu.AppCount("sandbox") != n-1 {
		t.Errorf("the approved call again: %.300s", text(res))
	}
}
