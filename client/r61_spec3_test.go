package client_test

import (
	"context"
	"encoding/json"
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

// TestR61Spec3ClientRefusesSpicepodNumbersBeyondDoubles: a spicepod map holding a number JSON
// cannot carry as a double (json.Number 1e400, a Go float's infinity or NaN) is refused before
// sending, naming spicepod and where, as the emulator refuses it. Before, 1e400 was sent (and
// stored as sent) and an infinity failed to encode, naming no field.
func TestR61Spec3ClientRefusesSpicepodNumbersBeyondDoubles(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	for v, what := range map[any]string{json.Number("1e400"): "a number beyond ±1.8e308", math.Inf(-1): "a number beyond ±1.8e308", "nan": "NaN"} {
		if v == "nan" {
			v = math.NaN() // not a map key: NaN != NaN
		}
		pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "analytics-app", "params": map[string]any{"n": v}}
		_, err := c.UpdateProject(context.Background(), 101, client.UpdateProjectRequest{Spicepod: pod})
		wantValidationError(t, err, "spicepod", "Spicepod contains a value that JSON cannot represent ("+what+" at params.n)")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
}
