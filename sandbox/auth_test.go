package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

func TestHealthNeedsNoToken(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("GET", "/v1/health", "", nil)
	h.expect(res, http.StatusOK, "")
	if res.obj()["status"] != "ok" || res.obj()["timestamp"] != "2025-01-15T10:00:00.000Z" {
		t.Errorf("health = %v", res.obj())
	}
}

func TestUnauthorized(t *testing.T) {
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
	h.expect(send(""), http.StatusUnauthorized, "Missing Authorization header")
	h.expect(send("Basic dXNlcjpwYXNz"), http.StatusUnauthorized, "Invalid token format")
	h.expect(send("Bearer"), http.StatusUnauthorized, "Invalid token format")
	h.expect(send("Bearer unknown-token"), http.StatusUnauthorized, "Invalid token format")
	h.expect(send("Bearer old"), http.StatusOK, "")
	h.clock.Advance(time.Minute)
	h.expect(send("Bearer old"), http.StatusUnauthorized, "Token expired")

	issued := h.e.IssueToken("sandbox", []string{"*"}, 0)
	h.expect(send("Bearer "+issued), http.StatusOK, "")
	h.e.RevokeToken(issued)
	h.expect(send("Bearer "+issued), http.StatusUnauthorized, "Invalid token format")
}

func TestInsufficientScopeNamesTheScope(t *testing.T) {
	h := newHarness(t, Config{})
	appID := h.createApp("sandbox", "scoped-app")
	none := h.e.IssueToken("sandbox", []string{"config:read"}, 0)
	// Every operation that needs a scope refuses a token without it, naming the scope.
	sample := map[string]string{"appId": strconv.FormatInt(appID, 10), "deploymentId": "1", "secretName": "X", "memberId": "2", "projectId": strconv.FormatInt(appID, 10), "instanceName": "x"}
	for _, op := range api.Operations {
		if op.Scope == "" {
			continue
		}
		var values []string
		for _, name := range op.PathParams() {
			v, ok := sample[name]
			if !ok {
				t.Fatalf("%s: no sample value for {%s}", op.ID, name)
			}
			values = append(values, v)
		}
		res := h.do(op.Method, op.Expand(values...), none, map[string]any{})
		h.expect(res, http.StatusForbidden, "Insufficient scope. Required: "+op.Scope)
	}
}

func TestScopeImplications(t *testing.T) {
	h := newHarness(t, Config{})
	appID := h.createApp("sandbox", "implied-app")
	token := func(scopes ...string) string { return h.e.IssueToken("sandbox", scopes, 0) }

	appsDelete := token("apps:delete")
	h.expect(h.do("GET", "/v1/apps", appsDelete, nil), http.StatusOK, "")
	h.expect(h.do("PUT", appPath(appID, ""), appsDelete, map[string]any{"description": "x"}), http.StatusOK, "")
	h.expect(h.do("GET", appPath(appID, "/api-keys"), appsDelete, nil), http.StatusOK, "")

	secretsRead := token("secrets:read")
	h.expect(h.do("GET", "/v1/apps", secretsRead, nil), http.StatusForbidden, "Insufficient scope. Required: apps:read")
	h.expect(h.do("GET", appPath(appID, "/secrets"), secretsRead, nil), http.StatusOK, "")
	h.expect(h.do("POST", appPath(appID, "/secrets"), secretsRead, map[string]any{"name": "A", "value": "b"}),
		http.StatusForbidden, "Insufficient scope. Required: secrets:write")

	appsWrite := token("apps:write")
	h.expect(h.do("DELETE", appPath(appID, ""), appsWrite, nil), http.StatusForbidden, "Insufficient scope. Required: apps:delete")
	h.expect(h.do("POST", appPath(appID, "/api-keys"), appsWrite, nil), http.StatusOK, "")

	membersDelete := token("members:delete")
	h.expect(h.do("GET", "/v1/members", membersDelete, nil), http.StatusOK, "")
	membersWrite := token("members:write")
	h.expect(h.do("DELETE", "/v1/members/2", membersWrite, nil), http.StatusForbidden, "Insufficient scope. Required: members:delete")

	deploymentsWrite := token("deployments:write")
	h.expect(h.do("GET", appPath(appID, "/deployments"), deploymentsWrite, nil), http.StatusOK, "")
}

