package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestRemediesNameUpdateAppArguments: the fix of a failed deployment that sends the user to
// update_app names what update_app takes. Each path below is in the fix, and a call setting it
// decodes and validates: pod_exceeds_node_capacity's "lower resources" once named an argument
// update_app did not have.
func TestRemediesNameUpdateAppArguments(t *testing.T) {
	for code, paths := range map[string][]string{
		client.CodeInsufficientCPU:        {"replicas", "resources.requests.cpu"},
		client.CodeInsufficientMemory:     {"replicas", "resources.requests.memory"},
		client.CodePodExceedsNodeCapacity: {"replicas", "resources (cpu, memory)"},
	} {
		fix := present.Deployment("app (1)", &client.Deployment{ID: 1, Status: client.StatusFailed, ErrorCode: code})
		if !strings.Contains(fix, "with update_app") {
			t.Errorf("%s: the fix names no update_app:\n%s", code, fix)
		}
		for _, path := range paths {
			if !strings.Contains(fix, path) {
				t.Errorf("%s: the fix does not name %s:\n%s", code, path, fix)
			}
			var value any = map[string]any{"replicas": 1}
			switch {
			case strings.HasPrefix(path, "resources."): // resources.GROUP.KEY
				parts := strings.Split(path, ".")
				value = map[string]any{"resources": map[string]any{parts[1]: map[string]any{parts[2]: "1"}}}
			case strings.HasPrefix(path, "resources"):
				value = map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": "1", "memory": "1Gi"}}}
			}
			args := value.(map[string]any)
			args["app"] = "analytics-app"
			raw, _ := json.Marshal(args)
			var a updateAppArgs
			if err := decodeArgs(raw, &a); err != nil {
				t.Errorf("%s: update_app does not take %s: %v", code, path, err)
				continue
			}
			if fe := a.validate(); len(fe) > 0 {
				t.Errorf("%s: update_app refuses %s: %s", code, raw, fe)
			}
		}
	}
}
