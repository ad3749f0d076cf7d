package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// failedStanding is what a failed deployment's structured result says of later deployments.
type failedStanding struct {
	Status     string `json:"status"`
	ReplacedBy int64  `json:"replaced_by"`
	Newer      *struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"newer_deployment"`
}

// TestR31FailedDeploymentReplacedByASuccess: a failed deployment a later one replaced
// successfully said "fix that, then deploy again; deploying unchanged fails again". Now it says
// the later one succeeded and runs, and offers no fix or redeploy; a later one in flight is
// followed; a later one that failed too leaves the fix as it was.
func TestR31FailedDeploymentReplacedByASuccess(t *testing.T) {
	noFix := func(t *testing.T, what, s string) {
		t.Helper()
		_, step, _ := strings.Cut(s, "What to do:")
		step, _, _ = strings.Cut(step, "\n\n") // the log lines below are history
		for _, fix := range []string{"deploy again", "deploying unchanged fails again", "update_app", "create_deployment"} {
			if strings.Contains(step, fix) {
				t.Errorf("%s offers a fix (%q):\n%s", what, fix, s)
			}
		}
	}
	t.Run("demo analytics-app 1002, replaced by 1003", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		res := h.call(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002})
		got := text(res)
		mustContain(t, "get_deployment 1002", got, "Failed to pull container image", "Error code: `unable_to_start`",
			"What to do: Nothing; a later deployment (1003) succeeded after this one and took its place",
			"The app runs deployment 1003 now.")
		noFix(t, "get_deployment 1002", got)
		var st failedStanding
		structured(t, res, &st)
		if st.Status != "failed" || st.ReplacedBy != 1003 || st.Newer != nil {
			t.Errorf("structured: %+v, want failed, replaced_by 1003", st)
		}
		waited := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002})
		mustContain(t, "wait_for_deployment 1002", waited, "Already finished", "a later deployment (1003) succeeded after this one")
		noFix(t, "wait_for_deployment 1002", waited)
	})
	t.Run("acme-labs fraud-scoring 1007: in flight, failed too, then fixed", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{k: v}
			for k, v := range app {
				m[k] = v
			}
			return m
		}
		old := with("deployment_id", 1007)
		before := h.ok(t, "get_deployment", old)
		mustContain(t, "get_deployment 1007, the newest", before, "Fix that, then deploy again")

		// A later deployment in flight (the secret still unset): followed, no fix offered.
		h.ok(t, "create_deployment", app)
		inFlight := h.call(t, "get_deployment", old)
		mustContain(t, "1007 with 1008 queued", text(inFlight), "What to do: A later deployment (1008) is still in progress",
			"`wait_for_deployment {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"deployment_id\":1008}` follows it")
		noFix(t, "1007 with 1008 queued", text(inFlight))
		var st failedStanding
		structured(t, inFlight, &st)
		if st.Newer == nil || st.Newer.ID != 1008 || st.ReplacedBy != 0 {
			t.Errorf("structured: %+v, want newer_deployment 1008", st)
		}

		// It failed as well: the fix stands.
		h.ok(t, "wait_for_deployment", with("deployment_id", 1008))
		mustContain(t, "1007 with 1008 failed", h.ok(t, "get_deployment", old), "Fix that, then deploy again")

		// Fixed: the secret set and deployed, 1007 is history.
		secret := with("name", "PG_PASSWORD")
		secret["value"] = "not-a-real-pw-1"
		h.ok(t, "set_secret", secret)
		h.ok(t, "create_deployment", app)
		mustContain(t, "1009", h.ok(t, "wait_for_deployment", app), "succeeded")
		after := h.ok(t, "get_deployment", old)
		mustContain(t, "get_deployment 1007 after 1009", after, "a later deployment (1009) succeeded after this one", "The app runs deployment 1009 now.")
		noFix(t, "get_deployment 1007 after 1009", after)
	})
}

// TestR31ImagePullFixHoldsOnEveryPlan: the fix for "Failed to pull container image" named only
// image_tag (update_app or create_deployment's), which a plan without Enterprise refuses
// (image_tag_requires_enterprise); it now names update_channel and version, and image_tag as
// Enterprise only. So does troubleshoot_deployment.
func TestR31ImagePullFixHoldsOnEveryPlan(t *testing.T) {
	// analytics-app's newest deployment failed as 1002 did (the emulator refuses an unpublished
	// tag up front, so the API's answers are canned): it gets the fix for its message.
	dep := `{"id":4244,"status":"failed","created_at":"2026-11-22T12:00:00Z","image_tag":"2.3.0","replicas":2,"creation_source":"api",` +
		`"error_code":"unable_to_start","error_message":"Failed to pull container image"}`
	answers := []canned{
		{method: "GET", path: regexp.MustCompile(`/projects/101/deployments$`), status: 200, body: `{"deployments":[` + dep + `]}`},
		{method: "GET", path: regexp.MustCompile(`/projects/101/deployments/4244$`), status: 200, body: dep},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	got := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "failed image pull", got, "Failed to pull container image",
		"What to do: The runtime image could not be pulled: check the app's runtime and registry against list_container_images "+
			"and choose a published runtime with update_app (update_channel and version; a pinned image_tag only on an Enterprise plan, "+
			"which create_deployment also takes), then deploy again.")

	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "analytics-app", "deployment_id": "1002"}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	prompt := res.Messages[0].Content.(mcp.TextContent).Text
	mustContain(t, "troubleshoot_deployment", prompt,
		`"Failed to pull container image": compare the app's runtime (update_channel and version; image_tag, Enterprise plans only) with list_container_images`,
		"when it says a later deployment succeeded in its place, that failure is history: say so and fix nothing")
	if strings.Contains(prompt, "compare image_tag with") {
		t.Errorf("troubleshoot_deployment still names image_tag alone:\n%s", prompt)
	}
}

// TestR31ImagePullRerunFixHoldsOnEveryPlan: create_and_deploy_app's fix for an image that
// could not be pulled said to fix it in the call's arguments (of the runtime, only image_tag,
// refused without Enterprise); it now names update_channel and version with update_app, which a
// re-run keeps, for the other plans.
func TestR31ImagePullRerunFixHoldsOnEveryPlan(t *testing.T) {
	answers := imagePullFails()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "pull-image", "spicepod": fmt.Sprintf(podWithPGPass, "pull-image"),
		"secrets": map[string]any{"PG_PASS": "pg-value-1"}})
	mustContain(t, "create_and_deploy_app", text(res), "The runtime image could not be pulled (list_container_images shows the published tags). "+
		"On an Enterprise plan, put a published image_tag in this call's arguments. On other plans, where image_tag is refused, "+
		"choose the runtime's update_channel and version with update_app, which a re-run keeps")
}
