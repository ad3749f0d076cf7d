package sandbox

import (
	"crypto/sha256"
	"net/http"
	"reflect"
	"testing"
)

// TestR50LeadRuntimeKeyTableHoldsDigests: the table of issued runtime API keys is keyed by each
// key's SHA-256 digest, as the bearer-token table is, never by the key itself; a key still
// checks as valid until it is regenerated.
func TestR50LeadRuntimeKeyTableHoldsDigests(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "digest-keyed")
	res := h.do("GET", appPath(id, "/api-keys"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	for _, field := range []string{"api_key", "api_key_2"} {
		key := res.obj()[field].(string)
		digest := sha256.Sum256([]byte(key))
		found := false
		for _, k := range reflect.ValueOf(h.e.apiKeys).MapKeys() {
			if k.Kind() == reflect.String {
				t.Fatalf("runtime key table keyed by the raw key %q", k.String())
			}
			var got [sha256.Size]byte
			reflect.Copy(reflect.ValueOf(got[:]), k)
			found = found || got == digest
		}
		if !found || !h.e.ValidAPIKey(key) {
			t.Errorf("%s: under its digest %v, valid %v", field, found, h.e.ValidAPIKey(key))
		}
	}
	old := res.obj()["api_key"].(string)
	h.expect(h.do("POST", appPath(id, "/api-keys"), "sandbox", map[string]any{"key_number": 1}), http.StatusOK, "")
	if h.e.ValidAPIKey(old) {
		t.Error("a regenerated key still valid")
	}
}
