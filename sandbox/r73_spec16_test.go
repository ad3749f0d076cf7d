package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestR73Spec16SinceFractions: api/README §7.6 (Assumed), over HTTP on both generations' log
// routes: a duration part's number may carry a decimal fraction with a digit on each side of
// the point, read exactly (1.5h bounds as 90m does, 0.025h as 90s); a point with no digit on
// one side (.5h, 1.h), two points, a comma, or a number with no unit is the field-named 400,
// whose message now shows a fraction among its examples. Before, .5h was read as half an hour
// and README named no fraction.
func TestR73Spec16SinceFractions(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "since-fraction")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	dep := itoa(num(res.obj()["id"]))
	// The lines are at testStart + 0, 1, 2 and 5 s; now is 1.5 h and 1.5 s later, so a bound of
	// 1.5 h back falls between the second line and the third.
	h.clock.Advance(90*time.Minute + 1500*time.Millisecond)
	for _, gen := range []string{"apps", "projects"} {
		logs := func(since string) (int, *result) {
			t.Helper()
			res := h.do("GET", fmt.Sprintf("/v1/%s/%d/deployments/%s/logs?since=%s", gen, id, dep, url.QueryEscape(since)), "sandbox", nil)
			return len(list(res.obj()["logs"])), res
		}
		all, _ := logs("1w")
		if all != 4 {
			t.Fatalf("%s: %d lines, want 4", gen, all)
		}
		for since, want := range map[string]int{
			"1.5h": 2, "90m": 2, "1.25h": 0, "1.75h": 4, "0.0625d": 2, "1h0.5h": 2, "1.0h30m": 2,
			"5399.5s": 2, "5398.5s": 1, "5400.5s": 3, "89.99m": 1,
		} {
			got, res := logs(since)
			h.expect(res, http.StatusOK, "")
			if got != want {
				t.Errorf("%s since=%s: %d lines, want %d", gen, since, got, want)
			}
		}
		for _, bad := range []string{".5h", "1.h", "1..5h", "1.5.5h", "1,5h", "1.5", "h.5", "1.5 h"} {
			_, res := logs(bad)
			h.expect(res, http.StatusBadRequest, "Validation error")
			if got := res.fieldErrors("since"); !slices.Equal(got, []string{sinceRule}) {
				t.Errorf("%s since=%q: %s", gen, bad, res.raw)
			}
		}
	}
	if !strings.Contains(sinceRule, "1.5h") {
		t.Errorf("since's message does not show a fraction: %s", sinceRule)
	}
}
