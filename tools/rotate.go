package tools

import (
	"context"
	"fmt"

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
	App            AppRef       `json:"app"`
	Step           RotationStep `json:"step"`
	ClientsUpdated bool         `json:"clients_updated,omitempty" jsonschema:"description=finish only: every client now uses the secondary key"`
}

func (a *rotateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("step", rules.Enum(string(a.Step), []string{"start", "finish"}))
	if a.Step == "finish" && !a.ClientsUpdated {
		fe.Check("clients_updated", "Must be true to finish: the primary key is replaced and stops working at once. "+
			"Move every client to the secondary key from the start step first")
	}
	return fe
}

type rotation struct {
	client.RegeneratedAPIKeys
	Step     string `json:"step"`
	ValidKey string `json:"valid_key"`
	Next     string `json:"next"`
}

var rotateAPIKeys = define[rotateArgs, rotation](Tool{
	Name: "rotate_api_keys", Title: "Rotate API keys", Toolset: ToolsetWorkflows, Scope: "apps:write",
	Description: "Rotate an app's API keys without downtime: step start replaces the secondary key; " +
		"after every client uses it, step finish replaces the primary.",
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a rotateArgs) (*Result, error) {
	app, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	key, valid, next := client.KeySecondary, "", ""
	if a.Step == "finish" {
		key = client.KeyPrimary
	}
	keys, err := c.RegenerateAPIKey(ctx, app.ID, key)
	if err != nil {
		return nil, err
	}
	if a.Step == "start" {
		valid = "both: the primary (unchanged) and the new secondary"
		next = "Update every client to the new secondary key, then call rotate_api_keys with step \"finish\" and clients_updated true."
	} else {
		valid = "both: the new primary and the secondary from the start step"
		next = "Rotation complete. Clients may stay on the secondary key or switch back to the new primary; the old primary no longer works."
	}
	text := fmt.Sprintf("%s\n\nValid now: %s.\nNext: %s", present.APIKeys(app.label(), keys.APIKeys, &keys.RegeneratedKey), valid, next)
	return &Result{Text: text, Structured: rotation{RegeneratedAPIKeys: *keys, Step: string(a.Step), ValidKey: valid, Next: next}}, nil
})
