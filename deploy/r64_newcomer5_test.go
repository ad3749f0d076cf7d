package deploy

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestR64Newcomer5TSClientRunsOnCI: the TypeScript SDK's client (e2e/ts/client.mjs) is run by
// .ci/run itself, not by a Go test that skips without node: .ci/run calls scripts/ts-client.sh
// with the binary it built, which installs e2e/ts/package-lock.json with `npm ci` and gives the
// client README, whose Claude Desktop entries and HTTP header it starts the server with. The
// SDK is pinned exactly, at the version scripts/oauth-discovery.sh pins, in package.json and the
// lock alike; the lock names no download address (npm takes each package from the registry it
// is configured with, a mirror included) and carries each package's integrity; node_modules is
// never committed. Before round 64 no test ran the TypeScript SDK's client over stdio.
func TestR64Newcomer5TSClientRunsOnCI(t *testing.T) {
	ci := readFile(t, ".ci/run")
	build := strings.Index(ci, `go build -o "$server" .`)
	run := strings.Index(ci, `SPICE_MCP_SERVER_CMD="$server" bash scripts/ts-client.sh`)
	if build < 0 || run < build {
		t.Errorf(".ci/run does not run scripts/ts-client.sh with the binary it built (build at %d, run at %d)", build, run)
	}
	script := readFile(t, "scripts/ts-client.sh")
	for _, want := range []string{"npm ci ", `"$src/package-lock.json"`, `node client.mjs "$server" "$repo_root/README.md"`, `cp "$src/client.mjs"`} {
		if !strings.Contains(script, want) {
			t.Errorf("scripts/ts-client.sh lacks %q", want)
		}
	}

	oauth := regexp.MustCompile(`(?m)^MCP_SDK_VERSION=(\S+)`).FindStringSubmatch(readFile(t, "scripts/oauth-discovery.sh"))
	if oauth == nil {
		t.Fatal("scripts/oauth-discovery.sh pins no MCP_SDK_VERSION")
	}
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "e2e/ts/package.json")), &pkg); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"@modelcontextprotocol/sdk": oauth[1]}; len(pkg.Dependencies) != 1 || pkg.Dependencies["@modelcontextprotocol/sdk"] != oauth[1] || len(pkg.DevDependencies) != 0 {
		t.Errorf("e2e/ts/package.json depends on %v %v; want exactly %v (oauth-discovery.sh's pin)", pkg.Dependencies, pkg.DevDependencies, want)
	}
	var lock struct {
		Packages map[string]struct {
			Version      string            `json:"version"`
			Resolved     string            `json:"resolved"`
			Integrity    string            `json:"integrity"`
			Dependencies map[string]string `json:"dependencies"`
		} `json:"packages"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "e2e/ts/package-lock.json")), &lock); err != nil {
		t.Fatal(err)
	}
	if got := lock.Packages[""].Dependencies; len(got) != 1 || got["@modelcontextprotocol/sdk"] != oauth[1] {
		t.Errorf("package-lock.json's root depends on %v, not package.json's pin: run npm install in e2e/ts", got)
	}
	if got := lock.Packages["node_modules/@modelcontextprotocol/sdk"].Version; got != oauth[1] {
		t.Errorf("package-lock.json installs @modelcontextprotocol/sdk %s, want %s", got, oauth[1])
	}
	for name, p := range lock.Packages {
		if name == "" {
			continue
		}
		if p.Resolved != "" || !strings.HasPrefix(p.Integrity, "sha512-") {
			t.Errorf("package-lock.json's %s: resolved %q, integrity %q; want no download address and a sha512 integrity", name, p.Resolved, p.Integrity)
		}
	}
	if !regexp.MustCompile(`(?m)^/e2e/ts/node_modules/$`).MatchString(readFile(t, ".gitignore")) {
		t.Error(".gitignore does not keep e2e/ts/node_modules out of the repository")
	}

	// README's table of the clients run: each script it names is one .ci/run runs, and the SDK's
	// version is the pinned one.
	readme := readFile(t, "README.md")
	table := regexp.MustCompile(`(?s)\*\*Which clients are run against the server\.\*\*.*?\n\n(\|.*?)\n\n`).FindStringSubmatch(readme)
	if table == nil {
		t.Fatal("README has no table under **Which clients are run against the server.**")
	}
	if !strings.Contains(table[1], "`@modelcontextprotocol/sdk` "+oauth[1]+",") {
		t.Errorf("README's table of clients does not name @modelcontextprotocol/sdk %s:\n%s", oauth[1], table[1])
	}
	scripts := regexp.MustCompile("`(scripts/[a-z-]+\\.sh)`").FindAllStringSubmatch(table[1], -1)
	if len(scripts) < 2 {
		t.Errorf("README's table of clients names %d scripts, want ts-client.sh and conformance.sh", len(scripts))
	}
	for _, m := range scripts {
		if !strings.Contains(ci, "bash "+m[1]) {
			t.Errorf("README's table of clients says %s runs a client; .ci/run does not run it", m[1])
		}
	}
}
