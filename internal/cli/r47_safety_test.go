package cli_test

import (
	"strings"
	"testing"
)

// TestR47SafetyEmptyToolsetsIsRefused: README (Safety and access control) says --toolsets
// names the toolsets to expose (default all) and unknown names stop the server at start-up,
// as --tools given empty does ("would expose every tool: the opposite of only these").
// --toolsets given with no name — `--toolsets "$TOOLSETS"` with the variable unset, a lone
// comma — exposed every toolset, destructive tools included; it is refused at start-up
// naming the flag, as --tools is.
func TestR47SafetyEmptyToolsetsIsRefused(t *testing.T) {
	for _, args := range [][]string{{"--toolsets="}, {"--toolsets", ""}, {"--toolsets", " , "}, {"--sandbox", "--toolsets", ","}} {
		got := run(t, nil, args...)
		if got.code != 2 || !strings.Contains(got.stderr, "--toolsets is empty") {
			t.Errorf("%q: exit %d, stderr:\n%s", args, got.code, got.stderr)
		}
	}
}
