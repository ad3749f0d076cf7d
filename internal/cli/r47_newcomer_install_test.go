package cli_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r47NewcomerPlaceholderBinary is the path README's configurations use for the installed binary.
const r47NewcomerPlaceholderBinary = "/Users/you/go/bin/spice-cloud-mcp"

// r47NewcomerInvocation is one way README's "Install and configure" starts the server: the
// arguments after the binary (or the image) and the environment the client gives it.
type r47NewcomerInvocation struct {
	where string
	args  []string
	env   map[string]string
}

// r47NewcomerSection returns the README section that starts with heading, up to the next one.
func r47NewcomerSection(t *testing.T, heading string) string {
	t.Helper()
	return testutil.READMESection(t, "../..", heading)
}

// r47NewcomerBlocks returns the fenced code blocks of the given language in text.
func r47NewcomerBlocks(text, lang string) []string {
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```"+lang+"\n(.*?)```").FindAllStringSubmatch(text, -1) {
		blocks = append(blocks, m[1])
	}
	return blocks
}

// r47NewcomerEnv gives each variable a client passes a stand-in value (a token is never used:
// stdin is closed before any call).
func r47NewcomerEnv(names ...string) map[string]string {
	env := map[string]string{}
	for _, n := range names {
		env[n] = "r47-newcomer-placeholder-token"
	}
	return env
}

// r47NewcomerInstallInvocations collects every invocation of the server in README's
// "Install and configure": the clients' JSON configurations, the `claude mcp add` and
// `docker run` command lines, and the inline Docker configuration.
func r47NewcomerInstallInvocations(t *testing.T, section string) []r47NewcomerInvocation {
	t.Helper()
	var found []r47NewcomerInvocation
	type entry struct {
		Type    string            `json:"type"`
		Command string            `json:"command"`
		Args    []string          `json:"args"`
		Env     map[string]string `json:"env"`
	}
	for i, block := range r47NewcomerBlocks(section, "json") {
		var config struct {
			Inputs     []r47NewcomerInput `json:"inputs"`
			MCPServers map[string]entry   `json:"mcpServers"`      // Claude Desktop, Cursor, Windsurf
			Servers    map[string]entry   `json:"servers"`         // VS Code
			Context    map[string]entry   `json:"context_servers"` // Zed
		}
		dec := json.NewDecoder(strings.NewReader(block))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&config); err != nil {
			t.Errorf("JSON block %d of Install and configure does not parse: %v\n%s", i+1, err, block)
			continue
		}
		if n := len(config.MCPServers) + len(config.Servers) + len(config.Context); n != 2 {
			t.Errorf("JSON block %d: %d servers, want the account entry and the sandbox entry", i+1, n)
		}
		for name, e := range config.Servers {
			if e.Type != "stdio" {
				t.Errorf("JSON block %d, VS Code server %s: type %q, want stdio", i+1, name, e.Type)
			}
		}
		for name, e := range mergeR47NewcomerEntries(config.MCPServers, config.Context) {
			if e.Type != "" {
				t.Errorf("JSON block %d, server %s: type %q where the client takes none", i+1, name, e.Type)
			}
		}
		for name, e := range config.Context {
			if e.Args == nil {
				t.Errorf("JSON block %d, Zed server %s: no args, which some Zed versions require", i+1, name)
			}
		}
		for name, e := range mergeR47NewcomerEntries(config.MCPServers, config.Servers, config.Context) {
			if e.Command != r47NewcomerPlaceholderBinary {
				t.Errorf("JSON block %d, server %s: command %q, want the absolute path the text says to replace", i+1, name, e.Command)
			}
			var vars []string
			for k, v := range e.Env {
				vars = append(vars, k)
				if id, ok := strings.CutPrefix(v, "${input:"); ok {
					id = strings.TrimSuffix(id, "}")
					if !slices.ContainsFunc(config.Inputs, func(in r47NewcomerInput) bool { return in.ID == id && in.Password }) {
						t.Errorf("JSON block %d, server %s: %s names input %q, which no password input declares", i+1, name, k, id)
					}
				}
			}
			found = append(found, r47NewcomerInvocation{where: "JSON server " + name, args: e.Args, env: r47NewcomerEnv(vars...)})
		}
	}

	// Codex's TOML (r63Newcomer4CodexInvocations).
	for _, block := range r47NewcomerBlocks(section, "toml") {
		found = append(found, r63Newcomer4CodexInvocations(t, block)...)
	}

	// Shell lines, with continuations joined and the token placeholder made one word.
	for _, block := range r47NewcomerBlocks(section, "sh") {
		block = strings.ReplaceAll(block, "\\\n", " ")
		block = strings.ReplaceAll(block, "<your token>", "placeholder")
		for line := range strings.SplitSeq(block, "\n") {
			line, _, _ = strings.Cut(line, "#")
			words := strings.Fields(line)
			switch {
			case len(words) > 3 && words[0] == "claude" && slices.Contains(words, "--"):
				sep := slices.Index(words, "--")
				var vars []string
				for j, w := range words[:sep] {
					if w == "--env" && j+1 < sep {
						name, _, _ := strings.Cut(words[j+1], "=")
						vars = append(vars, name)
					}
				}
				cmd := words[sep+1:]
				if cmd[0] == "docker" {
					found = append(found, r47NewcomerDockerRun(t, line, cmd)...)
					continue
				}
				// A project's .mcp.json is shared: it names the command, found on each
				// teammate's PATH (TestR63Newcomer4ProjectConfigNamesACommandOnPATH).
				shared := slices.Contains(words[:sep], "project")
				if want := r47NewcomerPlaceholderBinary; shared {
					if cmd[0] != filepath.Base(want) {
						t.Errorf("%q: runs %q from a file a project shares, want the command's name", line, cmd[0])
					}
				} else if cmd[0] != want {
					t.Errorf("%q: runs %q, want the absolute path the text says to replace", line, cmd[0])
				}
				found = append(found, r47NewcomerInvocation{where: line, args: cmd[1:], env: r47NewcomerEnv(vars...)})
			case len(words) > 1 && words[0] == "docker" && words[1] == "run":
				found = append(found, r47NewcomerDockerRun(t, line, words)...)
			}
		}
	}

	// The inline configuration that launches the image in place of the binary.
	m := regexp.MustCompile("`(\"command\": \"[^`]*docker\", \"args\": \\[[^`]*\\])`").FindStringSubmatch(section)
	if m == nil {
		t.Fatal("Install and configure: no inline Docker configuration (\"command\": …docker, \"args\": […])")
	}
	var inline entry
	if err := json.Unmarshal([]byte("{"+m[1]+"}"), &inline); err != nil {
		t.Fatalf("the inline Docker configuration does not parse: %v", err)
	}
	if !filepath.IsAbs(inline.Command) {
		t.Errorf("the inline Docker configuration's command %q is not an absolute path, which desktop apps need", inline.Command)
	}
	found = append(found, r47NewcomerDockerRun(t, m[1], append([]string{"docker"}, inline.Args...))...)
	return found
}

