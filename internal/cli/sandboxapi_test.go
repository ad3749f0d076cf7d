package cli_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// httpCall is one request to the sandbox API with net/http: status, headers and body.
type httpCall struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, req *http.Request) httpCall {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return httpCall{resp.StatusCode, resp.Header, string(body)}
}

func bearerGet(t *testing.T, url, token string) httpCall {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return do(t, req)
}

// exchange does a client-credentials token request and returns the access token.
func exchange(t *testing.T, tokenURL string, form url.Values, basicID, basicSecret string) (string, httpCall) {
	t.Helper()
	req, _ := http.NewRequest("POST", tokenURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		// RFC 6749 §2.3.1: each part is form-encoded before the Basic encoding.
		raw := url.QueryEscape(basicID) + ":" + url.QueryEscape(basicSecret)
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(raw)))
	}
	res := do(t, req)
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		Scope       string `json:"scope"`
	}
	if res.status != http.StatusOK || json.Unmarshal([]byte(res.body), &tok) != nil || tok.AccessToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token exchange: %d %s", res.status, res.body)
	}
	return tok.AccessToken, res
}

// names returns the project names of a /v1/projects or /v1/apps listing (envelope key).
func names(t *testing.T, res httpCall, key string) []string {
	t.Helper()
	var env map[string][]struct{ Name string }
	if res.status != http.StatusOK || json.Unmarshal([]byte(res.body), &env) != nil {
		t.Fatalf("listing: %d %s", res.status, res.body)
	}
	list, ok := env[key]
	if !ok {
		t.Fatalf("listing lacks the %q envelope: %s", key, res.body)
	}
	var out []string
	for _, p := range list {
		out = append(out, p.Name)
	}
	slices.Sort(out)
	return out
}

