package cli_test

import (
	"strings"
	"testing"
)

// TestR56HttpmodeSessionsPerClientFlag: --help lists --http-max-sessions-per-client with its
// default, 0, which is half of --http-max-sessions; less is refused at start-up; a value is
// served (its effect is mcpserver's TestR56HttpmodeOneCredentialCannotTakeEverySession).
func TestR56HttpmodeSessionsPerClientFlag(t *testing.T) {
	if got := run(t, nil, "--help"); !strings.Contains(got.stdout, "--http-max-sessions-per-client N") ||
		!strings.Contains(got.stdout, "0: half of --http-max-sessions") {
		t.Errorf("--help does not list --http-max-sessions-per-client N with its default: %s", got.stdout)
	}
	got := run(t, nil, "--http", "127.0.0.1:0", "--http-max-sessions-per-client", "-1")
	if got.code != 2 || !strings.Contains(got.stderr, "--http-max-sessions-per-client -1: want at least 1, or 0 for the default") {
		t.Errorf("--http-max-sessions-per-client -1: %+v", got)
	}
	startHTTP(t, nil, "--sandbox", "--http-max-sessions", "4", "--http-max-sessions-per-client", "4").stop()
	startHTTP(t, nil, "--sandbox", "--http-max-sessions-per-client", "0").stop()
}
