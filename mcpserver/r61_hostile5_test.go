package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r61Hostile5Canary is an API key an agent pastes where a name goes.
const r61Hostile5Canary = "sk-proj-R61hostile5CanaryQx7aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"

// r61Hostile5Names are names an adversarial agent sends as a tool's, a prompt's or in a URI:
// megabytes, an API key, a line break, a bidirectional override and an ANSI escape.
var r61Hostile5Names = []string{"nope", strings.Repeat("a", 1<<19), r61Hostile5Canary, "x\u202ey\x1b[31mz\nw"}

// r61Hostile5Modern is a 2026-07-28 request's _meta.
const r61Hostile5Modern = `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`

// r61Hostile5CheckEcho fails unless answer is an error with code whose message holds part and
// carries nothing of name whole where it is long, no credential, and no character that does not
// print (a line break, U+202E, ESC) raw, in its message or data.
func r61Hostile5CheckEcho(t *testing.T, what, answer string, code int, part string) {
	t.Helper()
	e := rpcErrorOf(t, answer)
	if e == nil || e.Code != code || !strings.Contains(e.Message, part) {
		t.Errorf("%s: want code %d and %q, got %.400s", what, code, part, answer)
		return
	}
	if len(answer) > 2000 || strings.Contains(answer, "R61hostile5Canary") || strings.Contains(answer, "spice-code-") {
		t.Errorf("%s: %d bytes, echoing the name, its credential or the marker: %.600s", what, len(answer), answer)
	}
	if strings.ContainsAny(e.Message+string(e.Data), "\u202e\x1b\n") {
		t.Errorf("%s: a character that does not print, raw: %q", what, e.Message)
	}
}

// TestR61Hostile5UnknownToolInOurWords: mcp-go answers tools/call of a name no tool has with
// "tool '<name>' not found: tool not found", the name whole: a megabyte name came back as a
// megabyte message, an API key an agent pasted as the name came back as it was (README: errors
// never carry credentials), and a bidirectional override or an ANSI escape came back raw in the
// message. Now it is our refusal, -32602 as before, naming tools/list, the name quoted short with
// its escapes and its credential masked, over stdio, over HTTP in a 2025 session and as a
// 2026-07-28 request.
func TestR61Hostile5UnknownToolInOurWords(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	conn := serveStdio(t, mcpserver.Options{})
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for i, name := range r61Hostile5Names {
		q, _ := json.Marshal(name)
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%s,"arguments":{}}}`, 10+i, q)
		conn.send(body)
		r61Hostile5CheckEcho(t, fmt.Sprintf("stdio %.20q", name), conn.await(fmt.Sprint(10+i)), mcp.INVALID_PARAMS, "Invalid params: no tool \"")
		_, _, msgs := rawPost(t, h.URL(), session, nil, body)
		r61Hostile5CheckEcho(t, fmt.Sprintf("HTTP 2025 %.20q", name), strings.Join(msgs, "\n"), mcp.INVALID_PARAMS, "; tools/list shows the tools.")
		if len(name) > 10000 {
			continue // no header carries it
		}
		params := fmt.Sprintf(`{"name":%s,"arguments":{},%s}`, q, r61Hostile5Modern)
		header := mcp.StandardHeaders("2026-07-28", mcp.MethodToolsCall, json.RawMessage(params))
		header["MCP-Protocol-Version"] = "2026-07-28"
		_, _, msgs = rawPost(t, h.URL(), "", header, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":%s}`, 20+i, params))
		r61Hostile5CheckEcho(t, fmt.Sprintf("HTTP 2026-07-28 %.20q", name), strings.Join(msgs, "\n"), mcp.INVALID_PARAMS, "no tool")
	}
	// Its method spelled with escapes, which the hook's hot path (a plain "tools/call") passes over.
	for i, method := range []string{`tools\/call`, `\u0074ools/call`} {
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":{"name":%q,"arguments":{}}}`, 40+i, method, r61Hostile5Canary))
		r61Hostile5CheckEcho(t, "stdio "+method, conn.await(fmt.Sprint(40+i)), mcp.INVALID_PARAMS, "Invalid params: no tool \"")
	}
	conn.send(`{"jsonrpc":"2.0","id":30,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`)
	if answer := conn.await("30"); rpcErrorOf(t, answer) != nil {
		t.Errorf("a tool's call refused: %.300s", answer)
	}
}

// TestR61Hostile5PromptAndResourceNamesMasked: prompts/get of a name no prompt has, and
// resources/read or completion/complete of a URI, quoted the name short but an API key in it
// whole ("no prompt \"sk-proj-…\""); the quote masks it, in the message and in data.uri.
func TestR61Hostile5PromptAndResourceNamesMasked(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, req := range []struct{ method, params, part string }{
		{"prompts/get", `{"name":%s}`, `no prompt "********"`},
		{"resources/read", `{"uri":"spice://nope/%s"}`, `Resource not found: "spice://nope/********"`},
		{"resources/read", `{"uri":"spice://u:%s@x/apps"}`, `Resource not found: "spice://********@x/apps"`},
		{"completion/complete", `{"ref":{"type":"ref/resource","uri":"spice://nope/%s"},"argument":{"name":"app","value":""}}`, `no resource template "spice://nope/********"`},
	} {
		v := r61Hostile5Canary
		if strings.Contains(req.params, "%s}") {
			v = `"` + v + `"`
		}
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":`+req.params+`}`, 40+i, req.method, v))
		code := mcp.INVALID_PARAMS
		if req.method == "resources/read" {
			code = mcp.RESOURCE_NOT_FOUND
		}
		r61Hostile5CheckEcho(t, req.method, conn.await(fmt.Sprint(40+i)), code, req.part)
	}
}

