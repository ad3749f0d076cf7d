package mcpserver

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Resources, prompts and completions follow the tools they stand on: what the caller cannot
// call (--tools, --toolsets, --exclude-tools, --read-only, the token's scopes and role) is not
// listed, and asked for by name it is refused with the tool call's own reason. Listing is
// filtered per request, as tools/list is (the token may differ); reading, getting and
// completing check the tool as a call does.

// hideUnusable drops from every resources/list, resources/templates/list and prompts/list
// answer what stands on a tool the caller cannot use, under a tool call's time limit
// (ListingHidden: cut by it, what the flags allow).
func hideUnusable(hooks *server.Hooks, env *tools.Env) {
	hooks.AddAfterListResources(func(ctx context.Context, _ any, _ *mcp.ListResourcesRequest, res *mcp.ListResourcesResult) {
		hidden := env.ListingHidden(ctx, string(mcp.MethodResourcesList))
		res.Resources = slices.DeleteFunc(res.Resources, func(r mcp.Resource) bool { return viewHidden(hidden, r.URI) })
	})
	hooks.AddAfterListResourceTemplates(func(ctx context.Context, _ any, _ *mcp.ListResourceTemplatesRequest, res *mcp.ListResourceTemplatesResult) {
		hidden := env.ListingHidden(ctx, string(mcp.MethodResourcesTemplatesList))
		res.ResourceTemplates = slices.DeleteFunc(res.ResourceTemplates, func(t mcp.ResourceTemplate) bool {
			return t.URITemplate == nil || viewHidden(hidden, t.URITemplate.Raw())
		})
	})
	hooks.AddAfterListPrompts(func(ctx context.Context, _ any, _ *mcp.ListPromptsRequest, res *mcp.ListPromptsResult) {
		hidden := env.ListingHidden(ctx, string(mcp.MethodPromptsList))
		res.Prompts = slices.DeleteFunc(res.Prompts, func(p mcp.Prompt) bool {
			needs, _ := prompts.Needs(p.Name)
			return slices.ContainsFunc(needs, func(tool string) bool { _, ok := hidden[tool]; return ok })
		})
		// Argument descriptions name only the list tools the operator offers; the arguments
		// are the registered prompt's, so they are copied before they change.
		listed := env.Policy.ListedHints()
		for i, p := range res.Prompts {
			args := slices.Clone(p.Arguments)
			for j, a := range args {
				args[j].Description = present.WithoutListHints(a.Description, listed)
			}
			res.Prompts[i].Arguments = args
		}
	})
}

// viewHidden reports whether the view at uri (a resource's URI or a template) stands on a
// hidden tool; an unknown one is hidden.
func viewHidden(hidden map[string]string, uri string) bool {
	v, ok := viewAt(uri)
	if !ok {
		return true
	}
	_, h := hidden[v.tool]
	return h
}

// viewAt is the view whose URI (or template) is uri.
func viewAt(uri string) (view, bool) {
	for _, v := range allViews() {
		if v.uri == uri {
			return v, true
		}
	}
	return view{}, false
}

// unusable says why the caller cannot use the named tool, as a call to it would be refused;
// "" when it can.
func unusable(ctx context.Context, env *tools.Env, name string) string {
	t, ok := tools.ByName(name)
	if !ok {
		return "it does not exist"
	}
	if reason := env.HiddenReason(ctx, t); reason != "" {
		return reason
	}
	return env.RoleReason(ctx, t) // as listing hides it (env.Hidden)
}

// unusableTool is the named tool with why the caller cannot use it (unusable) and, when it is
// the caller's role that stops it, whom to ask; an empty Reason when the caller can use it.
func unusableTool(ctx context.Context, env *tools.Env, name string) present.UnavailableTool {
	u := present.UnavailableTool{Name: name, Reason: unusable(ctx, env, name), Sandbox: env.Sandbox}
	if t, ok := tools.ByName(name); ok && u.Reason != "" && env.HiddenReason(ctx, t) == "" {
		u.Ask = env.RoleAsk(ctx, t)
	}
	return u
}

// whoamiShown reports whether the caller can use whoami, which lists what it can use.
func whoamiShown(ctx context.Context, env *tools.Env) bool { return unusable(ctx, env, "whoami") == "" }

