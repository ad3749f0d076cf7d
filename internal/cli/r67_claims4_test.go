package cli_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestR67Claims4EveryHTTPFlagIsMarked: README's "The flags whose `--help` text starts with
// `HTTP:` (… and every other `--http-…` flag) apply only with `--http`": TestHTTPFlagsNeedHTTP
// refuses the flags marked HTTP:, so each `--http-…` flag (and the others README names) must be
// marked, or a new one would be taken over stdio and do nothing.
func TestR67Claims4EveryHTTPFlagIsMarked(t *testing.T) {
	help := run(t, nil, "--help").stdout
	seen := 0
	for _, line := range strings.Split(help, "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if !strings.HasPrefix(line, "  --") || name != "--allowed-origins" && name != "--oauth-authorization-server" && !strings.HasPrefix(name, "--http-") {
			continue
		}
		seen++
		usage := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), name))
		if placeholder, rest, ok := strings.Cut(usage, " "); ok && placeholder == strings.ToUpper(placeholder) && !strings.HasSuffix(placeholder, ":") {
			usage = strings.TrimSpace(rest) // the flag's value, DURATION, N, URL…
		}
		if !strings.HasPrefix(usage, "HTTP: ") {
			t.Errorf("%s: its --help text does not start with \"HTTP:\", so over stdio it is taken and does nothing: %q", name, line)
		}
	}
	if seen < 14 {
		t.Fatalf("found %d HTTP flags in --help; the parser lost some:\n%s", seen, help)
	}
}

// TestR67Claims4SandboxTokenHasEveryScope: README's `--token` row, "without one, `sandbox` acts
// in the first organization as its owner, with every scope": TestR47NewcomerSandboxAPIDefaultTokenActsAsTheFirstOwner
// reads and creates; here each scope of api/openapi.json is used once with the default token, in
// the first of two --org, the writes and deletions too, and none is refused for its scope or role.
func TestR67Claims4SandboxTokenHasEveryScope(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=first,owner=zoe", "--org", "slug=second,owner=yan", "--user", "dan")
	defer s.stop()
	send := func(method, path, body string) httpCall {
		t.Helper()
		req, _ := http.NewRequest(method, s.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer sandbox")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		return do(t, req)
	}
	var project struct{ ID int64 }
	created := send("POST", "/v1/projects", `{"name":"r67-scopes","region":"us-west-2"}`)
	if created.status != http.StatusCreated || json.Unmarshal([]byte(created.body), &project) != nil || project.ID == 0 {
		t.Fatalf("apps:write, create: %d %s", created.status, created.body)
	}
	app := "/v1/projects/" + strconv.FormatInt(project.ID, 10)
	var member struct {
		ID int64 `json:"user_id"`
	}
	added := send("POST", "/v1/members", `{"username":"dan","roles":["admin"]}`)
	if added.status/100 != 2 || json.Unmarshal([]byte(added.body), &member) != nil || member.ID == 0 {
		t.Fatalf("members:write, add dan as admin: %d %s", added.status, added.body)
	}
	for _, c := range []struct{ scope, method, path, body string }{
		{"apps:read", "GET", app, ""},
		{"secrets:write", "POST", app + "/secrets", `{"name":"R67_KEY","value":"r67-value"}`},
		{"secrets:read", "GET", app + "/secrets", ""},
		{"deployments:read", "GET", app + "/deployments", ""},
		{"apps:write", "PUT", app, `{"spicepod":"version: v1\nkind: Spicepod\nname: r67\n"}`},
		{"deployments:write", "POST", app + "/deployments", `{}`},
		{"members:read", "GET", "/v1/members", ""},
		{"members:delete", "DELETE", "/v1/members/" + strconv.FormatInt(member.ID, 10), ""},
		{"apps:delete", "DELETE", app, ""},
	} {
		if got := send(c.method, c.path, c.body); got.status/100 != 2 {
			t.Errorf("%s, %s %s with the default token: %d %s", c.scope, c.method, c.path, got.status, got.body)
		}
	}
}
