package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestCallerTokenIsNamedInTheError: a 401 for the token an HTTP caller brought says so, so the
// remedy sends the caller to its own configuration, not to the server's environment.
func TestCallerTokenIsNamedInTheError(t *testing.T) {
	e := newEnv(t, sandbox.Config{Demo: true})
	for _, tc := range []struct {
		c      *client.Client
		caller bool
	}{
		{e.client.WithTokens(client.RequestToken("not-a-token")), true},
		{e.withToken(t, "not-a-token"), false},
	} {
		_, err := tc.c.ListProjects(context.Background())
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
			t.Fatalf("want a 401, got %v", err)
		}
		if apiErr.CallerToken != tc.caller {
			t.Errorf("CallerToken = %v, want %v", apiErr.CallerToken, tc.caller)
		}
	}
}

// TestCancelledCallSaysWhatMayHaveHappened: a call its caller cancels while a request is in
// flight is a *CancelledError (still context.Canceled): a change may have been applied, a read
// changed nothing.
func TestCancelledCallSaysWhatMayHaveHappened(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client going away
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t"), Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		call      func(context.Context) error
		mayChange bool
	}{
		{func(ctx context.Context) error {
			_, err := c.CreateProject(ctx, client.CreateProjectRequest{Name: "new-app"})
			return err
		}, true},
		{func(ctx context.Context) error { _, err := c.ListProjects(ctx); return err }, false},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-arrived; cancel() }()
		err := tc.call(ctx)
		var ce *client.CancelledError
		if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
			t.Fatalf("want a *CancelledError that is context.Canceled, got %v", err)
		}
		if ce.OutcomeUnknown != tc.mayChange {
			t.Errorf("%s: OutcomeUnknown = %v", ce.Operation, ce.OutcomeUnknown)
		}
	}
}
