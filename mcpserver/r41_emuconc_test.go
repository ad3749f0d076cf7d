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

// TestR41EmuconcConcurrentSetSecretBothSayCreated: two set_secret calls for one new secret
// name run at once (two agents, or one agent's parallel calls). set_secret reads first
// (GET .../secrets/{name} → 404) to say "created" rather than "updated"; both reads see no
// secret, both upserts succeed, and both results say the secret was created — yet only one
// created it: the other replaced the first one's value (a lost update the results hide). The
// emulator kept one secret with one id, so at most one result may claim the creation.
func TestR41EmuconcConcurrentSetSecretBothSayCreated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}, realSleep: true})
	// Hold each upsert a moment so that both reads happen before either write, as two
	// concurrent calls interleave on a real server.
	h.emu.InjectFault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Latency: 300 * time.Millisecond, Times: 2})
	var wg sync.WaitGroup
	texts := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "RACE_SECRET", "value": []string{"value-one", "value-two"}[i]})
			if res.IsError {
				t.Errorf("set_secret %d failed: %s", i, text(res))
			}
			texts[i] = text(res)
		})
	}
	wg.Wait()
	created := 0
	for _, s := range texts {
		if strings.Contains(s, "created") {
			created++
		}
	}
	if created > 1 {
		t.Errorf("both concurrent set_secret results claim to have created the secret (one replaced the other's value):\n%s\n---\n%s", texts[0], texts[1])
	}
}

// TestR41EmuconcToolsRace drives many tools at once against one emulator (run with -race):
// creates, secrets, deployments, keys, pause/resume and lists from parallel calls.
func TestR41EmuconcToolsRace(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			switch i % 6 {
			case 0:
				h.call(t, "create_app", map[string]any{"name": "race-app", "region": "us-east-1"})
			case 1:
				h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "v"})
			case 2:
				h.call(t, "create_deployment", map[string]any{"app": "analytics-app"})
			case 3:
				h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key": "secondary"})
			case 4:
				h.call(t, "list_apps", map[string]any{})
			default:
				h.call(t, "pause_app", map[string]any{"app": "analytics-app"})
				h.call(t, "resume_app", map[string]any{"app": "analytics-app"})
			}
		})
	}
	wg.Wait()
}

// TestR41EmuconcDeployWarningReadsSecretsSetAfterTheDeployment: create_deployment queues a
// deployment, then reads the app's secrets (unsetSecretRefs, tools/deployments.go:567) to warn
// of referenced secrets the deployment lacks. A deployment gets only the secrets set before it
// was created (api/README §7.7; the emulator fixes d.missing at creation). When another call
// sets the missing secrets in between, the read sees them and the result gives no warning,
// though the deployment it queued lacks them and fails to start (unable_to_start). The secrets'
// updated_at (after the deployment's created_at) would tell.
// TestR41EmuconcCreateAppCallsANewAppReactivated: create_app decides whether the API brought a
// deleted app back (tools/reactivate.go:85 noted, history=true) from secrets or deployments the
// app has when it is read after the create. A brand-new app that another call gives a secret
// right after its create (a second agent waiting for it, create_and_deploy_app's re-run) is then
// reported as a reactivated deleted app whose previous API keys are live again — false, and an
// alarm (rotate the keys) about keys that never existed before.
func TestR41EmuconcCreateAppCallsANewAppReactivated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	before := h.emu.AppCount("sandbox")
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectSecrets.ID, Latency: 500 * time.Millisecond, Times: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		for h.emu.AppCount("sandbox") == before {
			time.Sleep(5 * time.Millisecond)
		}
		id := h.appID(t, "brand-new")
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/secrets", h.api.URL, id), strings.NewReader(`{"name":"PG_PASS","value":"x"}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	res := h.call(t, "create_app", map[string]any{"name": "brand-new", "region": "us-east-1"})
	wg.Wait()
	if out := text(res); strings.Contains(out, "Reactivated") {
		t.Errorf("a new app (never deleted) is reported as reactivated:\n%s", out)
	}
}

// TestR41EmuconcPauseSaysNothingStoppedWhenADeploymentWas: pause_app reads the app's
// instances (before the approval) and its newest deployment, then pauses. A deployment another
// call starts in between is ended by the pause (failed, error_code stopped: api/README §7.6),
// yet the result says "so nothing was stopped". The reads are taken as the state the pause met.
func TestR41EmuconcPauseSaysNothingStoppedWhenADeploymentWas(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-search\n"})
	id := h.appID(t, "docs-search")
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Latency: 500 * time.Millisecond, Times: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		for h.emu.Calls(api.PauseProject.ID) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/deployments", h.api.URL, id), strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	res := h.call(t, "pause_app", map[string]any{"app": "docs-search"})
	wg.Wait()
	out := text(res)
	deps := h.ok(t, "list_deployments", map[string]any{"app": "docs-search"})
	if !strings.Contains(deps, "stopped") {
		t.Fatalf("no deployment was stopped: the race was not set up:\n%s", deps)
	}
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("the pause stopped a deployment, but the result says nothing was stopped:\n%s\n--- deployments:\n%s", out, deps)
	}
	if !strings.Contains(out, "Deployment 1008, started by another call after this one checked the app, was ended by the pause") {
		t.Errorf("the result does not name the deployment the pause ended:\n%s\n--- deployments:\n%s", out, deps)
	}
}

