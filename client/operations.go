package client

import (
	"context"
	"net/url"
	"strconv"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// One method per operation of openapi.json, in its order. Method, path and scope come from the
// generated operation table; each method validates its input (path values against the table's
// rules, bodies with the rules package) before anything is sent.

// Health checks the API (GET /v1/health); it needs no token.
func (c *Client) Health(ctx context.Context) (*Health, error) {
	var out Health
	return &out, c.do(ctx, call{op: api.GetHealth, out: &out})
}

// ListRegions lists placement regions (GET /v1/regions); env is "", "prod" or "dev".
func (c *Client) ListRegions(ctx context.Context, env string) (*RegionList, error) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if env != "" {
		fe.Check("env", rules.Enum(env, rules.RegionEnvs))
		query.Set("env", env)
	}
	var out RegionList
	return &out, c.do(ctx, call{op: api.ListRegions, invalid: fe, query: query, out: &out})
}

// ListContainerImages lists runtime images (GET /v1/container-images); channel "" means stable.
func (c *Client) ListContainerImages(ctx context.Context, channel string) (*ContainerImageList, error) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if channel != "" {
		fe.Check("channel", rules.Enum(channel, rules.ImageChannels))
		query.Set("channel", channel)
	}
	var out ContainerImageList
	return &out, c.do(ctx, call{op: api.ListContainerImages, invalid: fe, query: query, out: &out})
}

// ListApps lists the organization's apps (GET /v1/apps, the deprecated alias of ListProjects:
// only the envelope key differs).
func (c *Client) ListApps(ctx context.Context) ([]ProjectSummary, error) {
	var out appList
	err := c.do(ctx, call{op: api.ListApps, out: &out})
	return out.Apps, err
}

// CreateApp creates an app (POST /v1/apps).
func (c *Client) CreateApp(ctx context.Context, req CreateAppRequest) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.CreateApp, invalid: ValidateCreateApp(req), body: req, out: &out,
		same: []echo{sameNameFolded("name", &out.Name, req.Name)}})
}

// GetApp returns an app with its configuration (GET /v1/apps/{appId}).
func (c *Client) GetApp(ctx context.Context, appID int64) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.GetApp, pathArgs: ids(appID), out: &out, same: []echo{sameID("id", &out.ID, appID)}})
}

// UpdateApp changes the fields set in req (PUT /v1/apps/{appId}, a partial update).
func (c *Client) UpdateApp(ctx context.Context, appID int64, req UpdateAppRequest) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.UpdateApp, pathArgs: ids(appID), invalid: ValidateUpdateApp(req), body: req, out: &out,
		same: []echo{sameID("id", &out.ID, appID)}})
}

// DeleteApp soft-deletes an app and stops its deployments (DELETE /v1/apps/{appId}). A retry
// that finds the app gone after an attempt whose answer was lost succeeds (Deleted).
func (c *Client) DeleteApp(ctx context.Context, appID int64) (Deleted, error) {
	var d Deleted
	err := c.do(ctx, call{op: api.DeleteApp, pathArgs: ids(appID), deleted: &d})
	return d, err
}

// ListDeployments lists an app's deployments, newest first (GET /v1/apps/{appId}/deployments).
func (c *Client) ListDeployments(ctx context.Context, appID int64, opts ListDeploymentsOptions) ([]Deployment, error) {
	fe, query := opts.query()
	if opts.Offset < 0 {
		fe.Check("offset", rules.MinZeroWords)
	} else if opts.Offset > 0 {
		query.Set("offset", strconv.Itoa(opts.Offset))
	}
	var out deploymentList
	err := c.do(ctx, call{op: api.ListDeployments, pathArgs: ids(appID), invalid: fe, query: query, out: &out})
	return out.Deployments, err
}

// query is the limit and status filter both deployment lists take, with their rule checks.
func (o ListDeploymentsOptions) query() (rules.FieldErrors, url.Values) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if o.Limit != 0 {
		fe.Check("limit", rules.Limit(o.Limit))
		query.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Status != "" {
		fe.Check("status", rules.Enum(o.Status, rules.DeploymentStatuses))
		query.Set("status", o.Status)
	}
	return fe, query
}

// CreateDeployment queues a rollout of the app's current configuration
// (POST /v1/apps/{appId}/deployments). It is never retried after a server error: the returned
// error then says the outcome is unknown.
func (c *Client) CreateDeployment(ctx context.Context, appID int64, req CreateDeploymentRequest) (*Deployment, error) {
	var out Deployment
	return &out, c.do(ctx, call{op: api.CreateDeployment, pathArgs: ids(appID), invalid: ValidateCreateDeployment(req), body: req, out: &out, starts: true})
}

// GetDeployment returns one deployment (GET /v1/apps/{appId}/deployments/{deploymentId}).
func (c *Client) GetDeployment(ctx context.Context, appID, deploymentID int64) (*Deployment, error) {
	var out Deployment
	return &out, c.do(ctx, call{op: api.GetDeployment, pathArgs: ids(appID, deploymentID), out: &out,
		same: []echo{sameID("id", &out.ID, deploymentID)}})
}

