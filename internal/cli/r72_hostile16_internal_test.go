package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r72Hostile16Configs put tok in a sandbox-api config where the walk of round 71 did not look:
// a mapping with a key that is no text (a number, a boolean, null), such a mapping inside a
// list and inside a string-keyed one, the token as such a mapping's key, and a list as a key.
func r72Hostile16Configs(tok string) []string {
	q := strconv.Quote(tok)
	return []string{
		"1: " + q + "\n",
		"true: " + q + "\n",
		"~: " + q + "\n",
		"tokens:\n  - 7: " + q + "\n    org: sandbox\n",
		"orgs:\n  - slug: acme\n    owner: {false: [" + q + "]}\n",
		"faults:\n  - {1: x, " + q + ": y}\n",
		"? [1, " + q + "]\n: x\n",
	}
}

// TestR72Hostile16ConfigKeysNotTextStillMasked: a start-up refusal that quotes a value of the
// config file masks it when the file's mapping holds a key that is no text (YAML decodes such
// a mapping as map[any]any, which round 71's walk skipped, value and keys alike). No refusal
// of today's quotes such a value (the shape check refuses a key that is no text first, without
// quoting), so the walk is held directly: what the file gave, quoted, comes out masked.
func TestR72Hostile16ConfigKeysNotTextStillMasked(t *testing.T) {
	dir := t.TempDir()
	n := 0
	for i, k := range testutil.R66HostileTokens() {
		if i%4 != 0 {
			continue
		}
		for j, doc := range r72Hostile16Configs(k.Value) {
			path := filepath.Join(dir, "world.yaml")
			if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			g := &givenWriter{Writer: &out}
			g.addFile(path)
			refuse(g, "sandbox-api: --config:", strconv.Quote(k.Value), "is quoted")
			if k.Leaked(out.String()) {
				t.Errorf("%s in config %d (%q): shown: %.300s", k.Family, j, doc, out.String())
			}
			n++
		}
	}
	if n < 50 {
		t.Fatalf("only %d configs", n)
	}
}
