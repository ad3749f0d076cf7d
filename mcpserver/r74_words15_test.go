package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r74Words15Imperative is r73Words14Imperative with the verbs words14's enumeration did not
// reach: a rule above the What to do line that still says "omit", "leave … out", "choose one
// of …", "give at least one …" or "send the key …" says its fix twice.
var r74Words15Imperative = regexp.MustCompile(`(?:^|[;:]\s+|,\s+or\s+|\.\s+)(?:send|use|give|leave|choose|omit|pass|correct|fix|call|try|remove|ask|pick|quote|write|set)\s`)

// r74Words15Once is r73Words14Once with r74Words15Imperative: the refusal's text above its one
// What to do line states what is wrong, naming the field, and says no fix.
func r74Words15Once(t *testing.T, where, out string) string {
	t.Helper()
	remedy := r73Words14Once(t, where, out)
	body, _, _ := strings.Cut(out, "\nWhat to do: ")
	for _, line := range strings.Split(body, "\n") {
		if line, _, _ = strings.Cut(line, " ("); r74Words15Imperative.MatchString(strings.ToLower(line)) {
			t.Errorf("%s: the refusal says what to do above its What to do line:\n%.900s", where, out)
		}
	}
	if strings.HasPrefix(remedy, ",") {
		t.Errorf("%s: the What to do line has no fix before its call again: %q", where, remedy)
	}
	if strings.Contains(out, "; to fix: ") {
		t.Errorf("%s: the rule's fix mark shows:\n%.900s", where, out)
	}
	return remedy
}

// r74Words15Rule is a rule's message without its fix (present.WithFix), as a refusal shows it.
func r74Words15Rule(message string) string { rule, _ := present.SplitFix(message); return rule }

// TestR74Words15EachRuleSaysItsFixOnce: the rules words14's enumeration did not reach still said
// their own fix inline ("key \"team\" is given twice; send it once", "has spaces …; send the value
// exactly, without them", "empty; omit the argument instead", "is not an available region;
// choose one of …"), then the generic "Correct it, then call TOOL again." said what to do a
// second time. Each fix is now the What to do line, the rule above it names the field and says
// what is wrong only, nothing is sent, and no refusal costs more tokens than before (ceiling:
// the count before, the commit message's figures).
func TestR74Words15EachRuleSaysItsFixOnce(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	pod := "version: v1\nkind: Spicepod\nname: x\n"
	for _, c := range []struct {
		name, tool, raw string
		ceiling         int      // tokens, before this change
		want            []string // in the refusal
		fix             string   // the What to do line starts so
	}{
		{"map key twice", "update_app", `{"app":"analytics-app","tags":{"team":"a","team":"b"}}`, 32,
			[]string{`tags: key "team" is given twice`}, "Send it once, then call update_app again."},
		{"tag key spaces", "update_app", `{"app":"analytics-app","tags":{" team":"a"}}`, 43,
			[]string{`key " team" has spaces or line breaks at the start or end`}, "Send the key without them, then call update_app again."},
		{"tag key hidden", "update_app", `{"app":"analytics-app","tags":{"te\u200bam":"a"}}`, 41,
			[]string{`key "te\u200bam" holds a character that does not show`}, "Send the key without it, then call update_app again."},
		{"resources empty", "update_app", `{"app":"analytics-app","resources":{}}`, 37,
			[]string{"resources: it is empty"}, "Give at least one of limits, requests (null removes one), then call update_app again."},
		{"resources group empty", "update_app", `{"app":"analytics-app","resources":{"limits":{}}}`, 42,
			[]string{`resources: "limits" is empty`}, "Give at least one of cpu, memory, ephemeral-storage (null removes one), then"},
		{"null clears with empty", "update_app", `{"app":"analytics-app","description":null}`, 51,
			[]string{"description: null is not a value here"}, `Send "" (an empty string) to clear it, or omit the argument to leave it as it is, then call update_app again.`},
		{"null, no value", "update_app", `{"app":"analytics-app","replicas":null}`, 38,
			[]string{"replicas: null is not a value here"}, "Omit the argument, or send a value, then call update_app again."},
		{"spicepod null", "update_app", `{"app":"analytics-app","spicepod":null}`, 57,
			[]string{"spicepod: null is not a value here: a spicepod cannot be cleared"}, "Omit the argument to leave it as it is, then call update_app again."},
		{"spicepod empty", "update_app", `{"app":"analytics-app","spicepod":" "}`, 42,
			[]string{"spicepod: empty"}, "Send the spicepod as YAML text or an object, or leave spicepod out, then call update_app again."},
		{"spaces around", "get_app", `{"app":" analytics-app"}`, 41,
			[]string{"app: has spaces or line breaks at the start or end"}, "Send the value without them, then call get_app again."},
		{"identifier empty", "create_deployment", `{"app":"analytics-app","image_tag":""}`, 31,
			[]string{"image_tag: empty"}, "Omit the argument, then call create_deployment again."},
		{"org empty", "list_apps", `{"org":""}`, 32,
			[]string{"org: empty"}, "Omit org to use the default organization, then call list_apps again."},
		{"org blank", "list_apps", `{"org":"  "}`, 36,
			[]string{"org: only spaces or line breaks"}, "Omit org to use the default organization, then call list_apps again."},
		{"timeout without wait", "resume_app", `{"app":"analytics-app","timeout_seconds":5}`, 53,
			[]string{"timeout_seconds: Applies only with wait true, which is not set"}, "Pass wait true to wait up to timeout_seconds for the deployment, or leave timeout_seconds out, then call resume_app again."},
		{"secret value empty", "set_secret", `{"app":"analytics-app","name":"PG_PASS","value":""}`, 40,
			[]string{"value: must not be empty"}, "Leave value out to let the user enter it on a page, then call set_secret again."},
		{"two value sources", "set_secret", `{"app":"analytics-app","name":"PG_PASS","value":"x","value_from_env":"HOME"}`, 36,
			[]string{"value: more than one of value, value_from_env and value_from_file"}, "Send one, then call set_secret again."},
		{"role twice", "add_member", `{"username":"jdoe","roles":["admin","admin"]}`, 39,
			[]string{"roles: 'admin' is given twice (roles are a set)"}, "Give each role once, then call add_member again."},
		{"integer beyond range", "list_deployments", `{"app":"analytics-app","limit":1e20}`, 58,
			[]string{"limit: the number 1e20 is beyond the range of integers"}, "Send an integer within it, then call list_deployments again."},
		{"integer of the wrong type", "list_deployments", `{"app":"analytics-app","limit":1.5}`, 34, // 32 before, whose line had no fix: "What to do: , then call …"
			[]string{"limit: "}, "Correct it, then call list_deployments again."},
		{"no such cluster", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(pod) + `,"cluster_name":"nope"}`, 72,
			[]string{`cluster_name: "nope" is not a dedicated cluster of this organization`}, "Leave cluster_name unset to use a region, then call create_and_deploy_app again."},
	} {
		before := rec.count()
		out := r73WordsRefusal(t, h, c.name, c.tool, c.raw, c.ceiling)
		if out == "" {
			continue
		}
		mustContain(t, c.name, out, c.want...)
		if remedy := r74Words15Once(t, c.name, out); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", c.name, remedy, c.fix)
		}
		if c.tool != "create_and_deploy_app" && rec.since(before) != "" {
			t.Errorf("%s: refused only after a request reached the API", c.name)
		}
	}
}

