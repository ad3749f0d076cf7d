package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// The sandbox's plan figures in the remedies are the emulator's own (sandbox.PlanLimits), not a
// copy: a figure changed there changes the text, whose wording stays.
func TestR46SandboxPlansTextFollowsThePlanFigures(t *testing.T) {
	standard, enterprise := sandbox.PlanLimits(false), sandbox.PlanLimits(true)
	if got := sandboxPlansText(standard, enterprise); got != sandboxPlans {
		t.Errorf("the remedies' plans are not the emulator's:\n got %q\nwant %q", sandboxPlans, got)
	}
	for _, part := range []string{"its standard plan (organization `sandbox`) allows ", " replicas and no custom resources (CPU, memory), its " +
		"Enterprise plan (`acme-labs`) ", " CPUs and ", "Gi of memory"} {
		if !strings.Contains(sandboxPlans, part) {
			t.Errorf("plans text lacks %q: %q", part, sandboxPlans)
		}
	}

	standard.Replicas = 7
	enterprise.Replicas = 12
	enterprise.Resources.MaxCPU = 32
	enterprise.Resources.MaxMemoryGi = 128
	changed := sandboxPlansText(standard, enterprise)
	for _, want := range []string{"allows 7 replicas and no custom resources", "(`acme-labs`) 12 replicas, 32 CPUs and 128Gi of memory"} {
		if !strings.Contains(changed, want) {
			t.Errorf("changed figures: text lacks %q: %q", want, changed)
		}
	}
	// A standard plan with private compute, an Enterprise plan without: each says what it has.
	standard.Resources = &sandbox.ResourceLimits{MaxCPU: 2, MaxMemoryGi: 4}
	enterprise.Resources = nil
	swapped := sandboxPlansText(standard, enterprise)
	for _, want := range []string{"allows 7 replicas, 2 CPUs and 4Gi of memory", "(`acme-labs`) 12 replicas and no custom resources (CPU, memory)"} {
		if !strings.Contains(swapped, want) {
			t.Errorf("resources swapped: text lacks %q: %q", want, swapped)
		}
	}
}
