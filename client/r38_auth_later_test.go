package client_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r38LaterDials asks for a token over attempts attempts: attempt 1 gets 503 from the endpoint,
// and each later one fails to connect with the error later gives for it.
func r38LaterDials(t *testing.T, attempts int, later func(attempt int) error) (*client.TokenError, string) {
	srv := r37AnswerThenHangUp(t)
	var dials atomic.Int32
	dialer := &net.Dialer{}
	tr := &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		if n := int(dials.Add(1)); n > 1 {
			return nil, later(n)
		}
		return dialer.DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	cc := client.NewClientCredentials("r38-id", r33Secret, srv.URL+"/token")
	cc.HTTPClient = &http.Client{Transport: tr}
	cc.Retry = client.RetryPolicy{MaxAttempts: attempts, MaxElapsed: time.Hour, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	_, err := cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusServiceUnavailable || te.AnsweredAttempt != 1 || te.Attempts != attempts {
		t.Fatalf("want the 503 of attempt 1 of %d, got %#v", attempts, err)
	}
	text := present.ToolError("list_apps", []string{"apps:read"}, err)
	for _, s := range []string{err.Error(), text} {
		if strings.Contains(s, r33Secret) {
			t.Errorf("shows the client secret: %s", s)
		}
	}
	return te, text
}

// TestR38TokenLaterErrorsNotCredited: attempt 1 gets 503; attempt 2 a DNS failure; attempt 3
// "network is unreachable"; attempt 4 is refused. They said "attempts 2 and 3 were not sent
// (dial tcp: network is unreachable)", crediting attempt 3's error to attempt 2.
func TestR38TokenLaterErrorsNotCredited(t *testing.T) {
	te, text := r38LaterDials(t, 4, func(attempt int) error {
		switch attempt {
		case 2:
			return &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "auth.example", IsNotFound: true}}
		case 3:
			return &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ENETUNREACH}
		}
		return &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	})
	want := "attempt 2 was not sent (dial tcp: lookup auth.example: no such host); attempt 3 was not sent (dial tcp: network is unreachable); " +
		"attempt 4 was not sent (dial tcp: connection refused)"
	if !strings.Contains(te.Error(), "at attempt 1 of 4; "+want+"; try again later") {
		t.Errorf("error: %v", te)
	}
	if !strings.Contains(text, "at attempt 1; "+want+".") {
		t.Errorf("tool result:\n%s", text)
	}
	if len(te.Later) != 3 {
		t.Errorf("want three later errors, got %d", len(te.Later))
	}
}

// TestR38TokenLaterErrorsBounded: past the first few distinct errors, the later attempts are
// said together as "various errors", none of them credited to the others, and the text does
// not grow with the number of attempts.
func TestR38TokenLaterErrorsBounded(t *testing.T) {
	distinct := func(attempt int) error { // a different error text each attempt
		return &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1000 + attempt}, Err: syscall.ECONNREFUSED}
	}
	few, fewText := r38LaterDials(t, 12, distinct)
	many, manyText := r38LaterDials(t, 40, distinct)
	for attempt := 2; attempt <= 5; attempt++ {
		want := fmt.Sprintf("attempt %d was not sent (dial tcp 192.0.2.1:%d: connection refused)", attempt, 1000+attempt)
		if !strings.Contains(few.Error(), want) || !strings.Contains(fewText, want) {
			t.Errorf("lacks %q:\n%v\n%s", want, few, fewText)
		}
	}
	if !strings.Contains(few.Error(), "; attempts 6 to 12 were not sent (various errors); try again later") ||
		!strings.Contains(fewText, "; attempts 6 to 12 were not sent (various errors).") {
		t.Errorf("want attempts 6 to 12 said together:\n%v\n%s", few, fewText)
	}
	if !strings.Contains(many.Error(), "; attempts 6 to 40 were not sent (various errors); try again later") {
		t.Errorf("want attempts 6 to 40 said together: %v", many)
	}
	for attempt := 6; attempt <= 40; attempt++ {
		if port := fmt.Sprintf(":%d:", 1000+attempt); strings.Contains(many.Error(), port) || strings.Contains(manyText, port) {
			t.Errorf("shows attempt %d's error as if others got it:\n%v\n%s", attempt, many, manyText)
		}
	}
	if d := len(many.Error()) - len(few.Error()); d > 10 {
		t.Errorf("the error grew by %d bytes from 12 to 40 attempts:\n%s", d, many.Error())
	}
	if d := len(manyText) - len(fewText); d > 10 {
		t.Errorf("the tool result grew by %d bytes from 12 to 40 attempts:\n%s", d, manyText)
	}
}
