package mcpserver_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r47SafetyCall sends one tools/call with arguments (raw JSON) and extra params (raw JSON
// members after "arguments", or ""), and returns whether the result is an error and its text.
func r47SafetyCall(t *testing.T, conn *stdioConn, id int, tool, args, extra string) (bool, string, string) {
	t.Helper()
	if extra != "" {
		extra = "," + extra
	}
	conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":%s%s}}`, id, tool, args, extra))
	answer := conn.await(fmt.Sprint(id))
	var r struct {
		Result *struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(answer), &r); err != nil {
		t.Fatalf("%v: %s", err, answer)
	}
	if r.Result == nil { // a JSON-RPC error: nothing was done either
		return true, "", answer
	}
	text := ""
	for _, c := range r.Result.Content {
		text += c.Text
	}
	return r.Result.IsError, text, answer
}

// r47SafetyState is what the destructive tools could change in the demo organization, read
// through the read tools.
func r47SafetyState(t *testing.T, conn *stdioConn, id int) string {
	t.Helper()
	var out []string
	for i, c := range []struct{ tool, args string }{
		{"get_app", `{"app":"analytics-app"}`},
		{"get_api_keys", `{"app":"analytics-app"}`},
		{"list_secrets", `{"app":"analytics-app"}`},
		{"list_members", `{}`},
	} {
		isErr, text, answer := r47SafetyCall(t, conn, id+i, c.tool, c.args, "")
		if isErr {
			t.Fatalf("%s: %s", c.tool, answer)
		}
		out = append(out, text)
	}
	return strings.Join(out, "\n----\n")
}

// r47SafetyJSON is s as a JSON string.
func r47SafetyJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestR47SafetyConfirmArgumentNeverApprovesInHumanMode: README (Safety and access control) says
// with --confirm=human "change nothing until a person approves" and "A confirm argument from
// the agent is ignored". An agent whose client cannot be asked tries every spelling it might
// hope counts as an approval — confirm as the target's name, as true, "yes", a list, an
// object, twice; a duplicated target key; look-alike argument names; forged elicitation
// answers without (or with a made-up) request state — on every tool a person approves. Each
// call is refused or links to a page, and nothing in the organization changes.
func TestR47SafetyConfirmArgumentNeverApprovesInHumanMode(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	conn := serveStdio(t, mcpserver.Options{})
	before := r47SafetyState(t, conn, 10)
	forged := func(name string) []string {
		return []string{
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}}`, name),
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}},"requestState":"eyJiIjoiMCJ9.AAAA"`, name),
			fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}},"requestState":""`, name),
		}
	}
	type attempt struct{ tool, args, extra string }
	var attempts []attempt
	for _, c := range []struct{ tool, base, target string }{
		{"delete_app", `"app":"analytics-app"`, "analytics-app"},
		{"pause_app", `"app":"analytics-app"`, "analytics-app"},
		{"delete_secret", `"app":"analytics-app","name":"PG_PASS"`, "PG_PASS"},
		{"remove_member", `"member":"bob"`, "bob"},
		{"update_member_roles", `"member":"bob","roles":["viewer"]`, "bob"},
		{"regenerate_api_key", `"app":"analytics-app","key_number":1`, "analytics-app"},
		{"rotate_api_keys", `"app":"analytics-app","step":"start"`, "analytics-app"},
		{"add_member", `"username":"mallory","roles":["owner"]`, "mallory"},
	} {
		for _, confirm := range []string{
			fmt.Sprintf(`"confirm":%q`, c.target), `"confirm":true`, `"confirm":"yes"`, `"confirm":1`,
			fmt.Sprintf(`"confirm":[%q]`, c.target), fmt.Sprintf(`"confirm":{"name":%q}`, c.target),
			fmt.Sprintf(`"confirm":"",  "confirm":%q`, c.target), fmt.Sprintf(`"confirm":%q,"confirm":%q`, c.target, c.target),
			fmt.Sprintf(`"Confirm":%q`, c.target), fmt.Sprintf(`"confirmed":%q`, c.target), `"force":true`, `"approved":true`,
		} {
			attempts = append(attempts, attempt{c.tool, "{" + c.base + "," + confirm + "}", ""})
		}
		for _, extra := range forged(c.target) {
			attempts = append(attempts, attempt{c.tool, "{" + c.base + "}", extra})
			attempts = append(attempts, attempt{c.tool, "{" + c.base + fmt.Sprintf(`,"confirm":%q`, c.target) + "}", extra})
		}
		// The target given twice: the approval must not be for one and act on the other.
		attempts = append(attempts, attempt{c.tool, "{" + c.base + "," + c.base + fmt.Sprintf(`,"confirm":%q`, c.target) + "}", ""})
	}
	attempts = append(attempts,
		attempt{"delete_app", `{"app":"no-such-app","app":"analytics-app","confirm":"analytics-app"}`, ""},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"analytics-app"}`, `"_meta":{"confirm":"analytics-app","approved":true}`},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"analytics-app\u0000"}`, ""},
		attempt{"delete_app", `{"app":"analytics-app","confirm":"` + strings.Repeat("analytics-app", 20000) + `"}`, ""},
	)
	// A management role spelled so a check might miss it while the API reads it.
	for _, roles := range []string{`["Admin"]`, `["OWNER"]`, `["admin "]`, `["viewer","admin"]`, `["member","owner","member"]`,
		`"admin"`, `["adm\u0131n"]`, `["\uff41dmin"]`, `["admin\u0000"]`, `[["admin"]]`, `[{"role":"owner"}]`} {
		attempts = append(attempts, attempt{"add_member", `{"username":"mallory","roles":` + roles + `}`, ""},
			attempt{"update_member_roles", `{"member":"bob","roles":` + roles + `}`, ""})
	}
	for i, a := range attempts {
		isErr, text, answer := r47SafetyCall(t, conn, 1000+i, a.tool, a.args, a.extra)
		if !isErr {
			t.Errorf("%s %s %s: not refused: %s", a.tool, a.args[:min(len(a.args), 200)], a.extra, answer[:min(len(answer), 400)])
			continue
		}
		if strings.Contains(text, "Deleted") || strings.Contains(text, "Paused") {
			t.Errorf("%s %s %s: says it acted: %s", a.tool, a.args[:min(len(a.args), 200)], a.extra, text)
		}
	}
	if after := r47SafetyState(t, conn, 50); after != before {
		t.Errorf("the organization changed without anyone's approval:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestR47SafetyAgentConfirmMatchesOnlyTheTarget: README (--confirm=agent) says the agent passes
// the target's name in confirm; an app name or username matches in any letter case, a secret
// name exactly; nothing is trimmed, and a look-alike is never an approval. Wrong JSON types,
// another target's name (the app's name for its secret, a secret's name for its app), an
// invisible or NUL character, spaces, other scripts' letters, the name folded where it must be
// exact, a huge value: each is refused and nothing changes.
func TestR47SafetyAgentConfirmMatchesOnlyTheTarget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	conn := serveStdio(t, mcpserver.Options{Safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	before := r47SafetyState(t, conn, 10)
	type attempt struct{ tool, args string }
	var attempts []attempt
	for _, c := range []struct{ tool, base, target, other string }{
		{"delete_app", `"app":"analytics-app"`, "analytics-app", "PG_PASS"},
		{"pause_app", `"app":"analytics-app"`, "analytics-app", "bob"},
		{"delete_secret", `"app":"analytics-app","name":"PG_PASS"`, "PG_PASS", "analytics-app"},
		{"remove_member", `"member":"bob"`, "bob", "analytics-app"},
		{"update_member_roles", `"member":"bob","roles":["viewer"]`, "bob", "viewer"},
		{"regenerate_api_key", `"app":"analytics-app","key_number":1`, "analytics-app", "1"},
		{"rotate_api_keys", `"app":"analytics-app","step":"start"`, "analytics-app", "start"},
	} {
		for _, confirm := range []string{
			`true`, `1`, `null`, fmt.Sprintf(`[%q]`, c.target), fmt.Sprintf(`{"name":%q}`, c.target), r47SafetyJSON(c.other),
			r47SafetyJSON(c.target + " "), r47SafetyJSON(" " + c.target), r47SafetyJSON(c.target + "\n"),
			r47SafetyJSON(c.target + "\u200b"), r47SafetyJSON(c.target + "\x00"), r47SafetyJSON("\ufeff" + c.target),
			r47SafetyJSON(strings.Replace(c.target, "a", "\u0430", 1)), r47SafetyJSON(strings.Replace(c.target, "b", "\uff42", 1)),
			r47SafetyJSON(strings.Replace(c.target, "P", "\u0420", 1)), r47SafetyJSON(strings.Replace(c.target, "S", "\u017f", 1)),
			r47SafetyJSON(strings.Replace(c.target, "k", "\u212a", 1)), `"yes"`, `"true"`, `"*"`,
			r47SafetyJSON(strings.Repeat(c.target, 50000)), r47SafetyJSON(c.target[:len(c.target)-1]),
		} {
			if confirm == r47SafetyJSON(c.target) { // a letter the name does not hold
				continue
			}
			attempts = append(attempts, attempt{c.tool, "{" + c.base + `,"confirm":` + confirm + "}"})
		}
	}
	attempts = append(attempts,
		attempt{"delete_secret", `{"app":"analytics-app","name":"PG_PASS","confirm":"pg_pass"}`},
		attempt{"delete_secret", `{"app":"analytics-app","name":"PG_PASS","confirm":"Pg_Pass"}`},
	)
	for i, a := range attempts {
		isErr, text, answer := r47SafetyCall(t, conn, 1000+i, a.tool, a.args, "")
		if !isErr {
			t.Errorf("%s %s: not refused: %s", a.tool, a.args[:min(len(a.args), 200)], answer[:min(len(answer), 400)])
			continue
		}
		if len(text) > 20000 {
			t.Errorf("%s %s: the refusal repeats a huge confirm whole (%d bytes)", a.tool, a.args[:min(len(a.args), 80)], len(text))
		}
	}
	if after := r47SafetyState(t, conn, 50); after != before {
		t.Errorf("the organization changed on a confirm that is not the target's name:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// r47SafetyRecorder is a proxy in front of the emulator that records each request's method and
// path.
func r47SafetyRecorder(t *testing.T, seen *[]string, mu *sync.Mutex) func(*testing.T, string) string {
	return func(t *testing.T, emulatorURL string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
			mu.Lock()
			*seen = append(*seen, r.Method+" "+r.URL.Path)
			mu.Unlock()
			proxy.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
}

// TestR47SafetyReadOnlyWinsAndOnlyReads: README says --read-only "lists only read-only tools
// and refuses every other tool by name; it wins over every other flag". With every tool named
// in --tools and every toolset enabled, confirmation off (nothing stands between a call and
// the API but the policy), every tool is called with its valid example arguments: the API
// sees no request but GET, and each tool that is not read-only is refused by name, with the
// reason, before any request.
func TestR47SafetyReadOnlyWinsAndOnlyReads(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		policy:   tools.Policy{ReadOnly: true, Tools: tools.Names(), Toolsets: tools.Toolsets},
		safety:   tools.Safety{NoConfirm: true},
		upstream: r47SafetyRecorder(t, &seen, &mu)})
	listed := map[string]bool{}
	for _, tool := range h.listTools(t) {
		listed[tool.Name] = true
	}
	for _, def := range tools.All() {
		if listed[def.Name] != def.ReadOnly {
			t.Errorf("%s: listed %v under --read-only, read-only %v", def.Name, listed[def.Name], def.ReadOnly)
		}
		mu.Lock()
		n := len(seen)
		mu.Unlock()
		res := h.call(t, def.Name, def.Examples.Valid)
		mu.Lock()
		sent := slices.Clone(seen[n:])
		mu.Unlock()
		for _, req := range sent {
			if !strings.HasPrefix(req, "GET ") {
				t.Errorf("%s under --read-only sent %s", def.Name, req)
			}
		}
		if def.ReadOnly {
			continue
		}
		shown := text(res)
		if !res.IsError || !strings.Contains(shown, def.Name) || !strings.Contains(shown, "read-only") {
			t.Errorf("%s under --read-only: want a refusal naming the tool and read-only, got %q", def.Name, shown)
		}
		if len(sent) > 0 {
			t.Errorf("%s under --read-only: requests before the refusal: %v", def.Name, sent)
		}
	}
}

// TestR47SafetySecretValuesReachNoLogResultOrProgress: README (Secret hygiene) says secret
// values are write-only: "no result, structured content, notification, error or log line
// contains one", at every level, and "Tool arguments are never logged". With the log at debug
// level, values are sent the ways an agent might: to an app that exists and one that does not,
// with the wrong JSON type (a number, a list, an object holding it), under a duplicated key,
// in an unknown argument, beside an invalid name, in create_and_deploy_app's secrets (valid, and
// beside an invalid spicepod). None of them appears in any log line, progress notification
// or result.
func TestR47SafetySecretValuesReachNoLogResultOrProgress(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	const planted = "r47Planted-Hunter2-Value"
	calls := []struct{ tool, args string }{
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"` + planted + `"}`},
		{"set_secret", `{"app":"no-such-app","name":"R47_A","value":"` + planted + `"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":["` + planted + `"]}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":{"v":"` + planted + `"}}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"x","value":"` + planted + `"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"` + planted + `","value":"` + planted + `2"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"` + planted + `","valu":"` + planted + `"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47 bad name","value":"` + planted + `"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"` + planted + `","value_from_env":"HOME"}`},
		{"set_secret", `{"app":"analytics-app","name":"R47_A","value":"` + planted + strings.Repeat("x", 2<<20) + `"}`},
		{"create_and_deploy_app", `{"app":"r47-app","spicepod":"version: v1\nkind: Spicepod\nname: r47\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: ${secrets:R47_PG}\n","secrets":{"R47_PG":"` + planted + `"}}`},
		{"create_and_deploy_app", `{"app":"r47-app2","spicepod":"version: v1\n","secrets":{"R47_PG":"` + planted + `"}}`},
		{"create_and_deploy_app", `{"app":"r47-app3","spicepod":"version: v1\nkind: Spicepod\nname: r47\n","secrets":{"R47_PG":"` + planted + `","":"` + planted + `"}}`},
	}
	for _, c := range calls {
		res := h.callRaw(t, c.tool, c.args)
		raw, _ := json.Marshal(res)
		if strings.Contains(string(raw), planted) {
			t.Errorf("%s %.120s: the result holds the value: %.600s", c.tool, c.args, raw)
		}
	}
	if logs := h.logs.String(); strings.Contains(logs, planted) {
		t.Errorf("a log line holds the value:\n%s", logs)
	}
	if _, events := h.recorded(); strings.Contains(strings.Join(events, "\n"), planted) {
		t.Errorf("a progress notification holds the value: %v", events)
	}
}