// ListSecrets lists an app's secrets, names and timestamps only (GET /v1/apps/{appId}/secrets).
func (c *Client) ListSecrets(ctx context.Context, appID int64) ([]Secret, error) {
	var out secretList
	err := c.do(ctx, call{op: api.ListSecrets, pathArgs: ids(appID), out: &out})
	return out.Secrets, err
}

// GetSecret returns a secret's metadata (GET /v1/apps/{appId}/secrets/{secretName}).
func (c *Client) GetSecret(ctx context.Context, appID int64, name string) (*Secret, error) {
	var out Secret
	return &out, c.do(ctx, call{op: api.GetSecret, pathArgs: []string{id(appID), name}, out: &out,
		asSent: map[*string]string{&out.Name: name}, same: []echo{sameName("name", &out.Name, name)}})
}

// UpsertSecret creates or replaces a secret (POST /v1/apps/{appId}/secrets). The value never
// appears in an error or a log line.
func (c *Client) UpsertSecret(ctx context.Context, appID int64, name, value string) (*Secret, error) {
	return c.upsertSecret(ctx, api.UpsertSecret, appID, name, value)
}

// SecretRequestBody is the body a set-secret request sends (upsertSecret), so a caller can hold
// it to the rules that body meets (rules.BodySize) before anything is sent.
func SecretRequestBody(name, value string) any {
	return struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{name, value}
}

// upsertSecret is both spellings' upsert: the name checked, the value redacted from errors and logs.
func (c *Client) upsertSecret(ctx context.Context, op *api.Operation, appID int64, name, value string) (*Secret, error) {
	fe := rules.FieldErrors{}
	fe.Check("name", rules.SecretName(name))
	var out Secret
	body := SecretRequestBody(name, value)
	learn(ctx, value) // redacted from what the rest of the call shows, too
	return &out, c.do(ctx, call{op: op, pathArgs: ids(appID), invalid: fe, body: body, out: &out, redacted: []string{value},
		asSent: map[*string]string{&out.Name: name}, same: []echo{sameName("name", &out.Name, name)}})
}

// DeleteSecret deletes a secret permanently (DELETE /v1/apps/{appId}/secrets/{secretName}). A
// retry that finds the secret gone after an attempt whose answer was lost succeeds (Deleted).
func (c *Client) DeleteSecret(ctx context.Context, appID int64, name string) (Deleted, error) {
	var d Deleted
	err := c.do(ctx, call{op: api.DeleteSecret, pathArgs: []string{id(appID), name}, deleted: &d})
	return d, err
}

// GetAPIKeys returns the app's two runtime keys in clear text (GET /v1/apps/{appId}/api-keys).
func (c *Client) GetAPIKeys(ctx context.Context, appID int64) (*APIKeys, error) {
	var out APIKeys
	return &out, c.do(ctx, call{op: api.GetAPIKeys, pathArgs: ids(appID), out: &out})
}

// RegenerateAPIKey replaces key keyNumber (KeyBoth, KeyPrimary or KeySecondary) and returns both
// current keys (POST /v1/apps/{appId}/api-keys). The replaced key stops working at once.
func (c *Client) RegenerateAPIKey(ctx context.Context, appID int64, keyNumber int) (*RegeneratedAPIKeys, error) {
	return c.regenerateAPIKey(ctx, api.RegenerateAPIKey, appID, keyNumber)
}

// regenerateAPIKey is both spellings' key regeneration.
func (c *Client) regenerateAPIKey(ctx context.Context, op *api.Operation, appID int64, keyNumber int) (*RegeneratedAPIKeys, error) {
	fe := rules.FieldErrors{}
	fe.Check("key_number", rules.KeyNumber(keyNumber))
	var out RegeneratedAPIKeys
	return &out, c.do(ctx, call{op: op, pathArgs: ids(appID), invalid: fe, body: regenerateRequest{KeyNumber: keyNumber}, out: &out,
		identify: regeneratedFields(keyNumber), same: []echo{sameKey("regenerated_key", &out.RegeneratedKey, keyNumber)}})
}

// ListMembers lists the organization's members (GET /v1/members).
func (c *Client) ListMembers(ctx context.Context) ([]Member, error) {
	var out memberList
	err := c.do(ctx, call{op: api.ListMembers, out: &out})
	return out.Members, err
}

// AddMember adds an existing Spice.ai user to the organization (POST /v1/members).
func (c *Client) AddMember(ctx context.Context, req AddMemberRequest) (*Member, error) {
	var out Member
	return &out, c.do(ctx, call{op: api.AddMember, invalid: ValidateAddMember(req), body: req, out: &out,
		same: []echo{sameNameFolded("username", &out.Username, req.Username)}})
}

// RemoveMember removes a member by user ID (DELETE /v1/members/{memberId}). A retry that finds
// the member gone after an attempt whose answer was lost succeeds (Deleted).
func (c *Client) RemoveMember(ctx context.Context, userID int64) (Deleted, error) {
	var d Deleted
	err := c.do(ctx, call{op: api.RemoveMember, pathArgs: ids(userID), deleted: &d})
	return d, err
}

// ids renders numeric path values.
func ids(values ...int64) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = id(v)
	}
	return out
}

func id(v int64) string { return strconv.FormatInt(v, 10) }
