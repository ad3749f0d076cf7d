package cli_test

import (
	"strings"
	"testing"
)

// TestR52ClaimsEmptyExcludeToolsIsRefused: README (Safety and access control) says "the safe
// path is the default; exposure is explicit", and refuses --tools or --toolsets given with no
// name, which would expose every tool. --exclude-tools given with no name — `--exclude-tools
// "$EXCLUDED"` with the variable unset, a lone comma — is the same launcher mistake: the
// operator meant to hide tools and the server started hiding none. It is refused at start-up
// naming the flag, as the other two are; a list with names and stray commas still works.
func TestR52ClaimsEmptyExcludeToolsIsRefused(t *testing.T) {
	for _, args := range [][]string{{"--exclude-tools="}, {"--exclude-tools", ""}, {"--exclude-tools", " , "},
		{"--sandbox", "--exclude-tools", ","}, {"--sandbox", "--read-only", "--exclude-tools="}} {
		got := run(t, nil, args...)
		if got.code != 2 || !strings.Contains(got.stderr, "--exclude-tools is empty") {
			t.Errorf("%q: exit %d, stderr:\n%s", args, got.code, got.stderr)
		}
	}
	if got := run(t, nil, "--sandbox", "--exclude-tools", "delete_app,,"); got.code != 0 {
		t.Errorf("a list with a stray comma: exit %d, stderr:\n%s", got.code, got.stderr)
	}
}
