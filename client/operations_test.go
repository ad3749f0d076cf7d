package client_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const spicepodYAML = `version: v1
kind: Spicepod
name: analytics
datasets:
  - from: postgres:public.orders
    name: orders
    params:
      pg_pass: ${secrets:PG_PASS}
`

func createApp(t *testing.T, c *client.Client, name string) *client.Project {
	t.Helper()
	app, err := c.CreateApp(context.Background(), client.CreateAppRequest{Name: name, Region: "us-west-2"})
	mustNoErr(t, err)
	return app
}

func TestPlatformOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()

	health, err := env.client.Health(ctx)
	mustNoErr(t, err)
	if health.Status != "ok" || health.Timestamp.IsZero() {
		t.Errorf("health = %+v", health)
	}

	regions, err := env.client.ListRegions(ctx, "")
	mustNoErr(t, err)
	if regions.Default != "us-west-2" || len(regions.Regions) != 2 {
		t.Fatalf("regions = %+v", regions)
	}
	for _, r := range regions.Regions {
		if r.CName == "" || r.ProviderName == "" || r.IsDefault != (r.Region == "us-west-2") {
			t.Errorf("region %+v", r)
		}
	}
	if _, err := env.client.ListRegions(ctx, "prod"); err != nil {
		t.Errorf("env=prod: %v", err)
	}

	stable, err := env.client.ListContainerImages(ctx, "")
	mustNoErr(t, err)
	if stable.Default == "" || len(stable.Images) == 0 || stable.Images[0].Channel != "stable" {
		t.Errorf("stable images = %+v", stable)
	}
	enterprise, err := env.client.ListContainerImages(ctx, "enterprise")
	mustNoErr(t, err)
	for _, img := range enterprise.Images {
		if img.Channel != "enterprise" {
			t.Errorf("enterprise list has %+v", img)
		}
	}

	// Errors: bad token, missing scope, injected server failures.
	_, err = env.withToken(t, "not-a-token").ListRegions(ctx, "")
	wantAPIError(t, err, http.StatusUnauthorized, "Invalid token format")
	_, err = env.scoped(t, "secrets:read").ListContainerImages(ctx, "")
	if apiErr := wantAPIError(t, err, http.StatusForbidden, "Insufficient scope"); apiErr.RequiredScope != "apps:read" {
		t.Errorf("required scope = %q", apiErr.RequiredScope)
	}
	env.emu.InjectFault(sandbox.Fault{Operation: api.GetHealth.ID, Status: 500})
	_, err = env.client.Health(ctx)
	wantAPIError(t, err, http.StatusInternalServerError, "Internal server error")
	env.emu.InjectFault(sandbox.Fault{Operation: api.ListRegions.ID, Status: 429, RetryAfter: "3600"})
	_, err = env.client.ListRegions(ctx, "")
	if apiErr := wantAPIError(t, err, http.StatusTooManyRequests, "Too many requests"); apiErr.RetryAfter != time.Hour {
		t.Errorf("RetryAfter = %v, want 1h (too long to wait, so returned)", apiErr.RetryAfter)
	}

	// Client-side validation: nothing reaches the API.
	before := env.emu.Calls(api.ListContainerImages.ID)
	_, err = env.client.ListContainerImages(ctx, "nightly")
	var verr *client.ValidationError
	if !errors.As(err, &verr) || !strings.Contains(err.Error(), "channel") {
		t.Errorf("want a channel validation error, got %v", err)
	}
	if env.emu.Calls(api.ListContainerImages.ID) != before {
		t.Error("an invalid request reached the API")
	}
}

func TestAppOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()

	app, err := env.client.CreateApp(ctx, client.CreateAppRequest{
		Name: "analytics-app", CName: "us-west-2", Description: "Production analytics",
		Visibility: "private", Tags: map[string]string{"team": "data"},
	})
	mustNoErr(t, err)
	if app.ID == 0 || app.Region != "us-west-2" || app.Config.Replicas == nil || *app.Config.Replicas != 1 || app.Config.Spicepod != nil || app.Tags["team"] != "data" {
		t.Fatalf("created app = %+v", app)
	}
	if app.URL() != "https://analytics-app.spice.ai" {
		t.Errorf("URL = %s", app.URL())
	}

	apps, err := env.client.ListApps(ctx)
	mustNoErr(t, err)
	if len(apps) != 1 || apps[0].ID != app.ID || apps[0].Name != "analytics-app" {
		t.Fatalf("apps = %+v", apps)
	}

	// Partial update: spicepod as YAML comes back as an object; untouched fields are kept.
	updated, err := env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML, Replicas: ptr(3)})
	mustNoErr(t, err)
	if updated.Config.Spicepod["name"] != "analytics" || updated.Config.Replicas == nil || *updated.Config.Replicas != 3 || updated.Description != "Production analytics" {
		t.Fatalf("updated = %+v", updated)
	}
	// An explicit empty description is sent, not dropped.
	cleared, err := env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Description: ptr("")})
	mustNoErr(t, err)
	if cleared.Description != "" {
		t.Errorf("description not cleared: %q", cleared.Description)
	}
	got, err := env.client.GetApp(ctx, app.ID)
	mustNoErr(t, err)
	if got.Config.Replicas == nil || *got.Config.Replicas != 3 || got.Config.Spicepod["kind"] != "Spicepod" {
		t.Errorf("get = %+v", got)
	}

	// Errors.
	_, err = env.client.CreateApp(ctx, client.CreateAppRequest{Name: "ANALYTICS-APP", Region: "us-east-1"})
	wantAPIError(t, err, http.StatusConflict, `App "ANALYTICS-APP" already exists in this organization`)
	_, err = env.client.CreateApp(ctx, client.CreateAppRequest{Name: "mars-app", CName: "mars-1"})
	if apiErr := wantAPIError(t, err, http.StatusBadRequest, "Validation error"); len(apiErr.FieldErrors["cname"]) == 0 {
		t.Errorf("want fieldErrors.cname, got %+v", apiErr.FieldErrors)
	}
	_, err = env.scoped(t, "apps:read").CreateApp(ctx, client.CreateAppRequest{Name: "another", Region: "us-west-2"})
	wantAPIError(t, err, http.StatusForbidden, "Required: apps:write")
	_, err = env.client.GetApp(ctx, 999999)
	wantAPIError(t, err, http.StatusNotFound, "App with ID 999999 not found")
	_, err = env.client.UpdateApp(ctx, 999999, client.UpdateAppRequest{Replicas: ptr(2)})
	wantAPIError(t, err, http.StatusNotFound, "not found")
	err = errOf(env.scoped(t, "apps:write").DeleteApp(ctx, app.ID))
	wantAPIError(t, err, http.StatusForbidden, "Required: apps:delete")

	// Client-side validation names the field and the rule.
	for _, tc := range []struct {
		req   client.CreateAppRequest
		field string
	}{
		{client.CreateAppRequest{Name: "abc", Region: "us-west-2"}, "name: must be at least 4 characters"},
		{client.CreateAppRequest{Name: "my_app", Region: "us-west-2"}, "letters, numbers, and hyphens"},
		{client.CreateAppRequest{Name: strings.Repeat("a", 39), Region: "us-west-2"}, "at most 38"},
		{client.CreateAppRequest{Name: "okay-name"}, "cname"},
		{client.CreateAppRequest{Name: "okay-name", Region: "eu-west-1"}, "region"},
		{client.CreateAppRequest{Name: "okay-name", Region: "us-west-2", Visibility: "secret"}, "visibility"},
		{client.CreateAppRequest{Name: "okay-name", Region: "us-west-2", Tags: map[string]string{"path": "a/b"}}, "tags"},
	} {
		_, err := env.client.CreateApp(ctx, tc.req)
		var verr *client.ValidationError
		if !errors.As(err, &verr) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%+v: want validation error mentioning %q, got %v", tc.req, tc.field, err)
		}
	}
	_, err = env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Replicas: ptr(11)})
	if err == nil || !strings.Contains(err.Error(), "replicas: must be between 1 and 10") {
		t.Errorf("replicas 11: %v", err)
	}
	_, err = env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: "version: [unclosed"})
	if err == nil || !strings.Contains(err.Error(), "spicepod") {
		t.Errorf("bad YAML: %v", err)
	}

	// Soft delete: 204, then 404 everywhere; the name is reusable and reactivates the same app.
	mustNoErr(t, errOf(env.client.DeleteApp(ctx, app.ID)))
	wantAPIError(t, errOf(env.client.DeleteApp(ctx, app.ID)), http.StatusNotFound, "not found")
	_, err = env.client.ListSecrets(ctx, app.ID)
	wantAPIError(t, err, http.StatusNotFound, "App not found")
	apps, err = env.client.ListApps(ctx)
	mustNoErr(t, err)
	if len(apps) != 0 {
		t.Errorf("deleted app still listed: %+v", apps)
	}
	revived := createApp(t, env.client, "analytics-app")
	if revived.ID != app.ID {
		t.Errorf("re-create got id %d, want the reactivated %d", revived.ID, app.ID)
	}
}

