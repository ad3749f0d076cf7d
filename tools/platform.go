package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type noArgs struct{}

var checkHealth = register(define[noArgs, client.Health](Tool{
	Name: "check_health", Title: "Check API health", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.GetHealth},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"verbose": true}},
	Description: "Check that the Spice.ai Cloud Management API is up. Needs no credentials.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	h, err := c.Health(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Health(c.BaseURL(), h, c.HasCredentials()), Structured: h}, nil
}))

type listRegionsArgs struct {
	Env RegionEnv `json:"env,omitempty" jsonschema:"description=Environment (default prod)"`
}

func (a *listRegionsArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Env != "" {
		fe.Check("env", rules.Enum(string(a.Env), rules.RegionEnvs))
	}
	return fe
}

var listRegions = register(define[listRegionsArgs, client.RegionList](Tool{
	Name: "list_regions", Title: "List regions", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListRegions},
	Examples:    Examples{Valid: map[string]any{"env": "prod"}, Invalid: map[string]any{"env": "staging"}},
	Description: "List the regions apps can be placed in, with the default.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a listRegionsArgs) (*Result, error) {
	list, err := c.ListRegions(ctx, string(a.Env))
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Regions(list), Structured: list}, nil
}))

type listImagesArgs struct {
	Channel ImageChannel `json:"channel,omitempty"`
}

func (a *listImagesArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Channel != "" {
		fe.Check("channel", rules.Enum(string(a.Channel), rules.ImageChannels))
	}
	return fe
}

var listContainerImages = register(define[listImagesArgs, client.ContainerImageList](Tool{
	Name: "list_container_images", Title: "List runtime images", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListContainerImages},
	Examples:    Examples{Valid: map[string]any{"channel": "stable"}, Invalid: map[string]any{"channel": "beta"}},
	Description: "List published Spice runtime images; use a tag as image_tag.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a listImagesArgs) (*Result, error) {
	list, err := c.ListContainerImages(ctx, string(a.Channel))
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Images(list), Structured: list}, nil
}))
