package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Facts of api/README.md that no other sandbox test pins down, one test per section.

// TestR48SpecauditCheckOrder walks api/README §3's check order one neighbouring pair at a
// time: each request breaks two rules, and the earlier check answers.
func TestR48SpecauditCheckOrder(t *testing.T) {
	h := newHarness(t, Config{Demo: true, OAuthClients: []OAuthClient{{ID: "ro", Secret: "s", Org: "sandbox", Scopes: []string{"apps:read"}}}})
	readOnly := h.e.IssueToken("sandbox", []string{"apps:read"}, 0)
	viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
	viewerReadOnly := h.e.IssueUserToken("acme-labs", "bob", []string{"apps:read"}, 0)
	id := h.createApp("sandbox", "order-app")
	h.createApp("sandbox", "taken-app")

	// 401 token before 400 empty X-Org-Name.
	h.expect(h.doOrg("GET", "/v1/projects", "no-such-token", "", nil), http.StatusUnauthorized, "")
	// 400 empty X-Org-Name before 403 org_forbidden / insufficient_scope.
	h.expect(h.doOrg("POST", "/v1/projects", readOnly, "", map[string]any{"name": "nope-nope"}), http.StatusBadRequest, "Invalid X-Org-Name header")
	// 403 org_forbidden before 403 insufficient_scope.
	h.expectCode(h.doOrg("POST", "/v1/projects", readOnly, "nobody-org", map[string]any{"name": "nope-nope"}), http.StatusForbidden, "org_forbidden")
	// 403 org_assertion_mismatch before 403 insufficient_scope: a read-only client token naming another organization.
	tok := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ro&client_secret=s")
	clientToken, _ := tok.obj()["access_token"].(string)
	h.expectCode(h.doOrg("POST", "/v1/projects", clientToken, "acme-labs", map[string]any{"name": "nope-nope"}), http.StatusForbidden, "org_assertion_mismatch")
	h.expectCode(h.doOrg("POST", "/v1/projects", clientToken, "sandbox", map[string]any{"name": "nope-nope"}), http.StatusForbidden, "insufficient_scope")
	// 403 insufficient_scope before 403 forbidden (role).
	h.expectCode(h.do("POST", "/v1/projects", viewerReadOnly, map[string]any{"name": "nope-nope"}), http.StatusForbidden, "insufficient_scope")
	// 403 forbidden (role) before 400 non-numeric id.
	h.expectCode(h.do("PUT", "/v1/projects/abc", viewer, map[string]any{"description": "x"}), http.StatusForbidden, "forbidden")
	// 400 non-numeric id before 404 (there is no project "abc", and the body is bad too).
	h.expect(h.do("PUT", "/v1/projects/abc", "sandbox", map[string]any{"replicas": "many"}), http.StatusBadRequest, "Invalid project ID")
	// 404 before 400 body validation.
	h.expect(h.do("PUT", "/v1/projects/999", "sandbox", map[string]any{"replicas": "many"}), http.StatusNotFound, "Project not found")
	// 400 body validation before 409 conflict: a taken name with a bad region.
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "taken-app", "region": "mars-1"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	res = h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"name": "TAKEN-APP", "replicas": "many"})
	h.expect(res, http.StatusBadRequest, "Validation error")
}

// TestR48SpecauditProjectNames: api/README §7.1, a name is 4–38 characters of
// ^[a-zA-Z0-9-]+$, unique per organization without case.
func TestR48SpecauditProjectNames(t *testing.T) {
	h := newHarness(t, Config{})
	for _, bad := range []string{"abc", strings.Repeat("a", 39), "has_underscore", "has space", "dot.name"} {
		res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": bad})
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors("name")) == 0 {
			t.Errorf("%q: no field error on name: %s", bad, res.raw)
		}
	}
	for _, good := range []string{"abcd", strings.Repeat("b", 38), "Mixed-Case-9"} {
		h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": good}), http.StatusCreated, "")
	}
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "MIXED-case-9"}), http.StatusConflict, "")
	h.expect(h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "mixed-CASE-9", "region": "us-east-1"}), http.StatusConflict, "")
}

