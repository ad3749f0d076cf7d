package present

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r48Words2TokenError is the error of a token request to tokenURL, made once, waiting at most
// timeout for the answer.
func r48Words2TokenError(t *testing.T, timeout time.Duration, tokenURL string) error {
	t.Helper()
	cc := &client.ClientCredentials{ClientID: "id", ClientSecret: "s3cr3t-for-tests", TokenURL: tokenURL,
		Retry: client.RetryPolicy{MaxAttempts: 1}, HTTPClient: &http.Client{Timeout: timeout}}
	_, err := cc.Token(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	return err
}

// TestR48Words2TokenEndpointOnThisMachine: a token endpoint on this machine (sandbox-api's
// /api/oauth/token on 127.0.0.1) that refuses the connection or does not answer is told what
// is true there, in the words the API URL's failures get: nothing listens there (start
// sandbox-api, or correct SPICE_OAUTH_TOKEN_URL), or the server there stopped answering; not
// that its host must resolve past a firewall or proxy.
func TestR48Words2TokenEndpointOnThisMachine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	refused := r48Words2TokenError(t, 5*time.Second, "http://"+closed+"/api/oauth/token")

	mute := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer mute.Close()
	unanswered := r48Words2TokenError(t, 5*time.Second, mute.URL+"/api/oauth/token")

	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hung.Close()
	defer close(release)
	hanging := r48Words2TokenError(t, 300*time.Millisecond, hung.URL+"/api/oauth/token")

	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"nothing listens", refused, []string{"Nothing accepted the connection at " + closed + " (SPICE_OAUTH_TOKEN_URL)", "on this machine",
			"spice-cloud-mcp sandbox-api --listen " + closed + ")", "or correct SPICE_OAUTH_TOKEN_URL"}},
		{"no answer", unanswered, []string{"The server at " + strings.TrimPrefix(mute.URL, "http://") + " (SPICE_OAUTH_TOKEN_URL), on this machine, did not answer",
			"still running", "starts again from its initial world"}},
		{"hangs", hanging, []string{"The server at " + strings.TrimPrefix(hung.URL, "http://") + " (SPICE_OAUTH_TOKEN_URL), on this machine, did not answer",
			"still running"}},
	} {
		var te *client.TokenError
		if !errors.As(tc.err, &te) {
			t.Fatalf("%s: not a token error: %T %v", tc.name, tc.err, tc.err)
		}
		got := Error(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", tc.name, w, got)
			}
		}
		for _, w := range []string{"resolves", "firewall", "proxy", "reachable from the MCP server", "s3cr3t"} {
			if strings.Contains(got, w) {
				t.Errorf("%s: says %q, beside the point on this machine:\n%s", tc.name, w, got)
			}
		}
	}

	// Elsewhere, the network may be the cause: the remedy stays.
	away := &client.TokenError{URL: "https://auth.example/api/oauth/token", Err: syscall.ECONNREFUSED, Attempts: 1}
	if got := Error(away); !strings.Contains(got, "its host resolves, no firewall or proxy refuses the connection") {
		t.Errorf("elsewhere: %q", got)
	}
}
