package mcpserver_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestMissingRelativeFileIsNamedAbsolute: a relative value_from_file that does not exist was
// refused as "cannot use nope.txt: no such file or directory", by the path as written, though
// the server's working folder, where it looked, is shown nowhere; and "~/x.txt" the same, ~
// not expanded and not said. The refusal names the absolute path looked at, and a path
// starting with ~ (~/x or ~user/x) says ~ is not expanded.
func TestMissingRelativeFileIsNamedAbsolute(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, local: valueFromFileSources(), safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	got := h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "K1", "value_from_file": "nope.txt"})
	mustContain(t, "missing relative file", got, "value_from_file: cannot use nope.txt, that is "+filepath.Join(dir, "nope.txt")+": no such file or directory")
	if strings.Contains(got, "not expanded") {
		t.Errorf("a path without ~ gets the ~ hint:\n%s", got)
	}
	got = h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "K1", "value_from_file": "~/x.txt"})
	mustContain(t, "missing ~ path", got, "cannot use ~/x.txt, that is "+filepath.Join(dir, "~", "x.txt")+": no such file or directory",
		"~ is not expanded here: give the file's absolute path")
	// ~user too (~root/nope had no hint): neither form is expanded.
	for _, p := range []string{"~root/nope", "~nobody"} {
		mustContain(t, "missing "+p, h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "K1", "value_from_file": p}),
			"cannot use "+p+", that is "+filepath.Join(dir, p)+": no such file or directory", "~ is not expanded here")
	}
	// Given absolute, it is named once, as given.
	abs := filepath.Join(dir, "nope.txt")
	mustContain(t, "missing absolute file", h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "K1", "value_from_file": abs}),
		"cannot use "+abs+": no such file or directory")
}