// TestR47SafetyAPIKeysOnlyInTheKeyTools: README (Secret hygiene) says "API keys appear only in
// get_api_keys, regenerate_api_key and rotate_api_keys" and the deprecated api_key field of
// apps is never decoded. Every other tool is called with its valid example (and the app tools
// with each demo app), every resource read and every prompt got: none shows either key of
// either demo app, in text or structured content.
func TestR47SafetyAPIKeysOnlyInTheKeyTools(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	var keys []string
	for _, app := range []string{"analytics-app", "docs-search"} {
		res := h.call(t, "get_api_keys", map[string]any{"app": app})
		raw, _ := json.Marshal(res.StructuredContent)
		var k struct {
			APIKey  string `json:"api_key"`
			APIKey2 string `json:"api_key_2"`
		}
		if json.Unmarshal(raw, &k) != nil || k.APIKey == "" || k.APIKey2 == "" {
			t.Fatalf("get_api_keys %s: %s", app, raw)
		}
		keys = append(keys, k.APIKey, k.APIKey2)
	}
	shows := func(what string, v any) {
		raw, _ := json.Marshal(v)
		for _, k := range keys {
			if strings.Contains(string(raw), k) || strings.Contains(string(raw), k[len(k)-12:]) {
				t.Errorf("%s shows an API key: %.400s", what, raw)
				return
			}
		}
	}
	keyTools := []string{"get_api_keys", "regenerate_api_key", "rotate_api_keys"}
	destructive := []string{"delete_app", "pause_app", "delete_secret", "remove_member", "update_member_roles"}
	for _, def := range tools.All() {
		if slices.Contains(keyTools, def.Name) || slices.Contains(destructive, def.Name) {
			continue
		}
		shows(def.Name, h.call(t, def.Name, def.Examples.Valid))
		for _, app := range []string{"analytics-app", "docs-search"} {
			if _, takesApp := def.Examples.Valid["app"]; takesApp {
				args := maps.Clone(def.Examples.Valid)
				args["app"] = app
				shows(def.Name+" "+app, h.call(t, def.Name, args))
			}
		}
	}
	ctx := context.Background()
	for _, v := range viewTools {
		for _, app := range []string{"analytics-app", "docs-search"} {
			var req mcp.ReadResourceRequest
			req.Params.URI = strings.ReplaceAll(v.read, "analytics-app", app)
			res, err := h.mcp.ReadResource(ctx, req)
			if err != nil {
				continue
			}
			shows(req.Params.URI, res)
		}
	}
	for _, name := range prompts.Names() {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = name, promptArgs[name]
		res, err := h.mcp.GetPrompt(ctx, req)
		if err == nil {
			shows("prompt "+name, res)
		}
	}
	// The destructive tools last (their results too), the key tools aside.
	for _, def := range tools.All() {
		if slices.Contains(destructive, def.Name) {
			shows(def.Name, h.call(t, def.Name, def.Examples.Valid))
		}
	}
}

