package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// view is a read-only resource rendered by a read-only tool, so resources follow exactly the
// tools' presentation rules (Markdown; no secret values, no API keys) and their visibility: a
// view of a tool the caller cannot use is neither listed nor read (surface.go).
type view struct {
	uri, name, description string
	tool                   string
	template               bool // uri is a template with {app}
}

// orgPrefix scopes an app view to one organization: spice://orgs/{org}/apps/... is the view of
// spice://apps/... acting in {org} (the tools' org argument).
const orgPrefix = "spice://orgs/{org}/"

// inOrg is v for the organization named in the URI.
func (v view) inOrg() view {
	v.uri = orgPrefix + strings.TrimPrefix(v.uri, "spice://")
	v.name += " (organization)"
	v.description += ", in the organization {org}"
	v.template = true
	return v
}

// allViews are the views, then each app view again per organization.
func allViews() []view {
	out := slices.Clone(views)
	for _, v := range views {
		if strings.HasPrefix(v.uri, "spice://apps") {
			out = append(out, v.inOrg())
		}
	}
	return out
}

var views = []view{
	{uri: "spice://orgs", name: "Organizations", description: "The organizations you can act in, with your role in each", tool: "list_orgs"},
	{uri: "spice://regions", name: "Regions", description: "Regions apps can be placed in", tool: "list_regions"},
	{uri: "spice://container-images", name: "Runtime images", description: "Published Spice runtime images (stable)", tool: "list_container_images"},
	{uri: "spice://apps", name: "Apps", description: "The organization's apps with IDs and URLs", tool: "list_apps"},
	{uri: "spice://apps/{app}", name: "App", description: "One app's configuration (app name or ID)", tool: "get_app", template: true},
	{uri: "spice://apps/{app}/deployments", name: "App deployments", description: "An app's recent deployments, newest first", tool: "list_deployments", template: true},
	{uri: "spice://apps/{app}/instances", name: "App instances", description: "An app's runtime instances and whether each is ready, starting or failed", tool: "list_instances", template: true},
}

const markdown = "text/markdown"

// registerResources adds the views as resources and resource templates.
func registerResources(s *server.MCPServer, env *tools.Env) {
	for _, v := range allViews() {
		tool, ok := tools.ByName(v.tool)
		if !ok || !tool.ReadOnly {
			panic("mcpserver: resource " + v.uri + " needs a read-only tool " + v.tool)
		}
		read := func(ctx context.Context, req mcp.ReadResourceRequest) (contents []mcp.ResourceContents, err error) {
			// Redacted of the caller's remembered values, refusals too (knownvalues.go).
			defer func(ctx context.Context) { contents, err = redactContents(ctx, env, contents, err) }(ctx)
			// A tool call's time limit bounds the whole read: its scope check and the call.
			ctx, cancel := env.BeginRequest(ctx, "resource read")
			defer cancel()
			// A view of a tool the caller cannot use is refused as a call to it is (surface.go).
			if reason := env.HiddenReason(ctx, tool); reason != "" {
				return nil, errorWithCode(resourceNotFound(ctx), present.ResourceUnavailable(req.Params.URI, tool.Name, reason, whoamiShown(ctx, env)),
					map[string]string{"uri": present.ShortURI(req.Params.URI)})
			}
			args := map[string]any{}
			for _, name := range []string{"org", "app"} {
				if !strings.Contains(v.uri, "{"+name+"}") {
					continue
				}
				value := templateValue(req.Params.Arguments[name])
				if value == "" {
					return nil, notFound(ctx, req.Params.URI, present.ResourceSegmentEmpty(name))
				}
				// mcp-go percent-decodes the part: %FF or %ED%A0%80 would be sent as bytes that
				// are not text (the API sees U+FFFD in their place).
				if !utf8.ValidString(value) {
					return nil, errorWithCode(mcp.INVALID_PARAMS, present.URIPartNotText(req.Params.URI, name), map[string]string{"uri": present.ShortURI(req.Params.URI)})
				}
				args[name] = value
			}
			text, err := tool.Render(ctx, env, args)
			if err != nil {
				noteRefusedToken(ctx, err) // an HTTP caller's token the API refused: 401 (tokenrefusal.go)
				// A refusal may show the API's text too (the names it did mean): the note of texts
				// that were not UTF-8 ends it, as it ends a tool's error.
				note := tools.NotUTF8Note(ctx)
				if unknownApp(err) || unknownOrg(err) || badSegment(err) {
					// The reason quotes the URI's part, which the answer quotes already (short).
					return nil, notFound(ctx, req.Params.URI, present.ResourceReason(err.Error())+note)
				}
				if note != "" {
					return nil, fmt.Errorf("%w%s", err, note)
				}
				return nil, err
			}
			// Held to the result budget as a tool result is, cut with a notice naming the tool
			// call that shows the rest; it ends, as a tool result does, with the note of texts
			// the API sent that were not UTF-8, if any, and in --sandbox mode the sandbox note.
			note := tools.NotUTF8Note(ctx)
			text = tools.BoundView(text, len(note)+len(sandboxNoted(env, "")), viewCutNotice(req.Params.URI, tool.Name, args))
			return []mcp.ResourceContents{mcp.TextResourceContents{URI: req.Params.URI, MIMEType: markdown, Text: sandboxNoted(env, text+note)}}, nil
		}
		if v.template {
			s.AddResourceTemplate(mcp.NewResourceTemplate(v.uri, v.name,
				mcp.WithTemplateDescription(v.description), mcp.WithTemplateMIMEType(markdown)), read)
		} else {
			s.AddResource(mcp.NewResource(v.uri, v.name, mcp.WithResourceDescription(v.description), mcp.WithMIMEType(markdown)), read)
		}
	}
}

