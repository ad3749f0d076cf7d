package tools

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// orgIDAsApp is the text of a call that failed because no app has the ID its app argument
// gave, when that ID is an organization's (list_orgs' IDs, read once on this failure only):
// an organization's ID sent as an app's is an easy slip, since both are numbers, and the API
// answers only "Project not found". ok is false otherwise (and when the organizations cannot
// be read in time): the call's own text stands.
func (t Tool) orgIDAsApp(ctx context.Context, env *Env, raw json.RawMessage, err error) (string, bool) {
	var miss *NotFoundError
	if !errors.As(err, &miss) && !present.AppNotFoundByID(err) {
		return "", false
	}
	var args struct {
		App *AppRef `json:"app"`
	}
	if json.Unmarshal(raw, &args) != nil || args.App == nil {
		return "", false
	}
	id, ok := args.App.explicitID()
	if !ok {
		id, ok = args.App.decimal()
	}
	if !ok {
		return "", false
	}
	lookup, cancel := context.WithTimeout(ctx, env.Waits.remedyLookup())
	defer cancel()
	c, cerr := env.Client(lookup)
	if cerr != nil {
		return "", false
	}
	orgs, lerr := c.ListOrgs(lookup)
	if lerr != nil {
		return "", false
	}
	for _, o := range orgs {
		if o.ID != id || o.Name == "" {
			continue
		}
		listApps := unusableTools(lookup, env, "list_apps")
		if miss != nil {
			return present.AppMissWithOrgID(miss.Message, id, o.Name, listApps), true
		}
		return present.OrgIDAsApp(err, id, o.Name, listApps)
	}
	return "", false
}
