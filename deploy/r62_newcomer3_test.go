package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
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

// TestR62Newcomer3DevBuildWritesNoServerJSON: scripts/mcpb.sh pack wrote dist/server.json for
// any build, so a dev build's (git describe 079fb58, no tag) named
// …/releases/download/079fb58/spice-cloud-mcp-079fb58.mcpb, a download that does not exist, and
// the image ghcr.io/…:0.0.0-dev.g079fb58, never pushed. A dev build now writes none; a release's
// bundle gets its server.json, through the same `server-json` step pack runs (before, that
// command did not exist: usage, exit 2).
func TestR62Newcomer3DevBuildWritesNoServerJSON(t *testing.T) {
	for _, tool := range []string{"bash", "node", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip("no " + tool)
		}
	}
	script := readFile(t, "scripts/mcpb.sh")
	if !strings.Contains(script, "if release_version \"$version\"; then\n\twrite_server_json \"$bundle\" \"$outdir\"") {
		t.Error("scripts/mcpb.sh pack does not write server.json through write_server_json for releases only")
	}
	run := func(version string) (string, string, error) {
		dir := t.TempDir()
		bundle := dir + "/spice-cloud-mcp-" + version + ".mcpb"
		if err := os.WriteFile(bundle, []byte("r62 bundle "+version), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", root+"/scripts/mcpb.sh", "server-json", bundle)
		out, err := cmd.CombinedOutput()
		return dir, string(out), err
	}
	for _, dev := range []string{"079fb58", "v0.1.0-3-g079fb58", "v0.1.0-dirty", "v0.1.0-3-g079fb58-dirty", "dev"} {
		dir, out, err := run(dev)
		if err == nil || !strings.Contains(out, "dev build") || !strings.Contains(out, "SPICE_MCP_VERSION=vX.Y.Z") {
			t.Errorf("server-json for a %s bundle: %v, %q; want it refused, saying it is a dev build and how a release is made", dev, err, out)
		}
		if _, err := os.Stat(dir + "/server.json"); err == nil {
			t.Errorf("server-json for a %s bundle wrote server.json", dev)
		}
	}
	for _, release := range []string{"v1.2.3", "v1.2.3-rc.1"} {
		dir, out, err := run(release)
		if err != nil {
			t.Errorf("server-json for a %s bundle: %v %s", release, err, out)
			continue
		}
		var s struct {
			Version  string `json:"version"`
			Packages []struct {
				RegistryType string `json:"registryType"`
				Identifier   string `json:"identifier"`
				FileSha256   string `json:"fileSha256"`
			} `json:"packages"`
		}
		raw, err := os.ReadFile(dir + "/server.json")
		if err == nil {
			err = json.Unmarshal(raw, &s)
		}
		if err != nil {
			t.Fatalf("%s: server.json: %v", release, err)
		}
		bare := strings.TrimPrefix(release, "v")
		if s.Version != bare {
			t.Errorf("%s: server.json version %q", release, s.Version)
		}
		for _, p := range s.Packages {
			switch p.RegistryType {
			case "mcpb":
				if want := "https://github.com/spice-cloud-mcp/spice-cloud-mcp/releases/download/" + release + "/spice-cloud-mcp-" + release + ".mcpb"; p.Identifier != want {
					t.Errorf("%s: mcpb identifier %q, want %q", release, p.Identifier, want)
				}
				if sum := sha256.Sum256([]byte("r62 bundle " + release)); p.FileSha256 != hex.EncodeToString(sum[:]) {
					t.Errorf("%s: fileSha256 %q is not the bundle's", release, p.FileSha256)
				}
			case "oci":
				if !strings.HasSuffix(p.Identifier, ":"+bare) {
					t.Errorf("%s: oci identifier %q, want the tag %s", release, p.Identifier, bare)
				}
			}
		}
	}
}

