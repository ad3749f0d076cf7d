package mcpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR52ClaimsOpenedLinksNeverReachTheAgent: README (Safety, Limits) says that when the server
// opens pages in the person's browser itself "the result does not contain the link, so the agent
// never holds it". An agent that wants the link tries every way it has of being handed it back:
// it repeats each approval-gated call while its page is pending (the same call, and the same call
// with `confirm`), repeats a secret-entry call, whose identical calls share one page, asks for a
// deploy's missing secret twice, and reads whoami, the resources and the progress it was sent.
// No result, structured content or progress notification holds any opened page's URL or its
// token, and nothing was changed.
func TestR52ClaimsOpenedLinksNeverReachTheAgent(t *testing.T) {
	opened := &openedPages{}
	human := humanweb.New(humanweb.Options{Open: opened.open})
	t.Cleanup(func() { _ = human.Close() })
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, human: human})
	pod := "version: v1\nkind: Spicepod\nname: r52-pod\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: ${secrets:R52_PG_PASS}\n"
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"delete_app", map[string]any{"app": "docs-search"}},
		{"pause_app", map[string]any{"app": "analytics-app"}},
		{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"viewer"}}},
		{"remove_member", map[string]any{"member": "bob"}},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "R52_OPENED"}},
		{"create_and_deploy_app", map[string]any{"name": "r52-opened", "spicepod": pod}},
	}
	keyBefore, _ := h.emu.APIKey("sandbox", h.appID(t, "analytics-app"), 2)
	var shown []string
	for _, c := range calls {
		for round := range 3 {
			args := c.args
			if round == 2 { // an agent's own confirm, as if it could approve by naming the target
				args = maps2(c.args, "confirm", "docs-search")
			}
			res := h.call(t, c.tool, args)
			shown = append(shown, c.tool+": "+everything(res))
		}
	}
	for _, tool := range []string{"whoami", "list_apps", "describe_app"} {
		args := map[string]any{}
		if tool == "describe_app" {
			args["app"] = "analytics-app"
		}
		shown = append(shown, tool+": "+everything(h.call(t, tool, args)))
	}
	for _, uri := range []string{"spice://apps", "spice://apps/analytics-app", "spice://apps/docs-search"} {
		var req mcp.ReadResourceRequest
		req.Params.URI = uri
		res, err := h.mcp.ReadResource(context.Background(), req)
		raw, _ := json.Marshal(res)
		shown = append(shown, uri+": "+string(raw)+errString(err))
	}
	_, events := h.recorded()
	shown = append(shown, "progress: "+strings.Join(events, "\n"))

	opened.mu.Lock()
	links := slices.Clone(opened.urls)
	opened.mu.Unlock()
	if len(links) < len(calls)-1 { // identical set_secret calls may share one form
		t.Fatalf("only %d pages were opened for %d gated calls: %v", len(links), len(calls), links)
	}
	all := strings.Join(shown, "\n")
	for _, link := range links {
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		token := path.Base(u.Path)
		if len(token) < 20 {
			t.Fatalf("the link %s has no token to look for", link)
		}
		if strings.Contains(all, token) {
			t.Errorf("the agent was handed the opened page %s:\n%s", link, excerptAround(all, token))
		}
	}
	if found := humanweb.URLPattern.FindAllString(all, -1); len(found) > 0 {
		t.Errorf("a page link reached the agent: %v", found)
	}
	// create_and_deploy_app creates its app before asking for the values; docs-search stays.
	if h.emu.AppCount("sandbox") != 3 {
		t.Errorf("%d apps, want the two demo apps and r52-opened: an app was deleted without an approval", h.emu.AppCount("sandbox"))
	}
	h.appID(t, "docs-search")
	if keyAfter, _ := h.emu.APIKey("sandbox", h.appID(t, "analytics-app"), 2); keyAfter != keyBefore {
		t.Error("the secondary key was replaced without an approval")
	}
	if _, ok := h.emu.SecretValue("sandbox", h.appID(t, "analytics-app"), "R52_OPENED"); ok {
		t.Error("a secret was stored without the person")
	}
}

