package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/invopop/jsonschema"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// RotationStep is a phase of zero-downtime key rotation.
type RotationStep string

// JSONSchema implements jsonschema's custom-schema hook.
func (RotationStep) JSONSchema() *jsonschema.Schema {
	return enum([]string{"start", "finish"}, "start: new secondary key; finish: new primary key, after clients moved")
}

type rotateArgs struct {
	App     AppRef       `json:"app"`
	Step    RotationStep `json:"step"`
	Confirm ConfirmArg   `json:"confirm,omitempty"`
}

func (a *rotateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("step", rules.Enum(string(a.Step), []string{"start", "finish"}))
	return fe
}

type rotation struct {
	client.RegeneratedAPIKeys
	Step     string `json:"step"`
	ValidKey string `json:"valid_key"`
	Next     string `json:"next"`
}

var rotateAPIKeys = register(define[rotateArgs, rotation](Tool{
	Name: "rotate_api_keys", Title: "Rotate API keys", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListApps, api.RegenerateAPIKey},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app", "step": "start"}, Invalid: map[string]any{"app": "analytics-app", "step": "middle"}},
	Description: "Rotate an app's API keys without downtime: step start replaces the secondary key; " +
		"after every client uses it, step finish replaces the primary.",
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a rotateArgs) (*Result, error) {
	app, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	key, valid, next := client.KeySecondary, "", ""
	if a.Step == "finish" {
		key = client.KeyPrimary
		// Finishing cuts off every client still on the old primary key: a human must agree.
		if r := env.confirm(ctx, confirmation{tool: "rotate_api_keys", target: app.Name, fold: true, typed: string(a.Confirm),
			action: present.RotateFinishAction(app.label())}); r != nil {
			return r, nil
		}
	}
	keys, err := c.RegenerateAPIKey(ctx, app.ID, key)
	if err != nil {
		return nil, err
	}
	if a.Step == "start" {
		valid, next = present.RotationStartValid, present.RotationStartNext
	} else {
		valid, next = present.RotationFinishValid, present.RotationFinishNext
	}
	keys.APIKeys = env.shownKeys(keys.APIKeys)
	text := present.Rotation(app.label(), keys.APIKeys, keys.RegeneratedKey, valid, next)
	return &Result{Text: text, Structured: rotation{RegeneratedAPIKeys: *keys, Step: string(a.Step), ValidKey: valid, Next: next}}, nil
}))