// promptUnusable refuses a prompt that steers to a tool the caller cannot use (nil when it
// can use them all).
func promptUnusable(ctx context.Context, env *tools.Env, name string) error {
	needs, _ := prompts.Needs(name)
	for _, tool := range needs {
		if reason := unusable(ctx, env, tool); reason != "" {
			return errorWithCode(mcp.INVALID_PARAMS, present.PromptUnavailable(name, tool, reason, whoamiShown(ctx, env)), nil)
		}
	}
	return nil
}

// inOrg is ctx acting in org when a prompt's org argument names one: a role the token carries
// for another organization then hides nothing there, as for a tool call with that org.
func inOrg(ctx context.Context, org string) context.Context {
	if org == "" {
		return ctx
	}
	return client.WithOrg(ctx, org)
}

// promptsFor refuses a prompts/get of a prompt the caller cannot use, with the reason, tells
// the prompt which tools the caller cannot use, and ends its text with the sandbox note in
// --sandbox mode.
func promptsFor(env *tools.Env) server.PromptHandlerMiddleware {
	return func(next server.PromptHandlerFunc) server.PromptHandlerFunc {
		return func(ctx context.Context, req mcp.GetPromptRequest) (res *mcp.GetPromptResult, err error) {
			// The outermost of the prompts' handlers: all it answers is redacted of the
			// caller's remembered values (knownvalues.go).
			defer func(ctx context.Context) { res, err = redactPrompt(ctx, env, res, err) }(ctx)
			// A tool call's time limit bounds the whole prompt: the checks of its tools (which
			// may ask the token endpoint) and the role lookups of its text.
			ctx, cancel := env.BeginRequest(ctx, "prompt")
			defer cancel()
			ctx = inOrg(ctx, req.Params.Arguments["org"])
			if err := promptUnusable(ctx, env, req.Params.Name); err != nil {
				return nil, err
			}
			// A text that names a change tool reads the caller's role from the organization
			// list when the token does not show it (once, on the first tool it asks about), so
			// it names no step that role cannot take without saying whom to ask.
			caller := ctx
			listed := sync.OnceValue(func() context.Context { return env.WithListedRole(caller) })
			ctx = prompts.WithUnavailable(ctx, func(tool string) present.UnavailableTool {
				return unusableTool(listed(), env, tool)
			})
			res, err = next(ctx, req)
			// The limit cut the checks of its tools or the role lookups of its text: what it
			// would name is not known (they count as usable), so it says so as a call does,
			// naming its limit, rather than render a text as if every tool were usable.
			if stopped := tools.RequestStopped(ctx); stopped != nil {
				return nil, errors.New(present.PromptStopped(stopped))
			}
			if err != nil || res == nil || !env.Sandbox {
				return res, err
			}
			noted := *res
			noted.Messages = slices.Clone(res.Messages)
			for i, m := range noted.Messages {
				if text, ok := m.Content.(mcp.TextContent); ok {
					text.Text = sandboxNoted(env, text.Text)
					noted.Messages[i].Content = text
				}
			}
			return &noted, nil
		}
	}
}

// hintHidden reports whether the operator hides a list tool, which a rule's hint then does not name.
func hintHidden(env *tools.Env) func(tool string) bool {
	listed := env.Policy.ListedHints()
	return func(tool string) bool { return !slices.Contains(listed, tool) }
}

// completer completes the arguments of prompts and resource templates (app names), after
// refusing with -32602 what names nothing: a prompt or template that does not exist or that
// the caller cannot use, an argument it does not take, a context argument the tools' rule for
// that argument refuses. App names come from list_apps: none where the caller cannot use it.
type completer struct {
	env  *tools.Env
	apps prompts.AppCompleter
}

