package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestR45EmulatorUnauthorizedNamesTheBearerScheme: every 401 on /v1 carries RFC 6750's
// WWW-Authenticate: Bearer, with error="invalid_token" when a token was sent but is unknown or
// expired (§3.1), and no error code when none was sent (§3).
func TestR45EmulatorUnauthorizedNamesTheBearerScheme(t *testing.T) {
	h := newHarness(t, Config{Tokens: []Token{
		{Value: "old", Org: "sandbox", Scopes: []string{"*"}, ExpiresAt: testStart.Add(time.Minute)},
	}})
	send := func(header string) *result {
		return h.send("GET", "/v1/apps", nil, func(r *http.Request) {
			if header != "" {
				r.Header.Set("Authorization", header)
			}
		})
	}
	h.clock.Advance(time.Minute)
	cases := []struct{ authorization, want string }{
		{"", "Bearer"},
		{"Basic dXNlcjpwYXNz", "Bearer"},
		{"Bearer", "Bearer"},
		{"Bearer unknown-token", `Bearer error="invalid_token", error_description="The access token is not recognized"`},
		{"Bearer old", `Bearer error="invalid_token", error_description="The access token expired"`},
	}
	for _, tc := range cases {
		res := send(tc.authorization)
		h.expect(res, http.StatusUnauthorized, "")
		if got := res.header.Get("WWW-Authenticate"); got != tc.want {
			t.Errorf("Authorization %q: WWW-Authenticate %q, want %q", tc.authorization, got, tc.want)
		}
	}
	// An authenticated answer carries no challenge.
	res := h.do("GET", "/v1/apps", h.e.IssueToken("sandbox", []string{"*"}, 0), nil)
	h.expect(res, http.StatusOK, "")
	if got := res.header.Get("WWW-Authenticate"); got != "" {
		t.Errorf("200 carries WWW-Authenticate %q", got)
	}
}

// TestR45EmulatorNonJSONBodyIsRefused: as Express's JSON parser, the emulator reads a body as
// JSON only when its Content-Type says so; any other body on a JSON operation is a 400 in the
// operation's own error envelope, naming the Content-Type, and changes nothing.
func TestR45EmulatorNonJSONBodyIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	body := `{"name":"r45-plain","region":"us-west-2"}`
	withType := func(method, path, contentType, body string) *result {
		return h.send(method, path, body, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer sandbox")
			if contentType == "" {
				r.Header.Del("Content-Type")
			} else {
				r.Header.Set("Content-Type", contentType)
			}
		})
	}
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "", "application/json;;"} {
		res := withType("POST", "/v1/projects", ct, body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		details, _ := res.obj()["details"].(map[string]any)
		forms := list(details["formErrors"])
		if len(forms) != 1 || !strings.Contains(forms[0].(string), "application/json") {
			t.Errorf("Content-Type %q: formErrors %v, want one naming application/json: %s", ct, forms, res.raw)
		}
	}
	if apps := list(h.do("GET", "/v1/projects", "sandbox", nil).obj()["projects"]); len(apps) != 0 {
		for _, a := range apps {
			if a.(map[string]any)["name"] == "r45-plain" {
				t.Errorf("a text/plain body created a project")
			}
		}
	}
	// JSON with parameters, in any case, is JSON; an empty body needs no Content-Type.
	h.expect(withType("POST", "/v1/projects", "Application/JSON; charset=utf-8", body), http.StatusCreated, "")
	id := h.deployableApp("sandbox", "r45-deploys")
	h.expect(withType("POST", projectPath(id, "/deployments"), "", ""), http.StatusAccepted, "")
	// Every other JSON operation answers the same way, in its own envelope.
	res := withType("POST", projectPath(id, "/api-keys"), "text/plain", `{"key_number":1}`)
	h.expect(res, http.StatusBadRequest, "")
	if !strings.Contains(string(res.raw), "text/plain") {
		t.Errorf("api-key regenerate: %s", res.raw)
	}
}

// TestR45EmulatorTokenEndpointEmptyAndRepeatedParameters: RFC 6749 §3.2 — a parameter sent
// without a value is treated as omitted, and a parameter sent more than once is
// invalid_request, in form and JSON bodies alike.
func TestR45EmulatorTokenEndpointEmptyAndRepeatedParameters(t *testing.T) {
	h := oauthHarness(t)
	basic := func(r *http.Request) { r.SetBasicAuth("ci", "s3cret") }
	form := "application/x-www-form-urlencoded"
	// Empty client_id and client_secret next to Basic authentication are not a second method.
	h.expect(h.tokenRequest(form, "grant_type=client_credentials&client_id=&client_secret=&scope=", basic), http.StatusOK, "")
	h.expect(h.tokenRequest("application/json", `{"grant_type":"client_credentials","client_id":"","client_secret":""}`, basic), http.StatusOK, "")
	// An empty grant_type is a missing one.
	res := h.tokenRequest(form, "grant_type=&client_id=ci&client_secret=s3cret")
	h.expect(res, http.StatusBadRequest, "invalid_request")

	repeated := []struct{ contentType, body, param string }{
		{form, "grant_type=client_credentials&grant_type=client_credentials&client_id=ci&client_secret=s3cret", "grant_type"},
		{form, "grant_type=client_credentials&client_id=ci&client_id=ci&client_secret=s3cret", "client_id"},
		{form, "grant_type=client_credentials&client_id=ci&client_secret=s3cret&scope=apps:write&scope=deployments:write", "scope"},
		{"application/json", `{"grant_type":"client_credentials","client_id":"ci","client_secret":"s3cret","client_secret":"other"}`, "client_secret"},
	}
	for _, tc := range repeated {
		res := h.tokenRequest(tc.contentType, tc.body)
		h.expect(res, http.StatusBadRequest, "invalid_request")
		if desc, _ := res.obj()["error_description"].(string); !strings.Contains(desc, tc.param) || !strings.Contains(desc, "more than once") {
			t.Errorf("%s: error_description %q, want it to name %s and the rule", tc.body, desc, tc.param)
		}
		if strings.Contains(string(res.raw), "s3cret") {
			t.Errorf("secret echoed: %s", res.raw)
		}
	}
	// A parameter the endpoint does not know is ignored (RFC 6749 §3.2), repeated or not; a
	// repeated empty one is still omitted.
	h.expect(h.tokenRequest(form, "grant_type=client_credentials&client_id=ci&client_secret=s3cret&x=1&x=2&scope=&scope="), http.StatusOK, "")
}

