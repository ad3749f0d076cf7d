package sandbox

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

var (
	appKeys    = []string{"id", "name", "description", "visibility", "created_at", "cname", "region", "cluster_id", "api_key", "tags"}
	configKeys = []string{"spicepod", "registry", "image", "image_tag", "update_channel", "replicas", "region", "node_group", "storage_claim_size_gb"}
)

func TestCreateAppDefaults(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "analytics-app", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	app := res.obj()
	requireKeys(t, "app", app, append(appKeys, "production_branch", "warning", "config")...)
	requireNull(t, "app", app, "description", "tags", "production_branch", "warning", "cluster_id")
	if app["name"] != "analytics-app" || app["visibility"] != "private" || app["cname"] != "us-west-2-prod-aws-data" ||
		app["endpoint"] != "https://us-west-2-prod-aws-data.spiceai.io" || app["region"] != "us-west-2" || app["created_at"] != "2025-01-15T10:00:00.000Z" {
		t.Errorf("app = %v", app)
	}
	cfg := app["config"].(map[string]any)
	requireKeys(t, "config", cfg, configKeys...)
	requireNull(t, "config", cfg, "spicepod", "image", "image_tag", "node_group", "storage_claim_size_gb")
	if cfg["registry"] != "ghcr.io" || cfg["update_channel"] != "stable" || cfg["replicas"] != 1.0 || cfg["region"] != "us-west-2" {
		t.Errorf("config = %v", cfg)
	}

	keys := h.do("GET", appPath(num(app["id"]), "/api-keys"), "sandbox", nil)
	h.expect(keys, http.StatusOK, "")
	if keys.obj()["api_key"] != app["api_key"] || keys.obj()["api_key_2"] == nil {
		t.Errorf("api_key %v must mirror the primary key of %v", app["api_key"], keys.obj())
	}
}

func TestCreateAppPlacement(t *testing.T) {
	h := newHarness(t, Config{})
	cases := []struct {
		body              map[string]any
		wantCname, wantRe string
	}{
		{map[string]any{"cname": "us-west-2"}, "us-west-2-prod-aws-data", "us-west-2"},
		{map[string]any{"cname": "us-east-1-prod-aws-data"}, "us-east-1-prod-aws-data", "us-east-1"},
		{map[string]any{"region": "us-east-1"}, "us-east-1-prod-aws-data", "us-east-1"},
		{map[string]any{"region": "us-east-1", "cname": "us-west-2"}, "us-east-1-prod-aws-data", "us-east-1"},
		{map[string]any{"region": "us-west-2", "cname": "us-west-2-prod-aws-data"}, "us-west-2-prod-aws-data", "us-west-2"},
		{map[string]any{"region": "us-west-2", "cname": "garbage"}, "us-west-2-prod-aws-data", "us-west-2"},
	}
	for i, tc := range cases {
		tc.body["name"] = "placed-" + string(rune('a'+i))
		res := h.do("POST", "/v1/apps", "sandbox", tc.body)
		h.expect(res, http.StatusCreated, "")
		got := res.obj()
		if got["cname"] != tc.wantCname || got["region"] != tc.wantRe || got["config"].(map[string]any)["region"] != tc.wantRe {
			t.Errorf("%v: cname %v region %v", tc.body, got["cname"], got["region"])
		}
	}
}

