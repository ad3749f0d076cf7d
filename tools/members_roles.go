package tools

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type getMemberArgs struct {
	Member MemberRef `json:"member"`
	orgArg
}

func (a *getMemberArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Member == "" {
		fe.Check("member", present.ArgMemberRequired)
	}
	return fe
}

var getMember = register(define[getMemberArgs, memberView](Tool{
	Name: "get_member", Title: "Get member roles", Toolset: ToolsetMembers,
	Operations: []*api.Operation{api.ListMembers, api.GetMember},
	Examples:   Examples{Valid: map[string]any{"member": "bob"}, Invalid: map[string]any{"member": ""}},
	Description: "Show or check one user's role and access: which role do they have, is someone an admin or owner, " +
		"do they have admin or owner? Their roles, permissions, when they joined.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a getMemberArgs) (*Result, error) {
	listed, err := resolveMember(ctx, c, a.Member)
	if err != nil {
		return nil, err
	}
	m, err := c.GetMember(ctx, listed.UserID)
	if err != nil {
		return nil, err
	}
	if listed.IsOwner {
		m.IsOwner = true
	}
	org := actingOrg(ctx, c)
	return &Result{Text: present.Member(m, listed.IsOwner, org), Structured: memberView{Org: org, Member: m}}, nil
}))

type updateMemberRolesArgs struct {
	Member  MemberRef  `json:"member"`
	Roles   []Role     `json:"roles" jsonschema:"minItems=1"` // replaced: the description says so
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *updateMemberRolesArgs) roles() []string {
	out := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		out[i] = string(r)
	}
	return out
}

func (a *updateMemberRolesArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Member == "" {
		fe.Check("member", present.ArgMemberRequired)
	}
	if len(a.Roles) == 0 { // missing, null or []: the same rule, said with the roles to choose from
		fe.Check("roles", present.ArgRolesRequired)
	}
	for i, r := range a.Roles {
		if !slices.Contains(a.Roles[:i], r) { // a repeat is refused once, as given twice
			fe.Check("roles", rules.Enum(string(r), rules.MemberRoles))
		}
	}
	checkRolesOnce(fe, a.Roles)
	return fe
}

// checkRolesOnce refuses a role given twice: roles are a set, so the repeat would be shown
// for approval and sent, then dropped.
func checkRolesOnce(fe rules.FieldErrors, roles []Role) {
	var repeated []string
	for i, r := range roles {
		if slices.Contains(roles[:i], r) && !slices.Contains(repeated, string(r)) {
			repeated = append(repeated, string(r))
		}
	}
	if len(repeated) > 0 { // every repeated role in one refusal
		fe.Check("roles", present.ArgRoleTwice(repeated...))
	}
}

var updateMemberRoles = register(define[updateMemberRolesArgs, memberView](Tool{
	Name: "update_member_roles", Title: "Change roles", Toolset: ToolsetMembers,
	Operations: []*api.Operation{api.ListMembers, api.UpdateMemberRoles},
	// The caller's role in the organization, when the token's claims do not show it; a
	// refusal (e.g. a token without apps:read) leaves the decision to the API.
	MayCall: []*api.Operation{api.ListOrgs},
	Examples: Examples{Valid: map[string]any{"member": "bob", "roles": []any{"viewer"}},
		Invalid: map[string]any{"member": "bob", "roles": []any{"superuser"}}},
	Description: "Promote (bump up), demote, make, grant or take away a role: set which of owner, admin, " +
		"member, read-only viewer and billing a member has. A person approves first.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a updateMemberRolesArgs) (*Result, error) {
	m, err := resolveMember(ctx, c, a.Member)
	if err != nil {
		return nil, err
	}
	roles := a.roles()
	// What the API would refuse, refused before anyone is asked.
	if m.IsOwner {
		return refusal(present.OwnerNotModifiable(m.Username, m.UserID, env.Sandbox)), nil
	}
	if r := refuseGrant(ctx, c, append(slices.Clone(roles), m.Roles...)); r != nil {
		return r, nil
	}
	effect, self := present.EffectRolesChangeable, isCaller(ctx, c, m)
	if self { // the caller's own access: what they may not be able to undo
		effect = present.EffectSelfRolesChanged(m.Roles, roles)
	}
	if r := env.confirm(ctx, confirmation{tool: "update_member_roles", args: a, targetID: fmt.Sprintf("member:%d", m.UserID),
		target: m.Username, fold: true, typed: string(a.Confirm), effects: []string{effect},
		action: present.UpdateRolesAction(m.Username, m.UserID, m.Roles, roles, actingOrg(ctx, c)), namesOrg: true}); r != nil {
		return r, nil
	}
	updated, err := c.UpdateMemberRoles(ctx, m.UserID, roles)
	if err != nil {
		return nil, err
	}
	org := actingOrg(ctx, c)
	text := present.MemberRolesUpdated(updated, org)
	if self {
		text += present.SelfRolesChanged(m.Roles, updated.Roles)
	}
	return &Result{Text: text, Structured: memberView{Org: org, Member: updated}}, nil
}))

const (
	roleOwner = "owner"
	roleAdmin = "admin"
)

