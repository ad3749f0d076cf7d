package cli_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestR48HelpNamesEveryValue: every flag that takes a value names it in --help (ADDR, FILE,
// LEVEL…), never with the flag package's type words, which say nothing about what to give.
func TestR48HelpNamesEveryValue(t *testing.T) {
	flagLine := regexp.MustCompile(`^  --([a-z-]+)(?: (\S+))?\s`)
	for _, args := range [][]string{{"--help"}, {"sandbox-api", "--help"}} {
		help := run(t, nil, args...).stdout
		lines := 0
		for _, line := range strings.Split(help, "\n") {
			m := flagLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			lines++
			switch m[2] {
			case "string", "value", "int", "uint", "int64", "uint64", "float", "duration":
				t.Errorf("%v: --%s names its value %q: %s", args, m[1], m[2], line)
			}
		}
		if lines < 3 {
			t.Fatalf("%v: found %d flag lines in:\n%s", args, lines, help)
		}
	}
}
