package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
)

// r61Newcomer2Commands returns the commands of the first ```sh block of README's section
// heading, each line without its trailing comment.
func r61Newcomer2Commands(t *testing.T, heading string) []string {
	t.Helper()
	_, section, ok := strings.Cut(readFile(t, "README.md"), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	m := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(section)
	if m == nil {
		t.Fatalf("README's %q has no sh block", heading)
	}
	var commands []string
	for _, line := range strings.Split(m[1], "\n") {
		line, _, _ = strings.Cut(line, " #")
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			commands = append(commands, line)
		}
	}
	return commands
}

// TestR61Newcomer2InstallNeedsNoPublishedModule: README's install block began with
// `go install github.com/spice-cloud-mcp/spice-cloud-mcp@latest`, which fails for a newcomer
// today: no release is on the Go module proxy (`go list -m …@latest` finds no version). The
// block now clones the repository (the address go.mod and manifest.json name) and installs
// from the clone; the commands after the clone, run in this repository, install a binary at
// the path the block's echo prints, and it runs.
func TestR61Newcomer2InstallNeedsNoPublishedModule(t *testing.T) {
	commands := r61Newcomer2Commands(t, "## Install and configure")
	for _, c := range commands {
		if regexp.MustCompile(`go install \S+@`).MatchString(c) {
			t.Errorf("README's install block runs %q, which fails until a release is on the Go module proxy", c)
		}
	}
	module := modulePath(t)
	var manifest struct {
		Repository struct{ URL string } `json:"repository"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &manifest); err != nil {
		t.Fatal(err)
	}
	if want := "https://" + module; manifest.Repository.URL != want {
		t.Errorf("manifest.json's repository is %q; go.mod's module is %s", manifest.Repository.URL, module)
	}
	clone := "git clone " + manifest.Repository.URL + " && cd " + path.Base(module)
	if len(commands) == 0 || commands[0] != clone {
		t.Fatalf("README's install block begins %q; want %q", commands, clone)
	}

	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	gobin := t.TempDir()
	env := append(os.Environ(), "GOBIN="+gobin)
	out, err := runShell(t, root, env, strings.Join(commands[1:], "\n"))
	if err != nil {
		t.Fatalf("README's install commands after the clone: %v (printed %q)", err, out)
	}
	lines := strings.Split(out, "\n")
	binary := lines[len(lines)-1]
	if !strings.HasPrefix(binary, gobin) {
		t.Fatalf("the install block printed %q, not a path in GOBIN %s", binary, gobin)
	}
	version, err := exec.Command(binary, "--version").Output()
	if err != nil || !strings.Contains(string(version), "spice-cloud-mcp") {
		t.Errorf("%s --version: %q, %v", binary, version, err)
	}
}

// r61Newcomer2CIInstallStep is .ci/run's step that installs what is missing: from `missing=()`
// to the `fi` closing its `if [ ${#missing[@]} -gt 0 ]`.
func r61Newcomer2CIInstallStep(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?ms)^missing=\(\)\n.*?^if \[ \$\{#missing\[@\]\} -gt 0 \]; then\n.*?^fi\n`).FindString(readFile(t, ".ci/run"))
	if m == "" {
		t.Fatal(".ci/run has no step from missing=() to the fi of if [ ${#missing[@]} -gt 0 ]")
	}
	return m
}

// TestR61Newcomer2CIWithoutRootNamesWhatIsMissing: .ci/run installs what a fresh machine lacks
// with apt-get, which needs root. Run as a user without root, it ran apt-get anyway, which
// stops with apt-get's own "are you root?" and names nothing the newcomer should install. Now,
// not root, it goes through sudo; with no sudo (or no apt-get, as on macOS) it names the
// missing packages, says apt-get needs root, and stops without running apt-get. Run here with
// stand-ins for go, id, sudo and apt-get on an otherwise empty PATH.
func TestR61Newcomer2CIWithoutRootNamesWhatIsMissing(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	step := r61Newcomer2CIInstallStep(t)
	for _, tc := range []struct {
		name     string
		uid      string
		tools    []string // stand-ins on PATH besides go and id
		wantRun  string   // what apt-get's stand-in logs; "" = it must not run
		wantSays []string // what the step prints when it stops
	}{
		{"root", "0", []string{"apt-get"}, "apt-get install -y -qq --no-install-recommends gcc chromium nodejs npm curl DEBIAN_FRONTEND=noninteractive", nil},
		{"user with sudo", "1000", []string{"apt-get", "sudo"}, "apt-get install -y -qq --no-install-recommends gcc chromium nodejs npm curl DEBIAN_FRONTEND=noninteractive", nil},
		{"user without sudo", "1000", []string{"apt-get"}, "", []string{"gcc chromium nodejs npm curl", "root"}},
		{"no apt-get", "0", nil, "", []string{"gcc chromium nodejs npm curl", "apt-get"}},
		// Ubuntu names its Chromium chromium-browser, which the browser tests take as well: the
		// step installed Debian's chromium beside it, a package name Ubuntu's apt does not use.
		{"Ubuntu's chromium-browser", "0", []string{"apt-get", "chromium-browser"}, "apt-get install -y -qq --no-install-recommends gcc nodejs npm curl DEBIAN_FRONTEND=noninteractive", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			log := dir + "/apt-get.log"
			shims := map[string]string{
				"go": `echo gcc`, // go env CC
				"id": `echo ` + tc.uid,
				// apt-get refuses a user as Debian's does, and logs its install line with the
				// environment variable the step gives it.
				"apt-get":          `[ "$R61_UID" = 0 ] || { echo "E: are you root?" >&2; exit 100; }; [ "$1" = update ] || echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >>` + log,
				"sudo":             `R61_UID=0 exec "$@"`,
				"chromium-browser": `echo Chromium 1`,
			}
			for _, name := range append([]string{"go", "id"}, tc.tools...) {
				if err := os.WriteFile(dir+"/"+name, []byte("#!"+bash+"\n"+shims[name]+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			// env is the one program the step may run from the system (sudo env VAR=… apt-get).
			envPath, err := exec.LookPath("env")
			if err != nil {
				t.Skip("no env")
			}
			if err := os.Symlink(envPath, dir+"/env"); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bash, "-c", "set -euo pipefail\n"+step)
			cmd.Env = []string{"PATH=" + dir, "R61_UID=" + tc.uid}
			out, err := cmd.CombinedOutput()
			logged, _ := os.ReadFile(log)
			if tc.wantRun != "" {
				if err != nil || strings.TrimSpace(string(logged)) != tc.wantRun {
					t.Errorf("the step: %v, printed %q; apt-get logged %q, want %q", err, out, logged, tc.wantRun)
				}
				return
			}
			if err == nil {
				t.Errorf("the step succeeded with packages missing and nothing installed (printed %q)", out)
			}
			if len(logged) > 0 || strings.Contains(string(out), "are you root?") {
				t.Errorf("apt-get ran as a user without root: printed %q, logged %q", out, logged)
			}
			for _, want := range tc.wantSays {
				if !strings.Contains(string(out), want) {
					t.Errorf("the step printed %q; want it to name %q", out, want)
				}
			}
		})
	}
}

// TestR61Newcomer2ClaudeMcpAddNamesTheServerFirst: Claude Code's `claude mcp add` takes
// several values after --env (-e) and --header (-H), so one of them before the server's name
// swallows the name (Claude Code 2.1.197, `claude mcp add --env K=V NAME -- CMD`: "error:
// missing required argument 'commandOrUrl'"). Every `claude mcp add` README gives puts them
// after the name, as the form Claude Code accepts (checked: each was added and the stdio ones
// connected). Held.
func TestR61Newcomer2ClaudeMcpAddNamesTheServerFirst(t *testing.T) {
	checked := 0
	for _, add := range r62Newcomer3ClaudeAdds(t) {
		if add.swallowedBy != "" {
			t.Errorf("%q: %s comes before the server's name, which it takes as one of its values", add.line, add.swallowedBy)
		} else if add.name != "" {
			checked++
		}
	}
	if checked < 4 {
		t.Errorf("README has %d claude mcp add commands naming a server; want Claude Code's stdio and HTTP ones", checked)
	}
}
