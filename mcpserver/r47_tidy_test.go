package mcpserver_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r47TidyFlakyToken is a token source whose endpoint is down while the call's up-front checks
// ask it, and back when the tool's own requests do (resolveMember onwards).
type r47TidyFlakyToken struct{ token string }

func (s r47TidyFlakyToken) Token(context.Context) (string, error) {
	stack := make([]byte, 64<<10)
	stack = stack[:runtime.Stack(stack, false)]
	if strings.Contains(string(stack), "tools.resolveMember") || strings.Contains(string(stack), "tools.refuseGrant") ||
		strings.Contains(string(stack), "tools.refuseRemoval") {
		return s.token, nil
	}
	return "", errors.New("token endpoint unavailable")
}

// The up-front role check (checkListedRole) cannot tell the role when the token cannot be read
// then; if it can be read later in the call and its claims say member, update_member_roles and
// remove_member still refuse before anyone is asked: the member branches of refuseGrant and
// refuseRemoval are reachable.
func TestR47TidyRoleKnownOnlyLaterStillRefuses(t *testing.T) {
	all := []string{"*"}
	cfg := memberWorld(all)
	jwt := r40JWT(map[string]any{"sub": "4", "username": "dan", "org": "acme", "role": "member", "scopes": all})
	cfg.Tokens = append(cfg.Tokens, sandbox.Token{Value: jwt, Org: "acme", User: "dan", Scopes: all})
	h := newHarness(t, harnessOptions{cfg: cfg, safety: tools.Safety{Confirm: tools.ConfirmOff},
		tokens: func(string) client.TokenSource { return r47TidyFlakyToken{jwt} }})
	got := text(h.call(t, "update_member_roles", map[string]any{"member": "bob", "roles": []any{"member"}}))
	mustContain(t, "update_member_roles", got, "Your role in acme is member, which cannot manage members or their roles")
	got = text(h.call(t, "remove_member", map[string]any{"member": "bob"}))
	mustContain(t, "remove_member", got, "Your role in acme is member, which cannot remove members")
}