// TestR48SpecauditForkNameUnavailable: api/README §7.2, default names are <source>-fork,
// <source>-fork-2, …; when none is free (here: none fits the 38-character name rule) the
// fork is 409 fork_name_unavailable, while an explicit name still works.
func TestR48SpecauditForkNameUnavailable(t *testing.T) {
	h := newHarness(t, Config{})
	long := strings.Repeat("n", 34) // "<34>-fork" is 39 characters
	src := h.deployableApp("sandbox", long)
	h.expectCode(h.do("POST", projectPath(src, "/forks"), "sandbox", nil), http.StatusConflict, "fork_name_unavailable")
	res := h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"name": "short-fork"})
	h.expect(res, http.StatusCreated, "")

	src = h.deployableApp("sandbox", "base")
	for _, want := range []string{"base-fork", "base-fork-2", "base-fork-3"} {
		res := h.do("POST", projectPath(src, "/forks"), "sandbox", nil)
		h.expect(res, http.StatusCreated, "")
		if res.obj()["name"] != want {
			t.Errorf("fork name %v, want %s", res.obj()["name"], want)
		}
	}
}

// TestR48SpecauditOwnerImmutable: api/README §7.9, the owner cannot be modified, 403
// "Cannot modify organization owner" without a code (the target is refused, not the caller's role).
func TestR48SpecauditOwnerImmutable(t *testing.T) {
	h := newHarness(t, Config{})
	var owner int64
	for _, m := range list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"]) {
		if m.(map[string]any)["username"] == "alice" {
			owner = num(m.(map[string]any)["user_id"])
		}
	}
	res := h.do("PATCH", "/v1/members/"+itoa(owner), "sandbox", map[string]any{"roles": []string{"admin"}})
	h.expect(res, http.StatusForbidden, "Cannot modify organization owner")
	if _, ok := res.obj()["code"]; ok {
		t.Errorf("owner target carries a code: %s", res.raw)
	}
	res = h.do("DELETE", "/v1/members/"+itoa(owner), "sandbox", nil)
	h.expect(res, http.StatusForbidden, "Cannot remove organization owner")
	if _, ok := res.obj()["code"]; ok {
		t.Errorf("owner target carries a code: %s", res.raw)
	}
}

// TestR48SpecauditMemberRoles: api/README §7.9 and §10, both member routes accept the five
// roles (billing legacy, treated as member), and a billing member may do what a member may.
func TestR48SpecauditMemberRoles(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{"billing"}})
	h.expect(res, http.StatusCreated, "")
	jdoe := num(res.obj()["user_id"])
	if !slices.Equal(list(res.obj()["roles"]), []any{"billing"}) {
		t.Errorf("added: %s", res.raw)
	}
	billing := h.e.IssueUserToken("sandbox", "jdoe", []string{"*"}, 0)
	h.expect(h.do("POST", "/v1/projects", billing, map[string]any{"name": "billing-made"}), http.StatusCreated, "")
	h.expectCode(h.do("POST", "/v1/members", billing, map[string]any{"username": "asmith"}), http.StatusForbidden, "forbidden")
	for _, role := range []string{"viewer", "member", "admin", "billing"} {
		res := h.do("PATCH", "/v1/members/"+itoa(jdoe), "sandbox", map[string]any{"roles": []string{role}})
		h.expect(res, http.StatusOK, "")
		if _, ok := res.obj()["is_owner"]; ok {
			t.Errorf("PATCH answers without is_owner: %s", res.raw)
		}
	}
}

// TestR48SpecauditOrgsBody: api/README §7.10, {"orgs": [{"id","name","displayName","role"}]}.
func TestR48SpecauditOrgsBody(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("GET", "/v1/orgs", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	orgs := list(res.obj()["orgs"])
	if len(orgs) != 2 {
		t.Fatalf("orgs: %s", res.raw)
	}
	for _, o := range orgs {
		m := o.(map[string]any)
		requireKeys(t, "org", m, "id", "name", "displayName", "role")
	}
	// The organization is not echoed on project rows (PR-13357, Observed).
	for _, path := range []string{"/v1/projects", "/v1/apps"} {
		r48SpecauditCreateRow(h, path)
	}
	for _, key := range []string{"projects", "apps"} {
		for _, p := range list(h.do("GET", "/v1/"+key, "sandbox", nil).obj()[key]) {
			if _, ok := p.(map[string]any)["org"]; ok {
				t.Errorf("%s row carries org: %v", key, p)
			}
		}
	}
	first := orgs[0].(map[string]any)
	if first["name"] != "sandbox" || first["displayName"] != "Sandbox" || first["role"] != "owner" {
		t.Errorf("sandbox org: %v", first)
	}
}

// TestR48SpecauditChannels: api/README §10, update_channel accepts five values on create and
// update; a deployment's channel accepts four (internal-sandbox is not one).
func TestR48SpecauditChannels(t *testing.T) {
	h := newHarness(t, Config{})
	for i, ch := range []string{"stable", "preview", "nightly", "internal", "internal-sandbox"} {
		res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "chan-app-" + itoa(int64(i)), "region": "us-west-2", "update_channel": ch})
		h.expect(res, http.StatusCreated, "")
		if res.obj()["config"].(map[string]any)["update_channel"] != ch {
			t.Errorf("%s: %s", ch, res.raw)
		}
		h.expect(h.do("PUT", projectPath(num(res.obj()["id"]), ""), "sandbox", map[string]any{"update_channel": ch}), http.StatusOK, "")
	}
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "chan-bad", "update_channel": "beta"}), http.StatusBadRequest, "Validation error")
	id := h.deployableApp("sandbox", "chan-deploy")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"channel": "internal-sandbox"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if len(res.fieldErrors("channel")) == 0 {
		t.Errorf("channel: %s", res.raw)
	}
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"channel": "internal"}), http.StatusAccepted, "")
}