// maps2 is m with one more key.
func maps2(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for key, val := range m {
		out[key] = val
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return " error: " + err.Error()
}

// excerptAround is s around the first occurrence of needle.
func excerptAround(s, needle string) string {
	i := strings.Index(s, needle)
	return s[max(0, i-300):min(len(s), i+len(needle)+100)]
}

// r52ClaimsSpicepodSentence is README's list of the tools with which an agent may change what
// an app's runtime runs without asking anyone (Safety, Secret values the model never sees).
func r52ClaimsSpicepodSentence(t *testing.T) (string, []string) {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	const lead = "an agent that may change the spicepod ("
	i := strings.Index(flat, lead)
	if i < 0 {
		t.Fatalf("README no longer says %q", lead)
	}
	rest := flat[i+len(lead):]
	end := strings.Index(rest, "ask no one")
	if end < 0 {
		t.Fatalf("README's list after %q does not end with \"ask no one\"", lead)
	}
	var names []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(rest[:end], -1) {
		names = append(names, m[1])
	}
	return flat[i : i+len(lead)+end], names
}

// TestR52ClaimsSpicepodChangersAreAllNamed: README says what a spicepod makes the runtime do
// with a secret is beyond this server's reach, names the tools with which an agent may change the
// spicepod asking no one, and says `--exclude-tools` keeps it from that. An operator excluding
// exactly the tools README names must leave the agent no tool that changes what the runtime
// runs: every tool that sends updateProject (a spicepod, or the production branch a connected
// app deploys from) or connectProjectRepository (after which the spicepod comes from a
// repository and branch the agent picked) is named. Then, as the agent, with those tools
// excluded, connecting the app to another repository is refused and leaves the app as it was.
func TestR52ClaimsSpicepodChangersAreAllNamed(t *testing.T) {
	sentence, named := r52ClaimsSpicepodSentence(t)
	changesWhatRuns := []*api.Operation{api.UpdateProject, api.ConnectProjectRepository}
	for _, def := range tools.All() {
		ops := slices.Concat(def.Operations, def.MayCall)
		if !slices.ContainsFunc(changesWhatRuns, func(op *api.Operation) bool { return slices.Contains(ops, op) }) {
			continue
		}
		if !slices.Contains(named, def.Name) {
			t.Errorf("%s changes what an app's runtime runs, asking no one, but README does not name it: %q", def.Name, sentence)
		}
	}

	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: named}})
	for _, tool := range []string{"connect_repository", "update_app", "create_and_deploy_app"} {
		var args map[string]any
		switch tool {
		case "connect_repository":
			args = map[string]any{"app": "analytics-app", "repository": "r52-elsewhere"}
		case "update_app":
			args = map[string]any{"app": "analytics-app", "production_branch": "r52-exfil"}
		default:
			args = map[string]any{"name": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: r52-changed\n"}
		}
		if res := h.call(t, tool, args); !res.IsError {
			t.Errorf("%s with README's spicepod tools excluded (%v) still changed the app:\n%s", tool, named, text(res))
		}
	}
	app := h.ok(t, "get_app", map[string]any{"app": "analytics-app"})
	if strings.Contains(app, "r52-elsewhere") || strings.Contains(app, "r52-exfil") || strings.Contains(app, "r52-changed") {
		t.Errorf("the app changed:\n%s", app)
	}
}

