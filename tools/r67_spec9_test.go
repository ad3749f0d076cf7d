package tools

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// r67Spec9Booleans visits every property of schema s (at path) whose type is or includes
// boolean, with whether its object requires it and its description.
func r67Spec9Booleans(s any, path string, visit func(path string, required bool, description string)) {
	switch s := s.(type) {
	case []any:
		for _, v := range s {
			r67Spec9Booleans(v, path, visit)
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		var required []string
		// A result's own required names, or those of its branch of anyOf (the other: a result
		// cut to its "cut" note).
		lists := []any{s["required"]}
		for _, branch := range asSlice(s["anyOf"]) {
			if b, ok := branch.(map[string]any); ok {
				lists = append(lists, b["required"])
			}
		}
		for _, list := range lists {
			for _, r := range asSlice(list) {
				name, _ := r.(string)
				required = append(required, name)
			}
		}
		for name, p := range props {
			pm, _ := p.(map[string]any)
			if types := r67Spec9Types(pm["type"]); slices.Contains(types, "boolean") {
				desc, _ := pm["description"].(string)
				visit(path+"."+name, slices.Contains(required, name), desc)
			}
			r67Spec9Booleans(p, path+"."+name, visit)
		}
		for key, v := range s {
			if key != "properties" {
				r67Spec9Booleans(v, path, visit)
			}
		}
	}
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func r67Spec9Types(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, t := range asSlice(v) {
		if s, ok := t.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestR67Spec9BooleansShownOrAbsenceSaid: a client reading structuredContent can tell false from
// absent: every boolean of every tool's output schema is required (false is shown), or its
// description says what its absence means (a *bool left out when not known).
func TestR67Spec9BooleansShownOrAbsenceSaid(t *testing.T) {
	n := 0
	for _, tool := range All() {
		var s any
		if err := json.Unmarshal(tool.OutputSchema(), &s); err != nil {
			t.Fatal(err)
		}
		r67Spec9Booleans(s, "", func(path string, required bool, description string) {
			n++
			if !required && !strings.Contains(strings.ToLower(description), "absent") {
				t.Errorf("%s: %s is a boolean a result may leave out, and its schema neither requires it nor says what absent means", tool.Name, path)
			}
		})
	}
	if n < 20 {
		t.Errorf("%d booleans found in the output schemas: the walk misses some", n)
	}
}