// TestR74Words15EveryArgumentRefusalSaysItsFixOnce is words13's enumeration (each tool of
// tools/list, each argument, the values its schema refuses, each required one null and missing,
// an unknown argument) held to r74Words15Once: "omit …", "leave … out", "give at least one …"
// above the line are refused too, and no line is left without its fix ("What to do: , then call
// list_container_images again.", which a refusal of a decoding error read before).
func TestR74Words15EveryArgumentRefusalSaysItsFixOnce(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	refusals := 0
	check := func(tool, arg, what string, args map[string]any) {
		t.Helper()
		before := rec.count()
		res := h.call(t, tool, args)
		out, where := text(res), fmt.Sprintf("%s %s (%s)", tool, arg, what)
		if !res.IsError || !strings.HasPrefix(out, strings.TrimSuffix(present.NothingSent, " ")) {
			return // words13's test says which are refused, and how
		}
		refusals++
		if rec.since(before) != "" {
			t.Errorf("%s: refused only after a request reached the API", where)
		}
		if !strings.Contains(out, arg) {
			t.Errorf("%s: the refusal does not name %s: %.300s", where, arg, out)
		}
		r74Words15Once(t, where, out)
	}
	r74DupsEachArgumentRefusal(t, h.listTools(t), check)
	t.Logf("%d refusals of arguments", refusals)
	if refusals < 300 {
		t.Errorf("only %d refusals checked", refusals)
	}
}

// r74Words15RPCOnce checks a JSON-RPC error's message refusing an argument: one line, one "What
// to do: ", last, whose fix is said nowhere above it. It returns the fix.
func r74Words15RPCOnce(t *testing.T, where, msg string) string {
	t.Helper()
	if i := strings.Index(msg, "internal error: "); i >= 0 { // the Go client's wrapping
		msg = msg[i+len("internal error: "):]
		msg, _, _ = strings.Cut(msg, "spice-code-")
	}
	body, remedy, ok := strings.Cut(msg, " What to do: ")
	if !ok || strings.Count(msg, "What to do: ") != 1 || !strings.HasSuffix(body, ".") {
		t.Errorf("%s: want one What to do sentence, last: %s", where, msg)
		return ""
	}
	if strings.Contains(msg, "\n") && !strings.Contains(body, "\n") {
		t.Errorf("%s: more than one line: %q", where, msg)
	}
	if line, _, _ := strings.Cut(body, " ("); r74Words15Imperative.MatchString(strings.ToLower(line)) || strings.Contains(msg, "; to fix: ") {
		t.Errorf("%s: the refusal says what to do before its What to do: %s", where, msg)
	}
	return remedy
}

