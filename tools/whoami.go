package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

type whoamiReport struct {
	Credentials  string   `json:"credentials"`
	Organization string   `json:"organization,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	API          string   `json:"api"`
	Sandbox      bool     `json:"sandbox"`
	ReadOnly     bool     `json:"read_only"`
	NoConfirm    bool     `json:"no_confirm"`
	ConfirmMode  string   `json:"confirm_mode" jsonschema:"enum=human,enum=agent,enum=off"`
	// Approval and SecretEntry are how this client's user approves and enters secret values.
	Approval    string            `json:"approval_channel" jsonschema:"enum=elicit,enum=page,enum=none"`
	SecretEntry string            `json:"secret_entry" jsonschema:"enum=url,enum=page,enum=arguments"`
	MaskAPIKeys bool              `json:"mask_api_keys"`
	Toolsets    []string          `json:"toolsets"`
	Hidden      map[string]string `json:"hidden_tools,omitempty"`
}

var whoami = register(define[noArgs, whoamiReport](Tool{
	Name: "whoami", Title: "Who am I", Toolset: ToolsetPlatform,
	Examples: Examples{Valid: map[string]any{}, Invalid: map[string]any{"verbose": true}},
	Description: "Who am I: the account the server is logged in as, its credentials (never the token), scopes " +
		"(permissions), safety modes, and each hidden tool with why.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	id := c.Identity(ctx)
	r := whoamiReport{
		Credentials: present.WhoamiCredentials(id.Kind, env.Sandbox), API: c.BaseURL(), Sandbox: env.Sandbox, ReadOnly: env.Policy.ReadOnly,
		NoConfirm: env.Safety.Mode() == ConfirmOff, MaskAPIKeys: env.Safety.MaskAPIKeys, Toolsets: env.Policy.Toolsets,
		Hidden: env.Hidden(ctx), ConfirmMode: string(env.Safety.Mode()),
	}
	r.Approval, r.SecretEntry = env.channels(callInfo(ctx))
	if len(r.Toolsets) == 0 {
		r.Toolsets = Toolsets
	}
	if id.Claims != nil {
		r.Organization, r.Scopes = id.Claims.Org, id.Claims.Scopes
	}
	text := present.Whoami(present.WhoamiView{
		Credentials: r.Credentials, TokenError: id.Err, ScopesKnown: id.Claims != nil, HasCredentials: id.Kind != "none",
		Organization: r.Organization, Scopes: r.Scopes, API: present.WhoamiAPI(r.API, r.Sandbox),
		ReadOnly: r.ReadOnly, NoConfirm: env.Safety.NoConfirm, MaskAPIKeys: r.MaskAPIKeys, Toolsets: r.Toolsets,
		ConfirmMode: r.ConfirmMode, ApprovalChannel: r.Approval, SecretChannel: r.SecretEntry, Page: env.pageWhere(),
		LocalValues: env.Local != nil,
		Hidden:      r.Hidden, Total: len(catalog),
	})
	return &Result{Text: text, Structured: r}, nil
}))
