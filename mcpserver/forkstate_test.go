package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// distributedPod is a spicepod whose runtime keeps scheduler state: forks of it need their own
// scheduler_state_location (FORKS-REF).
const distributedPod = "version: v1\nkind: Spicepod\nname: analytics\nruntime:\n  scheduler:\n    state_location: s3://acme/analytics-state\n"

// TestForkRemediesNameAnArgumentForkAppTakes: each scheduler_state_location_* answer's remedy
// names scheduler_state_location, and fork_app takes it: following the remedy is not refused as
// an unknown argument (it once was, a dead end).
func TestForkRemediesNameAnArgumentForkAppTakes(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, code := range []string{"scheduler_state_location_required", "scheduler_state_location_unsupported",
		"scheduler_state_location_overlaps_source", "scheduler_state_location_not_applicable"} {
		h.emu.InjectFault(sandbox.Fault{Operation: api.ForkProject.ID, Status: http.StatusBadRequest, Code: code})
		got := h.fail(t, "fork_app", map[string]any{"app": "analytics-app"})
		_, fix, ok := strings.Cut(got, "What to do:")
		if !ok || !strings.Contains(fix, "scheduler_state_location") {
			t.Errorf("%s: the remedy names no scheduler_state_location:\n%s", code, got)
		}
	}
	res := h.call(t, "fork_app", map[string]any{"app": "analytics-app", "scheduler_state_location": "s3://acme/fork-state"})
	if msg := text(res); strings.Contains(msg, "unknown argument") || !strings.Contains(msg, "scheduler_state_location_not_applicable") {
		t.Errorf("fork_app with scheduler_state_location of a source without scheduler state:\n%s", msg)
	}
}

// TestForkOfADistributedSource: a source whose spicepod keeps scheduler state forks only with a
// scheduler_state_location of the fork's own, an s3:// URI outside the source's; a location
// that is no s3:// URI is refused before any request, naming the argument and the rule.
func TestForkOfADistributedSource(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": distributedPod})

	if got := h.fail(t, "fork_app", map[string]any{"app": "analytics-app"}); !strings.Contains(got, "scheduler_state_location_required") {
		t.Errorf("fork of a distributed source without scheduler_state_location:\n%s", got)
	}
	if got := h.fail(t, "fork_app", map[string]any{"app": "analytics-app", "scheduler_state_location": "s3://acme/analytics-state/fork"}); !strings.Contains(got, "scheduler_state_location_overlaps_source") {
		t.Errorf("fork into the source's scheduler state:\n%s", got)
	}
	for _, bad := range []string{"gs://acme/fork-state", "s3://", "s3:///fork-state", "s3://acme/fork state", "/tmp/state"} {
		h.emu.InjectFault(sandbox.Fault{Operation: api.ForkProject.ID, Status: http.StatusTeapot}) // sent, it would answer 418
		got := h.fail(t, "fork_app", map[string]any{"app": "analytics-app", "scheduler_state_location": bad})
		if !strings.Contains(got, "scheduler_state_location") || !strings.Contains(got, "s3://") || strings.Contains(got, "418") {
			t.Errorf("scheduler_state_location %q:\n%s", bad, got)
		}
		h.emu.ClearFaults()
	}

	res := h.call(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-west", "region": "us-west-2",
		"scheduler_state_location": "s3://acme/analytics-west-state"})
	if res.IsError {
		t.Fatalf("fork with its own scheduler_state_location: %s", text(res))
	}
	raw, _ := json.Marshal(res.StructuredContent)
	var fork struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal(raw, &fork)
	if fork.Name != "analytics-west" {
		t.Errorf("fork: %s", raw)
	}
	if got := h.ok(t, "get_app", map[string]any{"app": "analytics-west"}); !strings.Contains(got, "s3://acme/analytics-west-state") {
		t.Errorf("the fork's spicepod does not keep its own scheduler state:\n%s", got)
	}
	if got := h.ok(t, "get_app", map[string]any{"app": "analytics-app"}); !strings.Contains(got, "s3://acme/analytics-state") ||
		strings.Contains(got, "analytics-west-state") {
		t.Errorf("the source's spicepod changed:\n%s", got)
	}
}

// TestForkRegionSchemaListsTheRegions: fork_app's region declares the regions it takes, as
// create_app's does (a region outside them is refused before sending).
func TestForkRegionSchemaListsTheRegions(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	for _, tool := range h.listTools(t) {
		if tool.Name != "fork_app" {
			continue
		}
		raw, _ := json.Marshal(tool)
		var listed struct {
			InputSchema struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"inputSchema"`
		}
		_ = json.Unmarshal(raw, &listed)
		if got := listed.InputSchema.Properties["region"].Enum; !slices.Equal(got, []string{"us-east-1", "us-west-2"}) {
			t.Errorf("fork_app's region enum %v: %s", got, raw)
		}
		return
	}
	t.Fatal("fork_app is not listed")
}
