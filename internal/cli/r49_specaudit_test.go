package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestR49SpecauditOrgSettingsFollowTheCLIRule: every way to set an organization handle that
// becomes an X-Org-Name — SPICE_ORG, sandbox-api's --org slug and the config file's slug — is
// held to the rule Spice's CLI follows, [A-Za-z0-9._-]{1,64} (api/README, Observed), at start,
// naming the setting and the rule; a handle within it starts.
func TestR49SpecauditOrgSettingsFollowTheCLIRule(t *testing.T) {
	const rule = "[A-Za-z0-9._-]{1,64}"
	for _, org := range []string{"acmé-labs", "acme labs", "acme/labs", strings.Repeat("a", 65), "👨\u200d👩\u200d👧-team"} {
		for _, args := range [][]string{{"--sandbox"}, nil} {
			env := map[string]string{"SPICE_ORG": org}
			if args == nil {
				env["SPICE_API_TOKEN"] = "tok"
			}
			if got := run(t, env, args...); got.code != 2 || !strings.Contains(got.stderr, "SPICE_ORG") || !strings.Contains(got.stderr, rule) {
				t.Errorf("SPICE_ORG=%+q %v: exit %d, want 2 naming SPICE_ORG and %s; stderr:\n%s", org, args, got.code, rule, got.stderr)
			}
		}
		if got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--org", "slug="+org+",owner=alice"); got.code != 2 || !strings.Contains(got.stderr, "slug") || !strings.Contains(got.stderr, rule) {
			t.Errorf("sandbox-api --org slug=%+q: exit %d, want 2 naming slug and %s; stderr:\n%s", org, got.code, rule, got.stderr)
		}
		file := filepath.Join(t.TempDir(), "sandbox.yaml")
		if err := os.WriteFile(file, []byte("orgs:\n  - slug: \""+org+"\"\n    owner: alice\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", file); got.code != 2 || !strings.Contains(got.stderr, "slug") || !strings.Contains(got.stderr, rule) {
			t.Errorf("sandbox-api config slug %+q: exit %d, want 2 naming slug and %s; stderr:\n%s", org, got.code, rule, got.stderr)
		}
	}
	for _, org := range []string{"acme-labs", "Acme.Labs_2", "131"} {
		if got := run(t, map[string]string{"SPICE_ORG": org}, "--sandbox"); got.code != 0 {
			t.Errorf("SPICE_ORG=%+q: exit %d, want 0; stderr:\n%s", org, got.code, got.stderr)
		}
	}
}
