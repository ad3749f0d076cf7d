package cli_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR49LeadRerunInANewSessionFindsItsDeployment: over stdio each session is a process of its
// own. Without SPICE_MCP_CONFIRM_KEY, create_and_deploy_app run again in a new session with the
// same credential finds the deployment the first session started (its mark is keyed by a key
// derived from the credential), rather than taking it for another call's.
func TestR49LeadRerunInANewSessionFindsItsDeployment(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	env := map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox"}
	args := map[string]any{"name": "rerun-app", "spicepod": "version: v1\nkind: Spicepod\nname: rerun-app\n", "wait": false}
	var texts []string
	for i := range 2 {
		s := startStdio(t, env, "--confirm", "off")
		s.handshake()
		out, isErr := s.call(3, "create_and_deploy_app", args)
		if isErr {
			t.Fatalf("session %d: %s", i+1, out)
		}
		texts = append(texts, out)
		if code := s.stop(); code != 0 {
			t.Fatalf("session %d: exit %d; stderr:\n%s", i+1, code, s.stderr.String())
		}
	}
	if strings.Contains(texts[1], "not of this configuration") || strings.Count(texts[1], "1008") == 0 {
		t.Errorf("the second session took the first one's deployment for another call's:\n%s\n--- first:\n%s", texts[1], texts[0])
	}
}
