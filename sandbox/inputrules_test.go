package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// Regression tests for the emulator's input rules (audit findings): each request is checked
// against openapi.json by the harness, so what is stored must also read back within the spec.

// expectField fails unless the response is a 400 validation error with exactly want under field.
func (h *harness) expectField(res *result, field, want string) {
	h.t.Helper()
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors(field); !slices.Equal(got, []string{want}) {
		h.t.Errorf("fieldErrors.%s = %q, want %q: %s", field, got, want, res.raw)
	}
}

func TestResourcesAndExecutorFollowTheSpec(t *testing.T) {
	// Standard plan: /v1/limits gives replicas 5 and resources null.
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "sized-app")
	put := func(body map[string]any) *result { return h.do("PUT", projectPath(id, ""), "sandbox", body) }
	h.expectCode(put(map[string]any{"executor": map[string]any{"replicas": 500}}), http.StatusForbidden, "")
	h.expectCode(put(map[string]any{"executor": map[string]any{"replicas": 2, "resources": map[string]any{"limits": map[string]any{"cpu": "999"}}}}),
		http.StatusForbidden, "")
	h.expectField(put(map[string]any{"executor": map[string]any{"replicas": -3}}), "executor", "replicas: Number must be greater than or equal to 0")
	h.expectField(put(map[string]any{"executor": map[string]any{"replicas": 1.5}}), "executor", "replicas: Expected integer, received float")
	h.expectField(put(map[string]any{"executor": "big"}), "executor", "Expected object, received string")
	h.expectField(put(map[string]any{"executor": map[string]any{"storage_size_gb": -1}}), "executor", "storage_size_gb: Number must be greater than or equal to 0")
	h.expectField(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "proj-p", "executor": map[string]any{"replicas": "x"}}),
		"executor", "replicas: Expected number, received string")
	// Within the plan: stored as sent (other keys too) and read back within the spec.
	res := put(map[string]any{"executor": map[string]any{"replicas": 3, "storage_size_gb": 10, "note": "kept"}})
	h.expect(res, http.StatusOK, "")
	if ex, _ := res.obj()["config"].(map[string]any)["executor"].(map[string]any); ex["replicas"] != 3.0 || ex["note"] != "kept" {
		t.Errorf("executor: %s", res.raw)
	}
	h.expect(put(map[string]any{"executor": nil}), http.StatusOK, "")
	requireNull(t, "cleared executor", h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["config"].(map[string]any), "executor")

	// Enterprise plan (max_cpu 16, max_memory_gi 64): every quantity is a string and compared.
	e := newHarness(t, enterpriseConfig())
	id = e.deployableApp("sandbox", "big-app")
	put = func(body map[string]any) *result { return e.do("PUT", projectPath(id, ""), "sandbox", body) }
	limits := func(kv ...string) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return map[string]any{"resources": map[string]any{"limits": m}}
	}
	e.expectField(put(map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": 64}}}), "resources", "limits.cpu: Expected string, received number")
	e.expectField(put(map[string]any{"resources": map[string]any{"limits": "lots"}}), "resources", "limits: Expected object, received string")
	e.expectField(put(map[string]any{"resources": map[string]any{"requests": map[string]any{"memory": nil}}}), "resources", "requests.memory: Expected string, received null")
	e.expectField(put(map[string]any{"resources": []any{}}), "resources", "Expected object, received array")
	e.expectField(put(limits("memory", "lots")), "resources", `limits.memory: 'lots' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`)
	e.expectField(put(limits("cpu", "-2")), "resources", `limits.cpu: '-2' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`)
	for _, over := range [][]string{{"cpu", "64"}, {"cpu", "16001m"}, {"memory", "2T"}, {"memory", "1Pi"}, {"memory", "65Gi"}, {"memory", "7e10"}} {
		e.expectCode(put(limits(over...)), http.StatusForbidden, "")
	}
	e.expectCode(put(map[string]any{"executor": map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": "32"}}}}), http.StatusForbidden, "")
	e.expectField(put(map[string]any{"executor": map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": 2}}}}),
		"executor", "resources: limits.cpu: Expected string, received number")
	for _, within := range [][]string{{"cpu", "16", "memory", "64Gi"}, {"cpu", "500m", "memory", "68719476736", "ephemeral-storage", "20Gi"}, {"memory", "64G"}} {
		e.expect(put(limits(within...)), http.StatusOK, "")
	}
	res = e.do("GET", projectPath(id, ""), "sandbox", nil)
	if lim := res.obj()["config"].(map[string]any)["resources"].(map[string]any)["limits"].(map[string]any); lim["memory"] != "64G" {
		t.Errorf("resources: %s", res.raw)
	}
}

func TestEmptyImageTagIsATag(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "empty-tag")
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": ""}), http.StatusForbidden, "image_tag_requires_enterprise")
	h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"image_tag": ""}), http.StatusForbidden, "image_tag_requires_enterprise")

	e := newHarness(t, enterpriseConfig())
	id = e.deployableApp("sandbox", "empty-tag")
	e.expectCode(e.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": ""}), http.StatusBadRequest, "invalid_stable_image_tag")
	e.expectCode(e.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"image_tag": ""}), http.StatusBadRequest, "invalid_stable_image_tag")
	requireNull(t, "never pinned", e.do("GET", projectPath(id, ""), "sandbox", nil).obj()["config"].(map[string]any), "image_tag")
	if n := len(list(e.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])); n != 0 {
		t.Errorf("%d deployments started with an empty tag", n)
	}
}

