package sandbox

import (
	"fmt"
	"net/http"
	"testing"
)

// r68Spec10Org is an organization holding every role: olga owns it, adam and ada are admins,
// mia and max members (max with the legacy billing role), vic a viewer; dave has signed in but
// belongs to none.
func r68Spec10Org(t *testing.T) *harness {
	t.Helper()
	users := []User{{1, "olga"}, {2, "adam"}, {3, "ada"}, {4, "mia"}, {5, "max"}, {6, "vic"}, {7, "dave"}}
	var tokens []Token
	for _, u := range users[:6] {
		tokens = append(tokens, Token{Value: "tok-" + u.Username, Org: "m", User: u.Username, Scopes: []string{"*"}})
	}
	h := newHarness(t, Config{Users: users, Tokens: tokens,
		Orgs: []Org{{ID: 1, Slug: "m", Owner: "olga", Admins: []string{"adam", "ada"}, Members: []string{"mia", "max"}, Viewers: []string{"vic"}}}})
	if res := h.do("PATCH", "/v1/members/5", "tok-olga", map[string]any{"roles": []string{"billing"}}); res.status != http.StatusOK {
		t.Fatalf("max as billing: %d %s", res.status, res.raw)
	}
	return h
}

// TestR68Spec10MemberRulesByRole: api/README §4 and §7.9 (Documented) over every role of the
// caller: any role reads members; only admins and owners add, change and remove them; an
// admin neither grants admin or owner nor changes or removes an admin; the owner cannot be
// changed or removed, even by the owner; billing is treated like member (Assumed, §4).
func TestR68Spec10MemberRulesByRole(t *testing.T) {
	type op struct {
		name, method, path string
		body               any
		ok                 int
		// allowed are the callers it succeeds for; the others get 403.
		allowed []string
	}
	owner, admins := []string{"olga"}, []string{"olga", "adam"}
	all := []string{"olga", "adam", "mia", "max", "vic"}
	ops := []op{
		{"list members", "GET", "/v1/members", nil, 200, all},
		{"get a member", "GET", "/v1/members/4", nil, 200, all},
		{"add a member", "POST", "/v1/members", map[string]any{"username": "dave"}, 201, admins},
		{"add a viewer", "POST", "/v1/members", map[string]any{"username": "dave", "roles": []string{"viewer"}}, 201, admins},
		{"add an admin", "POST", "/v1/members", map[string]any{"username": "dave", "roles": []string{"admin"}}, 201, owner},
		{"add an owner", "POST", "/v1/members", map[string]any{"username": "dave", "roles": []string{"owner"}}, 201, owner},
		{"make a member a viewer", "PATCH", "/v1/members/4", map[string]any{"roles": []string{"viewer"}}, 200, admins},
		{"make a member an admin", "PATCH", "/v1/members/4", map[string]any{"roles": []string{"admin"}}, 200, owner},
		{"make an admin a member", "PATCH", "/v1/members/3", map[string]any{"roles": []string{"member"}}, 200, owner},
		{"change the owner's roles", "PATCH", "/v1/members/1", map[string]any{"roles": []string{"member"}}, 200, nil},
		{"remove a member", "DELETE", "/v1/members/4", nil, 204, admins},
		{"remove a viewer", "DELETE", "/v1/members/6", nil, 204, admins},
		{"remove an admin", "DELETE", "/v1/members/3", nil, 204, owner},
		{"remove the owner", "DELETE", "/v1/members/1", nil, 204, nil},
	}
	for _, o := range ops {
		for _, caller := range all {
			h := r68Spec10Org(t)
			res := h.do(o.method, o.path, "tok-"+caller, o.body)
			want := http.StatusForbidden
			for _, a := range o.allowed {
				if a == caller {
					want = o.ok
				}
			}
			if res.status != want {
				t.Errorf("%s as %s: %d %s, want %d", o.name, caller, res.status, res.raw, want)
			}
			if res.status == http.StatusForbidden && want == res.status {
				// A role too low is coded forbidden; the owner as target is the route's own
				// uncoded refusal (api/README §7.9), as is an admin's reach beyond its role's.
				code, _ := res.obj()["code"].(string)
				if wantCode := r68Spec10RefusalCode(o.path, caller); code != wantCode {
					t.Errorf("%s as %s: code %q, want %q: %s", o.name, caller, code, wantCode, res.raw)
				}
			}
		}
	}
}

// r68Spec10RefusalCode is the code of a 403 for caller: forbidden when the caller's role may
// not manage members at all or reach this target, none when the target is the owner and the
// caller an admin or owner (the route's own refusal).
func r68Spec10RefusalCode(path, caller string) string {
	if caller != "olga" && caller != "adam" {
		return "forbidden"
	}
	if path == "/v1/members/1" {
		return ""
	}
	return "forbidden"
}

