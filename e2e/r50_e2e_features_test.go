package e2e

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// r50E2eRPCError returns the JSON-RPC error in err, failing when there is none.
func r50E2eRPCError(t *testing.T, what string, err error) *jsonrpc.Error {
	t.Helper()
	var rpc *jsonrpc.Error
	if err == nil {
		t.Errorf("%s: succeeded, want a JSON-RPC error", what)
		return &jsonrpc.Error{}
	}
	if !errors.As(err, &rpc) {
		t.Errorf("%s: %v is not a JSON-RPC error", what, err)
		return &jsonrpc.Error{}
	}
	return rpc
}

// TestR50E2ePromptsResourcesCompletion lists and gets every prompt (valid and invalid
// arguments), lists every resource and template and reads each, and completes app names, in
// each transport and protocol era.
func TestR50E2ePromptsResourcesCompletion(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version})
			caps := cs.InitializeResult().Capabilities
			if caps == nil || caps.Prompts == nil || caps.Resources == nil || caps.Completions == nil {
				t.Fatalf("server capabilities lack prompts, resources or completions: %+v", caps)
			}
			// go-sdk v1.8.0's Ping puts no _meta on a 2026-07-28 request (its other requests carry
			// one); over HTTP the version must be in both header and _meta, so that ping is refused,
			// cleanly: the client goes on. Over stdio it is served as any message without a version.
			err := cs.Ping(ctx, nil)
			if c.transport == "http" && c.want == "2026-07-28" {
				if rpc := r50E2eRPCError(t, "ping", err); rpc.Code != jsonrpc.CodeInvalidParams || !strings.Contains(rpc.Message, "io.modelcontextprotocol/protocolVersion") {
					t.Errorf("ping without _meta: %v, want -32602 naming the field", err)
				}
			} else if err != nil {
				t.Errorf("ping: %v", err)
			}
			t.Run("prompts", func(t *testing.T) { r50E2ePrompts(t, ctx, cs) })
			t.Run("resources", func(t *testing.T) { r50E2eResources(t, ctx, cs, c.want) })
			t.Run("completion", func(t *testing.T) { r50E2eCompletion(t, ctx, cs) })
		})
	}
}

func r50E2ePrompts(t *testing.T, ctx context.Context, cs *mcp.ClientSession) {
	// Each prompt, its required arguments, valid arguments and what its text must name.
	want := map[string]struct {
		required []string
		args     map[string]string
		text     []string
	}{
		"deploy_app":              {[]string{"name"}, map[string]string{"name": "e2e-prompt-app", "region": "us-west-2"}, []string{"e2e-prompt-app", "us-west-2", "create_and_deploy_app", "https://e2e-prompt-app.spice.ai"}},
		"rotate_keys":             {[]string{"app"}, map[string]string{"app": "analytics-app"}, []string{"analytics-app", "rotate_api_keys", "finish"}},
		"troubleshoot_deployment": {[]string{"app"}, map[string]string{"app": "analytics-app", "deployment_id": "1003"}, []string{"analytics-app", "1003", "describe_app", "get_deployment"}},
		"audit_organization":      {nil, map[string]string{}, []string{"list_apps", "list_members"}},
	}
	listed := map[string]*mcp.Prompt{}
	for p, err := range cs.Prompts(ctx, nil) {
		if err != nil {
			t.Fatalf("prompts/list: %v", err)
		}
		listed[p.Name] = p
	}
	if got, w := sortedKeys(listed), sortedKeys(want); !slices.Equal(got, w) {
		t.Errorf("prompts/list = %v, want %v", got, w)
	}
	for _, name := range sortedKeys(want) {
		p, w := listed[name], want[name]
		if p == nil {
			continue
		}
		if p.Description == "" {
			t.Errorf("%s: no description", name)
		}
		var required []string
		for _, a := range p.Arguments {
			if a.Description == "" {
				t.Errorf("%s: argument %s has no description", name, a.Name)
			}
			if a.Required {
				required = append(required, a.Name)
			}
		}
		if !slices.Equal(required, w.required) {
			t.Errorf("%s: required arguments %v, want %v", name, required, w.required)
		}
		res, err := cs.GetPrompt(ctx, &mcp.GetPromptParams{Name: name, Arguments: w.args})
		if err != nil {
			t.Errorf("prompts/get %s %v: %v", name, w.args, err)
			continue
		}
		var text strings.Builder
		for _, m := range res.Messages {
			if tc, ok := m.Content.(*mcp.TextContent); ok {
				text.WriteString(tc.Text)
			}
		}
		if len(res.Messages) == 0 || text.Len() == 0 {
			t.Errorf("prompts/get %s: no text messages: %+v", name, res)
		}
		r50E2eMustContain(t, "prompt "+name, text.String(), w.text...)
	}

	// Invalid arguments are refused (-32602) naming the argument.
	for _, bad := range []struct {
		prompt string
		args   map[string]string
		names  string
	}{
		{"rotate_keys", map[string]string{"app": "analytics-app", "colour": "blue"}, "colour"},
		{"deploy_app", map[string]string{"name": "ab"}, "name"},
		{"rotate_keys", map[string]string{}, "app"},
		{"troubleshoot_deployment", map[string]string{"app": "analytics-app", "deployment_id": "-3"}, "deployment_id"},
		{"deploy_app", map[string]string{"name": "   "}, "name"},
		{"no_such_prompt", map[string]string{}, "no_such_prompt"},
	} {
		_, err := cs.GetPrompt(ctx, &mcp.GetPromptParams{Name: bad.prompt, Arguments: bad.args})
		rpc := r50E2eRPCError(t, "prompts/get "+bad.prompt, err)
		if rpc.Code != jsonrpc.CodeInvalidParams || !strings.Contains(rpc.Message, bad.names) {
			t.Errorf("prompts/get %s %v: error %d %q, want -32602 naming %q", bad.prompt, bad.args, rpc.Code, rpc.Message, bad.names)
		}
	}
}

