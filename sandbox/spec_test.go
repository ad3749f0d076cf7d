package sandbox

import (
	"maps"
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestEveryOperationHasOneRoute: the emulator serves each operation of the generated table
// (one entry per operation of openapi.json) exactly once, and nothing else but the OAuth endpoint.
func TestEveryOperationHasOneRoute(t *testing.T) {
	handled := map[*api.Operation]int{}
	for _, rt := range routes {
		handled[rt.op]++
	}
	for _, op := range api.Operations {
		if handled[op] != 1 {
			t.Errorf("%s %s (%s) has %d routes, want 1", op.Method, op.Path, op.ID, handled[op])
		}
		delete(handled, op)
	}
	for op := range handled {
		if op != oauthToken {
			t.Errorf("route %s %s is not an operation of openapi.json", op.Method, op.Path)
		}
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
		if rt.op.Scope == "" {
			continue
		}
		op := specOperation(t, rt.op.Method, rt.op.Path)
		var want []string
		for _, s := range op["x-accepted-scopes"].([]any) {
			want = append(want, s.(string))
		}
		var got []string
		for scope := range maps.Keys(rules.ScopeImplications) {
			if (&tokenGrant{scopes: []string{scope}}).allows(rt.op.Scope) {
				got = append(got, scope)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s: accepted scopes %v, openapi.json says %v", rt.op.ID, got, want)
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