// TestR47SafetyRoleRefusedBeforeAnyoneIsAsked: README says every tool a person approves
// (pause_app, delete_app, delete_secret, regenerate_api_key, rotate_api_keys, set_secret and
// its secret-entry page, the member tools) refuses, before anyone is asked, an operation whose
// x-required-role is above the caller's role. A viewer tries each (and a member the member
// tools) with a client that would approve anything: nobody is asked, no page is opened, and
// nothing but reads reaches the API.
func TestR47SafetyRoleRefusedBeforeAnyoneIsAsked(t *testing.T) {
	cfg := memberWorld([]string{"*"})
	cfg.Demo = true
	calls := map[string][]struct {
		tool string
		args map[string]any
	}{
		"bob": {
			{"delete_app", map[string]any{"app": "analytics-app"}},
			{"pause_app", map[string]any{"app": "analytics-app"}},
			{"delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}},
			{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2}},
			{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}},
			{"set_secret", map[string]any{"app": "analytics-app", "name": "R47_NEW"}},
			{"remove_member", map[string]any{"member": "dan"}},
			{"update_member_roles", map[string]any{"member": "dan", "roles": []any{"viewer"}}},
			{"add_member", map[string]any{"username": "erin", "roles": []any{"admin"}}},
		},
		"dan": {
			{"remove_member", map[string]any{"member": "bob"}},
			{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"member"}}},
			{"add_member", map[string]any{"username": "erin", "roles": []any{"owner"}}},
			{"add_member", map[string]any{"username": "erin"}},
		},
	}
	for user, list := range calls {
		for _, c := range list {
			asked := new(atomic.Int32)
			approve := &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
				Content: map[string]any{"name": "analytics-app"}}}
			h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-" + user, safety: tools.Safety{Confirm: tools.ConfirmHuman},
				capabilities: &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{Form: &struct{}{}, URL: &struct{}{}}},
				elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
					asked.Add(1)
					return approve, nil
				}})
			before := upstreamCalls(h)
			res := h.call(t, c.tool, c.args)
			out := text(res)
			if asked.Load() != 0 || !res.IsError || strings.Contains(out, "/human/") {
				t.Errorf("%s as %s: asked %d time(s), error %v: %s", c.tool, user, asked.Load(), res.IsError, out)
			}
			for op, n := range upstreamCalls(h) {
				if n > before[op] && op.Method != http.MethodGet {
					t.Errorf("%s as %s: %s reached the API", c.tool, user, op.ID)
				}
			}
		}
	}
}

