package present

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
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
		{400, "text/plain", "hunter2-secret rejected", "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{502, "text/plain", "xyz-upstream-9 failed", "Gateway: xyz-upstream-9", "502 Bad Gateway: [REDACTED] failed"},
		{400, "application/json", `{"error":"hunter2-secret rejected"}`, "Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{400, "application/json", `{"error":"hunter2-secret rejected"}`, "400 Bad Request: hunter2-secret", "400 Bad Request: [REDACTED] rejected"},
		{400, "application/json", `{"error":"no"}`, "Request: no\nWhat", "400 Bad Request: [REDACTED]"},
		{403, "application/json", `{"error":"hunter2-secret rejected","code":"no_way"}`, "no_way): hunter2-secret", "403 Forbidden"},
		{403, "application/json", `{"error":"hunter2-secret rejected","code":"no_way"}`, "Forbidden (no_way): hunter2-secret", "403 Forbidden"},
	} {
		err := setSecretAgainst(t, tc.status, tc.ctype, tc.body, tc.value)
		for _, shown := range []string{Error(err), err.Error()} {
			if strings.Contains(shown, tc.value) || !strings.Contains(shown, tc.want) {
				t.Errorf("%d %q, value %q: %q, want %q and not the value", tc.status, tc.body, tc.value, shown, tc.want)
			}
		}
	}
}

// TestErrorHidesValuesAsShown: the API's texts are redacted as this package shows them —
// terminal escapes stripped, breaking characters one space, the ends trimmed — and across every
// word of ours they are joined with (field and form errors' separators, the lines' words, the
// code's parentheses), in Error, the error's own text and ToolError's wording.
func TestErrorHidesValuesAsShown(t *testing.T) {
	cases := []struct {
		Status            int
		ContentType, Body string
		Value             string
	}{
		{400, "application/json", `{"error":"api_key: sk-live-123456 rejected hunter2\u001b[1m-secret-value"}`, "hunter2-secret-value"},
		{400, "application/json", `{"error":"x","details":{"fieldErrors":{"value":["hunter2-secret bad"]}}}`, "value: hunter2-secret"},
		{400, "application/json", `{"error":"x","details":{"fieldErrors":{"a":["zz hunter2"],"b":["secret bad"]}}}`, "hunter2; b: secret"},
		{400, "application/json", `{"error":"x","details":{"formErrors":["zz hunter2","secret bad"]}}`, "hunter2; secret"},
		{400, "application/json", `{"error":"x","details":{"formErrors":["hunter2-secret bad"]}}`, "Errors: hunter2-secret"},
		{400, "application/json", `{"error":"x","details":{"fieldErrors":{"a":["zz hunter2"]}}}`, "x\nField errors: a: zz hunter2"},
		{400, "application/json", `{"error":"msg","code":"hunter2-sec "}`, "hunter2-sec): msg"},
		{400, "application/json", `{"error":"ok","activeDeploymentId":7}`, "ok\nDeployment in progress: 7"},
		{504, "application/json", `{"error":"hunter2-secret"}`, "hunter2-secret\nOutcome unknown"},
		{400, "application/json", `{"error":"hunter2-se"}`, "hunter2-se\nWhat to do"},
		// Invisible characters the API put inside the value hide nothing from a reader.
		{400, "application/json", `{"error":"Value hunter2\u200bsuper\u200esecret\u00adXYZ is bad"}`, "hunter2supersecretXYZ"},
		{400, "application/json", `{"error":"Value hunter2\ufeffsupersecretXYZ is bad"}`, "hunter2supersecretXYZ"},
	}
	for _, a := range testutil.ErrorAnswersBrokenUp {
		cases = append(cases, a)
	}
	for _, tc := range cases {
		err := setSecretAgainst(t, tc.Status, tc.ContentType, tc.Body, tc.Value)
		for _, shown := range []string{Error(err), err.Error(), ToolError("set_secret", []string{"secrets:write"}, err)} {
			// As a reader sees it: invisible characters read as nothing.
			seen := strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Cf, r) {
					return -1
				}
				return r
			}, shown)
			if strings.Contains(seen, tc.Value) {
				t.Errorf("%d %q, value %q shown: %q", tc.Status, tc.Body, tc.Value, shown)
			}
		}
	}
}

// TestTokenErrorHidesSecretAsShown: the OAuth error and its description, shown joined with ": ",
// are redacted as shown: a client secret across the join, or split by a line break or a
// terminal escape, is not shown.
func TestTokenErrorHidesSecretAsShown(t *testing.T) {
	for _, tc := range []struct{ body, secret string }{
		{`{"error":"abcd","error_description":"hunter2-secret is wrong"}`, "abcd: hunter2-secret"},
		{`{"error":"invalid_client","error_description":"hunter2-secret is wrong"}`, "invalid_client: hunter2-secret"},
		{`{"error":"invalid_client","error_description":" hunter2-secret is wrong"}`, "Unauthorized: invalid_client: hunter2"},
		{`{"error":"invalid_client","error_description":"x hunter2\nsecret"}`, "hunter2 secret"},
		{`{"error":"invalid_client","error_description":"x hunter2\u001b[0m-secret"}`, "hunter2-secret"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(tc.body))
		}))
		cc := &client.ClientCredentials{ClientID: "id", ClientSecret: tc.secret, TokenURL: srv.URL + "/token"}
		_, err := cc.Token(context.Background())
		srv.Close()
		if err == nil {
			t.Fatal("no error")
		}
		for _, shown := range []string{Error(err), err.Error()} {
			if strings.Contains(shown, tc.secret) || !strings.Contains(shown, "[REDACTED]") {
				t.Errorf("%s, secret %q: %q", tc.body, tc.secret, shown)
			}
		}
	}
}

// setSecretAgainst stores value through the client against an API that answers status with
// body (of type ctype), and returns the client's error.
func setSecretAgainst(t *testing.T, status int, ctype, body, value string) error {
	t.Helper()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer api.Close()
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", value)
	if err == nil {
		t.Fatalf("%d %q: no error", status, body)
	}
	return err
}
