package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestRetryWarningsMaskAsTheResult: an upstream that answers list_apps with a line that is not
// HTTP, holding a GitHub token and a password (the audit's round 14): the result masks both,
// and so does every retry's warning line, by the same rule (it showed password=Xyz123abc).
func TestRetryWarningsMaskAsTheResult(t *testing.T) {
	const password = "Xyz123abc"
	ghp := "ghp_" + strings.Repeat("A", 36)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: func(t *testing.T, _ string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			_, _ = buf.WriteString(ghp + " password=" + password + "\r\n\r\n")
			_ = buf.Flush()
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}})
	res := h.call(t, "list_apps", map[string]any{})
	got := everything(res)
	if !res.IsError || !strings.Contains(got, "password="+present.Masked) {
		t.Fatalf("want the transport's masked error, got %s", got)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "retrying") || !strings.Contains(logs, "password="+present.Masked) {
		t.Fatalf("want retry warnings with the password masked:\n%s", logs)
	}
	for _, v := range []string{password, ghp[4:20]} {
		if strings.Contains(got, v) || strings.Contains(logs, v) {
			t.Errorf("%q shown: result %s\nlogs:\n%s", v, got, logs)
		}
	}
}
