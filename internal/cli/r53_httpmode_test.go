package cli_test

import (
	"strings"
	"testing"
)

// TestR53HttpmodePerAddressFlag: --help lists --http-max-connections-per-address with its
// default, 0, which is half of --http-max-connections; less is refused at start-up; a value is
// served.
func TestR53HttpmodePerAddressFlag(t *testing.T) {
	if got := run(t, nil, "--help"); !strings.Contains(got.stdout, "--http-max-connections-per-address N") ||
		!strings.Contains(got.stdout, "0: half of --http-max-connections") {
		t.Errorf("--help does not list --http-max-connections-per-address N with its default: %s", got.stdout)
	}
	got := run(t, nil, "--http", "127.0.0.1:0", "--http-max-connections-per-address", "-1")
	if got.code != 2 || !strings.Contains(got.stderr, "--http-max-connections-per-address -1: want at least 1, or 0 for the default") {
		t.Errorf("--http-max-connections-per-address -1: %+v", got)
	}
	// A value given is served (its effect is mcpserver's TestR53HttpmodeOneAddressCannotHoldEveryConnection:
	// loopback clients, as here, have no share of their own).
	startHTTP(t, nil, "--sandbox", "--http-max-connections", "4", "--http-max-connections-per-address", "4").stop()
	startHTTP(t, nil, "--sandbox", "--http-max-connections-per-address", "0").stop()
}
