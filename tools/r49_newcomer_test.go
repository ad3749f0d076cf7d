package tools

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR49NewcomerToolsListSavingsMatchREADME: README (Tools, after the generated tables) gives
// what tools/list saves by leaving out what the specification makes default, and what the parts
// it keeps cost. Its figures were those of 25 tools (485 tokens saved, additionalProperties 125,
// annotation hints 342, …) while 38 are listed. Each figure README gives is now held within 10 %
// of what the catalogue costs today.
func TestR49NewcomerToolsListSavingsMatchREADME(t *testing.T) {
	listing := func(strict bool) []map[string]any {
		var out []map[string]any
		for _, def := range All() {
			raw, err := json.Marshal(def.MCPTool(Listing{StrictSchemas: strict}))
			if err != nil {
				t.Fatal(err)
			}
			var tool map[string]any
			if err := json.Unmarshal(raw, &tool); err != nil {
				t.Fatal(err)
			}
			out = append(out, tool)
		}
		return out
	}
	cost := func(list []map[string]any) int {
		raw, err := json.Marshal(map[string]any{"tools": list})
		if err != nil {
			t.Fatal(err)
		}
		return tokens.Count(string(raw))
	}
	schema := func(tool map[string]any) map[string]any { return tool["inputSchema"].(map[string]any) }
	base := cost(listing(false))

	hints := listing(false) // the four hints stated where they are the specification's default
	for _, tool := range hints {
		a, _ := tool["annotations"].(map[string]any)
		if a == nil {
			a = map[string]any{}
			tool["annotations"] = a
		}
		for hint, def := range map[string]bool{"readOnlyHint": false, "destructiveHint": true, "idempotentHint": false, "openWorldHint": true} {
			if _, ok := a[hint]; !ok {
				a[hint] = def
			}
		}
	}
	required := listing(false)
	for _, tool := range required {
		if _, ok := schema(tool)["required"]; !ok {
			schema(tool)["required"] = []any{}
		}
	}
	enumTypes, titles, emptyProperties := listing(false), listing(false), listing(false)
	var untype func(v any)
	untype = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["enum"]; ok {
				delete(v, "type")
			}
			for _, child := range v {
				untype(child)
			}
		case []any:
			for _, child := range v {
				untype(child)
			}
		}
	}
	for i := range enumTypes {
		untype(enumTypes[i]["inputSchema"])
		delete(titles[i], "title")
		if a, ok := titles[i]["annotations"].(map[string]any); ok {
			delete(a, "title")
		}
		if p, ok := schema(emptyProperties[i])["properties"].(map[string]any); ok && len(p) == 0 {
			delete(schema(emptyProperties[i]), "properties")
		}
	}
	strict := cost(listing(true)) - base
	left := map[string]int{
		"additionalProperties": strict, "hints": cost(hints) - base, "required": cost(required) - base,
		"enums": base - cost(enumTypes), "properties": base - cost(emptyProperties), "titles": base - cost(titles),
	}
	left["saved"] = left["additionalProperties"] + left["hints"] + left["required"]

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	sentence := regexp.MustCompile("which save[sd] ([0-9,]+) tokens\\s+\\(([0-9]+) a tool[^)]*\\)[^`]*`additionalProperties: false` on tools with arguments " +
		"\\(([0-9,]+) tokens[^)]*\\), the four annotation hints where they state a default \\(([0-9,]+)\\), and empty `required`\\s+lists " +
		"\\(([0-9,]+)\\)\\. Types on enums \\(([0-9,]+) tokens\\), empty `properties` of tools without arguments \\(([0-9,]+)\\) and\\s+titles " +
		"\\(([0-9,]+)\\) stay").FindSubmatch(readme)
	if sentence == nil {
		t.Fatal("README's sentence on what tools/list leaves out is not found; its figures: ", left, " for ", len(All()), " tools")
	}
	perTool := left["saved"] / len(All())
	for i, name := range []string{"saved", "per tool", "additionalProperties", "hints", "required", "enums", "properties", "titles"} {
		said, err := strconv.Atoi(string(regexp.MustCompile(",").ReplaceAll(sentence[i+1], nil)))
		if err != nil {
			t.Fatal(err)
		}
		want := left[name]
		if name == "per tool" {
			want = perTool
		}
		if diff := said - want; diff*10 > want || -diff*10 > want {
			t.Errorf("README says %s costs %d tokens; today %d (%d tools): %v", name, said, want, len(All()), left)
		}
	}
}
