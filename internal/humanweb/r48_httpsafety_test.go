package humanweb_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestR48HttpsafetyOnlyAPostedFormAnswers: README says a POST needs the page's one-time token;
// the page's own form sends it URL-encoded in the body. Every other shape a cross-site page could
// send without a preflight is refused even with the token and same-origin headers (so only the
// shape decides): text/plain (a form's enctype="text/plain" too), multipart (a form's
// enctype="multipart/form-data"), no Content-Type; a GET or HEAD carrying the token and decision
// in its query shows the page and decides nothing, and a POST carrying them in the query with
// an empty body is refused for the token. Only then does the page's own POST approve.
func TestR48HttpsafetyOnlyAPostedFormAnswers(t *testing.T) {
	s := newSurface(t, humanweb.Options{})
	link := approval(t, s, "k")
	token := tokenOf(t, link.URL)
	fields := url.Values{"token": {token}, "decision": {"approve"}}
	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	_ = mw.WriteField("token", token)
	_ = mw.WriteField("decision", "approve")
	_ = mw.Close()
	for _, tc := range []struct{ name, contentType, body string }{
		{"text/plain, URL-encoded", "text/plain", fields.Encode()},
		{"text/plain, as a form's enctype writes it", "text/plain", "token=" + token + "\r\ndecision=approve\r\n"},
		{"multipart", mw.FormDataContentType(), multi.String()},
		{"no Content-Type", "", fields.Encode()},
	} {
		req, _ := http.NewRequest(http.MethodPost, link.URL, strings.NewReader(tc.body))
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		for k, v := range sameOrigin(link.URL) {
			req.Header.Set(k, v)
		}
		if r := do(t, req); r.status != http.StatusUnsupportedMediaType || !strings.Contains(r.body, `data-outcome="refused"`) {
			t.Errorf("%s: %d, want 415", tc.name, r.status)
		}
	}
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req, _ := http.NewRequest(method, link.URL+"?"+fields.Encode(), nil)
		if r := do(t, req); r.status != http.StatusOK {
			t.Errorf("%s with the answer in its query: %d", method, r.status)
		}
	}
	if r := post(t, link.URL+"?"+fields.Encode(), url.Values{}, sameOrigin(link.URL)); r.status != http.StatusForbidden {
		t.Errorf("POST with the answer in its query: %d, want 403", r.status)
	}
	if d := decision(t, s, "k"); d != humanweb.Pending {
		t.Fatalf("decided by a refused request: %v", d)
	}
	if r := post(t, link.URL, fields, sameOrigin(link.URL)); r.status != http.StatusOK || decision(t, s, "k") != humanweb.Approved {
		t.Errorf("the page's own POST: %d\n%s", r.status, r.body)
	}
}

// TestR48HttpsafetySecretValueInTheQueryIsNeverStored: a secret page reads values only from its
// POSTed form: a GET carrying a value, the token and "store" in its query stores nothing and
// shows no value, and a POST carrying them in the query with an empty body is refused.
func TestR48HttpsafetySecretValueInTheQueryIsNeverStored(t *testing.T) {
	var stores atomic.Int32
	s := newSurface(t, humanweb.Options{})
	_, link, err := s.Secrets(context.Background(), humanweb.SecretForm{Key: "f", Tool: "set_secret", App: "analytics-app (101)",
		Names: []string{"PG_PASS"}, Store: func(context.Context, string, string) error { stores.Add(1); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	const value = "r48-query-value-4kq9"
	query := "?" + url.Values{"token": {tokenOf(t, link.URL)}, "decision": {"store"}, "secret-PG_PASS": {value}}.Encode()
	if r := get(t, link.URL+query); r.status != http.StatusOK || strings.Contains(r.body, value) {
		t.Errorf("GET with a value in its query: %d (shows the value: %v)", r.status, strings.Contains(r.body, value))
	}
	if r := post(t, link.URL+query, url.Values{}, sameOrigin(link.URL)); r.status != http.StatusForbidden || strings.Contains(r.body, value) {
		t.Errorf("POST with a value in its query: %d", r.status)
	}
	if n := stores.Load(); n != 0 {
		t.Errorf("stored %d value(s)", n)
	}
}