func TestAppLimit(t *testing.T) {
	env := newEnv(t, sandbox.Config{Orgs: []sandbox.Org{{ID: 1, Slug: "sandbox", Name: "Sandbox", Owner: "alice", MaxApps: 1}}})
	createApp(t, env.client, "only-app")
	_, err := env.client.CreateApp(context.Background(), client.CreateAppRequest{Name: "second-app", Region: "us-west-2"})
	wantAPIError(t, err, http.StatusForbidden, "Organization has reached the maximum app limit")
}

func TestDeploymentOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{QueuedFor: time.Second, RunsFor: 4 * time.Second})
	ctx := context.Background()
	app := createApp(t, env.client, "deploy-app")

	_, err := env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusBadRequest, "App has no spicepod configuration")

	_, err = env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: map[string]any{"version": "v1", "name": "x"}})
	mustNoErr(t, err)
	_, err = env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusBadRequest, "Invalid spicepod configuration")

	_, err = env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)
	_, err = env.client.UpsertSecret(ctx, app.ID, "PG_PASS", "pw") // the spicepod references it
	mustNoErr(t, err)
	mustNoErr(t, env.emu.PauseSpicepod("sandbox", app.ID, true))
	_, err = env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusBadRequest, "Spicepod is paused")
	mustNoErr(t, env.emu.PauseSpicepod("sandbox", app.ID, false))

	dep, err := env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{
		Branch: "main", CommitSHA: "abc123", CommitMessage: "Add orders", Replicas: ptr(2), Debug: ptr(false),
	})
	mustNoErr(t, err)
	if dep.Status != client.StatusQueued || dep.StartedAt != nil || dep.CreationSource != "api" || !dep.CreatedBy.IsZero() || dep.Replicas != 2 {
		t.Fatalf("queued deployment = %+v", dep)
	}

	_, err = env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	conflict := wantAPIError(t, err, http.StatusConflict, "A deployment is already in progress for this app")
	if conflict.ActiveDeploymentID != dep.ID { // the remedy ("wait …") is present's: TestRemedyTable
		t.Errorf("409 = %+v", conflict)
	}

	env.clock.Advance(2 * time.Second)
	got, err := env.client.GetDeployment(ctx, app.ID, dep.ID)
	mustNoErr(t, err)
	if got.Status != client.StatusInProgress || got.StartedAt == nil {
		t.Errorf("after 2s: %+v", got)
	}
	env.clock.Advance(5 * time.Second)
	got, err = env.client.GetDeployment(ctx, app.ID, dep.ID)
	mustNoErr(t, err)
	if got.Status != client.StatusSucceeded || !got.Terminal() || got.ErrorMessage != "" {
		t.Errorf("after 7s: %+v", got)
	}

	// Pinning a runtime needs Enterprise: the API's code says so, not a scope.
	_, err = env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{ImageTag: "9.9.9-nope"})
	if apiErr := wantAPIError(t, err, http.StatusForbidden, "Enterprise"); apiErr.Code != "image_tag_requires_enterprise" || apiErr.RequiredScope != "" {
		t.Errorf("pin on the standard plan = %+v", apiErr)
	}

	// A deployment that cannot be scheduled fails asynchronously with a retriable error_code.
	mustNoErr(t, env.emu.FailNextDeployment(client.CodeInsufficientCPU))
	bad, err := env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	mustNoErr(t, err)
	env.clock.Advance(10 * time.Second)
	bad, err = env.client.GetDeployment(ctx, app.ID, bad.ID)
	mustNoErr(t, err)
	if bad.Status != client.StatusFailed || bad.ErrorCode != client.CodeInsufficientCPU || !bad.Retriable() || bad.ErrorMessage == "" {
		t.Errorf("failed deployment = %+v", bad)
	}

	list, err := env.client.ListDeployments(ctx, app.ID, client.ListDeploymentsOptions{})
	mustNoErr(t, err)
	if len(list) != 2 || list[0].ID != bad.ID || list[1].ID != dep.ID {
		t.Errorf("list (newest first) = %+v", list)
	}
	failed, err := env.client.ListDeployments(ctx, app.ID, client.ListDeploymentsOptions{Status: client.StatusFailed, Limit: 1})
	mustNoErr(t, err)
	if len(failed) != 1 || failed[0].ID != bad.ID {
		t.Errorf("status filter = %+v", failed)
	}

	// Errors.
	_, err = env.client.GetDeployment(ctx, app.ID, 424242)
	wantAPIError(t, err, http.StatusNotFound, "Deployment not found")
	_, err = env.client.ListDeployments(ctx, 999999, client.ListDeploymentsOptions{})
	wantAPIError(t, err, http.StatusNotFound, "App with ID 999999 not found")
	_, err = env.client.CreateDeployment(ctx, 999999, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusNotFound, "not found")
	_, err = env.scoped(t, "deployments:read").CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusForbidden, "Required: deployments:write")
	for _, opts := range []client.ListDeploymentsOptions{{Limit: 101}, {Status: "done"}, {Offset: -1}} {
		if _, err := env.client.ListDeployments(ctx, app.ID, opts); err == nil {
			t.Errorf("%+v accepted", opts)
		}
	}
	if _, err := env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{Replicas: ptr(0)}); err == nil ||
		!strings.Contains(err.Error(), "replicas: must be between 1 and 10") {
		t.Errorf("replicas 0: %v", err)
	}
}

