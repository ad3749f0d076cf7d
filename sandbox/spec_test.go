package sandbox

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestRouteTableMatchesOpenAPI keeps the one route table identical to openapi.json's 20
// operations: method, path, operationId and x-scope.
func TestRouteTableMatchesOpenAPI(t *testing.T) {
	type op struct{ method, path, id, scope string }
	var fromSpec []op
	for path, item := range spec(t)["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			o, ok := raw.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			scope, _ := o["x-scope"].(string) // null = no authentication
			fromSpec = append(fromSpec, op{strings.ToUpper(method), path, o["operationId"].(string), scope})
		}
	}
	var fromTable []op
	for _, rt := range routes {
		if strings.HasPrefix(rt.pattern, "/v1/") {
			fromTable = append(fromTable, op{rt.method, rt.pattern, rt.operationID, rt.scope})
		}
	}
	byKey := func(ops []op) func(i, j int) bool {
		return func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method }
	}
	sort.Slice(fromSpec, byKey(fromSpec))
	sort.Slice(fromTable, byKey(fromTable))
	if len(fromSpec) != 20 {
		t.Errorf("openapi.json has %d operations, want 20", len(fromSpec))
	}
	if !slices.Equal(fromSpec, fromTable) {
		t.Errorf("route table differs from openapi.json\nspec:  %v\ntable: %v", fromSpec, fromTable)
	}
}

// TestScopeImplicationsMatchOpenAPI checks the implication table and, through it, every
// operation's x-accepted-scopes.
func TestScopeImplicationsMatchOpenAPI(t *testing.T) {
	specImpl := spec(t)["x-scope-implications"].(map[string]any)
	if len(specImpl) != len(rules.ScopeImplications) {
		t.Errorf("%d scopes in openapi.json, %d in the table", len(specImpl), len(rules.ScopeImplications))
	}
	for scope, implied := range specImpl {
		var want []string
		for _, s := range implied.([]any) {
			want = append(want, s.(string))
		}
		got := slices.Sorted(slices.Values(rules.ScopeImplications[scope]))
		if !slices.Equal(slices.Sorted(slices.Values(want)), got) {
			t.Errorf("%s implies %v in openapi.json, %v in the table", scope, want, got)
		}
	}
	for _, rt := range routes {
		if rt.scope == "" {
			continue
		}
		op := specOperation(t, rt.method, rt.pattern)
		var want []string
		for _, s := range op["x-accepted-scopes"].([]any) {
			want = append(want, s.(string))
		}
		var got []string
		for scope := range maps.Keys(rules.ScopeImplications) {
			if (&tokenGrant{scopes: []string{scope}}).allows(rt.scope) {
				got = append(got, scope)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s: accepted scopes %v, openapi.json says %v", rt.operationID, got, want)
		}
	}
}

// TestStaticDataAgreesWithRules keeps regions and images in line with the shared rules.
func TestStaticDataAgreesWithRules(t *testing.T) {
	var codes []string
	for _, r := range regions {
		codes = append(codes, r.Region)
	}
	if !slices.Equal(codes, rules.RegionCodes) {
		t.Errorf("regions %v, rules.RegionCodes %v", codes, rules.RegionCodes)
	}
	channels := slices.Sorted(maps.Keys(imageChannels))
	if !slices.Equal(channels, slices.Sorted(slices.Values(rules.ImageChannels))) {
		t.Errorf("image channels %v, rules.ImageChannels %v", channels, rules.ImageChannels)
	}
	if !publishedImage(defaultImageTag) {
		t.Errorf("default image %s is not published", defaultImageTag)
	}
}
