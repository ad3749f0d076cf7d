package mcpserver_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR42ClippedItemPageResumesAfterIt: a page whose only item is too long alone shows it with
// its texts clipped (present.ClipItem), and the session remembers the page by the item it ended
// with. An image is known by its name and tag, which the clipped copy no longer matches: the
// next page said the list changed and the item was gone, and did not continue after it when an
// image was added before it meanwhile. The mark keeps the item's key as the API sent it.
func TestR42ClippedItemPageResumesAfterIt(t *testing.T) {
	huge := "spiceai/" + r35Dense("ab-", 30000)
	var added atomic.Bool
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/container-images", func(a map[string]any) {
			var list []any
			if added.Load() {
				list = append(list, map[string]any{"name": "spiceai/spiceai:3.0.0", "tag": "3.0.0", "channel": "stable"})
			}
			list = append(list, map[string]any{"name": huge, "tag": "9.9.9", "channel": "stable"})
			for i := range 4 {
				list = append(list, map[string]any{"name": fmt.Sprintf("spiceai/spiceai:2.%d.0", i), "tag": fmt.Sprintf("2.%d.0", i), "channel": "stable"})
			}
			a["images"] = list
		}))})
	var first, second struct {
		Images []struct {
			Name string `json:"name"`
			Tag  string `json:"tag"`
		} `json:"images"`
		Offset int `json:"offset"`
		Next   int `json:"next_offset"`
	}
	structured(t, h.call(t, "list_container_images", nil), &first)
	if len(first.Images) != 1 || first.Images[0].Tag != "9.9.9" || !strings.Contains(first.Images[0].Name, "(shortened;") || first.Next != 1 {
		t.Fatalf("the first page is not the huge image alone, clipped: %d images, next %d", len(first.Images), first.Next)
	}
	added.Store(true)
	res := h.call(t, "list_container_images", map[string]any{"offset": first.Next})
	structured(t, res, &second)
	tx := text(res)
	if strings.Contains(tx, "is gone") {
		t.Errorf("the second page says the clipped image is gone:\n%.600s", tx)
	}
	if !strings.Contains(tx, "1 image was added since the last page; this page continues after `9.9.9`") {
		t.Errorf("the second page does not say it continues after the clipped image:\n%.600s", tx)
	}
	if second.Offset != 2 || len(second.Images) == 0 || second.Images[0].Tag != "2.0.0" {
		t.Errorf("the second page starts at %d with %+v, want 2 with 2.0.0", second.Offset, second.Images)
	}
}
