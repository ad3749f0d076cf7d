// Package mcpserver wires the tool table into an mcp-go server and serves it over stdio or
// streamable HTTP.
package mcpserver

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
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
	Logger        *slog.Logger
	// Poll is how workflows await deployments (zero value: the real API's schedule).
	Poll tools.PollPolicy
	// Policy restricts the exposed tools; Safety guards the destructive ones.
	Policy tools.Policy
	Safety tools.Safety
}

const instructions = `Manage Spice.ai Cloud (apps, deployments, secrets, API keys, members) through its Management API.
Every app-scoped tool takes "app": the app's name or numeric ID. Typical flow: create_app → update_app with a spicepod → set_secret → create_deployment → get_deployment until succeeded or failed.
Results are already formatted for the user: show tables as they are, keep the app URL https://<app-name>.spice.ai, never repeat secret values, and pass on the key-storage warning whenever API keys are shown.`

// New builds the MCP server with every tool registered.
func New(opts Options) *server.MCPServer {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if len(opts.Safety.ConfirmKey) == 0 {
		opts.Safety.ConfirmKey = tools.NewConfirmKey()
	}
	env := &tools.Env{Client: opts.Client, Sandbox: opts.Sandbox, Logger: logger, Poll: opts.Poll, Policy: opts.Policy, Safety: opts.Safety}
	// Hidden tools are dropped from every tools/list answer (per request: the token may differ)
	// but stay registered, so a call by name gets a refusal that says why.
	hooks := &server.Hooks{}
	hooks.AddAfterListTools(func(ctx context.Context, _ any, _ *mcp.ListToolsRequest, res *mcp.ListToolsResult) {
		hidden := env.Hidden(ctx)
		res.Tools = slices.DeleteFunc(res.Tools, func(t mcp.Tool) bool { _, ok := hidden[t.Name]; return ok })
	})
	s := server.NewMCPServer(Name, opts.Version,
		server.WithHooks(hooks),
		server.WithTitle("Spice.ai Cloud"),
		server.WithToolCapabilities(false),
		server.WithLogging(),
		server.WithRecovery(),
		server.WithInstructions(instructions),
		server.WithToolHandlerMiddleware(logCalls(logger)),
		server.WithPromptCapabilities(false),
		server.WithResourceCapabilities(false, false),
		server.WithCompletions(),
		server.WithPromptCompletionProvider(prompts.AppCompleter{Client: opts.Client}),
		server.WithResourceCompletionProvider(prompts.AppCompleter{Client: opts.Client}),
	)
	registered := make([]server.ServerTool, 0, len(tools.All()))
	for _, t := range tools.All() {
		registered = append(registered, server.ServerTool{
			Tool: t.MCPTool(opts.OutputSchemas),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				if reason := env.HiddenReason(ctx, t); reason != "" {
					return mcp.NewToolResultError(present.ToolUnavailable(t.Name, reason)), nil
				}
				ctx = tools.WithCallInfo(withProgress(ctx, req), tools.CallInfo{
					InputResponses: req.Params.InputResponses,
					RequestState:   req.Params.RequestState,
					CanElicit:      clientCanElicit(ctx),
				})
				return t.Call(ctx, env, rawArguments(req)), nil
			},
		})
	}
	s.AddTools(registered...)
	prompts.Register(s)
	registerResources(s, env)
	return s
}

// clientCanElicit reports whether the client declared the elicitation capability, in either
// protocol era (per request for 2026-07-28, per session before).
func clientCanElicit(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Elicitation != nil
	}
	if s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo); ok {
		return s.GetClientCapabilities().Elicitation != nil
	}
	return false
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

// logCalls logs each tool call's name, outcome and duration. Arguments are never logged: they
// can hold secret values.
func logCalls(logger *slog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			start := time.Now()
			res, err := next(ctx, req)
			failed := err != nil || (res != nil && res.IsError)
			level := slog.LevelInfo
			if failed {
				level = slog.LevelWarn
			}
			logger.Log(ctx, level, "tool call", "tool", req.Params.Name, "error", failed, "duration", time.Since(start).Round(time.Microsecond))
			return res, err
		}
	}
}

// withProgress forwards a tool's progress messages as notifications/progress when the client
// sent a progress token; progress counts up by one per message, as the spec wants it increasing.
func withProgress(ctx context.Context, req mcp.CallToolRequest) context.Context {
	if req.Params.Meta == nil || req.Params.Meta.ProgressToken == nil {
		return ctx
	}
	token := req.Params.Meta.ProgressToken
	srv := server.ServerFromContext(ctx)
	if srv == nil {
		return ctx
	}
	var mu sync.Mutex
	count := 0
	return tools.WithProgress(ctx, func(message string) {
		mu.Lock()
		count++
		n := count
		mu.Unlock()
		_ = srv.SendNotificationToClient(ctx, "notifications/progress", map[string]any{
			"progressToken": token, "progress": n, "message": message,
		})
	})
}
