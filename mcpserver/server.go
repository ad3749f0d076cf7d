// Package mcpserver wires the tool table into an mcp-go server and serves it over stdio or
// streamable HTTP.
package mcpserver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Name is the server's MCP implementation name.
const Name = "spice-cloud-mcp"

// Options configures a server.
type Options struct {
	Version string
	// Client returns the API client for a call.
	Client func(ctx context.Context) (*client.Client, error)
	// Sandbox marks every result as coming from the emulator.
	Sandbox bool
	// OutputSchemas declares each tool's outputSchema in tools/list (opt-in: it roughly
	// doubles the catalogue).
	OutputSchemas bool
	// StrictSchemas declares "additionalProperties": false on every input schema.
	StrictSchemas bool
	Logger        *slog.Logger
	// Poll is how workflows await deployments (zero value: the real API's schedule).
	Poll tools.PollPolicy
	// Policy restricts the exposed tools; Safety guards the destructive ones.
	Policy tools.Policy
	Safety tools.Safety
	// CallTimeout bounds each tool call across its requests, retries and waits (0 =
	// tools.DefaultCallTimeout); waiting tools add their timeout_seconds.
	CallTimeout time.Duration
	// Waits bounds the reads made only for a text or a remark (zero: the defaults, 2 s each);
	// tests set them short.
	Waits tools.Waits
	// Human serves the pages on which a person approves actions and enters secret values when
	// their client cannot ask them itself. nil: a loopback page server started on first need.
	// Over HTTP, pass one with Mounted set and mount its Handler (HTTPOptions.Human).
	Human *humanweb.Surface
	// Local lets set_secret read values from the server's environment and files
	// (value_from_env, value_from_file); nil refuses them (HTTP mode).
	Local *tools.LocalSources
}

