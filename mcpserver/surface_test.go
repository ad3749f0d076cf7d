package mcpserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// viewTools are the resources and templates, each with the tool that renders it and a URI
// that reads it.
var viewTools = []struct{ uri, tool, read string }{
	{"spice://orgs", "list_orgs", "spice://orgs"},
	{"spice://regions", "list_regions", "spice://regions"},
	{"spice://container-images", "list_container_images", "spice://container-images"},
	{"spice://apps", "list_apps", "spice://apps"},
	{"spice://apps/{app}", "get_app", "spice://apps/analytics-app"},
	{"spice://apps/{app}/deployments", "list_deployments", "spice://apps/analytics-app/deployments"},
	{"spice://apps/{app}/instances", "list_instances", "spice://apps/analytics-app/instances"},
	{"spice://orgs/{org}/apps", "list_apps", "spice://orgs/sandbox/apps"},
	{"spice://orgs/{org}/apps/{app}", "get_app", "spice://orgs/sandbox/apps/analytics-app"},
	{"spice://orgs/{org}/apps/{app}/deployments", "list_deployments", "spice://orgs/sandbox/apps/analytics-app/deployments"},
	{"spice://orgs/{org}/apps/{app}/instances", "list_instances", "spice://orgs/sandbox/apps/analytics-app/instances"},
}

// promptArgs are arguments each prompt renders with.
var promptArgs = map[string]map[string]string{
	"deploy_app":              {"name": "sales"},
	"rotate_keys":             {"app": "analytics-app"},
	"troubleshoot_deployment": {"app": "analytics-app"},
	"audit_organization":      nil,
}

// TestSurfaceFollowsHiddenTools: with --tools, --toolsets, --exclude-tools, --read-only or a
// token's scopes hiding tools, a resource or template is listed exactly when the tool that
// renders it is, a prompt exactly when every tool it steers to is; reading a hidden view,
// getting a hidden prompt or completing either is refused with the tool call's own reason;
// what is listed still works.
func TestSurfaceFollowsHiddenTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		h      func(t *testing.T) *harness
		hidden []string // tools that must be hidden (the case proves something)
	}{
		{"tools whoami", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Tools: []string{"whoami"}}})
		}, []string{"get_app", "list_apps", "list_orgs", "rotate_api_keys"}},
		{"read-only", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}})
		}, []string{"rotate_api_keys", "create_and_deploy_app"}},
		{"exclude get_app", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_app"}}})
		}, []string{"get_app"}},
		{"toolsets apps", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Toolsets: []string{"apps"}}})
		}, []string{"list_orgs", "list_deployments", "describe_app"}},
		{"token scopes apps:read", func(t *testing.T) *harness { return scopedHarness(t, []string{"apps:read"}) },
			[]string{"list_members", "rotate_api_keys"}},
		{"token role viewer", func(t *testing.T) *harness {
			token := jwtShaped(map[string]any{"sub": "bob", "org": "sandbox", "username": "bob", "role": "viewer", "scopes": []string{"*"}})
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
				Tokens: []sandbox.Token{{Value: token, Org: "sandbox", User: "bob", Scopes: []string{"*"}}}}, token: token})
		}, []string{"rotate_api_keys", "create_and_deploy_app"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h(t)
			ctx := context.Background()
			listedTools := map[string]bool{}
			for _, tool := range h.listTools(t) {
				listedTools[tool.Name] = true
			}
			for _, name := range tc.hidden {
				if listedTools[name] {
					t.Fatalf("%s is listed; the case proves nothing", name)
				}
			}
			reasons := map[string]string{} // hidden tool → the refusal of a call to it
			for _, v := range viewTools {
				if !listedTools[v.tool] {
					reasons[v.tool] = h.fail(t, v.tool, nil)
				}
			}

			resources, err := h.mcp.ListResources(ctx, mcp.ListResourcesRequest{})
			if err != nil {
				t.Fatal(err)
			}
			templates, err := h.mcp.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var listed, want []string
			for _, r := range resources.Resources {
				listed = append(listed, r.URI)
			}
			for _, r := range templates.ResourceTemplates {
				listed = append(listed, r.URITemplate.Raw())
			}
			for _, v := range viewTools {
				if listedTools[v.tool] {
					want = append(want, v.uri)
				}
			}
			slices.Sort(listed)
			slices.Sort(want)
			if !slices.Equal(listed, want) {
				t.Errorf("resources and templates listed: %v\nwant (their tools are listed): %v", listed, want)
			}

			for _, v := range viewTools {
				var req mcp.ReadResourceRequest
				req.Params.URI = v.read
				res, err := h.mcp.ReadResource(ctx, req)
				if listedTools[v.tool] {
					if err != nil {
						t.Errorf("%s (listed): %v", v.read, err)
					} else if text := res.Contents[0].(mcp.TextResourceContents).Text; strings.Contains(text, "not available") {
						t.Errorf("%s (listed): %s", v.read, text)
					}
					continue
				}
				reason := strings.TrimSuffix(strings.SplitN(reasons[v.tool], ". ", 2)[0], ".")
				if err == nil || !strings.Contains(err.Error(), reason) || !strings.Contains(err.Error(), v.read) {
					t.Errorf("%s (its tool %s is hidden): %v; want the call's refusal %q", v.read, v.tool, err, reason)
				}
				if !strings.Contains(v.uri, "{app}") {
					continue
				}
				var complete mcp.CompleteRequest
				complete.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: v.uri}
				complete.Params.Argument.Name, complete.Params.Argument.Value = "app", "ana"
				if got, err := h.mcp.Complete(ctx, complete); err == nil || !strings.Contains(err.Error(), reason) {
					t.Errorf("completing %s (its tool %s is hidden): %v %+v; want the call's refusal %q", v.uri, v.tool, err, got, reason)
				}
			}

			list, err := h.mcp.ListPrompts(ctx, mcp.ListPromptsRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var listedPrompts []string
			for _, p := range list.Prompts {
				listedPrompts = append(listedPrompts, p.Name)
			}
			for _, name := range prompts.Names() {
				needs, _ := prompts.Needs(name)
				missing := ""
				for _, tool := range needs {
					if !listedTools[tool] {
						missing = tool
						break
					}
				}
				var req mcp.GetPromptRequest
				req.Params.Name, req.Params.Arguments = name, promptArgs[name]
				res, err := h.mcp.GetPrompt(ctx, req)
				if missing == "" {
					if !slices.Contains(listedPrompts, name) || err != nil {
						t.Errorf("prompt %s (its tools are listed): listed %v, get %v", name, listedPrompts, err)
					}
					continue
				}
				if slices.Contains(listedPrompts, name) {
					t.Errorf("prompt %s is listed; it needs %s, which is hidden", name, missing)
				}
				if err == nil || !strings.Contains(err.Error(), missing+" is not available: ") {
					t.Errorf("prompt %s (needs the hidden %s): %v %+v", name, missing, err, res)
				}
				var complete mcp.CompleteRequest
				complete.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: name}
				complete.Params.Argument.Name = "app"
				if _, err := h.mcp.Complete(ctx, complete); err == nil || !strings.Contains(err.Error(), missing+" is not available: ") {
					t.Errorf("completing prompt %s (needs the hidden %s): %v", name, missing, err)
				}
			}
		})
	}
}

