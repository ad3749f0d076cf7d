package tools

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

type whoamiReport struct {
	Credentials  string   `json:"credentials"`
	Organization string   `json:"organization,omitempty"`
	Role         string   `json:"role,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	ScopesKnown  bool     `json:"scopes_known"` // a scopes claim: no scopes means none granted, not unknown
	API          string   `json:"api"`
	Sandbox      bool     `json:"sandbox"`
	ReadOnly     bool     `json:"read_only"`
	NoConfirm    bool     `json:"no_confirm"`
	ConfirmMode  string   `json:"confirm_mode" jsonschema:"enum=human,enum=agent,enum=off"`
	// Approval and SecretEntry are how this client's user approves and enters secret values.
	Approval    string            `json:"approval_channel" jsonschema:"enum=elicit,enum=page,enum=none"`
	SecretEntry string            `json:"secret_entry" jsonschema:"enum=url,enum=page,enum=arguments"`
	MaskAPIKeys bool              `json:"mask_api_keys"`
	Toolsets    []string          `json:"toolsets"`
	Hidden      map[string]string `json:"hidden_tools,omitempty"`
	// CredentialsRejected: the API answered 401 to them (listOrgs): they do not work.
	CredentialsRejected bool `json:"credentials_rejected,omitempty" jsonschema:"description=Absent when false"`
	// NotMember: the caller's organizations were listed and Organization is not one of them,
	// so calls there are refused.
	NotMember bool `json:"not_member,omitempty" jsonschema:"description=Absent when false"`
	// RoleUnknown is why Role is absent, as the text says it (present.WhoamiView.RoleUnknown).
	RoleUnknown string `json:"role_unknown,omitempty" jsonschema:"description=Why role is not known: GET /v1/orgs was not read or lists the organization with two roles; the API decides each call. Absent when the role is known or not asked"`
}

var whoami = register(define[orgArgs, whoamiReport](Tool{
	Name: "whoami", Title: "Who am I", Toolset: ToolsetPlatform,
	// It lists the caller's organizations, for the role when the token does not carry it
	// ("unknown" when that is refused: 403, or no answer) and to learn whether the API takes
	// the credentials at all: a 401 (e.g. a revoked token) is said, as a failure.
	MayCall:  []*api.Operation{api.ListOrgs},
	When:     map[*api.Operation]string{api.ListOrgs: "when the server has credentials"},
	Examples: Examples{Valid: map[string]any{}, Invalid: map[string]any{"verbose": true}},
	Description: "Account the server is logged in and running as: organization, role, credentials (never the " +
		"token), scopes, safety modes, why tools are hidden (missing).",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ orgArgs) (*Result, error) {
	id := c.Identity(ctx)
	// Over HTTP (the caller's own bearer token, or the server's lent to it) the caller runs no
	// server: its settings are not named to it.
	lent := client.LentCredentials(ctx)
	remote := lent || id.Kind == "request"
	credentials, apiShown := present.WhoamiCredentials(id.Kind, env.Sandbox), present.WhoamiAPI
	if lent {
		credentials = present.WhoamiLentCredentials(id.Kind, env.Sandbox)
	}
	if remote {
		apiShown = present.WhoamiRemoteAPI
	}
	r := whoamiReport{
		Credentials: credentials, API: c.BaseURL(), Sandbox: env.Sandbox, ReadOnly: env.Policy.ReadOnly,
		NoConfirm: env.Safety.Mode() == ConfirmOff, MaskAPIKeys: env.Safety.MaskAPIKeys, Toolsets: env.Policy.Toolsets,
		Hidden: env.Hidden(ctx), ConfirmMode: string(env.Safety.Mode()),
	}
	r.Approval, r.SecretEntry = env.channels(callInfo(ctx))
	if len(r.Toolsets) == 0 {
		r.Toolsets = Toolsets
	}
	// A JWT without a scopes (or scope) claim shows none, as an opaque token: nil Scopes; an
	// explicit empty list is known and empty. Env.Hidden hides by scopes on the same test.
	scopesKnown := id.Claims != nil && id.Claims.Scopes != nil
	if scopesKnown {
		r.Scopes, r.ScopesKnown = id.Claims.Scopes, true
	}
	org := orgInForce(ctx, c, id)
	r.Organization, r.Role = org.Name, org.Role
	r.CredentialsRejected = org.rejected != nil
	r.NotMember = org.notMember
	r.RoleUnknown = present.OrgsUnread(org.orgsUnread)
	if org.twoRoles {
		r.RoleUnknown = present.RoleListedTwice
	}
	var unavailable []present.UnavailableTool // the tools the rejection's remedy names, when the caller cannot use them
	if named := present.RemedyTools(org.rejected); len(named) > 0 {
		unavailable = unusableTools(ctx, env, named...)
	}
	text := present.Whoami(present.WhoamiView{
		Credentials: r.Credentials, Remote: remote, Kind: id.Kind, Sandbox: env.Sandbox, TokenError: id.Err, Rejected: org.rejected, Unavailable: unavailable,
		ScopesKnown: scopesKnown, HasCredentials: id.Kind != "none",
		Organization: r.Organization, OrgSource: org.source, Role: r.Role, Memberships: org.memberships, NotMember: org.notMember,
		RoleUnknown: r.RoleUnknown,
		Scopes:      r.Scopes, API: apiShown(r.API, r.Sandbox),
		ReadOnly: r.ReadOnly, NoConfirm: env.Safety.NoConfirm, MaskAPIKeys: r.MaskAPIKeys, Toolsets: r.Toolsets,
		ConfirmMode: r.ConfirmMode, ApprovalChannel: r.Approval, SecretChannel: r.SecretEntry, Page: env.pageWhere(),
		LocalValues: env.Local != nil,
		Hidden:      r.Hidden, Total: len(catalog),
	})
	if org.notMember { // an org the caller sent, maybe a credential pasted there: never echoed
		r.Organization = present.MaskText(r.Organization)
	}
	if org.rejected != nil {
		return &Result{Text: text, Structured: r, IsError: true, cause: org.rejected}, nil
	}
	return &Result{Text: text, Structured: r}, nil
}))

// whoamiOrg is the organization calls act in, why, and the caller's role there.
type whoamiOrg struct {
	client.Org
	source      string
	memberships []client.Org // when no organization is chosen and the token names none, or notMember
	notMember   bool         // the caller's organizations were listed and the chosen one is not among them
	rejected    error        // listOrgs answered 401: the API rejects the credentials
	orgsUnread  error        // listOrgs failed otherwise (a 404: not served): the role is not known from it
	twoRoles    bool         // listOrgs lists the organization with two roles: neither is known to hold
}

// orgInForce finds the organization calls act in (the org argument, else SPICE_ORG, else the
// token's own) and the caller's role there: from the token when it carries it for that
// organization, else from the caller's organizations (listOrgs, asked in both cases; unknown
// when refused, and a 401, which rejects the credentials themselves, noted in rejected).
func orgInForce(ctx context.Context, c *client.Client, id client.Identity) whoamiOrg {
	var o whoamiOrg
	switch {
	case client.OrgFrom(ctx) != "":
		o.Name, o.source = client.OrgFrom(ctx), present.OrgFromArgument
	case c.Org() != "":
		o.Name, o.source = c.Org(), present.OrgFromEnv
	case id.Claims != nil && id.Claims.Org != "":
		o.Name, o.source = id.Claims.Org, present.OrgFromToken
	}
	fromToken := id.Claims != nil && id.Claims.Role != "" && (o.Name == "" || strings.EqualFold(o.Name, id.Claims.Org))
	if fromToken {
		o.Role = id.Claims.Role
	}
	if id.Kind == "none" || id.Err != nil {
		return o
	}
	// Asked even when the token carries the role: a revoked token still decodes.
	orgs, err := c.ListOrgs(ctx)
	var apiErr *client.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized:
		o.rejected = err
	case err != nil && !fromToken:
		o.orgsUnread = err
	}
	if err != nil || fromToken {
		return o
	}
	orgs, twoRoles := orgsOnce(orgs)
	switch {
	case o.Name != "":
		o.notMember = true
		for _, m := range orgs {
			// The token may carry its organization by ID (org_id); X-Org-Name is matched by name.
			if strings.EqualFold(m.Name, o.Name) || o.source == present.OrgFromToken && strconv.FormatInt(m.ID, 10) == o.Name {
				o.Role, o.notMember = m.Role, false
				if roleUnknownIn(twoRoles, m.Name) { // listed with two roles: neither is known to hold
					o.Role, o.twoRoles = "", true
				}
			}
		}
		if o.notMember {
			o.memberships = orgs
		}
	case len(orgs) == 1:
		o.Org, o.source = orgs[0], present.OrgFromToken
	default:
		o.memberships = orgs
	}
	return o
}
