package present

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r45SandboxClient is a client of an emulator served over HTTP, marked as --sandbox marks its
// own (client.Config.Sandbox), acting in org ("" = the token's own organization).
func r45SandboxClient(t *testing.T, world sandbox.Config, org string) (*client.Client, *sandbox.Emulator) {
	t.Helper()
	world.Demo = true
	emu := sandbox.New(world)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Sandbox: true, Org: org,
		Version: "test", Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c, emu
}

// r45SandboxAppID is the ID of the demo app named name that c lists.
func r45SandboxAppID(t *testing.T, c *client.Client, name string) int64 {
	t.Helper()
	apps, err := c.ListProjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no app %s in %+v", name, apps)
	return 0
}

// r45SandboxPortalWords are what a remedy in the sandbox must not send anyone to: the emulator
// has no portal, no GitHub app, no plan to upgrade and no credits to add.
var r45SandboxPortalWords = []string{"Spice.ai portal", "upgrade the plan", "GitHub app for", "grant the app", "add credits", "push that branch", "sign in"}

// In --sandbox, the refusals whose real-API remedy sends the caller to the Spice.ai portal, its
// GitHub app, a plan upgrade or more AI credits say what is true in the emulator instead, with
// its own figures; each refusal is the emulator's own answer over HTTP.
func TestR45SandboxRemediesSayWhatTheEmulatorHas(t *testing.T) {
	ctx := context.Background()
	std, _ := r45SandboxClient(t, sandbox.Config{}, "")
	ent, _ := r45SandboxClient(t, sandbox.Config{}, "acme-labs")
	analytics := r45SandboxAppID(t, std, "analytics-app")
	nightly := r45SandboxAppID(t, ent, "nightly-etl")

	// The figures the texts give are the emulator's own plans, as its get_limits reports them.
	stdLimits, err := std.GetLimits(ctx)
	if err != nil || stdLimits.Resources != nil {
		t.Fatalf("standard plan: %+v %v", stdLimits, err)
	}
	entLimits, err := ent.GetLimits(ctx)
	if err != nil || entLimits.Resources == nil {
		t.Fatalf("Enterprise plan: %+v %v", entLimits, err)
	}
	stdReplicas, entReplicas := fmt.Sprintf("%d replicas", stdLimits.Replicas), fmt.Sprintf("%d replicas", entLimits.Replicas)
	entCPUs, entMemory := fmt.Sprintf("%v CPUs", entLimits.Resources["max_cpu"]), fmt.Sprintf("%vGi", entLimits.Resources["max_memory_gi"])

	aiOut, _ := r45SandboxClient(t, sandbox.Config{Orgs: []sandbox.Org{
		{Slug: "sandbox", Owner: "alice", Members: []string{"bob"}},
		{Slug: "acme-labs", Owner: "carol", Admins: []string{"alice"}, Enterprise: true, AICreditsExhausted: true}}}, "acme-labs")
	full, _ := r45SandboxClient(t, sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Owner: "alice", MaxApps: 2}}}, "")
	unset, _ := r45SandboxClient(t, sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Owner: "alice", NotConfigured: true}}}, "")

	aboveStandard := stdLimits.Replicas + 1
	cases := []struct {
		name string
		call func() error
		want []string // what the remedy must say
	}{
		{"replicas above the standard plan", func() error {
			_, err := std.UpdateProject(ctx, analytics, client.UpdateProjectRequest{Replicas: &aboveStandard})
			return err
		}, []string{"cannot raise", stdReplicas, entMemory, "get_limits", "org: acme-labs"}},
		{"CPU above the Enterprise plan", func() error {
			_, err := ent.UpdateProject(ctx, nightly, client.UpdateProjectRequest{Resources: client.Set(client.ResourceSpec{Limits: map[string]any{"cpu": "1000"}})})
			return err
		}, []string{entReplicas, entCPUs}},
		{"image_tag on the standard plan", func() error {
			_, err := std.UpdateProject(ctx, analytics, client.UpdateProjectRequest{ImageTag: client.Set("1.0.0")})
			return err
		}, []string{"leave image_tag unset", "`acme-labs` is on the Enterprise plan"}},
		{"removing the owner", func() error { _, err := std.RemoveMember(ctx, 1); return err },
			[]string{"no way to transfer ownership", "`alice` owns `sandbox`", "remove another member"}},
		{"changing the owner's roles", func() error { _, err := std.UpdateMemberRoles(ctx, 1, []string{"member"}); return err },
			[]string{"no way to transfer ownership", "change another member's roles"}},
		{"fork without AI credits", func() error {
			_, err := aiOut.ForkProject(ctx, r45SandboxAppID(t, aiOut, "fraud-scoring"), client.ForkProjectRequest{Name: "fraud-copy", Region: "us-east-1"})
			return err
		}, []string{"cannot add any", "no models"}},
		{"app limit", func() error {
			_, err := full.CreateProject(ctx, client.CreateProjectRequest{Name: "third", Region: "us-east-1"})
			return err
		}, []string{"app limit the sandbox was started with", "delete an unused app"}},
		{"app limit on a fork", func() error {
			_, err := full.ForkProject(ctx, r45SandboxAppID(t, full, "analytics-app"), client.ForkProjectRequest{Name: "copy"})
			return err
		}, []string{"app limit the sandbox was started with", "then fork again"}},
		{"organization not set up", func() error {
			_, err := unset.CreateProjectDeployment(ctx, r45SandboxAppID(t, unset, "analytics-app"), client.CreateProjectDeploymentRequest{})
			return err
		}, []string{"no portal to finish its setup", "list_orgs"}},
		{"repository of another owner", func() error {
			_, err := std.ConnectProjectRepository(ctx, analytics, client.ConnectRepositoryRequest{Repository: "someone/else"})
			return err
		}, []string{"emulated GitHub has no such repository", "sandbox/analytics"}},
		{"spicepod of a connected app", func() error {
			connected, _ := r45SandboxClient(t, sandbox.Config{}, "")
			id := r45SandboxAppID(t, connected, "analytics-app")
			if _, err := connected.ConnectProjectRepository(ctx, id, client.ConnectRepositoryRequest{Repository: "analytics"}); err != nil {
				return err
			}
			_, err := connected.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: "version: v1\nkind: Spicepod\nname: other\n"})
			return err
		}, []string{"nothing can be committed", "create another app"}},
		{"production branch missing", func() error {
			gh, _ := r45SandboxClient(t, sandbox.Config{}, "")
			id := r45SandboxAppID(t, gh, "analytics-app")
			if _, err := gh.ConnectProjectRepository(ctx, id, client.ConnectRepositoryRequest{Repository: "analytics"}); err != nil {
				return err
			}
			branch := "x-missing"
			if _, err := gh.UpdateProject(ctx, id, client.UpdateProjectRequest{ProductionBranch: &branch}); err != nil {
				return err
			}
			_, err := gh.CreateProjectDeployment(ctx, id, client.CreateProjectDeploymentRequest{})
			return err
		}, []string{"ends in -missing", "nothing was deployed", "update_app"}},
		{"unknown user", func() error {
			_, err := std.AddMember(ctx, client.AddMemberRequest{Username: "nobody-x", Roles: []string{"member"}})
			return err
		}, []string{`README's section "The emulator"`, "`jdoe`"}},
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
				t.Errorf("%s (%d %s): remedy lacks %q:\n%s", tc.name, apiErr.StatusCode, apiErr.Message, w, got)
			}
		}
		for _, w := range r45SandboxPortalWords {
			if strings.Contains(got, w) {
				t.Errorf("%s: remedy says %q, which the sandbox has not:\n%s", tc.name, w, got)
			}
		}
	}
}

