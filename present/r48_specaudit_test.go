package present

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR48SpecauditSandboxGitHubNotConnectedRemedy: the emulator answers connect repository
// 409 github_not_connected only for an organization it was started without a GitHub account
// (github_not_connected in sandbox-api's --org or config file), so the sandbox remedy says so
// rather than "connect the repository", which would be refused the same way again.
func TestR48SpecauditSandboxGitHubNotConnectedRemedy(t *testing.T) {
	c, _ := r45SandboxClient(t, sandbox.Config{Orgs: []sandbox.Org{
		{Slug: "sandbox", Owner: "alice", GitHubNotConnected: true}}}, "")
	_, err := c.ConnectProjectRepository(context.Background(), r45SandboxAppID(t, c, "analytics-app"),
		client.ConnectRepositoryRequest{Repository: "analytics"})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Code != "github_not_connected" {
		t.Fatalf("connect: %v", err)
	}
	got := Remedy(err)
	if !strings.Contains(got, "github_not_connected") || strings.Contains(got, "needs no app installed") {
		t.Errorf("sandbox remedy: %q", got)
	}
	for _, w := range r45SandboxPortalWords {
		if strings.Contains(got, w) {
			t.Errorf("sandbox remedy says %q: %q", w, got)
		}
	}
}
