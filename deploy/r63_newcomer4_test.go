package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestR63Newcomer4ProjectConfigNamesACommandOnPATH: the `claude mcp add --scope project` line
// writes .mcp.json, which the project commits and every teammate runs. Its command is the name
// `go install .` gives the binary (the module path's last element), found on the PATH of the
// terminal Claude Code runs in, not one user's absolute path. Before, it ran
// /Users/you/go/bin/spice-cloud-mcp: a path of the README's example user, in a shared file.
func TestR63Newcomer4ProjectConfigNamesACommandOnPATH(t *testing.T) {
	binary := path.Base(modulePath(t))
	project := 0
	for _, add := range r62Newcomer3ClaudeAdds(t) {
		words := strings.Fields(add.line)
		if !slices.Contains(words, "project") || !(slices.Contains(words, "--scope") || slices.Contains(words, "-s")) {
			continue
		}
		project++
		sep := slices.Index(words, "--")
		if sep < 0 || sep+1 >= len(words) {
			t.Errorf("%q: no command after --", add.line)
			continue
		}
		if cmd := words[sep+1]; cmd != binary {
			t.Errorf("%q: runs %q from the .mcp.json a project commits; want %q, the name go install gives it, found on each teammate's PATH", add.line, cmd, binary)
		}
	}
	if project == 0 {
		t.Fatal("README gives no claude mcp add --scope project; the parser lost it")
	}
	readme := strings.Join(strings.Fields(readFile(t, "README.md")), " ")
	for _, claim := range []string{
		"Claude Code runs in a terminal and starts the server with that terminal's `PATH`",
		"(`TestR63Newcomer4ProjectConfigNamesACommandOnPATH`)",
	} {
		if !strings.Contains(readme, claim) {
			t.Errorf("README does not say %q", claim)
		}
	}
}

// TestR63Newcomer4BundleLauncherRunsEachPlatformsBinary: a release pack (SPICE_MCP_VERSION=v1.2.3,
// run in round 63) smoke-tests only the binary of the host it runs on; the launcher's other
// branches were never run. Here the launcher scripts/mcpb.sh writes runs, under a stand-in
// `uname`, for each operating system and CPU README promises (macOS on Apple silicon and Intel,
// Linux on x86-64 and arm64), from a folder whose name holds spaces as Claude Desktop's
// "Application Support" does: it execs the binary pack builds for that platform with the
// arguments intact, and refuses another platform naming it. Windows runs its .exe directly
// (manifest.json's win32 override), which pack builds too. Held.
func TestR63Newcomer4BundleLauncherRunsEachPlatformsBinary(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	script := readFile(t, "scripts/mcpb.sh")
	m := regexp.MustCompile(`(?m)^TARGETS="([^"]+)"`).FindStringSubmatch(script)
	if m == nil {
		t.Fatal("scripts/mcpb.sh sets no TARGETS")
	}
	built := map[string]bool{}
	for _, target := range strings.Fields(m[1]) {
		exe := "spice-cloud-mcp-" + strings.ReplaceAll(target, "/", "-")
		if strings.HasPrefix(target, "windows/") {
			exe += ".exe"
		}
		built[exe] = true
	}
	_, launcher, ok := strings.Cut(script, "cat >\"$stage/server/spice-cloud-mcp\" <<'EOF'\n")
	launcher, _, ok2 := strings.Cut(launcher, "\nEOF\n")
	if !ok || !ok2 {
		t.Fatal("scripts/mcpb.sh writes no launcher server/spice-cloud-mcp from a quoted here-document")
	}

	dir := filepath.Join(t.TempDir(), "Application Support", "Claude Extensions", "spice cloud", "server")
	bin := filepath.Join(t.TempDir(), "bin")
	for _, d := range []string{dir, bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(name, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "spice-cloud-mcp"), launcher+"\n")
	for exe := range built {
		write(filepath.Join(dir, exe), "#!/bin/sh\nprintf '%s\\n' \""+exe+"\" \"$@\"\n")
	}
	reached := map[string]bool{}
	for _, c := range []struct{ system, machine, want string }{
		{"Darwin", "arm64", "spice-cloud-mcp-darwin-arm64"},
		{"Darwin", "x86_64", "spice-cloud-mcp-darwin-amd64"},
		{"Linux", "x86_64", "spice-cloud-mcp-linux-amd64"},
		{"Linux", "aarch64", "spice-cloud-mcp-linux-arm64"},
		{"Linux", "riscv64", "no binary for this CPU: riscv64"},
		{"FreeBSD", "amd64", "no binary for this operating system: FreeBSD"},
	} {
		write(filepath.Join(bin, "uname"), "#!/bin/sh\ncase $1 in -s) echo "+c.system+" ;; -m) echo "+c.machine+" ;; esac\n")
		cmd := exec.Command(filepath.Join(dir, "spice-cloud-mcp"), "--sandbox=true", "--toolsets=apps, deployments")
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		got := strings.TrimSpace(string(out))
		if !built[c.want] {
			if err == nil || !strings.Contains(got, c.want) {
				t.Errorf("%s/%s: %v %q; want it refused: %q", c.system, c.machine, err, got, c.want)
			}
			continue
		}
		if want := c.want + "\n--sandbox=true\n--toolsets=apps, deployments"; err != nil || got != want {
			t.Errorf("%s/%s: the launcher gave %v %q; want %s run with the arguments intact", c.system, c.machine, err, got, c.want)
		}
		reached[c.want] = true
	}
	var m2 struct {
		Server struct {
			MCPConfig struct {
				PlatformOverrides map[string]struct {
					Command string `json:"command"`
				} `json:"platform_overrides"`
			} `json:"mcp_config"`
		} `json:"server"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &m2); err != nil {
		t.Fatal(err)
	}
	win := path.Base(m2.Server.MCPConfig.PlatformOverrides["win32"].Command)
	if !built[win] {
		t.Errorf("manifest.json's win32 command runs %q, which pack does not build (%s)", win, m[1])
	}
	reached[win] = true
	for exe := range built {
		if !reached[exe] {
			t.Errorf("pack builds %s, which no platform README names runs", exe)
		}
	}
	readme := strings.Join(strings.Fields(readFile(t, "README.md")), " ")
	if claim := "The bundle carries binaries for macOS (Apple silicon and Intel), Linux (x86-64, arm64) and Windows (x86-64)"; !strings.Contains(readme, claim) || len(built) != 5 {
		t.Errorf("README's %q and pack's %d targets (%s) differ", claim, len(built), m[1])
	}
}
