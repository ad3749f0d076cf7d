package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestHugeRetryAfterStopsTheCall: a Retry-After beyond what a Duration holds (9300000000 s,
// 1e30, 1e400) is a wait too long to retry after, as 9000000000 is — never wrapped to a
// negative wait and retried at once. NaN and Inf are no number of seconds: invalid values,
// ignored as "soon" is (the backoff is used).
func TestHugeRetryAfterStopsTheCall(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	app := createApp(t, env.client, "retry-after")
	for _, value := range []string{"9000000000", "9300000000", "1e30", "1e400", "9223372037"} {
		waits := recordSleeps(env.client)
		env.emu.ClearFaults()
		env.emu.InjectFault(sandbox.Fault{Operation: api.GetApp.ID, Status: 503, RetryAfter: value})
		before := env.emu.Calls(api.GetApp.ID)
		_, err := env.client.GetApp(context.Background(), app.ID)
		apiErr := wantAPIError(t, err, http.StatusServiceUnavailable, "")
		if apiErr.RetryAfter < 2500000*time.Hour || env.emu.Calls(api.GetApp.ID) != before+1 || len(waits()) != 0 {
			t.Errorf("Retry-After %s: RetryAfter = %v, calls = %d, waits = %v; want the call stopped at once",
				value, apiErr.RetryAfter, env.emu.Calls(api.GetApp.ID)-before, waits())
		}
	}
	for _, value := range []string{"NaN", "Inf", "-Inf", "+Infinity", "soon"} {
		waits := recordSleeps(env.client)
		env.emu.ClearFaults()
		env.emu.InjectFault(sandbox.Fault{Operation: api.GetApp.ID, Status: 503, RetryAfter: value})
		if _, err := env.client.GetApp(context.Background(), app.ID); err != nil {
			t.Errorf("Retry-After %s: want the backoff and a retry that succeeds, got %v", value, err)
		}
		if w := waits(); len(w) != 1 || w[0] > fastRetry.MaxDelay {
			t.Errorf("Retry-After %s: waits = %v, want one backoff", value, w)
		}
	}
}

// TestLongAppListIsRead: GET /v1/projects is not paginated, so an organization whose apps carry
// long descriptions answers with a long list: 9 apps of 1,000,000-character descriptions (9 MB,
// over the 8 MiB this client once read) are listed, over real HTTP from the emulator. An answer
// beyond the most the client reads is a *ResponseError that says so (TooLarge), never one
// "not the body it documents".
func TestLongAppListIsRead(t *testing.T) {
	if testing.Short() {
		t.Skip("9 MB of descriptions")
	}
	env := newEnv(t, sandbox.Config{})
	long := strings.Repeat("d", 1_000_000)
	for i := range 9 {
		_, err := env.client.CreateApp(context.Background(), client.CreateAppRequest{Name: fmt.Sprintf("long-%d", i), Region: "us-west-2", Description: long})
		mustNoErr(t, err)
	}
	for _, list := range []func(context.Context) ([]client.ProjectSummary, error){env.client.ListProjects, env.client.ListApps} {
		apps, err := list(context.Background())
		if err != nil || len(apps) != 9 || apps[8].Description != long {
			t.Fatalf("listing 9 long apps: %d apps, %v", len(apps), err)
		}
	}

	client.SetMaxResponseBytes(env.client, 4<<20)
	_, err := env.client.ListProjects(context.Background())
	var tooLarge *client.ResponseError
	if !errors.As(err, &tooLarge) || tooLarge.TooLarge != 4<<20 || tooLarge.Unreadable {
		t.Fatalf("want a *ResponseError TooLarge 4 MiB, got %T %v", err, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "with an answer over 4 MiB, the most this client reads; nothing was changed") ||
		strings.Contains(msg, "not the") {
		t.Errorf("error = %q", msg)
	}
}

// TestAnswersAboutAnotherObject: where the request names its object (an ID in the path, a
// secret's name), an answer about another is a *ResponseError naming the field and the value
// that came back, for reads and writes; an answer without it lacks it; and reads are held to
// their required fields (a listed project without id, name, visibility or created_at; a
// deployment without id, status or created_at, or alone with an undocumented status).
func TestAnswersAboutAnotherObject(t *testing.T) {
	var body string
	upstream := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	c, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	ctx := context.Background()
	const at = `"created_at":"2026-01-01T00:00:00.000Z"`
	project := func(id string) string {
		return `{"id":` + id + `,"name":"some-app","visibility":"private",` + at + `,"config":{}}`
	}
	member := `{"user_id":3,"username":"bob","roles":["member"],` + at + `}`
	secret := `{"id":1,"name":"OTHER_NAME","value":"***",` + at + `,"updated_at":"2026-01-01T00:00:00.000Z"}`
	deployment := func(id, status string) string {
		return `{"id":` + id + `,"status":"` + status + `",` + at + `,"replicas":1}`
	}
	for _, tc := range []struct {
		name    string
		body    string
		call    func() error
		missing []string
		other   string // field=answered
		unknown string
	}{
		{"get app", project("8"), func() error { return errOf(c.GetApp(ctx, 7)) }, nil, "id=8", ""},
		{"get project", project("8"), func() error { return errOf(c.GetProject(ctx, 7)) }, nil, "id=8", ""},
		{"update app", project("8"), func() error { return errOf(c.UpdateApp(ctx, 7, client.UpdateAppRequest{Description: ptr("x")})) }, nil, "id=8", ""},
		{"update project", project("8"), func() error {
			return errOf(c.UpdateProject(ctx, 7, client.UpdateProjectRequest{Description: ptr("x")}))
		}, nil, "id=8", ""},
		{"get member", member, func() error { return errOf(c.GetMember(ctx, 2)) }, nil, "user_id=3", ""},
		{"update member roles", member, func() error { return errOf(c.UpdateMemberRoles(ctx, 2, []string{"member"})) }, nil, "user_id=3", ""},
		{"get deployment", deployment("1003", "succeeded"), func() error { return errOf(c.GetDeployment(ctx, 7, 1002)) }, nil, "id=1003", ""},
		{"get project deployment", deployment("1003", "succeeded"), func() error { return errOf(c.GetProjectDeployment(ctx, 7, 1002)) }, nil, "id=1003", ""},
		{"get secret", secret, func() error { return errOf(c.GetSecret(ctx, 7, "MY_KEY")) }, nil, "name=OTHER_NAME", ""},
		{"get project secret", secret, func() error { return errOf(c.GetProjectSecret(ctx, 7, "MY_KEY")) }, nil, "name=OTHER_NAME", ""},
		{"set secret", secret, func() error { return errOf(c.UpsertSecret(ctx, 7, "MY_KEY", "v")) }, nil, "name=OTHER_NAME", ""},
		{"set project secret", secret, func() error { return errOf(c.UpsertProjectSecret(ctx, 7, "MY_KEY", "v")) }, nil, "name=OTHER_NAME", ""},
		{"get app without id", `{"name":"a-app","visibility":"private",` + at + `}`, func() error { return errOf(c.GetApp(ctx, 7)) }, []string{"id"}, "", ""},
		{"get project without visibility", `{"id":7,"name":"a-app",` + at + `}`, func() error { return errOf(c.GetProject(ctx, 7)) }, []string{"visibility"}, "", ""},
		{"list projects", `{"projects":[` + project("1") + `,{"id":2}]}`, func() error { return errOf(c.ListProjects(ctx)) },
			[]string{"projects[1].name", "projects[1].visibility", "projects[1].created_at"}, "", ""},
		{"list apps", `{"apps":[{"name":"x-app"}]}`, func() error { return errOf(c.ListApps(ctx)) },
			[]string{"apps[0].id", "apps[0].visibility", "apps[0].created_at"}, "", ""},
		{"list forks", `{"forks":[{"id":2,"name":"f-app","visibility":"private"}]}`, func() error { return errOf(c.ListProjectForks(ctx, 7)) },
			[]string{"forks[0].created_at"}, "", ""},
		{"list deployments", `{"deployments":[{"id":4,"status":"queued"}]}`, func() error {
			return errOf(c.ListProjectDeployments(ctx, 7, client.ListDeploymentsOptions{}))
		}, []string{"deployments[0].created_at"}, "", ""},
		{"deployment of unknown status", deployment("1002", "hibernating"), func() error { return errOf(c.GetProjectDeployment(ctx, 7, 1002)) }, nil, "", "hibernating"},
	} {
		body = tc.body
		err := tc.call()
		var re *client.ResponseError
		if !errors.As(err, &re) {
			t.Errorf("%s: want a *ResponseError, got %T %v", tc.name, err, err)
			continue
		}
		other := ""
		for _, o := range re.Other {
			other += o.Field + "=" + o.Answered
		}
		if fmt.Sprint(re.Missing) != fmt.Sprint(tc.missing) || other != tc.other || re.Unexpected["status"] != tc.unknown {
			t.Errorf("%s: Missing %v, Other %q, Unexpected %v; want %v, %q, %q", tc.name, re.Missing, other, re.Unexpected, tc.missing, tc.other, tc.unknown)
		}
	}
	// What the request named, answered back, goes through; an undocumented status in a list is
	// shown as it is (not in flight).
	for _, tc := range []struct {
		body string
		call func() error
	}{
		{project("7"), func() error { return errOf(c.GetApp(ctx, 7)) }},
		{deployment("1002", "succeeded"), func() error { return errOf(c.GetProjectDeployment(ctx, 7, 1002)) }},
		{strings.Replace(secret, "OTHER_NAME", "MY_KEY", 1), func() error { return errOf(c.UpsertProjectSecret(ctx, 7, "MY_KEY", "v")) }},
		{member, func() error { return errOf(c.GetMember(ctx, 3)) }},
		{`{"deployments":[` + deployment("4", "hibernating") + `]}`, func() error {
			deps, err := c.ListProjectDeployments(ctx, 7, client.ListDeploymentsOptions{})
			if err == nil && (len(deps) != 1 || deps[0].InFlight() || deps[0].Terminal()) {
				t.Errorf("listed %+v", deps)
			}
			return err
		}},
	} {
		body = tc.body
		if err := tc.call(); err != nil {
			t.Errorf("%s: %v", tc.body, err)
		}
	}
}

// TestAnswerAtTheBoundIsReadWhole: an answer of exactly the most the client reads is read; one
// byte more is TooLarge, for a read and a write (whose outcome is then unknown).
func TestAnswerAtTheBoundIsReadWhole(t *testing.T) {
	var body string
	upstream := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	c, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	client.SetMaxResponseBytes(c, 1000)
	base := `{"projects":[]}`
	body = base + strings.Repeat(" ", 1000-len(base))
	if _, err := c.ListProjects(context.Background()); err != nil {
		t.Fatalf("an answer of exactly the bound: %v", err)
	}
	body += " "
	_, err = c.ListProjects(context.Background())
	var re *client.ResponseError
	if !errors.As(err, &re) || re.TooLarge != 1000 || client.MayHaveApplied(err) {
		t.Fatalf("one byte over: %T %v", err, err)
	}
	_, err = c.UpsertSecret(context.Background(), 7, "MY_KEY", "v")
	if !errors.As(err, &re) || re.TooLarge != 1000 || !client.MayHaveApplied(err) ||
		!strings.Contains(err.Error(), "with an answer over 1,000 bytes, the most this client reads; the request was accepted") {
		t.Fatalf("a write answered at length: %T %v", err, err)
	}
}
