package rules

import "github.com/spice-cloud-mcp/spice-cloud-mcp/api"

// ScopeImplications is openapi.json's root x-scope-implications (from the generated table):
// each scope and the scopes it grants besides itself.
var ScopeImplications = api.ScopeImplications

// GrantedScopes expands scopes by their implications, transitively; an unknown scope grants
// only itself.
func GrantedScopes(scopes []string) map[string]bool {
	granted := map[string]bool{}
	var add func(string)
	add = func(s string) {
		if granted[s] {
			return
		}
		granted[s] = true
		for _, implied := range ScopeImplications[s] {
			add(implied)
		}
	}
	for _, s := range scopes {
		add(s)
	}
	return granted
}