// TestR41EmuconcRotationFinishVouchesForAReplacedSecondary: rotate_api_keys finish checks the
// secondary the start step made is still in place (one read), then replaces the primary. When
// another call (regenerate_api_key 2, the console) replaces the secondary in between, the finish
// result still says the valid keys are "the new primary and the secondary the start step made
// ... (checked unchanged just before the primary was replaced)" — though the regenerate answer
// it just got shows another secondary: clients told to move to the start step's key are cut off.
func TestR41EmuconcRotationFinishVouchesForAReplacedSecondary(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	id := h.appID(t, "analytics-app")
	startSecondary, _ := h.emu.APIKey("sandbox", id, 2)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Latency: 500 * time.Millisecond, Times: 1})
	calls := h.emu.Calls(api.RegenerateProjectAPIKey.ID)
	var wg sync.WaitGroup
	wg.Go(func() {
		for h.emu.Calls(api.RegenerateProjectAPIKey.ID) == calls {
			time.Sleep(5 * time.Millisecond)
		}
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/api-keys", h.api.URL, id), strings.NewReader(`{"key_number":2}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	res := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"})
	wg.Wait()
	out := text(res)
	nowSecondary, _ := h.emu.APIKey("sandbox", id, 2)
	if nowSecondary == startSecondary {
		t.Fatal("the other call did not replace the secondary: the race was not set up")
	}
	if nowSecondary != startSecondary && strings.Contains(out, "checked unchanged") {
		t.Errorf("the start step's secondary was replaced before the finish, yet the result vouches for it:\n%s", out)
	}
	if nowSecondary != startSecondary && !strings.Contains(out, "NOT the one the start step made") {
		t.Errorf("the result does not say the start step's secondary was replaced:\n%s", out)
	}
}

// TestR41EmuconcDeleteSaysNothingStoppedWhenADeploymentWas: delete_app, like pause_app, reads
// instances and the newest deployment, then deletes; a deployment started in between is ended
// by the delete (stopped: "the app was deleted") while the result says nothing ran. A deleted
// app's deployments cannot be read (404), so the result cannot name it: it must not claim that
// nothing was stopped, and says one started since the check was ended too.
func TestR41EmuconcDeleteSaysNothingStoppedWhenADeploymentWas(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, realSleep: true})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-search\n"})
	id := h.appID(t, "docs-search")
	h.emu.InjectFault(sandbox.Fault{Operation: api.DeleteProject.ID, Latency: 500 * time.Millisecond, Times: 1})
	var wg sync.WaitGroup
	wg.Go(func() {
		for h.emu.Calls(api.DeleteProject.ID) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/deployments", h.api.URL, id), strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	res := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
	wg.Wait()
	out := text(res)
	if h.emu.DeploymentCount("sandbox", id) == 0 {
		t.Fatal("no deployment was started: the race was not set up")
	}
	if strings.Contains(out, "nothing was stopped") || !strings.Contains(out, "a deployment another call started since ended with it") {
		t.Errorf("the delete stopped deployment 1008, but the result says nothing was stopped:\n%s", out)
	}
}

// TestR41EmuconcSetSecretCreatedByAnotherProcessSaysUpdated: the in-process turn does not hold
// another replica or agent: a secret created between set_secret's read (404) and its upsert is
// told by the upsert's answer (updated_at after created_at), and the result says it was updated.
func TestR41EmuconcSetSecretCreatedByAnotherProcessSaysUpdated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}, realSleep: true})
	id := h.appID(t, "analytics-app")
	// The tool's upsert is held until the other process's has landed (a 500 ms delay was
	// outrun on a loaded machine: the other upsert came second and the tool's said created).
	hold := make(chan struct{})
	h.emu.InjectFault(sandbox.Fault{Operation: api.UpsertProjectSecret.ID, Hold: hold, Times: 1})
	calls := h.emu.Calls(api.UpsertProjectSecret.ID)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(hold)
		for h.emu.Calls(api.UpsertProjectSecret.ID) == calls {
			time.Sleep(5 * time.Millisecond)
		}
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/projects/%d/secrets", h.api.URL, id), strings.NewReader(`{"name":"RACE_SECRET","value":"other"}`))
		req.Header.Set("Authorization", "Bearer sandbox")
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
		h.clock.Advance(time.Second)
	})
	res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "RACE_SECRET", "value": "mine"})
	wg.Wait()
	out := text(res)
	if res.IsError || strings.Contains(out, "created") || !strings.Contains(out, "updated") {
		t.Errorf("the secret was created by another process before this upsert, yet:\n%s", out)
	}
}