// TestR62Newcomer3BundleScriptRunsWithoutGNUTools: scripts/mcpb.sh pack smoke-tests the bundle on
// macOS hosts too (Darwin/arm64, Darwin/x86_64), where GNU coreutils' sha256sum and timeout are
// not installed; it hashed the bundle with sha256sum and bounded the smoke test with timeout, so on
// macOS it stopped there. server-json, run with a PATH holding only what macOS ships (shasum, no
// sha256sum, no timeout), writes the release's server.json with the bundle's SHA-256; pack calls
// timeout only where there is one. Before: "sha256sum: command not found", exit 127.
func TestR62Newcomer3BundleScriptRunsWithoutGNUTools(t *testing.T) {
	bin := t.TempDir()
	for _, tool := range []string{"bash", "node", "shasum", "perl", "cut", "dirname", "basename"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skip("no " + tool)
		}
		if err := os.Symlink(p, bin+"/"+tool); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	bundle := dir + "/spice-cloud-mcp-v1.2.3.mcpb"
	if err := os.WriteFile(bundle, []byte("r62 macOS bundle"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin+"/bash", root+"/scripts/mcpb.sh", "server-json", bundle)
	cmd.Env = append(os.Environ(), "PATH="+bin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("server-json without sha256sum: %v %s", err, out)
	}
	var s struct {
		Packages []struct {
			FileSha256 string `json:"fileSha256"`
		} `json:"packages"`
	}
	raw, err := os.ReadFile(dir + "/server.json")
	if err == nil {
		err = json.Unmarshal(raw, &s)
	}
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("r62 macOS bundle"))
	if !slices.ContainsFunc(s.Packages, func(p struct {
		FileSha256 string `json:"fileSha256"`
	}) bool {
		return p.FileSha256 == hex.EncodeToString(sum[:])
	}) {
		t.Errorf("server.json carries no fileSha256 of the bundle: %s", raw)
	}
	for i, line := range strings.Split(readFile(t, "scripts/mcpb.sh"), "\n") {
		code, _, _ := strings.Cut(strings.TrimSpace(line), "#")
		if regexp.MustCompile(`(^|[\s(|;&])timeout\s+-`).MatchString(code) && !strings.Contains(code, "command -v timeout") {
			t.Errorf("scripts/mcpb.sh:%d calls timeout, which macOS lacks, unguarded: %s", i+1, strings.TrimSpace(line))
		}
	}
}

// TestR62Newcomer3KubernetesSecretKeysAreREADMEs: README's Kubernetes paragraph tells the reader
// which of the Secret's placeholders to replace (`openssl rand -hex 32` for each key it names). Each
// key it names is a placeholder of deploy/kubernetes/secret.yaml, and each placeholder the
// Secret commits is named, so an apply after following README starts. Held.
func TestR62Newcomer3KubernetesSecretKeysAreREADMEs(t *testing.T) {
	readme := readFile(t, "README.md")
	_, k8s, ok := strings.Cut(readme, "**Kubernetes**: ")
	if !ok {
		t.Fatal("README has no **Kubernetes** paragraph")
	}
	k8s, _, _ = strings.Cut(k8s, "\n\n")
	m := regexp.MustCompile("Replace them \\(`openssl rand -hex 32` for\\s+((?:`[a-z-]+`(?:,\\s+|\\s+and\\s+)?)+)\\)").FindStringSubmatch(k8s)
	if m == nil {
		t.Fatal("README's Kubernetes paragraph no longer says which Secret keys to replace (\"Replace them (`openssl rand -hex 32` for `…` and `…`)\")")
	}
	named := map[string]bool{}
	for _, k := range regexp.MustCompile("`([a-z-]+)`").FindAllStringSubmatch(m[1], -1) {
		named[k[1]] = true
	}
	placeholders := map[string]bool{}
	objs, _ := loadObjects(t)
	for _, o := range objs {
		if sec, ok := o.obj.(*corev1.Secret); ok {
			for key, v := range sec.StringData {
				if strings.Contains(v, "REPLACE-ME") {
					placeholders[key] = true
				}
			}
		}
	}
	if len(placeholders) == 0 {
		t.Fatal("deploy/kubernetes has no Secret with placeholders")
	}
	for k := range named {
		if !placeholders[k] {
			t.Errorf("README says to replace the Secret's %s, which deploy/kubernetes/secret.yaml does not hold as a placeholder", k)
		}
	}
	for k := range placeholders {
		if !named[k] {
			t.Errorf("deploy/kubernetes/secret.yaml commits the placeholder %s, which README does not say to replace", k)
		}
	}
}

