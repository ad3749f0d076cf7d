package client

import (
	"context"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// OrgHeader selects the organization a request acts in (GET /v1/orgs lists the candidates).
const OrgHeader = "X-Org-Name"

type orgKey struct{}

// WithOrg returns a context whose requests act in organization org (sent as X-Org-Name). An
// empty org keeps the client's default (Config.Org, SPICE_ORG).
func WithOrg(ctx context.Context, org string) context.Context {
	return context.WithValue(ctx, orgKey{}, strings.TrimSpace(org))
}

// OrgFrom returns the organization WithOrg put in ctx, or "".
func OrgFrom(ctx context.Context) string {
	org, _ := ctx.Value(orgKey{}).(string)
	return org
}

// Org is the default organization of this client ("" = the credential's own).
func (c *Client) Org() string { return c.org }

// OrgFor is the organization a request made with ctx acts in: the context's, else the
// client's default, else "" (the credential's own).
func (c *Client) OrgFor(ctx context.Context) string {
	if org := OrgFrom(ctx); org != "" {
		return org
	}
	return c.org
}

// orgFor is the X-Org-Name value for op: none for an operation that does not take the header,
// nor for listOrgs. The list is the caller's organizations whichever one it acts in, and it is
// the remedy for a wrong organization: sending that organization would make it fail the same way
// (403 org_forbidden), so the agent could not recover.
func (c *Client) orgFor(ctx context.Context, op *api.Operation) string {
	if op == api.ListOrgs {
		return ""
	}
	for _, h := range op.Headers {
		if strings.EqualFold(h.Name, OrgHeader) {
			return c.OrgFor(ctx)
		}
	}
	return ""
}
