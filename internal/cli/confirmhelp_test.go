package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpAndWhoamiNameWhatConfirmGoverns (audit r23): --confirm governs, besides the eight
// tools that ask before they act, set_secret's value_from_env and value_from_file (with
// --confirm=human a person approves them; Safety); --help's --confirm line, whoami and README's
// Command line row name them, so none leaves out what the others say.
func TestHelpAndWhoamiNameWhatConfirmGoverns(t *testing.T) {
	const governed = "deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file)"
	help := run(t, nil, "--help").stdout
	i := strings.Index(help, "-confirm MODE")
	if i < 0 {
		t.Fatalf("no --confirm in --help:\n%s", help)
	}
	line, _, _ := strings.Cut(help[i:], "\n  -")
	if !strings.Contains(strings.Join(strings.Fields(line), " "), "who approves "+governed+": MODE human") {
		t.Errorf("--help's --confirm does not name everything it governs:\n%s", line)
	}
	s := startStdio(t, nil, "--sandbox")
	s.handshake()
	if out, _ := s.call(3, "whoami", nil); !strings.Contains(out, "- Approval of "+governed+": human") {
		t.Errorf("whoami:\n%s", out)
	}
	s.stop()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(row, "| `--confirm ") {
			for _, want := range []string{"the eight tools listed in Safety", "`value_from_env` and `value_from_file`"} {
				if !strings.Contains(row, want) {
					t.Errorf("README's --confirm row lacks %q:\n%s", want, row)
				}
			}
			return
		}
	}
	t.Error("README has no --confirm row")
}
