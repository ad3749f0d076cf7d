package rules

import (
	"os/exec"
	"strings"
	"testing"
)

// The repository rules are what the API answers 400 invalid_repository / invalid_root_directory
// for (openapi.json: "name or owner/name", "no .."): the client refuses them before sending and
// the emulator answers with them.
func TestRepositoryRules(t *testing.T) {
	for repo, ok := range map[string]bool{
		"analytics": true, "acme/analytics": true, "acme-labs/spice.ai_docs": true, strings.Repeat("r", 100): true,
		"": false, "a/b/c/d": false, "a/b/c": false, "../analytics": false, "a/": false, "/a": false, " analytics": false,
		"not a repo": false, strings.Repeat("o", 40) + "/r": false, strings.Repeat("r", 101): false, "acme/ana lytics": false,
	} {
		if got := Repository(repo) == ""; got != ok {
			t.Errorf("Repository(%q) = %q", repo, Repository(repo))
		}
	}
	for dir, ok := range map[string]bool{
		"spice": true, "a/b/c": true, "sales-bi/": true, "./spice": true, "v1.2/pods": true, strings.Repeat("d", 255): true,
		"": false, "../etc": false, "a/../../b": false, "spice/..": false, "a..b": false, "/etc": false, "a b": false,
		" spice": false, `a\b`: false, strings.Repeat("d", 256): false,
	} {
		if got := RootDirectory(dir) == ""; got != ok {
			t.Errorf("RootDirectory(%q) = %q", dir, RootDirectory(dir))
		}
	}
	// Each refusal names the rule broken: "" used to be told "without '..'".
	for dir, want := range map[string]string{
		"": RootDirectoryBlank, "../etc": RootDirectoryMessage, "/etc": RootDirectoryMessage, "a/../b": RootDirectoryMessage,
		"a b": RootDirectoryCharacters, `a\b`: RootDirectoryCharacters, strings.Repeat("d", 256): RootDirectoryCharacters,
	} {
		if got := RootDirectory(dir); got != want {
			t.Errorf("RootDirectory(%q) = %q, want %q", dir, got, want)
		}
	}
}

// TestProductionBranchFollowsGitsRefNameRules: a production_branch must be a name Git could give
// a branch (git check-ref-format): " main " and "a b" were accepted by the client and the
// emulator, though no branch has them.
func TestProductionBranchFollowsGitsRefNameRules(t *testing.T) {
	for _, ok := range []string{"main", "release/2026.10", "feature/x-y_z", "v1.2", "a@b", "dev.lock-free", "ünïcode", "x.lockx", "@x"} {
		if msg := ProductionBranch(ok); msg != "" {
			t.Errorf("ProductionBranch(%q) = %q", ok, msg)
		}
	}
	for bad, why := range map[string]string{
		"": BranchBlank, "  ": BranchBlank, "\n": BranchBlank,
		" main ": "no spaces", "a b": "no spaces", "main\n": "no spaces", "a\tb": "no spaces", "a\x7fb": "control",
		"a..b": `no ".."`, "a~1": `"~"`, "a^": `"^"`, "a:b": `":"`, "a?": `"?"`, "a*": `"*"`, "a[b": `"["`, `a\b`: `"\\"`,
		"/main": `"/"`, "main/": `"/"`, "a//b": `"//"`, ".main": `starting with "."`, "main.": `ending with "."`,
		"a/.b": `starting with "."`, "main.lock": `".lock"`, "a.lock/b": `".lock"`, "a@{1}": `"@{"`,
		"HEAD": `"HEAD" is not`, "-main": `"-"`,
	} {
		msg := ProductionBranch(bad)
		if msg == "" || !strings.Contains(msg, why) {
			t.Errorf("ProductionBranch(%q) = %q, want it refused (%s)", bad, msg, why)
		}
		if strings.Trim(bad, " \t\n") != "" && !strings.HasPrefix(msg, BranchNamePrefix) {
			t.Errorf("ProductionBranch(%q) = %q, want %q…", bad, msg, BranchNamePrefix)
		}
	}
}

// TestProductionBranchAgreesWithGit: the rule refuses exactly what Git refuses. Each row's
// verdict is checked against the rule and, where git is installed, against
// `git check-ref-format --branch`: "@" and a lone NBSP (which git branch creates) used to be
// refused.
func TestProductionBranchAgreesWithGit(t *testing.T) {
	table := []struct {
		name string
		ok   bool
	}{
		{"main", true}, {"@", true}, {"\u00a0", true}, {"a\u00a0b", true}, {"\u2003", true}, {"\u3000x", true},
		{"a@b", true}, {"@a", true}, {"a@", true}, {"@/x", true}, {"x/@", true}, {"x-", true}, {"HEAD/x", true},
		{"x/HEAD", true}, {"head", true}, {"FETCH_HEAD", true}, {"refs/heads/x", true}, {"a.b", true},
		{"a/b.lock.x", true}, {"a{b", true}, {"a}", true}, {"ü", true}, {"\u0085", true},
		{"", false}, {" ", false}, {"\t", false}, {"HEAD", false}, {"@{", false}, {"a@{b", false}, {"-x", false},
		{"-", false}, {"a..b", false}, {".a", false}, {"a/.b", false}, {"a.lock", false}, {"a.lock/b", false},
		{"a/", false}, {"/a", false}, {"a//b", false}, {"a.", false}, {"a b", false}, {"a~", false}, {"a^", false},
		{"a:", false}, {"a?", false}, {"a*", false}, {"a[", false}, {`a\b`, false}, {".", false}, {"..", false},
		{"a/./b", false}, {"a\x7f", false}, {"a\x01", false}, {"a.lock.lock", false}, {"a..lock", false},
	}
	git, _ := exec.LookPath("git")
	for _, row := range table {
		if got := ProductionBranch(row.name) == ""; got != row.ok {
			t.Errorf("ProductionBranch(%q) = %q, want accepted=%v", row.name, ProductionBranch(row.name), row.ok)
		}
		if git == "" {
			continue
		}
		if gitOK := exec.Command(git, "check-ref-format", "--branch", row.name).Run() == nil; gitOK != row.ok {
			t.Errorf("git check-ref-format --branch %q accepts=%v, table says %v", row.name, gitOK, row.ok)
		}
	}
	if git == "" {
		t.Log("git not installed: table checked against the rule only")
	}
}
