package rules

// ScopeImplications is openapi.json's root x-scope-implications: each scope and the scopes it
// grants besides itself (spice-api/README.md §3). A sandbox test keeps the two identical.
var ScopeImplications = map[string][]string{
	"*": {
		"apps:delete", "apps:read", "apps:write", "config:read", "config:write",
		"deployments:read", "deployments:write", "members:delete", "members:read",
		"members:write", "secrets:read", "secrets:write",
	},
	"apps:read":         {},
	"apps:write":        {"apps:read"},
	"apps:delete":       {"apps:read", "apps:write"},
	"deployments:read":  {},
	"deployments:write": {"deployments:read"},
	"config:read":       {},
	"config:write":      {"config:read"},
	"secrets:read":      {},
	"secrets:write":     {"secrets:read"},
	"members:read":      {},
	"members:write":     {"members:read"},
	"members:delete":    {"members:read", "members:write"},
}

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