func r50E2eResources(t *testing.T, ctx context.Context, cs *mcp.ClientSession, era string) {
	wantResources := map[string][]string{
		"spice://orgs":             {"sandbox", "acme-labs"},
		"spice://regions":          {"us-west-2"},
		"spice://container-images": {"`spiceai/spiceai:<tag>`", "| 2.3.2 |"},
		"spice://apps":             {"analytics-app", "docs-search"},
	}
	// Each template, expanded, and what its contents must name.
	wantTemplates := map[string]struct {
		uri  string
		text []string
	}{
		"spice://apps/{app}":                        {"spice://apps/analytics-app", []string{"**analytics-app** (101)"}},
		"spice://apps/{app}/deployments":            {"spice://apps/id%3A101/deployments", []string{"deployments of app 101", "1003"}}, // id:101, as RFC 6570 expands it
		"spice://apps/{app}/instances":              {"spice://apps/analytics-app/instances", []string{"instances of analytics-app (101)"}},
		"spice://orgs/{org}/apps":                   {"spice://orgs/acme-labs/apps", []string{"nightly-etl", "fraud-scoring"}},
		"spice://orgs/{org}/apps/{app}":             {"spice://orgs/acme-labs/apps/fraud-scoring", []string{"fraud-scoring"}},
		"spice://orgs/{org}/apps/{app}/deployments": {"spice://orgs/acme-labs/apps/fraud-scoring/deployments", []string{"deployments of fraud-scoring", "unable_to_start"}},
		"spice://orgs/{org}/apps/{app}/instances":   {"spice://orgs/acme-labs/apps/fraud-scoring/instances", []string{"fraud-scoring"}},
	}

	listed := map[string]*mcp.Resource{}
	for r, err := range cs.Resources(ctx, nil) {
		if err != nil {
			t.Fatalf("resources/list: %v", err)
		}
		listed[r.URI] = r
	}
	if got, w := sortedKeys(listed), sortedKeys(wantResources); !slices.Equal(got, w) {
		t.Errorf("resources/list = %v, want %v", got, w)
	}
	templates := map[string]*mcp.ResourceTemplate{}
	for rt, err := range cs.ResourceTemplates(ctx, nil) {
		if err != nil {
			t.Fatalf("resources/templates/list: %v", err)
		}
		templates[rt.URITemplate] = rt
	}
	if got, w := sortedKeys(templates), sortedKeys(wantTemplates); !slices.Equal(got, w) {
		t.Errorf("resources/templates/list = %v, want %v", got, w)
	}
	read := func(uri string, wants []string) {
		t.Helper()
		res, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: uri})
		if err != nil {
			t.Errorf("resources/read %s: %v", uri, err)
			return
		}
		if len(res.Contents) != 1 || res.Contents[0].URI != uri || res.Contents[0].Text == "" {
			t.Errorf("resources/read %s: want one text content for that URI: %+v", uri, res.Contents)
			return
		}
		if mt := res.Contents[0].MIMEType; mt != "text/markdown" {
			t.Errorf("resources/read %s: MIME type %q, want text/markdown", uri, mt)
		}
		r50E2eMustContain(t, uri, res.Contents[0].Text, wants...)
	}
	for _, uri := range sortedKeys(wantResources) {
		if r := listed[uri]; r != nil && (r.Name == "" || r.Description == "") {
			t.Errorf("%s: listed without a name or description: %+v", uri, r)
		}
		read(uri, wantResources[uri])
	}
	for _, tmpl := range sortedKeys(wantTemplates) {
		if rt := templates[tmpl]; rt != nil && (rt.Name == "" || rt.Description == "") {
			t.Errorf("%s: listed without a name or description: %+v", tmpl, rt)
		}
		read(wantTemplates[tmpl].uri, wantTemplates[tmpl].text)
	}

	// An app that does not exist is "resource not found": -32002 before 2026-07-28, -32602 since.
	wantCode := int64(-32002)
	if era == "2026-07-28" {
		wantCode = jsonrpc.CodeInvalidParams
	}
	for _, uri := range []string{"spice://apps/no-such-app", "spice://nothing-here"} {
		_, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: uri})
		if rpc := r50E2eRPCError(t, "resources/read "+uri, err); rpc.Code != wantCode {
			t.Errorf("resources/read %s: error %d %q, want %d", uri, rpc.Code, rpc.Message, wantCode)
		}
	}
	// A view whose tool fails (a paused app's instances) is -32603 with the tool's text.
	_, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "spice://orgs/acme-labs/apps/nightly-etl/instances"})
	if rpc := r50E2eRPCError(t, "resources/read of a paused app's instances", err); rpc.Code != jsonrpc.CodeInternalError || !strings.Contains(rpc.Message, "paused") {
		t.Errorf("a paused app's instances: error %d %q, want -32603 saying it is paused", rpc.Code, rpc.Message)
	}
}

