package mcpserver_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 73's attacks of an adversarial agent, over a real MCP client, on five README promises
// no round from 70 to 72 attacked.

// r73Claims10Refused is the form README gives an argument refusal's text.
const r73Claims10Refused = "Invalid arguments, nothing was sent: "

// r73Claims10WrongType is a value of another JSON type than the schema's type names.
func r73Claims10WrongType(schema any) (any, bool) {
	prop, _ := schema.(map[string]any)
	switch typ, _ := prop["type"].(string); typ {
	case "string":
		return map[string]any{"$ne": 1}, true
	case "integer", "number":
		return "1; DROP TABLE apps", true
	case "boolean":
		return "yes", true
	case "object":
		return []any{1, "x"}, true
	case "array":
		return "a,b", true
	}
	return nil, false
}

// TestR73Claims10ArgumentRefusalsSendNothingInEveryTool: README, "A refusal — of arguments
// before anything is sent, or the API's error — carries none [no structured content], in every
// tool: its facts are in its text in one form, Invalid arguments, nothing was sent: FIELD: RULE".
// An agent sends every listed tool its invalid example, its valid one with an unknown argument,
// and its valid one with each argument in turn of another JSON type: every refusal in that form
// carries no structured content, names a field, and reached the API with no request at all.
func TestR73Claims10ArgumentRefusalsSendNothingInEveryTool(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, outputSchemas: true, safety: tools.Safety{NoConfirm: true}})
	refusals, shapes := 0, 0
	for _, listed := range h.listTools(t) {
		tool, ok := tools.ByName(listed.Name)
		if !ok {
			t.Fatalf("%s is listed but no tool", listed.Name)
		}
		type attempt struct {
			what     string
			args     map[string]any
			mustFail bool
		}
		attempts := []attempt{{"its invalid example", tool.Examples.Invalid, true}}
		withExtra := maps.Clone(tool.Examples.Valid)
		if withExtra == nil {
			withExtra = map[string]any{}
		}
		withExtra["r73_unknown"] = "x"
		attempts = append(attempts, attempt{"an unknown argument", withExtra, true})
		for _, name := range slices.Sorted(maps.Keys(listed.InputSchema.Properties)) {
			bad, ok := r73Claims10WrongType(listed.InputSchema.Properties[name])
			if !ok {
				continue
			}
			args := maps.Clone(tool.Examples.Valid)
			if args == nil {
				args = map[string]any{}
			}
			args[name] = bad
			attempts = append(attempts, attempt{name + " of another type", args, false})
		}
		for _, a := range attempts {
			shapes++
			before := totalCalls(h)
			res := h.call(t, listed.Name, a.args)
			out := text(res)
			if !res.IsError || !strings.HasPrefix(out, r73Claims10Refused) {
				if a.mustFail {
					t.Errorf("%s with %s: want an argument refusal, got:\n%.400s", listed.Name, a.what, out)
				}
				continue
			}
			refusals++
			if n := totalCalls(h) - before; n != 0 {
				t.Errorf("%s with %s: refused as nothing sent, yet %d API requests were made", listed.Name, a.what, n)
			}
			if res.StructuredContent != nil {
				t.Errorf("%s with %s: the refusal carries structured content %v", listed.Name, a.what, res.StructuredContent)
			}
			field, rule, found := strings.Cut(strings.TrimPrefix(out, r73Claims10Refused), ": ")
			if !found || field == "" || strings.ContainsAny(field, " \n") || rule == "" {
				t.Errorf("%s with %s: the refusal names no FIELD: RULE:\n%.400s", listed.Name, a.what, out)
			}
		}
	}
	if refusals < 100 {
		t.Errorf("%d argument refusals over %d shapes; round 73 counted far more", refusals, shapes)
	}
	t.Logf("%d argument refusals over %d shapes", refusals, shapes)
}

