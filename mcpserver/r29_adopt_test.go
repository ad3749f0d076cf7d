package mcpserver_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// rivalCreates is a harness whose API creates an app (rival, a create request's JSON body)
// just before the call's own create reaches it: a concurrent run won the race between
// create_and_deploy_app's check and its create, which then gets 409.
func rivalCreates(t *testing.T, rival string) *harness {
	return rivalCreatesIn(t, sandbox.Config{}, rival)
}

// rivalCreatesIn is rivalCreates with the emulator configured by cfg.
func rivalCreatesIn(t *testing.T, cfg sandbox.Config, rival string) *harness {
	var once sync.Once
	return newHarness(t, harnessOptions{cfg: cfg, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emu string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
				if r.Method == http.MethodPost && r.URL.Path == "/v1/projects" {
					once.Do(func() {
						req, _ := http.NewRequest(http.MethodPost, emu+"/v1/projects", bytes.NewBufferString(rival))
						req.Header = r.Header.Clone()
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							t.Errorf("rival create: %v", err)
							return
						}
						resp.Body.Close()
						if resp.StatusCode != http.StatusCreated {
							t.Errorf("rival create: %d", resp.StatusCode)
						}
					})
				}
				proxy.ServeHTTP(w, r)
			})(t, emu)
		}})
}

// TestR29AdoptedAppDiffering: when a concurrent run created the app (with its own region,
// visibility, description and tags) between create_and_deploy_app's check and its create,
// the run refuses it as it refuses such an app found at the start, naming each field, and
// changes nothing: no spicepod, secret or deployment goes into the other run's app. It used to
// adopt the app silently and deploy into it, reporting success.
func TestR29AdoptedAppDiffering(t *testing.T) {
	h := rivalCreates(t, `{"name":"raced2","description":"rival run","visibility":"public","region":"us-east-1",`+
		`"tags":{"created-by":"spice-cloud-mcp","team":"rival"}}`)
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "raced2", "spicepod": podA, "wait": false,
		"secrets": map[string]any{"PG_PASS": "example-value"}, "region": "us-west-2", "description": "mine",
		"visibility": "private", "tags": map[string]any{"team": "mine"}})
	mustContain(t, "refusal", out, "| create app | found raced2 (101), created meanwhile by a concurrent run with other settings; not used |",
		"Invalid arguments, nothing was changed:", "description: ", "The app's: rival run; given: mine", "region: ",
		"is in region us-east-1, not us-west-2", "tags: ", "team=rival", "visibility: ", "The app's: public; given: private")
	for _, step := range []string{"| configure |", "| secret", "| deploy |"} {
		if strings.Contains(out, step) {
			t.Errorf("refused run went on to %q:\n%s", step, out)
		}
	}
	id := h.appID(t, "raced2")
	if n := h.emu.DeploymentCount("sandbox", id); n != 0 {
		t.Errorf("deployments of the other run's app: %d, want 0", n)
	}
	if _, ok := h.emu.SecretValue("sandbox", id, "PG_PASS"); ok {
		t.Error("secret stored in the other run's app")
	}
	mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "raced2"}),
		"Region: us-east-1", "Visibility: public", "Description: rival run", "team=rival", "Spicepod: not set")
}

// TestR29AdoptedAppSame: an app a concurrent run created with the same settings is adopted
// and deployed, as before.
func TestR29AdoptedAppSame(t *testing.T) {
	h := rivalCreates(t, `{"name":"raced3","description":"mine","region":"us-west-2","tags":{"created-by":"spice-cloud-mcp","team":"mine"}}`)
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "raced3", "spicepod": podA, "wait": false,
		"region": "us-west-2", "description": "mine", "tags": map[string]any{"team": "mine"}})
	mustContain(t, "adopted", out, "| create app | found raced3 (101), created meanwhile by a concurrent run; using it |",
		"| deploy | deployment ")
	if n := h.emu.DeploymentCount("sandbox", h.appID(t, "raced3")); n != 1 {
		t.Errorf("deployments: %d, want 1", n)
	}
}
