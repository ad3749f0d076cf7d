package mcpserver

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// The human channel's pages over HTTP: mounted at humanweb.Prefix on the MCP server's own
// listener, outside the MCP endpoint's auth (a person's browser has neither the bearer token
// nor the shared secret; the one-time unguessable URL is the capability), and linked at the
// address the MCP request reached the server at, or at --http-public-url's.

// withRequestBase records, for links to the pages, the scheme and host the MCP request
// reached the server at.
func withRequestBase(next server.HTTPContextFunc) server.HTTPContextFunc {
	return func(ctx context.Context, r *http.Request) context.Context {
		return humanweb.WithRequestBase(next(ctx, r), humanweb.RequestBase(r))
	}
}

// mountHuman serves the pages at humanweb.Prefix, when there are any.
func mountHuman(mux *http.ServeMux, pages http.Handler) {
	if pages != nil {
		mux.Handle(humanweb.Prefix, pages)
	}
}

// HumanBase is the base URL of the pages for an MCP endpoint URL such as
// https://mcp.example.com/mcp (--http-public-url): the same scheme and host, and the path
// before /mcp.
func HumanBase(publicURL string) string {
	if publicURL == "" {
		return ""
	}
	u, err := url.Parse(publicURL)
	if err != nil {
		return ""
	}
	path := strings.TrimSuffix(strings.TrimRight(u.Path, "/"), mcpPath)
	return u.Scheme + "://" + u.Host + path
}
