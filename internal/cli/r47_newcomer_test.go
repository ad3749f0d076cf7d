package cli_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestR47NewcomerSandboxAPIWorldMistakesNameTheFlag: README (The emulator) says a mistake in
// sandbox-api's world — an unknown organization, scope or operation, a token user without a
// role — exits 2 "naming the flag as typed". An entry given by --token, --fault, --org or
// --oauth-client is named by that flag (and its place among them when it is given more than
// once), not by the config file's list key, which a flag's user never typed.
func TestR47NewcomerSandboxAPIWorldMistakesNameTheFlag(t *testing.T) {
	for _, c := range []struct {
		args      []string
		want      string
		notListed string
	}{
		{[]string{"--token", "value=t,org=nowhere"}, `--token: unknown organization "nowhere"`, "tokens["},
		{[]string{"--token", "value=t,org=sandbox,user=zed"}, `--token: user "zed" is not a member of "sandbox"`, "tokens["},
		{[]string{"--token", "value=t,org=sandbox", "--token", "value=u,org=sandbox,scopes=apps:fly"}, `--token #2: unknown scope "apps:fly"`, "tokens["},
		{[]string{"--fault", "operation=nope,status=500"}, `--fault: unknown operation "nope"`, "faults["},
		{[]string{"--org", "slug=a,owner=x", "--org", "slug=A,owner=y"}, `--org #2: organization "A" given twice`, "orgs["},
		{[]string{"--org", "enterprise"}, "--org: slug is required", "orgs["},
		{[]string{"--oauth-client", "client_id=a,org=sandbox"}, "--oauth-client: client_id and client_secret are required", "oauth_clients["},
	} {
		got := run(t, nil, append([]string{"sandbox-api", "--listen", "127.0.0.1:0"}, c.args...)...)
		if got.code != 2 || !strings.Contains(got.stderr, c.want) || strings.Contains(got.stderr, c.notListed) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", c.args, got.code, got.stderr, c.want)
		}
	}

	// The config file's entries keep their keys; the flags' come after them, named by the flag.
	file := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(file, []byte("tokens:\n  - {value: a, org: nowhere}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", file, "--token", "value=b,org=elsewhere")
	if got.code != 2 || !strings.Contains(got.stderr, `tokens[0]: unknown organization "nowhere"`) ||
		!strings.Contains(got.stderr, `--token: unknown organization "elsewhere"`) {
		t.Errorf("file and flag: exit %d, stderr %q", got.code, got.stderr)
	}
}

// TestR47NewcomerSandboxAPIConfigNegativeDurationNamesTheKey: README (The emulator) says a
// negative duration in the config file exits 2 naming the key (`queued_for`), as the flag's
// names `--queued-for`; the file's message named no key ("negative duration \"-1s\"").
func TestR47NewcomerSandboxAPIConfigNegativeDurationNamesTheKey(t *testing.T) {
	for _, c := range []struct{ world, want string }{
		{"queued_for: -1s\n", "queued_for: negative duration"},
		{"runs_for: -2s\n", "runs_for: negative duration"},
		{"token_ttl: -1h\n", "token_ttl: negative duration"},
		{"tokens:\n  - {value: a, org: sandbox, expires_in: -30m}\n", "tokens[0]: expires_in: negative duration"},
		{"faults:\n  - {status: 503, latency: -1s}\n", "faults[0]: latency: negative duration"},
	} {
		file := filepath.Join(t.TempDir(), "world.yaml")
		if err := os.WriteFile(file, []byte(c.world), 0o600); err != nil {
			t.Fatal(err)
		}
		got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", file)
		if got.code != 2 || !strings.Contains(got.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", c.world, got.code, got.stderr, c.want)
		}
	}
	// Given on the command line, they name the flag.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--token", "value=a,org=sandbox,expires_in=-30m"}, "--token: expires_in: negative duration"},
		{[]string{"--fault", "status=503,latency=-1s"}, "--fault: latency: negative duration"},
	} {
		got := run(t, nil, append([]string{"sandbox-api", "--listen", "127.0.0.1:0"}, c.args...)...)
		if got.code != 2 || !strings.Contains(got.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", c.args, got.code, got.stderr, c.want)
		}
	}
}