// TestR61Hostile5PromptArgumentNameQuotedShort: README quotes what a client sent short on every
// refusal (a URI, a tool's argument name: "its start and its length"). A prompts/get or a
// completion/complete naming an argument the prompt does not take, with a name of 300,000
// characters, was answered with the name whole (a 300 KB message), and one holding an API key
// with the key; the name is quoted short and masked, and the prompt's arguments still follow.
func TestR61Hostile5PromptArgumentNameQuotedShort(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	conn := serveStdio(t, mcpserver.Options{})
	for i, req := range []struct{ arg, part string }{
		{strings.Repeat("z", 300000), `(300,000 characters). What to do: Send only name, region, spicepod, org.`},
		{r61Hostile5Canary, `takes no argument "********" (masked: it looks like a credential). What to do: Send only name`},
	} {
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"prompts/get","params":{"name":"deploy_app","arguments":{%q:"a"}}}`, 60+i, req.arg))
		r61Hostile5CheckEcho(t, "prompts/get", conn.await(fmt.Sprint(60+i)), mcp.INVALID_PARAMS, req.part)
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"deploy_app"},"argument":{"name":%q,"value":"a"}}}`, 70+i, req.arg))
		r61Hostile5CheckEcho(t, "completion/complete", conn.await(fmt.Sprint(70+i)), mcp.INVALID_PARAMS, req.part)
	}
}

// TestR61Hostile5ArgumentNameCredentialMasked: README masks a credential an agent gives as a
// secrets key ("name and value swapped") and never puts one in an error. An API key sent as an
// argument's name (list_apps {"sk-proj-…": 1}), or twice, came back whole in "Unknown argument
// \"sk-proj-…\""; it is masked, and the tool's arguments still follow.
func TestR61Hostile5ArgumentNameCredentialMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "list_apps", map[string]any{r61Hostile5Canary: 1})
	mustContain(t, "list_apps", got, `"********" (masked: it looks like a credential): unknown argument`, "Send only offset, org, then call list_apps again.")
	twice := text(h.callRaw(t, "list_apps", `{"`+r61Hostile5Canary+`":1,"`+r61Hostile5Canary+`":2}`))
	for _, s := range []string{got, twice} {
		if strings.Contains(s, "R61hostile5Canary") {
			t.Errorf("the key is echoed:\n%s", s)
		}
	}
	long := text(h.callRaw(t, "list_apps", `{"`+r61Hostile5Canary+strings.Repeat("a", 100000)+`":1}`))
	mustContain(t, "list_apps", long, `"********`, "(shortened; 100,062 characters in all) (masked: it looks like a credential): unknown argument", "Send only offset, org, then call list_apps again.")
}

// TestR61Hostile5SetLevelChangesNothing: README says the server declares no logging capability
// and sends no log notifications (logs go to stderr). An HTTP caller sends logging/setLevel
// debug, in a 2025 session and as a 2026-07-28 request, and then calls a tool: the request is
// refused (-32601), no notifications/message reaches it, and the server, logging at info for
// everyone, logs no debug line after it. Held.
func TestR61Hostile5SetLevelChangesNothing(t *testing.T) {
	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox"), Logger: logger}) // its requests at debug
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }, Logger: logger})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger})

	session := rawSession(t, h.URL(), `{}`)
	_, _, msgs := rawPost(t, h.URL(), session, nil, `{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"debug"}}`)
	if e := rpcErrorOf(t, strings.Join(msgs, "\n")); e == nil || e.Code != mcp.METHOD_NOT_FOUND {
		t.Errorf("2025 logging/setLevel: %q", msgs)
	}
	params := `{"level":"debug",` + r61Hostile5Modern + `}`
	header := mcp.StandardHeaders("2026-07-28", mcp.MethodSetLogLevel, json.RawMessage(params))
	header["MCP-Protocol-Version"] = "2026-07-28"
	_, _, modern := rawPost(t, h.URL(), "", header, `{"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":`+params+`}`)
	if e := rpcErrorOf(t, strings.Join(modern, "\n")); e == nil || e.Code != mcp.METHOD_NOT_FOUND {
		t.Errorf("2026-07-28 logging/setLevel: %q", modern)
	}
	_, _, msgs = rawPost(t, h.URL(), session, nil, `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_app","arguments":{"app":"nope"}}}`)
	if all := strings.Join(msgs, "\n"); strings.Contains(all, "notifications/message") || !strings.Contains(all, `"isError":true`) {
		t.Errorf("the call after setLevel: %q", msgs)
	}
	if got := logs.String(); strings.Contains(got, `"level":"DEBUG"`) || !strings.Contains(got, "get_app") {
		t.Errorf("logs after setLevel debug hold a debug line, or no call:\n%s", got)
	}
}