// New builds the MCP server with every tool registered.
func New(opts Options) *server.MCPServer {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// An empty opts.Safety.ConfirmKey becomes a random key on first use (tools.Env).
	if opts.Human == nil {
		opts.Human = humanweb.New(humanweb.Options{Logger: logger, Conns: PageConns})
	}
	env := &tools.Env{Client: opts.Client, Sandbox: opts.Sandbox, Logger: logger, Poll: opts.Poll, Policy: opts.Policy, Safety: opts.Safety,
		CallTimeout: opts.CallTimeout, Waits: opts.Waits, Human: opts.Human, Local: opts.Local}
	confirmMode := opts.Safety.Mode()
	// Hidden tools are dropped from every tools/list answer (per request: the token may differ)
	// but stay registered, so a call by name gets a refusal that says why. The check has a tool
	// call's time limit; cut by it, the list holds what the flags allow (ListingHidden).
	hooks := &server.Hooks{}
	hooks.AddAfterListTools(func(ctx context.Context, _ any, _ *mcp.ListToolsRequest, res *mcp.ListToolsResult) {
		hidden := env.ListingHidden(ctx, string(mcp.MethodToolsList))
		res.Tools = slices.DeleteFunc(res.Tools, func(t mcp.Tool) bool { _, ok := hidden[t.Name]; return ok })
	})
	// Resources, templates and prompts of tools the caller cannot use are dropped as well (surface.go).
	hideUnusable(hooks, env)
	// Params mcp-go's decode refuses (named), resources/read without a URI or with one matching
	// nothing, a list cursor (surfaceparams.go).
	checkSurfaceParams(hooks, env)
	// Over HTTP, no answer ends its stream while another call's progress is on its way (progress.go).
	hooks.AddOnSuccess(func(ctx context.Context, _ any, _ mcp.MCPMethod, _, _ any) { settleProgress(ctx) })
	hooks.AddOnError(func(ctx context.Context, _ any, _ mcp.MCPMethod, _ any, _ error) { settleProgress(ctx) })
	instructions := present.InstructionsFor(string(confirmMode), opts.Policy.Offered(), opts.Local != nil)
	// A caller over HTTP does not start the server: its settings are named as its operator's.
	remoteInstructions := present.InstructionsToHTTPCaller(instructions)
	hooks.AddAfterInitialize(func(ctx context.Context, _ any, _ *mcp.InitializeRequest, res *mcp.InitializeResult) {
		if client.HTTPCaller(ctx) {
			res.Instructions = remoteInstructions
		}
	})
	hooks.AddAfterDiscover(func(ctx context.Context, _ any, _ *mcp.DiscoverRequest, res *mcp.DiscoverResult) {
		if client.HTTPCaller(ctx) {
			res.Instructions = remoteInstructions
		}
	})
	s := server.NewMCPServer(Name, opts.Version,
		server.WithHooks(hooks),
		server.WithTitle("Spice.ai Cloud"),
		server.WithToolCapabilities(false),
		// No logging capability: the server sends no log notifications (logs go to stderr),
		// and 2026-07-28 deprecates the feature.
		server.WithRecovery(),
		// They name only the tools the operator offers; the token is not known yet (initialize asks
		// the API nothing), so they say its scopes or role may hide some from tools/list, and whoami names them.
		server.WithInstructions(instructions),
		server.WithToolHandlerMiddleware(logCalls(logger)),
		// Over HTTP, calls end with a shutdown's grace period (shutdown.go).
		server.WithToolHandlerMiddleware(drainTools),
		server.WithResourceHandlerMiddleware(drainResources),
		server.WithPromptCapabilities(false),
		server.WithPromptHandlerMiddleware(promptsFor(env)),
		server.WithPromptHandlerMiddleware(requirePromptArguments(hintHidden(env))),
		server.WithPromptHandlerMiddleware(drainPrompts),
		server.WithResourceCapabilities(false, false),
		server.WithCompletions(),
		server.WithPromptCompletionProvider(completer{env: env, apps: prompts.AppCompleter{Client: opts.Client}}),
		server.WithResourceCompletionProvider(completer{env: env, apps: prompts.AppCompleter{Client: opts.Client}}),
	)
	registered := make([]server.ServerTool, 0, len(tools.All()))
	listedHints := opts.Policy.ListedHints()
	for _, t := range tools.All() {
		listed := t.MCPTool(tools.Listing{OutputSchemas: opts.OutputSchemas, StrictSchemas: opts.StrictSchemas})
		// The agent's confirm argument is offered only where it counts (--confirm=agent).
		listed.RawInputSchema = tools.ListedSchema(listed.RawInputSchema, confirmMode)
		listed.Description = tools.ListedDescription(listed.Description, listed.RawInputSchema, confirmMode)
		// Hints name only the list tools the operator offers.
		listed.Description = present.WithoutListHints(listed.Description, listedHints)
		listed.RawInputSchema = json.RawMessage(present.WithoutListHints(string(listed.RawInputSchema), listedHints))
		registered = append(registered, server.ServerTool{
			Tool: listed,
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				// From here everything done for the call is the call's: a token failure its own
				// exchange met, in the per-call scope check too, and one time limit.
				ctx = env.BeginCall(ctx, t, rawArguments(req))
				if reason := env.HiddenReason(ctx, t); reason != "" {
					if o := tools.OutcomeOf(ctx); o != nil {
						o.Err = errToolHidden
					}
					whoamiShown := slices.ContainsFunc(tools.All(), func(w tools.Tool) bool { return w.Name == "whoami" && env.HiddenReason(ctx, w) == "" })
					return mcp.NewToolResultError(sandboxNoted(env, present.ToolUnavailable(t.Name, reason, whoamiShown))), nil
				}
				form, url := clientElicitation(ctx)
				if !clientInitialized(ctx) { // MCP: no request but pings and logging before it
					form, url = false, false
				}
				ctx = tools.WithCallInfo(withProgress(ctx, req), tools.CallInfo{
					InputResponses: req.Params.InputResponses,
					RequestState:   req.Params.RequestState,
					CanElicit:      form,
					CanElicitURL:   url,
					Caller:         caller(ctx),
					Token:          callerOf(RequestBearer(ctx)),
				})
				return t.Call(ctx, env, rawArguments(req)), nil
			},
		})
	}
	s.AddTools(registered...)
	prompts.Register(s, string(confirmMode), env.Safety.MaskAPIKeys, env.Sandbox)
	registerResources(s, env)
	envs.keep(s, env)
	return s
}

