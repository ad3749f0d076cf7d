package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR73Spec16SinceFractionsThroughTheClient: api/README §7.6 (Assumed), through the Go client
// over real HTTP against the emulator, on both generations (GetDeploymentLogs on /v1/apps,
// GetProjectDeploymentLogs on /v1/projects): since is sent as given; 1.5h bounds the lines as
// 90m does, and .5h is the emulator's 400 naming since (the client passes since through: the
// API's own format is not published).
func TestR73Spec16SinceFractionsThroughTheClient(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	ctx := context.Background()
	created, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "since-client", Region: "us-west-2"})
	mustNoErr(t, err)
	id := created.ID
	_, err = env.client.UpdateProject(ctx, id, client.UpdateProjectRequest{Spicepod: "version: v1\nkind: Spicepod\nname: since-client\n"})
	mustNoErr(t, err)
	dep, err := env.client.CreateProjectDeployment(ctx, id, client.CreateProjectDeploymentRequest{})
	mustNoErr(t, err)
	env.clock.Advance(10 * time.Second)
	lines, err := env.client.GetProjectDeploymentLogs(ctx, id, dep.ID, client.DeploymentLogsOptions{})
	mustNoErr(t, err)
	if len(lines) < 2 {
		t.Fatalf("%d log lines, want 2 or more", len(lines))
	}
	// Now: 1.5 h after the first line and a half-second more, so 1.5h leaves out the first only.
	env.clock.Set(lines[0].Timestamp.Time.Add(90*time.Minute + 500*time.Millisecond))
	gens := map[string]func(since string) ([]client.DeploymentLogEntry, error){
		"apps": func(since string) ([]client.DeploymentLogEntry, error) {
			return env.client.GetDeploymentLogs(ctx, id, dep.ID, client.DeploymentLogsOptions{Since: since})
		},
		"projects": func(since string) ([]client.DeploymentLogEntry, error) {
			return env.client.GetProjectDeploymentLogs(ctx, id, dep.ID, client.DeploymentLogsOptions{Since: since})
		},
	}
	for gen, logs := range gens {
		frac, err := logs("1.5h")
		mustNoErr(t, err)
		whole, err := logs("90m")
		mustNoErr(t, err)
		if len(frac) != len(lines)-1 || len(whole) != len(frac) {
			t.Errorf("%s: since=1.5h %d lines, 90m %d, want %d", gen, len(frac), len(whole), len(lines)-1)
		}
		_, err = logs(".5h")
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || len(apiErr.FieldErrors["since"]) != 1 {
			t.Errorf("%s: since=.5h: %v, want a 400 naming since", gen, err)
		}
	}
}
