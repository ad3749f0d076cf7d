package tools

import (
	"context"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// reactivationSlack is how much older than the server's clock just before the create a new
// app's created_at may be (clock skew between the API's servers) and still count as new.
const reactivationSlack = 5 * time.Second

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

// createNoting creates an app and tells whether the API in fact reactivated a deleted one of
// the same name (which keeps its ID, created_at, secrets and API keys; api/README.md §7.3).
// The API does not say so; the rule: the app is reactivated when its created_at is more than
// reactivationSlack before the server's own time just before the create (GET /v1/health, no
// scope needed), or when it already has secrets (a new app has none). The restored secret
// names are listed when the token may list them.
func createNoting(ctx context.Context, c *client.Client, req client.CreateProjectRequest) (*client.Project, *reactivation, error) {
	var before time.Time
	if h, err := c.Health(ctx); err == nil {
		before = h.Timestamp.Time
	}
	app, err := c.CreateProject(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	secrets, listErr := c.ListProjectSecrets(ctx, app.ID)
	old := !before.IsZero() && !app.CreatedAt.IsZero() && app.CreatedAt.Before(before.Add(-reactivationSlack))
	if !old && (listErr != nil || len(secrets) == 0) {
		return app, nil, nil
	}
	r := &reactivation{listed: listErr == nil}
	for _, s := range secrets {
		r.restored = append(r.restored, s.Name)
	}
	return app, r, nil
}
