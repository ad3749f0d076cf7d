package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR52TokensRegionsSayTheDefaultAndProviderOnce: list_regions names the default region and a
// provider every region shares once, in its heading, not in a column of "—" and "yes" or of
// "AWS" on every row; a column that tells rows apart (a second provider, a disabled region) stays.
func TestR52TokensRegionsSayTheDefaultAndProviderOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "list_regions", nil)
	if strings.Contains(out, "| Default |") || strings.Contains(out, "| Provider |") || strings.Count(out, "AWS") != 1 {
		t.Errorf("a column repeats one value on every row:\n%s", out)
	}
	mustContain(t, "regions", out, "2 regions, all on AWS", "the default is `us-west-2`", "| us-east-1 | US East (N. Virginia) | us-east-1-prod-aws-data |")

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/regions", func(a map[string]any) {
			rows := a["regions"].([]any)
			rows[0].(map[string]any)["providerName"] = "GCP"
			rows[0].(map[string]any)["disabled"] = true
		}))})
	out = h.ok(t, "list_regions", nil)
	mustContain(t, "mixed regions", out, "| Provider | Default |", "| GCP | (disabled) |", "| AWS | yes |")
}

// TestR52TokensImagesSayTheChannelAndDefaultOnce: list_container_images names a channel every
// image shown shares (as the caller's own filter does) and the default tag once, in its heading,
// not in columns; images of two channels keep the Channel column.
func TestR52TokensImagesSayTheChannelAndDefaultOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "list_container_images", map[string]any{"channel": "stable"})
	if strings.Contains(out, "| Channel |") || strings.Contains(out, "| Default |") || strings.Count(out, "stable") != 1 {
		t.Errorf("a column repeats one value on every row:\n%s", out)
	}
	mustContain(t, "images", out, "4 runtime images on the stable channel, each `spiceai/spiceai:<tag>`; the default is `2.3.2`.",
		"| Tag |\n|---|\n| 2.3.2 |\n| 2.3.1 |")

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/container-images", func(a map[string]any) {
			a["images"].([]any)[1].(map[string]any)["channel"] = "nightly"
		}))})
	out = h.ok(t, "list_container_images", nil)
	mustContain(t, "two channels", out, "| Tag | Channel |", "| 2.3.1 | nightly |", "| 2.3.2 | stable |", "the default is `2.3.2`")
}

// TestR52TokensDeploymentQueuedSaysItOnce: create_deployment's result opens with the deployment's
// own heading, which names the app and "queued", not a sentence saying the same above it.
func TestR52TokensDeploymentQueuedSaysItOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	if strings.Count(out, "analytics-app (101)") != 1 || strings.Contains(out, "Queued a deployment") {
		t.Errorf("the app and its queued deployment are said twice:\n%s", out)
	}
	mustContain(t, "create_deployment", out, "Deployment 1008 of analytics-app (101): **⏳ queued**", "wait_for_deployment")
}

// TestR52TokensDeploymentStartedTheMinuteItWasCreated: a deployment that started within the
// minute it was created shows that minute once, not on a Started line repeating Created; one that
// waited longer keeps both lines.
func TestR52TokensDeploymentStartedTheMinuteItWasCreated(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	if strings.Contains(out, "- Started:") || strings.Count(out, "2026-11-21 12:00Z") != 1 {
		t.Errorf("Started repeats Created:\n%s", out)
	}
	mustContain(t, "get_deployment", out, "- Created and started: 2026-11-21 12:00Z\n- Updated: 2026-11-21 12:02Z\n")

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/deployments/1003", func(a map[string]any) {
			a["started_at"] = "2026-11-21T12:07:00.000Z"
		}))})
	out = h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "a deployment that waited", out, "- Created: 2026-11-21 12:00Z\n- Started: 2026-11-21 12:07Z\n")
}

// TestR52TokensDescribeAppNamesTheAppOnce: describe_app's deployments sit under the app's own
// heading, so their line does not name the app (name and ID) again.
func TestR52TokensDescribeAppNamesTheAppOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "describe_app", map[string]any{"app": "analytics-app"})
	if strings.Contains(out, "deployments of analytics-app") {
		t.Errorf("the deployments name the app again:\n%s", out)
	}
	mustContain(t, "describe_app", out, "**analytics-app** (ID 101)", "**Recent deployments**\n\n3 deployments, newest first:\n\n| ID |")
}