// TestR45EmulatorActiveExecutorsFollowTheServingDeployment: metrics' active_executors_count is
// the executor replicas the serving deployment started with: 0 before any deployment succeeds,
// while paused and without an executor pool; a later config change waits for a deployment.
func TestR45EmulatorActiveExecutorsFollowTheServingDeployment(t *testing.T) {
	h := newHarness(t, Config{})
	executors := func(id int64) int64 {
		t.Helper()
		res := h.do("GET", projectPath(id, "/metrics"), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		cluster, _ := res.obj()["cluster"].(map[string]any)
		return num(cluster["active_executors_count"])
	}
	id := h.deployableApp("sandbox", "r45-cluster")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"executor": map[string]any{"replicas": 3}}), http.StatusOK, "")
	if n := executors(id); n != 0 {
		t.Errorf("before any deployment: %d executors, want 0", n)
	}
	first := h.deployAndSettle(id)
	if n := executors(id); n != 3 {
		t.Errorf("deployed with executor.replicas 3: %d executors", n)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"executor": map[string]any{"replicas": 1}}), http.StatusOK, "")
	if n := executors(id); n != 3 {
		t.Errorf("config changed, not yet deployed: %d executors, want still 3", n)
	}
	h.deployAndSettle(id)
	if n := executors(id); n != 1 {
		t.Errorf("redeployed with executor.replicas 1: %d executors", n)
	}
	// A rollback runs the target's executors.
	h.expect(h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": first}), http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)
	if n := executors(id); n != 3 {
		t.Errorf("rolled back to the 3-executor deployment: %d executors", n)
	}
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	if n := executors(id); n != 0 {
		t.Errorf("paused: %d executors, want 0", n)
	}
	plain := h.deployableApp("sandbox", "r45-single")
	h.deployAndSettle(plain)
	if n := executors(plain); n != 0 {
		t.Errorf("no executor pool: %d executors, want 0", n)
	}
}

// TestR45EmulatorMemberCapFollowsThePlan: the standard plan's users limit (GET /v1/limits,
// 10) counts every member, the owner included; adding one more is the uncoded 403 the
// emulator answers for the app limit, and an Enterprise organization (-1) has no cap.
func TestR45EmulatorMemberCapFollowsThePlan(t *testing.T) {
	users := DefaultUsers()
	for i := range 12 {
		users = append(users, User{Username: fmt.Sprintf("r45user%02d", i)})
	}
	h := newHarness(t, Config{Users: users})
	limit := int(num(h.do("GET", "/v1/limits", "sandbox", nil).obj()["users"]))
	if limit != 10 {
		t.Fatalf("standard plan users limit %d, want 10", limit)
	}
	add := func(org, username string) *result {
		return h.doOrg("POST", "/v1/members", "sandbox", org, map[string]any{"username": username})
	}
	// sandbox starts with alice (owner) and bob: eight more fill it.
	for i := range 8 {
		h.expect(add("sandbox", fmt.Sprintf("r45user%02d", i)), http.StatusCreated, "")
	}
	res := add("sandbox", "r45user08")
	h.expect(res, http.StatusForbidden, "Organization has reached the maximum user limit: the plan limit is 10 users")
	if res.obj()["code"] != nil {
		t.Errorf("plan-limit 403 has a code: %s", res.raw)
	}
	if n := len(list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"])); n != 10 {
		t.Errorf("%d members after the refused add, want 10", n)
	}
	// An existing member is still a conflict, not a plan refusal.
	h.expect(add("sandbox", "bob"), http.StatusConflict, "")
	// Removing one frees a place.
	members := list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"])
	last := members[len(members)-1].(map[string]any)
	h.expect(h.do("DELETE", fmt.Sprintf("/v1/members/%d", num(last["user_id"])), "sandbox", nil), http.StatusNoContent, "")
	h.expect(add("sandbox", "r45user08"), http.StatusCreated, "")
	// Enterprise: unlimited.
	for i := range 12 {
		h.expect(add("acme-labs", fmt.Sprintf("r45user%02d", i)), http.StatusCreated, "")
	}
}
