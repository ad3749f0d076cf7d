package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestR67Claims4TokenReasonRunningIntoOurWordsIsRedacted: README's "Words of ours that may
// stand before or after the composed text ... are allowed for at its ends": a client secret
// that begins in the token endpoint's last text and runs on past it into the words the error
// puts after it ("; try again later", " after N attempts", ": check SPICE_CLIENT_ID ...") has
// the endpoint's part replaced, and the value is shown nowhere in the error's text.
func TestR67Claims4TokenReasonRunningIntoOurWordsIsRedacted(t *testing.T) {
	for _, tc := range []struct {
		status       int
		body, secret string
	}{
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "hunter2 after 2 attempts; try again"},
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "busy hunter2 after 2"},
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "hunter2; try again later"},
		{401, `{"error":"invalid_client","error_description":"bad hunter2"}`, "hunter2: check SPICE_CLIENT_ID"},
		{401, `{"error":"invalid_client","error_description":"bad hunter2"}`, "hunter2: check"},
		{400, `{"error":"invalid_request","error_description":"bad hunter2"}`, "bad hunter2: ch"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		cc := &ClientCredentials{ClientID: "id", ClientSecret: tc.secret, TokenURL: srv.URL + "/token", Retry: RetryPolicy{MaxAttempts: 2}}
		_, err := cc.Token(context.Background())
		srv.Close()
		if err == nil {
			t.Fatalf("%s: no error", tc.body)
		}
		if shown := err.Error(); strings.Contains(shown, "hunter2") || !strings.Contains(shown, redactedMark) {
			t.Errorf("%d %s, secret %q: %q, want the endpoint's part of it %s", tc.status, tc.body, tc.secret, shown, redactedMark)
		}
	}
}
