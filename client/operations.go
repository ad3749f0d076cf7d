package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// One method per operation of openapi.json, in its order. Each validates its input with the
// rules package before anything is sent.

// Health checks the API (GET /v1/health); it needs no token.
func (c *Client) Health(ctx context.Context) (*Health, error) {
	var out Health
	return &out, c.do(ctx, call{op: "getHealth", method: http.MethodGet, path: "/v1/health", out: &out, public: true})
}

// ListRegions lists placement regions (GET /v1/regions); env is "", "prod" or "dev".
func (c *Client) ListRegions(ctx context.Context, env string) (*RegionList, error) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if env != "" {
		fe.Check("env", rules.Enum(env, rules.RegionEnvs))
		query.Set("env", env)
	}
	if err := invalid("listRegions", fe); err != nil {
		return nil, err
	}
	var out RegionList
	return &out, c.do(ctx, call{op: "listRegions", method: http.MethodGet, path: "/v1/regions", query: query, out: &out})
}

// ListContainerImages lists runtime images (GET /v1/container-images); channel "" means stable.
func (c *Client) ListContainerImages(ctx context.Context, channel string) (*ContainerImageList, error) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if channel != "" {
		fe.Check("channel", rules.Enum(channel, rules.ImageChannels))
		query.Set("channel", channel)
	}
	if err := invalid("listContainerImages", fe); err != nil {
		return nil, err
	}
	var out ContainerImageList
	return &out, c.do(ctx, call{op: "listContainerImages", method: http.MethodGet, path: "/v1/container-images", query: query, out: &out})
}

// ListApps lists the organization's apps (GET /v1/apps).
func (c *Client) ListApps(ctx context.Context) ([]App, error) {
	var out appList
	err := c.do(ctx, call{op: "listApps", method: http.MethodGet, path: "/v1/apps", out: &out})
	return out.Apps, err
}

// CreateApp creates an app (POST /v1/apps).
func (c *Client) CreateApp(ctx context.Context, req CreateAppRequest) (*AppWithConfig, error) {
	if err := invalid("createApp", ValidateCreateApp(req)); err != nil {
		return nil, err
	}
	var out AppWithConfig
	return &out, c.do(ctx, call{op: "createApp", method: http.MethodPost, path: "/v1/apps", body: req, out: &out})
}

// GetApp returns an app with its configuration (GET /v1/apps/{appId}).
func (c *Client) GetApp(ctx context.Context, appID int64) (*AppWithConfig, error) {
	if err := invalid("getApp", checkID("appId", appID)); err != nil {
		return nil, err
	}
	var out AppWithConfig
	return &out, c.do(ctx, call{op: "getApp", method: http.MethodGet, path: appPath(appID), out: &out})
}

// UpdateApp changes the fields set in req (PUT /v1/apps/{appId}, a partial update).
func (c *Client) UpdateApp(ctx context.Context, appID int64, req UpdateAppRequest) (*AppWithConfig, error) {
	fe := checkID("appId", appID)
	for field, msgs := range ValidateUpdateApp(req) {
		fe[field] = append(fe[field], msgs...)
	}
	if err := invalid("updateApp", fe); err != nil {
		return nil, err
	}
	var out AppWithConfig
	return &out, c.do(ctx, call{op: "updateApp", method: http.MethodPut, path: appPath(appID), body: req, out: &out})
}

// DeleteApp soft-deletes an app and stops its deployments (DELETE /v1/apps/{appId}).
func (c *Client) DeleteApp(ctx context.Context, appID int64) error {
	if err := invalid("deleteApp", checkID("appId", appID)); err != nil {
		return err
	}
	return c.do(ctx, call{op: "deleteApp", method: http.MethodDelete, path: appPath(appID)})
}