// TestR47SafetyHTTPGuardsTakeNoLookAlike: README (HTTP tenancy) says a foreign Origin gets 403
// at the MCP endpoint, a query parameter named like a credential gets 400, and a request
// without the shared secret gets 401 naming the header. Each is tried with what might slip
// past a careless comparison: origins that start with a loopback name or hold it as user
// information, the allowed origin with another port or as a prefix; parameter names in
// other cases, percent-encoded, after ';', without a value; a prefix of the shared secret,
// the secret in another case, in another header, in a second header after a wrong one. Each is refused
// with its status, and the same request with nothing odd is served.
func TestR47SafetyHTTPGuardsTakeNoLookAlike(t *testing.T) {
	const secret = "r47-shared-secret-0123456789"
	h := serve(t, mcpserver.HTTPOptions{AuthToken: secret, ServerCredentials: true,
		AllowedOrigins: []string{"https://console.example.com"}}, nil)
	do := func(query string, header http.Header) int {
		req, _ := http.NewRequest(http.MethodPost, h.URL()+query, strings.NewReader(initializeJSON))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set(mcpserver.AuthTokenHeader, secret)
		for k, v := range header {
			if v == nil {
				req.Header.Del(k)
			} else {
				req.Header[http.CanonicalHeaderKey(k)] = v
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := do("", nil); got != http.StatusOK {
		t.Fatalf("a plain request: %d", got)
	}
	for _, origin := range []string{"http://localhost.evil.example", "http://127.0.0.1.evil.example", "http://localhost@evil.example",
		"http://127.0.0.1:80@evil.example", "https://console.example.com.evil.example", "https://console.example.com:8443",
		"http://console.example.com", "https://evil.example/https://console.example.com", "null", "file://", "https://xn--lcalhost-9za.example",
		"http://[::1].evil.example", "http://0x7f000001.evil.example"} {
		if got := do("", http.Header{"Origin": {origin}}); got != http.StatusForbidden {
			t.Errorf("Origin %s: %d, want 403", origin, got)
		}
	}
	for _, origin := range []string{"https://console.example.com", "HTTPS://Console.Example.com", "https://console.example.com:443", "http://localhost:3000", "http://[::1]:8080"} {
		if got := do("", http.Header{"Origin": {origin}}); got != http.StatusOK {
			t.Errorf("Origin %s: %d, want 200", origin, got)
		}
	}
	for _, query := range []string{"?ACCESS_TOKEN=x", "?Access-Token=x", "?%74oken=x", "?to%6Ben=x", "?a=1;api_key=x", "?a=1&sig=x", "?token",
		"?X-Amz-Signature=x", "?client%5Fsecret=x", "?password[]=x", "?code=x", "?auth+token=x"} {
		if got := do(query, nil); got != http.StatusBadRequest {
			t.Errorf("query %s: %d, want 400", query, got)
		}
	}
	for _, header := range []http.Header{
		{mcpserver.AuthTokenHeader: {secret[:len(secret)-1]}},
		{mcpserver.AuthTokenHeader: {secret + "x"}}, {mcpserver.AuthTokenHeader: {""}}, {mcpserver.AuthTokenHeader: {strings.ToUpper(secret)}},
		{mcpserver.AuthTokenHeader: nil, "Authorization": {"Bearer " + secret}},
		{mcpserver.AuthTokenHeader: nil, "X-Mcp-Auth-Tokens": {secret}},
	} {
		if got := do("", header); got != http.StatusUnauthorized {
			t.Errorf("%v: %d, want 401", header, got)
		}
	}
	// Two headers are refused as malformed (TestR48HttpsafetySharedSecretMustBeOneHeader).
	if got := do("", http.Header{mcpserver.AuthTokenHeader: {"wrong", secret}}); got != http.StatusBadRequest {
		t.Errorf("two %s headers: %d, want 400", mcpserver.AuthTokenHeader, got)
	}
}

// TestR47SafetyLocalSourcesNeverReadTheSystemOrTheServersCredentials: README (Secret values
// the model never sees) says value_from_env and value_from_file never read the server's own
// credential variables, nor a variable or file holding one of their values as the server uses
// them, nor anything under /proc, /sys or /dev. Unattended (--confirm=agent, no one to catch
// it), an agent tries the system folders by every spelling (a doubled slash, dot segments, a
// relative path climbing to them, a link to them, a link to a folder in them) and the token
// in another variable or a file (with a Bearer prefix, among other text, on its own line,
// in another case of the variable's name). Each is refused and nothing is stored.
func TestR47SafetyLocalSourcesNeverReadTheSystemOrTheServersCredentials(t *testing.T) {
	const token = "r47-server-token-0123456789abcdef"
	env := map[string]string{"SPICE_API_TOKEN": " " + token + "\n", "COPY": "Bearer " + token, "MIXED": "x=" + token + ";y",
		"spice_api_token": token, "SPICE_MCP_CONFIRM_KEY": "r47-confirm-key-abcdefgh", "KEYCOPY": "r47-confirm-key-abcdefgh"}
	local := &tools.LocalSources{Getenv: func(k string) string { return env[k] }, Forbidden: tools.ServerCredentialVariables}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: local, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(name, to string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(to, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	depth := strings.Repeat("../", strings.Count(dir, "/")+2)
	rel, _ := filepath.Rel(r47SafetyGetwd(t), "/proc/self/environ")
	files := []string{
		"/proc/self/environ", "//proc/self/environ", "/./proc/self/environ", "/tmp/../proc/self/environ", "/proc/self/../self/status",
		"/sys/kernel/hostname", "/dev/stdin", "/dev/shm/../null", rel, depth + "proc/self/environ",
		link("env-link", "/proc/self/environ"), filepath.Join(link("proc-link", "/proc/self"), "environ"),
		filepath.Join(link("root-link", "/"), "proc/self/environ"), link("stdin-link", "/dev/stdin"),
		write("dotenv", "SPICE_API_TOKEN="+token+"\n"), write("bearer", "Authorization: Bearer "+token), write("plain", token),
		write("crlf", token+"\r\n"), write("confirm-key", "key: r47-confirm-key-abcdefgh"),
	}
	vars := []string{"SPICE_API_TOKEN", "spice_api_token", "Spice_Api_Token", "COPY", "MIXED", "SPICE_MCP_CONFIRM_KEY", "KEYCOPY",
		"SPICE_CLIENT_SECRET", "SPICE_MCP_HTTP_AUTH_TOKEN"}
	before := upstreamCalls(h)
	for _, f := range files {
		if res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R47_S", "value_from_file": f}); !res.IsError {
			t.Errorf("value_from_file %s: stored: %s", f, text(res))
		}
	}
	for _, v := range vars {
		if res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R47_S", "value_from_env": v}); !res.IsError {
			t.Errorf("value_from_env %s: stored: %s", v, text(res))
		}
	}
	if n := upstreamCalls(h)[api.UpsertProjectSecret] - before[api.UpsertProjectSecret]; n != 0 {
		t.Errorf("%d secret(s) stored", n)
	}
	// The same call with an ordinary file and variable is served: the refusals above are the rule's.
	env["R47_OK"] = "an-ordinary-value"
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R47_S", "value_from_file": write("ok", "an-ordinary-value")})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R47_S", "value_from_env": "R47_OK"})
}

func r47SafetyGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestR47SafetyOnlyTheTypedNameApproves: README says a client that declares elicitation is
// asked directly, the person types the target's name, and "Only that answer approves". The
// person's client answers oddly — no content, content that is not an object, the name as a
// list or a number, under another key, with a space, in another script, an action spelled
// in capitals or empty, a decline or cancel that still carries the name, an error — and the
// app is still there; the plain typed name then deletes it.
func TestR47SafetyOnlyTheTypedNameApproves(t *testing.T) {
	type answer struct {
		action  mcp.ElicitationResponseAction
		content any
		err     bool
	}
	answers := []answer{
		{action: mcp.ElicitationResponseActionAccept},
		{action: mcp.ElicitationResponseActionAccept, content: "analytics-app"},
		{action: mcp.ElicitationResponseActionAccept, content: []any{"analytics-app"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": []any{"analytics-app"}}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": 101}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": true}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"Name": "analytics-app"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"confirm": "analytics-app"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": "analytics-app "}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": "\u0430nalytics-app"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": "analytics-app\u200b"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": "101"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": "yes"}},
		{action: mcp.ElicitationResponseActionAccept, content: map[string]any{"name": ""}},
		{action: "ACCEPT", content: map[string]any{"name": "analytics-app"}},
		{action: "", content: map[string]any{"name": "analytics-app"}},
		{action: "accepted", content: map[string]any{"name": "analytics-app"}},
		{action: mcp.ElicitationResponseActionDecline, content: map[string]any{"name": "analytics-app"}},
		{action: mcp.ElicitationResponseActionCancel, content: map[string]any{"name": "analytics-app"}},
		{err: true},
	}
	var i atomic.Int32
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		n := int(i.Add(1)) - 1
		if n >= len(answers) {
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
				Content: map[string]any{"name": "analytics-app"}}}, nil
		}
		if answers[n].err {
			return nil, fmt.Errorf("the client could not ask")
		}
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: answers[n].action, Content: answers[n].content}}, nil
	}})
	for n, a := range answers {
		res := h.call(t, "delete_app", map[string]any{"app": "analytics-app"})
		if !res.IsError || h.emu.Calls(api.DeleteProject.ID) != 0 {
			t.Fatalf("answer %d %+v approved the delete: %s", n, a, text(res))
		}
	}
	if got := int(i.Load()); got != len(answers) {
		t.Fatalf("asked %d times for %d calls", got, len(answers))
	}
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
	if h.emu.Calls(api.DeleteProject.ID) != 1 {
		t.Errorf("the typed name did not delete the app")
	}
}

