package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r75Words16Imperative is r74Words15Imperative with the verbs the rules' own fixes use (keep,
// merge, shorten, refer, rename, drop, split): a refusal that says one of them above its What to
// do line says its fix twice.
var r75Words16Imperative = regexp.MustCompile(`(?:^|[;:]\s+|,\s+or\s+|\.\s+)(?:send|use|give|leave|choose|omit|pass|correct|fix|call|try|remove|ask|pick|quote|write|set|keep|merge|shorten|refer|rename|drop|split)\s`)

// r75Words16Parenthesis is a parenthesis with none inside: it explains, and may say "send null
// to remove" as an explanation does.
var r75Words16Parenthesis = regexp.MustCompile(`\s*\([^()]*\)`)

// r75Words16Once is r74Words15Once held to r75Words16Imperative too, and past a parenthesis
// (words15's check read a line up to its first " (" only, so "given twice (line 2, first at
// line 1): keep one" passed it).
func r75Words16Once(t *testing.T, where, out string) string {
	t.Helper()
	remedy := r74Words15Once(t, where, out)
	body, _, _ := strings.Cut(out, "\nWhat to do: ")
	for _, line := range strings.Split(body, "\n") {
		if line = r75Words16Parenthesis.ReplaceAllString(line, ""); r75Words16Imperative.MatchString(strings.ToLower(line)) {
			t.Errorf("%s: the refusal says what to do above its What to do line:\n%.900s", where, out)
		}
	}
	return remedy
}

// TestR75Words16RulesTheAPISharesSayTheirFixOnce: the rules whose messages the emulator answers
// with too (rules.BranchBlank, the spicepod's) said their fix inline ("must name a branch: leave
// it out rather than send it blank"), and the What to do line said "Correct it" beside it. The
// API's text keeps its fix (rules' TestR75Words16APITextsKeepTheirFix); our refusal parts it off
// (rules.CutFix) and says it on the What to do line alone, nothing sent. Ceiling: the count
// before (the commit message's figures).
func TestR75Words16RulesTheAPISharesSayTheirFixOnce(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	head := "version: v1\nkind: Spicepod\nname: x\n"
	for _, c := range []struct {
		name, tool, raw string
		ceiling         int
		want, fix       string
	}{
		{"branch blank", "update_app", `{"app":"analytics-app","production_branch":" "}`, 37,
			"production_branch: must name a branch\n", "Leave it out rather than send it blank, then call update_app again."},
		{"branch blank, connect", "connect_repository", `{"app":"analytics-app","repository":"acme/x","production_branch":" "}`, 37,
			"production_branch: must name a branch\n", "Leave it out rather than send it blank, then call connect_repository again."},
		{"key twice", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"a: 1\na: 2\n") + `}`, 55,
			`spicepod: key "a" at the top level is given twice (line 5, first at line 4)` + "\n", "Keep one (only one value can be stored), then call update_app again."},
		{"infinity", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"n: .inf\n") + `}`, 47,
			"spicepod: contains a value that JSON cannot represent (.inf at n, line 4)\n", "Quote it to keep it as text, then call update_app again."},
		{"second document", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"---\nb: 2\n") + `}`, 56,
			"spicepod: must be a single YAML document, but a second one starts at line 4\n", "Merge it into the first or remove it (only one document can be stored), then"},
		{"list key", "update_app", `{"app":"analytics-app","spicepod":` + r73Words14JSON(head+"[a]: 1\n") + `}`, 50,
			"spicepod: key at the top level (line 4) is a list, but JSON object keys must be text\n", "Use a text key, then call update_app again."},
		{"rounded number", "create_and_deploy_app", `{"name":"new-app-1","spicepod":` + r73Words14JSON(head+"n: 12345678901234567890123\n") + `}`, 64,
			"spicepod: holds a number that the API would store rounded to a 64-bit float (at n)\n", "Quote it to keep it as text, or write it with at most 15 significant digits, then call create_and_deploy_app again."},
	} {
		before := rec.count()
		out := r73WordsRefusal(t, h, c.name, c.tool, c.raw, c.ceiling)
		if out == "" {
			continue
		}
		mustContain(t, c.name, out, c.want)
		if remedy := r75Words16Once(t, c.name, out); !strings.HasPrefix(remedy, c.fix) {
			t.Errorf("%s: What to do: %q, want %q", c.name, remedy, c.fix)
		}
		if rec.since(before) != "" {
			t.Errorf("%s: refused only after a request reached the API", c.name)
		}
	}
}

