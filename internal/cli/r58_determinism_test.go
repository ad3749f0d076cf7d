package cli_test

import (
	"strings"
	"testing"
)

// TestR58DeterminismTwoBadURLFlagsNamedAlike: --oauth-authorization-server and
// --http-public-url both wrong are refused naming the same flag every time
// (--oauth-authorization-server, checked first); it named either, in the order a map's keys came.
func TestR58DeterminismTwoBadURLFlagsNamedAlike(t *testing.T) {
	args := []string{"--sandbox", "--http", "127.0.0.1:0", "--oauth-authorization-server", "spice.ai", "--http-public-url", "mcp.example.com"}
	first := run(t, nil, args...)
	for range 20 {
		if got := run(t, nil, args...); got.code != first.code || got.stderr != first.stderr {
			t.Fatalf("the same command line was refused two ways:\n%s\n%s", first.stderr, got.stderr)
		}
	}
	if first.code != 2 || !strings.HasPrefix(first.stderr, "--oauth-authorization-server") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming --oauth-authorization-server", first.code, first.stderr)
	}
}
