package cli_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// r61OthersFlags are flags the product's text names that are no flag of this server: --help and
// --version (answered before the flags are read), the placeholders of the flag-syntax refusals
// (--flag, --name), other programs' (apt-get, docker, npx, the MCP Inspector, claude, curl,
// Chromium's --user-data-dir, which internal/browsertest finds its browser's processes by) and
// the credential flags masking recognises in command lines it masks (psql --password, …).
var r61OthersFlags = []string{
	"help", "version", "flag", "name",
	"no-install-recommends", "network", "net", "network-alias", "net-alias", "link",
	"account-key", "api-key", "auth", "branch", "cli", "config",
	"cookie", "db-pw", "env", "header", "host", "hostname", "masterauth", "method",
	"no-password", "passwd", "password", "password-stdin", "proxy-user", "pw",
	"pwd", "secondary", "token", "token-file", "tool-arg", "tool-name", "transport", "user",
	"verbose", "with-token", "user-data-dir",
}

// TestR61FlagsNamedInTextExist: every --flag the product's own text names (string literals of
// its non-test Go files) is a flag of this server or of sandbox-api, or one of another program's
// it names on purpose (r61OthersFlags). humanweb's ErrNoBase said "set --public-url", a flag no
// command has (--http-public-url is).
func TestR61FlagsNamedInTextExist(t *testing.T) {
	ours := map[string]bool{}
	flagLine := regexp.MustCompile(`(?m)^\s+--?([a-z][a-z0-9-]*)`)
	for _, args := range [][]string{{"--help"}, {"help", "sandbox-api"}} {
		for _, m := range flagLine.FindAllStringSubmatch(run(t, nil, args...).stdout, -1) {
			ours[m[1]] = true
		}
	}
	if !ours["http-public-url"] || !ours["listen"] || !ours["sandbox"] {
		t.Fatalf("the flags read from --help are not the server's: %v", slices.Sorted(func(yield func(string) bool) {
			for f := range ours {
				if !yield(f) {
					return
				}
			}
		}))
	}
	// A flag is two dashes and a lower-case word, not inside a longer word or dash run
	// ("--http-" is a prefix named in prose: checked by what follows it).
	named := regexp.MustCompile(`(?:^|[^A-Za-z0-9-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(-?)`)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, dir := range []string{".", "present", "internal", "mcpserver", "tools", "client", "sandbox", "rules", "api", "prompts"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && dir == "." && path != root:
				return filepath.SkipDir // the root's own files only (main.go); its folders are listed
			case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				for _, m := range named.FindAllStringSubmatch(s, -1) {
					if m[2] == "-" || ours[m[1]] || slices.Contains(r61OthersFlags, m[1]) {
						continue
					}
					t.Errorf("%s: names --%s, which is no flag of this server: %.120q", fset.Position(lit.Pos()), m[1], s)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
