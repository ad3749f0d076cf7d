package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
