package tools

import (
	"context"
	"errors"
	"net/http"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type secretList struct {
	AppID   int64           `json:"app_id"`
	Secrets []client.Secret `json:"secrets"`
}

var listSecrets = register(define[appArgs, secretList](Tool{
	Name: "list_secrets", Title: "List secrets", Toolset: ToolsetSecrets,
	Operations:  []*api.Operation{api.ListApps, api.ListSecrets},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "List an app's secret names and timestamps (values are never shown).",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	secrets, err := c.ListSecrets(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Secrets(target.label(), secrets), Structured: secretList{AppID: target.ID, Secrets: secrets}}, nil
}))

type secretArgs struct {
	App  AppRef     `json:"app"`
	Name SecretName `json:"name"`
}

func (a *secretArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.Name == "" {
		fe.Check("name", present.ArgRequired)
	}
	return fe
}

var getSecret = register(define[secretArgs, client.Secret](Tool{
	Name: "get_secret", Title: "Get secret", Toolset: ToolsetSecrets,
	Operations:  []*api.Operation{api.ListApps, api.GetSecret},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, Invalid: map[string]any{"app": "analytics-app", "name": ""}},
	Description: "Show whether a secret exists and when it changed (never its value).",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a secretArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	s, err := c.GetSecret(ctx, target.ID, string(a.Name))
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Secret(target.label(), s), Structured: s}, nil
}))

type setSecretArgs struct {
	App   AppRef     `json:"app"`
	Name  SecretName `json:"name"`
	Value string     `json:"value" jsonschema:"description=Write-only; never shown again"`
}

func (a *setSecretArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("name", rules.SecretName(string(a.Name)))
	return fe
}

type secretChange struct {
	AppID  int64          `json:"app_id"`
	Name   string         `json:"name"`
	Action string         `json:"action" jsonschema:"enum=created,enum=updated,enum=deleted"`
	Secret *client.Secret `json:"secret,omitempty"`
}

var setSecret = register(define[setSecretArgs, secretChange](Tool{
	Name: "set_secret", Title: "Set secret", Toolset: ToolsetSecrets,
	Operations:  []*api.Operation{api.ListApps, api.GetSecret, api.UpsertSecret},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app", "name": "NEW_SECRET", "value": "example-value"}, Invalid: map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": "v"}},
	Description: "Create or replace an app secret, e.g. a database password. The value is never echoed.",
	Idempotent:  true,
}, func(ctx context.Context, env *Env, c *client.Client, a setSecretArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	// The upsert answers 200 either way; look first so the result can say which it was.
	_, err = c.GetSecret(ctx, target.ID, string(a.Name))
	var apiErr *client.APIError
	created := errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.Message == "Secret not found"
	if err != nil && !created {
		return nil, err
	}
	s, err := c.UpsertSecret(ctx, target.ID, string(a.Name), a.Value)
	if err != nil {
		return nil, err
	}
	action := "updated"
	if created {
		action = "created"
	}
	return &Result{Text: present.SecretSet(target.label(), s.Name, created),
		Structured: secretChange{AppID: target.ID, Name: s.Name, Action: action, Secret: s}}, nil
}))

type deleteSecretArgs struct {
	App     AppRef     `json:"app"`
	Name    SecretName `json:"name"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
}

func (a *deleteSecretArgs) validate() rules.FieldErrors {
	args := secretArgs{App: a.App, Name: a.Name}
	return args.validate()
}

var deleteSecret = register(define[deleteSecretArgs, secretChange](Tool{
	Name: "delete_secret", Title: "Delete secret", Toolset: ToolsetSecrets,
	Operations:  []*api.Operation{api.ListApps, api.GetSecret, api.DeleteSecret},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, Invalid: map[string]any{"app": "analytics-app", "name": ""}},
	Description: "Delete an app secret permanently.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a deleteSecretArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	// Ask only about a secret that exists.
	if _, err := c.GetSecret(ctx, target.ID, string(a.Name)); err != nil {
		return nil, err
	}
	if r := env.confirm(ctx, confirmation{tool: "delete_secret", target: string(a.Name), typed: string(a.Confirm),
		action: present.DeleteSecretAction(string(a.Name), target.label())}); r != nil {
		return r, nil
	}
	if err := c.DeleteSecret(ctx, target.ID, string(a.Name)); err != nil {
		return nil, err
	}
	return &Result{Text: present.SecretDeleted(target.label(), string(a.Name)),
		Structured: secretChange{AppID: target.ID, Name: string(a.Name), Action: "deleted"}}, nil
}))
