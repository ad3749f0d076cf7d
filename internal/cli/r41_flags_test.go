package cli_test

import (
	"strings"
	"testing"
)

// TestR41CliDashLeadingCredentialIsNotEchoed: README (Command line, exit codes) promises that a
// bad command line "never echoes a credential: an argument that is no flag is named by its
// position and the flag before it, not shown (--http-allow-server-token spat_… gives unexpected
// argument 2 …)". A credential that happens to begin with '-' (base64url secrets do, 1 in 64)
// typed after an on/off flag is taken by the flag package for an undefined flag, and its
// message quotes it whole.
func TestR41CliDashLeadingCredentialIsNotEchoed(t *testing.T) {
	const secret = "-Zq9CANARYsecret_abcdef0123456789"
	for _, args := range [][]string{
		{"--http", "127.0.0.1:0", "--http-allow-server-token", secret},
		{"--sandbox", secret},
		{"--sandbox", "-" + secret}, // "--Zq9…"
		{"--read-only", "-=" + secret[1:]},
		{"sandbox-api", "--demo", secret},
		{"--sandbox", "-canary0f3a9c2e7b14d5"}, // lower case, as a flag name, but with digits: a hex secret's shape
	} {
		got := run(t, nil, args...)
		if got.code != 2 {
			t.Errorf("%q: exit %d, want 2", args, got.code)
		}
		if strings.Contains(strings.ToUpper(got.stderr), "CANARY") || strings.Contains(strings.ToUpper(got.stdout), "CANARY") {
			first, _, _ := strings.Cut(got.stderr, "\n")
			t.Errorf("%q: the credential is echoed: %q", args, first)
		}
	}
	// Named by its position and the flag before it, as an unexpected argument is; a mistyped
	// flag name is still shown.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox", secret}, "flag provided but not defined: argument 2 (after --sandbox), not shown"},
		{[]string{"--read-only", "-=" + secret[1:]}, "bad flag syntax: argument 2 (after --read-only), not shown"},
		{[]string{"sandbox-api", "--demo", secret}, "flag provided but not defined: argument 3 (after --demo), not shown"},
		{[]string{"--sandbox", "--tool-timout", "5s"}, "flag provided but not defined: --tool-timout"},
	} {
		if got := run(t, nil, c.args...); got.code != 2 || !strings.Contains(got.stderr, c.want) {
			first, _, _ := strings.Cut(got.stderr, "\n")
			t.Errorf("%q: exit %d, %q: want exit 2 and %q", c.args, got.code, first, c.want)
		}
	}
}
