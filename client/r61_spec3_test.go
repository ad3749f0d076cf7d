package client_test

import (
	"context"
	"math"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR61Spec3ClientRefusesNumbersJSONCannotWrite: api/README §10 "Numbers a double cannot hold":
// a Go caller's infinite or NaN size (which JSON cannot write, and which the API would refuse:
// "Number must be finite") is refused before sending, naming the field and the rule, on create
// and update, the executor's size too. Before, the request was refused only when encoded, naming
// no field ("updateProject: encoding request: json: unsupported value: +Inf"), and a NaN passed
// the "0 or more" check.
func TestR61Spec3ClientRefusesNumbersJSONCannotWrite(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		_, err := c.UpdateProject(ctx, 101, client.UpdateProjectRequest{StorageSizeGB: ptr(v)})
		wantValidationError(t, err, "storage_size_gb", "Number must be finite")
		_, err = c.UpdateProject(ctx, 101, client.UpdateProjectRequest{StorageClaimSizeGB: ptr(v)})
		wantValidationError(t, err, "storage_claim_size_gb", "Number must be finite")
		_, err = c.CreateProject(ctx, client.CreateProjectRequest{Name: "inf-app", StorageSizeGB: ptr(v)})
		wantValidationError(t, err, "storage_size_gb", "Number must be finite")
		_, err = c.UpdateApp(ctx, 101, client.UpdateAppRequest{StorageClaimSizeGB: ptr(v)})
		wantValidationError(t, err, "storage_claim_size_gb", "Number must be finite")
		x := client.ExecutorSpec{StorageSizeGB: ptr(v)}
		_, err = c.UpdateProject(ctx, 101, client.UpdateProjectRequest{Executor: &x})
		wantValidationError(t, err, "executor", "storage_size_gb: Number must be finite")
		_, err = c.CreateProject(ctx, client.CreateProjectRequest{Name: "inf-app", Executor: &x})
		wantValidationError(t, err, "executor", "storage_size_gb: Number must be finite")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
}