// viewCutNotice is the notice that ends a view of uri cut to the budget (tools.BoundView): the
// call of tool with the URI's app and org, which shows the same view, and only the arguments of
// that tool that ask for less.
func viewCutNotice(uri, tool string, args map[string]any) func(shown, total int) string {
	call := present.Call(tool, present.Arg{Name: "app", Value: args["app"]}, present.Arg{Name: "org", Value: args["org"]})
	return func(shown, total int) string {
		return present.ResourceCutNotice(uri, call, shown, total, tools.ViewCutArgs(tool)...)
	}
}

// notFound is the protocol's "resource not found" (-32002; -32602 from 2026-07-28 on), with the
// URI as its data, as the specification's example has it.
func notFound(ctx context.Context, uri, reason string) error {
	return errorWithCode(resourceNotFound(ctx), present.ResourceNotFound(uri, reason), map[string]string{"uri": present.ShortURI(uri)})
}

// unknownApp reports whether a view failed because its app does not exist: no app has the name,
// or the API answered 404 for the ID.
func unknownApp(err error) bool {
	var missing *tools.NotFoundError
	var apiErr *client.APIError
	return errors.As(err, &missing) || errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
}

// badSegment reports whether a view was refused for what its URI names ({app} or {org} with
// spaces around it, "id:" without a plain ID): the only arguments a view passes come from the
// URI, so such a URI names no resource that can exist. It is the caller's, not an internal error.
func badSegment(err error) bool {
	var invalid *client.ValidationError
	return errors.As(err, &invalid)
}

// unknownOrg reports whether a view failed because its organization is not one the caller can
// act in (the API's 403 org_forbidden).
func unknownOrg(err error) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.Code == "org_forbidden"
}

// templateValue reads a URI-template variable, which mcp-go passes as []string: a segment
// holding commas comes split as a list. It is one name as written (no app or organization name
// holds a comma, so it then names none), never its first element.
func templateValue(v any) string {
	switch t := v.(type) {
	case []string:
		return strings.Join(t, ",")
	case string:
		return t
	}
	return ""
}
