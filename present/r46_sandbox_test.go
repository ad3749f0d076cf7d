package present

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
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

// In --sandbox, refusals the emulator gives whose real-API remedy is false there (add a file to
// the repository, try GitHub again, ask the owner, check the GitHub connection) say what works in the emulator; each is its answer over HTTP,
// and the same refusal outside the sandbox keeps the real API's text.
func TestR46SandboxRemediesTrueInTheEmulator(t *testing.T) {
	ctx := context.Background()
	std, _ := r45SandboxClient(t, sandbox.Config{}, "")
	ent, _ := r45SandboxClient(t, sandbox.Config{}, "acme-labs")
	cases := []struct {
		name       string
		call       func() error
		want       []string // what the sandbox's remedy must say
		realAPI    string   // the real API's remedy, which the sandbox's replaces
		notSandbox []string // what the sandbox's must not say
	}{
		{"no spicepod in the directory", func() error {
			_, err := std.ConnectProjectRepository(ctx, r45SandboxAppID(t, std, "analytics-app"),
				client.ConnectRepositoryRequest{Repository: "analytics", RootDirectory: "pods-empty"})
			return err
		}, []string{"ends in -empty", "nothing can be committed", "root_directory"}, "add one, or set root_directory", []string{"add one"}},
		{"GitHub unavailable", func() error {
			_, err := std.ConnectProjectRepository(ctx, r45SandboxAppID(t, std, "analytics-app"),
				client.ConnectRepositoryRequest{Repository: "analytics-unavailable"})
			return err
		}, []string{"ends in -unavailable", "does not help", "sandbox/analytics"}, "GitHub could not be reached; try again shortly", []string{"try again shortly"}},
		{"admin granting the admin role", func() error {
			_, err := ent.UpdateMemberRoles(ctx, 2, []string{"admin"}) // bob, a viewer of acme-labs
			return err
		}, []string{"Only an owner can", "acts only as `alice`", "`carol`", "org: sandbox"}, "ask the user to have an owner of the organization do it", []string{"an owner of the organization do it"}},
		{"fork of a source whose branch is missing", func() error {
			id := r45SandboxAppID(t, std, "docs-search")
			if _, err := std.ConnectProjectRepository(ctx, id, client.ConnectRepositoryRequest{Repository: "docs"}); err != nil {
				return err
			}
			branch := "release-missing"
			if _, err := std.UpdateProject(ctx, id, client.UpdateProjectRequest{ProductionBranch: &branch}); err != nil {
				return err
			}
			_, err := std.ForkProject(ctx, id, client.ForkProjectRequest{Name: "docs-copy"})
			return err
		}, []string{"ends in -missing", "no fork was made", "update_app", "fork again"}, "check its GitHub connection", []string{"GitHub connection"}},
	}
	for _, tc := range cases {
		err := tc.call()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !apiErr.Sandbox {
			t.Errorf("%s: not the emulator's refusal: %v", tc.name, err)
			continue
		}
		got := Remedy(err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s (%d %s): sandbox remedy lacks %q:\n%s", tc.name, apiErr.StatusCode, apiErr.Message, w, got)
			}
		}
		for _, w := range append(tc.notSandbox, r45SandboxPortalWords...) {
			if strings.Contains(got, w) {
				t.Errorf("%s: sandbox remedy says %q, which is not so in the sandbox:\n%s", tc.name, w, got)
			}
		}
		real := *apiErr
		real.Sandbox = false
		if got := Remedy(&real); !strings.Contains(got, tc.realAPI) {
			t.Errorf("%s outside the sandbox: remedy lacks %q:\n%s", tc.name, tc.realAPI, got)
		}
	}
}

// Rows the emulator of --sandbox reaches only by a race (an app deleted between a tool's look-up
// and its call) or not at all name neither SPICE_API_URL, nor Spice.ai's API, nor the token's scopes
// there; outside the sandbox each keeps its text.
func TestR46SandboxFallbackRowsNameTheEmulator(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     client.APIError
		want    string
		realAPI string
	}{
		{"route not found", client.APIError{Operation: "listClusters", StatusCode: http.StatusNotFound, Message: "Not found"},
			"The sandbox's emulator found nothing", "The API at SPICE_API_URL does not serve this route"},
		{"rollback of a deleted app", client.APIError{Operation: "rollbackProject", StatusCode: http.StatusNotFound, Message: "Project not found"},
			"serves rollback", "may not offer rollback"},
		{"server error", client.APIError{Operation: "listProjects", StatusCode: http.StatusInternalServerError, Message: "boom"},
			"The sandbox's emulator", "The Spice.ai API had a server-side problem"},
		{"other 403", client.APIError{Operation: "listProjects", StatusCode: http.StatusForbidden, Message: "Nope"},
			"has every scope", "Check its scopes"},
	} {
		sandboxed := tc.err
		sandboxed.Sandbox = true
		got := Remedy(&sandboxed)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: sandbox remedy lacks %q: %q", tc.name, tc.want, got)
		}
		for _, w := range []string{"SPICE_API_URL", "Spice.ai API", "check its scopes", "Check its scopes", "may not offer rollback"} {
			if strings.Contains(got, w) {
				t.Errorf("%s: sandbox remedy says %q: %q", tc.name, w, got)
			}
		}
		if got := Remedy(&tc.err); !strings.Contains(got, tc.realAPI) {
			t.Errorf("%s outside the sandbox: %q", tc.name, got)
		}
	}

	// rollback_deployment's own text for that 404 follows the row.
	for _, sandboxed := range []bool{false, true} {
		err := &client.APIError{Operation: "rollbackProject", StatusCode: http.StatusNotFound, Message: "Project not found", Sandbox: sandboxed}
		text, ok := RollbackFailed(err, 1001, 0, DeployableYes, SameRollbackNo, nil)
		if !ok {
			t.Fatalf("not RollbackFailed's: %v", err)
		}
		if offers := strings.Contains(text, "may not offer rollback"); offers == sandboxed {
			t.Errorf("rollback 404, sandbox %v:\n%s", sandboxed, text)
		}
		if sandboxed && !strings.Contains(text, "serves rollback") {
			t.Errorf("rollback 404 in the sandbox:\n%s", text)
		}
	}
}
