package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
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
// so no cursor comes from a previous page). The error goes out with its code and data as every
// coded error does (errcodes.go); a long URI is quoted short.
func checkSurfaceParams(hooks *server.Hooks) {
	hooks.AddOnRequestInitialization(func(ctx context.Context, _ any, message any) error {
		raw, ok := message.(json.RawMessage)
		if !ok {
			return nil
		}
		var req struct {
			Method mcp.MCPMethod `json:"method"`
			Params struct {
				URI    *string   `json:"uri"`
				Cursor *string   `json:"cursor"`
				Meta   *mcp.Meta `json:"_meta"`
			} `json:"params"`
		}
		switch {
		case !mayConcernSurface(raw):
			return nil
		case json.Unmarshal(raw, &req) != nil: // mcp-go refuses it as it is
			return nil
		}
		var err error
		switch req.Method {
		case mcp.MethodResourcesRead:
			switch uri := req.Params.URI; {
			case uri == nil || *uri == "":
				err = errorWithCode(mcp.INVALID_PARAMS, present.ResourceURIMissing, nil)
			case !viewMatches(*uri):
				if v := req.Params.Meta.ProtocolVersion(); v != "" {
					ctx = server.WithRequestProtocolInfo(ctx, &server.RequestProtocolInfo{ProtocolVersion: v, Modern: mcp.IsModernProtocol(v)})
				}
				err = errorWithCode(resourceNotFound(ctx), present.ResourceNoMatch(*uri), map[string]string{"uri": present.ShortURI(*uri)})
			}
		case mcp.MethodResourcesList, mcp.MethodResourcesTemplatesList, mcp.MethodPromptsList:
			if c := req.Params.Cursor; c != nil && *c != "" {
				err = errorWithCode(mcp.INVALID_PARAMS, present.ListCursorUnknown(string(req.Method)), nil)
			}
		}
		if err != nil {
			settleProgress(ctx)
		}
		return err
	})
}

// mayConcernSurface reports, without decoding, whether msg may be a request checkSurfaceParams
// checks ("resources\/read" escaped included): other requests are not decoded twice.
func mayConcernSurface(msg json.RawMessage) bool {
	return bytes.Contains(msg, []byte("resources")) || bytes.Contains(msg, []byte("prompts"))
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
