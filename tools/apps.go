package tools

import (
	"context"

	"github.com/invopop/jsonschema"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// appArgs is the argument of every tool that acts on one app.
type appArgs struct {
	App AppRef `json:"app"`
}

func (a *appArgs) validate() rules.FieldErrors { return checkApp(a.App) }

func checkApp(ref AppRef) rules.FieldErrors {
	fe := rules.FieldErrors{}
	if ref == "" {
		fe.Check("app", present.ArgAppRequired)
	}
	return fe
}

type appList struct {
	Apps []client.App `json:"apps"`
}

var listApps = register(define[noArgs, appList](Tool{
	Name: "list_apps", Title: "List apps", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListApps},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"limit": 5}},
	Description: "List the organization's apps with ID, region, visibility and URL.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	apps, err := c.ListApps(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Apps(apps), Structured: appList{Apps: apps}}, nil
}))

var getApp = register(define[appArgs, client.AppWithConfig](Tool{
	Name: "get_app", Title: "Get app", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListApps, api.GetApp},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show an app's configuration, spicepod and URL.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	app, err := c.GetApp(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return appResult("", app), nil
}))

// appResult presents an app, masking inline credentials in its spicepod first.
func appResult(headline string, app *client.AppWithConfig) *Result {
	masked := present.MaskApp(app)
	return &Result{Text: present.Headed(headline, present.App(masked)), Structured: masked}
}

type createAppArgs struct {
	Name        AppName    `json:"name"`
	Region      RegionCode `json:"region,omitempty" jsonschema:"description=Default: the API's default region (see list_regions)"`
	CName       string     `json:"cname,omitempty" jsonschema:"description=Legacy placement value from list_regions; region wins"`
	Description string     `json:"description,omitempty"`
	Visibility  Visibility `json:"visibility,omitempty" jsonschema:"description=Default private"`
	Tags        Tags       `json:"tags,omitempty"`
}

func (a *createAppArgs) request() client.CreateAppRequest {
	return client.CreateAppRequest{Name: string(a.Name), Region: string(a.Region), CName: a.CName,
		Description: a.Description, Visibility: string(a.Visibility), Tags: a.Tags}
}

func (a *createAppArgs) validate() rules.FieldErrors {
	req := a.request()
	if req.Region == "" && req.CName == "" {
		req.Region = rules.RegionCodes[0] // placement defaults later; check the rest now
	}
	return client.ValidateCreateApp(req)
}

var createApp = register(define[createAppArgs, client.AppWithConfig](Tool{
	Name: "create_app", Title: "Create app", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListRegions, api.CreateApp},
	Examples:    Examples{Valid: map[string]any{"name": "new-app"}, Invalid: map[string]any{"name": "ab"}},
	Description: "Create an app (no spicepod yet; set one with update_app, then create_deployment).",
}, func(ctx context.Context, env *Env, c *client.Client, a createAppArgs) (*Result, error) {
	req := a.request()
	if req.Region == "" && req.CName == "" {
		regions, err := c.ListRegions(ctx, "")
		if err != nil {
			return nil, err
		}
		req.Region = regions.Default
	}
	app, err := c.CreateApp(ctx, req)
	if err != nil {
		return nil, err
	}
	return appResult(present.AppCreated(present.AppLabel(app.ID, app.Name)), app), nil
}))

type updateAppArgs struct {
	App              AppRef         `json:"app"`
	Description      *string        `json:"description,omitempty"`
	Visibility       *Visibility    `json:"visibility,omitempty"`
	ProductionBranch *string        `json:"production_branch,omitempty"`
	Tags             Tags           `json:"tags,omitempty" jsonschema:"description=Replaces all tags"`
	Spicepod         *Spicepod      `json:"spicepod,omitempty"`
	ImageTag         *string        `json:"image_tag,omitempty" jsonschema:"description=See list_container_images"`
	Image            *string        `json:"image,omitempty"`
	Registry         *string        `json:"registry,omitempty"`
	UpdateChannel    *UpdateChannel `json:"update_channel,omitempty"`
	Replicas         *Replicas      `json:"replicas,omitempty"`
	Region           *RegionCode    `json:"region,omitempty"`
	NodeGroup        *string        `json:"node_group,omitempty"`
	StorageClaimGB   *float64       `json:"storage_claim_size_gb,omitempty" jsonschema:"minimum=0"`
}

