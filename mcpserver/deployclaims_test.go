package mcpserver_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// create_and_deploy_app claims only what it can show: the configuration in place when its
// deployment starts, the secrets the app has, the cluster it runs on.

// TestRerunDoesNotMarkAConfigurationChangedWhileWaiting: a re-run that waits for another
// call's deployment in flight reads the app again before deploying. When another call changed
// the configuration meanwhile, it starts none and says so: it used to start one marked with
// the configuration it had read before waiting, said "live with this configuration" while the
// runtime ran the other, and a later re-run (after the configuration was put back) started none.
func TestRerunDoesNotMarkAConfigurationChangedWhileWaiting(t *testing.T) {
	var emuURL string
	var armed atomic.Bool
	var once sync.Once
	var appID atomic.Int64
	proxy := recordingProxy(nil, func(r *http.Response) error {
		// The re-run's wait for deployment 1002 (another call's): the spicepod is changed.
		if armed.Load() && r.Request.Method == http.MethodGet && strings.HasSuffix(r.Request.URL.Path, "/deployments/1002") {
			once.Do(func() {
				anotherClient(http.MethodPut, emuURL+"/v1/projects/"+itoa(appID.Load()), `{"spicepod":{"version":"v1","kind":"Spicepod","name":"other"}}`)
			})
		}
		return nil
	})
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, u string) string { emuURL = u; return proxy(t, u) }})
	args := map[string]any{"name": "raced", "spicepod": podA, "timeout_seconds": 600}
	h.ok(t, "create_and_deploy_app", args) // 1001
	appID.Store(h.appID(t, "raced"))
	h.ok(t, "create_deployment", map[string]any{"app": "raced"}) // 1002, in flight
	armed.Store(true)
	out := h.fail(t, "create_and_deploy_app", args)
	mustContain(t, "changed while waiting", out, "changed by another call while this run waited for deployment 1002",
		"no deployment was started", "| deploy | "+present.StepNoneStartedChanged+" |",
		"Nothing failed: this run stopped on purpose.", "deploy the one in place with `create_deployment {\"app\":\"raced\"}`.")
	// A stop on purpose: there is no cause to fix (the footer used to say so).
	for _, wrong := range []string{"live with this configuration", "deployment 1003", "| deploy | failed |", "fix the cause", "with create_deployment."} {
		if strings.Contains(out, wrong) {
			t.Errorf("the run says %q:\n%s", wrong, out)
		}
	}
	if n := h.emu.DeploymentCount("sandbox", appID.Load()); n != 2 {
		t.Errorf("deployments = %d, want 2", n)
	}
	// The same call again sets its spicepod and deploys it.
	out = h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "re-run", out, "set spicepod", "deployment 1003 queued", "| wait | succeeded")
}

// TestSecretsThatCannotBeListedStopTheRun: with a token that cannot list secrets and does not
// show its scopes (an opaque token), a new app's references are all missing (nothing to list:
// the person enters them), and a re-run on the app stops in its checks with the 403's fix. It
// used to deploy a build that could not start, and every re-run deployed again.
func TestSecretsThatCannotBeListedStopTheRun(t *testing.T) {
	const opaque = "limited-token-1234"
	h := newHarness(t, harnessOptions{
		cfg:    sandbox.Config{Tokens: []sandbox.Token{{Value: opaque, Org: "sandbox", Scopes: []string{"apps:write", "deployments:write"}}}},
		token:  opaque,
		safety: tools.Safety{Confirm: tools.ConfirmOff},
	})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	args := map[string]any{"name": "nolist", "spicepod": pod}
	res := h.call(t, "create_and_deploy_app", args)
	out := text(res)
	mustContain(t, "new app", out, "PG_PASS referenced but not set", "| create app | created", "The user enters the value of `PG_PASS`", "waiting for 1 value on the page")
	if res.IsError {
		t.Errorf("a new app's references, all missing, did not open the page:\n%s", out)
	}
	if strings.Contains(out, "not checked") || strings.Contains(out, "queued") {
		t.Errorf("a new app's secrets were listed, or it was deployed without PG_PASS:\n%s", out)
	}
	if n := h.emu.Calls(api.CreateProjectDeployment.ID); n != 0 {
		t.Errorf("deployments started: %d", n)
	}
	for i := range 2 {
		out := h.fail(t, "create_and_deploy_app", args)
		mustContain(t, "re-run", out, "| check inputs | failed |", "403", "secrets:read", "Nothing was changed")
		if strings.Contains(out, "wait a moment") {
			t.Errorf("re-run %d: a missing scope is said to maybe pass:\n%s", i, out)
		}
	}
	if n := h.emu.Calls(api.CreateProjectDeployment.ID); n != 0 {
		t.Errorf("deployments started: %d", n)
	}
}