// TestReadOnlyTroubleshootingProposesOnly: under --read-only, troubleshoot_deployment is still
// offered (it diagnoses with read-only tools) but asks for a proposal, not a fix it cannot apply.
func TestReadOnlyTroubleshootingProposesOnly(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: readOnly}})
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "analytics-app"}
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		body := res.Messages[0].Content.(mcp.TextContent).Text
		applies := strings.Contains(body, "once I agree, apply it")
		if applies == readOnly || readOnly && !strings.Contains(body, "apply nothing: update_app, create_deployment, set_secret and resume_app are not available here (each: "+present.HiddenReadOnly+")") {
			t.Errorf("read-only %v:\n%s", readOnly, body)
		}
	}
}

// TestRotateKeysPromptFollowsTheConfirmMode: the server words rotate_keys for its own
// --confirm mode: under off it promises no approval, since none is asked.
func TestRotateKeysPromptFollowsTheConfirmMode(t *testing.T) {
	for _, tc := range []struct {
		safety tools.Safety
		want   string
	}{
		{tools.Safety{}, "once I approve"},
		{tools.Safety{Confirm: tools.ConfirmAgent}, "once I say to go ahead"},
		{tools.Safety{NoConfirm: true}, "replaces the secondary key immediately"},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tc.safety})
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "rotate_keys", map[string]string{"app": "analytics-app"}
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if body := res.Messages[0].Content.(mcp.TextContent).Text; !strings.Contains(body, tc.want) {
			t.Errorf("--confirm=%s: no %q in\n%s", tc.safety.Mode(), tc.want, body)
		}
	}
}

