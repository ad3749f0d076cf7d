package client_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

const r33Secret = "r33-client-secret-canary"

// r33TokenSource is a ClientCredentials for tokenURL over hc (nil: the default client) with
// fast retries; waits counts the retries it waited for.
func r33TokenSource(tokenURL string, hc *http.Client) (cc *client.ClientCredentials, waits *atomic.Int32) {
	cc = client.NewClientCredentials("r33-id", r33Secret, tokenURL)
	cc.HTTPClient, cc.Retry = hc, fastRetry
	waits = new(atomic.Int32)
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error {
		waits.Add(1)
		return ctx.Err()
	})
	return cc, waits
}

// r33TokenFailure asks cc for a token and returns its *TokenError without an answer.
func r33TokenFailure(t *testing.T, cc *client.ClientCredentials) *client.TokenError {
	t.Helper()
	_, err := cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != 0 {
		t.Fatalf("want a *TokenError without an answer, got %T %v", err, err)
	}
	if strings.Contains(err.Error(), r33Secret) {
		t.Errorf("the error shows the client secret: %v", err)
	}
	return te
}

// r33ClosingServer accepts connections and closes each at once, before a TLS handshake or a
// request is read. It returns its address.
func r33ClosingServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	mustNoErr(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	return ln.Addr().String()
}

// TestR33TokenRequestSentAsForAPICalls: the OAuth token request decides whether a request that
// got no answer was sent as API calls do (httptrace: only once its headers were written). A
// certificate the client does not trust, a server that closes before the TLS handshake, and a
// proxy that refuses the CONNECT or is down are "not sent" (the client secret never left); a
// request read and then dropped is "sent". Each is retried but the untrusted certificate,
// which stays untrusted, as for API calls.
func TestR33TokenRequestSentAsForAPICalls(t *testing.T) {
	t.Run("untrusted certificate", func(t *testing.T) {
		var handled atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { handled.Add(1) }))
		attempts := r29Attempts(srv)
		srv.StartTLS()
		defer srv.Close()
		cc, waits := r33TokenSource(srv.URL+"/api/oauth/token", nil)
		te := r33TokenFailure(t, cc)
		if te.Sent || !te.Untrusted {
			t.Errorf("Sent = %v, Untrusted = %v: want not sent, untrusted: %v", te.Sent, te.Untrusted, te)
		}
		if n, w := attempts.Load(), waits.Load(); n != 1 || w != 0 || handled.Load() != 0 {
			t.Errorf("%d attempts after %d waits, %d handled: want one attempt, no retry, none handled", n, w, handled.Load())
		}
		if msg := te.Error(); !strings.Contains(msg, "certificate was not trusted, so the request was not sent") ||
			!strings.Contains(msg, client.EnvOAuthTokenURL) {
			t.Errorf("error: %v", msg)
		}
	})
	t.Run("closed before the TLS handshake", func(t *testing.T) {
		cc, waits := r33TokenSource("https://"+r33ClosingServer(t)+"/api/oauth/token", nil)
		te := r33TokenFailure(t, cc)
		if te.Sent || te.Untrusted || te.Attempts != fastRetry.MaxAttempts || int(waits.Load()) != fastRetry.MaxAttempts-1 {
			t.Errorf("Sent = %v, Untrusted = %v, %d attempts: want not sent, retried: %v", te.Sent, te.Untrusted, te.Attempts, te)
		}
		if !strings.Contains(te.Error(), "The request was not sent") {
			t.Errorf("error: %v", te)
		}
	})
	for name, proxy := range r29RefusingProxies(t) {
		t.Run(name, func(t *testing.T) {
			pu, err := url.Parse(proxy)
			mustNoErr(t, err)
			cc, _ := r33TokenSource("https://auth.spice.example/api/oauth/token",
				&http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu)}})
			if te := r33TokenFailure(t, cc); te.Sent || te.Untrusted {
				t.Errorf("Sent = %v, Untrusted = %v: want not sent: %v", te.Sent, te.Untrusted, te)
			}
		})
	}
	t.Run("read, then dropped", func(t *testing.T) {
		var reads atomic.Int32
		addr := r29RawServer(t, func(_ net.Conn, req *http.Request) {
			io.Copy(io.Discard, req.Body)
			reads.Add(1)
		})
		cc, _ := r33TokenSource("http://"+addr+"/api/oauth/token", nil)
		te := r33TokenFailure(t, cc)
		if !te.Sent || te.Untrusted {
			t.Errorf("Sent = %v, Untrusted = %v: want sent: %v", te.Sent, te.Untrusted, te)
		}
		// Repeating it is safe: at most a token that never came is issued again.
		if n := reads.Load(); n != int32(fastRetry.MaxAttempts) || te.Attempts != fastRetry.MaxAttempts {
			t.Errorf("read %d times, %d attempts: want the retries of the policy", n, te.Attempts)
		}
		if !strings.Contains(te.Error(), "The request was sent but no answer came back") {
			t.Errorf("error: %v", te)
		}
	})
}

