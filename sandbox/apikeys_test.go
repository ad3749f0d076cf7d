package sandbox

import (
	"net/http"
	"regexp"
	"slices"
	"testing"
)

var hexKey = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestAPIKeyRegeneration(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "keyed-app")
	get := func() (string, string) {
		res := h.do("GET", appPath(id, "/api-keys"), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		k1, k2 := res.obj()["api_key"].(string), res.obj()["api_key_2"].(string)
		if !hexKey.MatchString(k1) || !hexKey.MatchString(k2) || k1 == k2 {
			t.Fatalf("keys %q %q", k1, k2)
		}
		return k1, k2
	}
	k1, k2 := get()
	if !h.e.ValidAPIKey(k1) || !h.e.ValidAPIKey(k2) {
		t.Fatal("both keys are valid at the same time")
	}
	cases := []struct {
		body              any
		want              int
		primary, secondry bool
	}{
		{nil, 1, true, false},
		{map[string]any{}, 1, true, false},
		{map[string]any{"key_number": 1}, 1, true, false},
		{map[string]any{"key_number": 2}, 2, false, true},
		{map[string]any{"key_number": 0}, 0, true, true},
	}
	for _, tc := range cases {
		res := h.do("POST", appPath(id, "/api-keys"), "sandbox", tc.body)
		h.expect(res, http.StatusOK, "")
		requireKeys(t, "regenerated", res.obj(), "api_key", "api_key_2", "regenerated_key")
		if num(res.obj()["regenerated_key"]) != int64(tc.want) {
			t.Errorf("%v: regenerated_key %v", tc.body, res.obj()["regenerated_key"])
		}
		n1, n2 := get()
		if (n1 != k1) != tc.primary || (n2 != k2) != tc.secondry {
			t.Errorf("%v: primary changed %v, secondary changed %v", tc.body, n1 != k1, n2 != k2)
		}
		if res.obj()["api_key"] != n1 || res.obj()["api_key_2"] != n2 {
			t.Errorf("%v: response keys differ from GET", tc.body)
		}
		for old, replaced := range map[string]bool{k1: tc.primary, k2: tc.secondry} {
			if h.e.ValidAPIKey(old) == replaced {
				t.Errorf("%v: old key valid=%v after replacement=%v", tc.body, !replaced, replaced)
			}
		}
		if !h.e.ValidAPIKey(n1) || !h.e.ValidAPIKey(n2) {
			t.Errorf("%v: current keys invalid", tc.body)
		}
		k1, k2 = n1, n2
	}
	if h.e.ValidAPIKey("not-a-key") {
		t.Error("unknown key valid")
	}
}

func TestAPIKeyRegenerationValidation(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "keyed-app")
	for _, body := range []any{
		map[string]any{"key_number": 3},
		map[string]any{"key_number": -1},
		map[string]any{"key_number": "1"},
		map[string]any{"key_number": 1.5},
		map[string]any{"key_number": nil},
	} {
		res := h.do("POST", appPath(id, "/api-keys"), "sandbox", body)
		h.expect(res, http.StatusBadRequest, "Invalid request")
		if got := res.fieldErrors("key_number"); !slices.Equal(got, []string{"Must be 0, 1, or 2"}) {
			t.Errorf("%v: %q", body, got)
		}
	}
	h.expect(h.do("POST", appPath(id, "/api-keys"), "sandbox", "{bad"), http.StatusBadRequest, "Invalid request")
	h.expect(h.do("GET", "/v1/apps/8080/api-keys", "sandbox", nil), http.StatusNotFound, "App with ID 8080 not found")
}

func TestAPIKeysUniqueAcrossApps(t *testing.T) {
	h := newHarness(t, Config{})
	seen := map[string]bool{}
	for _, name := range []string{"app-aaaa", "app-bbbb", "app-cccc"} {
		id := h.createApp("sandbox", name)
		keys := h.do("GET", appPath(id, "/api-keys"), "sandbox", nil).obj()
		for _, k := range []string{keys["api_key"].(string), keys["api_key_2"].(string)} {
			if seen[k] {
				t.Fatalf("duplicate key across apps")
			}
			seen[k] = true
		}
	}
}