// TestR47SafetyWhoamiNeverShowsTheToken: README (whoami) says it shows the credential kind,
// "never the token"; and a token the API rejects makes whoami fail with a remedy naming the
// credentials in use. With a JWT the API accepts, one it rejects, and an opaque token it
// rejects, neither the token nor its signature appears in whoami's text or structured
// content, nor in any tool's refusal.
func TestR47SafetyWhoamiNeverShowsTheToken(t *testing.T) {
	issuer := sandbox.New(sandbox.Config{})
	accepted := issuer.IssueToken("sandbox", []string{"*"}, time.Hour)
	rejected := issuer.IssueToken("sandbox", []string{"apps:read"}, time.Hour)
	for _, token := range []string{accepted, rejected, "r47-opaque-token-0123456789abcdef"} {
		h := newHarness(t, harnessOptions{token: token,
			cfg: sandbox.Config{Demo: true, Tokens: []sandbox.Token{{Value: accepted, Org: "sandbox", Scopes: []string{"*"}}}}})
		parts := strings.Split(token, ".")
		for _, tool := range []string{"whoami", "list_apps", "get_app", "delete_app"} {
			res := h.call(t, tool, map[string]any{"app": "analytics-app"})
			if tool == "whoami" || tool == "list_apps" {
				res = h.call(t, tool, map[string]any{})
			}
			raw, _ := json.Marshal(res)
			if strings.Contains(string(raw), token) || strings.Contains(string(raw), parts[len(parts)-1]) {
				t.Errorf("%s shows the token: %.600s", tool, raw)
			}
		}
		if logs := h.logs.String(); strings.Contains(logs, token) || strings.Contains(logs, parts[len(parts)-1]) {
			t.Errorf("a log line shows the token:\n%s", logs)
		}
	}
}