// TestR73Claims10LongMemberReferenceInEveryShape: README, "A member reference (and add_member's
// username) over 1,024 characters (rules.MemberRefMax) is refused naming the field and the limit
// before any request, and not quoted back". Round 45 sent é; an agent sends 1,025 characters
// of other shapes (4-byte emoji, combining accents, zero-width spaces between letters, line
// breaks), each refused by every member tool before any request, naming the field, quoting no
// run of it back; 1,024 emoji (4,096 bytes) pass the rule, which counts characters.
func TestR73Claims10LongMemberReferenceInEveryShape(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	over := rules.MemberRefMax + 1
	shapes := []struct{ what, unit, value string }{
		{"ASCII letters", "a", strings.Repeat("a", over)},
		{"4-byte emoji", "🙂", strings.Repeat("🙂", over)},
		{"combining accents", "e\u0301", strings.Repeat("e\u0301", (over+1)/2)},
		{"zero-width spaces between letters", "b\u200b", strings.Repeat("b\u200b", (over+1)/2)},
		{"line breaks", "bob\n", strings.Repeat("bob\n", (over+3)/4)},
	}
	for _, s := range shapes {
		for _, tc := range []struct {
			tool, field string
			args        map[string]any
		}{
			{"get_member", "member", map[string]any{"member": s.value}},
			{"remove_member", "member", map[string]any{"member": s.value}},
			{"update_member_roles", "member", map[string]any{"member": s.value, "roles": []string{"admin"}}},
			{"add_member", "username", map[string]any{"username": s.value}},
		} {
			before := totalCalls(h)
			res := h.call(t, tc.tool, tc.args)
			out := text(res)
			if !res.IsError {
				t.Errorf("%s with %d %s: not refused:\n%.300s", tc.tool, over, s.what, out)
				continue
			}
			mustContain(t, tc.tool+" "+s.what, out, r73Claims10Refused, tc.field+":")
			if s.what != "line breaks" {
				mustContain(t, tc.tool+" "+s.what, out, "must be at most 1,024 characters")
			}
			if n := totalCalls(h) - before; n != 0 {
				t.Errorf("%s with %s: %d API requests before the refusal", tc.tool, s.what, n)
			}
			if run := strings.Repeat(s.unit, 16); strings.Contains(out, run) || strings.Contains(out, strings.TrimSpace(run)) {
				t.Errorf("%s with %s: the reference is quoted back:\n%.300s", tc.tool, s.what, out)
			}
		}
	}
	before := totalCalls(h)
	out := text(h.call(t, "get_member", map[string]any{"member": strings.Repeat("🙂", rules.MemberRefMax)}))
	if strings.Contains(out, "must be at most") || totalCalls(h) == before {
		t.Errorf("1,024 emoji are refused by the rule, or sent nothing: %.300s", out)
	}
}

// r73Claims10App reads an app back through get_app.
func r73Claims10App(t *testing.T, h *harness, name string) client.Project {
	t.Helper()
	var app client.Project
	structured(t, h.call(t, "get_app", map[string]any{"app": name}), &app)
	return app
}

// TestR73Claims10OnlyTwoSpellingsReachAnAppByID: README, "`id:101` is always the app with ID
// 101. Anything else is first a name …; digits in plain decimal (`101`, not `0101`) that name no
// app are an ID". An agent aims update_app at analytics-app's ID in 19 other spellings (capital
// ID:, spaces, a leading zero or plus, full-width digits, a zero-width space, a decimal point):
// none changes the app; "101" and "id:101" do.
func TestR73Claims10OnlyTwoSpellingsReachAnAppByID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	n := fmt.Sprint(h.appID(t, "analytics-app"))
	wide := strings.Map(func(r rune) rune { return r - '0' + '０' }, n)
	arabic := strings.Map(func(r rune) rune { return r - '0' + '٠' }, n)
	orig := r73Claims10App(t, h, "analytics-app").Description
	for i, ref := range []string{"ID:" + n, "Id:" + n, "id: " + n, "id:0" + n, "id:+" + n, "id:" + n + " ", " id:" + n, "id:" + wide,
		"id:" + n + "\u200b", "id\u200b:" + n, "id::" + n, "0" + n, "+" + n, " " + n, n + " ", wide, arabic, n + ".0", n + "\u200b"} {
		res := h.call(t, "update_app", map[string]any{"app": ref, "description": fmt.Sprintf("r73-mallory-%d", i)})
		if got := r73Claims10App(t, h, "analytics-app").Description; got != orig {
			t.Fatalf("update_app with app %q reached app %s (description now %q):\n%.300s", ref, n, got, text(res))
		}
		if !res.IsError {
			t.Errorf("update_app with app %q succeeded on some app:\n%.300s", ref, text(res))
		}
	}
	for _, ref := range []string{n, "id:" + n} {
		h.ok(t, "update_app", map[string]any{"app": ref, "description": "r73 by " + ref})
		if got := r73Claims10App(t, h, "analytics-app").Description; got != "r73 by "+ref {
			t.Errorf("update_app with app %q left the description %q", ref, got)
		}
	}
}