// TestScopeRefusalDoesNotSayWait: a scope the token visibly lacks is not a cause that passes.
func TestScopeRefusalDoesNotSayWait(t *testing.T) {
	tool, _ := tools.ByName("create_and_deploy_app")
	h, _ := twoTokenHarness(t, tool.Scopes())
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	out := h.fail(t, tool.Name, map[string]any{"name": "scoped", "spicepod": pod})
	mustContain(t, "refusal", out, "secrets:write", "Nothing was changed: the checks stopped before the first change.\nWhat to do: Use a token with secrets:write, or have them set with set_secret by someone who can, then call create_and_deploy_app again.")
	if strings.Contains(out, "wait a moment") {
		t.Errorf("a missing scope is said to maybe pass:\n%s", out)
	}
}

// TestRerunDeploysAfterAClusterMove: the app's dedicated cluster counts as its configuration:
// after update_app moved it, a re-run deploys. It used to say "none started … live".
func TestRerunDeploysAfterAClusterMove(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := map[string]any{"name": "cl-app", "org": "acme-labs", "cluster_name": "acme-labs-prod-production", "spicepod": podA}
	h.ok(t, "create_and_deploy_app", args)
	h.ok(t, "update_app", map[string]any{"app": "cl-app", "org": "acme-labs", "cluster_name": "acme-labs-prod-sandbox"})
	args["cluster_name"] = "acme-labs-prod-sandbox"
	out := h.ok(t, "create_and_deploy_app", args)
	if strings.Contains(out, "none started") {
		t.Errorf("a re-run after a cluster move deployed nothing:\n%s", out)
	}
	mustContain(t, "re-run", out, "queued", "| wait | succeeded")
	// Once deployed there, the same call starts none.
	mustContain(t, "settled", h.ok(t, "create_and_deploy_app", args), "none started")
}

// TestRollbackOfferedAfterResumeWhenPaused: get_deployment of an older succeeded deployment of
// a paused app offers resume_app first (a rollback is refused while paused, spicepod_paused),
// and the calls offered, in that order, work.
func TestRollbackOfferedAfterResumeWhenPaused(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "pzapp", "spicepod": podA}) // 1001
	h.ok(t, "create_deployment", map[string]any{"app": "pzapp", "replicas": 2})         // 1002
	h.ok(t, "wait_for_deployment", map[string]any{"app": "pzapp", "deployment_id": 1002})
	h.ok(t, "pause_app", map[string]any{"app": "pzapp"})
	out := h.ok(t, "get_deployment", map[string]any{"app": "pzapp", "deployment_id": 1001})
	mustContain(t, "offer", out, "the app is paused, so first")
	// The offered calls, exactly as written and in their order: the resume has to end before
	// the rollback, which is refused while a deployment runs (409; it used to be offered
	// without wait).
	offered := regexp.MustCompile("`(resume_app|rollback_deployment) (\\{[^`]*\\})`").FindAllStringSubmatch(out, -1)
	if len(offered) != 2 || offered[0][1] != "resume_app" || offered[1][1] != "rollback_deployment" {
		t.Fatalf("want resume_app offered before rollback_deployment:\n%s", out)
	}
	for _, call := range offered {
		if res := h.callRaw(t, call[1], call[2]); res.IsError {
			t.Fatalf("%s %s, as offered, failed:\n%s", call[1], call[2], text(res))
		}
	}
	mustContain(t, "rolled back", h.ok(t, "wait_for_deployment", map[string]any{"app": "pzapp"}), "succeeded")
}

// TestPauseHedgedWhenItsCheckFailed: pause_app whose check (is it paused already?) failed
// does not claim it stopped a runtime: the app may have been paused already.
func TestPauseHedgedWhenItsCheckFailed(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "pzapp2", "spicepod": podA})
	h.ok(t, "pause_app", map[string]any{"app": "pzapp2"})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectInstances.ID, Status: 500, Times: -1})
	out := h.ok(t, "pause_app", map[string]any{"app": "pzapp2"})
	mustContain(t, "hedged", out, "may have been paused already")
	if strings.Contains(out, "its runtime stopped") {
		t.Errorf("pause_app claims it stopped the runtime:\n%s", out)
	}
}

