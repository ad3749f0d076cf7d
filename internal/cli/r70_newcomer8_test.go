package cli_test

import (
	"os"
	"path/filepath"
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
