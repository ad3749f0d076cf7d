package rules

import (
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
}