func TestCreateAppValidation(t *testing.T) {
	h := newHarness(t, Config{})
	cases := []struct {
		name  string
		body  any
		field string
		want  string
	}{
		{"short name", map[string]any{"name": "abc", "region": "us-west-2"}, "name", rules.AppName("abc")},
		{"long name", map[string]any{"name": strings.Repeat("a", 39), "region": "us-west-2"}, "name", rules.AppName(strings.Repeat("a", 39))},
		{"bad chars", map[string]any{"name": "my_app", "region": "us-west-2"}, "name", rules.AppName("my_app")},
		{"missing name", map[string]any{"region": "us-west-2"}, "name", "Required"},
		{"name type", map[string]any{"name": 42, "region": "us-west-2"}, "name", "Expected string, received number"},
		{"unknown region", map[string]any{"name": "my-app", "region": "eu-west-1"}, "region", rules.Enum("eu-west-1", rules.RegionCodes)},
		{"unknown cname", map[string]any{"name": "my-app", "cname": "mars-1"}, "cname", rules.Enum("mars-1", placementValues())},
		{"region type", map[string]any{"name": "my-app", "region": true}, "region", "Expected string, received boolean"},
		{"visibility", map[string]any{"name": "my-app", "region": "us-west-2", "visibility": "secret"}, "visibility", rules.Enum("secret", rules.Visibilities)},
		{"tag value", map[string]any{"name": "my-app", "region": "us-west-2", "tags": map[string]any{"team": "a/b"}}, "tags", rules.Tags(map[string]string{"team": "a/b"})},
		{"tag type", map[string]any{"name": "my-app", "region": "us-west-2", "tags": map[string]any{"team": 1}}, "tags", "Expected string, received number"},
		{"tags type", map[string]any{"name": "my-app", "region": "us-west-2", "tags": []string{"x"}}, "tags", "Expected object, received array"},
		{"description type", map[string]any{"name": "my-app", "region": "us-west-2", "description": nil}, "description", "Expected string, received null"},
	}
	for _, tc := range cases {
		res := h.do("POST", "/v1/apps", "sandbox", tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors(tc.field); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%s: fieldErrors.%s = %q, want %q (%s)", tc.name, tc.field, got, tc.want, res.raw)
		}
	}
	for _, body := range []string{"{", `{"name":"x"} trailing`, "not json"} {
		res := h.do("POST", "/v1/apps", "sandbox", body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		formErrors := list(res.obj()["details"].(map[string]any)["formErrors"])
		if !reflect.DeepEqual(formErrors, []any{"Malformed JSON body"}) {
			t.Errorf("%q: formErrors %v", body, formErrors)
		}
	}
	res := h.do("POST", "/v1/apps", "sandbox", `[1,2]`)
	h.expect(res, http.StatusBadRequest, "Validation error")
	// Several problems are reported together.
	res = h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "ab", "cname": "mars-1", "visibility": "x", "unknown": 1})
	h.expect(res, http.StatusBadRequest, "Validation error")
	for _, f := range []string{"name", "cname", "visibility"} {
		if len(res.fieldErrors(f)) == 0 {
			t.Errorf("no error for %s: %s", f, res.raw)
		}
	}
	if h.e.AppCount("sandbox") != 0 {
		t.Errorf("invalid requests created apps")
	}
}

func TestCreateAppConflictsAndLimit(t *testing.T) {
	h := newHarness(t, Config{Orgs: []Org{{ID: 7, Slug: "small", Owner: "alice", MaxApps: 2}}})
	h.createApp("sandbox", "first-app")
	res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "FIRST-APP", "cname": "us-west-2"})
	h.expect(res, http.StatusConflict, `App "FIRST-APP" already exists in this organization`)
	h.createApp("sandbox", "second-app")
	res = h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "third-app", "region": "us-west-2"})
	h.expect(res, http.StatusForbidden, "Organization has reached the maximum app limit")
	// Deleting frees a slot.
	id := num(h.do("GET", "/v1/apps", "sandbox", nil).obj()["apps"].([]any)[0].(map[string]any)["id"])
	h.expect(h.do("DELETE", appPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	h.createApp("sandbox", "third-app")
}

func TestGetListAndUpdateApp(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	id := h.createApp("sandbox", "my-app")
	h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "other-app", "cname": "us-east-1", "tags": map[string]any{}})

	res := h.do("GET", "/v1/apps", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	apps := list(res.obj()["apps"])
	if len(apps) != 2 {
		t.Fatalf("apps = %s", res.raw)
	}
	for _, a := range apps {
		item := a.(map[string]any)
		requireKeys(t, "list item", item, appKeys...)
		if _, hasConfig := item["config"]; hasConfig {
			t.Errorf("list items are the App shape without config: %v", item)
		}
	}
	if tags, ok := apps[1].(map[string]any)["tags"].(map[string]any); !ok || len(tags) != 0 {
		t.Errorf("empty tags must stay an empty object: %v", apps[1])
	}

	res = h.do("PUT", appPath(id, ""), "sandbox", map[string]any{
		"description":           "Updated description",
		"replicas":              3,
		"image_tag":             "2.3.1",
		"image":                 "spiceai/spiceai",
		"registry":              "public.ecr.aws",
		"node_group":            "general",
		"production_branch":     "main",
		"update_channel":        "preview",
		"visibility":            "public",
		"storage_claim_size_gb": 10.5,
		"region":                "us-east-1",
		"tags":                  map[string]any{"team": "data"},
	})
	h.expect(res, http.StatusOK, "")
	app := res.obj()
	cfg := app["config"].(map[string]any)
	if app["description"] != "Updated description" || app["visibility"] != "public" || app["production_branch"] != "main" ||
		cfg["replicas"] != 3.0 || cfg["image_tag"] != "2.3.1" || cfg["registry"] != "public.ecr.aws" ||
		cfg["node_group"] != "general" || cfg["update_channel"] != "preview" || cfg["storage_claim_size_gb"] != 10.5 ||
		cfg["region"] != "us-east-1" || app["region"] != "us-west-2" || !reflect.DeepEqual(app["tags"], map[string]any{"team": "data"}) {
		t.Errorf("after update: %s", res.raw)
	}

	// Partial: only present keys change; tags replace the whole map.
	res = h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"tags": map[string]any{"env": "dev"}})
	h.expect(res, http.StatusOK, "")
	if res.obj()["description"] != "Updated description" || !reflect.DeepEqual(res.obj()["tags"], map[string]any{"env": "dev"}) {
		t.Errorf("partial update: %s", res.raw)
	}
	get := h.do("GET", appPath(id, ""), "sandbox", nil)
	h.expect(get, http.StatusOK, "")
	if !reflect.DeepEqual(get.obj(), res.obj()) {
		t.Errorf("GET after PUT differs:\n%s\n%s", get.raw, res.raw)
	}
	h.expect(h.do("PUT", appPath(id, ""), "sandbox", map[string]any{}), http.StatusOK, "")
}

