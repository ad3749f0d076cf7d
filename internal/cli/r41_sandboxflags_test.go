package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestR41CliSandboxAPIFlagErrorsNameTheFlag: a bad value given on sandbox-api's command line is
// reported under the config file's key (queued_for, rate_limit, users), not the flag the user
// typed (--queued-for, --rate-limit, --user); README ("Every ... message names the flag or
// variable") and the brief ask for the flag. Flags checked as they are read (--token, --fault)
// do name theirs.
func TestR41CliSandboxAPIFlagErrorsNameTheFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--queued-for", "-1s"}, "--queued-for"},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--runs-for", "-1s"}, "--runs-for"},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--token-ttl", "-1s"}, "--token-ttl"},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--rate-limit", "-3"}, "--rate-limit"},
		{[]string{"sandbox-api", "--listen", "127.0.0.1:0", "--user", " "}, "--user"},
	} {
		got := run(t, nil, c.args...)
		if got.code != 2 || !strings.Contains(got.stderr, c.flag) {
			first, _, _ := strings.Cut(got.stderr, "\n")
			t.Errorf("%q: exit %d, %q: want exit 2 naming %s", c.args, got.code, first, c.flag)
		}
	}
}

// TestR41SandboxAPIConfigFileErrorsNameTheKey: the same mistakes in the config file are
// reported under the file's keys, as they were typed there.
func TestR41SandboxAPIConfigFileErrorsNameTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(path, []byte("rate_limit: -3\nusers: [\" \"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", path)
	if got.code != 2 || !strings.Contains(got.stderr, "rate_limit: must be 0") || !strings.Contains(got.stderr, "users: empty username") ||
		strings.Contains(got.stderr, "--rate-limit") {
		t.Errorf("exit %d, want 2 naming rate_limit and users:\n%s", got.code, got.stderr)
	}
}
