package cli_test

import (
	"testing"
)

// TestR69Newcomer7ListenAddressSaysTheFix: the addresses a newcomer types for --http (and the
// other listen flags) are each refused (exit 2) on a first line that names the problem and the
// address meant. Before, `--http 127.0.0.1:8080/mcp` said only that the port must be a number,
// `--http ::1:8080` "too many colons in address", and `--http localhost` "missing port in
// address", none saying what to type instead.
func TestR69Newcomer7ListenAddressSaysTheFix(t *testing.T) {
	refusedSaying(t, []badValue{
		{[]string{"--http", "127.0.0.1:8080/mcp"}, []string{`--http "127.0.0.1:8080/mcp"`, "no path", "--http 127.0.0.1:8080", "/mcp"}},
		{[]string{"--http", ":8080/"}, []string{"no path", "--http :8080"}},
		{[]string{"sandbox-api", "--listen", "localhost:8787/v1"}, []string{"--listen", "no path", "--listen localhost:8787"}},
		{[]string{"--http", "::1:8080"}, []string{`--http "::1:8080"`, "in brackets", "--http [::1]:8080"}},
		{[]string{"--http", "::1"}, []string{"in brackets", "--http [::1]:8080"}},
		{[]string{"--http", "[::1]"}, []string{"no port", "--http [::1]:8080"}},
		{[]string{"--http", "localhost"}, []string{`--http "localhost"`, "no port", "--http localhost:8080", "localhost:0"}},
		{[]string{"--sandbox", "--human-listen", "127.0.0.1"}, []string{"--human-listen", "no port", "--human-listen 127.0.0.1:8080"}},
	})
}