func TestUpdateAppValidation(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "my-app")
	cases := []struct {
		body  map[string]any
		field string
		want  string
	}{
		{map[string]any{"replicas": 0}, "replicas", rules.Replicas(0)},
		{map[string]any{"replicas": 11}, "replicas", rules.Replicas(11)},
		{map[string]any{"replicas": 2.5}, "replicas", "Expected integer, received float"},
		{map[string]any{"replicas": "3"}, "replicas", "Expected number, received string"},
		{map[string]any{"update_channel": "beta"}, "update_channel", rules.Enum("beta", rules.UpdateChannels)},
		{map[string]any{"visibility": "hidden"}, "visibility", rules.Enum("hidden", rules.Visibilities)},
		{map[string]any{"storage_claim_size_gb": -1}, "storage_claim_size_gb", "Number must be greater than or equal to 0"},
		{map[string]any{"tags": map[string]any{"": "x"}}, "tags", rules.Tags(map[string]string{"": "x"})},
		{map[string]any{"spicepod": "version: [unclosed"}, "spicepod", "Spicepod is not valid YAML (line 1)"},
		{map[string]any{"spicepod": "- just\n- a list\n"}, "spicepod", "Spicepod must be a YAML mapping or a JSON object"},
		{map[string]any{"spicepod": 12}, "spicepod", "Expected string or object, received number"},
		{map[string]any{"image_tag": 1}, "image_tag", "Expected string, received number"},
	}
	for _, tc := range cases {
		res := h.do("PUT", appPath(id, ""), "sandbox", tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors(tc.field); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%v: fieldErrors.%s = %q, want %q", tc.body, tc.field, got, tc.want)
		}
	}
	// A request with one bad field changes nothing.
	h.expect(h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"description": "x", "replicas": 0}), http.StatusBadRequest, "Validation error")
	if d := h.do("GET", appPath(id, ""), "sandbox", nil).obj()["description"]; d != nil {
		t.Errorf("invalid update applied description %v", d)
	}
	h.expect(h.do("PUT", appPath(id, ""), "sandbox", "{oops"), http.StatusBadRequest, "Validation error")
	h.expect(h.do("PUT", "/v1/apps/4242", "sandbox", map[string]any{}), http.StatusNotFound, "App with ID 4242 not found")
}

