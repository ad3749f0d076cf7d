package present

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestErrorHidesValuesAcrossOurWords: a secret value that begins with words of ours (the
// status's, shown before the API's text) and runs on into the text the API answered is not
// shown across them, in Error, ToolError's wording and a table cell; the status's words stay.
func TestErrorHidesValuesAcrossOurWords(t *testing.T) {
	for _, tc := range []struct {
		status      int
		ctype, body string
		value       string
		want        string
	}{
		{400, "text/plain", "hunter2-secret rejected", "Request: hunter2-secret", "400 Bad Request: Bad Request: [REDACTED] rejected"},
		{502, "text/plain", "xyz-upstream-9 failed", "Gateway: xyz-upstream-9", "502 Bad Gateway: Bad Gateway: [REDACTED] failed"},
		{400, "application/json", `{"error":"hunter2-secret rejected"}`, "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{400, "application/json", `{"error":"hunter2-secret rejected"}`, "400 Bad Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{400, "application/json", `{"error":"no"}`, "Request: no\nWhat", "400 Bad Request: [REDACTED]"},
		{403, "application/json", `{"error":"hunter2-secret rejected","code":"no_way"}`, "no_way): hunter2-secret", "403 Forbidden"},
		{403, "application/json", `{"error":"hunter2-secret rejected","code":"no_way"}`, "Forbidden (no_way): hunter2-secret", "403 Forbidden"},
	} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tc.ctype)
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
			Retry: client.RetryPolicy{MaxAttempts: 1}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", tc.value)
		api.Close()
		if err == nil {
			t.Fatalf("%d %q: no error", tc.status, tc.body)
		}
		for _, shown := range []string{Error(err), cellError(err), err.Error()} {
			if strings.Contains(shown, tc.value) || !strings.Contains(shown, tc.want) {
				t.Errorf("%d %q, value %q: %q, want %q and not the value", tc.status, tc.body, tc.value, shown, tc.want)
			}
		}
	}
}
