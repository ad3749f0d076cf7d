package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// r62Newcomer3ClaudeAdd is one `claude mcp add` of README: its line and the server it names
// ("" when an option that takes several values comes before the name and swallows it).
type r62Newcomer3ClaudeAdd struct {
	line, name, swallowedBy string
}

// r62Newcomer3ClaudeAdds reads every `claude mcp add` README gives, in code blocks and inline.
// --env (-e) and --header (-H) take several values, so one of them before the name takes it.
func r62Newcomer3ClaudeAdds(t *testing.T) []r62Newcomer3ClaudeAdd {
	t.Helper()
	var adds []r62Newcomer3ClaudeAdd
	for _, line := range strings.Split(readFile(t, "README.md"), "\n") {
		_, add, ok := strings.Cut(line, "claude mcp add ")
		if !ok {
			continue
		}
		add, _, _ = strings.Cut(add, "`") // an inline one ends at its backquote
		found := r62Newcomer3ClaudeAdd{line: strings.TrimSpace(line)}
		words := strings.Fields(add)
		for i := 0; i < len(words); i++ {
			w := words[i]
			if w == "--env" || w == "-e" || w == "--header" || w == "-H" {
				found.swallowedBy = w
				break
			}
			if !strings.HasPrefix(w, "-") {
				found.name = w
				break
			}
			if !strings.Contains(w, "=") {
				i++ // --transport http, --scope user: the option's value
			}
		}
		adds = append(adds, found)
	}
	return adds
}

// TestR62Newcomer3ClaudeServerNamesAreDistinct: README's `claude mcp add` lines, read top to
// bottom, each add a server of its own name. Claude Code 2.1.197 refuses a second server of a
// name it has: `claude mcp add --transport http spice-cloud …` after the stdio spice-cloud printed
// "MCP server spice-cloud already exists in local config" and exited 1.
func TestR62Newcomer3ClaudeServerNamesAreDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, add := range r62Newcomer3ClaudeAdds(t) {
		if add.name == "" {
			continue // TestR61Newcomer2ClaudeMcpAddNamesTheServerFirst reports it
		}
		if first, ok := seen[add.name]; ok {
			t.Errorf("%q adds server %s, which %q added before: Claude Code refuses it (already exists)", add.line, add.name, first)
			continue
		}
		seen[add.name] = add.line
	}
	if len(seen) < 5 {
		t.Errorf("README names %d servers in claude mcp add; the parser lost some", len(seen))
	}
}

// r62Newcomer3ShellLines returns README's shell lines whose command is one of names, each with
// its continuations joined and its trailing comment left out.
func r62Newcomer3ShellLines(t *testing.T, names ...string) []string {
	t.Helper()
	var lines []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readFile(t, "README.md"), -1) {
		for line := range strings.SplitSeq(strings.ReplaceAll(m[1], "\\\n", " "), "\n") {
			line, _, _ = strings.Cut(line, " #")
			if first, _, _ := strings.Cut(strings.TrimSpace(line), " "); slices.Contains(names, first) {
				lines = append(lines, strings.TrimSpace(line))
			}
		}
	}
	return lines
}

// TestR62Newcomer3ShellLinesReachTheirCommand runs every `claude` and `docker` line of README's
// shell blocks, as pasted, in bash with each command standing in for itself (a function that
// prints its arguments): each line must reach its command, with the placeholder `<your token>` and
// a variable's name meant for the client (`${SPICE_API_TOKEN}`) as written. Before, bash stopped at
// `--env SPICE_API_TOKEN=<your token>`: "bash: line 1: your: No such file or directory", exit 1,
// so a placeholder left in place never reached the server that names it.
func TestR62Newcomer3ShellLinesReachTheirCommand(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	lines := r62Newcomer3ShellLines(t, "claude", "docker")
	if len(lines) < 8 {
		t.Fatalf("found %d claude and docker lines in README's shell blocks; the parser lost some", len(lines))
	}
	for _, line := range lines {
		script := "claude() { printf '%s\\0' \"$@\"; }\ndocker() { printf '%s\\0' \"$@\"; }\n" + line + "\n"
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "SPICE_MCP_HTTP_AUTH_TOKEN=r62-newcomer3-shared-secret")
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Errorf("%q did not reach its command: %v %s", line, err, stderr)
			continue
		}
		args := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		for _, literal := range []string{"<your token>", "${SPICE_API_TOKEN}"} {
			if strings.Contains(line, literal) && !slices.ContainsFunc(args, func(a string) bool { return strings.Contains(a, literal) }) {
				t.Errorf("%q: its command got %q, without %s as written", line, args, literal)
			}
		}
	}
}

