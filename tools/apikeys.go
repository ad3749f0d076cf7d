package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

var getAPIKeys = define[appArgs, client.APIKeys](Tool{
	Name: "get_api_keys", Title: "Get API keys", Toolset: ToolsetAPIKeys, Scope: "apps:read",
	Description: "Show an app's primary and secondary runtime API keys (sensitive).",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	keys, err := c.GetAPIKeys(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.APIKeys(target.label(), *keys, nil), Structured: keys}, nil
})

type regenerateArgs struct {
	App AppRef `json:"app"`
	// KeyNumber is a pointer so that a missing value is an error, not a silent 0 ("both").
	KeyNumber *KeyNumber `json:"key_number"`
}

func (a *regenerateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.KeyNumber == nil {
		fe.Check("key_number", "Required: 2 (secondary), 1 (primary) or 0 (both)")
	} else {
		fe.Check("key_number", rules.KeyNumber(int(*a.KeyNumber)))
	}
	return fe
}

var regenerateAPIKey = define[regenerateArgs, client.RegeneratedAPIKeys](Tool{
	Name: "regenerate_api_key", Title: "Regenerate API key", Toolset: ToolsetAPIKeys, Scope: "apps:write",
	Description: "Replace an app's API key; the old key stops working at once. For zero downtime replace 2, move clients, then 1.",
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a regenerateArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	keys, err := c.RegenerateAPIKey(ctx, target.ID, int(*a.KeyNumber))
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.APIKeys(target.label(), keys.APIKeys, &keys.RegeneratedKey), Structured: keys}, nil
})