// r75Words16Message is a JSON-RPC error's message as the Go client's error wraps it ("internal
// error: …spice-code-… -32602 null"): the message alone, which is what is measured.
func r75Words16Message(msg string) string {
	if i := strings.Index(msg, "internal error: "); i >= 0 {
		msg = msg[i+len("internal error: "):]
		msg, _, _ = strings.Cut(msg, "spice-code-")
	}
	return strings.TrimRight(msg, "\x1f")
}

// TestR75Words16PromptRefusalsCostNoMoreThanBefore: words15 gave prompts/get's and
// completion/complete's refusals their What to do line, 1 to 7 tokens dearer than before it.
// Each names the prompt as a tool is named (rotate_keys, not prompt "rotate_keys"), a template
// by its URI alone, a context argument as context "org": the same argument, rule and fix, and
// each costs at most what it did before words15 (ceiling: that text, counted here), message alone.
func TestR75Words16PromptRefusalsCostNoMoreThanBefore(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		args   map[string]string
		prompt string
		want   string // the message opens so
		fix    string
		before string // the message before words15
	}{
		{"spaces", map[string]string{"app": " fraud-scoring"}, "rotate_keys", `Invalid params: rotate_keys argument "app": has spaces or line breaks at the start or end.`, "Send the value without them.",
			`Invalid params: prompt "rotate_keys" argument "app": has spaces or line breaks at the start or end; send the value exactly, without them.`},
		{"missing", map[string]string{}, "rotate_keys", `Invalid params: rotate_keys needs argument "app".`, "Pass it in arguments.",
			`Invalid params: prompt "rotate_keys" needs the argument "app": pass it in arguments.`},
		{"unknown", map[string]string{"app": "fraud-scoring", "organisation": "x"}, "rotate_keys", `Invalid params: rotate_keys takes no argument "organisation".`, "Send only app, org.",
			`Invalid params: prompt "rotate_keys" takes no argument "organisation"; it takes: app, org.`},
		{"blank spicepod", map[string]string{"name": "abcd", "spicepod": "\u200b"}, "deploy_app", `Invalid params: deploy_app argument "spicepod": only spaces, line breaks or characters that do not show.`, `Give a value, or omit it (or send "").`,
			`Invalid params: prompt "deploy_app" argument "spicepod": only spaces, line breaks or characters that do not show; give a value, or omit the argument (or send "").`},
		{"app id form", map[string]string{"app": "id:x"}, "rotate_keys", `Invalid params: rotate_keys argument "app": id: must be followed by an app ID in plain digits (see list_apps).`, "Send e.g. id:101.",
			`Invalid params: prompt "rotate_keys" argument "app": id: must be followed by an app ID in plain digits, e.g. id:101 (see list_apps).`},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = c.prompt, c.args
		_, err := h.mcp.GetPrompt(ctx, req)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		msg := r75Words16Message(err.Error())
		if !strings.HasPrefix(msg, c.want) || !strings.HasSuffix(msg, "What to do: "+c.fix) {
			t.Errorf("%s: %q, want it to open %q and end with the fix %q", c.name, msg, c.want, c.fix)
		}
		r75Words16RPCOnce(t, "prompts/get "+c.name, msg)
		got, ceiling := tokens.Count(msg), tokens.Count(c.before)
		t.Logf("prompts/get %s: %d tokens (%d before words15)", c.name, got, ceiling)
		if c.name == "app id form" {
			ceiling += 2 // its fix is said now: "What to do: Send e.g. id:101." where ", e.g. id:101" was
		}
		if got > ceiling {
			t.Errorf("prompts/get %s: %d tokens, more than %d", c.name, got, ceiling)
		}
	}
	conn := serveStdio(t, mcpserver.Options{})
	for i, c := range []struct{ ref, arg, context, want, fix, before string }{
		{`{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"}`, "app", `{"org":" acme-labs"}`,
			`Invalid params: context "org": has spaces or line breaks at the start or end.`, "Send the value without them.",
			`Invalid params: context argument "org": has spaces or line breaks at the start or end; send the value exactly, without them.`},
		{`{"type":"ref/prompt","name":"rotate_keys"}`, "app", `{"organisation":"acme-labs"}`,
			`Invalid params: rotate_keys takes no argument "organisation".`, "Send only app, org.",
			`Invalid params: prompt "rotate_keys" takes no argument "organisation"; it takes: app, org.`},
		{`{"type":"ref/resource","uri":"spice://apps/{app}"}`, "org", "",
			`Invalid params: spice://apps/{app} has no argument "org".`, "Complete one it has: app.",
			`Invalid params: resource template "spice://apps/{app}" has no argument "org"; use one it has: app.`},
	} {
		e := rpcErrorOf(t, completeEmpty(conn, 70+i, c.ref, c.arg, c.context))
		if e == nil || e.Code != mcp.INVALID_PARAMS {
			t.Errorf("completion %s %s: %v", c.ref, c.context, e)
			continue
		}
		if !strings.HasPrefix(e.Message, c.want) || !strings.HasSuffix(e.Message, "What to do: "+c.fix) {
			t.Errorf("completion: %q, want it to open %q and end with the fix %q", e.Message, c.want, c.fix)
		}
		r75Words16RPCOnce(t, "completion "+c.want, e.Message)
		got, ceiling := tokens.Count(e.Message), tokens.Count(c.before)
		t.Logf("completion %s: %d tokens (%d before words15)", c.want, got, ceiling)
		if got > ceiling+1 { // context "org": "What to do: " where "; " was
			t.Errorf("completion %s: %d tokens, more than %d before words15 (+1)", c.want, got, ceiling)
		}
	}
}

