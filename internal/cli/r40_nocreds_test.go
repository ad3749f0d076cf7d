package cli_test

import (
	"strings"
	"testing"
)

// TestR40NoCredentialsWarningNamesOnlyExposedTools: README (Install and configure) says that
// without credentials "check_health and whoami work", and to add "--read-only or --toolsets
// apps,deployments to any command below". With such a selection neither tool is exposed
// (both are in the platform toolset, and a call is refused "not available"), yet the start-up
// warning still tells the operator "only check_health and whoami will work": a promise about two
// tools the server does not serve. The warning must not name a tool the selection hides.
func TestR40NoCredentialsWarningNamesOnlyExposedTools(t *testing.T) {
	for _, args := range [][]string{
		{"--toolsets", "apps,deployments"},
		{"--tools", "list_apps"},
		{"--exclude-tools", "whoami,check_health"},
	} {
		got := run(t, nil, args...)
		if got.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, got.code, got.stderr)
		}
		for _, hidden := range []string{"check_health", "whoami"} {
			if strings.Contains(got.stderr, hidden+" will work") || strings.Contains(got.stderr, "only check_health and whoami") {
				t.Errorf("%v hides %s, but the start-up warning promises it works:\n%s", args, hidden, got.stderr)
				break
			}
		}
	}
}

// TestR40NoCredentialsWarningSaysWhatWorks: the start-up warning without credentials names,
// of check_health and whoami, those the selection exposes, and with neither says that no tool
// will work until credentials are set; --http-allow-server-token's warning alike.
func TestR40NoCredentialsWarningSaysWhatWorks(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no Spice.ai credentials: only check_health and whoami will work"},
		{[]string{"--exclude-tools", "check_health"}, "no Spice.ai credentials: only whoami will work"},
		{[]string{"--tools", "check_health,list_apps"}, "no Spice.ai credentials: only check_health will work"},
		{[]string{"--toolsets", "apps,deployments"}, "no Spice.ai credentials: no tool will work until they are set"},
	} {
		if got := run(t, nil, tc.args...); got.code != 0 || !strings.Contains(got.stderr, tc.want) {
			t.Errorf("%v: exit %d, want %q in:\n%s", tc.args, got.code, tc.want, got.stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--exclude-tools", "check_health"}, "requests that bring no token of their own get only whoami;"},
		{[]string{"--toolsets", "apps"}, "requests that bring no token of their own get no tool that works"},
	} {
		h := startHTTP(t, nil, append([]string{"--http-allow-server-token"}, tc.args...)...)
		h.stop()
		if got := h.stderr.String(); !strings.Contains(got, tc.want) || strings.Contains(got, "check_health and whoami") {
			t.Errorf("%v: want %q in:\n%s", tc.args, tc.want, got)
		}
	}
}
