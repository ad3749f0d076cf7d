package present_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR34TokenSentAtAnEarlierAttemptTexts: when only an earlier attempt of the token request
// reached the endpoint (client.TokenError.SentEarlier), the result never says the request, or
// the client secret, did not leave; it says the last attempt was not sent.
func TestR34TokenSentAtAnEarlierAttemptTexts(t *testing.T) {
	refused := errors.New("dial tcp 127.0.0.1:9: connect: connection refused")
	for _, tc := range []struct {
		name string
		err  *client.TokenError
		want string
	}{
		{"refused after an unanswered attempt", &client.TokenError{URL: "https://auth.example/token", Err: refused, Attempts: 3,
			Sent: true, SentEarlier: true}, "The last attempt was not sent, but an earlier one reached the token endpoint"},
		{"untrusted after an unanswered attempt", &client.TokenError{URL: "https://auth.example/token", Attempts: 2,
			Err: errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority"), Sent: true,
			SentEarlier: true, Untrusted: true}, "was not sent at the last of 2 attempts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := present.ToolError("list_apps", []string{"apps:read"}, tc.err)
			if !strings.Contains(text, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, text)
			}
			for _, false_ := range []string{"It was not sent", "did not leave the MCP server", "Nothing reached the token endpoint"} {
				if strings.Contains(text, false_) {
					t.Errorf("says %q:\n%s", false_, text)
				}
			}
		})
	}
}