// Rows the emulator of --sandbox does not answer as such (an uncoded 402, 409 or 400 of the real
// API) still say what is true there; outside the sandbox every row keeps its text.
func TestR45SandboxEveryPortalRowHasASandboxText(t *testing.T) {
	// "sign in" is left out: the unknown user's row has a sandboxed twin before it.
	words := r45SandboxPortalWords[:len(r45SandboxPortalWords)-1]
	for i, r := range remedies {
		sends := false
		for _, w := range words {
			sends = sends || strings.Contains(r.Text, w)
		}
		if !sends {
			continue
		}
		if r.Sandbox == "" {
			t.Errorf("row %d (%q) has no text for the sandbox", i, r.Text)
			continue
		}
		for _, w := range r45SandboxPortalWords {
			if strings.Contains(r.Sandbox, w) {
				t.Errorf("row %d's sandbox text says %q: %q", i, w, r.Sandbox)
			}
		}
		if got := r.text(failure{}); got != r.Text {
			t.Errorf("row %d outside the sandbox: %q", i, got)
		}
	}
	for _, tc := range []struct {
		err  *client.APIError
		want string
	}{
		{&client.APIError{Operation: "forkProject", StatusCode: http.StatusPaymentRequired, Sandbox: true}, "cannot add any"},
		{&client.APIError{Operation: "connectProjectRepository", StatusCode: http.StatusConflict, Sandbox: true}, "needs no app installed"},
		{&client.APIError{Operation: "createDeployment", StatusCode: http.StatusBadRequest, Message: "Spicepod is paused", Sandbox: true}, "resume the app"},
		{&client.APIError{Operation: "rollbackProject", StatusCode: http.StatusConflict, Message: "Organization is not fully configured", Sandbox: true}, "no portal to finish"},
		{&client.APIError{Operation: "connectProjectRepository", StatusCode: 400, Code: "github_not_connected", Message: "x", Sandbox: true}, "started with github_not_connected"},
	} {
		if got := Remedy(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("%s %d: %q", tc.err.Operation, tc.err.StatusCode, got)
		}
	}
}

