package mcpserver

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestClassifyOAuthTokenFailures: a failed OAuth token request is the operator's to act on
// (WARN, reason oauth_token, with the status when the endpoint answered), also when it got no
// answer: the dial error it wraps is not the approval page server's.
func TestClassifyOAuthTokenFailures(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		err   error
		attrs []any
	}{
		{&client.TokenError{URL: "http://127.0.0.1:1/token", StatusCode: 503, Attempts: 4},
			[]any{"op", client.TokenOperation, "status", 503}},
		{&client.TokenError{URL: "http://127.0.0.1:1/token", StatusCode: 401, Code: "invalid_client", Attempts: 1},
			[]any{"op", client.TokenOperation, "status", 401}},
		{&client.TokenError{URL: "http://127.0.0.1:1/token", Err: dial, Attempts: 4}, []any{"op", client.TokenOperation}},
	} {
		err := fmt.Errorf("listProjects: getting an access token: %w", tc.err)
		got := classify(&tools.Outcome{Err: err}, nil)
		if got.reason != "oauth_token" || got.level != slog.LevelWarn || !slices.Equal(got.attrs, tc.attrs) {
			t.Errorf("%v: %+v, want oauth_token at WARN with %v", err, got, tc.attrs)
		}
	}
}