// TestR48SpecauditDeploymentLifecycle: api/README §7.6, 202 queued → in_progress → succeeded
// within the 10 s polling interval; one in flight (409 + activeDeploymentId); the emulator
// never creates `created`.
func TestR48SpecauditDeploymentLifecycle(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "life-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.expect(res, http.StatusAccepted, "")
	dep := num(res.obj()["id"])
	if res.obj()["status"] != "queued" {
		t.Errorf("new deployment: %s", res.raw)
	}
	busy := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.expect(busy, http.StatusConflict, "")
	if num(busy.obj()["activeDeploymentId"]) != dep {
		t.Errorf("409: %s", busy.raw)
	}
	path := projectPath(id, "/deployments/"+itoa(dep))
	seen := []string{}
	for range 10 {
		s := h.do("GET", path, "sandbox", nil).obj()["status"].(string)
		if len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
		h.clock.Advance(time.Second)
	}
	if !slices.Equal(seen, []string{"queued", "in_progress", "succeeded"}) {
		t.Errorf("statuses %v", seen)
	}
	h.expect(h.do("GET", projectPath(id, "/deployments?status=created"), "sandbox", nil), http.StatusOK, "")
	if n := len(list(h.do("GET", projectPath(id, "/deployments?status=created"), "sandbox", nil).obj()["deployments"])); n != 0 {
		t.Errorf("%d created deployments", n)
	}
	h.expect(h.do("GET", projectPath(id, "/deployments?limit=100"), "sandbox", nil), http.StatusOK, "")
	for _, q := range []string{"limit=101", "limit=0", "status=done"} {
		res := h.do("GET", projectPath(id, "/deployments?"+q), "sandbox", nil)
		h.expect(res, http.StatusBadRequest, "")
	}
}

// TestR48SpecauditTagValues: api/README §7.1, tag values are letters, digits, _@- (≤256).
func TestR48SpecauditTagValues(t *testing.T) {
	h := newHarness(t, Config{})
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "tag-ok", "tags": map[string]any{"team": "a_b@c-D9", "long": strings.Repeat("x", 256)}}), http.StatusCreated, "")
	for i, v := range []string{"has space", "dot.value", strings.Repeat("x", 257), "slash/v"} {
		res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "tag-bad-" + itoa(int64(i)), "tags": map[string]any{"team": v}})
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors("tags")) == 0 {
			t.Errorf("%q: %s", v, res.raw)
		}
	}
}