func TestSpicepodYAMLAndObject(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "pod-app")
	yamlPod := "version: v1\nkind: Spicepod\nname: pod-app\ndatasets:\n  - from: s3://bucket/sales/\n    name: sales\n    params:\n      file_format: parquet\n    acceleration:\n      enabled: true\n      refresh_check_interval: 10s\n    retention: 3\n1: numeric key\n"
	res := h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"spicepod": yamlPod})
	h.expect(res, http.StatusOK, "")
	pod := res.obj()["config"].(map[string]any)["spicepod"].(map[string]any)
	ds := pod["datasets"].([]any)[0].(map[string]any)
	if pod["version"] != "v1" || pod["kind"] != "Spicepod" || ds["name"] != "sales" || ds["retention"] != 3.0 ||
		ds["acceleration"].(map[string]any)["enabled"] != true || pod["1"] != "numeric key" {
		t.Errorf("spicepod from YAML: %s", res.raw)
	}
	obj := map[string]any{"version": "v1", "kind": "Spicepod", "name": "pod-app", "models": []any{map[string]any{"from": "openai:gpt-4o", "name": "gpt"}}, "big": 12345678901234567}
	res = h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"spicepod": obj})
	h.expect(res, http.StatusOK, "")
	// As stored: JSON.parse reads 12345678901234567 as the double 12345678901234568 (api/README §10).
	if !strings.Contains(string(res.raw), `"big":12345678901234568`) || !strings.Contains(string(res.raw), `"from":"openai:gpt-4o"`) {
		t.Errorf("spicepod object not kept exactly: %s", res.raw)
	}
}

func TestDeleteAndReactivateApp(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "phoenix")
	h.expect(h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "DB_PASS", "value": "hunter2"}), http.StatusOK, "")
	keys := h.do("GET", appPath(id, "/api-keys"), "sandbox", nil).obj()
	dep := h.do("POST", appPath(id, "/deployments"), "sandbox", nil)
	h.expect(dep, http.StatusAccepted, "")

	res := h.do("DELETE", appPath(id, ""), "sandbox", nil)
	h.expect(res, http.StatusNoContent, "")
	if len(res.raw) != 0 {
		t.Errorf("204 with body %q", res.raw)
	}
	if apps := list(h.do("GET", "/v1/apps", "sandbox", nil).obj()["apps"]); len(apps) != 0 {
		t.Errorf("deleted app still listed: %v", apps)
	}
	notFound := "App with ID " + itoa(id) + " not found"
	h.expect(h.do("GET", appPath(id, ""), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("PUT", appPath(id, ""), "sandbox", map[string]any{}), http.StatusNotFound, notFound)
	h.expect(h.do("DELETE", appPath(id, ""), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(id, "/deployments"), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(id, "/deployments/1001"), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(id, "/api-keys"), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("POST", appPath(id, "/api-keys"), "sandbox", nil), http.StatusNotFound, notFound)
	h.expect(h.do("GET", appPath(id, "/secrets"), "sandbox", nil), http.StatusNotFound, "App not found")
	h.expect(h.do("GET", appPath(id, "/secrets/DB_PASS"), "sandbox", nil), http.StatusNotFound, "App not found")
	h.expect(h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "A", "value": "b"}), http.StatusNotFound, "App not found")
	h.expect(h.do("DELETE", appPath(id, "/secrets/DB_PASS"), "sandbox", nil), http.StatusNotFound, "App not found")
	if h.e.ValidAPIKey(keys["api_key"].(string)) {
		t.Errorf("a deleted app's key must not be valid")
	}

	// Same name, different case: the app comes back with its id, secrets and keys.
	res = h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "Phoenix", "region": "us-east-1", "description": "risen", "visibility": "public"})
	h.expect(res, http.StatusCreated, "")
	app := res.obj()
	if num(app["id"]) != id || app["name"] != "Phoenix" || app["description"] != "risen" || app["region"] != "us-east-1" || app["visibility"] != "public" {
		t.Errorf("revived app: %s", res.raw)
	}
	if v, ok := h.e.SecretValue("sandbox", id, "DB_PASS"); !ok || v != "hunter2" {
		t.Errorf("secret lost on revival")
	}
	h.expect(h.do("GET", appPath(id, "/secrets/DB_PASS"), "sandbox", nil), http.StatusOK, "")
	if got := h.do("GET", appPath(id, "/api-keys"), "sandbox", nil).obj(); !reflect.DeepEqual(got, keys) {
		t.Errorf("keys changed on revival: %v vs %v", got, keys)
	}
	// The deployment that was in flight was stopped by the delete.
	d := h.do("GET", appPath(id, "/deployments/"+itoa(num(dep.obj()["id"]))), "sandbox", nil).obj()
	if d["status"] != "failed" || d["error_message"] != "Stopped: the app was deleted" || d["started_at"] != nil {
		t.Errorf("stopped deployment: %v", d)
	}
}
