package mcpserver_test

import (
	"bufio"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const r34Secret = "r34-client-secret-canary"

// r34TokenHarness is a demo harness whose API client gets its token from an OAuth client
// (r34Secret) at tokenURL over hc (nil: the default client), with fast retries.
func r34TokenHarness(t *testing.T, tokenURL string, hc *http.Client) *harness {
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		tokens: func(string) client.TokenSource {
			cc := client.NewClientCredentials("r34-client", r34Secret, tokenURL)
			cc.HTTPClient = hc
			cc.Retry = client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
			return cc
		}})
}

// r34UntrustedEndpoint is a TLS token endpoint whose certificate the client does not trust;
// handled counts the requests it read (none should arrive).
func r34UntrustedEndpoint(t *testing.T) (srv *httptest.Server, handled *atomic.Int32) {
	handled = new(atomic.Int32)
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { handled.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, handled
}

// TestR34UntrustedTokenCertificate: an OAuth token endpoint whose certificate is not trusted
// is asked once (round 33) and the tool result says so: nothing was sent (the client secret did
// not leave), trying again will not help, and what to check (the URL, the system trust store or
// SSL_CERT_FILE, a proxy intercepting TLS), then restart. It said "got no answer … check that
// the token endpoint is reachable …, then try again", also to the calls the failure answers
// again. The tool call's log line names the untrusted certificate. Neither shows the secret.
func TestR34UntrustedTokenCertificate(t *testing.T) {
	srv, handled := r34UntrustedEndpoint(t)
	h := r34TokenHarness(t, srv.URL+"/api/oauth/token", nil)
	first := h.fail(t, "list_apps", nil)
	again := h.fail(t, "list_apps", nil) // answered by the same failure, not asked again
	for name, out := range map[string]string{"first": first, "again": again} {
		mustContain(t, name, out, "The OAuth token request to "+srv.URL+"/api/oauth/token (from SPICE_OAUTH_TOKEN_URL)",
			"was not sent: the endpoint's certificate is not trusted (tls: failed to verify certificate: x509: certificate signed by unknown authority).",
			"Nothing reached the token endpoint, so the client secret did not leave the MCP server",
			"What to do: Trying again will not help while the certificate is not trusted.",
			"SPICE_OAUTH_TOKEN_URL must be the token endpoint you mean",
			"system trust store", "SSL_CERT_FILE", "a proxy that intercepts TLS", "ask the user to check these, then restart the MCP server.")
		for _, wrong := range []string{"got no answer", "reachable", "try again", r34Secret} {
			if strings.Contains(out, wrong) {
				t.Errorf("%s result says %q:\n%s", name, wrong, out)
			}
		}
	}
	if !strings.Contains(again, "This call did not ask again") {
		t.Errorf("the second call does not say the failure was reused:\n%s", again)
	}
	if n := handled.Load(); n != 0 {
		t.Errorf("the endpoint read %d requests, want none", n)
	}
	if h.emu.Calls("listProjects") != 0 {
		t.Error("a request reached the API without a token")
	}
	logs := h.logs.String()
	if n := strings.Count(logs, `"reason":"oauth_token","op":"oauthToken","untrusted_certificate":true`); n != 2 {
		t.Errorf("%d tool call lines name the untrusted certificate, want 2:\n%s", n, logs)
	}
	if strings.Contains(logs, r34Secret) {
		t.Errorf("the logs show the client secret:\n%s", logs)
	}
}

// TestR34UntrustedDefaultTokenEndpoint: for the default token endpoint (SPICE_OAUTH_TOKEN_URL
// unset, reached here through a dialer to an untrusted server, as a TLS-intercepting proxy
// would answer it) the result does not send the operator to check a variable they never set.
func TestR34UntrustedDefaultTokenEndpoint(t *testing.T) {
	srv, handled := r34UntrustedEndpoint(t)
	addr := srv.Listener.Addr().String()
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
	out := r34TokenHarness(t, client.DefaultTokenURL, hc).fail(t, "list_apps", nil)
	mustContain(t, "default", out, "The OAuth token request to "+client.DefaultTokenURL+" (the default; SPICE_OAUTH_TOKEN_URL sets another) was not sent",
		"What to do: Trying again will not help while the certificate is not trusted. The CA that signed it must be in the system trust store",
		"the proxy's CA: ask the user to check that, then restart the MCP server.")
	if strings.Contains(out, "SPICE_OAUTH_TOKEN_URL must be") || strings.Contains(out, r34Secret) {
		t.Errorf("default endpoint:\n%s", out)
	}
	if handled.Load() != 0 {
		t.Error("the endpoint read a request")
	}
}

// TestR34TokenRequestNotSentOrUnanswered: a token request that failed without an answer says
// whether it was sent. One that never left (nothing listens) says nothing reached the token
// endpoint; one read and then dropped says it was sent and no answer came back. Both said only
// "got no answer". Both are retried, so both offer to try again; neither shows the secret, and
// neither log line names a certificate.
func TestR34TokenRequestNotSentOrUnanswered(t *testing.T) {
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downURL := "http://" + down.Addr().String() + "/api/oauth/token"
	down.Close()

	dropping, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropping.Close() })
	var reads atomic.Int32
	go func() {
		for {
			conn, err := dropping.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if req, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
					_, _ = io.Copy(io.Discard, req.Body)
					reads.Add(1)
				}
			}()
		}
	}()
	droppingURL := "http://" + dropping.Addr().String() + "/api/oauth/token"

	for _, tc := range []struct {
		name, url string
		want, not []string
		wantReads int32
	}{
		{name: "not sent", url: downURL,
			want: []string{"got no answer (tried 4 times): ", "It was not sent: nothing reached the token endpoint.",
				"What to do: Nothing accepted the connection at " + down.Addr().String() + " (SPICE_OAUTH_TOKEN_URL), an address on this machine", "; then try again."},
			not: []string{"It was sent", "certificate", "will not help"}},
		{name: "sent, no answer", url: droppingURL, wantReads: 4,
			want: []string{"got no answer (tried 4 times): ", "It was sent, but no answer came back.",
				"What to do: The server at " + dropping.Addr().String() + " (SPICE_OAUTH_TOKEN_URL), on this machine, did not answer", ", then try again."},
			not: []string{"not sent", "nothing reached", "certificate", "will not help"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reads.Store(0)
			h := r34TokenHarness(t, tc.url, nil)
			out := h.fail(t, "list_apps", nil)
			mustContain(t, tc.name, out, append(tc.want, "No token was issued, so nothing was sent to the Spice.ai API.")...)
			for _, wrong := range append(tc.not, r34Secret) {
				if strings.Contains(out, wrong) {
					t.Errorf("result says %q:\n%s", wrong, out)
				}
			}
			if n := reads.Load(); n != tc.wantReads {
				t.Errorf("the endpoint read %d requests, want %d", n, tc.wantReads)
			}
			logs := h.logs.String()
			if !strings.Contains(logs, `"reason":"oauth_token","op":"oauthToken","duration"`) || strings.Contains(logs, "untrusted") ||
				strings.Contains(logs, r34Secret) {
				t.Errorf("log:\n%s", logs)
			}
		})
	}
}