type initializedKey struct{}

// clientInitialized reports whether the client has sent notifications/initialized, where the
// transport watches for it (stdio); before it the server sends the client no question, so a
// call takes the path of a client that cannot be asked (an approval link, a secret-entry link).
// Over HTTP mcp-go keeps no such state (a 2025-era session may be served by another replica
// than the one its notification reached): true.
// A 2026-07-28 request has no handshake, and the server asks it nothing: true.
func clientInitialized(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return true
	}
	b, ok := ctx.Value(initializedKey{}).(*atomic.Bool)
	return !ok || b.Load()
}

// clientElicitation reports which elicitation modes the client declared, in either protocol
// era (per request for 2026-07-28, per session before): an empty elicitation capability means
// form mode only; URL mode must be declared. A 2025-era session's modes are read from its ID
// over HTTP (sessions.go): its state here may have been ended at the cap or after the TTL, or
// be another replica's, and its client can still ask its user.
func clientElicitation(ctx context.Context) (form, url bool) {
	var c *mcp.ElicitationCapability
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		if info.ClientCapabilities != nil {
			c = info.ClientCapabilities.Elicitation
		}
	} else if session := server.ClientSessionFromContext(ctx); session != nil {
		if form, url, known := sessionElicitation(session.SessionID()); known {
			return form, url
		}
		if s, ok := session.(server.SessionWithClientInfo); ok {
			c = s.GetClientCapabilities().Elicitation
		}
	}
	return elicitationModes(c)
}

// elicitationModes reads an elicitation capability (nil: none declared).
func elicitationModes(c *mcp.ElicitationCapability) (form, url bool) {
	if c == nil {
		return false, false
	}
	return c.Form != nil || c.URL == nil, c.URL != nil
}

// caller names who calls, for binding approvals and links: a hash of the HTTP request's bearer
// token, so one caller's approval never serves another's call; "" over stdio (one caller).
// HTTP callers without a token all act with the server's own, so there a 2025-era session is
// the caller: one session's approval must not serve another agent's identical call.
func caller(ctx context.Context) string {
	if token := RequestBearer(ctx); token != "" {
		return callerOf(token)
	}
	if _, overHTTP := ctx.Value(requestHeadersKey{}).(http.Header); overHTTP {
		if s := server.ClientSessionFromContext(ctx); s != nil && s.SessionID() != "" {
			return callerOf("session\x00" + s.SessionID())
		}
	}
	return ""
}

// callerOf is the caller a bearer token stands for ("" for none).
func callerOf(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:16])
}

// requirePromptArguments refuses a prompts/get that lacks an argument the prompt declares
// required (or sends it empty) with -32602, naming the argument, before the prompt renders; a
// rule's hint names no list tool the operator hides (hidden).
func requirePromptArguments(hidden func(tool string) bool) server.PromptHandlerMiddleware {
	return func(next server.PromptHandlerFunc) server.PromptHandlerFunc {
		return func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			if s := server.ServerFromContext(ctx); s != nil {
				if p := s.ListPrompts()[req.Params.Name]; p != nil {
					names := make([]string, len(p.Prompt.Arguments))
					for i, arg := range p.Prompt.Arguments {
						names[i] = arg.Name
					}
					// dropped silently, it would be lost; two are refused naming the same one every time
					for _, given := range slices.Sorted(maps.Keys(req.Params.Arguments)) {
						if !slices.Contains(names, given) {
							return nil, errorWithCode(mcp.INVALID_PARAMS, present.PromptArgumentUnknown(req.Params.Name, given, names), nil)
						}
					}
					for _, arg := range p.Prompt.Arguments {
						if arg.Required && strings.TrimSpace(req.Params.Arguments[arg.Name]) == "" {
							return nil, errorWithCode(mcp.INVALID_PARAMS, present.PromptArgumentMissing(req.Params.Name, arg.Name), nil)
						}
					}
				}
			}
			res, err := next(ctx, req)
			var argErr *prompts.ArgumentError // an argument the tools' rule refuses
			if errors.As(err, &argErr) {
				argErr.Rule = present.ArgWithoutListHints(argErr.Rule, hidden)
				return nil, errorWithCode(mcp.INVALID_PARAMS, argErr.Error(), nil)
			}
			return res, err
		}
	}
}

