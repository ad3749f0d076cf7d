package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r56MineBreaksOffFirst serves the emulator through a proxy whose first answer to method path
// is a 200 that breaks off after 16 bytes; later ones pass. It counts the requests to it.
func r56MineBreaksOffFirst(t *testing.T, method, path string, asked *atomic.Int32) *harness {
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emulatorURL string) string {
			target, _ := url.Parse(emulatorURL)
			proxy := httputil.NewSingleHostReverseProxy(target)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != method || !strings.HasSuffix(r.URL.Path, path) || asked.Add(1) > 1 {
					proxy.ServeHTTP(w, r)
					return
				}
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"id\":101,\"name\"\r\n")
				_ = buf.Flush()
				_ = conn.Close()
			}))
			t.Cleanup(srv.Close)
			return srv.URL
		}})
}

// TestR56MineBrokenOffReadIsReadAgain: a read whose 200 broke off mid-body is read again, as a
// read lost on the way always was (round 56's hostile fix made it an error at once: get_app
// failed where the second read would have answered); a change so answered is not repeated.
func TestR56MineBrokenOffReadIsReadAgain(t *testing.T) {
	var reads atomic.Int32
	h := r56MineBreaksOffFirst(t, http.MethodGet, "/v1/projects/101", &reads)
	got := h.ok(t, "get_app", map[string]any{"app": "id:101"})
	if !strings.Contains(got, "analytics-app") || reads.Load() != 2 {
		t.Errorf("get_app after one broken-off answer: %d requests, result:\n%s", reads.Load(), got)
	}
	var pauses atomic.Int32
	h = r56MineBreaksOffFirst(t, http.MethodPost, "/pause", &pauses)
	got = h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	if pauses.Load() != 1 || !strings.Contains(got, "broke off") {
		t.Errorf("pause_app answered with a broken-off 200: %d requests (want 1: not repeated), result:\n%s", pauses.Load(), got)
	}
}
