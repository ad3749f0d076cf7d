package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r48Words3APIError is the APIError of a GetProject answered 400 with body.
func r48Words3APIError(t *testing.T, body string, secret string) *client.APIError {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if secret != "" {
		_, err = c.UpsertProjectSecret(ctx, 1, "DB_PASSWORD", secret)
	} else {
		_, err = c.GetProject(ctx, 1)
	}
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("not an API error: %T %v", err, err)
	}
	return ae
}

// TestR48Words3ErrorMessageKeepsJoinersOfTheText: the API's error message, cleaned for
// showing, keeps a joiner that is part of its text (a ZWJ in an emoji sequence, a ZWNJ in a
// Persian word, an emoji's VS16), while a stray one (a zero-width space, a ZWJ between Latin
// letters) is dropped and a bidirectional override is a space; a sent secret the message
// spells with joiners or a zero-width space inside is still redacted.
func TestR48Words3ErrorMessageKeepsJoinersOfTheText(t *testing.T) {
	ae := r48Words3APIError(t, `{"error":"Team \ud83d\udc68\u200d\ud83d\udc69 `+
		`\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f x\u200by a\u200db \u202eevil"}`, "")
	want := "Team \U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f xy ab evil"
	if ae.Message != want {
		t.Errorf("message\n got %+q\nwant %+q", ae.Message, want)
	}

	for _, spelled := range []string{`hunter\u200d2secret`, `hunter\u200b2secret`, `hunter2\u200dsecret`} {
		ae := r48Words3APIError(t, `{"error":"value `+spelled+` is refused"}`, "hunter2secret")
		if got := ae.Error(); strings.Contains(got, "hunter") || strings.Contains(got, "secret is") {
			t.Errorf("%s: the secret shows: %q", spelled, got)
		}
	}
}
