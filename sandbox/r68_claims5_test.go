package sandbox

import (
	"net/http"
	"testing"
	"time"
)

// TestR68Claims5SecretReachesOnlyLaterDeployments: README's create_deployment warning says "a
// secret reaches only deployments created after it is set". In the emulator a deployment
// queued while its spicepod's secret is missing fails to start though the secret is set before
// it runs, and the next deployment, created after, starts.
func TestR68Claims5SecretReachesOnlyLaterDeployments(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "late-secret")
	h.putSpicepod(id, secretPod)
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	before := itoa(num(res.obj()["id"]))
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASSWORD", "value": "pw-set-later"}), http.StatusOK, "")
	h.clock.Advance(5 * time.Second)
	after := itoa(h.deployAndSettle(id))
	r69Claims6DeploymentsEnded(t, h, id, map[string][2]string{before: {"failed", "unable_to_start"}, after: {"succeeded", ""}})
}
