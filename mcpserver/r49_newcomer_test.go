package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR49NewcomerSpicepodOffsetSaysWhyItShowsAPart: README (Tools) says a spicepod too long
// for one result comes in line ranges. get_app with spicepod_offset on a 10-line spicepod said
// "Spicepod lines 4–10 of 10 shown (it is longer than one result may be)", which was false:
// the part was the caller's offset, and get_app without it shows the spicepod whole. A long
// spicepod's parts still say it is longer than one result may be.
func TestR49NewcomerSpicepodOffsetSaysWhyItShowsAPart(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	short := h.ok(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": 3})
	mustContain(t, "a short spicepod from an offset", short, "Spicepod lines 4–10 of 10 shown",
		"get_app without spicepod_offset shows it whole")
	if strings.Contains(short, "longer than one result") {
		t.Errorf("a 10-line spicepod is said to be longer than one result:\n%s", short)
	}

	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n", i, i)
	}
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod.String()})
	for _, offset := range []int{0, 3} {
		long := h.ok(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": offset})
		mustContain(t, fmt.Sprintf("a long spicepod from offset %d", offset), long, "(it is longer than one result may be)")
		if strings.Contains(long, "shows it whole") {
			t.Errorf("offset %d: a spicepod too long for one result is said to be shown whole without spicepod_offset:\n%s", offset, long)
		}
	}
}

// TestR49NewcomerDeploymentErrorMessageBounds: README (Tools) says a deployment's error message
// is shortened to 400 bytes; in a list's table cell (list_deployments, describe_app) it is
// shortened to 200, with its full length, while get_deployment and the structured content keep
// 400. README now says both.
func TestR49NewcomerDeploymentErrorMessageBounds(t *testing.T) {
	msg := "runtime error: " + strings.Repeat("e", 285) // 300 bytes
	dep := `{"id":4244,"status":"failed","created_at":"2026-11-22T12:00:00Z","image_tag":"2.3.0","replicas":2,"creation_source":"api",` +
		`"error_code":"unable_to_start","error_message":"` + msg + `"}`
	answers := []canned{
		{method: "GET", path: regexp.MustCompile(`/projects/101/deployments$`), status: 200, body: `{"deployments":[` + dep + `]}`},
		{method: "GET", path: regexp.MustCompile(`/projects/101/deployments/4244$`), status: 200, body: dep},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	app := map[string]any{"app": "analytics-app"}
	for _, tool := range []string{"list_deployments", "describe_app"} {
		res := h.call(t, tool, app)
		mustContain(t, tool, text(res), msg[:200]+present.ShortenedNote(300))
		var got struct {
			Deployments []struct {
				ErrorMessage string `json:"error_message"`
			} `json:"deployments"`
		}
		structured(t, res, &got)
		if len(got.Deployments) == 0 || got.Deployments[0].ErrorMessage != msg {
			t.Errorf("%s: structured content does not keep the 300-byte error message whole: %+v", tool, got)
		}
	}
	mustContain(t, "get_deployment", h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 4244}), msg)
}

// TestR49NewcomerTroubleshootPromptOrder: README (Prompts and resources) said
// troubleshoot_deployment works from get_deployment, then list_instances and get_instance_logs;
// the prompt starts with describe_app (and is not offered where describe_app is hidden). README
// now names it first; this holds the order.
func TestR49NewcomerTroubleshootPromptOrder(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = "troubleshoot_deployment", map[string]string{"app": "analytics-app"}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	prompt := res.Messages[0].Content.(mcp.TextContent).Text
	at := -1
	for _, step := range []string{"Call describe_app", "Call get_deployment", "call list_instances", "then get_instance_logs"} {
		i := strings.Index(prompt, step)
		if i <= at {
			t.Fatalf("%q is not after the step before it:\n%s", step, prompt)
		}
		at = i
	}
}