// TestCompletionWithoutListApps: app names come from list_apps; where it is hidden the
// template still completes, with no names.
func TestCompletionWithoutListApps(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{Tools: []string{"get_app"}}})
	var complete mcp.CompleteRequest
	complete.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"}
	complete.Params.Argument.Name = "app"
	got, err := h.mcp.Complete(context.Background(), complete)
	if err != nil || len(got.Completion.Values) != 0 {
		t.Errorf("completion without list_apps: %v %+v", err, got)
	}
}

// TestCompletionErrorsAreMasked: an API failure during completion is presented as a tool's is:
// the credentials an upstream error text quotes are masked.
func TestCompletionErrorsAreMasked(t *testing.T) {
	body := `{"error":"Authorization: Bearer sk-live-ABCDEFGHIJKLMNOP1234 and password=hunter2secret"}`
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: recordingProxy(nil, answerWith(http.MethodGet, "/v1/projects", http.StatusBadRequest, body))})
	for _, ref := range []any{
		mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"},
		mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"},
	} {
		var complete mcp.CompleteRequest
		complete.Params.Ref = ref
		complete.Params.Argument.Name = "app"
		_, err := h.mcp.Complete(context.Background(), complete)
		if err == nil || !strings.Contains(err.Error(), "Spice.ai API error 400") {
			t.Fatalf("%v: %v", ref, err)
		}
		for _, secret := range []string{"sk-live-ABCDEFGHIJKLMNOP1234", "hunter2secret", "ABCDEFGHIJKLMNOP1234"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%v: the error shows %q: %v", ref, secret, err)
			}
		}
	}
}

// TestSandboxNoteOnResourcesAndPrompts: in --sandbox mode resource contents and prompt texts
// end with the note every tool result carries.
func TestSandboxNoteOnResourcesAndPrompts(t *testing.T) {
	for _, note := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: note})
		ctx := context.Background()
		var texts []string
		for _, v := range viewTools {
			var req mcp.ReadResourceRequest
			req.Params.URI = v.read
			res, err := h.mcp.ReadResource(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", v.read, err)
			}
			texts = append(texts, res.Contents[0].(mcp.TextResourceContents).Text)
		}
		for _, name := range prompts.Names() {
			var req mcp.GetPromptRequest
			req.Params.Name, req.Params.Arguments = name, promptArgs[name]
			res, err := h.mcp.GetPrompt(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			texts = append(texts, res.Messages[0].Content.(mcp.TextContent).Text)
		}
		for i, text := range texts {
			if strings.HasSuffix(text, "\n\n"+present.SandboxNote) != note || strings.Count(text, present.SandboxNote) > 1 {
				t.Errorf("sandbox %v, text %d: %q", note, i, text[max(0, len(text)-120):])
			}
		}
	}
}

// stdioConn is a server over stdio, answering pipelined requests by ID.
type stdioConn struct {
	t       *testing.T
	in      io.Writer
	mu      sync.Mutex
	answers map[string]chan string
}

// serveStdio runs a server over the demo emulator on stdio; initialize is done (2025-06-18).
func serveStdio(t *testing.T, opts mcpserver.Options) *stdioConn {
	t.Helper()
	opts.Version = "test"
	opts.Client = demoClient(t)
	if opts.Human == nil {
		opts.Human = humanweb.New(humanweb.Options{Conns: mcpserver.PageConns})
		t.Cleanup(func() { _ = opts.Human.Close() })
	}
	srv := mcpserver.New(opts)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mcpserver.ServeStdio(ctx, srv, inR, outW, slog.New(slog.DiscardHandler)); outW.Close() }()
	conn := &stdioConn{t: t, in: inW, answers: map[string]chan string{}}
	go func() {
		lines := bufio.NewScanner(outR)
		lines.Buffer(make([]byte, 1<<20), 1<<22)
		for lines.Scan() {
			var msg struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(lines.Bytes(), &msg) == nil && msg.ID != nil {
				conn.answer(string(msg.ID)) <- lines.Text()
			}
		}
	}()
	t.Cleanup(func() { cancel(); inW.Close(); <-done })
	conn.send(initializeJSON)
	conn.await(`1`)
	conn.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return conn
}

func (c *stdioConn) answer(id string) chan string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.answers[id]
	if !ok {
		ch = make(chan string, 1)
		c.answers[id] = ch
	}
	return ch
}

func (c *stdioConn) send(msg string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, msg+"\n"); err != nil {
		c.t.Fatal(err)
	}
}

// await returns the answer to the request with the ID (as JSON: 7, "seven").
func (c *stdioConn) await(id string) string {
	c.t.Helper()
	select {
	case a := <-c.answer(id):
		return a
	case <-time.After(30 * time.Second):
		c.t.Fatalf("no answer to %s", id)
		return ""
	}
}

