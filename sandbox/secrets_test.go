package sandbox

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

func TestSecretsAreMaskedAndNeverReturned(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "secret-app")
	const plain = "sk-live-THIS-MUST-NEVER-LEAK-42"

	res := h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "OPENAI_API_KEY", "value": plain})
	h.expect(res, http.StatusOK, "")
	created := res.obj()
	requireKeys(t, "secret", created, "id", "name", "value", "created_at", "updated_at")
	if created["value"] != "********" || created["name"] != "OPENAI_API_KEY" || created["created_at"] != created["updated_at"] {
		t.Errorf("created: %s", res.raw)
	}

	h.clock.Advance(time.Hour)
	res = h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "OPENAI_API_KEY", "value": plain + "-v2"})
	h.expect(res, http.StatusOK, "")
	updated := res.obj()
	if updated["id"] != created["id"] || updated["created_at"] != created["created_at"] || updated["updated_at"] != "2025-01-15T11:00:00.000Z" {
		t.Errorf("update must keep id and created_at and refresh updated_at: %v -> %v", created, updated)
	}
	if v, _ := h.e.SecretValue("sandbox", id, "OPENAI_API_KEY"); v != plain+"-v2" {
		t.Errorf("stored value %q", v)
	}

	h.expect(h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "_PG_PASS", "value": "pg-" + plain}), http.StatusOK, "")
	res = h.do("GET", appPath(id, "/secrets"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	var names []string
	for _, s := range list(res.obj()["secrets"]) {
		m := s.(map[string]any)
		names = append(names, m["name"].(string))
		if m["value"] != "********" {
			t.Errorf("unmasked: %v", m)
		}
	}
	if !slices.Equal(names, []string{"OPENAI_API_KEY", "_PG_PASS"}) {
		t.Errorf("list sorted by name: %v", names)
	}
	res = h.do("GET", appPath(id, "/secrets/OPENAI_API_KEY"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	if res.obj()["value"] != "********" {
		t.Errorf("get: %s", res.raw)
	}
	h.do("GET", appPath(id, ""), "sandbox", nil)
	h.do("GET", "/v1/apps", "sandbox", nil)

	if bytes.Contains(h.allBodies(), []byte(plain)) {
		t.Fatal("a secret value appeared in a response body")
	}

	h.expect(h.do("DELETE", appPath(id, "/secrets/OPENAI_API_KEY"), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("GET", appPath(id, "/secrets/OPENAI_API_KEY"), "sandbox", nil), http.StatusNotFound, "Secret not found")
	h.expect(h.do("DELETE", appPath(id, "/secrets/OPENAI_API_KEY"), "sandbox", nil), http.StatusNotFound, "Secret not found")
	if _, ok := h.e.SecretValue("sandbox", id, "OPENAI_API_KEY"); ok {
		t.Errorf("deleted secret still stored")
	}
}

func TestSecretValidation(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "secret-app")
	cases := []struct {
		body  map[string]any
		field string
		want  string
	}{
		{map[string]any{"name": "1ABC", "value": "x"}, "name", rules.SecretName("1ABC")},
		{map[string]any{"name": "A-B", "value": "x"}, "name", rules.SecretName("A-B")},
		{map[string]any{"value": "x"}, "name", "Required"},
		{map[string]any{"name": "", "value": "x"}, "name", "Required"},
		{map[string]any{"name": "OK"}, "value", "Required"},
		{map[string]any{"name": "OK", "value": 5}, "value", "Expected string, received number"},
		{map[string]any{"name": 5, "value": "x"}, "name", "Expected string, received number"},
	}
	for _, tc := range cases {
		res := h.do("POST", appPath(id, "/secrets"), "sandbox", tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors(tc.field); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%v: %q, want %q", tc.body, got, tc.want)
		}
	}
	if res := h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "1X", "value": "do-not-echo"}); bytes.Contains(res.raw, []byte("do-not-echo")) {
		t.Errorf("validation error echoed the value: %s", res.raw)
	}
	h.expect(h.do("POST", appPath(id, "/secrets"), "sandbox", "nope"), http.StatusBadRequest, "Validation error")
	h.expect(h.do("POST", "/v1/apps/31337/secrets", "sandbox", map[string]any{"name": "A", "value": "b"}), http.StatusNotFound, "App not found")
	h.expect(h.do("GET", "/v1/apps/31337/secrets", "sandbox", nil), http.StatusNotFound, "App not found")
}

func TestSecretNameIsUnescaped(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "escape-app")
	h.expect(h.do("POST", appPath(id, "/secrets"), "sandbox", map[string]any{"name": "_Under_Score", "value": "v"}), http.StatusOK, "")
	h.expect(h.do("GET", appPath(id, "/secrets/%5FUnder%5FScore"), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("GET", appPath(id, "/secrets/"+url.PathEscape("a/b")), "sandbox", nil), http.StatusNotFound, "Secret not found")
	h.expect(h.do("DELETE", appPath(id, "/secrets/%5FUnder%5FScore"), "sandbox", nil), http.StatusNoContent, "")
}
