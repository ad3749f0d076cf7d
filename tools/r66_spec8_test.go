package tools

import (
	"slices"
	"testing"
)

// TestR66Spec8EveryQueryParameterOffered: every query parameter (a filter, paging, a tail) of
// an operation a tool calls or may call is an argument of the same name of a tool calling it,
// so no list the tools read has a filter no tool lets the user set. (Each reaches the API:
// TestR65Spec7EveryFilterReachesTheAPI; each rule is checked before it:
// TestR59SpecEveryFieldRuleRefusedByItsTools; operations no tool calls are NotOffered.)
func TestR66Spec8EveryQueryParameterOffered(t *testing.T) {
	checked := 0
	offered := map[string]bool{}
	for _, tool := range All() {
		props, _ := r64ClaimsProperties(t, tool)
		for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
			for _, p := range op.Params {
				if p.In == "query" && props[p.Name] != nil {
					offered[op.ID+" "+p.Name] = true
				}
			}
		}
	}
	for _, tool := range All() {
		for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
			for _, p := range op.Params {
				if p.In != "query" {
					continue
				}
				checked++
				if !offered[op.ID+" "+p.Name] {
					t.Errorf("%s calls %s, whose query parameter %s no tool calling it takes", tool.Name, op.ID, p.Name)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no query parameter checked")
	}
}
