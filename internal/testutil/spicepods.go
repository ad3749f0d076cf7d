package testutil

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// SpicepodCase is one spicepod of the masking corpus (present/testdata/spicepods).
type SpicepodCase struct {
	Name string // the file's name
	YAML string // the whole file, comments included
	// Planted are credentials that must never be shown; Readable are values that must stay
	// visible: the file's "# readable:" lines and every ${...} reference that is a whole value.
	Planted, Readable []string
}

// wholeReference is a YAML line whose value is one ${...} reference (a reference inside a
// longer value, such as a connection string, is masked with the value).
var wholeReference = regexp.MustCompile(`^\s*(?:-\s+)?(?:[A-Za-z0-9_-]+:\s+)?["']?(\$\{[^}]*\})["']?\s*$`)

// SpicepodCorpus reads every *.yaml of dir, with its "# planted:" and "# readable:" lines.
func SpicepodCorpus(dir string) ([]SpicepodCase, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []SpicepodCase
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		c := SpicepodCase{Name: filepath.Base(f), YAML: string(raw)}
		for line := range strings.Lines(c.YAML) {
			line = strings.TrimRight(line, "\r\n")
			if v, ok := strings.CutPrefix(line, "# planted: "); ok {
				c.Planted = append(c.Planted, v)
			} else if v, ok := strings.CutPrefix(line, "# readable: "); ok {
				c.Readable = append(c.Readable, v)
			} else if m := wholeReference.FindStringSubmatch(line); m != nil {
				c.Readable = append(c.Readable, m[1])
			}
		}
		out = append(out, c)
	}
	return out, nil
}
