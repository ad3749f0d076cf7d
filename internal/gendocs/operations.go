package gendocs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The README region listing every operation of the contract and the tools calling it.
const (
	operationsBegin = "<!-- BEGIN GENERATED: operations (" + Command + ") -->"
	operationsEnd   = "<!-- END GENERATED: operations -->"
)

// operationsTable renders every operation of api/openapi.json, in document order, with the
// tools that call it on every use and those that call it for some arguments or sections (as the
// tools declare them; an operation it calls only on some paths, with the condition its When
// gives; an Optional one on every use, marked optional), or why none does (tools.NotOffered; a deprecated alias needs no reason: the
// tools call its current route). A current operation no tool calls and NotOffered does not list
// is an error, so the table cannot be generated until it is offered or said why not.
func operationsTable(all []tools.Tool) (string, error) {
	always := map[*api.Operation][]string{}
	some := map[*api.Operation][]string{}
	for _, t := range all {
		for op := range t.When {
			if !slices.Contains(t.Operations, op) && !slices.Contains(t.MayCall, op) {
				return "", fmt.Errorf("%s: When names %s, which neither its Operations nor its MayCall do", t.Name, op.ID)
			}
		}
		for _, op := range t.Optional {
			if _, some := t.When[op]; some || !slices.Contains(t.MayCall, op) || slices.Contains(t.Operations, op) {
				return "", fmt.Errorf("%s: Optional names %s, which is not of its MayCall alone, or has a condition", t.Name, op.ID)
			}
		}
		for _, op := range t.Operations {
			if when, ok := t.When[op]; ok {
				some[op] = append(some[op], "`"+t.Name+"` ("+when+")")
				continue
			}
			always[op] = append(always[op], "`"+t.Name+"`")
		}
		var seen []*api.Operation
		for _, op := range t.MayCall {
			switch {
			case slices.Contains(t.Operations, op) || slices.Contains(seen, op):
			case slices.Contains(t.Optional, op):
				always[op] = append(always[op], "`"+t.Name+"` (optional: a refusal does not fail it)")
			case t.When[op] != "":
				some[op] = append(some[op], "`"+t.Name+"` ("+t.When[op]+")")
			default:
				some[op] = append(some[op], "`"+t.Name+"`")
			}
			seen = append(seen, op)
		}
	}
	var b strings.Builder
	b.WriteString("\n| Operation | Route | Called on every use by | Called for some arguments, sections or paths by |\n|---|---|---|---|\n")
	for _, op := range api.Operations {
		why, listed := tools.NotOffered[op]
		called := len(always[op])+len(some[op]) > 0
		switch {
		case called && listed:
			return "", fmt.Errorf("%s: tools call it, yet tools.NotOffered lists it", op.ID)
		case !called && !listed && op.AliasOf == "":
			return "", fmt.Errorf("%s: no tool calls it; offer it or say why in tools.NotOffered", op.ID)
		case listed && op.AliasOf != "":
			return "", fmt.Errorf("%s: a deprecated alias needs no place in tools.NotOffered", op.ID)
		}
		by := strings.Join(always[op], ", ")
		if by == "" && len(some[op]) == 0 {
			by = "none"
		}
		switch {
		case listed:
			by = "none, by choice: " + why
		case op.AliasOf != "" && !called:
			by = "none: deprecated alias of `" + op.AliasOf + "`, the route the tools call"
		case op.AliasOf != "":
			by += "; deprecated alias of `" + op.AliasOf + "`"
		}
		fmt.Fprintf(&b, "| `%s` | `%s %s` | %s | %s |\n", op.ID, op.Method, op.Path, by, strings.Join(some[op], ", "))
	}
	b.WriteString("\n")
	return b.String(), nil
}
