package gendocs

import (
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR65Spec7EveryOperationCalledOrNotOffered: README's Tools has a row for every operation of
// api/openapi.json, derived from what the tools declare: a current operation is called by some
// tool or tools.NotOffered says why not (never both); generating refuses a catalogue that
// leaves one uncalled without a reason, or calls one listed as not offered.
func TestR65Spec7EveryOperationCalledOrNotOffered(t *testing.T) {
	section := r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Tools")
	_, table, ok := strings.Cut(section, operationsBegin)
	if !ok {
		t.Fatal("README's Tools has no table of operations")
	}
	table, _, _ = strings.Cut(table, operationsEnd)
	called := map[*api.Operation]bool{}
	for _, tool := range tools.All() {
		for _, op := range slices.Concat(tool.Operations, tool.MayCall) {
			called[op] = true
		}
	}
	for _, op := range api.Operations {
		row := "| `" + op.ID + "` | `" + op.Method + " " + op.Path + "` | "
		if !strings.Contains(table, row) {
			t.Errorf("README's table of operations has no row %q", row)
		}
		why, listed := tools.NotOffered[op]
		switch {
		case op.AliasOf != "":
			if listed {
				t.Errorf("%s is a deprecated alias, yet tools.NotOffered lists it", op.ID)
			}
		case called[op] == listed:
			t.Errorf("%s: called by a tool %t, listed as not offered %t: want exactly one", op.ID, called[op], listed)
		case listed && !strings.Contains(table, row+"none, by choice: "+why+" |"):
			t.Errorf("README's row of %s does not say why no tool calls it (%q)", op.ID, why)
		}
	}
	for op, why := range tools.NotOffered {
		if !slices.Contains(api.Operations, op) || strings.TrimSpace(why) == "" {
			t.Errorf("tools.NotOffered: %v with reason %q", op, why)
		}
	}

	// A catalogue without list_forks leaves listProjectForks uncalled, with no reason.
	var without []tools.Tool
	for _, tool := range tools.All() {
		if tool.Name != "list_forks" {
			without = append(without, tool)
		}
	}
	if _, err := operationsTable(without); err == nil || !strings.Contains(err.Error(), "listProjectForks: no tool calls it") {
		t.Errorf("a catalogue that calls listProjectForks nowhere: error %v", err)
	}
	// A tool calling an operation listed as not offered.
	extra := append(slices.Clone(tools.All()), tools.Tool{Name: "metrics", MayCall: []*api.Operation{api.GetProjectMetrics}})
	if _, err := operationsTable(extra); err == nil || !strings.Contains(err.Error(), "getProjectMetrics: tools call it, yet tools.NotOffered lists it") {
		t.Errorf("a catalogue that calls getProjectMetrics: error %v", err)
	}
}