// TestR48SpecauditPlacementMessages: api/README §7.1, region must match the cluster's
// region; cname cannot be combined with cluster_name; an unknown cluster is named.
func TestR48SpecauditPlacementMessages(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	clusters := list(h.do("GET", "/v1/clusters", "sandbox", nil).obj()["clusters"])
	if len(clusters) == 0 {
		t.Fatal("enterprise organization without clusters")
	}
	c := clusters[0].(map[string]any)
	name, region := c["cluster_name"].(string), c["region"].(string)
	other := "us-east-1"
	if region == other {
		other = "us-west-2"
	}
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "mismatch", "cluster_name": name, "region": other})
	h.expect(res, http.StatusBadRequest, "")
	if !strings.Contains(string(res.raw), "region '"+other+"' does not match cluster region '"+region+"'") {
		t.Errorf("mismatch: %s", res.raw)
	}
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "unknown-cl", "cluster_name": "no-such-cluster"})
	h.expect(res, http.StatusBadRequest, "")
	if !strings.Contains(string(res.raw), "Cluster 'no-such-cluster' not found") {
		t.Errorf("unknown cluster: %s", res.raw)
	}
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "with-cname", "cluster_name": name, "cname": "us-west-2-prod-aws-data"}), http.StatusBadRequest, "")
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "null-cluster", "cluster_name": nil, "region": "us-east-1"})
	h.expect(res, http.StatusCreated, "")
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "on-cluster", "cluster_name": name})
	h.expect(res, http.StatusCreated, "")
	if res.obj()["cluster_name"] != name || res.obj()["region"] != region || !strings.HasPrefix(res.obj()["endpoint"].(string), "https://") {
		t.Errorf("on cluster: %s", res.raw)
	}
	// §10: a bare host on /v1/clusters, a URL on projects.
	if ep, _ := c["endpoint"].(string); ep == "" || strings.Contains(ep, "://") {
		t.Errorf("cluster endpoint %q is not a bare host", ep)
	}
}

// TestR48SpecauditLimits: api/README §7.12, limits has every field; users -1 means unlimited;
// resources is null without private compute and an object with it.
func TestR48SpecauditLimits(t *testing.T) {
	for _, cfg := range []Config{{}, enterpriseConfig()} {
		h := newHarness(t, cfg)
		res := h.do("GET", "/v1/limits", "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		requireKeys(t, "limits", res.obj(), "apps", "replicas", "spicepods", "users", "api_rps",
			"request_timeout_secs", "sql_query_timeout_secs", "sql_concurrent_queries", "resources")
		if r, ok := res.obj()["resources"].(map[string]any); ok {
			requireKeys(t, "limits.resources", r, "max_cpu", "max_memory_gi")
		}
	}
}

// TestR48SpecauditAPIKeys: api/README §7.8, key_number 0/1/2 (default 1), the old key is
// invalid at once.
func TestR48SpecauditAPIKeys(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "keys-app")
	old1, _ := h.e.APIKey("sandbox", id, 1)
	old2, _ := h.e.APIKey("sandbox", id, 2)
	h.expect(h.do("POST", projectPath(id, "/api-keys"), "sandbox", map[string]any{}), http.StatusOK, "")
	if h.e.ValidAPIKey(old1) || !h.e.ValidAPIKey(old2) {
		t.Errorf("default regenerates key 1 only")
	}
	h.expect(h.do("POST", projectPath(id, "/api-keys"), "sandbox", map[string]any{"key_number": 3}), http.StatusBadRequest, "")
	new1, _ := h.e.APIKey("sandbox", id, 1)
	h.expect(h.do("POST", projectPath(id, "/api-keys"), "sandbox", map[string]any{"key_number": 0}), http.StatusOK, "")
	if h.e.ValidAPIKey(new1) || h.e.ValidAPIKey(old2) {
		t.Errorf("key_number 0 regenerates both")
	}
}

// r48SpecauditPath fills op's path with values of the acme-labs demo world (nightly-etl and its
// first deployment, bob, a secret name, an instance name).
func r48SpecauditPath(t *testing.T, h *harness, op *api.Operation) string {
	t.Helper()
	etl := h.projectID("acme-labs", "nightly-etl")
	deps := list(h.doOrg("GET", projectPath(etl, "/deployments"), "sandbox", "acme-labs", nil).obj()["deployments"])
	if len(deps) == 0 {
		t.Fatal("nightly-etl has no deployments")
	}
	var bob int64
	for _, m := range list(h.doOrg("GET", "/v1/members", "sandbox", "acme-labs", nil).obj()["members"]) {
		if m.(map[string]any)["username"] == "bob" {
			bob = num(m.(map[string]any)["user_id"])
		}
	}
	sample := map[string]string{"appId": itoa(etl), "projectId": itoa(etl), "deploymentId": itoa(num(deps[0].(map[string]any)["id"])),
		"secretName": "KEY", "memberId": itoa(bob), "instanceName": "x"}
	var values []string
	for _, name := range op.PathParams() {
		v, ok := sample[name]
		if !ok {
			t.Fatalf("%s: no sample value for {%s}", op.ID, name)
		}
		values = append(values, v)
	}
	return op.Expand(values...)
}