// TestR74Words15ScopeRefusalKeepsItsLine: create_and_deploy_app refused for a scope the token
// visibly lacks (secrets:write, for its secrets) said its fix inline ("Nothing was changed: use
// a token with secrets:write …, then call again."), and a What to do line written on a line of
// its own ran on after the refusal, every line of an error of ours being joined into one. The
// fix is now its own line (46 tokens before, 50 after), and nothing is created.
func TestR74Words15ScopeRefusalKeepsItsLine(t *testing.T) {
	h, _ := twoTokenHarness(t, []string{"apps:write", "deployments:write"})
	pod := "version: v1\nkind: Spicepod\nname: x\n"
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "scoped", "spicepod": pod, "secrets": map[string]any{"PG_PASS": "x"}})
	out := text(res)
	mustContain(t, "scope refusal", out, "the token lacks the scope secrets:write (read from the token). Nothing was changed.\nWhat to do: Use a token with secrets:write")
	r74Words15Once(t, "scope refusal", out)
	if tt, _ := resultTokens(res); tt > 50 { // 46 before; "Nothing was changed." (TestCreateAndDeployChecksScopesFirst) and "What to do:"
		t.Errorf("scope refusal: %d tokens, over 50", tt)
	}
	if n := h.emu.Calls(api.CreateApp.ID); n != 0 {
		t.Errorf("%d apps created", n)
	}
}

// TestR74Words15PromptAndCompletionRefusalsTakeTheForm: prompts/get and completion/complete
// refused for an argument (JSON-RPC -32602) kept the old inline form ("…; send the value
// exactly, without them.", "…: pass it in arguments.", "…; it takes: app, org."). Each is still
// one error message naming the argument and its rule, and now ends with one What to do line,
// its fix, said nowhere above it, on the same line (a JSON-RPC error's message is one line:
// TestR61Hostile5PromptArgumentNameQuotedShort). Cost: "What to do:" (t.Logf's figures).
func TestR74Words15PromptAndCompletionRefusalsTakeTheForm(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		args   map[string]string
		prompt string
		want   []string
		fix    string
	}{
		{"spaces", map[string]string{"app": " fraud-scoring"}, "rotate_keys", []string{`argument "app": has spaces or line breaks at the start or end.`}, "Send the value without them."},
		{"missing", map[string]string{}, "rotate_keys", []string{`needs argument "app".`}, "Pass it in arguments."},
		{"unknown", map[string]string{"app": "fraud-scoring", "organisation": "x"}, "rotate_keys", []string{`takes no argument "organisation".`}, "Send only app, org."},
		{"blank spicepod", map[string]string{"name": "abcd", "spicepod": "\u200b"}, "deploy_app", []string{`argument "spicepod": only spaces, line breaks or characters that do not show.`}, "Give a value, or omit it"},
		{"app id form", map[string]string{"app": "id:x"}, "rotate_keys", []string{`argument "app": `}, "Send e.g. id:101."},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = c.prompt, c.args
		_, err := h.mcp.GetPrompt(ctx, req)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		msg := err.Error()
		mustContain(t, c.name, msg, append(c.want, "Invalid params: ")...)
		if remedy := r74Words15RPCOnce(t, c.name, msg); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", c.name, remedy, c.fix)
		}
		t.Logf("prompts/get %s: %d tokens", c.name, tokens.Count(msg))
	}
	conn := serveStdio(t, mcpserver.Options{})
	for i, c := range []struct{ ref, arg, context, want, fix string }{
		{`{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"}`, "app", `{"org":" acme-labs"}`, `context "org": has spaces or line breaks at the start or end.`, "Send the value without them."},
		{`{"type":"ref/prompt","name":"rotate_keys"}`, "app", `{"organisation":"acme-labs"}`, `takes no argument "organisation".`, "Send only app, org."},
		{`{"type":"ref/resource","uri":"spice://apps/{app}"}`, "org", "", `has no argument "org".`, "Complete one it has: app."},
	} {
		e := rpcErrorOf(t, completeEmpty(conn, 50+i, c.ref, c.arg, c.context))
		if e == nil || e.Code != mcp.INVALID_PARAMS {
			t.Errorf("completion %s %s: %v", c.ref, c.context, e)
			continue
		}
		where := "completion " + c.want
		mustContain(t, where, e.Message, c.want)
		if remedy := r74Words15RPCOnce(t, where, e.Message); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", where, remedy, c.fix)
		}
		t.Logf("completion %s: %d tokens", c.want, tokens.Count(e.Message))
	}
}
