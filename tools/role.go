package tools

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// roleKey carries, in a call's context, the caller's role as the organization list showed it
// (withListedRole), for a token whose claims do not show it.
type roleKey struct{}

// withListedRole is ctx with the caller's role in the organization in force when the token does
// not show it: one listOrgs (callerRole), asked only where a text is about to name a tool a
// viewer cannot use (a paused app's resume_app) or a question is about to be asked. A refused
// or unanswered list leaves ctx as it is (the role unknown: the API decides). The list is
// asked once a call (listOrgsForRole), within roleLookup's part of its time limit.
func withListedRole(ctx context.Context, env *Env, c *client.Client) context.Context {
	if _, role := env.tokenRole(ctx); role != "" {
		return ctx
	}
	if _, ok := ctx.Value(roleKey{}).(string); ok {
		return ctx
	}
	return listedRole(ctx, ctx, c)
}

// roleWait bounds the organization list read for the caller's role: it only shapes a text or
// refuses early what the API would refuse, so a slow /v1/orgs must not use up the call's time.
const roleWait = 2 * time.Second

// roleLookup is ctx bounded for the organization list read for the caller's role: roleWait
// (Env.Waits), or half of what is left of ctx's time limit when that is less.
func roleLookup(ctx context.Context) (context.Context, context.CancelFunc) {
	wait := waitsOf(ctx).role()
	if at, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(at)/2)
	}
	return context.WithTimeout(ctx, wait)
}

// roleMemoKey carries, in a tool call's context, a *roleMemo: the organization list as read
// for the caller's role, so a call reads it once (resume_app's role check and its waited
// deployment's fix).
type roleMemoKey struct{}

type roleMemo struct {
	mu   sync.Mutex
	read bool
	orgs []client.Org
	err  error
}

// withRoleMemo is ctx with a fresh roleMemo: one tool call's.
func withRoleMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, roleMemoKey{}, &roleMemo{})
}