// CompletePromptArgument implements server.PromptCompletionProvider.
func (c completer) CompletePromptArgument(ctx context.Context, name string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (got *mcp.Completion, err error) {
	defer func() { got, err = redactCompletion(ctx, c.env, got, err) }() // knownvalues.go
	// A tool call's time limit bounds the whole completion: its checks and the app list.
	ctx, cancel := c.env.BeginRequest(ctx, "completion")
	defer cancel()
	def, ok := prompts.Lookup(name)
	if !ok {
		return nil, errorWithCode(mcp.INVALID_PARAMS, present.PromptUnknown(name), nil)
	}
	if err := promptUnusable(inOrg(ctx, cc.Arguments["org"]), c.env, name); err != nil {
		return nil, err
	}
	names := make([]string, len(def.Arguments))
	for i, a := range def.Arguments {
		names[i] = a.Name
	}
	unknown := func(argument string) error {
		return errorWithCode(mcp.INVALID_PARAMS, present.PromptArgumentUnknown(name, argument, names), nil)
	}
	if err := checkCompletion(names, arg, cc, unknown, hintHidden(c.env)); err != nil {
		return nil, err
	}
	return c.complete(ctx, arg, cc, func() (*mcp.Completion, error) { return c.apps.CompletePromptArgument(ctx, name, arg, cc) })
}

// CompleteResourceArgument implements server.ResourceCompletionProvider.
func (c completer) CompleteResourceArgument(ctx context.Context, uri string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (got *mcp.Completion, err error) {
	defer func() { got, err = redactCompletion(ctx, c.env, got, err) }() // knownvalues.go
	ctx, cancel := c.env.BeginRequest(ctx, "completion")                 // as CompletePromptArgument
	defer cancel()
	v, ok := viewAt(uri)
	if !ok {
		return nil, errorWithCode(mcp.INVALID_PARAMS, present.CompletionResourceUnknown(uri), nil)
	}
	if reason := unusable(ctx, c.env, v.tool); reason != "" {
		return nil, errorWithCode(mcp.INVALID_PARAMS, "Invalid params: "+present.ResourceUnavailable(uri, v.tool, reason, whoamiShown(ctx, c.env)), nil)
	}
	names := v.variables()
	unknown := func(argument string) error {
		return errorWithCode(mcp.INVALID_PARAMS, present.CompletionResourceArgumentUnknown(uri, argument, names), nil)
	}
	if err := checkCompletion(names, arg, cc, unknown, hintHidden(c.env)); err != nil {
		return nil, err
	}
	return c.complete(ctx, arg, cc, func() (*mcp.Completion, error) { return c.apps.CompleteResourceArgument(ctx, uri, arg, cc) })
}

// checkCompletion refuses an argument not among names, and a context argument not among them
// or that the tools' rule for it refuses (an empty one is "not given", as in prompts/get).
func checkCompletion(names []string, arg mcp.CompleteArgument, cc mcp.CompleteContext, unknown func(string) error, hidden func(tool string) bool) error {
	if !slices.Contains(names, arg.Name) {
		return unknown(arg.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(cc.Arguments)) {
		value := cc.Arguments[name]
		if !slices.Contains(names, name) {
			return unknown(name)
		}
		if value == "" {
			continue
		}
		if rule := prompts.ArgumentRule(name, value); rule != "" {
			return errorWithCode(mcp.INVALID_PARAMS, present.CompletionContextInvalid(name, present.ArgWithoutListHints(rule, hidden)), nil)
		}
	}
	return nil
}

// complete runs the completion of a valid request: app names where the caller can list apps,
// an API failure as the tools present it (masked), an organization the caller cannot act in as
// invalid params naming the org argument.
func (c completer) complete(ctx context.Context, arg mcp.CompleteArgument, cc mcp.CompleteContext, run func() (*mcp.Completion, error)) (*mcp.Completion, error) {
	if arg.Name != "app" || unusable(ctx, c.env, "list_apps") != "" {
		return &mcp.Completion{Values: []string{}}, nil
	}
	got, err := run()
	if err != nil {
		noteRefusedToken(ctx, err) // an HTTP caller's token the API refused: 401 (tokenrefusal.go)
	}
	switch {
	case err == nil:
		return got, nil
	case cc.Arguments["org"] != "" && unknownOrg(err):
		return nil, errorWithCode(mcp.INVALID_PARAMS, present.CompletionContextInvalid("org", present.Error(err)), nil)
	}
	return nil, errors.New(present.CompletionFailed(tools.RequestTimedOut(ctx, err)))
}

// variables are the names of the view's URI-template variables, in order.
func (v view) variables() []string {
	var names []string
	rest := v.uri
	for {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			return names
		}
		name, tail, _ := strings.Cut(after, "}")
		names = append(names, name)
		rest = tail
	}
}
