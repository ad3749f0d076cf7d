package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestBodyLimitIsNamedByTheClient: a request whose fields are each valid but whose body as sent
// passes the emulator's body limit (rules.BodyMaxBytes) is refused by the client, naming its
// largest field and the limit; nothing reaches the API. A spicepod at its own limit with a
// 70 KB description, or a 1 MiB + 70 KB description, used to come back as "Spice.ai API error
// 400 … Request body too large", naming no field. A secret's value is checked as it is sent.
func TestBodyLimitIsNamedByTheClient(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	const app = 101
	const head = "version: v1\nkind: Spicepod\nname: t\ns: "
	fits := head + strings.Repeat("y", rules.SpicepodMaxBytes-len(head)-1-2-4) + "\n" // 1 MiB as JSON
	description := strings.Repeat("d", 70_000)
	huge := strings.Repeat("d", rules.SpicepodMaxBytes+70_000)
	limit := "at most 1,114,112 (1 MiB + 64 KiB)"

	_, err := c.UpdateProject(ctx, app, client.UpdateProjectRequest{Spicepod: fits, Description: &description})
	wantValidationError(t, err, "spicepod", "Request body too large")
	wantValidationError(t, err, "spicepod", limit)
	wantValidationError(t, err, "spicepod", "spicepod 1,048,576 bytes, description 70,002 bytes")
	_, err = c.UpdateApp(ctx, app, client.UpdateAppRequest{Spicepod: fits, Description: &description})
	wantValidationError(t, err, "spicepod", limit)
	_, err = c.UpdateProject(ctx, app, client.UpdateProjectRequest{Description: &huge})
	wantValidationError(t, err, "description", limit)
	_, err = c.CreateProject(ctx, client.CreateProjectRequest{Name: "big-app", Description: huge})
	wantValidationError(t, err, "description", limit)
	_, err = c.CreateApp(ctx, client.CreateAppRequest{Name: "big-app", Region: "us-west-2", Description: huge})
	wantValidationError(t, err, "description", limit)
	_, err = c.UpsertProjectSecret(ctx, app, "BIG", huge) // no Validate function: checked when sent
	wantValidationError(t, err, "value", limit)
	if err != nil && strings.Contains(err.Error(), huge[:100]) {
		t.Errorf("the secret's value is in the error")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
	for _, fe := range []rules.FieldErrors{
		client.ValidateUpdateProject(client.UpdateProjectRequest{Spicepod: fits, Description: &description}),
		client.ValidateUpdateApp(client.UpdateAppRequest{Description: &huge}),
		client.ValidateCreateProject(client.CreateProjectRequest{Name: "big-app", Description: huge}),
		client.ValidateForkProject(client.ForkProjectRequest{Name: "big-app" + huge}),
	} {
		if !strings.Contains(fe.String(), limit) && !strings.Contains(fe.String(), "name: must be at most") {
			t.Errorf("Validate: %.300s", fe.String())
		}
	}

	// At the limits (a spicepod of 1 MiB with room to spare for a description) the call goes through.
	ok := strings.Repeat("d", 60_000)
	if _, err := c.UpdateProject(ctx, app, client.UpdateProjectRequest{Spicepod: fits, Description: &ok}); err != nil {
		t.Fatalf("a 1 MiB spicepod and a 60 KB description: %v", err)
	}
}

// TestRequestBodiesAreSentUnescaped: the client sends <, > and & as themselves, not as Go's
// HTML escapes (\u003c, six bytes each), so a body's size "as sent" is the size the rules
// (rules.EncodeJSON) and any other client's JSON give it: a 200 KB spicepod of "<" was refused
// as "1200052 bytes as sent" by the client and, from any client, by the emulator.
func TestRequestBodiesAreSentUnescaped(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	target, err := url.Parse(env.srv.URL)
	mustNoErr(t, err)
	rp := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	var bodies []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c, err := client.New(client.Config{BaseURL: proxy.URL, Tokens: client.StaticToken("sandbox"), Retry: fastRetry})
	mustNoErr(t, err)
	ctx := context.Background()

	description := "a<b>&c"
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "t", "s": strings.Repeat("<", 200_000)}
	app, err := c.UpdateProject(ctx, 101, client.UpdateProjectRequest{Description: &description, Spicepod: pod})
	if err != nil {
		t.Fatalf("200 KB of < in a spicepod: %v", err)
	}
	if app.Description != description {
		t.Errorf("description %q", app.Description)
	}
	text := "version: v1\nkind: Spicepod\nname: t\ns: " + strings.Repeat("<&>", 200_000/3) + "\n"
	if _, err := c.UpdateProject(ctx, 101, client.UpdateProjectRequest{Spicepod: text}); err != nil {
		t.Fatalf("200 KB of <&> in a spicepod's text: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) < 2 || !strings.Contains(bodies[0], `"description":"a<b>&c"`) || strings.Contains(bodies[0], `\u003c`) {
		t.Errorf("sent %.300q", bodies)
	}
}

// TestProductionBranchIsARefName: the client refuses, naming production_branch, a branch name
// Git's ref-name rules refuse (update and connect); " main " and "a b" were sent.
func TestProductionBranchIsARefName(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	for _, bad := range []string{" main ", "a b", "a..b", "main.lock"} {
		_, err := c.UpdateProject(ctx, 101, client.UpdateProjectRequest{ProductionBranch: &bad})
		wantValidationError(t, err, "production_branch", rules.BranchNamePrefix)
		_, err = c.ConnectProjectRepository(ctx, 101, client.ConnectRepositoryRequest{Repository: "analytics", ProductionBranch: bad})
		wantValidationError(t, err, "production_branch", rules.BranchNamePrefix)
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
}