// completeEmpty sends completion/complete with id for an empty value of arg of ref (JSON),
// with context's arguments (a JSON object; "" for none), and is its answer.
func completeEmpty(conn *stdioConn, id int, ref, arg, context string) string {
	cc := ""
	if context != "" {
		cc = `,"context":{"arguments":` + context + `}`
	}
	conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"completion/complete","params":{"ref":%s,"argument":{"name":%q,"value":""}%s}}`, id, ref, arg, cc))
	return conn.await(fmt.Sprint(id))
}

// rpcError is the error of an answer (nil for a result).
func rpcErrorOf(t *testing.T, answer string) *struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
} {
	t.Helper()
	var a struct {
		Error *struct {
			Code    int             `json:"code"`
			Message string          `json:"message"`
			Data    json.RawMessage `json:"data"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(answer), &a); err != nil {
		t.Fatalf("%v: %s", err, answer)
	}
	return a.Error
}

// TestResourceNotFoundCodePerRequestEra: pipelined resources/read requests of both protocol
// eras over one stdio connection each get their own era's code for "resource not found"
// (-32002 before 2026-07-28, -32602 from it on), however they interleave; run with -race.
func TestResourceNotFoundCodePerRequestEra(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	conn := serveStdio(t, mcpserver.Options{})
	const n = 400
	var wg sync.WaitGroup
	for i := range n {
		meta := ""
		if i%2 == 1 {
			meta = `,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"x","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"resources/read","params":{"uri":"spice://apps/no-such-app"%s}}`, 100+i, meta))
		}()
	}
	wg.Wait()
	wrong := 0
	for i := range n {
		answer := conn.await(fmt.Sprint(100 + i))
		want := mcp.RESOURCE_NOT_FOUND
		if i%2 == 1 {
			want = mcp.INVALID_PARAMS
		}
		e := rpcErrorOf(t, answer)
		if e == nil || e.Code != want || !strings.Contains(e.Message, "No app named") || strings.Contains(e.Message, "\x1f") ||
			string(e.Data) != `{"uri":"spice://apps/no-such-app"}` {
			wrong++
			if wrong <= 3 {
				t.Errorf("request %d: want code %d, got %s", 100+i, want, answer)
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d answers had the wrong code", wrong, n)
	}
}

// TestCompletionRefusesWhatNamesNothing: completion/complete of a prompt or resource that does
// not exist, of an argument it does not take, or with a context argument the tools' rule
// refuses is -32602 naming it (over stdio, where the code reaches the client); an
// organization the caller cannot act in is -32602 with the API's presented answer.
func TestCompletionRefusesWhatNamesNothing(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	for i, tc := range []struct {
		ref      string
		arg      string
		context  string
		code     int
		contains []string
	}{
		{`{"type":"ref/prompt","name":"nope"}`, "app", "", mcp.INVALID_PARAMS, []string{`no prompt "nope"`}},
		{`{"type":"ref/prompt","name":"audit_organization"}`, "app", "", mcp.INVALID_PARAMS, []string{`audit_organization takes no arguments (got "app")`}},
		{`{"type":"ref/prompt","name":"deploy_app"}`, "app", "", mcp.INVALID_PARAMS, []string{"deploy_app takes no argument \"app\". What to do: Send only name, region, spicepod, org."}},
		{`{"type":"ref/prompt","name":"rotate_keys"}`, "app", `{"organisation":"acme-labs"}`, mcp.INVALID_PARAMS, []string{"takes no argument \"organisation\". What to do: Send only app, org."}},
		{`{"type":"ref/resource","uri":"spice://nope/{app}"}`, "app", "", mcp.INVALID_PARAMS, []string{`no resource template "spice://nope/{app}"`}},
		{`{"type":"ref/resource","uri":"spice://regions"}`, "app", "", mcp.INVALID_PARAMS, []string{`resource spice://regions takes no arguments (got "app")`}},
		{`{"type":"ref/resource","uri":"spice://apps/{app}"}`, "org", "", mcp.INVALID_PARAMS, []string{"has no argument \"org\". What to do: Complete one it has: app."}},
		{`{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"}`, "app", `{"org":" acme-labs"}`, mcp.INVALID_PARAMS, []string{`context "org": `, r74Words15Rule(present.ArgSpaces)}},
		{`{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"}`, "app", `{"org":"bad\nheader"}`, mcp.INVALID_PARAMS, []string{`"org"`, present.ArgOrgName}},
		{`{"type":"ref/prompt","name":"rotate_keys"}`, "app", `{"org":"nonexistent-org"}`, mcp.INVALID_PARAMS, []string{`"org"`, "org_forbidden"}},
		{`{"type":"ref/prompt","name":"rotate_keys"}`, "app", `{"app":"id:x"}`, mcp.INVALID_PARAMS, []string{`"app"`, r74Words15Rule(present.ArgAppIDForm)}},
	} {
		answer := completeEmpty(conn, 10+i, tc.ref, tc.arg, tc.context)
		e := rpcErrorOf(t, answer)
		if e == nil || e.Code != tc.code || strings.Contains(e.Message, "\x1f") {
			t.Errorf("%s %s %s: want code %d, got %s", tc.ref, tc.arg, tc.context, tc.code, answer)
			continue
		}
		for _, part := range tc.contains {
			if !strings.Contains(e.Message, part) {
				t.Errorf("%s %s %s: %q missing from %s", tc.ref, tc.arg, tc.context, part, e.Message)
			}
		}
	}
	// Valid requests still complete, in the organization named.
	conn.send(`{"jsonrpc":"2.0","id":"ok","method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"spice://orgs/{org}/apps/{app}"},"argument":{"name":"app","value":"fr"},"context":{"arguments":{"org":"acme-labs"}}}}`)
	if answer := conn.await(`"ok"`); !strings.Contains(answer, `"values":["fraud-scoring"]`) {
		t.Errorf("a valid completion: %s", answer)
	}
}

// TestHiddenSurfaceCodesOverStdio: over stdio a hidden view's read is "resource not found"
// with the call's reason and the URI as data, and a hidden prompt's get is -32602 with it.
func TestHiddenSurfaceCodesOverStdio(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{Policy: tools.Policy{Tools: []string{"whoami"}}})
	conn.send(`{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"spice://apps/analytics-app"}}`)
	e := rpcErrorOf(t, conn.await("2"))
	if e == nil || e.Code != mcp.RESOURCE_NOT_FOUND || !strings.Contains(e.Message, "get_app is not available: "+present.HiddenNotListed) ||
		string(e.Data) != `{"uri":"spice://apps/analytics-app"}` {
		t.Errorf("a hidden view: %+v", e)
	}
	conn.send(`{"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"analytics-app"}}}`)
	if e := rpcErrorOf(t, conn.await("3")); e == nil || e.Code != mcp.INVALID_PARAMS || !strings.Contains(e.Message, "rotate_api_keys is not available: "+present.HiddenNotListed) {
		t.Errorf("a hidden prompt: %+v", e)
	}
}

