package cli_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestR48SpecauditSandboxOrgGitHubNotConnected: --org's github_not_connected key gives an
// organization no GitHub account, so connecting a repository answers 409 github_not_connected
// (api/README §5), as the config file's key of the same name does.
func TestR48SpecauditSandboxOrgGitHubNotConnected(t *testing.T) {
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=ci,owner=alice,github_not_connected", "--token", "value=ci-token,org=ci")
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
}
