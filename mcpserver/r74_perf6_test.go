package mcpserver_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Perf6Shown is the first stretch of 64 bytes of text (in one of its spellings: as is,
// JSON-escaped, its line breaks spaces) that shown holds, or "".
func r74Perf6Shown(shown, text string) string {
	windows := map[string]bool{}
	for i := 0; i+64 <= len(shown); i++ {
		windows[shown[i:i+64]] = true
	}
	esc, _ := json.Marshal(text)
	for _, form := range []string{text, string(esc[1 : len(esc)-1]), strings.ReplaceAll(text, "\n", " ")} {
		for i := 0; i+64 <= len(form); i++ {
			if windows[form[i:i+64]] {
				return form[i : i+64]
			}
		}
	}
	return ""
}

// TestR74Perf6LongValueOverMCP (README, Secret hygiene): set_secret sets a 1 MiB certificate
// bundle; then an API answer (an app's description, as a gateway rewrites it) echoing the
// whole value, a 64-byte piece of its middle, or its base64 shows no stretch of 64 bytes of it
// (an end of a piece up to a space, here a line break shown as one, may be).
func TestR74Perf6LongValueOverMCP(t *testing.T) {
	t.Parallel()
	var echo atomic.Pointer[string]
	empty := ""
	echo.Store(&empty)
	// Masking a 1 MiB description took past the default minute under -race at load 25 (round
	// 75): the limit is not what this test holds.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
		callTimeout: 5 * time.Minute,
		upstream: func(t *testing.T, emulatorURL string) string {
			return r72Claims9Proxy(t, emulatorURL, func(r *http.Request, status int, body []byte) (int, []byte) {
				if e := *echo.Load(); e != "" && r.Method == http.MethodGet {
					body = r72Claims9AddToObjects(body, "description", "before "+e+" after", "id", "name")
				}
				return status, body
			})
		}})
	v := testutil.R74CertBundle(1 << 20)
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "TLS_BUNDLE", "value": v})
	for _, tc := range []struct{ name, text string }{
		{"whole", v},
		{"64 bytes of its middle", v[len(v)/2+5 : len(v)/2+69]},
		{"base64", base64.StdEncoding.EncodeToString([]byte(v))},
	} {
		echo.Store(&tc.text)
		got := r71Hostile15Everything(h.call(t, "get_app", map[string]any{"app": "analytics-app"}))
		if shown := r74Perf6Shown(got, tc.text); shown != "" || !strings.Contains(got, "before [REDACTED]") {
			t.Errorf("%s: shown %q: %.600s", tc.name, shown, got)
		}
	}
}
