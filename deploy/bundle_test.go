package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ---- manifest.json and server.json -------------------------------------------------------------

type userConfig struct {
	Type      string `json:"type"`
	Sensitive bool   `json:"sensitive"`
	Required  bool   `json:"required"`
	Default   any    `json:"default"`
}

type mcpConfig struct {
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
}

type manifest struct {
	ManifestVersion string `json:"manifest_version"`
	Version         string `json:"version"`
	Icon            string `json:"icon"`
	Server          struct {
		Type       string `json:"type"`
		EntryPoint string `json:"entry_point"`
		MCPConfig  struct {
			mcpConfig
			PlatformOverrides map[string]mcpConfig `json:"platform_overrides"`
		} `json:"mcp_config"`
	} `json:"server"`
	Tools []struct {
		Name string `json:"name"`
	} `json:"tools"`
	Prompts []struct {
		Name      string   `json:"name"`
		Arguments []string `json:"arguments"`
		Text      string   `json:"text"`
	} `json:"prompts"`
	UserConfig map[string]userConfig `json:"user_config"`
}

func TestBundleManifest(t *testing.T) {
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Server.Type != "binary" {
		t.Errorf("server.type %q, want binary", m.Server.Type)
	}
	if m.Icon != "" {
		if _, err := os.Stat(filepath.Join(root, m.Icon)); err != nil {
			t.Errorf("icon: %v", err)
		}
	}

	// Every ${user_config.x} must name an option with a default: hosts substitute only known
	// values, and an unset one would reach the server as the literal "${user_config.x}".
	// Booleans must be spelled --flag=${...}: Go's flag package reads "--flag value" as a
	// positional argument for booleans.
	configs := []mcpConfig{m.Server.MCPConfig.mcpConfig}
	for _, o := range m.Server.MCPConfig.PlatformOverrides {
		configs = append(configs, o)
	}
	ref := regexp.MustCompile(`\$\{user_config\.([A-Za-z0-9_]+)\}`)
	used := map[string]bool{}
	for _, cfg := range configs {
		check := func(where, s string) {
			for _, mm := range ref.FindAllStringSubmatch(s, -1) {
				used[mm[1]] = true
				opt, ok := m.UserConfig[mm[1]]
				switch {
				case !ok:
					t.Errorf("%s uses undefined user_config.%s", where, mm[1])
				case opt.Default == nil && !opt.Required:
					t.Errorf("user_config.%s (used in %s) is optional but has no default", mm[1], where)
				case opt.Type == "boolean" && !regexp.MustCompile(`^--[a-z-]+=\$\{user_config\.`+mm[1]+`\}$`).MatchString(s):
					t.Errorf("boolean user_config.%s must be passed as --flag=${user_config.%s}, not %q", mm[1], mm[1], s)
				}
			}
		}
		for _, a := range cfg.Args {
			check("args", a)
		}
		for k, v := range cfg.Env {
			check("env "+k, v)
		}
	}
	for name, opt := range m.UserConfig {
		if !used[name] {
			t.Errorf("user_config.%s is never passed to the server", name)
		}
		if regexp.MustCompile(`token|secret|password`).MatchString(name) && !opt.Sensitive {
			t.Errorf("user_config.%s must be sensitive", name)
		}
	}

	// Every flag passed exists on the command line.
	cli := ""
	files, _ := filepath.Glob(filepath.Join(root, "internal", "cli", "*.go"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		cli += string(b)
	}
	for _, cfg := range configs {
		for _, a := range cfg.Args {
			if !strings.HasPrefix(a, "--") {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if !regexp.MustCompile(`fs\.\w+\("` + regexp.QuoteMeta(name) + `"`).MatchString(cli) {
				t.Errorf("manifest passes --%s, which internal/cli does not define", name)
			}
		}
	}

	// The tools and prompts declared are the ones the server has.
	var golden struct {
		Tools []struct {
			Name string `json:"name"`
		} `json:"tools"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "mcpserver/testdata/tools.golden.json")), &golden); err != nil {
		t.Fatal(err)
	}
	var have, want []string
	for _, tool := range m.Tools {
		have = append(have, tool.Name)
	}
	for _, tool := range golden.Tools {
		want = append(want, tool.Name)
	}
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("manifest.json tools %v\ndiffer from the server's (mcpserver/testdata/tools.golden.json) %v", have, want)
	}
	have, want = nil, nil
	for _, p := range m.Prompts {
		have = append(have, p.Name)
		// The text Claude Desktop sends uses every argument the person is asked for, and only those.
		var used []string
		for _, mm := range regexp.MustCompile(`\$\{arguments\.([a-z_]+)\}`).FindAllStringSubmatch(p.Text, -1) {
			used = append(used, mm[1])
		}
		for _, a := range p.Arguments {
			if !slices.Contains(used, a) {
				t.Errorf("manifest.json prompt %s declares the argument %s but its text never uses ${arguments.%s}", p.Name, a, a)
			}
		}
		for _, u := range used {
			if !slices.Contains(p.Arguments, u) {
				t.Errorf("manifest.json prompt %s uses ${arguments.%s}, which it does not declare", p.Name, u)
			}
		}
	}
	for _, mm := range regexp.MustCompile(`mcp\.NewPrompt\("([a-z_]+)"`).FindAllStringSubmatch(readFile(t, "prompts/prompts.go"), -1) {
		want = append(want, mm[1])
	}
	slices.Sort(have)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(have, want) {
		t.Errorf("manifest.json prompts %v differ from prompts/prompts.go %v", have, want)
	}
}

func TestRegistryServerJSON(t *testing.T) {
	var s struct {
		Schema      string `json:"$schema"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Version     string `json:"version"`
		Repository  struct {
			URL    string `json:"url"`
			Source string `json:"source"`
		} `json:"repository"`
		Packages []struct {
			RegistryType         string                `json:"registryType"`
			Identifier           string                `json:"identifier"`
			FileSha256           string                `json:"fileSha256"`
			Transport            struct{ Type string } `json:"transport"`
			EnvironmentVariables []struct {
				Name     string `json:"name"`
				IsSecret bool   `json:"isSecret"`
			} `json:"environmentVariables"`
		} `json:"packages"`
	}
	dec := json.NewDecoder(strings.NewReader(readFile(t, "server.json")))
	if err := dec.Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Schema != "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json" {
		t.Errorf("$schema %s: expected the 2025-12-11 server schema", s.Schema)
	}
	if !regexp.MustCompile(`^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`).MatchString(s.Name) {
		t.Errorf("name %q is not reverse-DNS/name", s.Name)
	}
	if n := len(s.Description); n == 0 || n > 100 {
		t.Errorf("description is %d characters: the registry allows 1-100", n)
	}
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if s.Version != m.Version {
		t.Errorf("server.json version %s != manifest.json version %s", s.Version, m.Version)
	}
	if owner := strings.TrimPrefix(s.Name, "io.github."); owner != s.Name {
		owner, _, _ = strings.Cut(owner, "/")
		if !strings.HasPrefix(s.Repository.URL, "https://github.com/"+owner+"/") {
			t.Errorf("name %s is in the io.github.%s namespace but the repository is %s", s.Name, owner, s.Repository.URL)
		}
	}
	types := map[string]bool{}
	for _, p := range s.Packages {
		types[p.RegistryType] = true
		if p.Transport.Type != "stdio" {
			t.Errorf("%s package transport %q, want stdio", p.RegistryType, p.Transport.Type)
		}
		for _, e := range p.EnvironmentVariables {
			if secretName.MatchString(e.Name) && !regexp.MustCompile(`_CLIENT_ID$`).MatchString(e.Name) && !e.IsSecret {
				t.Errorf("%s package: environment variable %s must be isSecret", p.RegistryType, e.Name)
			}
		}
		switch p.RegistryType {
		case "oci":
			if !regexp.MustCompile(`^[a-z0-9.-]+/[a-z0-9._/-]+:[A-Za-z0-9._-]+$`).MatchString(p.Identifier) {
				t.Errorf("oci identifier %q: want registry/namespace/image:tag", p.Identifier)
			}
		case "mcpb":
			if !strings.HasPrefix(p.Identifier, s.Repository.URL+"/releases/download/") || !strings.Contains(p.Identifier, "mcp") {
				t.Errorf("mcpb identifier %q: want a release asset of %s", p.Identifier, s.Repository.URL)
			}
			if !regexp.MustCompile(`^[a-f0-9]{64}$`).MatchString(p.FileSha256) {
				t.Errorf("mcpb fileSha256 %q is not a SHA-256 hex digest", p.FileSha256)
			}
		}
	}
	if !types["oci"] || !types["mcpb"] {
		t.Errorf("want an oci and an mcpb package, got %v", types)
	}
}
