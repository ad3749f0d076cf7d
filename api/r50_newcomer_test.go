package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api/internal/specgen"
)

// r50NewcomerSpecWith is openapi.json with listProjectForks' operation changed by edit.
func r50NewcomerSpecWith(t *testing.T, edit func(op map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc["paths"].(map[string]any)["/v1/projects/{projectId}/forks"].(map[string]any)["get"].(map[string]any))
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestR50NewcomerGeneratorRefusesAnOperationWithoutItsAccess: an operation that needs a token
// (README's recipe, step 1) without x-scope, x-accepted-scopes or x-required-role, or with values
// that disagree with its security requirement, would be generated as one that needs no scope
// (the emulator then serves it without an organization); go generate ./api refuses it, naming
// the operation, the field and the rule.
func TestR50NewcomerGeneratorRefusesAnOperationWithoutItsAccess(t *testing.T) {
	if _, err := specgen.Generate(r50NewcomerSpecWith(t, func(map[string]any) {})); err != nil {
		t.Fatalf("the document as it is: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(op map[string]any)
		says []string
	}{
		{"no x-scope", func(op map[string]any) { delete(op, "x-scope") }, []string{"x-scope", "apps:read"}},
		{"no x-accepted-scopes", func(op map[string]any) { delete(op, "x-accepted-scopes") }, []string{"x-accepted-scopes", "apps:read"}},
		{"no x-required-role", func(op map[string]any) { delete(op, "x-required-role") }, []string{"x-required-role", "viewer, member, admin or owner"}},
		{"an unknown role", func(op map[string]any) { op["x-required-role"] = "reader" }, []string{"x-required-role", "reader"}},
		{"x-scope not security's", func(op map[string]any) { op["x-scope"] = "apps:write" }, []string{"x-scope", "apps:write", "apps:read"}},
		{"none of them", func(op map[string]any) {
			delete(op, "x-scope")
			delete(op, "x-accepted-scopes")
			delete(op, "x-required-role")
		}, []string{"x-scope"}},
	} {
		_, err := specgen.Generate(r50NewcomerSpecWith(t, tc.edit))
		if err == nil {
			t.Errorf("%s: generated", tc.name)
			continue
		}
		for _, want := range append([]string{"listProjectForks"}, tc.says...) {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v; want it to name %q", tc.name, err, want)
			}
		}
	}
}
