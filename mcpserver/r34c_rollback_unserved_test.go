package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR34cRollbackUnservedNamesUsableTools: a rollback answered 404 without "Deployment not
// found" (the API does not serve the route) says what to do instead as calls only where the
// caller can use them: get_deployment, update_app and create_deployment hidden by
// --exclude-tools are named as not available, with why. It named all three as usable.
func TestR34cRollbackUnservedNamesUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name     string
		excluded []string
		want     []string
	}{
		{"all usable", nil, []string{"What to do: The API may not offer rollback (a route seen only in Spice's CLI): check deployment 1 with " +
			"`get_deployment {\"app\":\"analytics-app\",\"deployment_id\":1}`; to run an earlier configuration without rollback, " +
			"set it with update_app, then deploy it with create_deployment."}},
		{"hidden", []string{"get_deployment", "update_app", "create_deployment"}, []string{
			"check deployment 1 in the Spice.ai portal (get_deployment is not available here (it is listed in --exclude-tools))",
			"set it with update_app (not available here), then deploy it with create_deployment (not available here).",
			"update_app and create_deployment are not available here"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answers := []canned{{method: http.MethodPost, path: regexp.MustCompile(`/rollback$`), status: http.StatusNotFound,
				body: `{"error":"Not Found"}`}}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil),
				policy: tools.Policy{ExcludeTools: tc.excluded}})
			out := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1})
			mustContain(t, tc.name, out, tc.want...)
			for _, hidden := range tc.excluded { // named only as not available, never as a call
				if strings.Contains(out, "`"+hidden) || strings.Contains(out, hidden+";") || strings.Contains(out, hidden+".") {
					t.Errorf("%s is hidden, yet named as usable:\n%s", hidden, out)
				}
			}
		})
	}
}
