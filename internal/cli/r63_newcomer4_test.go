package cli_test

import (
	"encoding/json"
	"net"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// r63Newcomer4CodexServer is one [mcp_servers.NAME] table of Codex's config.toml (Codex's MCP
// documentation: command, args, env, env_vars; env_vars names variables passed on from the
// environment Codex runs in).
type r63Newcomer4CodexServer struct {
	Command string            `toml:"command"`
	Args    []string          `toml:"args"`
	Env     map[string]string `toml:"env"`
	EnvVars []string          `toml:"env_vars"`
}

// r63Newcomer4Codex decodes a README TOML block as Codex's config.toml, refusing any key it
// does not know (a typo Codex would reject or ignore).
func r63Newcomer4Codex(t *testing.T, block string) map[string]r63Newcomer4CodexServer {
	t.Helper()
	var file struct {
		MCPServers map[string]r63Newcomer4CodexServer `toml:"mcp_servers"`
	}
	md, err := toml.Decode(block, &file)
	if err != nil {
		t.Errorf("TOML block of Install and configure does not parse: %v\n%s", err, block)
		return nil
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		t.Errorf("TOML block of Install and configure has keys Codex's mcp_servers does not take: %v\n%s", keys, block)
	}
	return file.MCPServers
}

// r63Newcomer4CodexInvocations reads the servers of a Codex config.toml block as
// TestR47NewcomerInstallConfigurationsStart starts them: the placeholder binary, the account
// entry and the sandbox entry, each variable it sets or passes on.
func r63Newcomer4CodexInvocations(t *testing.T, block string) []r47NewcomerInvocation {
	t.Helper()
	servers := r63Newcomer4Codex(t, block)
	if len(servers) != 2 {
		t.Errorf("TOML block: %d servers, want the account entry and the sandbox entry", len(servers))
	}
	var found []r47NewcomerInvocation
	for name, s := range servers {
		if s.Command != r47NewcomerPlaceholderBinary {
			t.Errorf("TOML server %s: command %q, want the absolute path the text says to replace", name, s.Command)
		}
		vars := slices.Clone(s.EnvVars)
		for k := range s.Env {
			vars = append(vars, k)
		}
		found = append(found, r47NewcomerInvocation{where: "TOML server " + name, args: s.Args, env: r47NewcomerEnv(vars...)})
	}
	return found
}

// TestR63Newcomer4WindsurfZedCodex: README configures Windsurf, Zed and OpenAI's Codex CLI too,
// each in its documented form: Windsurf's mcp_config.json takes Claude Desktop's mcpServers and
// expands ${env:NAME} (Windsurf's Cascade MCP documentation, "Config interpolation"), so the token
// is such a reference; Zed's settings take context_servers (Zed's MCP documentation, "As Custom
// Servers"); Codex's config.toml takes [mcp_servers.NAME], and the token reaches the server through
// env_vars, never written in a file a project may commit (.codex/config.toml). Each entry starts
// the server (TestR47NewcomerInstallConfigurationsStart). Before: README named none of the three.
func TestR63Newcomer4WindsurfZedCodex(t *testing.T) {
	section := r47NewcomerSection(t, "## Install and configure")
	// Each client's first fenced block after its bold name.
	block := func(client, lang string) string {
		_, after, ok := strings.Cut(section, "**"+client+"**")
		if !ok {
			t.Errorf("Install and configure has no **%s**", client)
			return ""
		}
		m := regexp.MustCompile("(?s)\\A(.*?)```" + lang + "\n(.*?)```").FindStringSubmatch(after)
		if m == nil || strings.Contains(m[1], "\n**") {
			t.Errorf("**%s** is not followed by its own %s block", client, lang)
			return ""
		}
		return m[2]
	}
	type entry struct {
		Command string            `json:"command"`
		Args    []string          `json:"args"`
		Env     map[string]string `json:"env"`
	}
	decode := func(client, key, text string) map[string]entry {
		var file map[string]map[string]entry
		if err := json.Unmarshal([]byte(text), &file); err != nil {
			t.Errorf("%s: %v", client, err)
			return nil
		}
		if len(file) != 1 || file[key] == nil {
			t.Errorf("%s's configuration has %d top-level keys; want %s alone", client, len(file), key)
		}
		return file[key]
	}

	if text := block("Windsurf", "json"); text != "" {
		for name, e := range decode("Windsurf", "mcpServers", text) {
			for k, v := range e.Env {
				if v != "${env:"+k+"}" {
					t.Errorf("Windsurf, server %s: %s is %q; want ${env:%s}, which Windsurf expands", name, k, v, k)
				}
			}
		}
	}
	if text := block("Zed", "json"); text != "" {
		if servers := decode("Zed", "context_servers", text); servers["spice-cloud"].Env["SPICE_API_TOKEN"] == "" {
			t.Errorf("Zed: spice-cloud passes no SPICE_API_TOKEN: %v", servers)
		}
	}
	if text := block("Codex", "toml"); text != "" {
		servers := r63Newcomer4Codex(t, text)
		account := servers["spice-cloud"]
		if !slices.Contains(account.EnvVars, "SPICE_API_TOKEN") {
			t.Errorf("Codex: spice-cloud's env_vars %q does not pass SPICE_API_TOKEN on", account.EnvVars)
		}
		for name, s := range servers {
			for k, v := range s.Env {
				if strings.HasPrefix(k, "SPICE_") {
					t.Errorf("Codex, server %s: env writes %s = %q into config.toml, which a project may commit; pass it in env_vars", name, k, v)
				}
			}
		}
		if !slices.Equal(servers["spice-sandbox"].Args, []string{"--sandbox"}) {
			t.Errorf("Codex: spice-sandbox's args %q; want [--sandbox]", servers["spice-sandbox"].Args)
		}
	}
}

// r63Newcomer4FirstRunFailure is one item of README's "If the first run fails": the message
// quoted, and what follows it in parentheses (the exit code, or "a warning").
type r63Newcomer4FirstRunFailure struct {
	message, after string
}

// r63Newcomer4FirstRunFailures reads the items of README's "If the first run fails".
func r63Newcomer4FirstRunFailures(t *testing.T) []r63Newcomer4FirstRunFailure {
	t.Helper()
	section := r47NewcomerSection(t, "## Install and configure")
	_, fails, ok := strings.Cut(section, "\n### If the first run fails\n")
	if !ok {
		t.Fatal("Install and configure has no ### If the first run fails")
	}
	fails, _, _ = strings.Cut(fails, "\n### ")
	var found []r63Newcomer4FirstRunFailure
	for _, m := range regexp.MustCompile("(?m)^- `([^`]+)` \\(([^)]*)\\)").FindAllStringSubmatch(fails, -1) {
		found = append(found, r63Newcomer4FirstRunFailure{message: m[1], after: m[2]})
	}
	return found
}

// TestR63Newcomer4FirstRunFailuresAreWhatTheServerPrints: a newcomer whose first run failed finds
// in README the message they see, as the server (or, for a command not found, the Node.js a
// desktop client runs on) prints it today, with the exit code README gives, and the remedy README
// gives makes it start. Before: README had no such list, and quoted none of these messages.
func TestR63Newcomer4FirstRunFailuresAreWhatTheServerPrints(t *testing.T) {
	starts := func(where string, env map[string]string, args ...string) outcome {
		t.Helper()
		got := run(t, env, args...)
		if got.code != 0 || !strings.Contains(got.stderr, "serving MCP over stdio") {
			t.Errorf("remedy for %s: %q with %v: exit %d, %q; want it to serve", where, args, env, got.code, got.stderr)
		}
		return got
	}
	token := map[string]string{"SPICE_API_TOKEN": "r63-newcomer4-token"}
	seen := map[string]bool{}
	for _, f := range r63Newcomer4FirstRunFailures(t) {
		var got outcome
		msg := f.message
		switch {
		case strings.HasPrefix(msg, "spawn "):
			seen["spawn"] = true
			r63Newcomer4Spawn(t, msg)
			continue
		case strings.HasPrefix(msg, "SPICE_API_TOKEN is still the placeholder"):
			seen["placeholder"] = true
			for _, v := range []string{"<your token>", "REPLACE-ME"} {
				if got = run(t, map[string]string{"SPICE_API_TOKEN": v}); !strings.Contains(got.stderr, msg) {
					t.Errorf("SPICE_API_TOKEN=%s: stderr %q, not README's %q", v, got.stderr, msg)
				}
			}
			starts(msg, token)
			starts(msg, nil, "--sandbox")
		case strings.HasPrefix(msg, "SPICE_API_TOKEN holds a variable's name"):
			seen["variable"] = true
			got = run(t, map[string]string{"SPICE_API_TOKEN": "${SPICE_API_TOKEN}"})
			starts(msg, token)
		case strings.HasPrefix(msg, "no Spice.ai credentials"):
			seen["none"] = true
			got = run(t, nil)
			for _, remedy := range []outcome{starts(msg, token), starts(msg, nil, "--sandbox")} {
				if strings.Contains(remedy.stderr, msg) {
					t.Errorf("remedy for %q still warns: %q", msg, remedy.stderr)
				}
			}
		case strings.HasPrefix(msg, "flag provided but not defined: "):
			seen["flag"] = true
			got = run(t, nil, strings.TrimPrefix(msg, "flag provided but not defined: "))
			if !strings.Contains(got.stderr, "--sandbox") {
				t.Errorf("%q: the usage after it lists no --sandbox: %q", msg, got.stderr)
			}
			starts(msg, nil, "--sandbox")
		case strings.HasPrefix(msg, "--http ") && strings.Contains(msg, "already in use"):
			seen["inuse"] = true
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
			msg = strings.ReplaceAll(msg, ":8080", ":"+port)
			got = run(t, nil, "--http", "127.0.0.1:"+port, "--sandbox")
			l.Close()
			s := startServer(t, nil, "--http", "127.0.0.1:0", "--sandbox", "--log-format", "json")
			s.stop()
		default:
			t.Errorf("README quotes %q, which this test does not know how to produce", msg)
			continue
		}
		if !strings.Contains(got.stderr, msg) {
			t.Errorf("README quotes %q; the server printed %q", msg, got.stderr)
		}
		switch code, ok := strings.CutPrefix(f.after, "exit "); {
		case ok:
			if want, _, _ := strings.Cut(code, ","); want != strconv.Itoa(got.code) {
				t.Errorf("%q: README says exit %s, the server exits %d", msg, want, got.code)
			}
		case strings.HasPrefix(f.after, "a warning"):
			if got.code != 0 || !strings.Contains(got.stderr, "serving MCP over stdio") {
				t.Errorf("%q: README says the server runs; exit %d, %q", msg, got.code, got.stderr)
			}
		}
	}
	for _, want := range []string{"spawn", "placeholder", "variable", "none", "flag", "inuse"} {
		if !seen[want] {
			t.Errorf("README's If the first run fails lost its %s item", want)
		}
	}
}

// r63Newcomer4Spawn: Node.js, which Claude Desktop, Cursor, VS Code and Windsurf run on, reports a
// command it cannot find on its PATH as README quotes, and starts the absolute path.
func r63Newcomer4Spawn(t *testing.T, msg string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("no node: the spawn message is not checked")
		return
	}
	const script = `const c = require("child_process").spawn(process.argv[1], [], {env: {PATH: process.argv[2]}, stdio: ["ignore", "ignore", "ignore"]});
c.on("error", (e) => { console.log(e.message); });
c.on("exit", (code) => { console.log("exit " + code); });`
	name := strings.Fields(msg)[1]
	out, err := exec.Command(node, "-e", script, name, t.TempDir()).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != msg {
		t.Errorf("node spawning %q off its PATH: %v %q; README quotes %q", name, err, out, msg)
	}
	out, err = exec.Command(node, "-e", script, serverBinary(t), t.TempDir()).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "exit 0" {
		t.Errorf("node spawning the absolute path: %v %q; want it to start and end with its input, exit 0", err, out)
	}
}