// rawArguments returns the call's arguments as sent.
func rawArguments(req mcp.CallToolRequest) json.RawMessage {
	if len(req.Params.RawArguments) > 0 {
		return req.Params.RawArguments
	}
	raw, err := json.Marshal(req.Params.Arguments)
	if err != nil {
		return nil
	}
	return raw
}

// logCalls logs each tool call's name, outcome and duration, and for a failed call why
// (classify: a reason from a fixed set, the operation, status and API error code) at the level
// the reason calls for. Arguments are never logged: they can hold secret values.
func logCalls(logger *slog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			start := time.Now()
			ctx, outcome := tools.WithOutcome(ctx)
			res, err := next(ctx, req)
			failed := err != nil || (res != nil && res.IsError)
			if failed {
				noteRefusedToken(ctx, outcome.Err) // an HTTP caller's token the API refused: 401 (tokenrefusal.go)
			}
			attrs := []any{"tool", req.Params.Name, "error", failed}
			level := slog.LevelInfo
			if failed {
				f := classify(outcome, err)
				level = f.level
				attrs = append(append(attrs, "reason", f.reason), f.attrs...)
			}
			attrs = append(attrs, "duration", time.Since(start).Round(time.Microsecond))
			logger.Log(ctx, level, "tool call", attrs...)
			return res, err
		}
	}
}

// withProgress forwards a tool's progress messages as notifications/progress when the client
// sent a progress token; progress counts up by one per message, as the spec wants it increasing.
// Each message is awaited until it is written on an HTTP stream or stdout (progress.go), so the
// tool cannot return, and its result be written, while mcp-go still holds its last message.
func withProgress(ctx context.Context, req mcp.CallToolRequest) context.Context {
	if req.Params.Meta == nil || req.Params.Meta.ProgressToken == nil {
		return ctx
	}
	token := req.Params.Meta.ProgressToken
	srv := server.ServerFromContext(ctx)
	if srv == nil {
		return ctx
	}
	ledger := progressLedgerFrom(ctx)
	var mu sync.Mutex
	count := 0
	return tools.WithProgress(ctx, func(message string) {
		mu.Lock()
		count++
		n := count
		mu.Unlock()
		var key string
		var written chan struct{}
		if ledger != nil {
			if key = progressKeyOf(token, n); key != "" {
				written = ledger.expect(key)
			}
		}
		if stop, _ := ctx.Value(stdioStoppingKey{}).(*stdioStopping); stop != nil && stop.write(token, n, message) {
			return // written (and so released) before this returns
		}
		err := srv.SendNotificationToClient(ctx, "notifications/progress", map[string]any{
			"progressToken": token, "progress": n, "message": message,
		})
		switch {
		case written == nil:
		case err != nil:
			ledger.forget(key, written)
		default:
			ledger.await(key, written)
		}
	})
}

// sandboxNoted ends text with the sandbox note in --sandbox mode, as every tool result is.
func sandboxNoted(env *tools.Env, text string) string {
	if env.Sandbox {
		return text + "\n\n" + present.SandboxNote
	}
	return text
}