// TestR52ClaimsHiddenToolsAnswerToNoSpelling: README says --read-only "refuses every other tool
// by name" and that hidden tools "are refused when called by name, with the reason". An agent
// that knows delete_app is hidden calls it under other spellings — letter case, spaces, a
// hyphen, camel case, a zero-width space, a Cyrillic look-alike letter, a NUL — in both protocol
// eras (2026-07-28 calls take their own path): no spelling reaches the API, each is refused, and
// the app is still there; the exact name is refused with the reason.
func TestR52ClaimsHiddenToolsAnswerToNoSpelling(t *testing.T) {
	spellings := []string{"delete_app", "Delete_App", "DELETE_APP", "delete_app ", " delete_app", "delete-app", "deleteApp",
		"delete_app\u200b", "d\u0435lete_app", "delete_app\x00", "delete_app\n", "ｄelete_app"}
	for _, setup := range []struct {
		name   string
		policy tools.Policy
		reason string
	}{
		{"exclude", tools.Policy{ExcludeTools: []string{"delete_app"}}, "--exclude-tools"},
		{"read-only", tools.Policy{ReadOnly: true, Tools: tools.Names()}, "read-only"},
	} {
		for _, protocol := range []string{"", "modern"} {
			t.Run(setup.name+"/"+protocol, func(t *testing.T) {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: setup.policy, protocol: protocol,
					safety: tools.Safety{NoConfirm: true}})
				before := h.emu.Calls("deleteProject") + h.emu.Calls("deleteApp")
				for _, name := range spellings {
					var req mcp.CallToolRequest
					req.Params.Name = name
					req.Params.Arguments = map[string]any{"app": "docs-search"}
					res, err := h.mcp.CallTool(context.Background(), req)
					switch {
					case err != nil: // a protocol error: nothing ran
					case !res.IsError:
						t.Errorf("%q was served: %s", name, text(res))
					case name == "delete_app":
						mustContain(t, name, text(res), "delete_app", setup.reason)
					}
				}
				if h.emu.Calls("deleteProject")+h.emu.Calls("deleteApp") != before || h.emu.AppCount("sandbox") != 2 {
					t.Error("a spelling of a hidden delete_app reached the API")
				}
			})
		}
	}
}

// TestR52ClaimsMaskedKeysStayMaskedWhenMade: README (Secret hygiene) says --mask-api-keys shows
// "only their last 4 characters". The canary sweep reads the keys before any call; an agent
// after a full key asks for fresh ones instead: with confirmation off (nothing asks), it
// regenerates each key, runs a rotation's both steps (and a forced extra start), reads the keys,
// describes the app and reads its resource, in both protocol eras. No key the app ever had shows
// in full in any result, structured content, progress notification or log line.
func TestR52ClaimsMaskedKeysStayMaskedWhenMade(t *testing.T) {
	for _, protocol := range []string{"", "modern"} {
		t.Run("protocol="+protocol, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol,
				safety: tools.Safety{MaskAPIKeys: true, NoConfirm: true}})
			id := h.appID(t, "analytics-app")
			keys := map[string]bool{}
			readKeys := func() {
				for _, n := range []int{1, 2} {
					if k, ok := h.emu.APIKey("sandbox", id, n); ok {
						keys[k] = true
					}
				}
			}
			readKeys()
			var seen []string
			for _, c := range []struct {
				tool string
				args map[string]any
			}{
				{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1}},
				{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}},
				{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
				{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}},
				{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
				{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "force": true}},
				{"get_api_keys", map[string]any{"app": "analytics-app"}},
				{"describe_app", map[string]any{"app": "analytics-app"}},
			} {
				res, err := h.callWithProgress(t, context.Background(), c.tool, c.args)
				if err != nil {
					seen = append(seen, err.Error())
				} else {
					seen = append(seen, everything(res))
					if res.IsError && c.tool != "rotate_api_keys" {
						t.Errorf("%s %v failed: %s", c.tool, c.args, text(res))
					}
				}
				readKeys()
			}
			var req mcp.ReadResourceRequest
			req.Params.URI = "spice://apps/analytics-app"
			res, err := h.mcp.ReadResource(context.Background(), req)
			raw, _ := json.Marshal(res)
			seen = append(seen, string(raw)+errString(err))
			_, events := h.recorded()
			all := strings.Join(seen, "\n") + strings.Join(events, "\n") + h.logs.String()
			if len(keys) < 5 {
				t.Fatalf("only %d keys were made: the run did not regenerate", len(keys))
			}
			for k := range keys {
				if strings.Contains(all, k) {
					t.Errorf("a key shows in full under --mask-api-keys: %s", excerptAround(all, k))
				}
			}
		})
	}
}