// listOrgsForRole is the organization list read for the caller's role, within roleLookup's
// bound: once a call (roleMemo), its answer or failure kept for the rest of it.
func listOrgsForRole(ctx context.Context, c *client.Client) ([]client.Org, error) {
	m, ok := ctx.Value(roleMemoKey{}).(*roleMemo)
	if !ok {
		m = &roleMemo{}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.read {
		lookup, cancel := roleLookup(ctx)
		m.orgs, m.err = c.ListOrgs(lookup)
		cancel()
		m.read = true
	}
	return m.orgs, m.err
}

// roleFloorKey carries, in a call's context, the lowest of the caller's roles in the
// organizations listed when the one the token acts in cannot be told (callerRoles' lowest).
type roleFloorKey struct{}

// listedRole is ctx with the caller's role as callerRoles reads it with lookup (or, unknown,
// the lowest role listed); ctx as it is when the list tells neither.
func listedRole(ctx, lookup context.Context, c *client.Client) context.Context {
	role, _, lowest := callerRoles(lookup, c)
	if _, known := roleRank[role]; known {
		return context.WithValue(ctx, roleKey{}, role)
	}
	if _, known := roleRank[lowest]; known {
		return context.WithValue(ctx, roleFloorKey{}, lowest)
	}
	return ctx
}

// roleStop is why the caller's role, as far as it is known (knownRole; else the lowest listed,
// when the organization the token acts in cannot be told), stops t, and whom to ask; "" when it
// does not, or nothing tells.
func (env *Env) roleStop(ctx context.Context, t Tool) (string, present.RoleAsk) {
	if role := env.knownRole(ctx); role != "" {
		if needed := roleNeeded(t.Operations, role); needed != "" {
			return present.HiddenRole(role, needed), roleAsk(needed)
		}
		return "", present.RoleAsk{}
	}
	if lowest, _ := ctx.Value(roleFloorKey{}).(string); lowest != "" {
		if needed := roleNeeded(t.Operations, lowest); needed != "" {
			ask := roleAsk(needed)
			// The role where the token acts may be enough: the API decides. Over HTTP the
			// server's default organization is its operator's, not the caller's to set.
			ask.Unknown, ask.HTTPCaller = true, client.HTTPCaller(ctx)
			if ask.HTTPCaller {
				return present.HiddenToHTTPCaller(present.HiddenRoleUnknown(needed)), ask
			}
			return present.HiddenRoleUnknown(needed), ask
		}
	}
	return "", present.RoleAsk{}
}

// WithListedRole is withListedRole outside a tool call (a prompt about to name a tool a viewer
// cannot use): the organization list is asked within roleLookup's bound of the default call
// time limit.
func (env *Env) WithListedRole(ctx context.Context) context.Context {
	if _, role := env.tokenRole(ctx); role != "" {
		return ctx
	}
	c, err := env.Client(ctx)
	if err != nil {
		return ctx
	}
	lookup, cancel := context.WithTimeout(env.withWaits(ctx), env.callTimeout())
	defer cancel()
	return listedRole(ctx, lookup, c)
}

// RoleAsk is whom the caller asks to take a step with t when their role (as roleStop reads
// it) is below what t's operations need; zero when it is not, or unknown.
func (env *Env) RoleAsk(ctx context.Context, t Tool) present.RoleAsk {
	_, ask := env.roleStop(ctx, t)
	return ask
}

// knownRole is the caller's role in the organization in force as far as it is known without a
// request: the token's claims, else what withListedRole read into ctx; "" when neither tells.
func (env *Env) knownRole(ctx context.Context) string {
	if _, role := env.tokenRole(ctx); role != "" {
		return role
	}
	role, _ := ctx.Value(roleKey{}).(string)
	return role
}

// refuseByRole refuses, before anyone is asked and before any change is sent, what the caller's
// role cannot do: the role needed is the highest x-required-role of the tool's operations
// (api/openapi.json), the caller's role the token's claims, else the organization list's (one
// listOrgs; the approval-guarded tools declare it in MayCall). Unknown roles: the API decides.
func (env *Env) refuseByRole(ctx context.Context, c *client.Client, tool string) *Result {
	t, ok := ByName(tool)
	if !ok {
		return nil
	}
	fromToken := true
	org, role := env.tokenRole(ctx)
	if role == "" {
		fromToken = false
		role, org = callerRole(ctx, c)
	}
	needed := roleNeeded(t.Operations, role)
	if needed == "" {
		return nil
	}
	return refusal(present.RoleTooLow(tool, org, role, roleAsk(needed), fromToken))
}

// orgRoles are the roles x-required-role names, lowest first (roleRank orders them; the legacy
// billing role, read as member, is nobody's to ask for).
var orgRoles = []string{"viewer", "member", "admin", "owner"}

// roleAsk is whom a caller whose role is below needed asks (present.RoleAsk), from the role
// table: those whose role is needed or higher may take the step; those whose role may change
// roles (updateMemberRoles' x-required-role, admin) may give the caller a role below admin, and
// only an owner admin or owner (refuseGrant, api/README.md §4).
func roleAsk(needed string) present.RoleAsk {
	granter := api.UpdateMemberRoles.Role
	if grantsManagement([]string{needed}) {
		granter = roleOwner
	}
	return present.RoleAsk{Needed: needed, Do: rolesFrom(needed), Grant: rolesFrom(granter)}
}

// rolesFrom is role and the roles above it, lowest first.
func rolesFrom(role string) []string {
	var out []string
	for _, r := range orgRoles {
		if roleRank[r] >= roleRank[role] {
			out = append(out, r)
		}
	}
	return out
}

// roleOps is listOrgs, which refuseByRole and withListedRole call when the token does not show
// the caller's role: the tools that use them declare it in MayCall.
var roleOps = []*api.Operation{api.ListOrgs}

// whenRoleUnknown is the condition under which a tool lists the organizations for the caller's
// role (README's table of operations says it).
const whenRoleUnknown = "when the token does not show the caller's role"

// roleWhen is when with listOrgs' condition added: the caller's role is read only in situation
// (a text naming the tools of a next step) and only when the token does not show it.
func roleWhen(when map[*api.Operation]string, situation string) map[*api.Operation]string {
	out := maps.Clone(when)
	if out == nil {
		out = map[*api.Operation]string{}
	}
	out[api.ListOrgs] = "when " + situation + " and the token does not show the caller's role"
	return out
}

// orgsOnce is orgs with an organization the API lists again as it was (same ID, name and role)
// left out, and the names of those it lists again with another role: the caller's role there
// is not known (the API decides).
func orgsOnce(orgs []client.Org) (once []client.Org, twoRoles []string) {
	for _, o := range orgs {
		i := slices.IndexFunc(once, func(p client.Org) bool { return p.ID == o.ID && strings.EqualFold(p.Name, o.Name) })
		switch {
		case i < 0:
			once = append(once, o)
		case effectiveRole(once[i].Role) == effectiveRole(o.Role):
		case !slices.ContainsFunc(twoRoles, func(n string) bool { return strings.EqualFold(n, o.Name) }):
			once = append(once, o)
			twoRoles = append(twoRoles, once[i].Name)
		default:
			once = append(once, o)
		}
	}
	return once, twoRoles
}

// orgsListedAgain are the names of the organizations of listed that orgsOnce left out of once
// (listed again as they were), once each.
func orgsListedAgain(listed, once []client.Org) []string {
	var again []string
	kept := 0
	for _, o := range listed {
		if kept < len(once) && once[kept] == o {
			kept++
			continue
		}
		if !slices.Contains(again, o.Name) {
			again = append(again, o.Name)
		}
	}
	return again
}

// roleUnknownIn reports whether name is one of twoRoles (orgsOnce).
func roleUnknownIn(twoRoles []string, name string) bool {
	return slices.ContainsFunc(twoRoles, func(n string) bool { return strings.EqualFold(n, name) })
}
