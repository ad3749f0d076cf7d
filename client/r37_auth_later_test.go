package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r37AnswerThenHangUp is a token endpoint that answers its first request 503 and reads every
// later one (with the client secret) but closes the connection without an answer.
func r37AnswerThenHangUp(t *testing.T) *httptest.Server {
	var n atomic.Int32
	// Held: once closed, the address refuses connections until the test ends.
	srv := testutil.HeldServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":"temporarily_unavailable"}`)
			return
		}
		_, _ = io.ReadAll(r.Body)
		c, _, _ := w.(http.Hijacker).Hijack()
		c.Close()
	}))
	return srv
}

// TestR37TokenLaterAttemptsSaidByKind: attempt 1 gets 503, attempt 2 reaches the endpoint and
// gets no answer (EOF), attempt 3 is refused. The error and the tool result say what each later
// attempt got, attempt 2 having reached the endpoint; they said "the 2 later attempts failed
// (… connection refused)", crediting attempt 3's refusal to attempt 2.
func TestR37TokenLaterAttemptsSaidByKind(t *testing.T) {
	srv := r37AnswerThenHangUp(t)
	logs := new(bytes.Buffer)
	cc := client.NewClientCredentials("r37-id", r33Secret, srv.URL+"/token")
	cc.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	cc.Retry = client.RetryPolicy{MaxAttempts: 3, MaxElapsed: time.Hour, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	cc.Logger = slog.New(slog.NewTextHandler(logs, nil))
	waits := 0
	client.SetTokenSleep(cc, func(ctx context.Context, d time.Duration) error {
		if waits++; waits == 2 {
			srv.Close() // attempt 3 is refused
		}
		return ctx.Err()
	})
	_, err := cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusServiceUnavailable || te.AnsweredAttempt != 1 || te.Attempts != 3 {
		t.Fatalf("want the 503 of attempt 1 of 3, got %#v", err)
	}
	msg := err.Error()
	for _, want := range []string{"answered 503 temporarily_unavailable at attempt 1 of 3; attempt 2 reached the endpoint but got no answer (EOF); attempt 3 was not sent (dial tcp",
		"connection refused); try again later"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "later attempts failed") {
		t.Errorf("error credits one failure to every later attempt: %s", msg)
	}
	text := present.ToolError("list_apps", []string{"apps:read"}, err)
	for _, want := range []string{"it answered 503 Service Unavailable: temporarily_unavailable at attempt 1; attempt 2 reached the endpoint but got no answer (EOF); attempt 3 was not sent (dial tcp",
		"connection refused)", "asked 3 times at"} {
		if !strings.Contains(text, want) {
			t.Errorf("tool result lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "later attempts got no answer") {
		t.Errorf("tool result credits one failure to every later attempt:\n%s", text)
	}
	if !strings.Contains(logs.String(), "attempt=2") || !strings.Contains(logs.String(), "sent=true") {
		t.Errorf("log lacks attempt 2 sent:\n%s", logs)
	}
	for name, s := range map[string]string{"log": logs.String(), "error": msg, "result": text} {
		if strings.Contains(s, r33Secret) {
			t.Errorf("%s shows the client secret: %s", name, s)
		}
	}
}

// r37AlternatingFailure asks for a token over attempts attempts: attempt 1 gets 503, then the
// attempts alternate between refused (even) and sent without an answer (odd), the last refused
// (attempts is even).
func r37AlternatingFailure(t *testing.T, attempts int) (*client.TokenError, string) {
	srv := r37AnswerThenHangUp(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	mustNoErr(t, err)
	refusedAddr := closed.Addr().String()
	closed.Close()
	var dials atomic.Int32
	dialer := &net.Dialer{}
	tr := &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		if dials.Add(1)%2 == 0 {
			return dialer.DialContext(ctx, network, refusedAddr)
		}
		return dialer.DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	cc := client.NewClientCredentials("r37-id", r33Secret, srv.URL+"/token")
	cc.HTTPClient = &http.Client{Transport: tr}
	cc.Retry = client.RetryPolicy{MaxAttempts: attempts, MaxElapsed: time.Hour, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	_, err = cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusServiceUnavailable || te.Attempts != attempts {
		t.Fatalf("want the 503 after %d attempts, got %#v", attempts, err)
	}
	return te, present.ToolError("list_apps", []string{"apps:read"}, err)
}

// TestR37TokenLaterAttemptsBounded: with many attempts that fail in turns two ways, the error
// and the result name each kind once, with how many attempts met it, and do not grow with the
// number of attempts.
func TestR37TokenLaterAttemptsBounded(t *testing.T) {
	few, fewText := r37AlternatingFailure(t, 12)
	many, manyText := r37AlternatingFailure(t, 40)
	if len(few.Later) != 2 || len(many.Later) != 2 {
		t.Fatalf("want two kinds of later failure, got %d and %d", len(few.Later), len(many.Later))
	}
	for _, want := range []string{"answered 503 temporarily_unavailable at attempt 1 of 12; 6 attempts from 2 to 12 were not sent (dial tcp",
		"connection refused); 5 attempts from 3 to 11 reached the endpoint but got no answer (EOF); try again later"} {
		if !strings.Contains(few.Error(), want) {
			t.Errorf("error lacks %q: %s", want, few.Error())
		}
	}
	if !strings.Contains(fewText, "at attempt 1; 6 attempts from 2 to 12 were not sent (") ||
		!strings.Contains(fewText, "connection refused); 5 attempts from 3 to 11 reached the endpoint but got no answer (EOF).") {
		t.Errorf("tool result:\n%s", fewText)
	}
	if d := len(many.Error()) - len(few.Error()); d > 10 {
		t.Errorf("the error grew by %d bytes from 12 to 40 attempts:\n%s", d, many.Error())
	}
	if d := len(manyText) - len(fewText); d > 10 {
		t.Errorf("the tool result grew by %d bytes from 12 to 40 attempts:\n%s", d, manyText)
	}
	for _, s := range []string{few.Error(), many.Error(), fewText, manyText} {
		if strings.Contains(s, r33Secret) {
			t.Errorf("shows the client secret: %s", s)
		}
	}
}

// TestR37TokenLaterAttemptsAlikeKeepOneError: later attempts that all failed alike (refused)
// are still said at once, with one error.
func TestR37TokenLaterAttemptsAlikeKeepOneError(t *testing.T) {
	cc, _, _, _, _ := r36AnsweredThenRefused(t, 3)
	_, err := cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || len(te.Later) != 1 || te.Later[0].Count != 2 || !te.Later[0].Refused || te.Later[0].Sent {
		t.Fatalf("want one kind of later failure (refused, twice), got %#v", err)
	}
	if !strings.Contains(err.Error(), "the 2 later attempts failed (dial tcp") {
		t.Errorf("error: %v", err)
	}
}