// r52ClaimsApprovedTools are the tools README's first safety rule says change nothing until a
// person approves (Safety, "Approvals only a person can give").
func r52ClaimsApprovedTools(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	const lead, end = "(`--confirm=human`, the default).", "change nothing until a person approves"
	i := strings.Index(flat, lead)
	j := strings.Index(flat[max(i, 0):], end)
	if i < 0 || j < 0 {
		t.Fatalf("README no longer lists the approved tools between %q and %q", lead, end)
	}
	var names []string
	for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(flat[i:i+j], -1) {
		if _, ok := tools.ByName(m[1]); ok && !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// TestR52ClaimsNoSecondToolReachesAnApprovedChange: README says delete_app, delete_secret,
// pause_app, remove_member, update_member_roles, regenerate_api_key, rotate_api_keys (and
// add_member granting admin or owner) change nothing until a person approves. An agent denied
// one looks for another tool that sends the same API operation (or its deprecated alias): every
// tool that may send a change one of those tools makes is itself in README's list.
func TestR52ClaimsNoSecondToolReachesAnApprovedChange(t *testing.T) {
	approved := r52ClaimsApprovedTools(t)
	if len(approved) < 8 {
		t.Fatalf("README's approved tools read as %v", approved)
	}
	gatedOps := map[string]string{} // operationId → the approved tool that sends it
	for _, name := range approved {
		def, _ := tools.ByName(name)
		for _, op := range slices.Concat(def.Operations, def.MayCall) {
			if op.Method != "GET" && op.Method != "HEAD" {
				gatedOps[op.ID] = name
			}
		}
	}
	for _, must := range []string{"deleteProject", "deleteProjectSecret", "pauseProject", "removeMember", "updateMemberRoles", "regenerateProjectApiKey", "addMember"} {
		if _, ok := gatedOps[must]; !ok {
			t.Errorf("no approved tool sends %s: gated operations read as %v", must, gatedOps)
		}
	}
	for _, def := range tools.All() {
		if slices.Contains(approved, def.Name) {
			continue
		}
		for _, op := range slices.Concat(def.Operations, def.MayCall) {
			for _, id := range []string{op.ID, op.AliasOf} {
				if by, ok := gatedOps[id]; ok && id != "" {
					t.Errorf("%s sends %s, which %s sends only once a person approves, yet README does not list %s", def.Name, id, by, def.Name)
				}
			}
		}
	}
}

// TestR52ClaimsAddMemberGrantsNoAdminUnasked: README says add_member "when it grants admin or
// owner" changes nothing until a person approves, and a plain member, viewer or billing user is
// added without asking. An agent wanting an admin added unasked spells the role otherwise —
// letter case, spaces, a Cyrillic look-alike, a fullwidth letter, a zero-width space, the role
// twice, beside a plain one, as a string rather than a list, under a singular `role`, in both
// protocol eras — with the person declining every question: no spelling reaches addMember, so
// none grants anything. A plain member is still added without a question.
func TestR52ClaimsAddMemberGrantsNoAdminUnasked(t *testing.T) {
	for _, protocol := range []string{"", "modern"} {
		t.Run("protocol="+protocol, func(t *testing.T) {
			var asked atomic.Int32
			opts := harnessOptions{cfg: memberWorld([]string{"*"}), token: "tok-carol", protocol: protocol,
				safety: tools.Safety{Confirm: tools.ConfirmHuman}}
			opts.elicit = func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				asked.Add(1)
				return memberDecline, nil
			}
			h := newHarness(t, opts)
			for _, args := range []string{
				`{"username":"erin","roles":["Admin"]}`, `{"username":"erin","roles":["OWNER"]}`,
				`{"username":"erin","roles":[" admin"]}`, `{"username":"erin","roles":["admin "]}`,
				`{"username":"erin","roles":["\u0430dmin"]}`, `{"username":"erin","roles":["оwner"]}`,
				`{"username":"erin","roles":["ａdmin"]}`, `{"username":"erin","roles":["ad\u200bmin"]}`,
				`{"username":"erin","roles":["admin","admin"]}`, `{"username":"erin","roles":["member","admin"]}`,
				`{"username":"erin","roles":["billing","owner"]}`, `{"username":"erin","roles":"admin"}`,
				`{"username":"erin","role":"admin"}`, `{"username":"erin","roles":["member"],"roles":["admin"]}`,
				`{"username":"erin","roles":["admin"],"confirm":"erin"}`,
			} {
				res := h.callRaw(t, "add_member", args)
				if !res.IsError {
					t.Errorf("%s: added with nobody approving: %s", args, text(res))
				}
			}
			if n := h.emu.Calls(api.AddMember.ID); n != 0 {
				t.Fatalf("%d addMember requests reached the API with every question declined", n)
			}
			before := asked.Load()
			mustContain(t, "plain member", h.ok(t, "add_member", map[string]any{"username": "erin", "roles": []any{"member"}}), "erin")
			if asked.Load() != before {
				t.Error("adding a plain member asked a question")
			}
		})
	}
}

// TestR52ClaimsMaskedSpicepodNeverGoesBack: README (Spicepod masking) says update_app and
// create_and_deploy_app refuse a spicepod that still contains `********`, "so a spicepod copied
// from a result cannot overwrite real values with asterisks". An agent asked to change one
// setting copies the spicepod from wherever it was shown — get_app's text, describe_app's text,
// the spice://apps/{app} resource, get_app's and update_app's structured content (an object) —
// fixes one masked value, and sends it back through both tools. Every copy is refused before
// any request, so no write reaches the API.
func TestR52ClaimsMaskedSpicepodNeverGoesBack(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	pod := "version: v1\nkind: Spicepod\nname: r52\nparams:\n  pg_pass: hunter2-r52-a\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_connection_string: postgres://u:hunter2-r52-b@db/app\n      pg_pass: hunter2-r52-c\n" +
		"  - from: https://example.com/data.csv?sig=hunter2-r52-e&x=1\n    name: h\n    params:\n      http_headers: \"Authorization: Bearer hunter2-r52-f\"\n" +
		"models:\n  - from: openai:gpt-4o\n    name: m\n    params:\n      openai_api_key: sk-proj-hunter2r52habcdefghijklmnopqrstuvwxyz\n"
	updated := h.call(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
	if updated.IsError {
		t.Fatal(text(updated))
	}
	yamlIn := func(what, s string) string {
		i := strings.Index(s, "```yaml\n")
		if i < 0 {
			t.Fatalf("%s shows no spicepod:\n%s", what, s)
		}
		j := strings.Index(s[i+8:], "```")
		return s[i+8 : i+8+j]
	}
	objectIn := func(what string, res *mcp.CallToolResult) map[string]any {
		var out struct {
			Config struct {
				Spicepod map[string]any `json:"spicepod"`
			} `json:"config"`
			App struct {
				Config struct {
					Spicepod map[string]any `json:"spicepod"`
				} `json:"config"`
			} `json:"app"`
		}
		structured(t, res, &out)
		if out.Config.Spicepod != nil {
			return out.Config.Spicepod
		}
		if out.App.Config.Spicepod == nil {
			t.Fatalf("%s's structured content holds no spicepod", what)
		}
		return out.App.Config.Spicepod
	}
	var req mcp.ReadResourceRequest
	req.Params.URI = "spice://apps/analytics-app"
	resource, err := h.mcp.ReadResource(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string]any{
		"get_app text":          yamlIn("get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"})),
		"describe_app text":     yamlIn("describe_app", h.ok(t, "describe_app", map[string]any{"app": "analytics-app"})),
		"resource text":         yamlIn("resource", resource.Contents[0].(mcp.TextResourceContents).Text),
		"get_app structured":    objectIn("get_app", h.call(t, "get_app", map[string]any{"app": "analytics-app"})),
		"update_app structured": objectIn("update_app", updated),
	}
	// The agent puts a real value where one mask was, and leaves the others it cannot know.
	for what, c := range copies {
		if s, ok := c.(string); ok {
			copies[what+", one value fixed"] = strings.Replace(s, `"********"`, "fixed-by-agent", 1)
		}
	}
	before := h.emu.Calls("updateProject") + h.emu.Calls("updateApp") + h.emu.Calls("createProject")
	for what, c := range copies {
		if !strings.Contains(everything(&mcp.CallToolResult{StructuredContent: c}), "********") {
			t.Fatalf("%s shows no mask: the case proves nothing", what)
		}
		for _, call := range []struct {
			tool string
			args map[string]any
		}{
			{"update_app", map[string]any{"app": "analytics-app", "spicepod": c}},
			{"create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": c, "wait": false}},
		} {
			res := h.call(t, call.tool, call.args)
			if !res.IsError || !strings.Contains(text(res), "overwrite the real values") {
				t.Errorf("%s sent back through %s: want a refusal, got %s", what, call.tool, text(res))
			}
		}
	}
	if after := h.emu.Calls("updateProject") + h.emu.Calls("updateApp") + h.emu.Calls("createProject"); after != before {
		t.Errorf("%d writes reached the API with a masked spicepod", after-before)
	}
}

