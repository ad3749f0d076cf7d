package tools

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Toolsets lists every toolset, for --toolsets.
var Toolsets = []string{ToolsetApps, ToolsetDeployments, ToolsetSecrets, ToolsetAPIKeys, ToolsetMembers, ToolsetPlatform, ToolsetWorkflows}

// Policy is what the operator chose to expose. The zero value exposes everything.
type Policy struct {
	ReadOnly     bool     // only read-only tools; wins over every other setting
	Toolsets     []string // enabled toolsets; empty = all
	Tools        []string // if set, only these tools
	ExcludeTools []string // never these tools
}

// Validate rejects unknown toolset or tool names, listing the valid ones.
func (p Policy) Validate() error {
	for _, ts := range p.Toolsets {
		if !slices.Contains(Toolsets, ts) {
			return errors.New(present.UnknownToolset(ts, Toolsets))
		}
	}
	// In this order, so two flags' unknown names are refused alike every time (a map's is not).
	for _, f := range []struct {
		flag  string
		names []string
	}{{"--tools", p.Tools}, {"--exclude-tools", p.ExcludeTools}} {
		for _, name := range f.names {
			if _, ok := ByName(name); !ok {
				return errors.New(present.UnknownTool(name, f.flag, nearestTool(name, func(string) bool { return false }), Names()))
			}
		}
	}
	return nil
}

// Names lists every tool name in catalogue order.
func Names() []string {
	names := make([]string, len(catalog))
	for i, t := range catalog {
		names[i] = t.Name
	}
	return names
}

// Offered lists the tools the policy offers, in catalogue order.
func (p Policy) Offered() []string {
	var names []string
	for _, t := range catalog {
		if p.hiddenBy(t) == "" {
			names = append(names, t.Name)
		}
	}
	return names
}

// ListedHints are the list tools (list_*) the policy offers: the only ones a hint in a
// description or a refusal ("see list_orgs") may send the agent to.
func (p Policy) ListedHints() []string {
	var names []string
	for _, name := range p.Offered() {
		if strings.HasPrefix(name, "list_") {
			names = append(names, name)
		}
	}
	return names
}

// hiddenBy says why the policy hides t, or "".
func (p Policy) hiddenBy(t Tool) string {
	switch {
	case p.ReadOnly && !t.ReadOnly:
		return present.HiddenReadOnly
	case len(p.Toolsets) > 0 && !slices.Contains(p.Toolsets, t.Toolset):
		return present.HiddenToolset(t.Toolset)
	case len(p.Tools) > 0 && !slices.Contains(p.Tools, t.Name):
		return present.HiddenNotListed
	case slices.Contains(p.ExcludeTools, t.Name):
		return present.HiddenExcluded
	case t.Toolset == ToolsetWorkflows:
		if via := p.excludedVia(t); via != "" {
			return present.HiddenExcludedVia(via)
		}
	}
	return ""
}

// excludedVia is the first tool of --exclude-tools, not a workflow, whose change (an operation
// that is not a read) workflow t may send, "" for none: excluding regenerate_api_key keeps the
// agent from regenerating keys, through rotate_api_keys too. Excluding a workflow leaves the
// tools it is made of.
func (p Policy) excludedVia(t Tool) string {
	sends := append(slices.Clip(t.Operations), t.MayCall...)
	for _, name := range p.ExcludeTools {
		e, ok := ByName(name)
		if !ok || e.Toolset == ToolsetWorkflows {
			continue
		}
		for _, op := range append(slices.Clip(e.Operations), e.MayCall...) {
			if op.Method != http.MethodGet && slices.Contains(sends, op) {
				return e.Name
			}
		}
	}
	return ""
}

// Scopes are the API scopes every tool the policy exposes may need (the operations each always
// calls and those some arguments add), as the smallest set that grants them all: what an OAuth
// client should ask for.
func (p Policy) Scopes() []string {
	var ops []*api.Operation
	for _, t := range catalog {
		if p.hiddenBy(t) == "" {
			ops = append(append(ops, t.Operations...), t.MayCall...)
		}
	}
	return minimalScopes(ops)
}

