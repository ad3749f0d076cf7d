package cli_test

import (
	"encoding/json"
	"regexp"
	"slices"
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
