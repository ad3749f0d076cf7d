package present

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR55WordsStatusSaidOnce: an answer whose message only restates its status ("429 Too Many
// Requests: Too many requests", "404 Not Found: Not Found", no text at all) says the status
// once, in the result and in a table cell's layout, and keeps the Retry-After advice; a
// message that says more is shown as before.
func TestR55WordsStatusSaidOnce(t *testing.T) {
	answer := func(status int, body string) error {
		t.Helper()
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		defer api.Close()
		c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
			Retry: client.RetryPolicy{MaxAttempts: 1}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListApps(context.Background())
		if err == nil {
			t.Fatalf("%d %s: no error", status, body)
		}
		return err
	}
	for _, tc := range []struct {
		status     int
		body, want string
	}{
		{429, `{"error":"Too many requests"}`, "Spice.ai API error 429 Too Many Requests\nWhat to do: Rate limited: wait 7 s before retrying."},
		{500, `{"error":"Internal server error."}`, "Spice.ai API error 500 Internal Server Error\nWhat to do:"},
		{503, `{"error":"Service unavailable"}`, "Spice.ai API error 503 Service Unavailable\nWhat to do:"},
		{504, `{"error":"Gateway timeout"}`, "Spice.ai API error 504 Gateway Timeout\nWhat to do:"},
		{409, `{"error":"Conflict"}`, "Spice.ai API error 409 Conflict"},
		{404, `{}`, "Spice.ai API error 404 Not Found\nWhat to do:"},
		{429, `{"error":"Too many requests","code":"rate_limited"}`, "Spice.ai API error 429 Too Many Requests (rate_limited)\nWhat to do: Rate limited"},
		{429, `{"error":"Too many requests for this token"}`, "Spice.ai API error 429 Too Many Requests: Too many requests for this token\n"},
	} {
		err := answer(tc.status, tc.body)
		got := Error(err)
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%d %s:\n got %q\nwant %q…", tc.status, tc.body, got, tc.want)
		}
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%T", err)
		}
		var brief strings.Builder
		for _, p := range apiErr.ShownMessage() {
			brief.WriteString(p.Text)
		}
		if b := brief.String(); !strings.Contains(tc.body, "token") && strings.Count(strings.ToLower(b), strings.ToLower(http.StatusText(tc.status))) != 1 {
			t.Errorf("%d %s: a table cell reads %q", tc.status, tc.body, b)
		}
	}
}