func r50E2eCompletion(t *testing.T, ctx context.Context, cs *mcp.ClientSession) {
	for _, c := range []struct {
		ref   *mcp.CompleteReference
		arg   string
		value string
		want  []string
		not   []string
	}{
		{&mcp.CompleteReference{Type: "ref/prompt", Name: "rotate_keys"}, "app", "ana", []string{"analytics-app"}, []string{"docs-search"}},
		{&mcp.CompleteReference{Type: "ref/prompt", Name: "troubleshoot_deployment"}, "app", "", []string{"analytics-app", "docs-search"}, nil},
		{&mcp.CompleteReference{Type: "ref/resource", URI: "spice://apps/{app}"}, "app", "doc", []string{"docs-search"}, []string{"analytics-app"}},
		{&mcp.CompleteReference{Type: "ref/resource", URI: "spice://apps/{app}/instances"}, "app", "zzz", nil, []string{"analytics-app", "docs-search"}},
	} {
		res, err := cs.Complete(ctx, &mcp.CompleteParams{Ref: c.ref, Argument: mcp.CompleteParamsArgument{Name: c.arg, Value: c.value}})
		if err != nil {
			t.Errorf("completion/complete %+v %s=%q: %v", c.ref, c.arg, c.value, err)
			continue
		}
		got := res.Completion.Values
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("completion %+v %s=%q = %v, want %q among them", c.ref, c.arg, c.value, got, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("completion %+v %s=%q = %v, does not start with %q", c.ref, c.arg, c.value, got, n)
			}
		}
		if res.Completion.Total != 0 && res.Completion.Total < len(got) {
			t.Errorf("completion %+v: total %d < %d values", c.ref, res.Completion.Total, len(got))
		}
	}
}

// r50E2eProgress records progress notifications per token.
type r50E2eProgress struct {
	mu      sync.Mutex
	seen    map[any][]*mcp.ProgressNotificationParams
	onFirst map[any]func()
}

func (p *r50E2eProgress) handle(_ context.Context, req *mcp.ProgressNotificationClientRequest) {
	p.mu.Lock()
	token := req.Params.ProgressToken
	p.seen[token] = append(p.seen[token], req.Params)
	first := p.onFirst[token]
	delete(p.onFirst, token)
	p.mu.Unlock()
	if first != nil {
		first()
	}
}

func (p *r50E2eProgress) of(token any) []*mcp.ProgressNotificationParams {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen[token])
}

