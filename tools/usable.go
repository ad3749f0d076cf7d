package tools

import "context"

// usable reports whether the caller can use every tool named, as tools/list shows them and the
// prompts check (the operator's policy, the token's scopes, its role): a result names a tool
// as the next call only then, so that following it literally works.
func (env *Env) usable(ctx context.Context, names ...string) bool {
	for _, name := range names {
		t, ok := ByName(name)
		if !ok || env.HiddenReason(ctx, t) != "" || env.RoleReason(ctx, t) != "" {
			return false
		}
	}
	return true
}