// ListDeployments lists an app's deployments, newest first (GET /v1/apps/{appId}/deployments).
func (c *Client) ListDeployments(ctx context.Context, appID int64, opts ListDeploymentsOptions) ([]Deployment, error) {
	fe := checkID("appId", appID)
	query := url.Values{}
	if opts.Limit != 0 {
		fe.Check("limit", rules.Limit(opts.Limit))
		query.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Status != "" {
		fe.Check("status", rules.Enum(opts.Status, rules.DeploymentStatuses))
		query.Set("status", opts.Status)
	}
	if opts.Offset < 0 {
		fe.Check("offset", "Offset must be 0 or more")
	} else if opts.Offset > 0 {
		query.Set("offset", strconv.Itoa(opts.Offset))
	}
	if err := invalid("listDeployments", fe); err != nil {
		return nil, err
	}
	var out deploymentList
	err := c.do(ctx, call{op: "listDeployments", method: http.MethodGet, path: appPath(appID) + "/deployments", query: query, out: &out})
	return out.Deployments, err
}

// CreateDeployment queues a rollout of the app's current configuration
// (POST /v1/apps/{appId}/deployments). It is never retried after a server error: the returned
// error then says the outcome is unknown.
func (c *Client) CreateDeployment(ctx context.Context, appID int64, req CreateDeploymentRequest) (*Deployment, error) {
	fe := checkID("appId", appID)
	for field, msgs := range ValidateCreateDeployment(req) {
		fe[field] = append(fe[field], msgs...)
	}
	if err := invalid("createDeployment", fe); err != nil {
		return nil, err
	}
	var out Deployment
	return &out, c.do(ctx, call{op: "createDeployment", method: http.MethodPost, path: appPath(appID) + "/deployments", body: req, out: &out})
}

// GetDeployment returns one deployment (GET /v1/apps/{appId}/deployments/{deploymentId}).
func (c *Client) GetDeployment(ctx context.Context, appID, deploymentID int64) (*Deployment, error) {
	fe := checkID("appId", appID)
	fe.Check("deploymentId", positive(deploymentID))
	if err := invalid("getDeployment", fe); err != nil {
		return nil, err
	}
	var out Deployment
	path := appPath(appID) + "/deployments/" + strconv.FormatInt(deploymentID, 10)
	return &out, c.do(ctx, call{op: "getDeployment", method: http.MethodGet, path: path, out: &out})
}

// ListSecrets lists an app's secrets, names and timestamps only (GET /v1/apps/{appId}/secrets).
func (c *Client) ListSecrets(ctx context.Context, appID int64) ([]Secret, error) {
	if err := invalid("listSecrets", checkID("appId", appID)); err != nil {
		return nil, err
	}
	var out secretList
	err := c.do(ctx, call{op: "listSecrets", method: http.MethodGet, path: appPath(appID) + "/secrets", out: &out})
	return out.Secrets, err
}

// GetSecret returns a secret's metadata (GET /v1/apps/{appId}/secrets/{secretName}).
func (c *Client) GetSecret(ctx context.Context, appID int64, name string) (*Secret, error) {
	fe := checkID("appId", appID)
	if name == "" {
		fe.Check("secretName", "Required")
	}
	if err := invalid("getSecret", fe); err != nil {
		return nil, err
	}
	var out Secret
	return &out, c.do(ctx, call{op: "getSecret", method: http.MethodGet, path: secretPath(appID, name), out: &out})
}

// UpsertSecret creates or replaces a secret (POST /v1/apps/{appId}/secrets). The value never
// appears in an error or a log line.
func (c *Client) UpsertSecret(ctx context.Context, appID int64, name, value string) (*Secret, error) {
	fe := checkID("appId", appID)
	fe.Check("name", rules.SecretName(name))
	if err := invalid("upsertSecret", fe); err != nil {
		return nil, err
	}
	var out Secret
	body := struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{name, value}
	return &out, c.do(ctx, call{op: "upsertSecret", method: http.MethodPost, path: appPath(appID) + "/secrets",
		body: body, out: &out, redacted: []string{value}})
}

// DeleteSecret deletes a secret permanently (DELETE /v1/apps/{appId}/secrets/{secretName}).
func (c *Client) DeleteSecret(ctx context.Context, appID int64, name string) error {
	fe := checkID("appId", appID)
	if name == "" {
		fe.Check("secretName", "Required")
	}
	if err := invalid("deleteSecret", fe); err != nil {
		return err
	}
	return c.do(ctx, call{op: "deleteSecret", method: http.MethodDelete, path: secretPath(appID, name)})
}

// GetAPIKeys returns the app's two runtime keys in clear text (GET /v1/apps/{appId}/api-keys).
func (c *Client) GetAPIKeys(ctx context.Context, appID int64) (*APIKeys, error) {
	if err := invalid("getApiKeys", checkID("appId", appID)); err != nil {
		return nil, err
	}
	var out APIKeys
	return &out, c.do(ctx, call{op: "getApiKeys", method: http.MethodGet, path: appPath(appID) + "/api-keys", out: &out})
}

// RegenerateAPIKey replaces key keyNumber (KeyBoth, KeyPrimary or KeySecondary) and returns both
// current keys (POST /v1/apps/{appId}/api-keys). The replaced key stops working at once.
func (c *Client) RegenerateAPIKey(ctx context.Context, appID int64, keyNumber int) (*RegeneratedAPIKeys, error) {
	fe := checkID("appId", appID)
	fe.Check("key_number", rules.KeyNumber(keyNumber))
	if err := invalid("regenerateApiKey", fe); err != nil {
		return nil, err
	}
	var out RegeneratedAPIKeys
	return &out, c.do(ctx, call{op: "regenerateApiKey", method: http.MethodPost, path: appPath(appID) + "/api-keys",
		body: regenerateRequest{KeyNumber: keyNumber}, out: &out})
}

// ListMembers lists the organization's members (GET /v1/members).
func (c *Client) ListMembers(ctx context.Context) ([]Member, error) {
	var out memberList
	err := c.do(ctx, call{op: "listMembers", method: http.MethodGet, path: "/v1/members", out: &out})
	return out.Members, err
}

// AddMember adds an existing Spice.ai user to the organization (POST /v1/members).
func (c *Client) AddMember(ctx context.Context, req AddMemberRequest) (*Member, error) {
	if err := invalid("addMember", ValidateAddMember(req)); err != nil {
		return nil, err
	}
	var out Member
	return &out, c.do(ctx, call{op: "addMember", method: http.MethodPost, path: "/v1/members", body: req, out: &out})
}

// RemoveMember removes a member by user ID (DELETE /v1/members/{memberId}).
func (c *Client) RemoveMember(ctx context.Context, userID int64) error {
	fe := rules.FieldErrors{}
	fe.Check("memberId", positive(userID))
	if err := invalid("removeMember", fe); err != nil {
		return err
	}
	return c.do(ctx, call{op: "removeMember", method: http.MethodDelete, path: "/v1/members/" + strconv.FormatInt(userID, 10)})
}

func appPath(appID int64) string { return "/v1/apps/" + strconv.FormatInt(appID, 10) }

func secretPath(appID int64, name string) string {
	return appPath(appID) + "/secrets/" + url.PathEscape(name)
}

func checkID(field string, id int64) rules.FieldErrors {
	fe := rules.FieldErrors{}
	fe.Check(field, positive(id))
	return fe
}

func positive(id int64) string {
	if id < 1 {
		return fmt.Sprintf("Must be a positive integer, got %d", id)
	}
	return ""
}

func invalid(op string, fe rules.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Operation: op, Fields: fe}
}
