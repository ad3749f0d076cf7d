package cli_test

import (
	"strings"
	"testing"
)

// TestR58NewcomerHelpAndVersionCommands: most Go command-line tools take help and version as
// words as well as flags (go help, go version, docker version, kubectl version). A newcomer's
// `spice-cloud-mcp version` or `spice-cloud-mcp help` was refused as "unexpected argument 1"
// (exit 2); each now prints what its flag prints, to stdout, exit 0, serving nothing.
func TestR58NewcomerHelpAndVersionCommands(t *testing.T) {
	flagHelp := run(t, nil, "--help").stdout
	sandboxHelp := run(t, nil, "sandbox-api", "--help").stdout
	version := run(t, nil, "--version").stdout
	if !strings.HasPrefix(version, "spice-cloud-mcp ") || !strings.HasPrefix(flagHelp, "spice-cloud-mcp — ") || !strings.HasPrefix(sandboxHelp, "Usage: spice-cloud-mcp sandbox-api") {
		t.Fatalf("the flags' own output changed: %q / %q / %q", version, flagHelp[:min(len(flagHelp), 40)], sandboxHelp[:min(len(sandboxHelp), 40)])
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, version},
		{[]string{"help"}, flagHelp},
		{[]string{"help", "sandbox-api"}, sandboxHelp},
		{[]string{"sandbox-api", "help"}, sandboxHelp},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 0 || got.stdout != tc.want || got.stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit 0 and what the flag prints", tc.args, got.code, got.stderr, got.stdout[:min(len(got.stdout), 80)])
		}
	}
	// The usage names the commands, so `help` is found from --help and back.
	for _, want := range []string{"spice-cloud-mcp version", "spice-cloud-mcp help"} {
		if !strings.Contains(flagHelp, want) {
			t.Errorf("--help does not name %q:\n%s", want, flagHelp[:min(len(flagHelp), 600)])
		}
	}
}

// TestR58NewcomerUnknownCommandNamesTheCommands: a first word that reads as a command
// (`spice-cloud-mcp serve`, `spice-cloud-mcp sandbox`, a mistyped `sandbox-apl`) was answered
// "unexpected argument 1, not shown as it may be a credential": true, but it hid the word the
// newcomer typed and did not say which commands there are. A lower-case word without digits is
// no credential, so it is shown with the commands; anything else stays unshown, as before.
func TestR58NewcomerUnknownCommandNamesTheCommands(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want []string
	}{
		{"serve", []string{`unknown command "serve"`, "sandbox-api", "help", "version", "--sandbox"}},
		{"sandbox", []string{`unknown command "sandbox"`, "--sandbox"}},
		{"sandbox-apl", []string{`unknown command "sandbox-apl"`, "sandbox-api"}},
	} {
		got := run(t, nil, tc.arg)
		if got.code != 2 || got.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit 2 and nothing on stdout", tc.arg, got.code, got.stdout)
		}
		for _, w := range tc.want {
			if !strings.Contains(got.stderr, w) {
				t.Errorf("%q: stderr lacks %q: %q", tc.arg, w, got.stderr)
			}
		}
	}
	// A word that may be a credential is still never shown.
	for _, secret := range []string{"spat_0123456789abcdef", "Abcdefghij", "s3cr3t"} {
		got := run(t, nil, secret)
		if got.code != 2 || strings.Contains(got.stderr, secret) || !strings.Contains(got.stderr, "unexpected argument 1, not shown") {
			t.Errorf("%q: exit %d, stderr %q; want the argument refused unshown", secret, got.code, got.stderr)
		}
	}
	// After a flag, a word is still read as that flag's misplaced value, not as a command.
	if got := run(t, nil, "--sandbox", "serve"); got.code != 2 || strings.Contains(got.stderr, "serve") {
		t.Errorf("--sandbox serve: exit %d, stderr %q", got.code, got.stderr)
	}
}