// refuseGrant refuses, before any question or change, a role change the API would refuse:
// roles are those granted plus those taken away. Viewers and members manage no one; admins
// manage members and viewers but not admins or owners; owners grant any role (MemberRole in
// openapi.json). Unknown roles: the API decides. Viewers and members are refused up front
// (checkListedRole) when the role can be read then; here, when it can be read only later in the
// call (the token unreadable at the check: TestR47TidyRoleKnownOnlyLaterStillRefuses).
func refuseGrant(ctx context.Context, c *client.Client, roles []string) *Result {
	role, org := callerRole(ctx, c)
	switch role {
	case roleAdmin:
		if slices.Contains(roles, roleAdmin) || slices.Contains(roles, roleOwner) {
			return refusal(present.AdminCannotManageAdmins(org))
		}
	case "member", "viewer":
		return refusal(present.RoleCannotChangeRoles(role, org))
	}
	return nil // owner, or a role this server does not know: the API decides
}

// refuseRemoval refuses, before anyone is asked, a removal the API would refuse: viewers and
// members remove no one; admins remove members and viewers but not admins or owners; owners
// remove anyone but the organization's owner (api/README §4). Unknown roles: the API decides.
func refuseRemoval(ctx context.Context, c *client.Client, m client.Member) *Result {
	role, org := callerRole(ctx, c)
	switch role {
	case roleAdmin:
		if grantsManagement(m.Roles) {
			return refusal(present.AdminCannotRemoveAdmins(m.Username, m.UserID, m.Roles, org))
		}
	case "member", "viewer":
		return refusal(present.RoleCannotRemoveMembers(role, org))
	}
	return nil
}

// grantsManagement reports whether roles hold admin or owner: what only an owner grants,
// changes or removes, and what add_member has approved.
func grantsManagement(roles []string) bool {
	return slices.ContainsFunc(roles, func(r string) bool {
		r = strings.ToLower(r)
		return r == roleAdmin || r == roleOwner
	})
}

// callerRole is the caller's effective role in the organization requests act in (and that
// organization's name): what a JWT-shaped token's claims say when they are about that
// organization, else what the organization list says for it (with none chosen and several
// listed, the role when it is the same in each), "" when neither tells (the API then decides). Never a grant: it only refuses what the API would refuse anyway.
func callerRole(ctx context.Context, c *client.Client) (role, name string) {
	role, name, _ = callerRoles(ctx, c)
	return role, name
}

// callerRoles is callerRole and, when it cannot tell because no organization is chosen and the
// caller's roles in those listed differ, the lowest of them (lowest): the token acts in one of
// them, so a step needing more may be refused. Never a refusal's ground, only a text's.
func callerRoles(ctx context.Context, c *client.Client) (role, name, lowest string) {
	org := actingOrg(ctx, c)
	if id := c.Identity(ctx); id.Claims != nil && id.Claims.Role != "" && id.Claims.Org != "" &&
		(c.OrgFor(ctx) == "" || strings.EqualFold(c.OrgFor(ctx), id.Claims.Org)) {
		return effectiveRole(id.Claims.Role), id.Claims.Org, ""
	}
	orgs, err := listOrgsForRole(ctx, c)
	if err != nil {
		return "", org, ""
	}
	orgs, twoRoles := orgsOnce(orgs)
	if org == "" && len(orgs) > 1 && !sameRole(orgs) {
		for _, o := range orgs {
			if r := effectiveRole(o.Role); roleRank[r] > 0 && (lowest == "" || roleRank[r] < roleRank[lowest]) {
				lowest = r
			}
		}
		return "", "", lowest
	}
	// The organization chosen (org, SPICE_ORG) is matched by name only, as the API matches
	// X-Org-Name (digits there are a name: present.ActingOrg); a token's claim by name or ID.
	chosen := c.OrgFor(ctx) != ""
	i := slices.IndexFunc(orgs, func(o client.Org) bool {
		return org != "" && (strings.EqualFold(o.Name, org) || !chosen && strconv.FormatInt(o.ID, 10) == org)
	})
	switch {
	case i >= 0 && roleUnknownIn(twoRoles, orgs[i].Name): // listed with two roles: the API decides
		return "", orgs[i].Name, ""
	case i >= 0:
		return effectiveRole(orgs[i].Role), orgs[i].Name, ""
	case org == "" && len(orgs) == 1:
		return effectiveRole(orgs[0].Role), orgs[0].Name, ""
	case org == "" && len(orgs) > 1:
		// The token acts in one of them, which the API does not say: the role is the same there.
		return effectiveRole(orgs[0].Role), "", ""
	}
	return "", org, ""
}

// sameRole reports whether the caller holds the same role (billing read as member) in each of
// orgs.
func sameRole(orgs []client.Org) bool {
	return !slices.ContainsFunc(orgs, func(o client.Org) bool { return effectiveRole(o.Role) != effectiveRole(orgs[0].Role) })
}

// isCaller reports whether m is the caller: the user a JWT-shaped token's username claim names
// (a username is the user's in every organization). An opaque token tells no user: false.
func isCaller(ctx context.Context, c *client.Client, m client.Member) bool {
	id := c.Identity(ctx)
	return id.Claims != nil && id.Claims.Username != "" && rules.SameName(id.Claims.Username, m.Username)
}

// actingOrg is the organization requests made with ctx act in, as far as can be told: the
// one chosen (org argument, SPICE_ORG), else the one a JWT-shaped token's claims name; ""
// when only the API knows (an opaque token's own organization).
func actingOrg(ctx context.Context, c *client.Client) string {
	if org := c.OrgFor(ctx); org != "" {
		return org
	}
	if id := c.Identity(ctx); id.Claims != nil {
		return id.Claims.Org
	}
	return ""
}

// effectiveRole reads the legacy billing role as member, as the API does.
func effectiveRole(role string) string {
	if strings.EqualFold(role, "billing") {
		return "member"
	}
	return strings.ToLower(role)
}
