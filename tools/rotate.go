package tools

import (
	"context"
	"fmt"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// RotationStep is a phase of zero-downtime key rotation.
type RotationStep string

// jsonSchema is the type's own schema (see schema.go).
func (RotationStep) jsonSchema() *schema {
	return enum([]string{"start", "finish"}, "")
}

type rotateArgs struct {
	App     AppRef       `json:"app"`
	Step    RotationStep `json:"step"`
	Confirm ConfirmArg   `json:"confirm,omitempty"`
	orgArg
}

func (a *rotateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("step", rules.Enum(string(a.Step), []string{"start", "finish"}))
	return fe
}

type rotation struct {
	// Warning is the key-storage warning: the structured content carries keys too.
	Warning string `json:"warning"`
	client.RegeneratedAPIKeys
	Step     string `json:"step"`
	ValidKey string `json:"valid_key"`
	Next     string `json:"next"`
}

var rotateAPIKeys = register(define[rotateArgs, rotation](Tool{
	Name: "rotate_api_keys", Title: "Rotate API keys", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListProjects, api.RegenerateProjectAPIKey},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app", "step": "start"}, Invalid: map[string]any{"app": "analytics-app", "step": "middle"}},
	Description: "Rotate an app's API keys with zero downtime in two steps: start replaces the secondary key; once " +
		"every client uses it, finish replaces the primary.",
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a rotateArgs) (*Result, error) {
	app, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	// Either step replaces a key and cuts off the clients still using it: a human must agree,
	// as for regenerate_api_key.
	key, action, effect := client.KeySecondary, present.RotateStartAction(app.label()), present.EffectPrimaryKept
	if a.Step == "finish" {
		key, action, effect = client.KeyPrimary, present.RotateFinishAction(app.label()), present.EffectKeyGone
	}
	if r := env.confirm(ctx, confirmation{tool: "rotate_api_keys", args: a, targetID: fmt.Sprintf("app:%d", app.ID),
		target: app.Name, fold: true, typed: string(a.Confirm), effects: []string{effect}, action: action}); r != nil {
		return r, nil
	}
	valid, next := "", ""
	keys, err := c.RegenerateProjectAPIKey(ctx, app.ID, key)
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
	return &Result{Text: text, Structured: rotation{Warning: present.KeyWarning, RegeneratedAPIKeys: *keys, Step: string(a.Step), ValidKey: valid, Next: next}}, nil
}))