// TestR48SpecauditEveryRouteRefusals: api/README §6, every authenticated route answers 401
// without a token, 400 for an empty X-Org-Name, 403 org_forbidden for an organization the
// caller cannot reach; and §4, a viewer gets 403 forbidden on exactly the operations whose
// x-required-role is above viewer (reads pass the role check).
func TestR48SpecauditEveryRouteRefusals(t *testing.T) {
	for _, op := range api.Operations {
		if op.Scope == "" {
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			h := newHarness(t, Config{Demo: true})
			path := r48SpecauditPath(t, h, op)
			res := h.do(op.Method, path, "", map[string]any{})
			h.expect(res, http.StatusUnauthorized, "Missing Authorization header")
			if res.header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			h.expect(h.doOrg(op.Method, path, "sandbox", "", map[string]any{}), http.StatusBadRequest, "Invalid X-Org-Name header")
			h.expectCode(h.doOrg(op.Method, path, "sandbox", "nobody-org", map[string]any{}), http.StatusForbidden, "org_forbidden")

			viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
			res = h.do(op.Method, path, viewer, map[string]any{})
			code, _ := res.obj()["code"].(string)
			if op.Role == "viewer" {
				if res.status == http.StatusForbidden && code == "forbidden" {
					t.Errorf("viewer refused a read: %s", res.raw)
				}
			} else if res.status != http.StatusForbidden || code != "forbidden" {
				t.Errorf("viewer on a %s operation: %d %s", op.Role, res.status, res.raw)
			}
		})
	}
}

// TestR48SpecauditAliasesAgree: api/README §2, /v1/apps/{appId}/... and /v1/projects/{projectId}/...
// address the same resource: every read twin answers the same status, and the same body
// but for the list envelope key, the deprecated api_key and the not-found text.
func TestR48SpecauditAliasesAgree(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	byID := map[string]*api.Operation{}
	for _, op := range api.Operations {
		byID[op.ID] = op
	}
	for _, alias := range api.Operations {
		if alias.AliasOf == "" || alias.Method != "GET" {
			continue
		}
		twin := byID[alias.AliasOf]
		if twin == nil {
			t.Errorf("%s: alias of unknown %s", alias.ID, alias.AliasOf)
			continue
		}
		a := h.doOrg("GET", r48SpecauditPath(t, h, alias), "sandbox", "acme-labs", nil)
		p := h.doOrg("GET", r48SpecauditPath(t, h, twin), "sandbox", "acme-labs", nil)
		if a.status != p.status {
			t.Errorf("%s %d, %s %d", alias.ID, a.status, twin.ID, p.status)
		}
	}
}

// TestR48SpecauditForkCopies: api/README §7.2, a fork copies description, tags, update channel,
// version range and secrets; it gets new API keys and is private, undeployed and not connected
// to the source's repository.
func TestR48SpecauditForkCopies(t *testing.T) {
	h := newHarness(t, Config{})
	src := h.deployableApp("sandbox", "copy-src")
	// Connected first: connecting copies the repository description onto the project (§7.3).
	h.expect(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "copy-src"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(src, ""), "sandbox", map[string]any{"description": "the source", "visibility": "public",
		"tags": map[string]any{"team": "data"}, "update_channel": "preview", "version": "2.x"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(src, "/secrets"), "sandbox", map[string]any{"name": "PG_PASS", "value": "v"}), http.StatusOK, "")
	h.deployAndSettle(src)

	res := h.do("POST", projectPath(src, "/forks"), "sandbox", nil)
	h.expect(res, http.StatusCreated, "")
	fork := res.obj()
	cfg := fork["config"].(map[string]any)
	if fork["description"] != "the source" || fork["visibility"] != "private" || fork["tags"].(map[string]any)["team"] != "data" ||
		cfg["update_channel"] != "preview" || cfg["version"] != "2.x" || fork["production_branch"] != nil {
		t.Errorf("fork: %s", res.raw)
	}
	id := num(fork["id"])
	h.expect(h.do("GET", projectPath(id, "/secrets/PG_PASS"), "sandbox", nil), http.StatusOK, "")
	if n := len(list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])); n != 0 {
		t.Errorf("fork has %d deployments", n)
	}
	srcKey, _ := h.e.APIKey("sandbox", src, 1)
	forkKey, ok := h.e.APIKey("sandbox", id, 1)
	if !ok || forkKey == srcKey {
		t.Errorf("fork keys are not new")
	}
	// Not connected: its spicepod can be replaced (a connected project answers 409 github_connected).
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: copy-src-fork\n"}), http.StatusOK, "")
}

