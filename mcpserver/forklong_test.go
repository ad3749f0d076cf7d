package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestForkQuotesTheSourcesLongBranchShort: fork_app's list of what the fork lacks quoted the
// source's production branch (30,008 characters, accepted by the API) whole, so the result was
// cut before the fork's URL, endpoint and next steps. The branch is shortened, with its length,
// as get_app shows it.
func TestForkQuotesTheSourcesLongBranchShort(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "production_branch": "feature/" + strings.Repeat("b", 30000)})
	got := h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-long-fork"})
	if len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") {
		t.Fatalf("fork_app's result is %d bytes or cut:\n%s", len(got), got[:min(len(got), 2000)])
	}
	mustContain(t, "fork of a source with a long production branch", got,
		"production branch `feature/bbbb", "(shortened; 30,008 characters in all) (and its repository link, if one was connected)",
		" URL: https://", "create_deployment")
}

// TestTagsNotSentWhenTheAppCannotBeRead: update_app tags, whose read of the app failed, replaced
// the app's tags and said "Updated tags", the tags it removed (environment=production) unnamed.
// tags replace them all, so the read is required as for resources: when it fails nothing is
// sent, the app keeps its tags, and the error says so.
func TestTagsNotSentWhenTheAppCannotBeRead(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := h.ok(t, "get_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "the app's tags", before, "environment=production")
	h.emu.InjectFault(sandbox.Fault{Operation: "getProject", Status: http.StatusInternalServerError, Times: 1})
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"team": "x"}})
	mustContain(t, "update_app tags, the app unread", got, "API error 500", "Try again")
	after := h.ok(t, "get_app", map[string]any{"app": "analytics-app"})
	if !strings.Contains(after, "environment=production") || strings.Contains(after, "team=x") {
		t.Errorf("update_app replaced the tags of an app it could not read:\n%s", after)
	}
}