// TestCheckOrder follows README §11.4: 401, then 403, then path parse 400, then 404, then
// body 400, then 409.
func TestCheckOrder(t *testing.T) {
	h := newHarness(t, Config{})
	noScope := h.e.IssueToken("sandbox", []string{"members:read"}, 0)
	readOnly := h.e.IssueToken("sandbox", []string{"apps:read"}, 0)

	h.expect(h.do("GET", "/v1/apps/abc", "", nil), http.StatusUnauthorized, "Missing Authorization header")
	h.expect(h.do("GET", "/v1/apps/abc", noScope, nil), http.StatusForbidden, "Insufficient scope. Required: apps:read")
	h.expect(h.do("GET", "/v1/apps/abc", readOnly, nil), http.StatusBadRequest, "Invalid app ID")
	h.expect(h.do("GET", "/v1/apps/0", readOnly, nil), http.StatusBadRequest, "Invalid app ID")
	h.expect(h.do("GET", "/v1/apps/-3", readOnly, nil), http.StatusBadRequest, "Invalid app ID")
	h.expect(h.do("GET", "/v1/apps/999", readOnly, nil), http.StatusNotFound, "App with ID 999 not found")
	// 404 before body validation, body validation before the name conflict.
	h.expect(h.do("PUT", "/v1/apps/999", "sandbox", map[string]any{"replicas": 99}), http.StatusNotFound, "App with ID 999 not found")
	h.createApp("sandbox", "order-app")
	res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "order-app", "region": "eu-central-1"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	h.expect(h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "order-app", "region": "us-east-1"}),
		http.StatusConflict, `App "order-app" already exists in this organization`)
	// Invalid path parameters on every app route.
	for _, p := range []string{"", "/deployments", "/secrets", "/secrets/X", "/api-keys"} {
		h.expect(h.do("GET", "/v1/apps/x1"+p, "sandbox", nil), http.StatusBadRequest, "Invalid app ID")
	}
	h.expect(h.do("GET", "/v1/apps/x1/deployments/1", "sandbox", nil), http.StatusBadRequest, "Invalid app ID")
	h.expect(h.do("GET", "/v1/apps/999/deployments/abc", "sandbox", nil), http.StatusBadRequest, "Invalid deployment ID")
}

func TestUnknownRouteAndWrongMethod(t *testing.T) {
	h := newHarness(t, Config{})
	h.expect(h.do("GET", "/v1/nothing", "sandbox", nil), http.StatusNotFound, "Not found")
	h.expect(h.do("GET", "/v1/apps/1/unknown", "sandbox", nil), http.StatusNotFound, "Not found")
	// "/v1/apps/" is the list, as Express reads one trailing slash (api/README §10 "Route
	// spelling"); an empty appId before a second one names no route.
	h.expect(h.do("GET", "/v1/apps//", "sandbox", nil), http.StatusNotFound, "Not found")

	res := h.do("PATCH", "/v1/apps/1", "sandbox", nil)
	h.expect(res, http.StatusMethodNotAllowed, "Method not allowed")
	if got := res.header.Get("Allow"); got != "DELETE, GET, HEAD, PUT" {
		t.Errorf("Allow = %q", got)
	}
	res = h.do("GET", "/api/oauth/token", "", nil)
	h.expect(res, http.StatusMethodNotAllowed, "Method not allowed")
	if got := res.header.Get("Allow"); got != "POST" {
		t.Errorf("Allow = %q", got)
	}
	if h.e.Calls(api.GetApp.ID) != 0 {
		t.Errorf("wrong-method requests must not count as calls")
	}
}

func TestPlatformLists(t *testing.T) {
	h := newHarness(t, Config{})
	for _, q := range []string{"", "?env=prod", "?env=dev"} {
		res := h.do("GET", "/v1/regions"+q, "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		regions := list(res.obj()["regions"])
		if len(regions) != 2 || res.obj()["default"] != "us-west-2" {
			t.Fatalf("regions%s = %s", q, res.raw)
		}
		west := regions[1].(map[string]any)
		if west["cname"] != "us-west-2-prod-aws-data" || west["isDefault"] != true || west["providerName"] != "AWS" {
			t.Errorf("us-west-2 = %v", west)
		}
	}
	res := h.do("GET", "/v1/regions?env=staging", "sandbox", nil)
	h.expect(res, http.StatusBadRequest, "Validation error")
	if len(res.fieldErrors("env")) != 1 {
		t.Errorf("env errors: %s", res.raw)
	}

	res = h.do("GET", "/v1/container-images", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	if res.obj()["default"] != defaultImageTag || strings.Contains(string(res.raw), "-models") {
		t.Errorf("default image: %s", res.raw)
	}
	for _, img := range list(res.obj()["images"]) {
		m := img.(map[string]any)
		if m["channel"] != "stable" || m["name"] != "spiceai/spiceai:"+m["tag"].(string) {
			t.Errorf("stable image %v", m)
		}
	}
	res = h.do("GET", "/v1/container-images?channel=enterprise", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	for _, img := range list(res.obj()["images"]) {
		m := img.(map[string]any)
		if m["channel"] != "enterprise" || !strings.HasPrefix(m["name"].(string), "spiceai/spiceai-enterprise:") {
			t.Errorf("enterprise image %v", m)
		}
	}
	res = h.do("GET", "/v1/container-images?channel=nightly", "sandbox", nil)
	h.expect(res, http.StatusBadRequest, "Validation error")
	if len(res.fieldErrors("channel")) != 1 {
		t.Errorf("channel errors: %s", res.raw)
	}
}