// TestR63Newcomer4CodexHTTPEntryHoldsNoToken: README's Streamable HTTP paragraph gives Codex's
// entry inline; put together it is TOML Codex takes ([mcp_servers.NAME] with url and
// bearer_token_env_var, Codex's MCP documentation), reaching the URL `--http 127.0.0.1:8080`
// serves, its token named by variable, never written. Before: README gave no HTTP form for Codex.
func TestR63Newcomer4CodexHTTPEntryHoldsNoToken(t *testing.T) {
	section := strings.Join(strings.Fields(r47NewcomerSection(t, "## Install and configure")), " ")
	m := regexp.MustCompile("`(\\[mcp_servers\\.spice-cloud-http\\])` with `(url = [^`]+)` and `(bearer_token_env_var = [^`]+)`").FindStringSubmatch(section)
	if m == nil {
		t.Fatal("Install and configure gives no Codex HTTP entry: `[mcp_servers.spice-cloud-http]` with `url = …` and `bearer_token_env_var = …`")
	}
	var file struct {
		MCPServers map[string]struct {
			URL               string `toml:"url"`
			BearerTokenEnvVar string `toml:"bearer_token_env_var"`
		} `toml:"mcp_servers"`
	}
	md, err := toml.Decode(strings.Join(m[1:], "\n"), &file)
	if err != nil {
		t.Fatalf("Codex's HTTP entry is not TOML: %v", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		t.Errorf("Codex's HTTP entry has keys it does not take: %v", keys)
	}
	e := file.MCPServers["spice-cloud-http"]
	if e.URL != "http://127.0.0.1:8080/mcp" || e.BearerTokenEnvVar != "SPICE_API_TOKEN" {
		t.Errorf("Codex's HTTP entry: url %q, bearer_token_env_var %q; want the server's http://127.0.0.1:8080/mcp and SPICE_API_TOKEN", e.URL, e.BearerTokenEnvVar)
	}
}