// TestR47SafetySecretValueEchoedByTheAPIIsRedacted: README (Secret hygiene) says API answers,
// transport errors and redirects are redacted of the values sent, "also echoed in another
// case", each looked for through invisible characters. A gateway in front of the API answers
// set_secret by echoing the value every way it might: in the error text, in capitals, split
// by a zero-width space, in a field error, a form error, an error code, an HTML page of a
// 502, a redirect's Location, a 401's WWW-Authenticate. The value shows in no result or
// log line.
func TestR47SafetySecretValueEchoedByTheAPIIsRedacted(t *testing.T) {
	const value = "Hunter2-R47-Echoed-Secret"
	split := value[:6] + "\u200b" + value[6:]
	answers := []func(w http.ResponseWriter){
		func(w http.ResponseWriter) {
			r47SafetyJSONReply(w, 400, map[string]any{"error": "value " + value + " is too weak"})
		},
		func(w http.ResponseWriter) {
			r47SafetyJSONReply(w, 400, map[string]any{"error": "value " + strings.ToUpper(value) + " is too weak"})
		},
		func(w http.ResponseWriter) {
			r47SafetyJSONReply(w, 400, map[string]any{"error": "value " + split + " is too weak"})
		},
		func(w http.ResponseWriter) {
			r47SafetyJSONReply(w, 400, map[string]any{"error": "Validation error", "details": map[string]any{
				"fieldErrors": map[string]any{"value": []string{"must not be " + value}}, "formErrors": []string{value}}})
		},
		func(w http.ResponseWriter) {
			r47SafetyJSONReply(w, 409, map[string]any{"error": "conflict", "code": value})
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body>upstream rejected %s</body></html>", value)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Location", "https://elsewhere.example/login?next="+value)
			w.WriteHeader(307)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+value+`"`)
			r47SafetyJSONReply(w, 401, map[string]any{"error": "Unauthorized: " + value})
		},
	}
	var next, intercepted atomic.Int32
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true},
		upstream: func(t *testing.T, emulatorURL string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
				if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/secrets") {
					intercepted.Add(1)
					answers[int(next.Load())%len(answers)](w)
					return
				}
				proxy.ServeHTTP(w, r)
			})(t, emulatorURL)
		}})
	for i := range answers {
		next.Store(int32(i))
		res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "R47_ECHO", "value": value})
		raw, _ := json.Marshal(res)
		shown := strings.ReplaceAll(strings.ToLower(string(raw)), `\u200b`, "")
		shown = strings.ReplaceAll(shown, "\u200b", "")
		if strings.Contains(shown, strings.ToLower(value)) {
			t.Errorf("answer %d: the result shows the value: %.700s", i, raw)
		}
	}
	if intercepted.Load() < int32(len(answers)) {
		t.Fatalf("the gateway answered %d upserts of %d calls", intercepted.Load(), len(answers))
	}
	logs := strings.ReplaceAll(strings.ToLower(h.logs.String()), `\u200b`, "")
	if strings.Contains(strings.ReplaceAll(logs, "\u200b", ""), strings.ToLower(value)) {
		t.Errorf("a log line shows the value:\n%s", h.logs.String())
	}
}

func r47SafetyJSONReply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// TestR47SafetyOwnerAndPeersAreRefusedByEveryReference: README says removing the
// organization's owner is refused before anyone is asked, and admins remove, grant and change
// members and viewers, not admins or owners. An admin names the owner and a fellow admin every
// way a member reference allows — another letter case, the user ID as a string, a number,
// 1.0, id:1 — with a client that would approve anything: nobody is asked, and nothing but
// reads reaches the API.
func TestR47SafetyOwnerAndPeersAreRefusedByEveryReference(t *testing.T) {
	asked := new(atomic.Int32)
	approveAll := func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		asked.Add(1)
		return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept,
			Content: map[string]any{"name": "carol"}}}, nil
	}
	h := newHarness(t, harnessOptions{cfg: memberWorld([]string{"*"}), token: "tok-alice", safety: tools.Safety{Confirm: tools.ConfirmHuman}, elicit: approveAll})
	before := upstreamCalls(h)
	for _, ref := range []any{"carol", "CAROL", "Carol", "1", 1, 1.0, "id:1", "frank", "FRANK", "3", 3, "id:3"} {
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"remove_member", map[string]any{"member": ref}},
			{"update_member_roles", map[string]any{"member": ref, "roles": []any{"viewer"}}},
		} {
			res := h.call(t, c.tool, c.args)
			if !res.IsError {
				t.Errorf("%s %v by an admin: %s", c.tool, ref, text(res))
			}
		}
	}
	if asked.Load() != 0 {
		t.Errorf("asked %d time(s) about the owner or an admin", asked.Load())
	}
	// A member the admin may remove is asked about: the refusals above are the rule's.
	h.call(t, "remove_member", map[string]any{"member": "dan"})
	if asked.Load() != 1 {
		t.Errorf("removing a member: asked %d time(s), want 1", asked.Load())
	}
	for op, n := range upstreamCalls(h) {
		if n > before[op] && op.Method != http.MethodGet {
			t.Errorf("%s reached the API", op.ID)
		}
	}
}

