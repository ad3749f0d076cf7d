package cli_test

import (
	"strings"
	"testing"
)

// TestR67Claims4EveryHTTPFlagIsMarked: README's "The flags whose `--help` text starts with
// `HTTP:` (… and every other `--http-…` flag) apply only with `--http`": TestHTTPFlagsNeedHTTP
// refuses the flags marked HTTP:, so each `--http-…` flag (and the others README names) must be
// marked, or a new one would be taken over stdio and do nothing.
func TestR67Claims4EveryHTTPFlagIsMarked(t *testing.T) {
	help := run(t, nil, "--help").stdout
	seen := 0
	for _, line := range strings.Split(help, "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if !strings.HasPrefix(line, "  --") || name != "--allowed-origins" && name != "--oauth-authorization-server" && !strings.HasPrefix(name, "--http-") {
			continue
		}
		seen++
		usage := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), name))
		if placeholder, rest, ok := strings.Cut(usage, " "); ok && placeholder == strings.ToUpper(placeholder) && !strings.HasSuffix(placeholder, ":") {
			usage = strings.TrimSpace(rest) // the flag's value, DURATION, N, URL…
		}
		if !strings.HasPrefix(usage, "HTTP: ") {
			t.Errorf("%s: its --help text does not start with \"HTTP:\", so over stdio it is taken and does nothing: %q", name, line)
		}
	}
	if seen < 14 {
		t.Fatalf("found %d HTTP flags in --help; the parser lost some:\n%s", seen, help)
	}
}