// TestR48SpecauditPauseKeeps: api/README §7.4, pause tears the runtime down but keeps the
// project, its secrets and its keys; while paused reads still work.
func TestR48SpecauditPauseKeeps(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "keep-app")
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "KEEP", "value": "v"}), http.StatusOK, "")
	h.deployAndSettle(id)
	key, _ := h.e.APIKey("sandbox", id, 1)
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("GET", projectPath(id, ""), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("GET", projectPath(id, "/secrets/KEEP"), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil), http.StatusOK, "")
	if !h.e.ValidAPIKey(key) {
		t.Errorf("pause dropped the API key")
	}
	if pods := h.metricPods(id); len(pods) != 0 {
		t.Errorf("paused project reports pods %v", pods)
	}
}

// TestR48SpecauditInstanceLogTail: api/README §7.5, tail defaults to 100 lines, oldest first,
// the newest kept.
func TestR48SpecauditInstanceLogTail(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "chatty-app")
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: chatty-app\ndatasets:\n")
	for i := range 150 {
		pod.WriteString("  - from: s3://bucket/t" + itoa(int64(i)) + "/\n    name: t" + itoa(int64(i)) + "\n")
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": pod.String()}), http.StatusOK, "")
	h.deployAndSettle(id)
	name := h.onlyInstance(id, "ready")
	all := list(h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=1000"), "sandbox", nil).obj()["lines"])
	if len(all) <= 150 {
		t.Fatalf("%d lines for 150 datasets", len(all))
	}
	res := h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	lines := list(res.obj()["lines"])
	if len(lines) != 100 || !slices.Equal(lines, all[len(all)-100:]) {
		t.Errorf("default tail: %d lines, want the newest 100 of %d", len(lines), len(all))
	}
}

// TestR48SpecauditGitHubNotConnected: api/README §5, connect repository answers 409
// github_not_connected when the organization has no GitHub account connected; the emulator
// could not produce this documented code before (Org.GitHubNotConnected). Input errors stay 400
// first, and nothing is connected.
func TestR48SpecauditGitHubNotConnected(t *testing.T) {
	orgs := DefaultOrgs()
	orgs[0].GitHubNotConnected = true
	h := newHarness(t, Config{Orgs: orgs})
	id := h.deployableApp("sandbox", "nogh-app")
	h.expectCode(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "not a repo!"}), http.StatusBadRequest, "invalid_repository")
	for _, repo := range []string{"nogh-app", "sandbox/nogh-app", "repo-unavailable", "repo-missing"} {
		h.expectCode(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": repo}), http.StatusConflict, "github_not_connected")
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: nogh-app\n"}), http.StatusOK, "")
	// acme-labs keeps its GitHub account.
	acme := h.doOrg("POST", "/v1/projects", "sandbox", "acme-labs", map[string]any{"name": "gh-app"})
	h.expect(acme, http.StatusCreated, "")
	h.expect(h.doOrg("PUT", projectPath(num(acme.obj()["id"]), "/repository"), "sandbox", "acme-labs", map[string]any{"repository": "gh-app"}), http.StatusOK, "")
}

// TestR48SpecauditInstancesNewestFirst: api/README §7.5, instances are listed newest first:
// while a new deployment starts, its instance comes before the serving ones.
func TestR48SpecauditInstancesNewestFirst(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "newest-app")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"replicas": 2}), http.StatusOK, "")
	h.deployAndSettle(id)
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(2 * time.Second)
	res := h.do("GET", projectPath(id, "/instances"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	var started []string
	for _, in := range list(res.obj()["instances"]) {
		s, _ := in.(map[string]any)["started_at"].(string)
		started = append(started, s)
	}
	if len(started) < 3 || !slices.IsSortedFunc(started, func(a, b string) int { return strings.Compare(b, a) }) || started[0] == started[len(started)-1] {
		t.Errorf("instances not newest first: %s", res.raw)
	}
}

// TestR48SpecauditOrgHeaderReach: api/README §3, a PAT may name an organization its user
// belongs to, whatever its role there; one its user does not belong to is 403 org_forbidden,
// as an unknown handle is; and without the header the token's own organization is used.
func TestR48SpecauditOrgHeaderReach(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	carol := h.e.IssueUserToken("acme-labs", "carol", []string{"*"}, 0) // owner of acme-labs only
	bob := h.e.IssueUserToken("sandbox", "bob", []string{"*"}, 0)       // member of sandbox, viewer of acme-labs
	h.expectCode(h.doOrg("GET", "/v1/projects", carol, "sandbox", nil), http.StatusForbidden, "org_forbidden")
	h.expect(h.doOrg("GET", "/v1/projects", bob, "acme-labs", nil), http.StatusOK, "")
	own := list(h.do("GET", "/v1/projects", carol, nil).obj()["projects"])
	named := list(h.doOrg("GET", "/v1/projects", "sandbox", "acme-labs", nil).obj()["projects"])
	if len(own) == 0 || len(own) != len(named) {
		t.Errorf("carol's own organization lists %d projects, acme-labs named %d", len(own), len(named))
	}
}

// r48SpecauditCreateRow creates one project through path (POST /v1/projects or /v1/apps).
func r48SpecauditCreateRow(h *harness, path string) {
	h.t.Helper()
	name := "row-" + strings.TrimPrefix(path, "/v1/")
	h.expect(h.do("POST", path, "sandbox", map[string]any{"name": name, "region": "us-east-1"}), http.StatusCreated, "")
}

// TestR48SpecauditStorageSizeNotNegative: storage_size_gb is a plain number in openapi.json;
// a negative size is refused naming the field, on create and update (api/README §10, Assumed,
// as client and tool schemas do), and 0 is a size.
func TestR48SpecauditStorageSizeNotNegative(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "neg-store", "storage_size_gb": -1})
	h.expectField(res, "storage_size_gb", "Number must be greater than or equal to 0")
	id := h.createApp("sandbox", "zero-store")
	h.expectField(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"storage_size_gb": -0.5}), "storage_size_gb", "Number must be greater than or equal to 0")
	res = h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"storage_size_gb": 0})
	h.expect(res, http.StatusOK, "")
	if v, ok := res.obj()["config"].(map[string]any)["storage_size_gb"].(float64); !ok || v != 0 {
		t.Errorf("storage_size_gb 0: %s", res.raw)
	}
}

