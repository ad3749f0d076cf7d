package mcpserver

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"sync"
	"weak"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The secret values a caller's tool calls sent are remembered and redacted from its later tool
// results (tools' rememberedFor); every other answer to that caller is redacted of them too: a
// resource's view or refusal (an app's description, a URI's part quoted), a prompt's text (an
// argument echoed) or refusal, a completion's values, a refusal of a request's params (an
// unknown tool's name). A caller with nothing remembered pays a lookup and no allocation.

// knownFor is the redactor of the values remembered for ctx's caller, nil when there are none.
func knownFor(ctx context.Context, env *tools.Env) *client.Redactor {
	if !env.Remembers() { // most requests: no caller's hash worked out
		return nil
	}
	return env.KnownFor(callerOf(RequestBearer(ctx)))
}

// knownForRequest is the redactor of the values remembered for r's caller (its bearer, as
// bearerContext reads it), nil when there are none: what answers a request before MCP reads it
// (a Host or Origin refused, and its log line) is redacted of them too.
func knownForRequest(env *tools.Env, r *http.Request) *client.Redactor {
	if !env.Remembers() {
		return nil
	}
	return env.KnownFor(callerOf(bearerToken(r)))
}

// envs is each server New built and its Env (tools' memory of the values sent): ListenHTTP,
// given only the server, redacts its refusals before MCP by the same memory. A server no
// longer used is dropped from it (weak keys, a cleanup).
var envs serverEnvs

type serverEnvs struct{ m sync.Map } // weak.Pointer[server.MCPServer] -> *tools.Env

func (e *serverEnvs) keep(s *server.MCPServer, env *tools.Env) {
	key := weak.Make(s)
	e.m.Store(key, env)
	runtime.AddCleanup(s, func(k weak.Pointer[server.MCPServer]) { e.m.Delete(k) }, key)
}

// of is s's Env (nil for a server New did not build).
func (e *serverEnvs) of(s *server.MCPServer) *tools.Env {
	env, _ := e.m.Load(weak.Make(s))
	out, _ := env.(*tools.Env)
	return out
}

// knownRedactedError is an error whose text was redacted of remembered values; it wraps the
// error it stands for, so what is decided by kind (a resource not found) still is.
type knownRedactedError struct {
	text string
	err  error
}

func (e *knownRedactedError) Error() string { return e.text }
func (e *knownRedactedError) Unwrap() error { return e.err }

// redactError is err with r's values redacted from its text (a coded error's message and data,
// its code kept); err itself when r is nil or its text holds none.
func redactError(r *client.Redactor, err error) error {
	if r == nil || err == nil {
		return err
	}
	if coded, ok := err.(*codedError); ok {
		out := &codedError{code: coded.code, message: r.Redact(coded.message), data: coded.data}
		if coded.data != nil {
			if raw, jerr := json.Marshal(coded.data); jerr == nil {
				out.data = json.RawMessage(r.RedactJSON(raw))
			}
		}
		return out
	}
	text := err.Error()
	if red := r.Redact(text); red != text {
		return &knownRedactedError{text: red, err: err}
	}
	return err
}

// redactContents is a resource read's answer redacted of the caller's remembered values: the
// contents' texts and URIs (the URI quotes what the caller sent, as a refusal's data does),
// or the refusal's text.
func redactContents(ctx context.Context, env *tools.Env, contents []mcp.ResourceContents, err error) ([]mcp.ResourceContents, error) {
	r := knownFor(ctx, env)
	if r == nil {
		return contents, err
	}
	if err != nil {
		return contents, redactError(r, err)
	}
	out := make([]mcp.ResourceContents, len(contents))
	for i, c := range contents {
		if t, ok := c.(mcp.TextResourceContents); ok {
			t.Text, t.URI = r.Redact(t.Text), r.Redact(t.URI)
			c = t
		}
		out[i] = c
	}
	return out, nil
}

// redactPrompt is a prompt's answer redacted of the caller's remembered values: its messages
// (an argument echoed), or the refusal (an argument quoted).
func redactPrompt(ctx context.Context, env *tools.Env, res *mcp.GetPromptResult, err error) (*mcp.GetPromptResult, error) {
	r := knownFor(ctx, env)
	if r == nil {
		return res, err
	}
	if err != nil || res == nil {
		return res, redactError(r, err)
	}
	out := *res
	out.Description = r.Redact(res.Description)
	out.Messages = make([]mcp.PromptMessage, len(res.Messages))
	for i, m := range res.Messages {
		m.Content = tools.RedactContent(r, []mcp.Content{m.Content})[0]
		out.Messages[i] = m
	}
	return &out, nil
}

// redactCompletion drops from a completion the values that hold a remembered value (an app
// named after it: redacted, it completes nothing) and redacts a refusal.
func redactCompletion(ctx context.Context, env *tools.Env, c *mcp.Completion, err error) (*mcp.Completion, error) {
	r := knownFor(ctx, env)
	if r == nil {
		return c, err
	}
	if err != nil || c == nil {
		return c, redactError(r, err)
	}
	out := *c
	out.Values = make([]string, 0, len(c.Values))
	for _, v := range c.Values {
		if r.Redact(v) == v {
			out.Values = append(out.Values, v)
		}
	}
	if out.Total > 0 {
		out.Total -= len(c.Values) - len(out.Values)
	}
	return &out, nil
}
