package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR41CliAuthorizationServerEmptyFragmentRefused: --oauth-authorization-server refuses a
// query (even an empty "?") and a fragment ("#frag"), as an RFC 8414 issuer has neither, but an
// empty fragment ("https://spice.ai/#") passes and is published verbatim in
// /.well-known/oauth-protected-resource ("authorization_servers":["https://spice.ai/#"]), an
// issuer no OAuth client can match. SPICE_API_URL refuses the same empty fragment (README,
// Environment variables: "a fragment (an empty one, …/#, included) are refused at start-up").
func TestR41CliAuthorizationServerEmptyFragmentRefused(t *testing.T) {
	for _, value := range []string{"https://spice.ai/#", "https://spice.ai#"} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		var stdout, stderr testutil.SyncBuffer
		code := cli.Run(ctx, cli.Env{Args: []string{"--http", "127.0.0.1:0", "--oauth-authorization-server", value},
			Getenv: getenv(nil), LookupEnv: lookupEnv(nil), Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
		cancel()
		if code != 2 {
			t.Errorf("--oauth-authorization-server %s: exit %d (served), want 2 as for https://spice.ai/? and #frag\n%s", value, code, stderr.String())
		}
	}
}

// TestR41CliEmptyFragmentRefusedLikeEmptyQuery: SPICE_OAUTH_TOKEN_URL ("without credentials,
// query or fragment") and --allowed-origins ("a query, a fragment ... are refused at start-up")
// refuse an empty query ("…?") but accept an empty fragment ("…#").
func TestR41CliEmptyFragmentRefusedLikeEmptyQuery(t *testing.T) {
	oauth := map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "secret-value-1234"}
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"SPICE_OAUTH_TOKEN_URL": "https://spice.ai/api/oauth/token#"}, nil},
		{nil, []string{"--http", "127.0.0.1:0", "--allowed-origins", "https://a.example.com#"}},
		{nil, []string{"--http", "127.0.0.1:0", "--http-public-url", "https://mcp.example.com/mcp#"}},
		{map[string]string{"SPICE_API_URL": "https://api.spice.ai/#"}, nil},
	} {
		env := map[string]string{}
		for k, v := range oauth {
			env[k] = v
		}
		for k, v := range c.env {
			env[k] = v
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		var stdout, stderr testutil.SyncBuffer
		code := cli.Run(ctx, cli.Env{Args: c.args, Getenv: getenv(env), LookupEnv: lookupEnv(env),
			Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
		cancel()
		if code != 2 {
			t.Errorf("env %v args %q: exit %d, want 2 (as with an empty query)", c.env, c.args, code)
		}
	}
}
