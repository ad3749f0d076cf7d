package tools

import (
	"maps"
	"slices"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// catalog is the tool table: each tool's file registers it where it is defined (register), so
// adding a tool is writing its file. The order is the toolsets' (Toolsets), then the order of
// definition, which is deterministic (files in name order).
var catalog []Tool

// register adds t to the catalogue; init puts it in its toolset's place.
func register(t Tool) Tool {
	ops := slices.Concat(t.Operations, t.MayCall)
	if needsMoreThanLowestRole(ops) && !slices.Contains(ops, api.ListOrgs) {
		// The caller's role, when the token does not show it (checkListedRole).
		t.MayCall = slices.Concat(t.MayCall, roleOps)
	}
	if _, given := t.When[api.ListOrgs]; slices.Contains(t.MayCall, api.ListOrgs) && !given {
		t.When = maps.Clone(t.When) // shared maps (listedUnlessByID) stay as they are
		if t.When == nil {
			t.When = map[*api.Operation]string{}
		}
		t.When[api.ListOrgs] = whenRoleUnknown
	}
	catalog = append(catalog, t)
	return t
}

// init orders the catalogue by toolset, keeping the order of definition within each. It runs
// after every package variable, so after every register.
func init() {
	slices.SortStableFunc(catalog, func(a, b Tool) int {
		return slices.Index(Toolsets, a.Toolset) - slices.Index(Toolsets, b.Toolset)
	})
}

// All returns the tool table. Callers must not modify it.
func All() []Tool { return catalog }

// ByName returns the tool with that name.
func ByName(name string) (Tool, bool) {
	for _, t := range catalog {
		if t.Name == name {
			return t, true
		}
	}
	return Tool{}, false
}
