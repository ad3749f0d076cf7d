package tools

import (
	"context"
	"errors"
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
	URL         string              `json:"url"`
	App         *client.Project     `json:"app"`
	Deployments []deploymentItem    `json:"deployments,omitempty"` // masked and shortened as the text shows them
	deps        []client.Deployment // as the API sent them, for the text
	// DeploymentsNextOffset is set when older deployments exist: list_deployments' offset for them.
	DeploymentsNextOffset int      `json:"deployments_next_offset,omitempty"`
	SecretNames           []string `json:"secret_names,omitempty"`
	// SecretCount is set when there are more secrets than names shown (list_secrets pages).
	SecretCount int `json:"secret_count,omitempty"`
	// SpicepodLines is the part of a spicepod too long for one result (app.config.spicepod is
	// then left out; get_app shows the rest).
	SpicepodLines *present.SpicepodWindow `json:"spicepod_lines,omitempty"`
	APIKeys       *keyPresence            `json:"api_keys,omitempty"`
	// Unavailable names the sections that could not be read (the token may not), with the reason.
	Unavailable map[string]string `json:"unavailable,omitempty"`
	// Paused is set when the API answered the app's instances with project_paused.
	Paused bool `json:"paused,omitempty" jsonschema:"description=Absent when false"`
	// Shortened gives the full length in characters of each field of app shortened (the
	// description; present.ShortenApp), by name.
	Shortened map[string]int `json:"shortened,omitempty"`
}

var describeApp = register(define[appArgs, appOverview](Tool{
	Name: "describe_app", Title: "Describe app", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListProjects, api.GetProject},
	When:       listedUnlessByID,
	MayCall:    []*api.Operation{api.ListProjectDeployments, api.ListProjectSecrets, api.GetProjectAPIKeys, api.ListProjectInstances, api.ListOrgs},
	// The sections: read on every use, each reported unavailable when refused.
	Optional: []*api.Operation{api.ListProjectDeployments, api.ListProjectSecrets, api.GetProjectAPIKeys, api.ListProjectInstances},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Quick overview of one app (project), the full picture in one go: config, whether paused, recent deployments " +
		"with errors, secret names. Begin here to catch up on, explain, summarize or check an " +
		"app (what's going on, what broke?).",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	var (
		wg      sync.WaitGroup
		app     *client.Project
		appErr  error
		deps    []client.Deployment
		secrets []client.Secret
		keys    *client.APIKeys
		paused  bool
		mu      sync.Mutex
		missing = map[string]string{}
	)
	// The five reads are independent; a section the token may not read is reported, not fatal.
	partial := func(section string, err error) {
		if err != nil {
			mu.Lock()
			missing[section] = present.Error(err)
			mu.Unlock()
		}
	}
	wg.Go(func() { app, appErr = c.GetProject(ctx, target.ID) })
	wg.Go(func() {
		var err error
		// One more than shown, to know whether older ones exist.
		deps, err = c.ListProjectDeployments(ctx, target.ID, client.ListDeploymentsOptions{Limit: recentDeployments + 1})
		partial(present.SectionDeployments, err)
	})
	wg.Go(func() {
		var err error
		secrets, err = c.ListProjectSecrets(ctx, target.ID)
		partial(present.SectionSecrets, err)
	})
	wg.Go(func() {
		var err error
		keys, err = c.GetProjectAPIKeys(ctx, target.ID)
		partial(present.SectionAPIKeys, err)
	})
	wg.Go(func() {
		// Only to tell a paused app (the project shows no paused state; api/README §7.4, §11).
		// Any other failure leaves open whether it runs: reported, so it does not read as running.
		_, err := c.ListProjectInstances(ctx, target.ID)
		var apiErr *client.APIError
		paused = errors.As(err, &apiErr) && apiErr.Code == "project_paused"
		if !paused {
			partial(present.SectionInstances, err)
		}
	})
	wg.Wait()
	if appErr == nil {
		app, appErr = readAsListed(target, app)
	}
	if appErr != nil {
		return nil, appErr
	}
	// Whether a deployment has what it needs, for the next step of a paused or never deployed app.
	d := present.DeployableYes
	if _, ok := missing[present.SectionDeployments]; paused || (!ok && len(deps) == 0) {
		d = deployable(ctx, c, target.ID, app)
	}

	out := appOverview{URL: app.URL(), App: present.MaskApp(app), Paused: paused}
	if _, ok := missing[present.SectionDeployments]; !ok {
		out.deps = deps
		if len(deps) > recentDeployments {
			out.deps, out.DeploymentsNextOffset = deps[:recentDeployments], recentDeployments
		}
	}
	secretsNote := "" // the secrets answer's paging fields, as list_secrets notes them
	if _, ok := missing[present.SectionSecrets]; !ok {
		for _, s := range secrets {
			out.SecretNames = append(out.SecretNames, s.Name)
		}
		secretsNote = pagingNote(ctx, api.ListProjectSecrets, "secret", "secrets")
	}
	var primary, secondary bool
	if _, ok := missing[present.SectionAPIKeys]; !ok {
		primary, secondary = keys.APIKey != "", keys.APIKey2 != ""
		out.APIKeys = &keyPresence{Primary: primary, Secondary: secondary}
	}
	if len(missing) > 0 {
		out.Unavailable = missing
	}
	more := 0
	if len(out.SecretNames) > maxSecretNames {
		out.SecretCount, more = len(out.SecretNames), len(out.SecretNames)-maxSecretNames
		out.SecretNames = out.SecretNames[:maxSecretNames]
	}
	again := appAgain(string(a.App), a.orgArg)
	if paused || app.Config.Spicepod == nil || len(out.deps) == 0 && out.DeploymentsNextOffset == 0 {
		// The next step names resume_app, update_app or create_deployment: only to a role that can use them.
		ctx = withListedRole(ctx, env, c)
	}
	hidden := unusableTools(ctx, env, append([]string{"create_deployment", "get_app", "get_deployment", "list_deployments", "list_secrets", "get_api_keys", "list_instances", "wait_for_deployment"}, resumeTools...)...)
	render := func(o appOverview) *Result {
		text := present.AppOverview(o.App, o.SpicepodLines, o.deps, o.DeploymentsNextOffset, o.SecretNames, more, again, primary, secondary, missing, paused, d, hidden) + secretsNote
		if o.deps != nil {
			o.Deployments = make([]deploymentItem, len(o.deps))
			for i, d := range o.deps {
				o.Deployments[i] = newDeploymentResult(&d).deploymentItem
			}
		}
		o.App, o.Shortened = present.ShortenApp(o.App) // as the text shows it
		shown := *o.App
		shown.ProjectSummary = urlEndpoint(shown.ProjectSummary)
		o.App = &shown
		return &Result{Text: text, Structured: o}
	}
	res := render(out)
	if len(res.Text) <= present.ResultBytes/3 {
		return res, nil // the usual case: far within the budget
	}
	res = fitPage(1, func(int) *Result { return res })
	if n := namesWithin(out.SecretNames, present.ResultBytes/5); overviewOver(res, out) > 0 && n < len(out.SecretNames) {
		// Long or dense secret names: those that fit a fifth of the budget (list_secrets pages).
		total := len(out.SecretNames) + more
		out.SecretNames, out.SecretCount, more = out.SecretNames[:n], total, total-n
		res = fitPage(1, func(int) *Result { return render(out) })
	}
	if pod := out.App.Config.Spicepod; pod != nil && overviewOver(res, out) > 0 {
		// A spicepod too long to show with the rest: its first lines, as many as fit.
		bare := *out.App
		bare.Config.Spicepod = nil
		shown := out
		res = fillWindow(present.ResultBytes/3, func(budget int) *Result {
			shown = out
			shown.App, shown.SpicepodLines = &bare, present.SpicepodPage(pod, 0, budget)
			shown.SpicepodLines.Again = again
			return render(shown)
		}, func(res *Result) (int, *present.SpicepodWindow) { return overviewOver(res, shown), shown.SpicepodLines })
	}
	return res, nil
}))