// r47NewcomerInput is one of VS Code's prompted inputs.
type r47NewcomerInput struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Description string `json:"description"`
	Password    bool   `json:"password"`
}

func mergeR47NewcomerEntries[E any](maps ...map[string]E) map[string]E {
	all := map[string]E{}
	for _, m := range maps {
		for k, v := range m {
			all[k] = v
		}
	}
	return all
}

// r47NewcomerDockerRun reads `docker run [options] spice-cloud-mcp [args]`: the image must be
// run with -i when it speaks stdio (no --http), and each -e variable reaches it.
func r47NewcomerDockerRun(t *testing.T, line string, words []string) []r47NewcomerInvocation {
	t.Helper()
	image := slices.Index(words, "spice-cloud-mcp")
	if len(words) < 3 || words[1] != "run" || image < 0 {
		t.Errorf("%q: not `docker run … spice-cloud-mcp …`", line)
		return nil
	}
	var vars []string
	for j, w := range words[2:image] {
		if w == "-e" {
			vars = append(vars, words[2+j+1])
		}
	}
	args := words[image+1:]
	if !slices.Contains(args, "--http") && !slices.Contains(words[2:image], "-i") {
		t.Errorf("%q: stdio needs docker run -i (stdin kept open)", line)
	}
	return []r47NewcomerInvocation{{where: line, args: args, env: r47NewcomerEnv(vars...)}}
}

