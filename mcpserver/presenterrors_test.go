package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestScopeRemedyNamesWhatTheToolNeeds: set_secret reads the secret before writing it, so a
// token with apps:read alone fails the read with "Required: secrets:read"; the remedy names
// what the tool needs (secrets:write, which grants secrets:read), since a secrets:read token
// would then fail the write.
func TestScopeRemedyNamesWhatTheToolNeeds(t *testing.T) {
	h := newHarness(t, harnessOptions{token: "ro", cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "ro", Org: "sandbox", Scopes: []string{"apps:read"}}}}})
	got := h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "v"})
	if !strings.Contains(got, "set_secret needs") || !strings.Contains(got, "secrets:write (which grants secrets:read)") ||
		strings.Contains(got, "issue a token with secrets:read") {
		t.Errorf("set_secret with apps:read:\n%s", got)
	}
}

// TestCodedServerErrorOfAFork: fork_app answered 502 with the API's code says what happened (no
// fork was made), not that the outcome is unknown.
func TestCodedServerErrorOfAFork(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ForkProject.ID, Status: http.StatusBadGateway, Code: "fork_source_repository_unreadable"})
	got := h.fail(t, "fork_app", map[string]any{"app": "analytics-app", "region": "us-west-2"})
	if strings.Contains(got, "Outcome unknown") || !strings.Contains(got, "(no fork was made)") {
		t.Errorf("coded 502 of fork_app:\n%s", got)
	}
}

// TestPromptArgumentRulesOverHTTP: a prompt argument the tools would refuse (a two-letter app
// name, a deployment ID that is no number) is answered with -32602 naming the argument and the
// rule, over the wire.
func TestPromptArgumentRulesOverHTTP(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	resp, _ := rpc(t, h.URL(), "", initializeJSON, nil)
	session := resp.Header.Get("Mcp-Session-Id")
	for _, tc := range []struct{ body, contains string }{
		{`{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"deploy_app","arguments":{"name":"ab"}}}`,
			`argument \"name\": App name must be at least 4 characters`},
		{`{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"troubleshoot_deployment","arguments":{"app":"analytics-app","deployment_id":"abc"}}}`,
			`argument \"deployment_id\": must be a positive deployment ID`},
	} {
		_, body := rpc(t, h.URL(), session, tc.body, nil)
		if !strings.Contains(body, `"code":-32602`) || !strings.Contains(body, tc.contains) {
			t.Errorf("%s:\n%s", tc.body, body)
		}
	}
}
