package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r71Hostile15Configs are sandbox-api config files, each putting tok where a start-up refusal
// quotes what the file holds: a token's org, an org's slug, owner and members, a user, a fault's
// operation, code and retry_after, an allowed host, an OAuth client's org.
func r71Hostile15Configs(tok string) []string {
	return []string{ // each with a negative rate_limit, so that none starts serving
		"tokens:\n  - value: t0k3n-r71-config\n    org: \"" + tok + "\"\n",
		"tokens:\n  - value: t0k3n-r71-config\n    org: sandbox\n    user: \"" + tok + "\"\n",
		"tokens:\n  - value: t0k3n-r71-config\n    org: sandbox\n    scopes: [\"" + tok + "\"]\n",
		"orgs:\n  - slug: \"" + tok + " x\"\n",
		"orgs:\n  - slug: acme\n    owner: \"" + tok + "\"\n",
		"orgs:\n  - slug: acme\n    owner: alice\n    members: [\"" + tok + "\"]\n",
		"users: [\"\"]\norgs:\n  - slug: \"" + tok + "/\"\n",
		"faults:\n  - operation: \"" + tok + "\"\n",
		"faults:\n  - code: \"" + tok + "\"\n    status: 99\n",
		"faults:\n  - retry_after: \"" + tok + "\"\n    status: 429\n",
		"allowed_hosts: [\"" + tok + "/x\"]\n",
		"oauth_clients:\n  - client_id: a\n    client_secret: b\n    org: \"" + tok + "\"\n",
		"queued_for: \"" + tok + "\"\n",
	}
}

// TestR71Hostile15ConfigValuesMaskedInRefusals: a token of each family written in a sandbox-api
// --config file where a start-up refusal quotes the file's value is masked there, as one given
// on the command line or in the environment is (refusals.go records the file's values too).
func TestR71Hostile15ConfigValuesMaskedInRefusals(t *testing.T) {
	dir := t.TempDir()
	for i, k := range testutil.R66HostileTokens() {
		if i%4 != 0 && k.Family != "URL password" {
			continue
		}
		for j, doc := range r71Hostile15Configs(k.Value) {
			path := filepath.Join(dir, "world.yaml")
			if err := os.WriteFile(path, []byte(doc+"rate_limit: -1\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			got := run(t, nil, "sandbox-api", "--config", path)
			if k.Leaked(got.stderr) || k.Leaked(got.stdout) || got.code != 2 {
				t.Errorf("%s in config %d (%q): exit %d, shown: %.400s", k.Family, j, strings.SplitN(doc, "\n", 2)[0], got.code, got.stderr+got.stdout)
			}
		}
	}
}