// TestR47NewcomerInstallConfigurationsStart: every configuration of README's "Install and
// configure" (Claude Desktop, Claude Code, Cursor, VS Code, Docker) parses, names the binary by
// the absolute path the text tells the reader to replace, uses only flags --help lists and
// environment variables the code reads, and — over stdio — starts the server, which serves
// until its input ends and exits 0; with `--read-only` or `--toolsets apps,deployments`
// added, as the text offers, too. The --http ones serve /healthz.
func TestR47NewcomerInstallConfigurationsStart(t *testing.T) {
	section := r47NewcomerSection(t, "## Install and configure")
	help := run(t, nil, "--help").stdout
	invocations := r47NewcomerInstallInvocations(t, section)
	if len(invocations) < 12 {
		t.Fatalf("found %d invocations of the server in Install and configure; the parser lost some", len(invocations))
	}
	// The Docker paragraph's page flags, given to the stdio server in a container.
	invocations = append(invocations, r47NewcomerInvocation{where: "Docker's page flags",
		args: []string{"--sandbox", "--human-listen", "0.0.0.0:8788", "--human-listen-beyond-loopback"}})

	read := testutil.SpiceVariablesTheCodeReads(t, "../..")
	for _, v := range regexp.MustCompile(`\bSPICE_[A-Z_]+\b`).FindAllString(section, -1) {
		if !read[v] {
			t.Errorf("Install and configure names %s, which no Go source of the server reads", v)
		}
	}

	for _, inv := range invocations {
		for _, a := range inv.args {
			if flagName, ok := strings.CutPrefix(a, "--"); ok {
				flagName, _, _ = strings.Cut(flagName, "=")
				if !strings.Contains(help, "\n  --"+flagName+" ") {
					t.Errorf("%s: --%s is not a flag --help lists", inv.where, flagName)
				}
			}
		}
		for name := range inv.env {
			if !read[name] {
				t.Errorf("%s: passes %s, which no Go source of the server reads", inv.where, name)
			}
		}
		if i := slices.Index(inv.args, "--http"); i >= 0 {
			args := slices.Clone(inv.args)
			args[i+1] = "127.0.0.1:0" // the container's 0.0.0.0:8080, on a free loopback port
			env := inv.env
			if slices.Contains(args, "--http-allow-server-token") {
				env = mergeR47NewcomerEntries(env, map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": strings.Repeat("ab", 32)})
			}
			s := startServer(t, env, append(args, "--log-format", "json")...)
			resp, err := http.Get(strings.TrimSuffix(s.url, "/mcp") + "/healthz")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("%s: GET /healthz: %v %v", inv.where, resp, err)
			}
			if resp != nil {
				resp.Body.Close()
			}
			s.stop()
			continue
		}
		for _, extra := range [][]string{nil, {"--read-only"}, {"--toolsets", "apps,deployments"}} {
			args := append(slices.Clone(inv.args), extra...)
			got := run(t, inv.env, args...)
			if got.code != 0 || !strings.Contains(got.stderr, "serving MCP over stdio") || got.stdout != "" {
				first, _, _ := strings.Cut(got.stderr, "\n")
				t.Errorf("%s %q: exit %d, stdout %q, stderr %q…; want it to serve stdio until its input ends, exit 0", inv.where, args, got.code, got.stdout, first)
			}
		}
	}
}

// TestR47NewcomerLimitsSayWhichHaveAFlag: README's "Limits" (Install and configure) says which
// HTTP limits have no flag. Every limit flag --help lists (--http-max-…, --http-…-ttl,
// --http-…-timeout) is named there, none of those is called flagless, and the ones called
// flagless — the header caps (size and the 10 s for headers) and the memory limit — have no
// flag indeed.
func TestR47NewcomerLimitsSayWhichHaveAFlag(t *testing.T) {
	section := r47NewcomerSection(t, "## Install and configure")
	_, limits, ok := strings.Cut(section, "**Limits** (")
	if !ok {
		t.Fatal("Install and configure has no **Limits** paragraph")
	}
	limits, _, _ = strings.Cut(limits, "\n**")
	intro, _, _ := strings.Cut(limits, "\n")
	help := run(t, nil, "--help").stdout
	var limitFlags []string
	for _, m := range regexp.MustCompile(`(?m)^  (--http-(?:max-\w+|\w+-ttl|\w+-timeout))\b`).FindAllStringSubmatch(help, -1) {
		limitFlags = append(limitFlags, m[1])
		if !strings.Contains(limits, "`"+m[1]+"`") {
			t.Errorf("Limits does not name %s", m[1])
		}
	}
	if len(limitFlags) < 5 {
		t.Fatalf("--help lists %d limit flags; the pattern lost them", len(limitFlags))
	}
	// What the intro calls flagless must have no flag: the connection cap has --http-max-connections.
	if strings.Contains(intro, "connection caps") && slices.Contains(limitFlags, "--http-max-connections") {
		t.Errorf("Limits' intro says the connection cap has no flag, yet --help lists --http-max-connections: %q", intro)
	}
	if want := "each but the header caps (their size and the 10 s for headers) and the memory limit has a flag"; !strings.Contains(intro, want) {
		t.Errorf("Limits' intro %q does not say %q", intro, want)
	}
	for _, flagless := range []string{"header", "memory", "gomemlimit"} {
		if strings.Contains(strings.ToLower(help), "\n  --"+flagless) || regexp.MustCompile(`(?m)^  --\S*`+flagless).MatchString(strings.ToLower(help)) {
			t.Errorf("Limits calls the %s limit flagless, yet --help lists a flag for it", flagless)
		}
	}
}
