package gendocs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// hints is the README's word for a tool's annotation hints.
func hints(t tools.Tool) string {
	switch {
	case t.ReadOnly:
		return "read-only"
	case t.Destructive:
		return "destructive"
	case t.Idempotent:
		return "write, idempotent"
	}
	return "write"
}

// scopes is the README's cell for the token scopes a tool needs, derived from the operations
// it declares: those it always calls, then those of operations it calls only for some arguments
// or sections.
func scopes(t tools.Tool) string {
	always := t.Scopes()
	cell := "none"
	if len(always) > 0 {
		cell = "`" + strings.Join(always, "`, `") + "`"
	}
	var extra []string
	for _, s := range (tools.Tool{Operations: append(slices.Clone(t.Operations), t.MayCall...)}).Scopes() {
		if !slices.Contains(always, s) {
			extra = append(extra, s)
		}
	}
	if len(extra) > 0 {
		cell += " (+ `" + strings.Join(extra, "`, `") + "` for some arguments or sections)"
	}
	return cell
}

// toolGroups splits the catalogue into the per-operation tools, grouped by toolset in the order
// the toolsets first appear in the catalogue (catalogue order within a toolset), and the
// workflows, in catalogue order.
func toolGroups(all []tools.Tool) (operations, workflows []tools.Tool, err error) {
	var order []string
	for _, t := range all {
		if !slices.Contains(tools.Toolsets, t.Toolset) {
			return nil, nil, fmt.Errorf("tool %s has toolset %q, which tools.Toolsets does not list", t.Name, t.Toolset)
		}
		if t.Toolset == tools.ToolsetWorkflows {
			workflows = append(workflows, t)
		} else if !slices.Contains(order, t.Toolset) {
			order = append(order, t.Toolset)
		}
	}
	for _, ts := range order {
		for _, t := range all {
			if t.Toolset == ts {
				operations = append(operations, t)
			}
		}
	}
	return operations, workflows, nil
}

// promptDefs returns the prompts' definitions in the prompts package's order, read the way the
// server serves them.
func promptDefs() ([]mcp.Prompt, error) {
	s := server.NewMCPServer("gendocs", "0")
	prompts.Register(s, "human", false, false)
	registered := s.ListPrompts()
	var defs []mcp.Prompt
	for _, name := range prompts.Names() {
		p, ok := registered[name]
		if !ok {
			return nil, fmt.Errorf("prompt %s is named by prompts.Names but not registered", name)
		}
		defs = append(defs, p.Prompt)
	}
	if len(defs) != len(registered) {
		return nil, fmt.Errorf("prompts.Register adds %d prompts but prompts.Names lists %d", len(registered), len(defs))
	}
	return defs, nil
}
