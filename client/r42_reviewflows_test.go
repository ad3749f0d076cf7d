package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR42ReviewflowsMayStillApplyByBody: a 5xx to a write whose body is the API's own error
// envelope ({"error": "…"}) is the API's answer, given once it stopped handling the request; one
// without it is a gateway's (Google Cloud's load balancer answers 502 with an HTML page on a
// backend timeout, Heroku's router 503 on H12, Envoy plain text, AWS API Gateway
// {"message": …}) while the API may still be working on it, like 504.
func TestR42ReviewflowsMayStillApplyByBody(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		want                    bool
	}{
		{"API 500", "application/json", `{"error":"Internal server error"}`, 500, false},
		{"API 502", "application/json", `{"error":"Bad gateway"}`, 502, false},
		{"API 503", "application/json", `{"error":"Service unavailable","code":"maintenance"}`, 503, false},
		{"API 504", "application/json", `{"error":"Gateway timeout"}`, 504, true},
		{"GCLB 502", "text/html; charset=UTF-8", "<!DOCTYPE html>\n<html lang=en>\n<title>Error 502 (Server Error)!!1</title>\n" +
			"<p><b>502.</b> That's an error.<p>The server encountered a temporary error and could not complete your request.", 502, true},
		{"Heroku 503", "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Application Error</title></head>" +
			"<body><iframe src=\"//www.herokucdn.com/error-pages/application-error.html\"></iframe></body></html>", 503, true},
		{"Envoy 503", "text/plain", "upstream request timeout", 503, true},
		{"AWS 502", "application/json", `{"message":"Internal server error"}`, 502, true},
		{"empty 500", "", "", 500, true},
		{"empty error 502", "application/json", `{"error":""}`, 502, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.RegenerateProjectAPIKey(context.Background(), 101, client.KeyPrimary)
			if !client.MayHaveApplied(err) {
				t.Fatalf("a %d to a write: %v", tc.status, err)
			}
			if got := client.MayStillApply(err); got != tc.want {
				t.Errorf("MayStillApply(%v) = %v, want %v", err, got, tc.want)
			}
		})
	}
}