func TestDeploymentOrganizationNotConfigured(t *testing.T) {
	env := newEnv(t, sandbox.Config{Orgs: []sandbox.Org{{ID: 1, Slug: "sandbox", Name: "Sandbox", Owner: "alice", NotConfigured: true}}})
	app := createApp(t, env.client, "half-set-up")
	_, err := env.client.UpdateApp(context.Background(), app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)
	_, err = env.client.CreateDeployment(context.Background(), app.ID, client.CreateDeploymentRequest{})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "not fully configured")
}

func TestSecretOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()
	app := createApp(t, env.client, "secret-app")

	created, err := env.client.UpsertSecret(ctx, app.ID, "PG_PASS", "hunter2-first")
	mustNoErr(t, err)
	if created.Name != "PG_PASS" || created.ID == 0 {
		t.Fatalf("created = %+v", created)
	}
	env.clock.Advance(time.Minute)
	updated, err := env.client.UpsertSecret(ctx, app.ID, "PG_PASS", "hunter2-second")
	mustNoErr(t, err)
	if updated.ID != created.ID || !updated.CreatedAt.Equal(created.CreatedAt.Time) || !updated.UpdatedAt.After(created.UpdatedAt.Time) {
		t.Errorf("upsert must keep id and created_at and refresh updated_at: %+v then %+v", created, updated)
	}
	if v, ok := env.emu.SecretValue("sandbox", app.ID, "PG_PASS"); !ok || v != "hunter2-second" {
		t.Errorf("stored value = %q, %v", v, ok)
	}
	_, err = env.client.UpsertSecret(ctx, app.ID, "_OTHER_1", "x")
	mustNoErr(t, err)

	list, err := env.client.ListSecrets(ctx, app.ID)
	mustNoErr(t, err)
	names := []string{}
	for _, s := range list {
		names = append(names, s.Name)
	}
	if !slices.Equal(names, []string{"PG_PASS", "_OTHER_1"}) && !slices.Equal(names, []string{"_OTHER_1", "PG_PASS"}) {
		t.Errorf("names = %v", names)
	}
	got, err := env.client.GetSecret(ctx, app.ID, "PG_PASS")
	mustNoErr(t, err)
	if got.ID != created.ID {
		t.Errorf("get = %+v", got)
	}

	// A name in a path meets the secret-name rule, or nothing is sent (TestPathValuesNeverReachTheAPI).
	_, err = env.client.GetSecret(ctx, app.ID, "a/b")
	wantValidationError(t, err, "secretName", "must match")
	_, err = env.client.GetSecret(ctx, app.ID, "NO_SUCH_SECRET")
	wantAPIError(t, err, http.StatusNotFound, "Secret not found")

	mustNoErr(t, errOf(env.client.DeleteSecret(ctx, app.ID, "PG_PASS")))
	_, err = env.client.GetSecret(ctx, app.ID, "PG_PASS")
	wantAPIError(t, err, http.StatusNotFound, "Secret not found")
	_, err = env.client.ListSecrets(ctx, 999999)
	wantAPIError(t, err, http.StatusNotFound, "App not found")
	_, err = env.client.UpsertSecret(ctx, 999999, "A", "v")
	wantAPIError(t, err, http.StatusNotFound, "App not found")
	_, err = env.scoped(t, "secrets:read").UpsertSecret(ctx, app.ID, "A", "v")
	wantAPIError(t, err, http.StatusForbidden, "Required: secrets:write")
	_, err = env.scoped(t, "apps:read").ListSecrets(ctx, app.ID)
	wantAPIError(t, err, http.StatusForbidden, "Required: secrets:read")

	for name, rule := range map[string]string{"1ABC": "must start with a letter or underscore", "PG-PASS": "letters, numbers, and underscores", "": "Required"} {
		before := env.emu.Calls(api.UpsertSecret.ID)
		_, err := env.client.UpsertSecret(ctx, app.ID, name, "v")
		if err == nil || !strings.Contains(err.Error(), rule) || env.emu.Calls(api.UpsertSecret.ID) != before {
			t.Errorf("name %q: want local error %q, got %v", name, rule, err)
		}
	}
}

func TestAPIKeyOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()
	app := createApp(t, env.client, "keys-app")

	keys, err := env.client.GetAPIKeys(ctx, app.ID)
	mustNoErr(t, err)
	if keys.APIKey == "" || keys.APIKey2 == "" || keys.APIKey == keys.APIKey2 {
		t.Fatalf("keys = %+v", keys)
	}

	second, err := env.client.RegenerateAPIKey(ctx, app.ID, client.KeySecondary)
	mustNoErr(t, err)
	if second.RegeneratedKey != 2 || second.APIKey != keys.APIKey || second.APIKey2 == keys.APIKey2 {
		t.Errorf("secondary regeneration = %+v", second)
	}
	if env.emu.ValidAPIKey(keys.APIKey2) || !env.emu.ValidAPIKey(second.APIKey2) {
		t.Error("the replaced secondary key must stop working at once")
	}
	first, err := env.client.RegenerateAPIKey(ctx, app.ID, client.KeyPrimary)
	mustNoErr(t, err)
	if first.RegeneratedKey != 1 || first.APIKey == keys.APIKey || first.APIKey2 != second.APIKey2 {
		t.Errorf("primary regeneration = %+v", first)
	}
	// key_number 0 must really be sent (no omitempty): both keys change.
	both, err := env.client.RegenerateAPIKey(ctx, app.ID, client.KeyBoth)
	mustNoErr(t, err)
	if both.RegeneratedKey != 0 || both.APIKey == first.APIKey || both.APIKey2 == first.APIKey2 {
		t.Errorf("both regeneration = %+v", both)
	}

	_, err = env.client.RegenerateAPIKey(ctx, app.ID, 3)
	if err == nil || !strings.Contains(err.Error(), "Must be 0, 1, or 2") {
		t.Errorf("key 3: %v", err)
	}
	_, err = env.client.GetAPIKeys(ctx, 999999)
	wantAPIError(t, err, http.StatusNotFound, "App with ID 999999 not found")
	_, err = env.client.RegenerateAPIKey(ctx, 999999, 1)
	wantAPIError(t, err, http.StatusNotFound, "not found")
	_, err = env.scoped(t, "apps:read").RegenerateAPIKey(ctx, app.ID, 1)
	wantAPIError(t, err, http.StatusForbidden, "Required: apps:write")
	// Reading keys needs only apps:read (README §3).
	if _, err := env.scoped(t, "apps:read").GetAPIKeys(ctx, app.ID); err != nil {
		t.Errorf("apps:read must read keys: %v", err)
	}
}

func TestMemberOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()

	members, err := env.client.ListMembers(ctx)
	mustNoErr(t, err)
	var owner client.Member
	for _, m := range members {
		if m.IsOwner {
			owner = m
		}
	}
	if owner.Username == "" {
		t.Fatalf("no owner in %+v", members)
	}

	added, err := env.client.AddMember(ctx, client.AddMemberRequest{Username: "jdoe", Roles: []string{"member"}})
	mustNoErr(t, err)
	if added.Username != "jdoe" || added.UserID == 0 || added.IsOwner {
		t.Errorf("added = %+v", added)
	}
	_, err = env.client.AddMember(ctx, client.AddMemberRequest{Username: "jdoe"})
	wantAPIError(t, err, http.StatusConflict, "User is already a member of this organization")
	_, err = env.client.AddMember(ctx, client.AddMemberRequest{Username: "nobody-here"})
	wantAPIError(t, err, http.StatusNotFound, "User not found")
	_, err = env.scoped(t, "members:read").AddMember(ctx, client.AddMemberRequest{Username: "asmith"})
	wantAPIError(t, err, http.StatusForbidden, "Required: members:write")
	_, err = env.client.AddMember(ctx, client.AddMemberRequest{Username: " "})
	if err == nil || !strings.Contains(err.Error(), "username: is required") {
		t.Errorf("blank username: %v", err)
	}
	_, err = env.client.AddMember(ctx, client.AddMemberRequest{Username: "asmith", Roles: []string{"superuser"}})
	if err == nil || !strings.Contains(err.Error(), "roles") {
		t.Errorf("unknown role: %v", err)
	}

	wantAPIError(t, errOf(env.client.RemoveMember(ctx, owner.UserID)), http.StatusForbidden, "Cannot remove organization owner")
	wantAPIError(t, errOf(env.scoped(t, "members:write").RemoveMember(ctx, added.UserID)), http.StatusForbidden, "Required: members:delete")
	mustNoErr(t, errOf(env.client.RemoveMember(ctx, added.UserID)))
	wantAPIError(t, errOf(env.client.RemoveMember(ctx, added.UserID)), http.StatusNotFound, "Member not found")
	_, err = env.scoped(t, "apps:read").ListMembers(ctx)
	wantAPIError(t, err, http.StatusForbidden, "Required: members:read")
}

func TestCrossOrganizationIsolation(t *testing.T) {
	env := newEnv(t, sandbox.Config{
		Orgs: []sandbox.Org{
			{ID: 1, Slug: "acme", Name: "Acme", Owner: "alice"},
			{ID: 2, Slug: "globex", Name: "Globex", Owner: "bob"},
		},
		Tokens: []sandbox.Token{{Value: "acme-token", Org: "acme", Scopes: []string{"*"}}, {Value: "globex-token", Org: "globex", Scopes: []string{"*"}}},
	})
	ctx := context.Background()
	acme, globex := env.withToken(t, "acme-token"), env.withToken(t, "globex-token")
	acmeApp := createApp(t, acme, "shared-name")
	globexApp := createApp(t, globex, "shared-name") // names are unique per organization only

	for _, tc := range []struct {
		c     *client.Client
		own   int64
		other int64
	}{{acme, acmeApp.ID, globexApp.ID}, {globex, globexApp.ID, acmeApp.ID}} {
		apps, err := tc.c.ListApps(ctx)
		mustNoErr(t, err)
		if len(apps) != 1 || apps[0].ID != tc.own {
			t.Errorf("list = %+v, want only %d", apps, tc.own)
		}
		_, err = tc.c.GetApp(ctx, tc.other)
		wantAPIError(t, err, http.StatusNotFound, "not found")
		_, err = tc.c.GetAPIKeys(ctx, tc.other)
		wantAPIError(t, err, http.StatusNotFound, "not found")
		_, err = tc.c.UpsertSecret(ctx, tc.other, "STOLEN", "x")
		wantAPIError(t, err, http.StatusNotFound, "App not found")
	}
}
