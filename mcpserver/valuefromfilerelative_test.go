package mcpserver_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestValueFromFileNamesARelativePathAbsolute: a relative value_from_file (f/plain.txt) is read
// from the server's working folder, which neither the person nor the agent sees (desktop
// clients start servers anywhere), so the question and the result name the file read by its
// absolute path as well, and a 1-byte file is "1 byte".
func TestValueFromFileNamesARelativePathAbsolute(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "f"), 0o700); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "f", "plain.txt")
	if err := os.WriteFile(abs, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	args := map[string]any{"app": "analytics-app", "name": "PG_PASS", "value_from_file": "f/plain.txt"}
	named := "f/plain.txt, that is " + abs

	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources(), safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "result", agent.ok(t, "set_secret", args), "Value read by the server from the file "+named+" (not shown).")
	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources()})
	mustContain(t, "question", text(human.call(t, "set_secret", args)), "the file "+named+" (1 byte)")

	// Given by its absolute path: named once, as given.
	mustContain(t, "absolute", agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_file": abs}),
		"Value read by the server from the file "+abs+" (not shown).")
	// Not in its clean form: the clean absolute path too.
	mustContain(t, "unclean", agent.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_USER", "value_from_file": "./f//plain.txt"}),
		"Value read by the server from the file ./f//plain.txt, that is "+abs+" (not shown).")
}
