package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestExecutorIsCheckedByTheClient: create and update project refuse, naming executor, what the
// emulator refuses in it (rules.ExecutorSpec: replicas -1, storage_size_gb -1, a resource
// quantity that is not one), with the emulator's own message, and send nothing. They used to
// send it and come back with the API's 400.
func TestExecutorIsCheckedByTheClient(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	bad := []client.ExecutorSpec{
		{Replicas: ptr(-1)},
		{StorageSizeGB: ptr(-1.0)},
		{Resources: &client.ResourceSpec{Limits: map[string]any{"cpu": "lots"}}},
		{Resources: &client.ResourceSpec{Requests: map[string]any{"memory": 8}}},
	}
	// The emulator asked directly (not through the contract checker: these bodies break it).
	emu := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(emu.Close)
	for _, x := range bad {
		want := emulatorExecutorError(t, emu.URL, x)
		if want == "" {
			t.Fatalf("the emulator accepts executor %+v", x)
		}
		_, err := c.UpdateProject(ctx, 101, client.UpdateProjectRequest{Executor: &x})
		wantValidationError(t, err, "executor", want)
		_, err = c.CreateProject(ctx, client.CreateProjectRequest{Name: "exec-app", Executor: &x})
		wantValidationError(t, err, "executor", want)
		for _, fe := range []map[string][]string{
			client.ValidateUpdateProject(client.UpdateProjectRequest{Executor: &x}),
			client.ValidateCreateProject(client.CreateProjectRequest{Name: "exec-app", Executor: &x}),
		} {
			if !slices.Equal(fe["executor"], []string{want}) {
				t.Errorf("executor %+v: %v, want %q", x, fe, want)
			}
		}
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
	good := client.ExecutorSpec{Replicas: ptr(0), StorageSizeGB: ptr(0.0), Resources: &client.ResourceSpec{Limits: map[string]any{"cpu": "2"}}}
	if fe := client.ValidateUpdateProject(client.UpdateProjectRequest{Executor: &good}); len(fe) != 0 {
		t.Errorf("valid executor refused: %v", fe)
	}
}

// emulatorExecutorError is the emulator's fieldErrors.executor for PUT project {executor: x}.
func emulatorExecutorError(t *testing.T, base string, x client.ExecutorSpec) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"executor": x})
	req, _ := http.NewRequest("PUT", base+"/v1/projects/101", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	mustNoErr(t, err)
	defer res.Body.Close()
	var out struct {
		Details struct {
			FieldErrors map[string][]string `json:"fieldErrors"`
		} `json:"details"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusBadRequest || len(out.Details.FieldErrors["executor"]) == 0 {
		return ""
	}
	return out.Details.FieldErrors["executor"][0]
}