// r62Newcomer3Configs returns README's JSON configurations, each under the bold client name
// written before it ("Claude Desktop, by hand", "Cursor", "VS Code").
func r62Newcomer3Configs(t *testing.T) map[string]string {
	t.Helper()
	readme := readFile(t, "README.md")
	bold := regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
	configs := map[string]string{}
	for _, m := range regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatchIndex(readme, -1) {
		if names := bold.FindAllStringSubmatch(readme[:m[0]], -1); names != nil {
			configs[names[len(names)-1][1]] = readme[m[2]:m[3]]
		}
	}
	return configs
}

// TestR62Newcomer3CommittedConfigsHoldNoToken: the configurations README gives for files a
// project commits hold each credential as a reference the client expands, in that client's own
// syntax, never the token: Cursor's .cursor/mcp.json `${env:NAME}` (Cursor's MCP docs, "Config
// interpolation": command, args, env, url, headers), VS Code's .vscode/mcp.json `${input:ID}` of a
// password input, under `servers` (VS Code's MCP configuration reference: `servers`, `inputs`;
// not mcpServers), and Claude Code's project .mcp.json `${NAME}` (code.claude.com/docs/en/mcp;
// Claude Code 2.1.197 started a project server with the variable's value). Claude Desktop's file
// is the user's own and expands nothing, so it alone holds the token. Before, Cursor's block
// held "SPICE_API_TOKEN": "<your token>" for a project's .cursor/mcp.json too, and README gave no
// .mcp.json form.
func TestR62Newcomer3CommittedConfigsHoldNoToken(t *testing.T) {
	configs := r62Newcomer3Configs(t)
	type server struct {
		Env map[string]string `json:"env"`
	}
	for client, want := range map[string]struct {
		key, ref string
	}{
		"Cursor":  {"mcpServers", `^\$\{env:(SPICE_[A-Z_]+)\}$`},
		"VS Code": {"servers", `^\$\{input:([a-z-]+)\}$`},
	} {
		block, ok := configs[client]
		if !ok {
			t.Errorf("README has no JSON configuration under **%s**", client)
			continue
		}
		var file map[string]json.RawMessage
		if err := json.Unmarshal([]byte(block), &file); err != nil {
			t.Errorf("%s: %v", client, err)
			continue
		}
		for key := range file {
			if key != want.key && key != "inputs" {
				t.Errorf("%s's configuration has %q; the client reads %q", client, key, want.key)
			}
		}
		var servers map[string]server
		if err := json.Unmarshal(file[want.key], &servers); err != nil || len(servers) == 0 {
			t.Errorf("%s: no servers under %q (%v)", client, want.key, err)
			continue
		}
		for name, s := range servers {
			for variable, value := range s.Env {
				m := regexp.MustCompile(want.ref).FindStringSubmatch(value)
				if m == nil {
					t.Errorf("%s, server %s: %s is %q, written into a file a project commits; want a reference (%s)", client, name, variable, value, want.ref)
				} else if client == "Cursor" && m[1] != variable {
					t.Errorf("%s, server %s: %s takes ${env:%s}, another variable", client, name, variable, m[1])
				}
			}
		}
	}
	if _, ok := configs["Claude Desktop, by hand"]; !ok {
		t.Error("README has no JSON configuration under **Claude Desktop, by hand**")
	}

	project := 0
	for _, add := range r62Newcomer3ClaudeAdds(t) {
		if !strings.Contains(add.line, "--scope project") && !strings.Contains(add.line, "-s project") {
			continue
		}
		project++
		for _, m := range regexp.MustCompile(`--env (SPICE_[A-Z_]+)=(\S+)`).FindAllStringSubmatch(add.line, -1) {
			if m[2] != "'${"+m[1]+"}'" {
				t.Errorf("%q: %s=%s goes into .mcp.json, which a project commits; want '${%s}' (single-quoted, so the shell leaves it to Claude Code)", add.line, m[1], m[2], m[1])
			}
		}
	}
	if project == 0 {
		t.Error("README gives no claude mcp add --scope project (the .mcp.json a project commits) with the token as a variable")
	}
}