// TestR47NewcomerSandboxAPIZeroDurationsMeanTheDefaults: README (The emulator) says of
// sandbox-api's durations "0 means the default": --queued-for 0 keeps a new deployment queued
// for its default 1 s (its started_at is 1 s after its created_at) and --token-ttl 0 gives
// OAuth tokens the default hour. It read the status right after the deploy and wanted
// "queued", which a test held up past 1 s between the two calls saw "in_progress"; the
// deployment's own times do not depend on when they are read.
func TestR47NewcomerSandboxAPIZeroDurationsMeanTheDefaults(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--queued-for", "0", "--runs-for", "0", "--token-ttl", "0",
		"--oauth-client", "client_id=zero,client_secret=zero-secret,org=sandbox")
	defer s.stop()
	_, res := exchange(t, s.url+"/api/oauth/token", url.Values{"grant_type": {"client_credentials"}}, "zero", "zero-secret")
	if !strings.Contains(res.body, `"expires_in":3600`) {
		t.Errorf("--token-ttl 0: %s, want the default expires_in 3600", res.body)
	}
	req, _ := http.NewRequest("POST", s.url+"/v1/projects/101/deployments", nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	if got := do(t, req); got.status != http.StatusAccepted || !strings.Contains(got.body, `"status":"queued"`) {
		t.Fatalf("deploy: %d %s", got.status, got.body)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		got := bearerGet(t, s.url+"/v1/projects/101/deployments?limit=1", "sandbox")
		var list struct {
			Deployments []struct {
				CreatedAt time.Time  `json:"created_at"`
				StartedAt *time.Time `json:"started_at"`
			}
		}
		if err := json.Unmarshal([]byte(got.body), &list); err != nil || len(list.Deployments) != 1 {
			t.Fatalf("deployments: %d %s (%v)", got.status, got.body, err)
		}
		if d := list.Deployments[0]; d.StartedAt != nil {
			if queued := d.StartedAt.Sub(d.CreatedAt); queued != time.Second {
				t.Errorf("--queued-for 0 kept the deployment queued %v, not the default 1 s: %s", queued, got.body)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("--queued-for 0: still queued after 15 s: %s", got.body)
		}
	}
}

// TestR47NewcomerSandboxAPIDefaultTokenActsAsTheFirstOwner: README (--token) says that
// without any --token, the token "sandbox" acts in the first organization as its owner, with
// every scope — the first --org when --org replaces the default ones.
func TestR47NewcomerSandboxAPIDefaultTokenActsAsTheFirstOwner(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=first,owner=zoe", "--org", "slug=second,owner=yan")
	defer s.stop()
	if got := bearerGet(t, s.url+"/v1/orgs", "sandbox"); got.status != http.StatusOK ||
		!strings.Contains(got.body, `"name":"first"`) || !strings.Contains(got.body, `"role":"owner"`) || strings.Contains(got.body, "second") {
		t.Errorf("/v1/orgs with the default token: %d %s", got.status, got.body)
	}
	// Every scope: member management and secrets too.
	for _, path := range []string{"/v1/members", "/v1/projects", "/v1/limits"} {
		if got := bearerGet(t, s.url+path, "sandbox"); got.status != http.StatusOK {
			t.Errorf("GET %s with the default token: %d %s", path, got.status, got.body)
		}
	}
	req, _ := http.NewRequest("POST", s.url+"/v1/projects", strings.NewReader(`{"name":"r47-owned","region":"us-west-2"}`))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	if got := do(t, req); got.status != http.StatusCreated {
		t.Errorf("create with the default token: %d %s", got.status, got.body)
	}
}

// TestR47NewcomerSandboxAPIFlagsOverrideConfigScalars: README (--config) says "the flags add
// to it and override its scalars": --demo, --rate-limit and --queued-for win over the file's
// demo, rate_limit and queued_for, while a --token adds to the file's tokens.
func TestR47NewcomerSandboxAPIFlagsOverrideConfigScalars(t *testing.T) {
	file := filepath.Join(t.TempDir(), "world.yaml")
	world := "demo: false\nrate_limit: 2\nqueued_for: 10m\ntokens:\n  - {value: file-token, org: sandbox}\n"
	if err := os.WriteFile(file, []byte(world), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--config", file,
		"--demo", "--rate-limit", "0", "--queued-for", "10ms", "--runs-for", "10ms", "--token", "value=flag-token,org=sandbox")
	defer s.stop()
	for _, token := range []string{"file-token", "flag-token"} {
		got := bearerGet(t, s.url+"/v1/projects", token)
		if p := names(t, got, "projects"); !slices.Contains(p, "analytics-app") {
			t.Errorf("--demo over the file's demo: false: %s sees %v", token, p)
		}
		if got.header.Get("X-RateLimit-Limit") != "" {
			t.Errorf("--rate-limit 0 over the file's rate_limit: 2: headers %v", got.header)
		}
	}
	for range 3 { // beyond the file's 2 a minute
		if got := bearerGet(t, s.url+"/v1/projects", "file-token"); got.status != http.StatusOK {
			t.Fatalf("--rate-limit 0 over the file's 2: %d", got.status)
		}
	}
	req, _ := http.NewRequest("POST", s.url+"/v1/projects/101/deployments", nil)
	req.Header.Set("Authorization", "Bearer flag-token")
	if got := do(t, req); got.status != http.StatusAccepted {
		t.Fatalf("deploy: %d %s", got.status, got.body)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		got := bearerGet(t, s.url+"/v1/projects/101/deployments?limit=1", "flag-token")
		if !strings.Contains(got.body, `"status":"queued"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("--queued-for 10ms over the file's 10m: still queued after 5 s: %s", got.body)
		}
	}
}
