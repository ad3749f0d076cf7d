package cli_test

import (
	"encoding/json"
	"net/http"
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

// TestR49SpecauditSandboxOrgInitialConfigNotApplied: --org's initial_config_not_applied key (and
// the config file's key of the same name) makes a project create answer 201 with `warning` set
// (api/README §7.1), its settings not applied.
func TestR49SpecauditSandboxOrgInitialConfigNotApplied(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sandbox.yaml")
	if err := os.WriteFile(file, []byte("demo: false\norgs:\n  - slug: ci\n    owner: alice\n    initial_config_not_applied: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, world := range map[string][]string{
		"flag": {"--org", "slug=ci,owner=alice,initial_config_not_applied"},
		"file": {"--config", file},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--token", "value=ci-token,org=ci"}, world...)
			s := startServer(t, nil, args...)
			defer s.stop()
			req, _ := http.NewRequest("POST", s.url+"/v1/projects", strings.NewReader(`{"name":"half-made","replicas":2}`))
			req.Header.Set("Authorization", "Bearer ci-token")
			req.Header.Set("Content-Type", "application/json")
			created := do(t, req)
			var p struct{ Warning *string }
			if created.status != http.StatusCreated || json.Unmarshal([]byte(created.body), &p) != nil || p.Warning == nil || *p.Warning == "" {
				t.Fatalf("create: %d %s", created.status, created.body)
			}
		})
	}
}
