package mcpserver_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// r56MineBreaksOffFirst breaks off the first answer to method path (a regexp), counting the
// requests to it in asked.
func r56MineBreaksOffFirst(t *testing.T, method, path string, asked *atomic.Int32) *harness {
	return r56HostileBreaksOff(t, method, path, func() bool { return asked.Add(1) == 1 })
}

// TestR56MineBrokenOffReadIsReadAgain: a read whose 200 broke off mid-body is read again, as a
// read lost on the way always was (round 56's hostile fix made it an error at once: get_app
// failed where the second read would have answered); a change so answered is not repeated.
func TestR56MineBrokenOffReadIsReadAgain(t *testing.T) {
	var reads atomic.Int32
	h := r56MineBreaksOffFirst(t, http.MethodGet, `^/v1/projects/101$`, &reads)
	got := h.ok(t, "get_app", map[string]any{"app": "id:101"})
	if !strings.Contains(got, "analytics-app") || reads.Load() != 2 {
		t.Errorf("get_app after one broken-off answer: %d requests, result:\n%s", reads.Load(), got)
	}
	var pauses atomic.Int32
	h = r56MineBreaksOffFirst(t, http.MethodPost, `/pause$`, &pauses)
	got = h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	if pauses.Load() != 1 || !strings.Contains(got, "broke off") {
		t.Errorf("pause_app answered with a broken-off 200: %d requests (want 1: not repeated), result:\n%s", pauses.Load(), got)
	}
}