// TestR48SpecauditImagesWithoutEnterprise: api/README §7.14, no `-models` tags since v2.0.0,
// tags spelled 2.3.2; `channel=enterprise` without a subscription lists the Enterprise images
// (Assumed: a list is no pin), while pinning one stays 403 image_tag_requires_enterprise.
func TestR48SpecauditImagesWithoutEnterprise(t *testing.T) {
	h := newHarness(t, Config{})
	for _, ch := range []string{"", "?channel=stable", "?channel=enterprise"} {
		res := h.do("GET", "/v1/container-images"+ch, "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		images := list(res.obj()["images"])
		if len(images) == 0 {
			t.Errorf("%s: no images", ch)
		}
		for _, im := range images {
			tag, _ := im.(map[string]any)["tag"].(string)
			if strings.Contains(tag, "-models") || strings.HasPrefix(tag, "v") || !strings.HasPrefix(tag, "2.") {
				t.Errorf("%s: tag %q", ch, tag)
			}
		}
	}
	ent := list(h.do("GET", "/v1/container-images?channel=enterprise", "sandbox", nil).obj()["images"])
	tag := ent[0].(map[string]any)["tag"].(string)
	id := h.deployableApp("sandbox", "no-ent-app")
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": tag}), http.StatusForbidden, "image_tag_requires_enterprise")
	h.expect(h.do("GET", "/v1/container-images?channel=preview", "sandbox", nil), http.StatusBadRequest, "Validation error")
}

// TestR48SpecauditPauseTwiceResumeRunning: api/README §7.4 (Assumed, §11 lists both as
// unknown): pausing a paused project is 204 again and changes nothing; resuming a project that
// is not paused is 400 "Project is not paused" without a code, and starts nothing.
func TestR48SpecauditPauseTwiceResumeRunning(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "twice-app")
	h.deployAndSettle(id)
	res := h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusBadRequest, "Project is not paused")
	if _, ok := res.obj()["code"]; ok {
		t.Errorf("resume of a running project carries a code: %s", res.raw)
	}
	if n := len(list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])); n != 1 {
		t.Errorf("%d deployments after a refused resume", n)
	}
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusOK, "")
}

