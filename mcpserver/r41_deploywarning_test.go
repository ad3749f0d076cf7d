package mcpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR41EmuconcDeployWarningReadsSecretsSetAfterTheDeployment: create_deployment reads the
// app's secrets after the deployment is queued, to warn of referenced secrets not set. Secrets
// another call sets in between are not the deployment's (it starts with those set when it was
// created), so the warning stands, and the deployment does fail for want of them.
func TestR41EmuconcDeployWarningReadsSecretsSetAfterTheDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": refsPodYAML})
	h.ok(t, "set_secret", map[string]any{"app": "docs-search", "name": "PG_USER", "value": "reader"})
	id := h.appID(t, "docs-search")
	// The secrets read after the create is slow; another agent sets the missing secrets meanwhile.
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectSecrets.ID, Latency: 500 * time.Millisecond, Times: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		for h.emu.DeploymentCount("sandbox", id) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		h.clock.Advance(time.Second)
		for _, name := range []string{"PG_PASS", "API_TOKEN"} {
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/secrets", h.api.URL, id),
				strings.NewReader(`{"name":"`+name+`","value":"late"}`))
			req.Header.Set("Authorization", "Bearer sandbox")
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}
	})
	res := h.call(t, "create_deployment", map[string]any{"app": "docs-search"})
	wg.Wait()
	out := text(res)
	if res.IsError {
		t.Fatalf("refused:\n%s", out)
	}
	h.clock.Advance(time.Minute)
	after := h.ok(t, "wait_for_deployment", map[string]any{"app": "docs-search"})
	if strings.Contains(after, "unable_to_start") && !strings.Contains(out, "likely to fail to start") {
		t.Errorf("the deployment lacked the referenced secrets and failed, but create_deployment gave no warning:\n%s\n--- then:\n%s", out, after)
	}
}
