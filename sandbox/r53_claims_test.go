package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestR53ClaimsEmulatorCheckOrderAndEnvelope: README (The emulator) says the emulator keeps the
// API's check order (401 → 400 empty X-Org-Name → 403 organization → bad ID → 404 → …), a 401
// carries `WWW-Authenticate: Bearer` (`error="invalid_token"` for an unknown token), and a
// non-empty body whose Content-Type is not application/json is a 400 naming it. A client
// stacks mistakes to see which answers first, and spells the media type as HTTP allows
// (any case, with parameters) or as look-alikes (text/json, application/json-seq).
func TestR53ClaimsEmulatorCheckOrderAndEnvelope(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	h.offSpec = true
	with := func(method, path, token, org string, body any, ct string) *result {
		t.Helper()
		return h.send(method, path, body, func(req *http.Request) {
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			if org != "-" {
				req.Header.Set("X-Org-Name", org)
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
		})
	}
	// Without a token: 401, Bearer, no error; unknown token: invalid_token — before anything else.
	if r := with("GET", "/v1/projects/abc", "", "", nil, ""); r.status != 401 || r.header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("no token, empty org, bad ID: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	if r := with("POST", "/v1/projects/abc/pause", "nope", "", "x", "text/plain"); r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("unknown token, empty org, bad ID, text body: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.raw)
	}
	// Then the empty X-Org-Name, before the organization, the ID and the body.
	if r := with("GET", "/v1/projects/abc", DefaultToken, "", nil, ""); r.status != 400 {
		t.Errorf("empty org, bad ID: %d %s", r.status, r.raw)
	}
	if r := with("GET", "/v1/projects/abc", DefaultToken, "nowhere", nil, ""); r.status != 403 || !strings.Contains(string(r.raw), "org_forbidden") {
		t.Errorf("unreachable org, bad ID: %d %s", r.status, r.raw)
	}
	// The media type: look-alikes are refused naming what was sent; HTTP's spellings are JSON.
	for _, ct := range []string{"text/plain", "text/json", "application/json-seq", "application/x-www-form-urlencoded", "application/jsonx"} {
		r := with("POST", "/v1/members", DefaultToken, "-", `{"username":"jdoe"}`, ct)
		if r.status != 400 || !strings.Contains(strings.ToLower(string(r.raw)), strings.ToLower(ct)) {
			t.Errorf("Content-Type %s: %d %s", ct, r.status, r.raw)
		}
	}
	for i, ct := range []string{"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"} {
		user := []string{"jdoe", "asmith", "jdoe"}[i]
		if i == 2 {
			with("DELETE", "/v1/members/"+memberIDOf(t, h, "jdoe"), DefaultToken, "-", nil, "")
		}
		if r := with("POST", "/v1/members", DefaultToken, "-", `{"username":"`+user+`"}`, ct); r.status/100 != 2 {
			t.Errorf("Content-Type %s: %d %s", ct, r.status, r.raw)
		}
	}
}

// memberIDOf is the member ID of username in the default organization.
func memberIDOf(t *testing.T, h *harness, username string) string {
	t.Helper()
	r := h.do("GET", "/v1/members", DefaultToken, nil)
	for _, m := range list(r.obj()["members"]) {
		mm, _ := m.(map[string]any)
		if mm["username"] == username {
			switch id := mm["user_id"].(type) {
			case float64:
				return strconv.FormatInt(int64(id), 10)
			case string:
				return id
			}
		}
	}
	t.Fatalf("no member %s: %s", username, r.raw)
	return ""
}