// TestR68Spec10RemovedMidSession: a member removed while its token lives can no longer reach
// the organization (403 org_forbidden, api/README §3), and GET /v1/orgs no longer lists it.
func TestR68Spec10RemovedMidSession(t *testing.T) {
	h := r68Spec10Org(t)
	if res := h.do("GET", "/v1/members", "tok-mia", nil); res.status != http.StatusOK {
		t.Fatalf("before: %d %s", res.status, res.raw)
	}
	if res := h.do("DELETE", "/v1/members/4", "tok-adam", nil); res.status != http.StatusNoContent {
		t.Fatalf("remove mia: %d %s", res.status, res.raw)
	}
	for _, path := range []string{"/v1/members", "/v1/projects"} {
		res := h.do("GET", path, "tok-mia", nil)
		if code, _ := res.obj()["code"].(string); res.status != http.StatusForbidden || code != "org_forbidden" {
			t.Errorf("GET %s after removal: %d %s, want 403 org_forbidden", path, res.status, res.raw)
		}
	}
	res := h.do("GET", "/v1/orgs", "tok-mia", nil)
	if orgs := list(res.obj()["orgs"]); res.status != http.StatusOK || len(orgs) != 0 {
		t.Errorf("GET /v1/orgs after removal: %d %s, want 200 and no organization", res.status, res.raw)
	}
}

// TestR68Spec10APIKeysAsDocumented: api/README §7.8 and §4 (Documented). Any role reads an
// app's two keys, in clear; a viewer may not regenerate them (403 forbidden), a member (billing
// alike) may; key_number 1 (the default) replaces the primary, 2 the secondary, 0 both, the
// answer and a later read show the new keys, and a replaced key stops working at once while
// the other stays valid.
func TestR68Spec10APIKeysAsDocumented(t *testing.T) {
	h := r68Spec10Org(t)
	app := h.do("POST", "/v1/projects", "tok-mia", map[string]any{"name": "keyed-app", "region": "us-west-2"})
	if app.status != http.StatusCreated {
		t.Fatalf("create: %d %s", app.status, app.raw)
	}
	path := fmt.Sprintf("/v1/projects/%v/api-keys", app.obj()["id"])
	keys := func(caller string) (string, string) {
		t.Helper()
		res := h.do("GET", path, "tok-"+caller, nil)
		primary, _ := res.obj()["api_key"].(string)
		secondary, _ := res.obj()["api_key_2"].(string)
		if res.status != http.StatusOK || primary == "" || secondary == "" {
			t.Fatalf("GET as %s: %d %s, want 200 with both keys", caller, res.status, res.raw)
		}
		return primary, secondary
	}
	for _, caller := range []string{"olga", "adam", "mia", "max"} {
		keys(caller)
	}
	primary, secondary := keys("vic")
	if res := h.do("POST", path, "tok-vic", map[string]any{}); res.status != http.StatusForbidden || res.obj()["code"] != "forbidden" {
		t.Errorf("regenerate as a viewer: %d %s, want 403 forbidden", res.status, res.raw)
	}
	for _, c := range []struct {
		caller string
		body   any
		number float64
	}{{"mia", map[string]any{}, 1}, {"max", map[string]any{"key_number": 2}, 2}, {"mia", map[string]any{"key_number": 0}, 0}, {"max", nil, 1}} {
		res := h.do("POST", path, "tok-"+c.caller, c.body)
		newPrimary, _ := res.obj()["api_key"].(string)
		newSecondary, _ := res.obj()["api_key_2"].(string)
		if res.status != http.StatusOK || res.obj()["regenerated_key"] != c.number {
			t.Fatalf("regenerate %v as %s: %d %s", c.body, c.caller, res.status, res.raw)
		}
		for _, k := range []struct {
			name     string
			old, new string
			replaced bool
		}{{"primary", primary, newPrimary, c.number != 2}, {"secondary", secondary, newSecondary, c.number != 1}} {
			switch {
			case k.replaced && (k.new == k.old || h.e.ValidAPIKey(k.old) || !h.e.ValidAPIKey(k.new)):
				t.Errorf("key_number %v: the %s key %s → %s, old valid %v, new valid %v; want a new one, the old invalid at once", c.number, k.name, k.old, k.new, h.e.ValidAPIKey(k.old), h.e.ValidAPIKey(k.new))
			case !k.replaced && (k.new != k.old || !h.e.ValidAPIKey(k.old)):
				t.Errorf("key_number %v: the %s key %s → %s (valid %v), want it unchanged and valid", c.number, k.name, k.old, k.new, h.e.ValidAPIKey(k.old))
			}
		}
		if p, s := keys("vic"); p != newPrimary || s != newSecondary {
			t.Errorf("key_number %v: a read after shows %s, %s, want the answer's %s, %s", c.number, p, s, newPrimary, newSecondary)
		}
		primary, secondary = newPrimary, newSecondary
	}
}