// TestR33APICallClosedBeforeTLSHandshakeIsNotSent: an API server that closes the connection
// before the TLS handshake never got the request: a POST is "not sent, nothing changed", not
// "outcome unknown" (the untrusted certificate, the proxy and the dropped request are
// TestR29UntrustedCertificateIsNotSentNorRetried, TestR29ProxyRefusalIsNotSent and
// TestR29ReadThenClosedIsSent).
func TestR33APICallClosedBeforeTLSHandshakeIsNotSent(t *testing.T) {
	c, err := client.New(client.Config{BaseURL: "https://" + r33ClosingServer(t), Tokens: client.StaticToken(r29Token), Retry: fastRetry})
	mustNoErr(t, err)
	recordSleeps(c)
	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "never-sent", Region: "us-west-2"})
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || reqErr.Sent || reqErr.OutcomeUnknown || reqErr.Untrusted || client.MayHaveApplied(err) {
		t.Fatalf("want a not-sent RequestError, got %T %v", err, err)
	}
}

// TestR34TokenSentAtAnEarlierAttempt: the endpoint reads the first request (client secret
// included), drops the connection and stops listening; the retries are refused. The error says
// an earlier attempt reached the endpoint (Sent, SentEarlier), not that the request never left.
func TestR34TokenSentAtAnEarlierAttempt(t *testing.T) {
	ln := testutil.HeldListener(t) // once closed, its address refuses connections until the test ends
	read := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		ln.Close() // no more connections: later attempts are refused
		if err != nil {
			read <- ""
			return
		}
		defer conn.Close()
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err == nil && req.ParseForm() == nil {
			read <- req.PostForm.Get("client_secret")
			return
		}
		read <- ""
	}()
	cc, _ := r33TokenSource("http://"+ln.Addr().String()+"/api/oauth/token", nil)
	te := r33TokenFailure(t, cc)
	if secret := <-read; secret == "" {
		t.Fatal("the endpoint did not read the first request")
	}
	if te.Attempts < 2 || !te.Sent || !te.SentEarlier {
		t.Errorf("Attempts %d, Sent %v, SentEarlier %v: want a retry, sent at an earlier attempt", te.Attempts, te.Sent, te.SentEarlier)
	}
	if msg := te.Error(); strings.Contains(msg, "The request was not sent") || !strings.Contains(msg, "an earlier one reached the endpoint") {
		t.Errorf("error: %s", msg)
	}
}

// TestR34TokenAnsweredThenRefused: the endpoint answers 503 (or 429) and then goes away: the
// error is what it answered (unavailable, its Retry-After), over all attempts, not "no answer".
func TestR34TokenAnsweredThenRefused(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		srv := testutil.HeldServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"error":"temporarily_unavailable"}`)
		}))
		cc := client.NewClientCredentials("id", r33Secret, srv.URL+"/token")
		cc.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		cc.Retry = client.RetryPolicy{MaxAttempts: 2, MaxElapsed: time.Minute}
		client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error {
			srv.Close() // the endpoint goes away between the attempts
			return ctx.Err()
		})
		_, err := cc.Token(context.Background())
		var te *client.TokenError
		if !errors.As(err, &te) || te.StatusCode != status || te.Attempts != 2 || !te.Unavailable() {
			t.Errorf("%d then refused: %#v", status, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "unavailable") || strings.Contains(msg, "no answer") {
			t.Errorf("%d then refused: %s", status, msg)
		}
	}
}
