package tools

import "slices"

// catalog is the tool table: each tool's file registers it where it is defined (register), so
// adding a tool is writing its file. The order is the toolsets' (Toolsets), then the order of
// definition, which is deterministic (files in name order).
var catalog []Tool

// register adds t to the catalogue after every tool of its own or an earlier toolset.
func register(t Tool) Tool {
	rank := func(x Tool) int { return slices.Index(Toolsets, x.Toolset) }
	at := len(catalog)
	for at > 0 && rank(catalog[at-1]) > rank(t) {
		at--
	}
	catalog = slices.Insert(catalog, at, t)
	return t
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