func (a *updateAppArgs) request() client.UpdateAppRequest {
	req := client.UpdateAppRequest{
		Description: a.Description, ProductionBranch: a.ProductionBranch, Tags: a.Tags, ImageTag: a.ImageTag,
		Image: a.Image, Registry: a.Registry, NodeGroup: a.NodeGroup, StorageClaimSizeGB: a.StorageClaimGB,
		Visibility: (*string)(a.Visibility), UpdateChannel: (*string)(a.UpdateChannel), Region: (*string)(a.Region),
	}
	if a.Replicas != nil {
		n := int(*a.Replicas)
		req.Replicas = &n
	}
	if a.Spicepod != nil {
		req.Spicepod = a.Spicepod.Value
	}
	return req
}

func (a *updateAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if len(changedFields(*a)) == 0 {
		fe.Check("app", present.ArgNothingToUpdate)
	}
	if a.Spicepod != nil && a.Spicepod.Value == nil {
		fe.Check("spicepod", present.ArgSpicepodNull)
	}
	for field, msgs := range client.ValidateUpdateApp(a.request()) {
		fe[field] = append(fe[field], msgs...)
	}
	return fe
}

var updateApp = register(define[updateAppArgs, client.AppWithConfig](Tool{
	Name: "update_app", Title: "Update app", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListApps, api.UpdateApp},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app", "description": "Updated"}, Invalid: map[string]any{"app": "analytics-app", "replicas": 11}},
	Description: "Change only the given fields of an app (spicepod as YAML or object). Takes effect at the next deployment.",
	Idempotent:  true,
}, func(ctx context.Context, env *Env, c *client.Client, a updateAppArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	app, err := c.UpdateApp(ctx, target.ID, a.request())
	if err != nil {
		return nil, err
	}
	return appResult(present.AppUpdated(present.AppLabel(app.ID, app.Name), changedFields(a)), app), nil
}))

// changedFields names the fields an update sets, in argument order.
func changedFields(a updateAppArgs) []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(a.Description != nil, "description")
	add(a.Visibility != nil, "visibility")
	add(a.ProductionBranch != nil, "production_branch")
	add(a.Tags != nil, "tags")
	add(a.Spicepod != nil, "spicepod")
	add(a.ImageTag != nil, "image_tag")
	add(a.Image != nil, "image")
	add(a.Registry != nil, "registry")
	add(a.UpdateChannel != nil, "update_channel")
	add(a.Replicas != nil, "replicas")
	add(a.Region != nil, "region")
	add(a.NodeGroup != nil, "node_group")
	add(a.StorageClaimGB != nil, "storage_claim_size_gb")
	return out
}

type deletedApp struct {
	AppID   int64  `json:"app_id"`
	Name    string `json:"name"`
	Deleted bool   `json:"deleted"`
}

// ConfirmArg is the confirm argument of destructive tools.
type ConfirmArg string

// JSONSchema implements jsonschema's custom-schema hook.
func (ConfirmArg) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Description: "If the client cannot ask: the name the user typed"}
}

type deleteAppArgs struct {
	App     AppRef     `json:"app"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
}

func (a *deleteAppArgs) validate() rules.FieldErrors { return checkApp(a.App) }

var deleteApp = register(define[deleteAppArgs, deletedApp](Tool{
	Name: "delete_app", Title: "Delete app", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListApps, api.DeleteApp},
	Examples:    Examples{Valid: map[string]any{"app": "docs-search"}, Invalid: map[string]any{"app": ""}},
	Description: "Delete an app and stop its deployments. Its URL stops serving.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a deleteAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if r := env.confirm(ctx, confirmation{tool: "delete_app", target: target.Name, fold: true, typed: string(a.Confirm),
		action: present.DeleteAppAction(target.label(), client.AppURL(target.Name))}); r != nil {
		return r, nil
	}
	if err := c.DeleteApp(ctx, target.ID); err != nil {
		return nil, err
	}
	return &Result{
		Text:       present.AppDeleted(target.label(), client.AppURL(target.Name)),
		Structured: deletedApp{AppID: target.ID, Name: target.Name, Deleted: true},
	}, nil
}))