// A rollback refused for the plan's replicas does not offer an upgrade in the sandbox, whose
// plans are fixed; it gives their figures instead.
func TestR45SandboxRollbackAbovePlanGivesTheEmulatorsPlans(t *testing.T) {
	refused := func(sandboxed bool) string {
		err := &client.APIError{Operation: "rollbackProject", StatusCode: http.StatusForbidden,
			Message: "Requested replicas exceed plan limits: your plan allows 5", Sandbox: sandboxed}
		text, ok := RollbackFailed(err, 1001, 0, DeployableYes, SameRollbackNo, nil)
		if !ok {
			t.Fatalf("not RollbackFailed's: %v", err)
		}
		return text
	}
	if got := refused(false); !strings.Contains(got, "or ask the user to upgrade the plan") {
		t.Errorf("real API: %s", got)
	}
	if got := refused(true); strings.Contains(got, "upgrade the plan") || !strings.Contains(got, "cannot raise its plans' limits") ||
		!strings.Contains(got, sandboxPlans) {
		t.Errorf("sandbox: %s", got)
	}
}

// A fork whose shared_state does not all fit sends nobody to a portal in the sandbox: get_app
// shows the fork's spicepod and settings.
func TestR45SandboxForkNoteNamesNoPortal(t *testing.T) {
	f := &client.ForkedProject{Project: client.Project{ProjectSummary: client.ProjectSummary{ID: 9, Name: "copy"}}}
	for i := range 3 {
		f.SharedState = append(f.SharedState, map[string]any{"path": fmt.Sprintf("datasets[%d].params.pg_host", i)})
	}
	if got := AppForked("analytics-app", nil, f, "", 1, nil, false); !strings.Contains(got, "checked in the Spice.ai portal") {
		t.Errorf("real API: %s", got)
	}
	got := AppForked("analytics-app", nil, f, "", 1, nil, true)
	if strings.Contains(got, "Spice.ai portal") || !strings.Contains(got, "the sandbox has no portal") || !strings.Contains(got, "get_app") {
		t.Errorf("sandbox: %s", got)
	}
}

// A duration under one second is said in milliseconds, never "0 s", "0s" or "1 s"; longer ones
// read as before.
func TestR45SandboxSubSecondDurationsInMilliseconds(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"Duration", Duration(350 * time.Millisecond), "350 ms"},
		{"Duration of 0", Duration(0), "0 ms"},
		{"Duration, seconds", Duration(65 * time.Second), "1 min 5 s"},
		{"Duration, as the waits read", Duration(90*time.Minute + 400*time.Millisecond), "1 h 30 min"},
		{"Duration, a whole minute", Duration(60 * time.Second), "1 min"},
		{"secondsUp", secondsUp(350*time.Millisecond + 200*time.Microsecond), "351 ms"},
		{"secondsUp, seconds", secondsUp(1500 * time.Millisecond), "2 s"},
		{"429 wait", Remedy(&client.APIError{Operation: "listMembers", StatusCode: 429, RetryAfter: 350 * time.Millisecond}),
			"Rate limited: wait 350 ms before retrying"},
		{"429 wait, seconds", Remedy(&client.APIError{Operation: "listMembers", StatusCode: 429, RetryAfter: 3 * time.Second}),
			"Rate limited: wait 3 s before retrying"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