// TestPromptWithoutArgumentsRefusesOne: a prompt that takes no arguments says so.
func TestPromptWithoutArgumentsRefusesOne(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	conn.send(`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"audit_organization","arguments":{"x":"y"}}}`)
	if e := rpcErrorOf(t, conn.await("2")); e == nil || e.Code != mcp.INVALID_PARAMS || !strings.Contains(e.Message, `audit_organization takes no arguments (got "x")`) {
		t.Errorf("audit_organization {x:y}: %+v", e)
	}
}

// TestPromptsNameRealTools: every tool a prompt steers to exists.
func TestPromptsNameRealTools(t *testing.T) {
	for _, name := range prompts.Tools() {
		if _, ok := tools.ByName(name); !ok {
			t.Errorf("the prompts name %s, which is no tool", name)
		}
	}
}

// TestPromptRoleFollowsItsOrg: a role the token carries is for its own organization: a prompt
// whose org argument names another is not refused by it (as a tool call with that org is not),
// and one without org is.
func TestPromptRoleFollowsItsOrg(t *testing.T) {
	token := jwtShaped(map[string]any{"sub": "bob", "org": "acme-labs", "username": "bob", "role": "viewer", "scopes": []string{"*"}})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: token, Org: "acme-labs", User: "bob", Scopes: []string{"*"}}}}, token: token})
	get := func(args map[string]string) error {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "rotate_keys", args
		_, err := h.mcp.GetPrompt(context.Background(), req)
		return err
	}
	if err := get(map[string]string{"app": "analytics-app", "org": "sandbox"}); err != nil {
		t.Errorf("org sandbox, where the token's role does not apply: %v", err)
	}
	if err := get(map[string]string{"app": "analytics-app"}); err == nil || !strings.Contains(err.Error(), "your role viewer") {
		t.Errorf("the token's own organization: %v", err)
	}
}