// TestR62Newcomer3TermsAreExplainedAtFirstUse: a newcomer reads README from the top, so each MCP
// term its first sections use is explained (or linked) where it first appears, not later or
// never: MCP itself, stdio, the MCP Bundle, the approval page, SSE, the protocol eras and
// elicitation. Before, MCP was never expanded nor linked, and "2025-era", SSE, elicitation and
// .mcpb were used unexplained (e.g. `MCP: first used at byte 21, explained nowhere`).
func TestR62Newcomer3TermsAreExplainedAtFirstUse(t *testing.T) {
	readme := strings.Join(strings.Fields(readFile(t, "README.md")), " ") // lines joined
	for _, term := range []struct{ use, explained string }{
		{"MCP", "[MCP, the Model Context Protocol](https://modelcontextprotocol.io)"},
		{"stdio", `standard input and output ("stdio")`},
		{".mcpb", "an MCP Bundle (a zip of the server's binaries and a manifest"},
		{"approval and secret-entry page", "a local web page where you approve"},
		{"SSE", "SSE, Server-Sent Events"},
		{"2025-era", `called "2025-era" here`},
		{"elicitation", "MCP's way for a server to ask the person a question"},
	} {
		first := strings.Index(readme, term.use)
		at := strings.Index(readme, term.explained)
		switch {
		case at < 0:
			t.Errorf("%s: first used at byte %d, explained nowhere (want %q)", term.use, first, term.explained)
		case at > first+300:
			t.Errorf("%s: first used at byte %d, explained only at byte %d", term.use, first, at)
		}
	}
}

// TestR62Newcomer3HTTPConfigsHoldNoToken: README gave the Streamable HTTP form for Claude Code
// alone; VS Code and Cursor users had none. Their inline entries parse, reach the URL the server
// serves (`--http 127.0.0.1:8080` serves /mcp), in the form each client documents (VS Code: type
// http, url, headers; Cursor: url, headers, no type needed), and send the bearer token as a
// reference the client expands: VS Code's `${input:ID}` of the password input README declares,
// Cursor's `${env:SPICE_API_TOKEN}`. Before: "README gives 0 VS Code (type http) and 0 Cursor HTTP entries".
func TestR62Newcomer3HTTPConfigsHoldNoToken(t *testing.T) {
	readme := strings.Join(strings.Fields(readFile(t, "README.md")), " ")
	type entry struct {
		Type    string            `json:"type"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
	}
	var vscode, cursor int
	for _, m := range regexp.MustCompile("`(\"spice-cloud-http\": \\{[^`]*\\})`").FindAllStringSubmatch(readme, -1) {
		var servers map[string]entry
		dec := json.NewDecoder(strings.NewReader("{" + m[1] + "}"))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&servers); err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		e := servers["spice-cloud-http"]
		if e.URL != "http://127.0.0.1:8080/mcp" {
			t.Errorf("%s: url %q, want the server's http://127.0.0.1:8080/mcp", m[1], e.URL)
		}
		auth := e.Headers["Authorization"]
		switch e.Type {
		case "http":
			vscode++
			if !regexp.MustCompile(`^Bearer \$\{input:spice-token\}$`).MatchString(auth) || !strings.Contains(readme, `"id": "spice-token", "description": "Spice.ai API token", "password": true`) {
				t.Errorf("%s: Authorization %q; want Bearer ${input:spice-token}, the password input README declares", m[1], auth)
			}
		case "":
			cursor++
			if auth != "Bearer ${env:SPICE_API_TOKEN}" {
				t.Errorf("%s: Authorization %q; want Bearer ${env:SPICE_API_TOKEN}", m[1], auth)
			}
		default:
			t.Errorf("%s: type %q", m[1], e.Type)
		}
	}
	if vscode != 1 || cursor != 1 {
		t.Errorf("README gives %d VS Code (type http) and %d Cursor HTTP entries; want one each", vscode, cursor)
	}
}
