package mcpserver_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r73Hostile17Known is a secret's value no rule recognises by its shape and that an app name
// may hold (lowercase letters, digits, hyphens): only the server's memory of the set_secret
// call that sent it knows it is one.
var r73Hostile17Known = testutil.R66Token{Family: "a value set earlier", Value: "hunter2-correct-horse-r73h17"}

// r73Hostile17Copies are the spellings of the known value an attack sends: as set, and the
// encoded copies round 72 redacts (base64, hex, upper case, reversed).
func r73Hostile17Copies() map[string]string {
	v := r73Hostile17Known.Value
	r := []rune(v)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return map[string]string{
		"as set":    v,
		"base64":    base64.StdEncoding.EncodeToString([]byte(v)),
		"hex":       hex.EncodeToString([]byte(v)),
		"upper":     strings.ToUpper(v),
		"reversed":  string(r),
		"base64url": base64.RawURLEncoding.EncodeToString([]byte(v)),
	}
}

// r73Hostile17Shows reports whether s shows the known value, as set or as the copy sent.
func r73Hostile17Shows(s, sent string) bool {
	return r71Hostile15Shows(r73Hostile17Known, s) || strings.Contains(s, sent)
}

// r73Hostile17JSON is v as JSON, HTML not escaped, for a look at everything an answer holds.
func r73Hostile17JSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.String()
}

// r73Hostile17Setup is a harness where the known value was set as a secret's (set_secret),
// then written where the API keeps it and views show it: analytics-app's description, and the
// name of an app created with it.
func r73Hostile17Setup(t *testing.T, opts harnessOptions) *harness {
	t.Helper()
	opts.cfg = sandbox.Config{Demo: true}
	h := newHarness(t, opts)
	v := r73Hostile17Known.Value
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": v})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "description": "runbook " + v})
	h.ok(t, "create_app", map[string]any{"name": v})
	return h
}

// TestR73Hostile17ResourcesRedactKnownValues: resources/read shows no value set earlier — in a
// view of what the API keeps (an app's description, an app named after it, in the app list and
// the deployments view), nor in a refusal that quotes the URI's variable, as sent or encoded.
func TestR73Hostile17ResourcesRedactKnownValues(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r73Hostile17Known.Value
	read := func(uri string) string {
		var req mcp.ReadResourceRequest
		req.Params.URI = uri
		res, err := h.mcp.ReadResource(context.Background(), req)
		if err != nil {
			return err.Error()
		}
		return r73Hostile17JSON(res)
	}
	type attempt struct{ uri, sent string }
	attempts := []attempt{{"spice://apps", v}, {"spice://apps/analytics-app", v}, {"spice://apps/" + v + "/instances", v},
		{"spice://orgs/demo-org/apps/analytics-app", v}}
	for _, sent := range r73Hostile17Copies() {
		attempts = append(attempts, attempt{"spice://apps/" + sent, sent}, attempt{"spice://orgs/" + sent + "/apps", sent},
			attempt{"spice://apps/" + sent + "/deployments", sent})
	}
	for _, a := range attempts {
		if got := read(a.uri); r73Hostile17Shows(got, a.sent) {
			t.Errorf("resources/read %s shows the value set earlier: %.600s", a.uri, got)
		}
	}
}

