package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// checkSurfaceParams refuses, before mcp-go serves them, the params of resources/read and of
// the list methods that mcp-go would answer with its own words: a read without a URI (mcp-go:
// -32002 "handler not found"), a URI no resource or template of this server matches (mcp-go's
// answer carries no data.uri, which the specification's resource-not-found error has), and a
// list cursor (mcp-go: -32602 "illegal base64 data"; this server lists everything in one page,
// so no cursor comes from a previous page), and a uri or cursor that is no string (mcp-go: -32600
// quoting Go's decoder). It judges only requests mcp-go's protocol-level checks, which run after
// the hook, would pass (protocolAccepted): their refusals come first. The error goes out with
// its code and data as every coded error does, on every transport and whatever the method
// (errcodes.go, endpoint.go); a long URI is quoted short.
func checkSurfaceParams(hooks *server.Hooks) {
	hooks.AddOnRequestInitialization(func(ctx context.Context, _ any, message any) error {
		raw, ok := message.(json.RawMessage)
		if !ok || !mayConcernSurface(raw) {
			return nil
		}
		var head struct {
			Method mcp.MCPMethod   `json:"method"`
			Params json.RawMessage `json:"params"`
		}
		if json.Unmarshal(raw, &head) != nil || !surfaceMethods[head.Method] {
			return nil // mcp-go refuses it as it is, or it is not one checked here
		}
		ctx, accepted := protocolAccepted(ctx, head.Method, raw)
		if !accepted {
			return nil // mcp-go's protocol-level refusal comes first
		}
		var params struct { // as mcp-go decodes them: names whatever their case
			URI    json.RawMessage `json:"uri"`
			Cursor json.RawMessage `json:"cursor"`
		}
		if len(head.Params) > 0 && json.Unmarshal(head.Params, &params) != nil {
			return nil // params that are no object: mcp-go's -32600
		}
		var err error
		switch head.Method {
		case mcp.MethodResourcesRead:
			uri, ok := stringParam(params.URI)
			switch {
			case !ok:
				err = errorWithCode(mcp.INVALID_PARAMS, present.ParamNotString(string(head.Method), "uri"), nil)
			case uri == "":
				err = errorWithCode(mcp.INVALID_PARAMS, present.ResourceURIMissing, nil)
			case !viewMatches(uri):
				err = errorWithCode(resourceNotFound(ctx), present.ResourceNoMatch(uri), map[string]string{"uri": present.ShortURI(uri)})
			}
		default: // the lists
			switch cursor, ok := stringParam(params.Cursor); {
			case !ok:
				err = errorWithCode(mcp.INVALID_PARAMS, present.ParamNotString(string(head.Method), "cursor"), nil)
			case cursor != "":
				err = errorWithCode(mcp.INVALID_PARAMS, present.ListCursorUnknown(string(head.Method)), nil)
			}
		}
		if err != nil {
			settleProgress(ctx)
		}
		return err
	})
}

// surfaceMethods are the methods checkSurfaceParams checks.
var surfaceMethods = map[mcp.MCPMethod]bool{
	mcp.MethodResourcesRead:          true,
	mcp.MethodResourcesList:          true,
	mcp.MethodResourcesTemplatesList: true,
	mcp.MethodPromptsList:            true,
}

// stringParam reads a param that must be a string when given: absent or null is "", another
// type is not ok (mcp-go's answer to it was -32600 quoting Go's decoder).
func stringParam(raw json.RawMessage) (string, bool) {
	var s string
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", true
	case json.Unmarshal(raw, &s) != nil:
		return "", false
	}
	return s, true
}

// protocolAccepted reports whether mcp-go v1.2.1 (HandleMessage, which runs the request hooks
// before them) would pass msg's protocol-level checks, so that its refusals come first: a
// 2026-07-28 request needs _meta's clientCapabilities and a supported version, and over HTTP
// the standard headers (Mcp-Method, Mcp-Name) that match its body. ctx is returned with the
// request's protocol version, which the resource-not-found code depends on.
func protocolAccepted(ctx context.Context, method mcp.MCPMethod, msg json.RawMessage) (context.Context, bool) {
	var wrapper struct {
		Params struct {
			Meta *mcp.Meta `json:"_meta"`
		} `json:"params"`
	}
	if json.Unmarshal(msg, &wrapper) != nil {
		return ctx, true // mcp-go reads it as 2025-era; its per-method decode refuses it
	}
	meta := wrapper.Params.Meta
	v := meta.ProtocolVersion()
	if v != "" {
		ctx = server.WithRequestProtocolInfo(ctx, &server.RequestProtocolInfo{ProtocolVersion: v, Modern: mcp.IsModernProtocol(v)})
	}
	if !mcp.IsModernProtocol(v) {
		return ctx, true
	}
	if meta.ClientCapabilities() == nil || !mcp.IsValidProtocolVersion(v) {
		return ctx, false
	}
	if h, _ := ctx.Value(requestHeadersKey{}).(http.Header); len(h) > 0 && h.Get(mcp.HeaderProtocolVersion) != "" {
		var body struct {
			Params json.RawMessage `json:"params"`
		}
		if json.Unmarshal(msg, &body) == nil && mcp.ValidateStandardHeaders(h.Get, v, method, body.Params) != nil {
			return ctx, false
		}
	}
	return ctx, true
}

// requestHeadersKey holds an HTTP request's headers in its context (withRequestHeaders), as
// mcp-go keeps them where the hooks cannot read them.
type requestHeadersKey struct{}

// withRequestHeaders puts the request's headers in its context, for protocolAccepted.
func withRequestHeaders(next server.HTTPContextFunc) server.HTTPContextFunc {
	return func(ctx context.Context, r *http.Request) context.Context {
		return context.WithValue(next(ctx, r), requestHeadersKey{}, r.Header)
	}
}

// mayConcernSurface reports, without decoding, whether msg may be a request checkSurfaceParams
// checks: one whose text names a resources or prompts method, or holds an escape (a method
// such as "\u0072esources/read" names one once decoded). Other requests are not decoded twice.
func mayConcernSurface(msg json.RawMessage) bool {
	return bytes.Contains(msg, []byte("resources")) || bytes.Contains(msg, []byte("prompts")) || bytes.IndexByte(msg, '\\') >= 0
}

// viewTemplates are the views' URIs as mcp-go matches them: a resource's exactly, a template's
// by its pattern.
var viewTemplates = sync.OnceValue(func() []func(string) bool {
	var out []func(string) bool
	for _, v := range allViews() {
		if !v.template {
			out = append(out, func(uri string) bool { return uri == v.uri })
			continue
		}
		re := mcp.NewResourceTemplate(v.uri, v.name).URITemplate.Regexp()
		out = append(out, re.MatchString)
	}
	return out
})

// viewMatches reports whether uri is a resource of this server or matches one of its templates,
// visible to the caller or not (a hidden view's refusal says why).
func viewMatches(uri string) bool {
	for _, match := range viewTemplates() {
		if match(uri) {
			return true
		}
	}
	return false
}