// r47SafetyRequestState returns the requestState of a 2026-07-28 result that asks a question
// (asked, a raw JSON-RPC answer), failing the test when it asks none.
func r47SafetyRequestState(t *testing.T, asked string) string {
	t.Helper()
	var q struct {
		Result struct {
			RequestState string `json:"requestState"`
		} `json:"result"`
	}
	if json.Unmarshal([]byte(asked), &q) != nil || q.Result.RequestState == "" {
		t.Fatalf("no question: %s", asked)
	}
	return q.Result.RequestState
}

// r47SafetyModernMeta is the _meta of a 2026-07-28 request whose client declares capabilities.
func r47SafetyModernMeta(capabilities string) string {
	return `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"x","version":"0"},` +
		`"io.modelcontextprotocol/clientCapabilities":` + capabilities + `}`
}

// TestR47SafetyModernAnswersBindToTheirCall: README says a client that declares elicitation is
// asked directly, "2025-era and 2026-07-28 clients alike", and every answer approves its call
// once: re-sent with other arguments, for another target, or a second time, it is refused.
// Over 2026-07-28 (no session: the request state travels with each call) the state of a
// question about analytics-app is sent back with the typed name for docs-search, for another
// tool, with other arguments, without the question's own arguments, from a client that no
// longer declares elicitation, and only then for its own call — which deletes analytics-app
// once; sent again, it is refused, and docs-search stays.
func TestR47SafetyModernAnswersBindToTheirCall(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	elicit := r47SafetyModernMeta(`{"elicitation":{}}`)
	_, _, asked := r47SafetyCall(t, conn, 10, "delete_app", `{"app":"analytics-app"}`, elicit)
	state := r47SafetyRequestState(t, asked)
	answer := func(name string) string {
		return fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":%q}}},"requestState":%q`, name, state)
	}
	for i, c := range []struct{ tool, args, extra string }{
		{"delete_app", `{"app":"docs-search"}`, answer("docs-search") + "," + elicit},
		{"pause_app", `{"app":"analytics-app"}`, answer("analytics-app") + "," + elicit},
		{"delete_app", `{"app":"101"}`, answer("analytics-app") + "," + elicit},
		{"delete_app", `{"app":"analytics-app","org":"sandbox"}`, answer("analytics-app") + "," + elicit},
		{"regenerate_api_key", `{"app":"analytics-app","key_number":1}`, answer("analytics-app") + "," + elicit},
	} {
		if isErr, text, raw := r47SafetyCall(t, conn, 20+i, c.tool, c.args, c.extra); !isErr || strings.Contains(text, "Deleted") {
			t.Errorf("%s %s with another call's answer: %s", c.tool, c.args, raw)
		}
	}
	if isErr, _, raw := r47SafetyCall(t, conn, 30, "delete_app", `{"app":"analytics-app"}`, answer("analytics-app")+","+elicit); isErr {
		t.Fatalf("the answer to its own call: %s", raw)
	}
	if isErr, text, raw := r47SafetyCall(t, conn, 31, "delete_app", `{"app":"analytics-app"}`, answer("analytics-app")+","+elicit); !isErr || strings.Contains(text, "Deleted") {
		t.Errorf("the answer used twice: %s", raw)
	}
	if isErr, _, raw := r47SafetyCall(t, conn, 32, "get_app", `{"app":"docs-search"}`, ""); isErr {
		t.Errorf("docs-search is gone: %s", raw)
	}
}

// TestR47SafetyEmptySecretValuesStoreNothing: README says set_secret refuses an empty value and
// "without a value nothing is ever stored in its place", and create_and_deploy_app refuses an
// empty or null value in secrets, naming it (secrets.PG_PASS). Empty, null and wrongly typed
// values, and a key given twice whose last value is empty, are each refused naming the field
// (or the key given twice), before the first change: no app is created and nothing is stored.
func TestR47SafetyEmptySecretValuesStoreNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	pod := `"version: v1\nkind: Spicepod\nname: r47\ndatasets:\n  - from: postgres:t\n    name: t\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"`
	before := upstreamCalls(h)
	for _, c := range []struct{ tool, args, field string }{
		{"set_secret", `{"app":"analytics-app","name":"R47_E","value":""}`, "value"},
		{"set_secret", `{"app":"analytics-app","name":"R47_E","value":"x","value":""}`, "value"},
		{"set_secret", `{"app":"analytics-app","name":"R47_E","value":5}`, "value"},
		{"set_secret", `{"app":"analytics-app","name":"R47_E","value":["x"]}`, "value"},
		{"create_and_deploy_app", `{"name":"r47-e","spicepod":` + pod + `,"secrets":{"PG_PASS":""}}`, "secrets.PG_PASS"},
		{"create_and_deploy_app", `{"name":"r47-e","spicepod":` + pod + `,"secrets":{"PG_PASS":null}}`, "secrets.PG_PASS"},
		{"create_and_deploy_app", `{"name":"r47-e","spicepod":` + pod + `,"secrets":{"PG_PASS":"x","PG_PASS":""}}`, "given twice"},
		{"create_and_deploy_app", `{"name":"r47-e","spicepod":` + pod + `,"secrets":{"PG_PASS":5}}`, "secrets"},
		{"create_and_deploy_app", `{"name":"r47-e","spicepod":` + pod + `,"secrets":{"PG_PASS":"x","OTHER":null}}`, "secrets.OTHER"},
	} {
		res := h.callRaw(t, c.tool, c.args)
		if out := text(res); !res.IsError || !strings.Contains(out, c.field) {
			t.Errorf("%s %s: want a refusal naming %s, got %s", c.tool, c.args, c.field, out)
		}
	}
	for op, n := range upstreamCalls(h) {
		if n > before[op] && op.Method != http.MethodGet {
			t.Errorf("%s reached the API", op.ID)
		}
	}
}

