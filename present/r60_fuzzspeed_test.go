package present

import (
	"strings"
	"testing"
	"time"
)

// TestR60FuzzspeedSpicepodKeyMaskedOnce: a key that masking changes is masked once, not three
// times (whether it is clean, then its masked text, then that text again to see whether it names
// a credential): MaskSpicepod of a dataset with one long such key costs about what MaskText of
// the key does (3.0× before; TestMaskingIsLinear's MaskSpicepod rows were 60 % of its time).
func TestR60FuzzspeedSpicepodKeyMaskedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	key := strings.Repeat("x://a:b@h/ ", 3000)
	pod := map[string]any{"datasets": []any{map[string]any{key: "x"}}}
	if got := MaskSpicepod(pod)["datasets"].([]any)[0].(map[string]any); got[MaskText(key)] == nil {
		t.Fatalf("the key is not masked: %.80v", got)
	}
	best := func(f func()) time.Duration {
		d := time.Duration(1 << 62)
		for range 3 {
			d = min(d, timeOnThisThread(f))
		}
		return d
	}
	var ratio float64
	for range 3 { // noise alone does not fail the test
		tText := best(func() { MaskText(key) })
		tPod := best(func() { MaskSpicepod(pod) })
		if ratio = float64(tPod) / float64(max(tText, time.Microsecond)); ratio < 2 {
			return
		}
	}
	t.Errorf("MaskSpicepod of a dataset with a %d KiB key took %.1f× MaskText of the key", len(key)>>10, ratio)
}