// minimalScopes is the smallest sorted set of scopes that grants every operation's scope:
// a scope implied by another in the set is left out (apps:write covers apps:read).
func minimalScopes(ops []*api.Operation) []string {
	var needed []string
	for _, op := range ops {
		if op.Scope != "" && !slices.Contains(needed, op.Scope) {
			needed = append(needed, op.Scope)
		}
	}
	var minimal []string
	for _, s := range needed {
		implied := false
		for _, other := range needed {
			if other != s && rules.GrantedScopes([]string{other})[s] {
				implied = true
			}
		}
		if !implied {
			minimal = append(minimal, s)
		}
	}
	slices.Sort(minimal)
	return minimal
}

// missingScopes names the scopes of ops that the granted set lacks.
func missingScopes(ops []*api.Operation, granted map[string]bool) []string {
	var missing []string
	for _, s := range minimalScopes(ops) {
		if !granted[s] {
			missing = append(missing, s)
		}
	}
	return missing
}

// MissingScopeError is a call refused before its first request because the token visibly
// lacks a scope one of its operations needs.
type MissingScopeError struct {
	Tool    string
	Missing []string
}

func (e *MissingScopeError) Error() string { return present.MissingScopes(e.Tool, e.Missing) }

// RoleError is a call refused before its first request (and before any question) because the
// token shows the caller's role in the organization in force, and one of its operations needs
// a higher one.
type RoleError struct {
	Tool, Org, Role, Needed string
	// Listed: the role was read from the organization list, the token not showing it.
	Listed bool
}

func (e *RoleError) Error() string {
	return present.RoleTooLow(e.Tool, e.Org, e.Role, roleAsk(e.Needed), !e.Listed)
}

// checkScopes refuses a call whose operations need scopes the token visibly lacks, or a
// higher role than the one the token shows in the organization in force; a token that shows
// neither is left to the API.
func (env *Env) checkScopes(ctx context.Context, tool string, ops []*api.Operation) error {
	if granted := env.grantedScopes(ctx); granted != nil {
		if missing := missingScopes(ops, granted); len(missing) > 0 {
			return &MissingScopeError{Tool: tool, Missing: missing}
		}
	}
	if org, role := env.tokenRole(ctx); role != "" {
		if needed := roleNeeded(ops, role); needed != "" {
			return &RoleError{Tool: tool, Org: org, Role: role, Needed: needed}
		}
	}
	return nil
}

// checkListedRole is checkScopes' role check for a token that does not show the caller's role:
// a call whose operations need more than the lowest role reads it from the organization list
// (one listOrgs, declared in MayCall by register) and is refused, before its first change and
// before anyone is asked, when its role is below what they need. An unknown role: the API decides.
func (env *Env) checkListedRole(ctx context.Context, c *client.Client, tool string, ops []*api.Operation) error {
	if !needsMoreThanLowestRole(ops) {
		return nil
	}
	if _, role := env.tokenRole(ctx); role != "" {
		return nil // checkScopes read it from the token
	}
	role, org := callerRole(ctx, c)
	if needed := roleNeeded(ops, role); needed != "" {
		return &RoleError{Tool: tool, Org: org, Role: role, Needed: needed, Listed: true}
	}
	return nil
}

// needsMoreThanLowestRole reports whether one of ops requires a role above the lowest (the
// operations that change something).
func needsMoreThanLowestRole(ops []*api.Operation) bool {
	return roleNeeded(ops, orgRoles[0]) != ""
}

// roleRank orders the organization roles (x-required-role: viewer < member < admin < owner).
// The legacy billing role has no defined rights; api/README.md treats it like member.
var roleRank = map[string]int{"viewer": 1, "member": 2, "billing": 2, "admin": 3, "owner": 4}

