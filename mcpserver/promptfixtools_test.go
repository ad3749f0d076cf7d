package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestTroubleshootingAppliesWithWhatIsAvailable: troubleshoot_deployment proposes only (applies
// nothing) where every fix tool is hidden; where only some are (update_app, create_deployment,
// resume_app, set_secret or wait_for_deployment), it still applies fixes with the others, names
// each hidden tool as not available (one sentence, pluralised), marks it where the diagnosis
// names it, says a new deployment can only be proposed without create_deployment, and follows
// deployments with get_deployment instead of a hidden wait_for_deployment. It used to apply
// nothing when resume_app alone was hidden, and said "set_secret, resume_app are not available
// here (it is ...)"; and with update_app or create_deployment hidden it applied nothing while
// step 4 still said "resume the app with resume_app" and "deploy again shortly".
func TestTroubleshootingAppliesWithWhatIsAvailable(t *testing.T) {
	ex := present.HiddenExcluded
	for _, tc := range []struct {
		exclude    []string
		applies    bool
		want, deny []string
	}{
		{[]string{"resume_app"}, true,
			[]string{"resume_app is not available here (" + ex + "): for a fix that needs it, propose it", "resume the app with resume_app (not available here)",
				"follow it with wait_for_deployment"},
			[]string{"set_secret (not available here)"}},
		{[]string{"set_secret", "resume_app"}, true,
			[]string{"set_secret and resume_app are not available here (each: " + ex + "): for a fix that needs one of them", "set the secret with set_secret (not available here)"},
			[]string{"are not available here (it is"}},
		{[]string{"wait_for_deployment"}, true,
			[]string{"follow it with get_deployment."},
			[]string{"wait_for_deployment"}},
		{[]string{"update_app"}, true,
			[]string{"update_app is not available here (" + ex + "): for a fix that needs it, propose it", "fix the spicepod with update_app (not available here)",
				"deploy again shortly with create_deployment, or lower replicas or resources with update_app (not available here)",
				"resume the app with resume_app instead", "deploy again with create_deployment and follow it with wait_for_deployment."},
			[]string{"resume_app (not available here)", "but apply nothing:"}},
		{[]string{"create_deployment"}, true,
			[]string{"once I agree, apply it; a new deployment can only be proposed. create_deployment is not available here (" + ex + "): for a fix that needs it, propose it",
				"deploy again shortly with create_deployment (not available here)", "resume the app with resume_app instead", "fix the spicepod with update_app."},
			[]string{"deploy again with create_deployment"}},
		{[]string{"create_deployment", "resume_app"}, true,
			[]string{"create_deployment and resume_app are not available here (each: " + ex + "): for a fix that needs one of them"},
			nil},
		{[]string{"update_app", "create_deployment", "set_secret", "resume_app"}, false,
			[]string{"apply nothing: update_app, create_deployment, set_secret and resume_app are not available here (each: " + ex + ")."},
			nil},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: tc.exclude}})
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "analytics-app"}
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		body := res.Messages[0].Content.(mcp.TextContent).Text
		if applies := strings.Contains(body, "once I agree, apply it"); applies != tc.applies || applies == strings.Contains(body, "but apply nothing:") {
			t.Errorf("without %v: applies = %t, want %t:\n%s", tc.exclude, applies, tc.applies, body)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("without %v: no %q in\n%s", tc.exclude, w, body)
			}
		}
		for _, d := range tc.deny {
			if strings.Contains(body, d) {
				t.Errorf("without %v: %q in\n%s", tc.exclude, d, body)
			}
		}
	}
}