// TestR52ClaimsRerunTakesOverNoOtherApp: README (Resuming) says a create_and_deploy_app re-run
// "reuses an app of the same name only when it carries that tag and is not a fork ... another
// app of the name is refused as taken". An agent that wants to reconfigure an app it did not
// make names it in another letter case, and forges the tag on a fork (through the API: round
// 75's update_app refuses to set it) before naming the fork: each is refused as taken, before
// any write. (The tag is the whole rule for an app that is not a fork, as README says: one
// tagged through the API is reused, which needs apps:write, which could reconfigure it anyway.)
func TestR52ClaimsRerunTakesOverNoOtherApp(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	pod := "version: v1\nkind: Spicepod\nname: r52\n"
	h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "r52-fork"})
	emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(h.appID(t, "r52-fork")), map[string]any{"tags": map[string]string{"created-by": "spice-cloud-mcp"}}, nil)
	writes := func() int {
		return h.emu.Calls("updateProject") + h.emu.Calls("createProject") + h.emu.Calls("createProjectDeployment") + h.emu.Calls("upsertProjectSecret")
	}
	before := writes()
	for _, name := range []string{"analytics-app", "Analytics-App", "ANALYTICS-APP", "r52-fork", "R52-Fork"} {
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": name, "spicepod": pod, "secrets": map[string]any{"R52_X": "v"}, "wait": false})
		if !res.IsError || !strings.Contains(text(res), "already exists and was not created by create_and_deploy_app") {
			t.Errorf("%s: want a refusal as taken, got %s", name, text(res))
		}
	}
	if n := writes() - before; n != 0 {
		t.Errorf("%d writes reached the API for apps create_and_deploy_app did not make", n)
	}
}