// TestPauseSaysWhenNothingRan: pause_app on an app that was never deployed (its check found
// no instance) says nothing was running; it used to claim its runtime stopped and its URL no
// longer served.
func TestPauseSaysWhenNothingRan(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "pzempty"})
	out := h.ok(t, "pause_app", map[string]any{"app": "pzempty"})
	mustContain(t, "idle", out, "Paused pzempty", "no runtime running", "nothing was stopped", "resume_app")
	for _, wrong := range []string{"its runtime stopped", "no longer serves", "spice.ai"} {
		if strings.Contains(out, wrong) {
			t.Errorf("pause_app says %q:\n%s", wrong, out)
		}
	}
	mustContain(t, "paused", h.ok(t, "pause_app", map[string]any{"app": "pzempty"}), "is already paused")
}

// TestSecretPageDoesNotDeployAConfigurationChangedMeanwhile: create_and_deploy_app resumes
// after the person entered the secrets on the page its first round opened (URL-mode
// elicitation, both eras). It reads the app again first: when another call changed the
// configuration while the page was open, it starts no deployment and says so, the entered
// secrets staying stored. It used to deploy with the first round's mark what the other call
// set, and say the app was live with this run's configuration.
func TestSecretPageDoesNotDeployAConfigurationChangedMeanwhile(t *testing.T) {
	for _, protocol := range []string{mcp.ProtocolVersion20251125, "modern"} {
		t.Run(protocol, func(t *testing.T) {
			var asked atomic.Int64
			browser := &page{}
			person := urlPerson(t, browser, map[string]string{"PG_PASS": canaryPass, "PG_USER": canaryUser}, &asked)
			var h *harness
			h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol, capabilities: urlCapable,
				elicit: func(ctx context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
					// While the page is open, another call changes the app's spicepod.
					api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
						HTTPClient: &http.Client{Transport: h.emu.Transport()}})
					if err != nil {
						return nil, err
					}
					apps, err := api.ListProjects(ctx)
					if err != nil {
						return nil, err
					}
					changed := false
					for _, a := range apps {
						if a.Name == "pg-app" {
							other := map[string]any{"version": "v1", "kind": "Spicepod", "name": "other"}
							if _, err := api.UpdateProject(ctx, a.ID, client.UpdateProjectRequest{Spicepod: other}); err != nil {
								return nil, err
							}
							changed = true
						}
					}
					if !changed {
						t.Error("no app pg-app to change")
					}
					return person(ctx, req)
				}})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			args := map[string]any{"name": "pg-app", "spicepod": twoSecretPod}
			res, err := h.callWithProgress(t, ctx, "create_and_deploy_app", args)
			if err != nil {
				t.Fatal(err)
			}
			out := text(res)
			if !res.IsError {
				t.Errorf("not an error: %s", out)
			}
			mustContain(t, "changed while the page was open", out,
				"changed by another call while the secret page was open (the secrets entered there, PG_PASS, PG_USER, are stored)",
				"no deployment was started", "with the same arguments", "`create_deployment {\"app\":\"pg-app\"}`",
				"| secrets from the user | stored PG_PASS, PG_USER (entered by the user; values never shown) |",
				"| deploy | "+present.StepNoneStartedChanged+" |")
			stopLogged(t, h)
			for _, wrong := range []string{"live with this configuration", "succeeded", "| deploy | failed |", "fix the cause"} {
				if strings.Contains(out, wrong) {
					t.Errorf("the run says %q:\n%s", wrong, out)
				}
			}
			id := h.appID(t, "pg-app")
			if n := h.emu.DeploymentCount("sandbox", id); n != 0 {
				t.Errorf("deployments = %d, want 0", n)
			}
			for name, want := range map[string]string{"PG_PASS": canaryPass, "PG_USER": canaryUser} {
				if v, _ := h.emu.SecretValue("sandbox", id, name); v != want {
					t.Errorf("%s not stored", name)
				}
			}
			noCanary(t, "the result", out)
			// The same call again sets its spicepod and deploys it, asking nothing.
			again := h.ok(t, "create_and_deploy_app", args)
			mustContain(t, "re-run", again, "set spicepod", "✅ succeeded")
			if n := h.emu.DeploymentCount("sandbox", id); n != 1 {
				t.Errorf("deployments after the re-run = %d, want 1", n)
			}
			if asked.Load() != 1 {
				t.Errorf("asked %d times", asked.Load())
			}
		})
	}
}

// anotherClient sends the emulator a request as another client would, in the middle of a call
// (from a proxy's goroutine: a failure only means the race did not happen, which the test sees).
func anotherClient(method, url, body string) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}
