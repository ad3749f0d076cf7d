package cli_test

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// r57NewcomerInspectorValued are the MCP Inspector's own flags that take a value; --cli takes
// none. The Inspector reads its flags wherever they stand and runs the other words.
var r57NewcomerInspectorValued = []string{"--method", "--tool-name", "--tool-arg", "--transport", "--server-url", "--header", "--connect-timeout", "--config", "--server"}

// TestR57NewcomerInspectorCommandsStartWithinItsWait: README's first commands show the MCP
// Inspector starting the server. The Inspector gives the command it runs 15 s to answer
// (2.12.0's CLI then stops: "Connection timed out after 15000 ms"), and it passes the server only
// HOME, PATH and a few other variables, so a `go run .` in a fresh clone, still compiling
// with the default build cache, failed there (measured: 20 s and exit 4, twice in a row). Each
// Inspector line must run the binary a `go build` line of the same block writes, with flags
// --help lists, and that command line must serve stdio.
func TestR57NewcomerInspectorCommandsStartWithinItsWait(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	intro, _, _ := strings.Cut(string(readme), "\n## ")
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindStringSubmatch(string(gomod))
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	module := m[1]
	help := run(t, nil, "--help").stdout
	checked := 0
	for _, block := range r47NewcomerBlocks(intro, "sh") {
		var built []string // what the block's go build lines write, as a shell names them
		for line := range strings.SplitSeq(block, "\n") {
			line, _, _ = strings.Cut(line, "#")
			words := strings.Fields(line)
			switch {
			case len(words) >= 2 && words[0] == "go" && words[1] == "build":
				if o := slices.Index(words, "-o"); o >= 0 && o+1 < len(words) {
					built = append(built, path.Clean(words[o+1]))
				} else if words[len(words)-1] == "." {
					built = append(built, path.Base(module)) // go build names it after the module path
				}
			case len(words) >= 2 && words[0] == "npx" && strings.HasPrefix(words[1], "@modelcontextprotocol/inspector"):
				var command []string
				for i := 2; i < len(words); i++ {
					switch {
					case words[i] == "--cli":
					case slices.Contains(r57NewcomerInspectorValued, words[i]):
						i++
					default:
						command = append(command, words[i])
					}
				}
				checked++
				if len(command) == 0 {
					t.Errorf("%q: no command for the Inspector to run", line)
					continue
				}
				if command[0] == "go" {
					t.Errorf("%q: the Inspector runs %q, which compiles first: in a fresh clone it has not answered within the Inspector's 15 s (\"Connection timed out after 15000 ms\"); run the binary a go build line writes", line, strings.Join(command, " "))
					continue
				}
				if !strings.Contains(command[0], "/") {
					t.Errorf("%q: runs %q, which is looked up in PATH; name the built binary by its path (./%s)", line, command[0], command[0])
				} else if !slices.Contains(built, path.Clean(command[0])) {
					t.Errorf("%q: runs %q, which no go build line before it in the block writes (it writes %q)", line, command[0], built)
				}
				args := command[1:]
				for _, a := range args {
					if name, ok := strings.CutPrefix(a, "--"); ok {
						name, _, _ = strings.Cut(name, "=")
						if !strings.Contains(help, "\n  --"+name+" ") {
							t.Errorf("%q: --%s is not a flag --help lists", line, name)
						}
					}
				}
				if got := run(t, nil, args...); got.code != 0 || !strings.Contains(got.stderr, "serving MCP over stdio") || got.stdout != "" {
					first, _, _ := strings.Cut(got.stderr, "\n")
					t.Errorf("%q: the server's command line %q: exit %d, stdout %q, stderr %q…; want it to serve stdio", line, args, got.code, got.stdout, first)
				}
			}
		}
	}
	if checked < 3 {
		t.Fatalf("found %d Inspector command lines in README's introduction; the parser lost them", checked)
	}
}

// TestR57NewcomerSandboxAPIDefaultsMatchHelp: each default README's "The emulator" table gives
// a sandbox-api flag ("default `127.0.0.1:8787`", "defaults `1s`, `4s`" for a row of two
// flags, "default 0: off") is the one `sandbox-api --help` prints, as
// TestR48NewcomerREADMEDefaultsMatchHelp holds the server's table to --help.
func TestR57NewcomerSandboxAPIDefaultsMatchHelp(t *testing.T) {
	helpDefault := helpDefaults(t, "sandbox-api", "--help")
	section := r47NewcomerSection(t, "## The emulator")
	flagName := regexp.MustCompile("`(--[a-z-]+)")
	defaults := regexp.MustCompile("\\(defaults? ((?:`[^`]+`|[0-9]+)(?:, `[^`]+`)*)")
	value := regexp.MustCompile("`([^`]+)`|([0-9]+)")
	checked := 0
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 2 || !strings.HasPrefix(cells[0], "| `--") {
			continue
		}
		var flags []string
		for _, m := range flagName.FindAllStringSubmatch(cells[0], -1) {
			flags = append(flags, m[1])
		}
		text := strings.Join(cells[1:], " | ")
		var d []string
		for _, at := range defaults.FindAllStringSubmatchIndex(text, -1) {
			if !strings.Contains(text[:at[0]], "Keys:") { // not a SPEC key's default (`times` (default 1)
				d = []string{text[at[0]:at[1]], text[at[2]:at[3]]}
				break
			}
		}
		if d == nil {
			continue
		}
		values := value.FindAllStringSubmatch(d[1], -1)
		if len(values) != len(flags) {
			t.Errorf("README row %v gives %d defaults", flags, len(values))
			continue
		}
		for i, v := range values {
			want := v[1] + v[2]
			got, ok := helpDefault[flags[i]]
			checked++
			switch {
			case !ok:
				t.Errorf("README gives %s the default %q; sandbox-api --help gives it none", flags[i], want)
			case got == want, r48NewcomerSameDuration(got, want):
			default:
				t.Errorf("README gives %s the default %q; sandbox-api --help says %q", flags[i], want, got)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d defaults; the patterns lost them", checked)
	}
}
