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

// Grants reports whether scopes grant scope, as GrantedScopes(scopes)[scope] does, without
// building the set: the emulator asks it of every request.
func Grants(scopes []string, scope string) bool {
	for _, s := range scopes {
		if grants(s, scope, len(ScopeImplications)) {
			return true
		}
	}
	return false
}

// grants follows s's implications up to depth steps (no chain of distinct scopes is longer
// than the table, so a cycle in it cannot run forever).
func grants(s, scope string, depth int) bool {
	if s == scope {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, implied := range ScopeImplications[s] {
		if grants(implied, scope, depth-1) {
			return true
		}
	}
	return false
}
