package cli_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestR70Newcomer8ConfigErrorsNameKeyNotSecret holds sandbox-api's --config refusals to the
// rule its flags follow: a mistyped key is named with its place and the keys taken there, a
// key that does not read as one (a secret file given by mistake, a token used as a key) is not
// echoed, and a value of the wrong kind is named by its key in the user's words, not Go's.
func TestR70Newcomer8ConfigErrorsNameKeyNotSecret(t *testing.T) {
	dir := t.TempDir()
	const canary = "R70CANARY"
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"typo.yaml", "orgs:\n  - slug: x\n    owner: ann\n    colour: red\n", []string{`orgs[0]: unknown key "colour"`, "slug", "max_apps"}},
		{"tokenkey", `{"spice_pat_` + canary + `secret0123456789": 1}`, []string{"unknown key", "not shown", "queued_for", "tokens"}},
		{"nested.yaml", "tokens:\n  - value: t\n    org: sandbox\n    Zm9vYmFy" + canary + "==: x\n", []string{"tokens[0]: ", "unknown key", "expires_in"}},
		{"shadow", "root:$y$j9T$" + canary + "hash:20228:0:99999:7:::\n", []string{"unknown key", "not shown"}},
		{"tokenfile", "spice_pat_" + canary + "0123456789\n", []string{"the file holds text, not a mapping of keys"}},
		{"value.yaml", "tokens:\n  - value: 12345\n    org: sandbox\n", []string{"tokens[0].value: want text, not a whole number"}},
		{"tokens.yaml", "tokens: 5\n", []string{"tokens: want a list, not a whole number"}},
		{"entry.yaml", "tokens: [" + canary + "tok]\n", []string{"tokens[0]: want a mapping of keys, not text"}},
		{"demo.yaml", "demo: " + canary + "\n", []string{"demo: want true or false, not text"}},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
			t.Fatal(err)
		}
		got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--config", path)
		if got.code != 2 || got.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit 2 and nothing on stdout", tc.name, got.code, got.stdout)
		}
		if strings.Contains(got.stderr, canary) {
			t.Errorf("%s: stderr echoes the file's secret: %q", tc.name, got.stderr)
		}
		for _, bad := range []string{"cli.", "Go ", "json: "} {
			if strings.Contains(got.stderr, bad) {
				t.Errorf("%s: stderr speaks Go (%q): %q", tc.name, bad, got.stderr)
			}
		}
		for _, want := range tc.want {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("%s: stderr %q lacks %q", tc.name, got.stderr, want)
			}
		}
	}
}

// TestR70Newcomer8EmptyCredentialVariableIsNamed: a credential variable set to an empty or blank
// value (a client's "env" entry left "", a shell's `export SPICE_API_TOKEN=$(cat missing)`)
// is named at start-up as set but empty, with where to look, beside the no-credentials warning
// whose "set SPICE_API_TOKEN" alone reads as if the variable were missing.
func TestR70Newcomer8EmptyCredentialVariableIsNamed(t *testing.T) {
	for _, value := range []string{"", " \n"} {
		got := run(t, map[string]string{"SPICE_API_TOKEN": value})
		if got.code != 0 {
			t.Fatalf("%q: exit %d: %s", value, got.code, got.stderr)
		}
		for _, want := range []string{"SPICE_API_TOKEN is set but empty", "no Spice.ai credentials"} {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("SPICE_API_TOKEN=%q: stderr lacks %q:\n%s", value, want, got.stderr)
			}
		}
	}
	// Not set at all: only the no-credentials warning; and an empty one beside a token is no problem.
	if got := run(t, nil); strings.Contains(got.stderr, "set but empty") {
		t.Errorf("no variable set, yet:\n%s", got.stderr)
	}
	if got := run(t, map[string]string{"SPICE_API_TOKEN": "r70-token-value", "SPICE_CLIENT_ID": ""}); strings.Contains(got.stderr, "set but empty") || strings.Contains(got.stderr, "r70-token-value") {
		t.Errorf("a token and an empty SPICE_CLIENT_ID:\n%s", got.stderr)
	}
}

// TestR70Newcomer8SandboxSaysCredentialsUnused: --sandbox with SPICE_API_TOKEN set serves the
// emulator; start-up says the token is not used and how to reach the real API, without it.
func TestR70Newcomer8SandboxSaysCredentialsUnused(t *testing.T) {
	const token = "r70-newcomer8-token-value"
	got := run(t, map[string]string{"SPICE_API_TOKEN": token}, "--sandbox")
	if got.code != 0 || got.stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", got.code, got.stdout, got.stderr)
	}
	for _, want := range []string{"SPICE_API_TOKEN is set and not used", "drop --sandbox"} {
		if !strings.Contains(got.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got.stderr)
		}
	}
	if strings.Contains(got.stderr, token) {
		t.Errorf("stderr shows the token:\n%s", got.stderr)
	}
	if got := run(t, nil, "--sandbox"); strings.Contains(got.stderr, "not used") {
		t.Errorf("--sandbox without credentials:\n%s", got.stderr)
	}
}

// TestR70Newcomer8WorldReadableSecretFileIsWarned: a --http-auth-token-file that every user of
// the machine can read (mode 0644, what a plain `echo … > file` leaves) is served, with a
// start-up warning naming the flag, the mode and the fix, never the secret or the path. A
// group-readable one (Kubernetes' defaultMode 0440 for an fsGroup) is not warned of.
func TestR70Newcomer8WorldReadableSecretFileIsWarned(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	const secret = "r70-newcomer8-shared-secret-0123456789"
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o644, true}, {0o604, true}, {0o440, false}, {0o600, false}} {
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		h := startHTTP(t, nil, "--http-auth-token-file", path)
		h.stop()
		got := h.stderr.String()
		warned := strings.Contains(got, "--http-auth-token-file: every user of this machine can read the file")
		if warned != tc.warn || (tc.warn && !strings.Contains(got, "chmod 600")) {
			t.Errorf("mode %04o: warned %v, want %v:\n%s", tc.mode, warned, tc.warn, got)
		}
		if strings.Contains(got, secret) || strings.Contains(got, path) {
			t.Errorf("mode %04o: stderr shows the secret or its path:\n%s", tc.mode, got)
		}
	}
}
