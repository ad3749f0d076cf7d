package tools

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

type keyPresence struct {
	Primary   bool `json:"primary"`
	Secondary bool `json:"secondary"`
}

type appOverview struct {
	App         *client.AppWithConfig `json:"app"`
	Deployments []client.Deployment   `json:"deployments,omitempty"`
	SecretNames []string              `json:"secret_names,omitempty"`
	APIKeys     *keyPresence          `json:"api_keys,omitempty"`
	// Unavailable names the sections the token could not read, with the reason.
	Unavailable map[string]string `json:"unavailable,omitempty"`
}

var describeApp = define[appArgs, appOverview](Tool{
	Name: "describe_app", Title: "Describe app", Toolset: ToolsetWorkflows,
	Operations:  []*api.Operation{api.ListApps, api.GetApp},
	MayCall:     []*api.Operation{api.ListDeployments, api.ListSecrets, api.GetAPIKeys},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "One view of an app: configuration, URL, last 3 deployments, secret names and whether API keys exist (values never shown).",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	var (
		wg      sync.WaitGroup
		app     *client.AppWithConfig
		appErr  error
		deps    []client.Deployment
		secrets []client.Secret
		keys    *client.APIKeys
		mu      sync.Mutex
		missing = map[string]string{}
	)
	// The four reads are independent; a section the token may not read is reported, not fatal.
	partial := func(section string, err error) {
		if err != nil {
			mu.Lock()
			missing[section] = present.Error(err)
			mu.Unlock()
		}
	}
	wg.Go(func() { app, appErr = c.GetApp(ctx, target.ID) })
	wg.Go(func() {
		var err error
		deps, err = c.ListDeployments(ctx, target.ID, client.ListDeploymentsOptions{Limit: 3})
		partial("deployments", err)
	})
	wg.Go(func() {
		var err error
		secrets, err = c.ListSecrets(ctx, target.ID)
		partial("secrets", err)
	})
	wg.Go(func() {
		var err error
		keys, err = c.GetAPIKeys(ctx, target.ID)
		partial("api_keys", err)
	})
	wg.Wait()
	if appErr != nil {
		return nil, appErr
	}

	out := appOverview{App: present.MaskApp(app)}
	label := present.AppLabel(app.ID, app.Name)
	var b strings.Builder
	b.WriteString(present.App(out.App))
	b.WriteString("\n\n**Recent deployments**\n\n")
	if reason, ok := missing["deployments"]; ok {
		b.WriteString("Not available: " + reason)
	} else {
		out.Deployments = deps
		b.WriteString(present.Deployments(label, deps))
	}
	b.WriteString("\n\n**Secrets**: ")
	if reason, ok := missing["secrets"]; ok {
		b.WriteString("not available: " + reason)
	} else {
		for _, s := range secrets {
			out.SecretNames = append(out.SecretNames, s.Name)
		}
		if len(secrets) == 0 {
			b.WriteString("none")
		} else {
			b.WriteString("`" + strings.Join(out.SecretNames, "`, `") + "` (values are never shown)")
		}
	}
	b.WriteString("\n\n**API keys**: ")
	if reason, ok := missing["api_keys"]; ok {
		b.WriteString("not available: " + reason)
	} else {
		out.APIKeys = &keyPresence{Primary: keys.APIKey != "", Secondary: keys.APIKey2 != ""}
		fmt.Fprintf(&b, "primary %s, secondary %s (get_api_keys shows them)", presence(out.APIKeys.Primary), presence(out.APIKeys.Secondary))
	}
	if len(missing) > 0 {
		out.Unavailable = missing
	}
	return &Result{Text: b.String(), Structured: out}, nil
})

func presence(ok bool) string {
	if ok {
		return "set"
	}
	return "missing"
}