// TestR52ClaimsSpicepodIsTextOrObjectOnly: README says `spicepod` "takes YAML text or an object
// and the server refuses anything else naming the field". An agent sends the other JSON kinds,
// null (as if to clear it), and text that parses to no mapping: each is refused naming
// spicepod, before any request.
func TestR52ClaimsSpicepodIsTextOrObjectOnly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	before := h.emu.Calls("updateProject") + h.emu.Calls("createProject")
	for _, v := range []string{`5`, `true`, `["version: v1"]`, `null`, `""`, `"   "`, `"null"`, `"[]"`, `"5"`, `"~"`, `"- a\n- b"`} {
		for _, call := range []string{
			`{"app":"analytics-app","spicepod":` + v + `}`,
			`{"name":"r52-kinds","spicepod":` + v + `,"wait":false}`,
		} {
			tool := "update_app"
			if strings.Contains(call, `"name"`) {
				tool = "create_and_deploy_app"
			}
			res := h.callRaw(t, tool, call)
			if !res.IsError || !strings.Contains(text(res), "spicepod") {
				t.Errorf("%s %s: want a refusal naming spicepod, got %s", tool, call, text(res))
			}
		}
	}
	if n := h.emu.Calls("updateProject") + h.emu.Calls("createProject") - before; n != 0 {
		t.Errorf("%d writes reached the API", n)
	}
}
