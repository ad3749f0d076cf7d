package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestEscapedBreaksMaskedInResults: an upstream's 502 text/plain body whose secrets follow a
// tab written out (\t, as ASCII-only JSON encoders write it) and an escaped no-break space (the
// audit's round 16): list_apps' result shows neither.
func TestEscapedBreaksMaskedInResults(t *testing.T) {
	const password, token = "hunter2secret", "abcdefghijklmnop123"
	body := `upstream error: password=\t\u00a0` + password + `; Authorization:\tBearer\u00a0` + token
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, _ string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}})
	res := h.call(t, "list_apps", map[string]any{})
	got := everything(res)
	if !res.IsError || !strings.Contains(got, "upstream error") {
		t.Fatalf("want the upstream's error, got %s", got)
	}
	for _, v := range []string{password, token} {
		if strings.Contains(got, v) || strings.Contains(h.logs.String(), v) {
			t.Errorf("%q shown: %s", v, got)
		}
	}
}