var r50E2eWaitCall = regexp.MustCompile(`wait_for_deployment \{"app":"([^"]+)","deployment_id":(\d+)\}`)

// TestR50E2eProgressAndCancellation: wait_for_deployment on a real-clock sandbox deployment
// (about 5 s) reports progress to the token the client gave, and a wait the client cancels
// ends promptly while the server stays usable.
func TestR50E2eProgressAndCancellation(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			progress := &r50E2eProgress{seen: map[any][]*mcp.ProgressNotificationParams{}, onFirst: map[any]func(){}}
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version,
				opts: mcp.ClientOptions{ProgressNotificationHandler: progress.handle}})

			deploy := func(app string) float64 {
				t.Helper()
				res := callTool(t, ctx, cs, "create_deployment", map[string]any{"app": app})
				wantOK(t, res)
				m := r50E2eWaitCall.FindStringSubmatch(resultText(res))
				if m == nil || m[1] != app {
					t.Fatalf("create_deployment names no wait_for_deployment call for %s:\n%s", app, resultText(res))
				}
				var id float64
				for _, d := range m[2] {
					id = id*10 + float64(d-'0')
				}
				return id
			}

			// Cancellation: cancelled at its first progress notification, the call ends at once.
			id := deploy("analytics-app")
			callCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			var cancelledAt time.Time
			var once sync.Once
			progress.mu.Lock()
			progress.onFirst["e2e-cancel"] = func() { once.Do(func() { cancelledAt = time.Now(); cancel() }) }
			progress.mu.Unlock()
			params := &mcp.CallToolParams{Name: "wait_for_deployment", Arguments: map[string]any{"app": "analytics-app", "deployment_id": id, "timeout_seconds": 30}}
			params.SetProgressToken("e2e-cancel")
			_, err := cs.CallTool(callCtx, params)
			ended := time.Now()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled wait_for_deployment: err = %v, want context.Canceled", err)
			}
			once.Do(func() {}) // the handler's cancel has run (CallTool saw it)
			if d := ended.Sub(cancelledAt); d > 2*time.Second {
				t.Errorf("the cancelled call ended %v after its cancellation", d)
			}
			// The server stays usable, and the deployment was not what was cancelled.
			apps := callTool(t, ctx, cs, "list_apps", map[string]any{})
			wantOK(t, apps)
			r50E2eMustContain(t, "list_apps after the cancellation", resultText(apps), "analytics-app")
			dep := callTool(t, ctx, cs, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": id})
			wantOK(t, dep)
			if text := resultText(dep); strings.Contains(text, "failed") {
				t.Errorf("cancelling the wait failed the deployment:\n%s", text)
			}

			// Progress: waiting for that deployment again reports progress to the call's token, to
			// its end. The wait takes the deployment's 5 s, so it runs in one combination of each
			// transport and each era (go test runs 2 subtests at once on a 2-CPU machine).
			if c.name == "http/modern" || c.name == "stdio/legacy-2025-06-18" {
				r50E2eWaitWithProgress(t, ctx, cs, progress, id)
			}
		})
	}
}

// r50E2eWaitWithProgress waits for deployment id of analytics-app with a progress token: the
// notifications come for that token, with messages and rising progress, and the wait succeeds.
func r50E2eWaitWithProgress(t *testing.T, ctx context.Context, cs *mcp.ClientSession, progress *r50E2eProgress, id float64) {
	t.Helper()
	params := &mcp.CallToolParams{Name: "wait_for_deployment", Arguments: map[string]any{"app": "analytics-app", "deployment_id": id, "timeout_seconds": 30}}
	params.SetProgressToken("e2e-wait")
	res, err := cs.CallTool(ctx, params)
	if err != nil {
		t.Fatalf("wait_for_deployment: %v", err)
	}
	wantOK(t, res)
	r50E2eMustContain(t, "wait_for_deployment", resultText(res), "succeeded")
	seen := progress.of("e2e-wait")
	if len(seen) == 0 {
		t.Fatalf("no progress notification for the wait's token")
	}
	for i, n := range seen {
		if n.Message == "" {
			t.Errorf("progress %d has no message", i)
		}
		if i > 0 && n.Progress <= seen[i-1].Progress {
			t.Errorf("progress went from %v to %v", seen[i-1].Progress, n.Progress)
		}
	}
	t.Logf("%d progress notifications, last: %v %q", len(seen), seen[len(seen)-1].Progress, seen[len(seen)-1].Message)
}