// overviewOver is how far the larger form of describe_app's result (measured: fitPage) is over
// the budget, with the user's texts weighed as a token a byte (denseWeight): the app's
// (viewDense), the secret names, the deployments' texts and the spicepod's lines.
func overviewOver(res *Result, o appOverview) int {
	dense := viewDense(o.App)
	for _, name := range o.SecretNames {
		dense += len(name)
	}
	for _, d := range o.deps {
		dense += deploymentDense(d)
	}
	switch {
	case o.SpicepodLines != nil:
		dense += len(o.SpicepodLines.YAML)
	case o.App.Config.Spicepod != nil:
		dense += len(present.SpicepodPage(o.App.Config.Spicepod, 0, present.ResultBytes*16).YAML)
	}
	extra := denseWeight(dense) - dense
	return max(len(res.Text)+extra-textBudget, len(res.structuredJSON)+extra-present.ResultBytes)
}

// namesWithin is how many of the names (at least one) fit in room bytes, each quoted and
// separated as listed, weighed as a token a byte (denseWeight).
func namesWithin(names []string, room int) int {
	n, size := 0, 0
	for n < len(names) && (n == 0 || denseWeight(size+len(names[n])+4) <= room) {
		size += len(names[n]) + 4
		n++
	}
	return n
}

// maxSecretNames is how many secret names describe_app lists; list_secrets pages through all.
const maxSecretNames = 50

// recentDeployments is how many deployments describe_app shows; list_deployments shows older ones.
const recentDeployments = 3
