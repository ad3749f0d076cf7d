package cli_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestR48SpecauditSandboxOrgGitHubNotConnected: --org's github_not_connected key (and the config
// file's key of the same name) gives an organization no GitHub account, so connecting a
// repository answers 409 github_not_connected (api/README §5).
func TestR48SpecauditSandboxOrgGitHubNotConnected(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sandbox.yaml")
	if err := os.WriteFile(file, []byte("demo: false\norgs:\n  - slug: ci\n    owner: alice\n    github_not_connected: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, world := range map[string][]string{
		"flag": {"--org", "slug=ci,owner=alice,github_not_connected"},
		"file": {"--config", file},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--token", "value=ci-token,org=ci"}, world...)
			s := startServer(t, nil, args...)
			defer s.stop()
			send := func(method, path, body string) httpCall {
				req, _ := http.NewRequest(method, s.url+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer ci-token")
				req.Header.Set("Content-Type", "application/json")
				return do(t, req)
			}
			created := send("POST", "/v1/projects", `{"name":"gh-less"}`)
			var p struct{ ID int64 }
			if created.status != http.StatusCreated || json.Unmarshal([]byte(created.body), &p) != nil {
				t.Fatalf("create: %d %s", created.status, created.body)
			}
			res := send("PUT", "/v1/projects/"+strconv.FormatInt(p.ID, 10)+"/repository", `{"repository":"gh-less"}`)
			if res.status != http.StatusConflict || !strings.Contains(res.body, `"code":"github_not_connected"`) {
				t.Errorf("connect: %d %s", res.status, res.body)
			}
		})
	}
}
