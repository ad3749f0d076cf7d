package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestDeploymentErrorCodesAreClassified: every error_code the spec declares has a class and a
// fix, and the classes are the ones api/README.md §7.6 documents.
func TestDeploymentErrorCodesAreClassified(t *testing.T) {
	retriable := map[string]bool{"insufficient_cpu": true, "insufficient_memory": true, "insufficient_storage": true, "insufficient_instances": true}
	for _, code := range api.DeploymentErrorCode.Enum {
		got, known := DeploymentRetriable(code)
		if !known {
			t.Errorf("%s: not in the table", code)
			continue
		}
		if got != retriable[code] {
			t.Errorf("%s: retriable = %v", code, got)
		}
		want := "not retriable"
		switch {
		case retriable[code]:
			want = "retriable: capacity"
		case code == "internal_error": // terminal as documented, yet its fix is one more deployment
			want = "one more deployment may succeed"
		}
		if class := DeploymentErrorClass(code); !strings.Contains(class, want) || !strings.HasPrefix(class, "`"+code+"`") {
			t.Errorf("%s: class %q", code, class)
		}
	}
	if len(deploymentFixes) != len(api.DeploymentErrorCode.Enum) {
		t.Errorf("table has %d codes, the spec %d", len(deploymentFixes), len(api.DeploymentErrorCode.Enum))
	}
}

func TestFailedDeploymentText(t *testing.T) {
	d := &client.Deployment{ID: 7, Status: client.StatusFailed, ErrorCode: "insufficient_memory", ErrorMessage: "0/6 nodes are available"}
	out := Deployment("app (1)", d)
	for _, want := range []string{"- Error code: `insufficient_memory` — retriable", "What to do: The cluster had no memory free"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// An image that cannot be pulled keeps its precise fix under the generic unable_to_start.
	d = &client.Deployment{ID: 8, Status: client.StatusFailed, ErrorCode: "unable_to_start", ErrorMessage: "Failed to pull container image"}
	if out := Deployment("app (1)", d); !strings.Contains(out, "The runtime image could not be pulled") {
		t.Errorf("image failure:\n%s", out)
	}
	logs := FailedDeploymentLogs("app (1)", "app-1-x", "failed", []string{"password=hunter2 rejected", "```", "# heading"}, 0)
	if strings.Contains(logs, "hunter2") || !strings.Contains(logs, "app-1-x") {
		t.Errorf("logs not masked:\n%s", logs)
	}
}

// TestStoppedDeploymentText: a deployment a pause or delete stopped (error_code stopped,
// api/README.md §7.6) is not presented as a failure to fix.
func TestStoppedDeploymentText(t *testing.T) {
	d := &client.Deployment{ID: 9, Status: client.StatusFailed, ErrorCode: client.CodeStopped, ErrorMessage: "Stopped: the project was paused"}
	out := Deployment("app (1)", d)
	for _, want := range []string{"- Error code: `stopped` — not a failure", "What to do: Nothing failed", "resume_app"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "update_app") {
		t.Errorf("a stopped deployment needs no configuration fix:\n%s", out)
	}
}