// roleNeeded is the highest role any of ops requires above role, or "" when role suffices
// (or is unknown: the API decides).
func roleNeeded(ops []*api.Operation, role string) string {
	have, ok := roleRank[strings.ToLower(role)]
	if !ok {
		return ""
	}
	needed := ""
	for _, op := range ops {
		if r := roleRank[op.Role]; r > have && r > roleRank[needed] {
			needed = op.Role
		}
	}
	return needed
}

// tokenRole is the organization in force (the org argument, else the default, else the
// token's own) and the caller's role there when the token carries it for that organization;
// role is "" otherwise, or when the role is unknown.
func (env *Env) tokenRole(ctx context.Context) (org, role string) {
	c, err := env.Client(ctx)
	if err != nil {
		return "", ""
	}
	id := c.Identity(ctx)
	if id.Claims == nil || id.Claims.Role == "" {
		return "", ""
	}
	org = client.OrgFrom(ctx)
	if org == "" {
		org = c.Org()
	}
	if org != "" && !strings.EqualFold(org, id.Claims.Org) {
		return org, "" // the token's role is for another organization
	}
	if _, known := roleRank[strings.ToLower(id.Claims.Role)]; !known {
		return id.Claims.Org, ""
	}
	return id.Claims.Org, strings.ToLower(id.Claims.Role)
}

// Hidden maps each tool the caller cannot use to the reason: the operator's policy, scopes
// the token visibly lacks, or a role below what its operations require in the default
// organization (decoded from a JWT-shaped token; the API still decides).
func (env *Env) Hidden(ctx context.Context) map[string]string {
	granted := env.grantedScopes(ctx)
	_, role := env.tokenRole(ctx)
	hidden := map[string]string{}
	for _, t := range catalog {
		reason := env.hiddenReason(ctx, t, granted)
		if reason == "" {
			reason = roleReason(t, role)
		}
		if reason != "" {
			hidden[t.Name] = reason
		}
	}
	return hidden
}

// RoleReason says why the caller's role, read from the token for the default organization as
// Hidden reads it, is below what t's operations require, or "" (no such role, or enough).
func (env *Env) RoleReason(ctx context.Context, t Tool) string {
	reason, _ := env.roleStop(ctx, t)
	return reason
}

func roleReason(t Tool, role string) string {
	if role == "" {
		return ""
	}
	if needed := roleNeeded(t.Operations, role); needed != "" {
		return present.HiddenRole(role, needed)
	}
	return ""
}

// HiddenReason says why the caller cannot use t, or "" when it can (the per-call check). The
// role is checked with the call's own organization, in checkScopes. For a call begun with
// BeginCall, the token lookup stays within the call's time limit.
func (env *Env) HiddenReason(ctx context.Context, t Tool) string {
	ctx, cancel := beforeCall(ctx)
	defer cancel()
	return env.hiddenReason(ctx, t, env.grantedScopes(ctx))
}

func (env *Env) hiddenReason(ctx context.Context, t Tool, granted map[string]bool) string {
	if reason := env.Policy.hiddenBy(t); reason != "" {
		if client.HTTPCaller(ctx) { // the operator's command line, not the caller's
			return present.HiddenToHTTPCaller(reason)
		}
		return reason
	}
	if granted == nil {
		return "" // the token shows no scopes: the API decides
	}
	if missing := missingScopes(t.Operations, granted); len(missing) > 0 {
		return present.HiddenScopes(missing)
	}
	return ""
}

// grantedScopes is the caller's scopes with implications, or nil when the token shows none.
func (env *Env) grantedScopes(ctx context.Context) map[string]bool {
	if scopes, known := env.tokenScopes(ctx); known {
		return rules.GrantedScopes(scopes)
	}
	return nil
}

// tokenScopes returns the scopes of the caller's token when it carries them.
func (env *Env) tokenScopes(ctx context.Context) ([]string, bool) {
	c, err := env.Client(ctx)
	if err != nil {
		return nil, false
	}
	id := c.Identity(ctx)
	if id.Claims == nil || id.Claims.Scopes == nil {
		return nil, false
	}
	return id.Claims.Scopes, true
}
