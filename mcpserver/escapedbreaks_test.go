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

// TestEscapedBreaksInValuesMasked (audit round 17): a backslash and t/n/r/f/v inside a value or
// a URL (a Windows path, a password holding "\n") does not end it: a spicepod given to
// update_app comes back from get_app with the whole value masked.
func TestEscapedBreaksInValuesMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	pod := "version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n" +
		"  - from: 'https://myfunc.azurewebsites.net/api\\names?code=Zq8vN3kLm2PqRsTuVwXyZ01234'\n    name: fn\n" +
		"    description: 'DB_PASSWORD=Xk9\\vQ7rT!pLm2'\n"
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
	got := h.ok(t, "get_app", map[string]any{"app": "analytics-app"})
	for _, v := range []string{"Xk9", `\vQ7rT`, "pLm2", "Zq8vN3kLm2PqRsTuVwXyZ01234"} {
		if strings.Contains(got, v) {
			t.Errorf("%q shown: %s", v, got)
		}
	}
	for _, v := range []string{"DB_PASSWORD=********", "code=********"} {
		if !strings.Contains(got, v) {
			t.Errorf("want %q in: %s", v, got)
		}
	}
}
