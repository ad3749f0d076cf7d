package mcpserver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

const r37ReadOnly = "update_app is not available here (it changes things and the server runs with --read-only)"

// TestR37SpicepodNotSetNamesUpdateAppOnlyWhereUsable: get_app and describe_app of an app with no
// spicepod said "set one with update_app before deploying" under --read-only; they now say
// update_app is not available here and why (both variants: no branch, and a production branch).
func TestR37SpicepodNotSetNamesUpdateAppOnlyWhereUsable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ReadOnly: true}})
	api := r35API(t, h)
	ctx := context.Background()
	if _, err := api.CreateApp(ctx, client.CreateAppRequest{Name: "bare", Region: "us-west-2"}); err != nil {
		t.Fatal(err)
	}
	branched, err := api.CreateApp(ctx, client.CreateAppRequest{Name: "branched", Region: "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	main := "main"
	if _, err := api.UpdateApp(ctx, branched.ID, client.UpdateAppRequest{ProductionBranch: &main}); err != nil {
		t.Fatal(err)
	}
	for app, want := range map[string]string{
		"bare":     "- Spicepod: not set — one must be set before deploying; " + r37ReadOnly,
		"branched": "- Spicepod: none stored — a connected GitHub repository's is deployed; with none connected, one must be set before deploying; " + r37ReadOnly,
	} {
		for _, tool := range []string{"get_app", "describe_app"} {
			out := h.ok(t, tool, map[string]any{"app": app})
			mustContain(t, tool+" "+app, out, want)
			if plainlyNamed(out, "update_app") {
				t.Errorf("%s %s names the hidden update_app as usable:\n%s", tool, app, out)
			}
		}
	}
	// Where update_app is usable, the line names it as before.
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "usable", h.ok(t, "get_app", map[string]any{"app": "docs-search"}), "- Spicepod: not set — set one with update_app before deploying")
}

// TestR37DescribeAppPointsToThePortalForHiddenLists: describe_app offered `list_deployments
// {…,"offset":3}` and `list_secrets {…,"offset":50}` and named get_api_keys where they were
// excluded; it now says what is left out and that the Spice.ai portal shows it.
func TestR37DescribeAppPointsToThePortalForHiddenLists(t *testing.T) {
	hidden := []string{"list_secrets", "list_deployments", "get_api_keys"}
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   []string
	}{
		{"excluded", tools.Policy{ExcludeTools: hidden}, []string{
			"The 3 most recent deployments, newest first, all of image tag 2.3.2 and with 2 replicas; older ones: left out, as list_deployments is not " +
				"available here (it is listed in --exclude-tools); the Spice.ai portal shows them.",
			"`S_047`, and 72 more (values never shown); the other 72 are left out, as list_secrets is not available here " +
				"(it is listed in --exclude-tools); the Spice.ai portal shows them",
			"**API keys**: primary set, secondary set; no read-only tool here shows them, as get_api_keys is not available here " +
				"(it is listed in --exclude-tools); the Spice.ai portal does, in the app's Settings, section General"}},
		{"usable", tools.Policy{}, []string{
			"older ones: `list_deployments {\"app\":\"analytics-app\",\"offset\":3}`.",
			"and 72 more (`list_secrets {\"app\":\"analytics-app\",\"offset\":50}` shows them)",
			"**API keys**: primary set, secondary set (get_api_keys shows them)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: time.Second}, policy: tc.policy})
			api := r35API(t, h)
			ctx := context.Background()
			id := h.appID(t, "analytics-app")
			for i := range 120 {
				if _, err := api.UpsertSecret(ctx, id, fmt.Sprintf("S_%03d", i), "v"); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 4 {
				if _, err := api.CreateDeployment(ctx, id, client.CreateDeploymentRequest{Branch: "main", CommitSHA: fmt.Sprintf("%040x", i)}); err != nil {
					t.Fatal(err)
				}
				h.clock.Advance(3 * time.Second)
			}
			out := h.ok(t, "describe_app", map[string]any{"app": "analytics-app"})
			mustContain(t, tc.name, out, tc.want...)
			for _, tool := range hidden {
				if len(tc.policy.ExcludeTools) > 0 && (strings.Contains(out, "`"+tool) || plainlyNamed(out, tool)) {
					t.Errorf("%s is hidden, yet named as usable:\n%s", tool, out)
				}
			}
		})
	}
}

// TestR37ListInstancesNamesLogsOnlyWhereUsable: list_instances ended "Read one's log with
// get_instance_logs." where get_instance_logs was excluded; the hint is now left out there.
func TestR37ListInstancesNamesLogsOnlyWhereUsable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_instance_logs"}}})
	out := h.ok(t, "list_instances", map[string]any{"app": "analytics-app"})
	mustContain(t, "excluded", out, "2 instances of analytics-app (101)", "| analytics-app-")
	if strings.Contains(out, "get_instance_logs") || strings.HasSuffix(out, "\n") {
		t.Errorf("names the hidden get_instance_logs, or ends in a blank line:\n%q", out)
	}
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "usable", h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}), "\n\nRead one's log with get_instance_logs.")
}