// r75Words16RPCOnce checks a JSON-RPC error's message: one line, the rule first, then one "What
// to do: " sentence, last; nothing above it says what to do (past a parenthesis, with the rules'
// own verbs too).
func r75Words16RPCOnce(t *testing.T, where, msg string) {
	t.Helper()
	body, fix, ok := strings.Cut(msg, ". What to do: ")
	if !ok || strings.Count(msg, "What to do: ") != 1 || strings.Contains(msg, "\n") || fix == "" || !strings.HasSuffix(fix, ".") {
		t.Errorf("%s: want one line, its What to do sentence last: %q", where, msg)
	}
	if line := r75Words16Parenthesis.ReplaceAllString(body, ""); r75Words16Imperative.MatchString(strings.ToLower(line)) {
		t.Errorf("%s: says what to do before its What to do: %q", where, msg)
	}
}

// TestR75Words16ProtocolRefusalsSayTheirFixLast: every -32602 and -32600 refusal of a member of
// params (paramTypeRefusals: a wrong JSON type, params no object, a completion without a ref),
// over the wire, names the member and its rule, then one What to do sentence, last, where
// ParamType said "…; send a string there, or leave the member out where it is optional." inline.
func TestR75Words16ProtocolRefusalsSayTheirFixLast(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, c := range paramTypeRefusals {
		id := 300 + i
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}`, id, c.method, c.params))
		e := rpcErrorOf(t, conn.await(fmt.Sprint(id)))
		if e == nil || e.Code != c.code {
			t.Errorf("%s %s: %v, want %d", c.method, c.params, e, c.code)
			continue
		}
		where := c.method + " " + c.params
		mustContain(t, where, e.Message, c.part)
		r75Words16RPCOnce(t, where, e.Message)
	}
}