// TestR47SafetyDestructiveHintsAsREADMESays: README names the tools whose destructiveHint is
// true — the seven a person approves and the four that replace what was there without asking —
// and says add_member's is false. tools/list says exactly that, in every confirmation mode.
func TestR47SafetyDestructiveHintsAsREADMESays(t *testing.T) {
	want := map[string]bool{"delete_app": true, "delete_secret": true, "pause_app": true, "remove_member": true,
		"update_member_roles": true, "regenerate_api_key": true, "rotate_api_keys": true, "update_app": true, "set_secret": true,
		"connect_repository": true, "create_and_deploy_app": true, "add_member": false}
	for _, mode := range []tools.ConfirmMode{tools.ConfirmHuman, tools.ConfirmAgent, tools.ConfirmOff} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: mode}})
		seen := 0
		for _, tool := range h.listTools(t) {
			w, named := want[tool.Name]
			if !named {
				continue
			}
			seen++
			// Left out, MCP reads a writing tool's destructiveHint as true: it must be stated.
			if got := tool.Annotations.DestructiveHint; got == nil || *got != w {
				t.Errorf("%s (--confirm=%s): destructiveHint %v, want %v", tool.Name, mode, tool.Annotations.DestructiveHint, w)
			}
		}
		if seen != len(want) {
			t.Errorf("--confirm=%s: %d of the %d tools listed", mode, seen, len(want))
		}
	}
}

// r47SafetyAsk sends delete_app analytics-app over 2026-07-28 from a client that can elicit and
// returns the question's request state.
func r47SafetyAsk(t *testing.T, conn *stdioConn, id int) string {
	t.Helper()
	_, _, asked := r47SafetyCall(t, conn, id, "delete_app", `{"app":"analytics-app"}`, r47SafetyModernMeta(`{"elicitation":{}}`))
	state := r47SafetyRequestState(t, asked)
	return state
}

// TestR47SafetyAnAnswerLapsesAfterItsTime: README says "A question's answer is accepted for 10
// minutes". The state a question carries says so (it expires 10 minutes after it was asked),
// and an answer sent after the time a question is accepted for is refused, the app kept.
func TestR47SafetyAnAnswerLapsesAfterItsTime(t *testing.T) {
	t.Parallel() // waits up to 2 s for a whole second to pass; time only moves on, so load cannot fail it
	conn := serveStdio(t, mcpserver.Options{})
	asking := time.Now()
	state := r47SafetyAsk(t, conn, 10)
	asked := time.Now()
	body, _, _ := strings.Cut(state, ".")
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var s struct {
		Expires int64 `json:"e"`
	}
	if err != nil || json.Unmarshal(raw, &s) != nil {
		t.Fatalf("state %s: %v", state, err)
	}
	// 10 minutes from when it was asked, in whole seconds: between the bounds the test saw around
	// the question, not within a second of the test's own clock (seconds cut off the fraction,
	// and a loaded machine's delay before the check counted against the same second).
	if earliest, latest := asking.Add(10*time.Minute).Unix(), asked.Add(10*time.Minute).Unix(); s.Expires < earliest || s.Expires > latest {
		t.Errorf("a question's answer is accepted until %d, want 10m after it was asked: %d to %d", s.Expires, earliest, latest)
	}

	conn = serveStdio(t, mcpserver.Options{Safety: tools.Safety{QuestionTTL: time.Second}})
	state = r47SafetyAsk(t, conn, 10)
	// The state expires in whole seconds: wait until the clock has passed the second it names
	// (at most 2 s for a 1 s time), rather than a fixed 2.1 s.
	body, _, _ = strings.Cut(state, ".")
	if raw, err = base64.RawURLEncoding.DecodeString(body); err != nil || json.Unmarshal(raw, &s) != nil {
		t.Fatalf("state %s: %v", state, err)
	}
	if s.Expires > time.Now().Add(2*time.Second).Unix() {
		t.Fatalf("a 1 s question is accepted until %d, now is %d", s.Expires, time.Now().Unix())
	}
	for time.Now().Unix() <= s.Expires {
		time.Sleep(10 * time.Millisecond)
	}
	extra := fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":"analytics-app"}}},"requestState":%q,`, state) +
		r47SafetyModernMeta(`{"elicitation":{}}`)
	if isErr, text, raw := r47SafetyCall(t, conn, 11, "delete_app", `{"app":"analytics-app"}`, extra); !isErr || !strings.Contains(text, present.ConfirmStateExpired(time.Second)) {
		t.Errorf("an answer after its time approved: %s", raw)
	}
	if isErr, _, raw := r47SafetyCall(t, conn, 12, "get_app", `{"app":"analytics-app"}`, ""); isErr {
		t.Errorf("the app is gone: %s", raw)
	}
}

// TestR47SafetyHTTPAnswerBindsToItsCaller: README says every answer is bound to the caller (a
// hash of the HTTP bearer token) and "re-sent ... by another caller ... a client's answer is
// refused". Over HTTP with 2026-07-28 (no session ties the answer to anyone), caller A is asked
// about deleting analytics-app; caller B, and a request with no token under the server's own
// credentials, send A's request state with the right typed name: both are refused and the app
// stays; A's own answer then deletes it.
func TestR47SafetyHTTPAnswerBindsToItsCaller(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, nil)
	post := func(token, params string) string {
		body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + params + `}`
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("MCP-Protocol-Version", "2026-07-28")
		req.Header.Set("Mcp-Method", "tools/call")
		req.Header.Set("Mcp-Name", "delete_app")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return string(out)
	}
	meta := r47SafetyModernMeta(`{"elicitation":{}}`)
	asked := post("token-of-caller-a", `{"name":"delete_app","arguments":{"app":"analytics-app"},`+meta+`}`)
	state := r47SafetyRequestState(t, asked)
	answer := fmt.Sprintf(`{"name":"delete_app","arguments":{"app":"analytics-app"},"inputResponses":{"confirm":{"action":"accept","content":{"name":"analytics-app"}}},"requestState":%q,%s}`,
		state, meta)
	for _, token := range []string{"token-of-caller-b", ""} {
		if out := post(token, answer); !strings.Contains(out, present.ConfirmStateInvalid) {
			t.Errorf("caller %q with caller A's answer: %s", token, out)
		}
	}
	if out := post("token-of-caller-a", answer); !strings.Contains(out, "Deleted app analytics-app") {
		t.Errorf("caller A's own answer: %s", out)
	}
}
