package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Every text that names the portal for a hidden tool says, in sandbox mode, what works instead:
// a pause or resume whose outcome is unknown, which secrets are set.
func TestR43SandboxPortalEverywhere(t *testing.T) {
	hidden := func(names ...string) []UnavailableTool {
		var m []UnavailableTool
		for _, n := range names {
			m = append(m, UnavailableTool{Name: n, Reason: HiddenExcluded, Sandbox: true})
		}
		return m
	}
	all := hidden("list_deployments", "wait_for_deployment", "get_deployment")
	resume, _ := ResumeFailed(&client.APIError{Operation: "resumeProject", StatusCode: 502, OutcomeUnknown: true}, all)
	texts := map[string]string{
		"showsDeployment":   showsDeployment(5, all, nil),
		"resume":            resume,
		"followQueued":      followQueued(all, nil),
		"followCall":        followCall(5, all, nil),
		"followNewest":      followNewest(all, nil),
		"FollowName":        FollowName(all),
		"whichSecretsSet":   whichSecretsSet(hidden("list_secrets")),
		"RecentDeployments": RecentDeployments("a", []client.Deployment{{ID: 1}}, 1, hidden("list_deployments")),
	}
	for name, text := range texts {
		if strings.Contains(text, "portal shows") || strings.Contains(text, "Spice.ai portal") || !strings.Contains(text, "the sandbox has no portal") {
			t.Errorf("%s: %s", name, text)
		}
	}
}