// TestR48SpecauditInstanceStatusesAndPlanTail: api/README §7.5 (Assumed: statuses beyond
// ready and the plans' max_tail are unpublished): a rollout's instance is "starting" while its
// deployment runs; the plan limit on tail is 1000 lines, 5000 on Enterprise.
func TestR48SpecauditInstanceStatusesAndPlanTail(t *testing.T) {
	for _, tc := range []struct {
		cfg     Config
		maxTail int64
	}{{Config{}, 1000}, {enterpriseConfig(), 5000}} {
		h := newHarness(t, tc.cfg)
		id := h.deployableApp("sandbox", "tail-app")
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
		h.clock.Advance(2 * time.Second)
		name := h.onlyInstance(id, "starting")
		h.clock.Advance(5 * time.Second)
		if h.onlyInstance(id, "ready") != name {
			t.Errorf("the starting instance is not the one that became ready")
		}
		h.expect(h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail="+itoa(tc.maxTail)), "sandbox", nil), http.StatusOK, "")
		res := h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail="+itoa(tc.maxTail+1)), "sandbox", nil)
		h.expectCode(res, http.StatusForbidden, "plan_limit")
		if num(res.obj()["max_tail"]) != tc.maxTail {
			t.Errorf("max_tail: %s", res.raw)
		}
	}
}

// TestR48SpecauditReconnectReplaces: api/README §7.3, connecting replaces any previous
// connection; a connected project's deployment records the branch and a commit it read.
func TestR48SpecauditReconnectReplaces(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "reconnect-app")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "first-repo"}), http.StatusOK, "")
	res := h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "sandbox/second-repo", "production_branch": "release"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["repository"] != "sandbox/second-repo" || res.obj()["production_branch"] != "release" {
		t.Errorf("reconnected: %s", res.raw)
	}
	if p := h.do("GET", projectPath(id, ""), "sandbox", nil).obj(); p["production_branch"] != "release" {
		t.Errorf("project: %v", p)
	}
	// The first repository's directory is free again: another project may connect it.
	other := h.createApp("sandbox", "other-app")
	h.expect(h.do("PUT", projectPath(other, "/repository"), "sandbox", map[string]any{"repository": "first-repo"}), http.StatusOK, "")
	dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.expect(dep, http.StatusAccepted, "")
	if sha, _ := dep.obj()["commit_sha"].(string); dep.obj()["branch"] != "release" || sha == "" {
		t.Errorf("connected deployment: %s", dep.raw)
	}
}

// TestR48SpecauditOAuthTokenLifetime: api/README §3, a client-credentials token lives an hour
// (`expires_in: 3600`) unless the world says otherwise, and is refused once expired.
func TestR48SpecauditOAuthTokenLifetime(t *testing.T) {
	h := newHarness(t, Config{OAuthClients: []OAuthClient{{ID: "ci", Secret: "s", Org: "sandbox", Scopes: []string{"*"}}}})
	res := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci&client_secret=s")
	h.expect(res, http.StatusOK, "")
	if res.obj()["expires_in"] != 3600.0 || res.obj()["token_type"] != "Bearer" {
		t.Errorf("token: %s", res.raw)
	}
	token := res.obj()["access_token"].(string)
	h.expect(h.do("GET", "/v1/projects", token, nil), http.StatusOK, "")
	h.clock.Advance(time.Hour)
	h.expect(h.do("GET", "/v1/projects", token, nil), http.StatusUnauthorized, "Token expired")
}

// TestR48SpecauditMetricsWindow: api/README §7.13, metrics per pod, ingestion and cluster; with
// `window` counters become per-second rates; the /v1/projects twin answers as /v1/apps does.
func TestR48SpecauditMetricsWindow(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "metric-app")
	h.deployAndSettle(id)
	total := h.do("GET", appPath(id, "/metrics"), "sandbox", nil)
	h.expect(total, http.StatusOK, "")
	rate := h.do("GET", projectPath(id, "/metrics?window=5m"), "sandbox", nil)
	h.expect(rate, http.StatusOK, "")
	requireKeys(t, "metrics", rate.obj(), "metrics", "ingestion", "cluster")
	pod := h.onlyInstance(id, "ready")
	tm, _ := total.obj()["metrics"].(map[string]any)[pod].(map[string]any)
	rm, _ := rate.obj()["metrics"].(map[string]any)[pod].(map[string]any)
	for _, k := range []string{"disk_read_bytes", "disk_read_operations", "disk_write_bytes", "disk_write_operations"} {
		tv, _ := tm[k].(float64)
		rv, _ := rm[k].(float64)
		if rv <= 0 || rv >= tv {
			t.Errorf("%s: total %v, rate %v", k, tv, rv)
		}
	}
	if same := h.do("GET", projectPath(id, "/metrics"), "sandbox", nil); string(same.raw) != string(total.raw) {
		t.Errorf("twins differ: %s vs %s", same.raw, total.raw)
	}
}