func TestOwnersGrantTheOwnerRole(t *testing.T) {
	h := newHarness(t, Config{})
	const acme = "acme-labs" // alice (token "sandbox") is an admin there; carol owns it
	// alice owns "sandbox": she grants owner when adding and when changing roles.
	res := h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{"owner"}})
	h.expect(res, http.StatusCreated, "")
	jdoe := num(res.obj()["user_id"])
	h.expect(h.do("PATCH", "/v1/members/2", "sandbox", map[string]any{"roles": []string{"owner"}}), http.StatusOK, "")
	// bob now acts as an owner; alice stays the organization's (immutable) owner.
	bob := h.e.IssueUserToken("sandbox", "bob", []string{"*"}, 0)
	if orgs := list(h.do("GET", "/v1/orgs", bob, nil).obj()["orgs"]); len(orgs) == 0 || orgs[0].(map[string]any)["role"] != "owner" {
		t.Errorf("bob's orgs: %v", orgs)
	}
	for _, m := range list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"]) {
		m := m.(map[string]any)
		if m["is_owner"] != (m["username"] == "alice") {
			t.Errorf("is_owner: %v", m)
		}
	}
	h.expectCode(h.do("PATCH", "/v1/members/1", bob, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "") // ownerImmutable: no code
	// An owner changes or removes another owner.
	h.expect(h.do("PATCH", "/v1/members/"+itoa(jdoe), bob, map[string]any{"roles": []string{"member"}}), http.StatusOK, "")
	h.expect(h.do("DELETE", "/v1/members/2", "sandbox", nil), http.StatusNoContent, "")

	// An admin grants neither admin nor owner, and changes or removes no owner.
	h.expectCode(h.doOrg("POST", "/v1/members", "sandbox", acme, map[string]any{"username": "jdoe", "roles": []string{"owner"}}), http.StatusForbidden, "forbidden")
	h.expectCode(h.doOrg("POST", "/v1/members", "sandbox", acme, map[string]any{"username": "jdoe", "roles": []string{"admin"}}), http.StatusForbidden, "forbidden")
	carol := h.e.IssueUserToken(acme, "carol", []string{"*"}, 0)
	res = h.doOrg("POST", "/v1/members", carol, acme, map[string]any{"username": "asmith", "roles": []string{"owner"}})
	h.expect(res, http.StatusCreated, "")
	asmith := itoa(num(res.obj()["user_id"]))
	h.expectCode(h.doOrg("PATCH", "/v1/members/"+asmith, "sandbox", acme, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "forbidden")
	h.expectCode(h.doOrg("DELETE", "/v1/members/"+asmith, "sandbox", acme, nil), http.StatusForbidden, "forbidden")
	h.expectCode(h.doOrg("PATCH", "/v1/members/2", "sandbox", acme, map[string]any{"roles": []string{"owner"}}), http.StatusForbidden, "forbidden")
}

func TestUpdatePlacementRules(t *testing.T) {
	h := newHarness(t, Config{})
	const acme = "acme-labs"
	cl := list(h.doOrg("GET", "/v1/clusters", "sandbox", acme, nil).obj()["clusters"])[0].(map[string]any)
	res := h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "movable", "region": "us-east-1"})
	h.expect(res, http.StatusCreated, "")
	id := num(res.obj()["id"])
	put := func(body map[string]any) *result { return h.doOrg("PUT", projectPath(id, ""), "sandbox", acme, body) }

	// A region contradicting the cluster is refused, as on create; nothing moves.
	h.expectField(put(map[string]any{"cluster_name": cl["cluster_name"], "region": "us-east-1"}), "region",
		"region 'us-east-1' does not match cluster region '"+cl["region"].(string)+"'")
	h.expectField(put(map[string]any{"cluster_name": nil}), "cluster_name", "Expected string, received null")
	if p := h.doOrg("GET", projectPath(id, ""), "sandbox", acme, nil).obj(); p["cluster_name"] != nil || p["region"] != "us-east-1" {
		t.Errorf("refused updates moved the project: %v", p)
	}
	res = put(map[string]any{"cluster_name": cl["cluster_name"], "region": cl["region"]})
	h.expect(res, http.StatusOK, "")
	if res.obj()["cluster_name"] != cl["cluster_name"] || res.obj()["region"] != cl["region"] {
		t.Errorf("moved: %s", res.raw)
	}
	// UpdateProjectRequest.region is a plain string in openapi.json; a region the API serves,
	// as on create, is our choice (api/README.md §10), shared with the client's check.
	h.expectField(put(map[string]any{"region": "eu-west-1"}), "region", "Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'eu-west-1'")
	res = put(map[string]any{"region": "us-west-2"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["config"].(map[string]any)["region"] != "us-west-2" {
		t.Errorf("region: %s", res.raw)
	}
	h.expectField(put(map[string]any{"region": 1}), "region", "Expected string, received number")

	// Create: default_alerts is accepted and ignored, but only as a boolean.
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "alerting", "default_alerts": false}), http.StatusCreated, "")
	h.expectField(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "alerting-2", "default_alerts": "yes"}),
		"default_alerts", "Expected boolean, received string")
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]int64{
		"1": 1, "101": 101, "9223372036854775807": 9223372036854775807,
		"": 0, "0": 0, "0101": 0, "01003": 0, "00": 0, "-1": 0, "+1": 0, " 1": 0, "1 ": 0, "1e3": 0, "1.0": 0, "x": 0,
		"9223372036854775808": 0, "99999999999999999999": 0,
	} {
		got, ok := parseID(in)
		if ok != (want != 0) || got != want {
			t.Errorf("parseID(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "id-rules")
	h.expect(h.do("GET", "/v1/projects/0"+itoa(id), "sandbox", nil), http.StatusBadRequest, "Invalid project ID")
	h.expect(h.do("GET", projectPath(id, "/deployments/01003"), "sandbox", nil), http.StatusBadRequest, "Invalid deployment ID")
	// The largest int64 is a well-formed ID that names nothing.
	h.expect(h.do("GET", projectPath(id, "/deployments/9223372036854775807"), "sandbox", nil), http.StatusNotFound, "Deployment not found")
	h.expect(h.do("GET", "/v1/projects/9223372036854775807", "sandbox", nil), http.StatusNotFound, "")
	h.expect(h.do("DELETE", "/v1/members/9223372036854775807", "sandbox", nil), http.StatusNotFound, "Member not found")
	h.expect(h.do("DELETE", "/v1/members/02", "sandbox", nil), http.StatusBadRequest, "Invalid member ID")
}

func TestInstanceLogsTailRules(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "tail-app")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)
	name := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])[0].(map[string]any)["name"].(string)
	for tail, want := range map[string]string{
		"abc": "Expected number, received nan",
		"1.5": "Expected integer, received float",
		"0":   "Number must be greater than or equal to 1",
		"-4":  "Number must be greater than or equal to 1",
	} {
		h.expectField(h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail="+url.QueryEscape(tail)), "sandbox", nil), "tail", want)
	}
	h.expect(h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=3"), "sandbox", nil), http.StatusOK, "")
}

func TestOAuthClientAuthenticationOnce(t *testing.T) {
	h := oauthHarness(t)
	const form = "application/x-www-form-urlencoded"
	basic := func(id, secret string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth(id, secret) }
	}

	// RFC 6749 §5.2: a failed Basic authentication answers 401 with WWW-Authenticate: Basic.
	res := h.tokenRequest(form, "grant_type=client_credentials", basic("ci", "wrong"))
	h.expect(res, http.StatusUnauthorized, "")
	if res.obj()["error"] != "invalid_client" || !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("failed Basic: %v %s", res.header, res.raw)
	}
	res = h.tokenRequest(form, "grant_type=client_credentials&client_id=ci&client_secret=wrong")
	h.expect(res, http.StatusUnauthorized, "")
	if res.header.Get("WWW-Authenticate") != "" {
		t.Errorf("body credentials name no scheme: %v", res.header)
	}
	// RFC 6749 §2.3: one authentication method per request.
	for _, body := range []string{
		"grant_type=client_credentials&client_id=ci&client_secret=s3cret",
		"grant_type=client_credentials&client_secret=s3cret",
		"grant_type=client_credentials&client_id=other",
	} {
		res = h.tokenRequest(form, body, basic("ci", "s3cret"))
		h.expect(res, http.StatusBadRequest, "")
		if res.obj()["error"] != "invalid_request" {
			t.Errorf("%s with Basic: %s", body, res.raw)
		}
	}
	res = h.tokenRequest("application/json", `{"grant_type":"client_credentials","client_secret":"s3cret"}`, basic("ci", "s3cret"))
	h.expect(res, http.StatusBadRequest, "")
	// A body client_id naming the Basic client is no second method.
	h.expect(h.tokenRequest(form, "grant_type=client_credentials&client_id=ci", basic("ci", "s3cret")), http.StatusOK, "")
}

func TestScopesAndDurationsAreTakenAsGiven(t *testing.T) {
	// An empty scope list is no scope, never every scope.
	h := newHarness(t, Config{
		Tokens:       []Token{{Value: "noscope", Org: "sandbox", Scopes: []string{}}},
		OAuthClients: []OAuthClient{{ID: "bare", Secret: "s", Org: "sandbox", Scopes: []string{}}},
	})
	id := h.e.IssueToken("sandbox", []string{"*"}, 0)
	project := h.createApp(id, "kept-app")
	h.expect(h.do("DELETE", projectPath(project, ""), "noscope", nil), http.StatusForbidden, "Insufficient scope. Required: apps:delete")
	res := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=bare&client_secret=s")
	h.expect(res, http.StatusOK, "")
	h.expect(h.do("GET", "/v1/projects", res.obj()["access_token"].(string), nil), http.StatusForbidden, "Insufficient scope. Required: apps:read")

	// Negative durations are a mistake, not "already done" or "never expires".
	for _, cfg := range []Config{{QueuedFor: -3 * time.Second}, {RunsFor: -time.Second}, {TokenTTL: -10 * time.Second}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", cfg)
				}
			}()
			New(cfg)
		}()
	}
}
