package testutil

import "strings"

// OpenAPIRefOrParts is what a walker of openapi.json recurses into from schema node m besides
// its own items and properties: the component schema its $ref names (name, target), else its
// allOf/anyOf/oneOf parts.
func OpenAPIRefOrParts(doc, m map[string]any) (name string, target any, parts []any) {
	if ref, ok := m["$ref"].(string); ok {
		name = ref[strings.LastIndex(ref, "/")+1:]
		return name, doc["components"].(map[string]any)["schemas"].(map[string]any)[name], nil
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		p, _ := m[k].([]any)
		parts = append(parts, p...)
	}
	return "", nil, parts
}