// TestR73Hostile17PromptsRedactKnownValues: prompts/get shows no value set earlier where a
// prompt echoes an argument (deploy_app's name, troubleshoot_deployment's app, every argument
// of every prompt) or quotes one it refuses, as set or encoded.
func TestR73Hostile17PromptsRedactKnownValues(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	list, err := h.mcp.ListPrompts(context.Background(), mcp.ListPromptsRequest{})
	if err != nil || len(list.Prompts) == 0 {
		t.Fatalf("prompts/list: %v", err)
	}
	n := 0
	for _, p := range list.Prompts {
		for _, a := range p.Arguments {
			for form, sent := range r73Hostile17Copies() {
				args := map[string]string{}
				for _, other := range p.Arguments { // the others required take plain values
					if other.Required {
						args[other.Name] = "analytics-app"
					}
				}
				args[a.Name] = sent
				var req mcp.GetPromptRequest
				req.Params.Name, req.Params.Arguments = p.Name, args
				res, err := h.mcp.GetPrompt(context.Background(), req)
				got := r73Hostile17JSON(res)
				if err != nil {
					got = err.Error()
				}
				n++
				if r73Hostile17Shows(got, sent) {
					t.Errorf("prompts/get %s with %s %s: shows the value set earlier: %.600s", p.Name, a.Name, form, got)
				}
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d prompts/get", n)
	}
}

// TestR73Hostile17CompletionsOmitKnownValues: a completion of an app argument (a prompt's, a
// resource template's) offers no app whose name is a value set earlier, and a refused
// completion quotes none.
func TestR73Hostile17CompletionsOmitKnownValues(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r73Hostile17Known.Value
	complete := func(ref any, value string, cc map[string]string) string {
		var req mcp.CompleteRequest
		req.Params.Ref = ref
		req.Params.Argument.Name = "app"
		req.Params.Argument.Value = value
		req.Params.Context.Arguments = cc
		res, err := h.mcp.Complete(context.Background(), req)
		if err != nil {
			return err.Error()
		}
		return r73Hostile17JSON(res)
	}
	refs := []any{mcp.PromptReference{Type: "ref/prompt", Name: "troubleshoot_deployment"},
		mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"}}
	for _, ref := range refs {
		for _, value := range []string{"", "hunter2", v} {
			if got := complete(ref, value, nil); r73Hostile17Shows(got, v) {
				t.Errorf("%v, %q: offers the value set earlier: %.400s", ref, value, got)
			} else if value == "" && !strings.Contains(got, "analytics-app") {
				t.Errorf("%v: the other apps are no longer offered: %.400s", ref, got)
			}
		}
		for form, sent := range r73Hostile17Copies() {
			if got := complete(ref, "a", map[string]string{"org": sent + "!"}); r73Hostile17Shows(got, sent) {
				t.Errorf("%v, org %s: the refusal quotes the value set earlier: %.400s", ref, form, got)
			}
		}
	}
}

// TestR73Hostile17UnknownToolNameRedacted: tools/call naming a tool after a value set earlier
// is refused without quoting it (a refusal of the request's params, before any tool runs).
func TestR73Hostile17UnknownToolNameRedacted(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for form, sent := range r73Hostile17Copies() {
		var req mcp.CallToolRequest
		req.Params.Name = sent
		res, err := h.mcp.CallTool(context.Background(), req)
		got := r73Hostile17JSON(res)
		if err != nil {
			got = err.Error()
		}
		if r73Hostile17Shows(got, sent) {
			t.Errorf("tools/call named %s: shows the value set earlier: %.400s", form, got)
		}
	}
}

// TestR73Hostile17QuestionsRedactKnownValues: the confirmation question a call asks the user
// (elicitation/create, in a 2025 session; the result's input request, in a 2026-07-28 one)
// quotes no value set earlier, here the name of the app to delete, which was named after it.
func TestR73Hostile17QuestionsRedactKnownValues(t *testing.T) {
	t.Parallel()
	for _, protocol := range []string{"", "modern"} {
		var mu sync.Mutex
		var asked []string
		h := r73Hostile17Setup(t, harnessOptions{protocol: protocol, safety: tools.Safety{Confirm: tools.ConfirmHuman},
			elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				mu.Lock()
				asked = append(asked, r73Hostile17JSON(req.Params))
				mu.Unlock()
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
			}})
		got := r73Hostile17JSON(h.call(t, "delete_app", map[string]any{"app": r73Hostile17Known.Value}))
		mu.Lock()
		questions := strings.Join(asked, "\n")
		mu.Unlock()
		if questions == "" && !strings.Contains(got, "inputRequests") {
			t.Fatalf("%q: no question asked: %.400s", protocol, got)
		}
		if r71Hostile15Shows(r73Hostile17Known, questions) || r71Hostile15Shows(r73Hostile17Known, got) {
			t.Errorf("%q: the question shows the value set earlier: %.600s\n%.600s", protocol, questions, got)
		}
	}
}

// TestR73Hostile17ProgressRedactsKnownValues: the progress notifications of a deployment of an
// app named after a value set earlier do not name it.
func TestR73Hostile17ProgressRedactsKnownValues(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r73Hostile17Known.Value
	h.ok(t, "update_app", map[string]any{"app": v, "spicepod": "version: v1\nkind: Spicepod\nname: pod\n"})
	h.ok(t, "create_deployment", map[string]any{"app": v})
	res, err := h.callWithProgress(t, context.Background(), "wait_for_deployment", map[string]any{"app": v})
	if err != nil {
		t.Fatal(err)
	}
	events := h.progressUntil(t, "succeeded")
	if len(events) == 0 {
		t.Fatalf("no progress: %.400s", text(res))
	}
	if got := strings.Join(events, "\n"); r71Hostile15Shows(r73Hostile17Known, got) {
		t.Errorf("progress shows the value set earlier: %.600s", got)
	}
}

// TestR73Hostile17CutDescriptionShowsNoBeginning: an app description holding a value set
// earlier, shortened where it holds it (list_apps' structured content keeps 400 bytes of a
// description), shows no beginning of it of 12 bytes or more, nor does the view of the list.
func TestR73Hostile17CutDescriptionShowsNoBeginning(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	v := r73Hostile17Known.Value
	filler := strings.Repeat("abcdefghij", 38) // no space: the cut falls at 400 bytes, 14 into v
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "description": "runbook " + filler[:378] + v})
	got := r71Hostile15Everything(h.call(t, "list_apps", map[string]any{}))
	if !strings.Contains(got, filler[:378]) {
		t.Fatalf("the description is not shown cut: %.800s", got)
	}
	if strings.Contains(got, v[:12]) {
		t.Errorf("list_apps shows a beginning of the value set earlier: %s", r66H10Around(got, v[:12]))
	}
}

// TestR73Hostile17RequestNamesRedacted: a prompt, a completion's reference or argument named
// after a value set earlier is refused without quoting it (refusals of the request's params and
// of the completion).
func TestR73Hostile17RequestNamesRedacted(t *testing.T) {
	t.Parallel()
	h := r73Hostile17Setup(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for form, sent := range r73Hostile17Copies() {
		var get mcp.GetPromptRequest
		get.Params.Name = sent
		_, err := h.mcp.GetPrompt(context.Background(), get)
		got := []string{"prompts/get: "}
		if err != nil {
			got[0] += err.Error()
		}
		for _, c := range []struct {
			ref  any
			name string
		}{
			{mcp.PromptReference{Type: "ref/prompt", Name: sent}, "app"},
			{mcp.ResourceReference{Type: "ref/resource", URI: "spice://" + sent}, "app"},
			{mcp.PromptReference{Type: "ref/prompt", Name: "deploy_app"}, sent},
		} {
			var req mcp.CompleteRequest
			req.Params.Ref, req.Params.Argument.Name = c.ref, c.name
			res, err := h.mcp.Complete(context.Background(), req)
			if err != nil {
				got = append(got, "completion/complete: "+err.Error())
			} else {
				got = append(got, "completion/complete: "+r73Hostile17JSON(res))
			}
		}
		for _, g := range got {
			if r73Hostile17Shows(g, sent) {
				t.Errorf("%s: shows the value set earlier: %.400s", form, g)
			}
		}
	}
}
