package tools

import (
	"context"
	"slices"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// reactivationSlack is how much older than the server's clock just before the create a new
// app's created_at may be (clock skew between the API's servers) and still count as new.
const reactivationSlack = 5 * time.Second

// localClockSlack replaces reactivationSlack when the API's clock cannot be read and this
// server's own clock stands in for it (the two may drift apart by more than the API's servers).
const localClockSlack = 2 * time.Minute

// reactivation is what a create that brought a deleted app back restored.
type reactivation struct {
	restored []string // secret names
	listed   bool     // the token could list them
}

// notice is the first line of the result of a create that reactivated an app.
func (r *reactivation) notice(app string) string {
	if r == nil {
		return ""
	}
	return present.Reactivated(app, r.restored, r.listed)
}

// reactivationView is the reactivation in structured content, where some clients look instead
// of the text: the same notice, whose warning (the previous API keys are live again: rotate
// them if the app was deleted to revoke one) must not be missed.
type reactivationView struct {
	Warning string `json:"warning"`
}

// view is the reactivation of app (its label) for structured content; nil for none.
func (r *reactivation) view(app string) *reactivationView {
	if r == nil {
		return nil
	}
	return &reactivationView{Warning: r.notice(app)}
}

// createNoting creates an app and tells whether the API in fact reactivated a deleted one of
// the same name (which keeps its ID, created_at, secrets, API keys and deployments; api/README.md
// §7.3). The API does not say so; the rule: the app is reactivated when its created_at is more
// than reactivationSlack before the API's own time just before the create (GET /v1/health, no
// scope needed; when that fails, this server's clock with localClockSlack), or when it already
// has secrets or deployments (a new app has neither). The restored secret names are listed
// when the token may list them.
func createNoting(ctx context.Context, c *client.Client, now func() time.Time, req client.CreateProjectRequest) (*client.Project, *reactivation, error) {
	before := serverNow(ctx, c, now)
	app, err := c.CreateProject(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	return app, noted(ctx, c, app, before, true), nil
}

// clockReading is a time just before a create, and how much older created_at may be and still
// be new.
type clockReading struct {
	at    time.Time
	slack time.Duration
}

// serverNow reads the API's clock, or this server's (now) when the API's cannot be read within
// healthWait (Env.Waits): the reading only informs a remark or the reactivation rule, so a slow or stalled
// /v1/health must not hold the call (nor have its time limit blamed on the request after it).
func serverNow(ctx context.Context, c *client.Client, now func() time.Time) clockReading {
	hctx, cancel := context.WithTimeout(ctx, waitsOf(ctx).health())
	defer cancel()
	if h, err := c.Health(hctx); err == nil && !h.Timestamp.Time.IsZero() {
		return clockReading{h.Timestamp.Time, reactivationSlack}
	}
	return clockReading{now(), localClockSlack}
}

// noted applies the reactivation rule to app; history says whether existing secrets and
// deployments count (not for an app another call may have just set up).
func noted(ctx context.Context, c *client.Client, app *client.Project, before clockReading, history bool) *reactivation {
	secrets, listErr := c.ListProjectSecrets(ctx, app.ID)
	old := !app.CreatedAt.IsZero() && app.CreatedAt.Before(before.at.Add(-before.slack))
	if !old && history {
		// Only what existed before the app's creation counts: another call may set a secret or
		// deploy a brand-new app right after its create, before these reads.
		if listErr == nil && slices.ContainsFunc(secrets, func(s client.Secret) bool { return madeBefore(s.CreatedAt, app.CreatedAt) }) {
			old = true
		} else if deps, err := c.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{Limit: 1}); err == nil &&
			len(deps) > 0 && madeBefore(deps[0].CreatedAt, app.CreatedAt) {
			old = true
		}
	}
	if !old {
		return nil
	}
	r := &reactivation{listed: listErr == nil}
	for _, s := range secrets {
		r.restored = append(r.restored, s.Name)
	}
	return r
}

// madeBefore reports whether a secret or deployment made at made predates an app created at
// created (both the API's clock): one left from before a deletion, not one another call made
// just after the create. Either time unknown counts, as before the times were compared.
func madeBefore(made, created client.Timestamp) bool {
	return made.IsZero() || created.IsZero() || made.Time.Before(created.Time)
}