// TestSandboxAPIOAuthClientBothEncodings is acceptance 5: sandbox-api, started only with
// documented flags, accepts a client-credentials exchange as client_secret_basic and as
// client_secret_post, and the tokens list the same projects on /v1/projects and /v1/apps.
func TestSandboxAPIOAuthClientBothEncodings(t *testing.T) {
	const secret = "s3cr/t+=%" // characters that form encoding changes
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=tiny,owner=erin",
		"--org", "slug=acme,name=Acme Corp,owner=carol,admins=alice,members=dan,viewers=bob,enterprise",
		"--oauth-client", "client_id=terraform,client_secret="+secret+",org=acme,scopes=apps:write+deployments:write",
		"--token", "value=dan-token,org=acme,user=dan,scopes=apps:read",
		"--queued-for", "100ms", "--runs-for", "200ms")
	defer s.stop()
	tokenURL := s.url + "/api/oauth/token"

	basicToken, _ := exchange(t, tokenURL, url.Values{"grant_type": {"client_credentials"}}, "terraform", secret)
	postToken, res := exchange(t, tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {"terraform"}, "client_secret": {secret}, "scope": {"apps:read"}}, "", "")
	if !strings.Contains(res.body, `"scope":"apps:read"`) {
		t.Errorf("a requested scope does not narrow the token: %s", res.body)
	}
	if basicToken == postToken {
		t.Error("both exchanges returned the same token")
	}
	// A wrong secret fails in both encodings.
	for _, req := range []func() *http.Request{
		func() *http.Request {
			r, _ := http.NewRequest("POST", tokenURL, strings.NewReader("grant_type=client_credentials"))
			r.SetBasicAuth("terraform", "wrong")
			return r
		},
		func() *http.Request {
			return must(http.NewRequest("POST", tokenURL, strings.NewReader("grant_type=client_credentials&client_id=terraform&client_secret=wrong")))
		},
	} {
		r := req()
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if got := do(t, r); got.status != http.StatusUnauthorized || !strings.Contains(got.body, "invalid_client") {
			t.Errorf("wrong secret: %d %s", got.status, got.body)
		}
	}

	var want []string
	for _, token := range []string{basicToken, postToken, "dan-token"} {
		projects := names(t, bearerGet(t, s.url+"/v1/projects", token), "projects")
		apps := names(t, bearerGet(t, s.url+"/v1/apps", token), "apps")
		if len(projects) == 0 || !slices.Equal(projects, apps) {
			t.Errorf("/v1/projects %v and /v1/apps %v differ (or are empty)", projects, apps)
		}
		if want == nil {
			want = projects
		} else if !slices.Equal(projects, want) {
			t.Errorf("tokens see different projects: %v and %v", want, projects)
		}
	}
	// The Enterprise organization got the Enterprise demo (a paused project among them).
	if !slices.Contains(want, "nightly-etl") {
		t.Errorf("acme lacks the Enterprise demo projects: %v", want)
	}
	// The client's token is bound to its organization; dan's token reads only.
	req, _ := http.NewRequest("GET", s.url+"/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer "+basicToken)
	req.Header.Set("X-Org-Name", "tiny")
	if got := do(t, req); got.status != http.StatusForbidden || !strings.Contains(got.body, "org_assertion_mismatch") {
		t.Errorf("client token naming another organization: %d %s", got.status, got.body)
	}
	req, _ = http.NewRequest("POST", s.url+"/v1/projects", strings.NewReader(`{"name":"nope"}`))
	req.Header.Set("Authorization", "Bearer dan-token")
	req.Header.Set("Content-Type", "application/json")
	if got := do(t, req); got.status != http.StatusForbidden || !strings.Contains(got.body, "insufficient_scope") {
		t.Errorf("read-only token creating a project: %d %s", got.status, got.body)
	}
	if got := bearerGet(t, s.url+"/v1/apps", "sandbox"); got.status != http.StatusUnauthorized {
		t.Errorf("--token did not replace the default token: %d", got.status)
	}
	// The start-up line tells who the tokens act as, never their values.
	if strings.Contains(s.stderr.String(), "dan-token") {
		t.Errorf("a bearer token's value is logged:\n%s", s.stderr.String())
	}
	for _, w := range []string{`"bearer":"1 configured, values not logged (acting as dan@acme)"`, `"orgs":"tiny acme"`, `"oauth_clients":"terraform"`, `"oauth_endpoint":"` + tokenURL + `"`} {
		if !strings.Contains(s.stderr.String(), w) {
			t.Errorf("start-up log lacks %s:\n%s", w, s.stderr.String())
		}
	}
	if strings.Contains(s.stderr.String(), secret) {
		t.Error("the client secret is logged")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSandboxAPIConfigFile reads the same world from YAML and from JSON: a rate limit, a
// fault, an OAuth client and demo data off; flags add to the file.
func TestSandboxAPIConfigFile(t *testing.T) {
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "sandbox.yaml")
	jsonFile := filepath.Join(dir, "sandbox.json")
	if err := os.WriteFile(yamlFile, []byte(`
demo: false
rate_limit: 5
queued_for: 50ms
orgs:
  - slug: ci
    owner: alice
    members: [bob]
tokens:
  - value: ci-token
    org: ci
    scopes: ["*"]
oauth_clients:
  - client_id: deploy-action
    client_secret: "s,e;c"
    org: ci
faults:
  - operation: getHealth
    status: 503
    code: maintenance
    retry_after: "2"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jsonFile, []byte(`{"demo": false, "rate_limit": 5, "queued_for": "50ms",
  "orgs": [{"slug": "ci", "owner": "alice", "members": ["bob"]}],
  "tokens": [{"value": "ci-token", "org": "ci", "scopes": ["*"]}],
  "oauth_clients": [{"client_id": "deploy-action", "client_secret": "s,e;c", "org": "ci"}],
  "faults": [{"operation": "getHealth", "status": 503, "code": "maintenance", "retry_after": "2"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{yamlFile, jsonFile} {
		t.Run(filepath.Ext(file), func(t *testing.T) {
			s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--config", file,
				"--token", "value=bob-token,org=ci,user=bob")
			defer s.stop()
			health := bearerGet(t, s.url+"/v1/health", "ci-token")
			if health.status != http.StatusServiceUnavailable || health.header.Get("X-Sandbox-Fault") == "" ||
				health.header.Get("Retry-After") != "2" || !strings.Contains(health.body, "maintenance") {
				t.Errorf("fault: %d %v %s", health.status, health.header, health.body)
			}
			if again := bearerGet(t, s.url+"/v1/health", "ci-token"); again.status != http.StatusOK {
				t.Errorf("the fault applies once: %d", again.status)
			}
			token, _ := exchange(t, s.url+"/api/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"deploy-action"}, "client_secret": {"s,e;c"}}, "", "")
			for _, tok := range []string{token, "ci-token", "bob-token"} {
				got := bearerGet(t, s.url+"/v1/projects", tok)
				if p := names(t, got, "projects"); len(p) != 0 {
					t.Errorf("demo: false, yet projects %v", p)
				}
				if got.header.Get("X-RateLimit-Limit") != "5" {
					t.Errorf("rate limit headers: %v", got.header)
				}
			}
			for range 5 {
				bearerGet(t, s.url+"/v1/apps", "bob-token")
			}
			if got := bearerGet(t, s.url+"/v1/apps", "bob-token"); got.status != http.StatusTooManyRequests {
				t.Errorf("sixth request in a minute: %d", got.status)
			}
		})
	}
}

func TestSandboxAPIWorldErrors(t *testing.T) {
	dir := t.TempDir()
	unknownKey := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(unknownKey, []byte("orgs:\n  - slug: x\n    colour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args     []string
		inStderr string
	}{
		{[]string{"--org", "enterprise"}, "--org: slug is required"},
		{[]string{"--org", "slug=a"}, "--org: owner is required"},
		{[]string{"--org", "slug=a,owner=x", "--org", "slug=a,owner=y"}, `organization "a" given twice`},
		{[]string{"--org", "slug=a,owner=x,colour=red"}, `unknown key "colour"`},
		{[]string{"--org", "slug=a,owner=x,enterprise=maybe"}, `enterprise: "maybe" is not true or false`},
		{[]string{"--org", "slug=a,owner=x,max_apps=many"}, `max_apps: "many" is not a whole number`},
		{[]string{"--org", "slug"}, `key "slug" needs a value`},
		{[]string{"--org", "slug=x,owner=bob,viewers=bob+carol,admins=carol"}, `user "bob" is given two roles, owner and viewer`},
		{[]string{"--org", "slug=x,owner=ann,admins=Carol,viewers=carol"}, `user "carol" is given two roles, admin and viewer`},
		{[]string{"--token", "value=t,org=nowhere"}, `--token: unknown organization "nowhere"`},
		{[]string{"--token", "value=t,org=sandbox,user=zed"}, `user "zed" is not a member of "sandbox"`},
		{[]string{"--token", "value=t,org=sandbox,scopes=apps:fly"}, `unknown scope "apps:fly"`},
		{[]string{"--token", "value=t,org=sandbox,expires_in=soon"}, `expires_in: "soon" is not a duration`},
		{[]string{"--oauth-client", "client_id=a,org=sandbox"}, "client_id and client_secret are required"},
		{[]string{"--fault", "operation=nope,status=500"}, `unknown operation "nope"`},
		{[]string{"--fault", "status=1000"}, "status 1000 is not an HTTP status"},
		{[]string{"--fault", "operation=listApps"}, "give a status, a latency or both"},
		{[]string{"--rate-limit", "-1"}, "--rate-limit -1: must be 0"},
		{[]string{"--queued-for", "-3s"}, `--queued-for -3s: negative duration`},
		{[]string{"--runs-for", "-10s"}, `--runs-for -10s: negative duration`},
		{[]string{"--token-ttl", "-10s"}, `--token-ttl -10s: negative duration`},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, "no such file"},
		{[]string{"--config", unknownKey}, `orgs[0]: unknown key "colour"`},
	} {
		got := run(t, nil, append([]string{"sandbox-api", "--listen", "127.0.0.1:0"}, tc.args...)...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.inStderr) || got.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, got.code, got.stdout, got.stderr)
		}
	}
}

// TestSandboxAPIFlagsAreDocumented holds the README to every flag sandbox-api has, so that
// "started only with documented flags" stays true.
func TestSandboxAPIFlagsAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "\n## The emulator")
	section, _, _ = strings.Cut(section, "\n## ")
	help := run(t, nil, "sandbox-api", "--help")
	flags := regexp.MustCompile(`(?m)^  (--[a-z-]+)`).FindAllStringSubmatch(help.stdout, -1)
	if len(flags) < 10 {
		t.Fatalf("too few flags in the help:\n%s", help.stdout)
	}
	for _, f := range flags {
		if !strings.Contains(section, "`"+f[1]) {
			t.Errorf("README section \"The emulator\" does not document %s", f[1])
		}
	}
	// The documented config file is one the command accepts.
	_, example, ok := strings.Cut(section, "```yaml\n")
	example, _, _ = strings.Cut(example, "```")
	if !ok || !strings.Contains(example, "oauth_clients:") {
		t.Fatal("README section \"The emulator\" lacks the config file example")
	}
	file := filepath.Join(t.TempDir(), "sandbox.yaml")
	if err := os.WriteFile(file, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--config", file)
	if got := bearerGet(t, s.url+"/v1/projects", "carol-token"); got.status != http.StatusOK {
		t.Errorf("README example world: %d %s", got.status, got.body)
	}
	s.stop()
	// carol-token names no user: it acts as acme's owner, carol, and the log says so by name.
	if w := `values not logged (acting as carol@acme bob@acme)`; !strings.Contains(s.stderr.String(), w) {
		t.Errorf("start-up log lacks %s:\n%s", w, s.stderr.String())
	}
	for _, key := range []string{"client_id", "client_secret", "scopes", "admins", "viewers", "enterprise", "after_apply", "latency", "queued_for", "rate_limit"} {
		if !strings.Contains(section, key) {
			t.Errorf("README section \"The emulator\" does not document the key %s", key)
		}
	}
}

// TestSandboxAPIEmptyScopesMeanNone: scopes left out mean "*", but an explicitly empty list
// (flag `scopes=`, file `scopes: []`) is a token or client without any scope.
func TestSandboxAPIEmptyScopesMeanNone(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.yaml")
	world := "tokens:\n  - {value: file-noscope, org: sandbox, scopes: []}\n  - {value: full, org: sandbox}\n" +
		"oauth_clients:\n  - {client_id: bare, client_secret: s, org: sandbox, scopes: []}\n"
	if err := os.WriteFile(file, []byte(world), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--config", file,
		"--token", "value=noscope,org=sandbox,scopes=")
	defer s.stop()
	for _, token := range []string{"noscope", "file-noscope"} {
		req, _ := http.NewRequest("DELETE", s.url+"/v1/projects/101", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if got := do(t, req); got.status != http.StatusForbidden || !strings.Contains(got.body, "Insufficient scope") {
			t.Errorf("%s: DELETE answered %d %s", token, got.status, got.body)
		}
	}
	if got := bearerGet(t, s.url+"/v1/projects/101", "full"); got.status != http.StatusOK {
		t.Errorf("a token without scopes key has every scope: %d %s", got.status, got.body)
	}
	token, _ := exchange(t, s.url+"/api/oauth/token", url.Values{"grant_type": {"client_credentials"}}, "bare", "s")
	if got := bearerGet(t, s.url+"/v1/projects", token); got.status != http.StatusForbidden {
		t.Errorf("client without scopes: %d %s", got.status, got.body)
	}
}

// TestSandboxAPILogNamesTheOwnerATokenActsAs (audit r23): a --token that names no user acts as
// its organization's owner, and the start-up line names that user (alice@sandbox, carol@acme-labs
// in the default world), not "owner".
func TestSandboxAPILogNamesTheOwnerATokenActsAs(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--token", "value=first-token,org=sandbox", "--token", "value=second-token,org=acme-labs", "--token", "value=third-token,org=acme-labs,user=bob")
	s.stop()
	if w := `"bearer":"3 configured, values not logged (acting as alice@sandbox carol@acme-labs bob@acme-labs)"`; !strings.Contains(s.stderr.String(), w) {
		t.Errorf("start-up log lacks %s:\n%s", w, s.stderr.String())
	}
}