// TestR73Claims10TagAndSecretValuesNotStringsSendNothing: README, "In tags (every tool) and
// secrets, a value that is not a string, null included, and a key given twice are refused,
// naming the key (tags.team): nothing is sent as "", and no value is dropped". An agent sends
// a number, a fraction, a boolean, null, a list and an object as a tag's value to update_app
// and create_app, and as a secret's to create_and_deploy_app: each is refused naming the key,
// with no request, and the app's tags and the organization's apps stay as they were.
func TestR73Claims10TagAndSecretValuesNotStringsSendNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	tags := r73Claims10App(t, h, "analytics-app").Tags
	apps := h.emu.AppCount("sandbox")
	for _, v := range []any{1, 1.5, true, nil, []any{"a"}, map[string]any{"x": "y"}} {
		for _, tc := range []struct{ tool, key string }{{"update_app", "tags"}, {"create_app", "tags"}, {"create_and_deploy_app", "secrets"}} {
			args := map[string]any{"app": "analytics-app"}
			if tc.tool != "update_app" {
				tool, _ := tools.ByName(tc.tool)
				args = maps.Clone(tool.Examples.Valid)
			}
			args[tc.key] = map[string]any{"team": v}
			before := totalCalls(h)
			res := h.call(t, tc.tool, args)
			if !res.IsError {
				t.Errorf("%s with %s.team %v: not refused:\n%.300s", tc.tool, tc.key, v, text(res))
				continue
			}
			mustContain(t, fmt.Sprintf("%s %s.team %v", tc.tool, tc.key, v), text(res), r73Claims10Refused, tc.key+".team")
			if n := totalCalls(h) - before; n != 0 {
				t.Errorf("%s with %s.team %v: %d API requests before the refusal", tc.tool, tc.key, v, n)
			}
		}
	}
	if got := r73Claims10App(t, h, "analytics-app").Tags; !maps.Equal(got, tags) {
		t.Errorf("analytics-app's tags changed: %v, were %v", got, tags)
	}
	if got := h.emu.AppCount("sandbox"); got != apps {
		t.Errorf("%d apps, were %d", got, apps)
	}
}

// TestR73Claims10KeysGivenTwiceInAnySpelling: README, "a key given twice are refused, naming the
// key … and for an argument itself (app twice, or App for app)". An agent sends raw JSON where
// the second copy of a key is spelled with a JSON escape ("\u0061pp" is app), or differs in
// case, for an argument and a tag: each is refused naming it, with no request, and neither app
// is changed.
func TestR73Claims10KeysGivenTwiceInAnySpelling(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	analytics, docs := r73Claims10App(t, h, "analytics-app"), r73Claims10App(t, h, "docs-search")
	for _, tc := range []struct{ raw, field string }{
		{`{"app":"analytics-app","app":"docs-search","description":"r73"}`, "app"},
		{`{"app":"analytics-app","\u0061pp":"docs-search","description":"r73"}`, "app"},
		{`{"app":"analytics-app","App":"docs-search","description":"r73"}`, "app"},
		{`{"app":"analytics-app","APP":"docs-search","description":"r73"}`, "app"},
		{`{"app":"analytics-app","description":"r73","d\u0065scription":"r74"}`, "description"},
		{`{"app":"analytics-app","tags":{"team":"a","team":"b"}}`, `tags: key "team" is given twice`},
		{`{"app":"analytics-app","tags":{"team":"a","te\u0061m":"b"}}`, `tags: key "team" is given twice`},
	} {
		before := totalCalls(h)
		res := h.callRaw(t, "update_app", tc.raw)
		if !res.IsError {
			t.Errorf("update_app %s: not refused:\n%.300s", tc.raw, text(res))
			continue
		}
		mustContain(t, "update_app "+tc.raw, text(res), r73Claims10Refused, tc.field)
		if n := totalCalls(h) - before; n != 0 {
			t.Errorf("update_app %s: %d API requests before the refusal", tc.raw, n)
		}
	}
	if a, d := r73Claims10App(t, h, "analytics-app"), r73Claims10App(t, h, "docs-search"); a.Description != analytics.Description ||
		!maps.Equal(a.Tags, analytics.Tags) || d.Description != docs.Description {
		t.Errorf("an app changed: analytics-app %q %v, docs-search %q", a.Description, a.Tags, d.Description)
	}
}