// TestR61Hostile5SharedProgressTokenCrossesNoSession: README says every notification carries
// its call's progress token and "nothing crosses between sessions". An agent in one session sends
// the progress token another session's call uses ("shared"), in two 2025 sessions and a
// 2026-07-28 client at once: each client is handed progress of its own app's deployment only
// (the messages name the app), every step of it, and each result is its own. Held.
func TestR61Hostile5SharedProgressTokenCrossesNoSession(t *testing.T) {
	url := progressHTTP(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	type session struct {
		app      string
		c        *mcpclient.Client
		mu       sync.Mutex
		messages []string
	}
	var sessions []*session
	for i, version := range []string{"2025-06-18", mcp.LATEST_LEGACY_PROTOCOL_VERSION, ""} {
		c, _, _ := progressClient(t, ctx, url, version)
		s := &session{app: fmt.Sprintf("r61h5-%d", i), c: c}
		c.OnNotification(func(n mcp.JSONRPCNotification) {
			if n.Method == "notifications/progress" {
				s.mu.Lock()
				s.messages = append(s.messages, fmt.Sprint(n.Params.AdditionalFields["message"]))
				s.mu.Unlock()
			}
		})
		sessions = append(sessions, s)
	}
	var wg sync.WaitGroup
	for _, s := range sessions {
		wg.Go(func() {
			res, err := callWithToken(ctx, s.c, "shared", "create_and_deploy_app", deployArgs(s.app))
			if err != nil || res.IsError || !strings.Contains(text(res), "**"+s.app+"**") {
				t.Errorf("%s: %v %s", s.app, err, text(res))
			}
		})
	}
	wg.Wait()
	for _, s := range sessions {
		s.mu.Lock()
		own := 0
		for _, m := range s.messages {
			for _, other := range sessions {
				if other != s && strings.Contains(m, other.app) {
					t.Errorf("%s was handed %s's progress: %q", s.app, other.app, m)
				}
			}
			if strings.Contains(m, s.app) {
				own++
			}
		}
		if own == 0 || len(s.messages) < len(deploySteps)-2 {
			t.Errorf("%s: %d progress messages, %d naming its app: %q", s.app, len(s.messages), own, s.messages)
		}
		s.mu.Unlock()
	}
}

// TestR61Hostile5ResourceURITraversalReadsNothing: README says a URI whose {app} or {org} can
// name nothing is "resource not found". An agent tries to reach another view or organization
// through dot segments and encoded slashes (..%2F..%2Forgs, acme-labs%2F..%2Fsandbox,
// deployments/../instances, %2e%2e, an empty segment, a trailing slash, an encoded NUL): each
// is resource not found, never another view's contents. Held.
func TestR61Hostile5ResourceURITraversalReadsNothing(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, uri := range []string{
		"spice://apps/..%2F..%2Forgs", "spice://apps/analytics-app%2Fdeployments", "spice://orgs/acme-labs%2F..%2Fsandbox/apps",
		"spice://apps/analytics-app/deployments/../instances", "spice://apps/analytics-app/./deployments", "spice://apps/%2e%2e",
		"spice://apps/.", "spice://apps//analytics-app", "spice://apps/analytics-app/", "spice://apps/analytics-app%00",
		"spice://apps/101%2C102",
	} {
		conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":%q}}`, 80+i, uri))
		answer := conn.await(fmt.Sprint(80 + i))
		if e := rpcErrorOf(t, answer); e == nil || e.Code != mcp.RESOURCE_NOT_FOUND || strings.Contains(answer, `"contents"`) {
			t.Errorf("%s: %.400s", uri, answer)
		}
	}
}

// TestR61Hostile5AppRefCredentialMasked: an API key an agent pastes as the app (get_app, or
// resources/read of spice://apps/<key>) came back whole in "No app named \"sk-proj-…\"" (README:
// errors never carry credentials, and a secrets key that looks like one is shown masked, with
// why). It is masked, with why, and the apps to choose from still follow.
func TestR61Hostile5AppRefCredentialMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "get_app", map[string]any{"app": r61Hostile5Canary})
	mustContain(t, "get_app", got, `No app named "********" (masked: it looks like a credential) in this organization`, "analytics-app (101)")
	if strings.Contains(got, "R61hostile5Canary") {
		t.Errorf("the key is echoed:\n%s", got)
	}
	conn := serveStdio(t, mcpserver.Options{})
	conn.send(`{"jsonrpc":"2.0","id":90,"method":"resources/read","params":{"uri":"spice://apps/` + r61Hostile5Canary + `"}}`)
	r61Hostile5CheckEcho(t, "resources/read", conn.await("90"), mcp.RESOURCE_NOT_FOUND, `No app named "********" (masked`)
}
