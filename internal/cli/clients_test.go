package cli_test

// Replays of Spice's own clients against `spice-cloud-mcp sandbox-api`, started in-process
// with documented flags only. GitHub and the clients' registries are out of reach here, so
// none of these clients is run; each test performs, with net/http, the request sequence its
// source performs — same methods, paths, headers, encodings and body field names — and
// asserts what that source relies on in the answers (status codes it accepts, envelope keys,
// field names and types it decodes). The source each test replays is named in its comment:
// repository, path and commit as stored in the public-source index (with the index's id of
// the version read).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// replayCall sends one request with exactly the given headers (and nothing net/http would not
// add anyway) and returns status, headers and body.
func replayCall(t *testing.T, method, u string, header map[string]string, body []byte) httpCall {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	var req *http.Request
	var err error
	if rd != nil {
		req, err = http.NewRequest(method, u, rd)
	} else {
		req, err = http.NewRequest(method, u, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

// decodeAs decodes a body into v the way encoding/json (Go clients) or serde (Rust) would:
// a type mismatch on a field the client declares fails the replay.
func decodeAs(t *testing.T, what string, res httpCall, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(res.body), v); err != nil {
		t.Fatalf("%s: the client could not decode the answer (%v): %s", what, err, res.body)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// ---- Terraform provider ----

// The request and response shapes of the Terraform provider's client, with its JSON tags
// (internal/client/client.go at f5797233).
type (
	tfTokenResponse struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	tfApp struct {
		ID               int64             `json:"id"`
		Name             string            `json:"name"`
		Description      string            `json:"description,omitempty"`
		Visibility       string            `json:"visibility,omitempty"`
		CreatedAt        string            `json:"created_at,omitempty"`
		Cname            string            `json:"cname,omitempty"`
		ClusterID        string            `json:"cluster_id,omitempty"`
		ProductionBranch string            `json:"production_branch,omitempty"`
		APIKey           string            `json:"api_key,omitempty"`
		Tags             map[string]string `json:"tags,omitempty"`
		Config           *struct {
			Spicepod           any     `json:"spicepod,omitempty"`
			Registry           string  `json:"registry,omitempty"`
			Image              string  `json:"image,omitempty"`
			ImageTag           string  `json:"image_tag,omitempty"`
			UpdateChannel      string  `json:"update_channel,omitempty"`
			Replicas           int     `json:"replicas,omitempty"`
			Region             string  `json:"region,omitempty"`
			NodeGroup          string  `json:"node_group,omitempty"`
			StorageClaimSizeGB float64 `json:"storage_claim_size_gb,omitempty"`
		} `json:"config,omitempty"`
	}
	tfCreateAppRequest struct {
		Name        string            `json:"name"`
		Cname       string            `json:"cname"`
		Description string            `json:"description,omitempty"`
		Visibility  string            `json:"visibility,omitempty"`
		Tags        map[string]string `json:"tags,omitempty"`
		Replicas    *int              `json:"replicas,omitempty"`
	}
	tfUpdateAppRequest struct {
		Description string            `json:"description,omitempty"`
		Visibility  string            `json:"visibility,omitempty"`
		Tags        map[string]string `json:"tags,omitempty"`
		Spicepod    any               `json:"spicepod,omitempty"`
		Replicas    *int              `json:"replicas,omitempty"`
	}
	tfRegionsResponse struct {
		Regions []struct {
			Name      string `json:"name"`
			Region    string `json:"region"`
			IsDefault bool   `json:"isDefault"`
			Disabled  bool   `json:"disabled"`
			CName     string `json:"cname"`
		} `json:"regions"`
		Default string `json:"default"`
	}
	tfSecret struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Value     string `json:"value,omitempty"`
		CreatedAt string `json:"created_at,omitempty"`
		UpdatedAt string `json:"updated_at,omitempty"`
	}
	tfMember struct {
		UserID    int64    `json:"user_id"`
		Username  string   `json:"username"`
		Roles     []string `json:"roles"`
		IsOwner   bool     `json:"is_owner,omitempty"`
		CreatedAt string   `json:"created_at,omitempty"`
	}
)

// tfClient is the provider's SpiceAIClient: a client_secret_post token exchange, the token
// cached until 60 s before expires_in, and JSON requests with Authorization, Content-Type
// and Accept set on every call.
type tfClient struct {
	t                     *testing.T
	apiEndpoint, oauthURL string
	clientID, secret      string
	token                 string
	expiry                time.Time
	exchanges             int
}

func (c *tfClient) accessToken() string {
	c.t.Helper()
	if c.token != "" && time.Now().Before(c.expiry) {
		return c.token
	}
	data := url.Values{}
	data.Set("grant_type", "client_credentials")
	data.Set("client_id", c.clientID)
	data.Set("client_secret", c.secret)
	res := replayCall(c.t, "POST", c.oauthURL, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, []byte(data.Encode()))
	if res.status != http.StatusOK {
		c.t.Fatalf("token request failed with status %d: %s", res.status, res.body)
	}
	var tok tfTokenResponse
	decodeAs(c.t, "token", res, &tok)
	c.exchanges++
	c.token = tok.AccessToken
	c.expiry = time.Now().Add(time.Duration(tok.ExpiresIn-60) * time.Second)
	return c.token
}

func (c *tfClient) do(method, path string, body any) httpCall {
	c.t.Helper()
	var b []byte
	if body != nil {
		b = mustJSON(body)
	}
	return replayCall(c.t, method, strings.TrimSuffix(c.apiEndpoint, "/")+path, map[string]string{
		"Authorization": "Bearer " + c.accessToken(),
		"Content-Type":  "application/json",
		"Accept":        "application/json",
	}, b)
}

// TestReplayTerraformProvider replays spiceai/terraform-provider-spiceai:
//   - internal/client/client.go at f57972334236fa1e7d4c35b81d0da987ef24dc9f (index id 67152056400):
//     token exchange (form body grant_type, client_id, client_secret: client_secret_post),
//     every API call and the status codes each accepts;
//   - internal/provider/provider.go at b79b9451fbcde113a7658ce903f290f3f44a6053 (id 67240104561):
//     client_id, client_secret, api_endpoint, oauth_endpoint;
//   - internal/provider/resource_member.go at b79b9451 (id 67315043866): create (POST
//     /v1/members) → read (GET /v1/members/{user_id}) → update (PATCH) → read → delete;
//   - internal/provider/resource_app.go at 0c4b8a523bb07f5efb2efdb84b4f19ddeb0128e3 (id
//     67137977379): create with the required `cname` from the spiceai_regions data source, then
//     PUT the configuration; read maps `cname` back into the required attribute (a different
//     value is "inconsistent result after apply", then a forced replacement);
//   - internal/provider/resource_secret.go at 1e8a3b99289e4ac71f32f0e70317034e2947c9ec (id
//     67215582230): upsert, read by name (404 = gone), delete.
//
// The sandbox runs with the README recipe's flags.
func TestReplayTerraformProvider(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--oauth-client", "client_id=tf,client_secret=tf-secret,org=sandbox")
	defer s.stop()
	c := &tfClient{t: t, apiEndpoint: s.url, oauthURL: s.url + "/api/oauth/token", clientID: "tf", secret: "tf-secret"}

	// data "spiceai_regions": the cname an app is created with.
	res := c.do("GET", "/v1/regions", nil)
	var regions tfRegionsResponse
	if res.status != http.StatusOK {
		t.Fatalf("list regions: %d %s", res.status, res.body)
	}
	decodeAs(t, "regions", res, &regions)
	cname := ""
	for _, r := range regions.Regions {
		if r.Region == "us-west-2" {
			cname = r.CName
		}
	}
	if cname != "us-west-2-prod-aws-data" {
		t.Fatalf("regions carry no cname for us-west-2: %s", res.body)
	}

	// resource "spiceai_app": Create = POST /v1/apps (201 only), then PUT the configuration.
	res = c.do("POST", "/v1/apps", tfCreateAppRequest{Name: "tf-app", Cname: cname, Description: "from terraform", Visibility: "private"})
	if res.status != http.StatusCreated {
		t.Fatalf("failed to create app: status %d: %s", res.status, res.body)
	}
	var app tfApp
	decodeAs(t, "create app", res, &app)
	if app.ID == 0 || app.Cname != cname {
		t.Fatalf("create app: id %d, cname %q (the provider stores cname back into the required attribute %q)", app.ID, app.Cname, cname)
	}
	one := 1
	spicepod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "tf-app"}
	res = c.do("PUT", fmt.Sprintf("/v1/apps/%d", app.ID), tfUpdateAppRequest{Visibility: "private", Spicepod: spicepod, Replicas: &one})
	if res.status != http.StatusOK {
		t.Fatalf("failed to update app: status %d: %s", res.status, res.body)
	}
	decodeAs(t, "update app", res, &app)
	// Read (every later plan): GET /v1/apps/{id}; cname and config.region unchanged.
	for plan := 1; plan <= 2; plan++ {
		res = c.do("GET", fmt.Sprintf("/v1/apps/%d", app.ID), nil)
		var got tfApp
		if res.status != http.StatusOK {
			t.Fatalf("plan %d: failed to get app: status %d: %s", plan, res.status, res.body)
		}
		decodeAs(t, "get app", res, &got)
		if got.Cname != cname || got.Config == nil || got.Config.Region != "us-west-2" || got.Config.Replicas != 1 || got.Config.Spicepod == nil {
			t.Fatalf("plan %d would show a diff: %s", plan, res.body)
		}
	}

	// resource "spiceai_secret": POST /v1/apps/{id}/secrets (200 or 201) → GET by name → DELETE.
	secretPath := fmt.Sprintf("/v1/apps/%d/secrets", app.ID)
	res = c.do("POST", secretPath, map[string]string{"name": "PG_PASSWORD", "value": "hunter2"})
	if res.status != http.StatusOK && res.status != http.StatusCreated {
		t.Fatalf("failed to create/update secret: status %d: %s", res.status, res.body)
	}
	var secret tfSecret
	decodeAs(t, "upsert secret", res, &secret)
	if secret.ID == 0 || secret.CreatedAt == "" || secret.UpdatedAt == "" {
		t.Fatalf("secret lacks id/created_at/updated_at: %s", res.body)
	}
	res = c.do("GET", secretPath+"/"+url.PathEscape("PG_PASSWORD"), nil)
	var read tfSecret
	if res.status != http.StatusOK {
		t.Fatalf("failed to get secret: status %d: %s", res.status, res.body)
	}
	decodeAs(t, "get secret", res, &read)
	if read.ID != secret.ID || strings.Contains(res.body, "hunter2") {
		t.Errorf("secret read: id %d (created %d), body %s", read.ID, secret.ID, res.body)
	}
	if res = c.do("DELETE", secretPath+"/PG_PASSWORD", nil); res.status != http.StatusNoContent && res.status != http.StatusOK {
		t.Fatalf("failed to delete secret: status %d: %s", res.status, res.body)
	}
	if res = c.do("GET", secretPath+"/PG_PASSWORD", nil); res.status != http.StatusNotFound {
		t.Errorf("a deleted secret reads %d, not the 404 the provider takes for gone", res.status)
	}

	// resource "spiceai_member", the sequence that failed from the second plan on.
	res = c.do("POST", "/v1/members", map[string]any{"username": "jdoe", "roles": []string{"member"}})
	if res.status != http.StatusCreated && res.status != http.StatusOK {
		t.Fatalf("failed to add member: status %d: %s", res.status, res.body)
	}
	var m tfMember
	decodeAs(t, "add member", res, &m)
	if m.UserID == 0 || m.Username != "jdoe" || !slices.Equal(m.Roles, []string{"member"}) {
		t.Fatalf("add member: %s", res.body)
	}
	memberPath := fmt.Sprintf("/v1/members/%d", m.UserID)
	readMember := func(plan string, roles []string) {
		t.Helper()
		res := c.do("GET", memberPath, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: failed to get member: status %d: %s", plan, res.status, res.body)
		}
		var got tfMember
		decodeAs(t, "get member", res, &got)
		if got.UserID != m.UserID || got.Username != "jdoe" || !slices.Equal(got.Roles, roles) || got.IsOwner {
			t.Fatalf("%s: read member %s, want roles %v", plan, res.body, roles)
		}
	}
	readMember("second plan", []string{"member"})
	res = c.do("PATCH", memberPath, map[string]any{"roles": []string{"admin", "member"}})
	if res.status != http.StatusOK {
		t.Fatalf("failed to update member: status %d: %s", res.status, res.body)
	}
	decodeAs(t, "update member", res, &m)
	if !slices.Equal(m.Roles, []string{"admin", "member"}) {
		t.Fatalf("update member: %s", res.body)
	}
	readMember("third plan", []string{"admin", "member"})
	if res = c.do("DELETE", memberPath, nil); res.status != http.StatusNoContent && res.status != http.StatusOK {
		t.Fatalf("failed to delete member: status %d: %s", res.status, res.body)
	}
	if res = c.do("GET", memberPath, nil); res.status != http.StatusNotFound {
		t.Errorf("a removed member reads %d, not the 404 the provider takes for gone", res.status)
	}

	// terraform destroy of the app: DELETE (204 or 200); a later read is 404 (removed from state).
	if res = c.do("DELETE", fmt.Sprintf("/v1/apps/%d", app.ID), nil); res.status != http.StatusNoContent && res.status != http.StatusOK {
		t.Fatalf("failed to delete app: status %d: %s", res.status, res.body)
	}
	if res = c.do("GET", fmt.Sprintf("/v1/apps/%d", app.ID), nil); res.status != http.StatusNotFound {
		t.Errorf("a deleted app reads %d", res.status)
	}
	if c.exchanges != 1 {
		t.Errorf("the token was exchanged %d times; expires_in should let the provider cache it", c.exchanges)
	}
}

// ---- Spice's CLI ----

// goCLI is the Go CLI's CloudClient (spiceai/spiceai bin/spice/pkg/api/cloud.go at
// 794642bfa48370baeac53f722a0cce4dadad1da6, index id 54932856158): base URL from
// SPICE_CLOUD_API_URL, bearer token from SPICE_SPICEAI_TOKEN, JSON requests; handleResponse
// decodes 200, 201 and 202, accepts 204.
type goCLI struct {
	t              *testing.T
	baseURL, token string
}

type goCLIApp struct {
	ID          int64  `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	Org         string `json:"org,omitempty"`
	Description string `json:"description,omitempty"`
	Visibility  string `json:"visibility,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	Region      string `json:"region,omitempty"`
	APIKey      string `json:"api_key,omitempty"`
	Config      *struct {
		Spicepod map[string]any `json:"spicepod,omitempty"`
		ImageTag string         `json:"image_tag,omitempty"`
		Replicas int            `json:"replicas,omitempty"`
	} `json:"config,omitempty"`
}

func (c *goCLI) do(method, path string, body any, target any) error {
	c.t.Helper()
	var b []byte
	if body != nil {
		b = mustJSON(body)
	}
	res := replayCall(c.t, method, c.baseURL+path, map[string]string{
		"Authorization": "Bearer " + c.token,
		"Content-Type":  "application/json",
		"Accept":        "application/json",
	}, b)
	switch res.status {
	case http.StatusOK, http.StatusCreated, http.StatusAccepted:
		if target != nil {
			if err := json.Unmarshal([]byte(res.body), target); err != nil {
				return fmt.Errorf("failed to decode response: %w", err)
			}
		}
		return nil
	case http.StatusNoContent:
		return nil
	}
	return fmt.Errorf("status %d: %s", res.status, res.body)
}

// getApp is CloudClient.GetApp: list /v1/apps, match name and (when given) org, fetch by id.
func (c *goCLI) getApp(orgApp string) (*goCLIApp, error) {
	var list struct {
		Apps []goCLIApp `json:"apps,omitempty"`
	}
	if err := c.do("GET", "/v1/apps", nil, &list); err != nil {
		return nil, err
	}
	org, name := "", orgApp
	if o, n, ok := strings.Cut(orgApp, "/"); ok {
		org, name = o, n
	}
	for _, a := range list.Apps {
		if a.Name == name && (org == "" || a.Org == org) {
			var full goCLIApp
			return &full, c.do("GET", fmt.Sprintf("/v1/apps/%d", a.ID), nil, &full)
		}
	}
	return nil, fmt.Errorf("not found: app '%s' does not exist", orgApp)
}

// TestReplayGoCLI replays the Go CLI's cloud client (source above) with the README recipe's
// flags: an app created with no placement (CreateAppRequest is name, description, visibility
// only), found by its bare name, and its deployments and keys read through GetApp. Its
// `org/app` form matches the rows' `org` field, which the service does not send (api/README.md
// §3, observed in PR-13357; openapi.json: "do not rely on it") and the emulator does not either:
// that form finds nothing here, as against the service; Spice's current (Rust) CLI resolves
// `org/app` with X-Org-Name instead (TestReplayRustCLI).
func TestReplayGoCLI(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--token", "value=cli-token,org=sandbox,user=bob")
	defer s.stop()
	c := &goCLI{t: t, baseURL: s.url, token: "cli-token"}

	var created goCLIApp
	if err := c.do("POST", "/v1/apps", map[string]string{"name": "cli-app", "description": "from the CLI", "visibility": "private"}, &created); err != nil {
		t.Fatalf("create without placement: %v", err)
	}
	if created.ID == 0 || created.Name != "cli-app" || created.Region != "" {
		t.Fatalf("created %+v", created)
	}
	app, err := c.getApp("cli-app")
	if err != nil || app.ID != created.ID || app.Config == nil {
		t.Fatalf("find cli-app: %+v, %v", app, err)
	}
	var deployments struct {
		Deployments []json.RawMessage `json:"deployments,omitempty"`
	}
	if err := c.do("GET", fmt.Sprintf("/v1/apps/%d/deployments?%s", app.ID, url.Values{"limit": {"10"}}.Encode()), nil, &deployments); err != nil {
		t.Errorf("list deployments: %v", err)
	}
	var keys struct {
		APIKey  *string `json:"api_key,omitempty"`
		APIKey2 *string `json:"api_key_2,omitempty"`
	}
	if err := c.do("GET", fmt.Sprintf("/v1/apps/%d/api-keys", app.ID), nil, &keys); err != nil || keys.APIKey == nil || keys.APIKey2 == nil {
		t.Errorf("api keys: %+v, %v", keys, err)
	}
	if _, err := c.getApp("sandbox/cli-app"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("org/app found though no row carries org: %v", err)
	}
	if err := c.do("DELETE", fmt.Sprintf("/v1/apps/%d", app.ID), nil, nil); err != nil {
		t.Errorf("delete: %v", err)
	}
}

// rsProject is spice_cloud_client::types::Project (spiceai/spiceai
// crates/spice-cloud-client/src/types.rs, index id 60305962112): id and name required, org
// defaulted, the rest optional; config.resources, when present, must carry limits.
type rsProject struct {
	ID               *int64  `json:"id"`
	Name             *string `json:"name"`
	Org              string  `json:"org"`
	Description      *string `json:"description"`
	Visibility       *string `json:"visibility"`
	CreatedAt        *string `json:"created_at"`
	Region           *string `json:"region"`
	ProductionBranch *string `json:"production_branch"`
	Config           *struct {
		Spicepod      any      `json:"spicepod"`
		Registry      *string  `json:"registry"`
		Image         *string  `json:"image"`
		ImageTag      *string  `json:"image_tag"`
		UpdateChannel *string  `json:"update_channel"`
		Replicas      *int32   `json:"replicas"`
		Region        *string  `json:"region"`
		NodeGroup     *string  `json:"node_group"`
		StorageSizeGB *float64 `json:"storage_size_gb"`
		Resources     *struct {
			Limits *struct{} `json:"limits"`
		} `json:"resources"`
		Executor *struct {
			Replicas *int32 `json:"replicas"`
		} `json:"executor"`
	} `json:"config"`
}

func (p rsProject) check(t *testing.T, body string) {
	t.Helper()
	if p.ID == nil || p.Name == nil {
		t.Fatalf("serde would refuse a project without id and name: %s", body)
	}
	if p.Config != nil && p.Config.Resources != nil && p.Config.Resources.Limits == nil {
		t.Fatalf("serde would refuse config.resources without limits: %s", body)
	}
}

// TestReplayRustCLI replays Spice's current CLI, `spice cloud`:
//   - spiceai/spiceai bin/spice/src/commands/cloud/client.rs at
//     09472e7eb30ca6bbf6bde8fe34a13c79647bf764 (index id 60360785161): create_project with
//     CreateProjectPlacement::Standalone (no region source at all) and Managed (the normalized
//     region name sent as `cname`); get_project resolving `org/app` from the listing of the org
//     the client acts on (rows without `org` are attributed to it);
//   - crates/spice-cloud-client/src/client.rs at 0c387d8af447a9b67ea1e1cf41abe97c72cc4021
//     (id 60281823439): /v1/apps routes, Authorization: Bearer plus X-Org-Name on every call,
//     the client-credentials exchange as a JSON body at <base>/api/oauth/token (the base URL
//     is kept when its host has no `api` label, as 127.0.0.1 has not), 200–202 decoded;
//   - crates/spice-cloud-client/src/types.rs (id 60305962112): request field names, skipped
//     empty options, the fields serde requires;
//   - bin/spice/src/commands/cloud/org.rs at 7f15f2e176072bd12e00d6bcd39402fb646255cb (id
//     60268668383): a token stored for the org (SPICE_SPICEAI_TOKEN_<ORG>) is used with that
//     org and no identity probe; with no org named, the identity probe's 401 or 404 means
//     "no user identity" (is_absent_user_identity_error in client.rs).
//
// Not replayable: that client is built with reqwest's https_only(true), so the CLI itself
// refuses the sandbox's http:// URL (README, Recipes).
func TestReplayRustCLI(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--oauth-client", "client_id=spice-cli,client_secret=cli-secret,org=acme-labs")
	defer s.stop()

	// spice cloud login api --org acme-labs: the exchange, token_type compared case-insensitively.
	res := replayCall(t, "POST", s.url+"/api/oauth/token", map[string]string{"Content-Type": "application/json"},
		mustJSON(map[string]string{"client_id": "spice-cli", "client_secret": "cli-secret", "grant_type": "client_credentials"}))
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	if res.status < 200 || res.status > 202 {
		t.Fatalf("exchange: %d %s", res.status, res.body)
	}
	decodeAs(t, "exchange", res, &tok)
	if tok.AccessToken == "" || !strings.EqualFold(tok.TokenType, "bearer") {
		t.Fatalf("exchange: %s", res.body)
	}
	authed := map[string]string{"Authorization": "Bearer " + tok.AccessToken, "X-Org-Name": "acme-labs", "Content-Type": "application/json"}

	// spice cloud apps create --org acme-labs: Standalone, then Managed in us-east-1.
	for _, tc := range []struct {
		body       map[string]any
		wantRegion string
	}{
		{map[string]any{"name": "rs-connect", "description": "Cloud Connect", "visibility": "private"}, ""},
		{map[string]any{"name": "rs-managed", "visibility": "private", "cname": "us-east-1-prod-aws-data", "replicas": 2}, "us-east-1"},
	} {
		res := replayCall(t, "POST", s.url+"/v1/apps", authed, mustJSON(tc.body))
		if res.status < 200 || res.status > 202 {
			t.Fatalf("create %v: %d %s", tc.body, res.status, res.body)
		}
		var p rsProject
		decodeAs(t, "create", res, &p)
		p.check(t, res.body)
		region := ""
		if p.Region != nil {
			region = *p.Region
		}
		if region != tc.wantRegion {
			t.Errorf("create %v: region %q, want %q", tc.body["name"], region, tc.wantRegion)
		}
	}

	// spice cloud apps get --app acme-labs/rs-connect: list (either envelope), match by name
	// with the rows attributed to the listing's org, then fetch by id.
	resolve := func(orgApp string) (int64, bool) {
		t.Helper()
		org, name, _ := strings.Cut(orgApp, "/")
		h := map[string]string{"Authorization": authed["Authorization"], "X-Org-Name": org}
		res := replayCall(t, "GET", s.url+"/v1/apps", h, nil)
		if res.status < 200 || res.status > 202 {
			t.Fatalf("list: %d %s", res.status, res.body)
		}
		var env struct {
			Projects []rsProject `json:"projects"`
			Apps     []rsProject `json:"apps"`
		}
		decodeAs(t, "list", res, &env)
		for _, p := range append(env.Projects, env.Apps...) {
			p.check(t, res.body)
			rowOrg := p.Org
			if rowOrg == "" {
				rowOrg = org // effective_project_org: the listing's org
			}
			if *p.Name == name && strings.EqualFold(rowOrg, org) {
				return *p.ID, true
			}
		}
		return 0, false
	}
	id, ok := resolve("acme-labs/rs-connect")
	if !ok {
		t.Fatal("acme-labs/rs-connect not resolved")
	}
	res = replayCall(t, "GET", fmt.Sprintf("%s/v1/apps/%d", s.url, id), authed, nil)
	var p rsProject
	if res.status != http.StatusOK {
		t.Fatalf("get: %d %s", res.status, res.body)
	}
	decodeAs(t, "get", res, &p)
	p.check(t, res.body)
	if *p.Name != "rs-connect" || p.Region != nil {
		t.Errorf("acme-labs/rs-connect: %s", res.body)
	}
	// The client's token is bound to acme-labs: naming another organization is refused with
	// 403, which the CLI reports as "Not permitted in organization".
	h := map[string]string{"Authorization": authed["Authorization"], "X-Org-Name": "sandbox"}
	if res := replayCall(t, "GET", s.url+"/v1/apps", h, nil); res.status != http.StatusForbidden {
		t.Errorf("another organization: %d %s", res.status, res.body)
	}
	// With no org named, resolve_id_and_org asks the identity endpoint (<base>/api/spice-cli/auth,
	// a portal route outside openapi.json) next to the listing; 401 or 404 there reads as "no
	// user identity" (is_absent_user_identity_error), and a uniquely named project in the
	// credential's own listing still resolves.
	h = map[string]string{"Authorization": authed["Authorization"]}
	if res := replayCall(t, "GET", s.url+"/api/spice-cli/auth", h, nil); res.status != http.StatusNotFound && res.status != http.StatusUnauthorized {
		t.Errorf("identity probe: %d, which the CLI reports as an error instead of going on", res.status)
	}
	res = replayCall(t, "GET", s.url+"/v1/apps", h, nil)
	var own struct {
		Apps []rsProject `json:"apps"`
	}
	decodeAs(t, "list", res, &own)
	matches := 0
	for _, p := range own.Apps {
		p.check(t, res.body)
		if *p.Name == "rs-managed" {
			matches++
		}
	}
	if matches != 1 {
		t.Errorf("bare rs-managed: %d matches in %s", matches, res.body)
	}
	// spice cloud apps delete: DELETE (200–204).
	if res := replayCall(t, "DELETE", fmt.Sprintf("%s/v1/apps/%d", s.url, id), authed, nil); res.status < 200 || res.status > 204 {
		t.Errorf("delete: %d %s", res.status, res.body)
	}
	if _, ok := resolve("acme-labs/rs-connect"); ok {
		t.Error("a deleted project still resolves")
	}
}

// ---- Spice's deploy GitHub Action ----

// TestReplayDeployAction replays spicehq/spice-cloud-deploy-action:
//   - action.yml at 074f5c22bd4433a39b79b3388f46cbc1462488ca (index id 67111566269): the inputs
//     the README recipe sets (api-url, oauth-token-url, create-app-if-missing, region,
//     dataset-ready-timeout-seconds);
//   - src/auth.ts at 40869c07580d990911e5ea4f5db84711aae12fc5 (index id 67405227494): the token
//     request is a JSON body {grant_type, client_id, client_secret} with Content-Type
//     application/json, cached for expires_in;
//   - src/api.ts at 37754a179ac058b484371df815a65058f0adda9b (id 67501507702): /v1/apps routes,
//     Authorization, Accept, User-Agent, Content-Type only with a body;
//   - src/deploy.ts at 0b6b8b55f16069f0016716626f0e01bcac00e87f (id 67176935667): resolve the
//     app by name in GET /v1/apps or create it {name, region, visibility, tags}, merge tags
//     (PUT), push the spicepod file as a string (PUT), upsert secrets, create the deployment
//     {branch, commit_sha, commit_message}, poll GET .../deployments?limit=20 until succeeded,
//     read the primary API key, then resolveRuntimeUrl: the app's `cname` first, then its region;
//   - src/inputs.ts at 074f5c22bd4433a39b79b3388f46cbc1462488ca (id 67135018124):
//     deriveRuntimeUrlFromCname = https://<cname>.spiceai.io, deriveRuntimeUrl =
//     https://<region>-prod-aws-data.spiceai.io, deriveFlightUrlFromCname;
//   - src/tags.ts at 0e6e9a05d823716a244766b0d88bc9a59d351919 (id 67317409676): the
//     `repository` tag from GITHUB_REPOSITORY with `/` made `_`.
//
// The runtime URL the Action builds must be the project's `endpoint` (what Spice's skill says
// runtime calls go to): the bug was `cname` echoing the region code. The sandbox runs
// with the README recipe's flags, including its fault (a 429 on the first deployment, which
// the Action retries after Retry-After).
func TestReplayDeployAction(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--oauth-client", "client_id=deploy,client_secret=deploy-secret,org=sandbox,scopes=apps:read+apps:write+deployments:read+deployments:write+secrets:write",
		"--queued-for", "50ms", "--runs-for", "50ms",
		"--fault", "operation=createDeployment,status=429,retry_after=1")
	defer s.stop()

	exchanges := 0
	var token string
	var expiresAt time.Time
	getAccessToken := func() string {
		if token != "" && time.Until(expiresAt) > 30*time.Second {
			return token
		}
		res := replayCall(t, "POST", s.url+"/api/oauth/token", map[string]string{
			"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "spice-cloud-deploy-action",
		}, mustJSON(map[string]string{"grant_type": "client_credentials", "client_id": "deploy", "client_secret": "deploy-secret"}))
		var tok struct {
			AccessToken string   `json:"access_token"`
			ExpiresIn   *float64 `json:"expires_in"`
		}
		if res.status < 200 || res.status > 299 {
			t.Fatalf("OAuth token exchange failed (%d): %s", res.status, res.body)
		}
		decodeAs(t, "token", res, &tok)
		if tok.AccessToken == "" || tok.ExpiresIn == nil {
			t.Fatalf("token response: %s", res.body)
		}
		exchanges++
		token, expiresAt = tok.AccessToken, time.Now().Add(time.Duration(*tok.ExpiresIn)*time.Second)
		return token
	}
	// request is SpiceApiClient.request: up to 4 attempts; 408, 429 and 5xx are retried after
	// Retry-After (seconds) or an exponential backoff from 500 ms.
	var retried []string
	request := func(method, path string, body any, ok ...int) httpCall {
		t.Helper()
		for attempt := 1; ; attempt++ {
			h := map[string]string{"Authorization": "Bearer " + getAccessToken(), "Accept": "application/json", "User-Agent": "spice-cloud-deploy-action"}
			var b []byte
			if body != nil {
				h["Content-Type"] = "application/json"
				b = mustJSON(body)
			}
			res := replayCall(t, method, s.url+path, h, b)
			if slices.Contains([]int{408, 429, 500, 502, 503, 504}, res.status) && attempt < 4 {
				retried = append(retried, fmt.Sprintf("%s %s %d %s", method, path, res.status, res.header.Get("X-Sandbox-Fault")))
				delay := time.Duration(500<<(attempt-1)) * time.Millisecond
				if after := res.header.Get("Retry-After"); after != "" {
					var secs int
					if _, err := fmt.Sscan(after, &secs); err != nil {
						t.Fatalf("Retry-After %q is not seconds", after)
					}
					delay = time.Duration(secs) * time.Second
				}
				time.Sleep(delay)
				continue
			}
			if !slices.Contains(ok, res.status) {
				t.Fatalf("%s %s failed: %d %s", method, path, res.status, res.body)
			}
			return res
		}
	}
	type actionApp struct {
		ID     int64             `json:"id"`
		Name   string            `json:"name"`
		Region string            `json:"region"`
		Cname  string            `json:"cname"`
		Tags   map[string]string `json:"tags"`
	}
	resolveRuntimeURL := func(a actionApp) string {
		if a.Cname != "" {
			return "https://" + a.Cname + ".spiceai.io"
		}
		return "https://" + a.Region + "-prod-aws-data.spiceai.io"
	}
	spicepodYAML := "version: v1\nkind: Spicepod\nname: analytics\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${ secrets:PG_PASSWORD }\n"

	for run := 1; run <= 2; run++ {
		// resolveApp: GET /v1/apps, find by name; create on the first run (create-app-if-missing).
		var list struct {
			Apps []actionApp `json:"apps"`
		}
		decodeAs(t, "list apps", request("GET", "/v1/apps", nil, 200, 201, 202), &list)
		var app actionApp
		found := false
		for _, a := range list.Apps {
			if a.Name == "analytics" {
				app, found = a, true
			}
		}
		if found != (run == 2) {
			t.Fatalf("run %d: app found %v", run, found)
		}
		tags := map[string]string{"repository": "acme_analytics"} // GITHUB_REPOSITORY=acme/analytics
		if !found {
			decodeAs(t, "create app", request("POST", "/v1/apps", map[string]any{
				"name": "analytics", "region": "us-west-2", "visibility": "private", "tags": tags,
			}, 200, 201, 202), &app)
		}
		merged := map[string]string{}
		for k, v := range app.Tags {
			merged[k] = v
		}
		for k, v := range tags {
			merged[k] = v
		}
		request("PUT", fmt.Sprintf("/v1/apps/%d", app.ID), map[string]any{"tags": merged}, 200, 201, 202, 204)
		request("PUT", fmt.Sprintf("/v1/apps/%d", app.ID), map[string]any{"spicepod": spicepodYAML}, 200, 201, 202, 204)
		request("POST", fmt.Sprintf("/v1/apps/%d/secrets", app.ID), map[string]string{"name": "PG_PASSWORD", "value": "s3cret"}, 200, 201, 202, 204)

		var dep struct {
			ID     json.Number `json:"id"`
			Status string      `json:"status"`
		}
		decodeAs(t, "create deployment", request("POST", fmt.Sprintf("/v1/apps/%d/deployments", app.ID), map[string]string{
			"branch": "main", "commit_sha": "0123456789abcdef0123456789abcdef01234567", "commit_message": "Deploy analytics",
		}, 200, 201, 202), &dep)
		if dep.ID == "" || dep.Status == "" {
			t.Fatalf("deployment: %+v", dep)
		}
		deadline := time.Now().Add(10 * time.Second)
		for dep.Status != "succeeded" {
			if dep.Status == "failed" || time.Now().After(deadline) {
				t.Fatalf("run %d: deployment %s ended %s", run, dep.ID, dep.Status)
			}
			time.Sleep(20 * time.Millisecond)
			var deps struct {
				Deployments []struct {
					ID     json.Number `json:"id"`
					Status string      `json:"status"`
				} `json:"deployments"`
			}
			decodeAs(t, "list deployments", request("GET", fmt.Sprintf("/v1/apps/%d/deployments?limit=20", app.ID), nil, 200), &deps)
			for _, d := range deps.Deployments {
				if d.ID == dep.ID {
					dep.Status = d.Status
				}
			}
		}
		var keys struct {
			APIKey  *string `json:"api_key"`
			APIKey2 *string `json:"api_key_2"`
		}
		decodeAs(t, "api keys", request("GET", fmt.Sprintf("/v1/apps/%d/api-keys", app.ID), nil, 200), &keys)
		if keys.APIKey == nil || *keys.APIKey == "" {
			t.Fatal("no API key for the smoke tests")
		}

		// The runtime URL the Action probes, from the app object it resolved.
		runtimeURL := resolveRuntimeURL(app)
		var project struct {
			Endpoint string `json:"endpoint"`
		}
		decodeAs(t, "get project", request("GET", fmt.Sprintf("/v1/projects/%d", app.ID), nil, 200), &project)
		if runtimeURL != project.Endpoint || runtimeURL != "https://us-west-2-prod-aws-data.spiceai.io" {
			t.Errorf("run %d: the Action would probe %s; the project's endpoint is %s", run, runtimeURL, project.Endpoint)
		}
		if flight := strings.TrimSuffix(app.Cname, "-data") + "-flight.spiceai.io:443"; flight != "us-west-2-prod-aws-flight.spiceai.io:443" {
			t.Errorf("run %d: Flight URL %s", run, flight)
		}
	}
	if exchanges != 1 {
		t.Errorf("%d token exchanges in one run of requests; the token should be cached for expires_in", exchanges)
	}
	// The README's fault recipe: the first deployment answered 429 with Retry-After, marked as
	// injected, and the Action's retry went through.
	if len(retried) != 1 || !strings.HasSuffix(retried[0], "/deployments 429 injected") {
		t.Errorf("retries: %q", retried)
	}
}

// ---- the agent skill's script ----

// TestReplayAgentSkillScript replays spiceai/skills skills/cloud/scripts/spice-cloud.sh at
// 5f5e66ce0a224d3dd3d8f3de5e36c52606070db5 (index id 68995285489): its 20 commands, each one
// `curl -sf` (any status of 400 or more fails the command) with `Authorization: Bearer
// $SPICE_API_TOKEN` (none for health) and `Content-Type: application/json` on POST and PUT,
// bodies as the script builds them. The script's BASE_URL is fixed to https://api.spice.ai,
// so it cannot be pointed at the sandbox as it is; the token comes from the README's curl
// recipe (client_secret_basic), with the same flags.
func TestReplayAgentSkillScript(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--oauth-client", "client_id=ci,client_secret=ci-secret,org=sandbox",
		"--queued-for", "50ms", "--runs-for", "50ms")
	defer s.stop()

	// TOKEN=$(curl -s -u ci:ci-secret -d grant_type=client_credentials .../api/oauth/token | jq -r .access_token)
	req, _ := http.NewRequest("POST", s.url+"/api/oauth/token", strings.NewReader("grant_type=client_credentials"))
	req.SetBasicAuth("ci", "ci-secret")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // what curl -d sends
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	decodeAs(t, "token", do(t, req), &tok)
	auth := "Bearer " + tok.AccessToken

	failed := 0
	script := func(command, method, path, body string) httpCall {
		t.Helper()
		h := map[string]string{}
		if command != "health" {
			h["Authorization"] = auth
		}
		var b []byte
		if method == "POST" || method == "PUT" {
			h["Content-Type"] = "application/json"
			b = []byte(body)
		}
		res := replayCall(t, method, s.url+path, h, b)
		if res.status >= 400 {
			failed++
			t.Errorf("spice-cloud.sh %s: curl -f fails on %d %s", command, res.status, res.body)
		}
		return res
	}
	idOf := func(res httpCall, key string) string {
		t.Helper()
		var v map[string]any
		if json.Unmarshal([]byte(res.body), &v) != nil {
			t.Fatalf("not JSON: %s", res.body)
		}
		n, ok := v[key].(float64)
		if !ok {
			t.Fatalf("no %s in %s", key, res.body)
		}
		return fmt.Sprint(int64(n))
	}

	script("health", "GET", "/v1/health", "")
	script("list-regions", "GET", "/v1/regions", "")
	if got := names(t, script("list-projects", "GET", "/v1/projects", ""), "projects"); len(got) == 0 {
		t.Error("list-projects: the demo projects are missing")
	}
	id := idOf(script("create-project", "POST", "/v1/projects", `{"name":"skill-demo","region":"us-west-2","description":"made by the skill"}`), "id")
	script("get-project", "GET", "/v1/projects/"+id, "")
	script("update-project", "PUT", "/v1/projects/"+id, `{"spicepod":{"version":"v1","kind":"Spicepod","name":"skill-demo"}}`)
	script("list-deployments", "GET", "/v1/projects/"+id+"/deployments?status=succeeded", "")
	script("deploy", "POST", "/v1/projects/"+id+"/deployments", `{"branch":"main","commit_message":"first"}`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		res := script("list-deployments", "GET", "/v1/projects/"+id+"/deployments", "")
		if strings.Contains(res.body, `"status":"succeeded"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deployment did not succeed: %s", res.body)
		}
	}
	forkID := idOf(script("fork-project", "POST", "/v1/projects/"+id+"/forks", `{"name":"skill-demo-copy","region":"us-east-1"}`), "id")
	if got := script("list-forks", "GET", "/v1/projects/"+id+"/forks", ""); !strings.Contains(got.body, `"id":`+forkID) {
		t.Errorf("list-forks lacks the fork %s: %s", forkID, got.body)
	}
	script("add-secret", "POST", "/v1/projects/"+id+"/secrets", `{"name":"PG_PASSWORD","value":"s3cret"}`)
	if got := script("list-secrets", "GET", "/v1/projects/"+id+"/secrets", ""); !strings.Contains(got.body, `"PG_PASSWORD"`) || strings.Contains(got.body, "s3cret") {
		t.Errorf("list-secrets: %s", got.body)
	}
	script("delete-secret", "DELETE", "/v1/projects/"+id+"/secrets/PG_PASSWORD", "")
	script("get-api-keys", "GET", "/v1/projects/"+id+"/api-keys", "")
	script("rotate-key", "POST", "/v1/projects/"+id+"/api-keys", `{"key_number":1}`)
	script("list-members", "GET", "/v1/members", "")
	member := idOf(script("add-member", "POST", "/v1/members", `{"username":"jdoe","roles":["member"]}`), "user_id")
	script("remove-member", "DELETE", "/v1/members/"+member, "")
	script("list-images", "GET", "/v1/container-images?channel=stable", "")
	script("delete-project", "DELETE", "/v1/projects/"+forkID, "")
	script("delete-project", "DELETE", "/v1/projects/"+id, "")
	if failed > 0 {
		t.Errorf("%d of the script's commands failed", failed)
	}
}
