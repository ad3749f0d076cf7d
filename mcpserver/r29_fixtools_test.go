package mcpserver_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// fixChangeTools are the tools a failed deployment's fix may name for a change.
var fixChangeTools = []string{"create_deployment", "update_app", "set_secret"}

// TestDeploymentFixNamesOnlyUsableTools: a failed deployment's fix (get_deployment,
// wait_for_deployment), for every error_code and for an image that cannot be pulled, names a
// tool as the call to make only where the caller can use it. A tool hidden by --read-only,
// --exclude-tools or the token's scopes is marked "(not available here)" wherever the fix
// names it, and the fix ends saying which and why, and that such a step is only proposed. It
// used to offer create_deployment, update_app and set_secret as calls even where the caller
// could use none of them.
func TestDeploymentFixNamesOnlyUsableTools(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	type failure struct{ code, spicepod, label string }
	var failures []failure
	for _, code := range api.DeploymentErrorCode.Enum {
		failures = append(failures, failure{code: code, label: code})
	}
	// unable_to_start with a spicepod the runtime no longer reads: the message's own fix.
	failures = append(failures, failure{label: "v1beta1 spicepod", spicepod: "version: v1beta1\nkind: Spicepod\nname: analytics-app\n"})

	for _, tc := range []struct {
		name   string
		start  func(t *testing.T) (*harness, string) // the harness and a full-access token
		hidden []string                              // change tools the caller cannot use
		reason string
	}{
		{"all usable", func(t *testing.T) (*harness, string) {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}), "sandbox"
		}, nil, ""},
		{"read-only", func(t *testing.T) (*harness, string) {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}}), "sandbox"
		}, fixChangeTools, present.HiddenReadOnly},
		{"exclude update_app", func(t *testing.T) (*harness, string) {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"update_app"}}}), "sandbox"
		}, []string{"update_app"}, present.HiddenExcluded},
		{"exclude get_limits, get_instance_logs", func(t *testing.T) (*harness, string) {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_limits", "get_instance_logs"}}}), "sandbox"
		}, nil, ""},
		{"read scopes", func(t *testing.T) (*harness, string) {
			return twoTokenHarness(t, []string{"apps:read", "deployments:read", "instances:read", "secrets:read"})
		}, fixChangeTools, "token lacks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, full := tc.start(t)
			appID := itoa(h.appID(t, "analytics-app"))
			for _, f := range failures {
				if f.spicepod == "" {
					if err := h.emu.FailNextDeployment(f.code); err != nil {
						t.Fatal(err)
					}
				}
				var dep struct {
					ID int64 `json:"id"`
				}
				if f.spicepod != "" {
					emuSend(t, h, full, http.MethodPut, "/v1/projects/"+appID, map[string]any{"spicepod": f.spicepod}, nil)
				}
				emuSend(t, h, full, http.MethodPost, "/v1/projects/"+appID+"/deployments", map[string]any{}, &dep)
				args := map[string]any{"app": "analytics-app", "deployment_id": dep.ID}
				waited := h.ok(t, "wait_for_deployment", args)
				got := h.ok(t, "get_deployment", args)
				for tool, out := range map[string]string{"wait_for_deployment": waited, "get_deployment": got} {
					what := tc.name + ", " + f.label + ", " + tool
					mustContain(t, what, out, "failed**")
					checkFixTools(t, what, out, tc.hidden, tc.reason)
					// A tool that only reads is named only where usable (nothing to propose instead).
					for code, read := range map[string]string{"pod_exceeds_node_capacity": "get_limits", "unable_to_start": "get_instance_logs"} {
						if named, usable := strings.Contains(out, read), !strings.HasPrefix(tc.name, "exclude get_limits"); f.label == code && named != usable {
							t.Errorf("%s: %s named = %t, usable = %t:\n%s", what, read, named, usable, out)
						}
					}
				}
			}
		})
	}
}

// checkFixTools checks a failed deployment's "What to do" paragraph in out: each tool of hidden
// it names is marked "(not available here)", the closing sentence says why (reason) and that
// such a step is only proposed; usable change tools are never marked.
func checkFixTools(t *testing.T, what, out string, hidden []string, reason string) {
	t.Helper()
	_, fix, ok := strings.Cut(out, "What to do: ")
	if !ok {
		t.Errorf("%s: no fix in\n%s", what, out)
		return
	}
	fix, _, _ = strings.Cut(fix, "\n\n") // the log lines follow
	body, closing := fix, ""
	if i := strings.Index(fix, " not available here ("); i >= 0 {
		start := strings.LastIndex(fix[:i], ". ") + 2
		body, closing = fix[:start], fix[start:]
	}
	marked := checkMarkedUnavailable(t, what, fix, body, closing, hidden, reason)
	deploysHidden := slices.Contains(hidden, "create_deployment")
	if marked == 0 && deploysHidden && (strings.Contains(fix, "deploy again") || strings.Contains(fix, "deploy once more")) {
		t.Errorf("%s: a fix that deploys again marks nothing unavailable:\n%s", what, fix)
	}
	if marked == 0 && closing != "" {
		t.Errorf("%s: a closing sentence with nothing marked: %q", what, closing)
	}
}

// checkMarkedUnavailable checks text, split into its body and the closing sentence on tools
// not available: each change tool of hidden the body names is marked "(not available here)"
// and named in the closing, which says why (reason) and that such a step is only proposed;
// usable change tools are never marked. It returns how many were marked.
func checkMarkedUnavailable(t *testing.T, what, text, body, closing string, hidden []string, reason string) int {
	t.Helper()
	marked := 0
	for _, tool := range fixChangeTools {
		n := strings.Count(body, tool+" (not available here)")
		if !slices.Contains(hidden, tool) {
			if n > 0 || strings.Contains(closing, tool) {
				t.Errorf("%s: usable %s marked unavailable:\n%s", what, tool, text)
			}
			continue
		}
		if strings.Count(body, tool) != n {
			t.Errorf("%s: %s offered as a call though %s:\n%s", what, tool, reason, text)
		}
		if n > 0 {
			marked++
			if !strings.Contains(closing, tool) {
				t.Errorf("%s: %s marked but not said why:\n%s", what, tool, text)
			}
		}
	}
	if marked > 0 && (!strings.Contains(closing, reason) || !strings.Contains(closing, ", propose it, naming the tool, but apply nothing.")) {
		t.Errorf("%s: closing sentence %q: want the reason %q and that it is only proposed", what, closing, reason)
	}
	return marked
}
