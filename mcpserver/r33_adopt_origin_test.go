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

// rivalBefore is a harness (opts) whose API creates an app (rival, a create request's JSON
// body) just before the call's first create reaches it. lose answers that create 503 without
// passing it on (its outcome unknown to the call); otherwise it reaches the API, which says 409.
func rivalBefore(t *testing.T, opts harnessOptions, rival string, lose bool) *harness {
	var once sync.Once
	opts.upstream = func(t *testing.T, emu string) string {
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
			first := false
			if r.Method == http.MethodPost && r.URL.Path == "/v1/projects" {
				once.Do(func() {
					first = true
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
			if first && lose {
				http.Error(w, "upstream timeout", http.StatusServiceUnavailable)
				return
			}
			proxy.ServeHTTP(w, r)
		})(t, emu)
	}
	return newHarness(t, opts)
}

// TestR33DiffersNamesWhereTheAppCameFrom: create_and_deploy_app refuses an existing app whose
// settings differ from the call's, and the refusal says where the app came from as far as the
// run can tell: there before it created anything (an earlier run), created or brought back from
// deletion by a concurrent run (its create got 409), or found after its own create went
// unanswered (its create's or another's: not claimed either way). Each refusal used to say
// "(created by an earlier run)", false for a concurrent run.
func TestR33DiffersNamesWhereTheAppCameFrom(t *testing.T) {
	const rival = `{"name":"analytics-app","description":"rival run","region":"us-east-1","tags":{"created-by":"spice-cloud-mcp","team":"mine"}}`
	args := map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false, "region": "us-west-2", "description": "mine",
		"tags": map[string]any{"team": "mine"}}
	for _, tc := range []struct {
		name    string
		harness func(t *testing.T) *harness
		deleted bool // the demo app is deleted first (a rival's create brings it back)
		origin  string
		row     string
	}{
		{name: "found at the start", origin: "The existing app analytics-app (101), tagged created-by=spice-cloud-mcp, ",
			harness: func(t *testing.T) *harness {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
				h.ok(t, "create_and_deploy_app", map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false,
					"region": "us-east-1", "description": "rival run", "tags": map[string]any{"team": "mine"}})
				return h
			}},
		{name: "created by a rival", origin: "The existing app analytics-app (101), created meanwhile by a concurrent run, ",
			row: "| create app | found analytics-app (101), created meanwhile by a concurrent run with other settings; not used |",
			harness: func(t *testing.T) *harness {
				return rivalBefore(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}}, rival, false)
			}},
		{name: "revived by a rival", deleted: true,
			origin: "The existing app analytics-app (101), brought back from deletion meanwhile by a concurrent run, ",
			harness: func(t *testing.T) *harness {
				return rivalBefore(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}}, rival, false)
			}},
		{name: "found after an unanswered create", origin: "The existing app analytics-app (101), found after this call's create went unanswered, ",
			harness: func(t *testing.T) *harness {
				return rivalBefore(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}}, rival, true)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.harness(t)
			if tc.deleted {
				h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
			}
			out := h.fail(t, "create_and_deploy_app", args)
			mustContain(t, "refusal", out, "Invalid arguments, nothing was changed:",
				tc.origin+"differs in description: leave description out to keep the app's",
				tc.origin+"is in region us-east-1, not us-west-2: pass region us-east-1 or leave region out", tc.row)
			if tc.name != "found at the start" && strings.Contains(out, "earlier run") {
				t.Errorf("the refusal says a concurrent or unknown creator was an earlier run:\n%s", out)
			}
			mustContain(t, "get_app", h.ok(t, "get_app", map[string]any{"app": "analytics-app"}), "Region: us-east-1", "Description: rival run")
		})
	}
}

// TestR33AdoptedNamesWhoCreatedIt: an app a concurrent run created (the call's create got 409)
// and that matches the call is used; the row says a concurrent run created it, not "this call's
// unanswered request", since the create was answered. After a create that went unanswered, the
// row names both (it cannot tell).
func TestR33AdoptedNamesWhoCreatedIt(t *testing.T) {
	const rival = `{"name":"raced","description":"mine","region":"us-west-2","tags":{"created-by":"spice-cloud-mcp","team":"mine"}}`
	args := map[string]any{"name": "raced", "spicepod": podA, "wait": false, "region": "us-west-2", "description": "mine",
		"tags": map[string]any{"team": "mine"}}
	for _, tc := range []struct {
		lose bool
		row  string
	}{
		{false, "| create app | found raced (101), created meanwhile by a concurrent run; using it |"},
		{true, "| create app | found raced (101), created by this call's unanswered request or a concurrent run; using it |"},
	} {
		h := rivalBefore(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}}, rival, tc.lose)
		mustContain(t, "adopted", h.ok(t, "create_and_deploy_app", args), tc.row, "| deploy | deployment ")
	}
}
