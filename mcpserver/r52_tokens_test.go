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
