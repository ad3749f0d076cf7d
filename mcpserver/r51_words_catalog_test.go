package mcpserver_test

import (
	"encoding/json"
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

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r51WordsToolLike is a word shaped as a tool name: a verb of the catalogue's, an underscore
// and more ("get_logs" would be one that does not exist).
var r51WordsToolLike = regexp.MustCompile(`\b(?:list|get|create|update|delete|set|add|remove|pause|resume|rotate|regenerate|wait|rollback|describe|fork|connect|check)_[a-z0-9_]*[a-z0-9]\b`)

// r51WordsCall is an exact call as results write it: `tool {json}`.
var r51WordsCall = regexp.MustCompile("`([a-z_]+) (\\{[^`]*\\})`")

// r51WordsNotTools are tool-shaped words that are neither tools nor arguments, rightly: the
// API's error codes and a spicepod parameter.
var r51WordsNotTools = []string{"fork_placement_required", "fork_name_unavailable", "fork_source_has_no_spicepod",
	"fork_source_spicepod_invalid", "fork_source_loads_repository_files", "fork_source_repository_unreadable", "connect_timeout",
	"add_user"} // rabbitmqctl's command, which masking reads a password after

// r51WordsCatalog is every tool's argument names, by tool, in every confirmation mode (confirm
// is offered under --confirm=agent only).
func r51WordsCatalog(t *testing.T) map[string][]string {
	args := map[string][]string{}
	for _, mode := range []tools.ConfirmMode{"", tools.ConfirmAgent} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: mode}})
		for _, tool := range h.listTools(t) {
			for name := range tool.InputSchema.Properties {
				if !slices.Contains(args[tool.Name], name) {
					args[tool.Name] = append(args[tool.Name], name)
				}
			}
			if args[tool.Name] == nil {
				args[tool.Name] = []string{}
			}
		}
	}
	return args
}

// r51WordsShown is what a result golden shows the agent or the user: the text inside its
// fences, not the calls the cases make (some of which are wrong on purpose).
func r51WordsShown(golden string) string {
	var b strings.Builder
	in := false
	for line := range strings.SplitSeq(golden, "\n") {
		if strings.HasPrefix(line, "````") {
			in = !in
			continue
		}
		if in {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// r51WordsCheckText reports, in what, a call to a tool that does not exist or with an argument
// it does not take, and a tool-shaped word that is neither a tool nor any tool's argument.
func r51WordsCheckText(t *testing.T, catalog map[string][]string, what, text string) {
	t.Helper()
	for _, m := range r51WordsCall.FindAllStringSubmatch(text, -1) {
		takes, ok := catalog[m[1]]
		if !ok {
			t.Errorf("%s: a call to %s, which is no tool: %s", what, m[1], m[0])
			continue
		}
		var args map[string]any
		if err := json.Unmarshal([]byte(m[2]), &args); err != nil {
			continue // an example of bad JSON, or a placeholder
		}
		for name := range args {
			if !slices.Contains(takes, name) {
				t.Errorf("%s: %s takes no argument %q: %s", what, m[1], name, m[0])
			}
		}
	}
	for _, w := range r51WordsToolLike.FindAllString(text, -1) {
		if _, ok := catalog[w]; ok || slices.Contains(r51WordsNotTools, w) {
			continue
		}
		if slices.ContainsFunc(slices.Collect(mapsValues(catalog)), func(args []string) bool { return slices.Contains(args, w) }) {
			continue
		}
		t.Errorf("%s: %q names no tool and no argument", what, w)
	}
}

func mapsValues(m map[string][]string) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// TestR51WordsResultsNameRealToolsAndArguments: every call a result golden shows names a tool
// of the catalogue with arguments it takes, and every tool-shaped word in them is a tool or an
// argument.
func TestR51WordsResultsNameRealToolsAndArguments(t *testing.T) {
	catalog := r51WordsCatalog(t)
	files, _ := filepath.Glob("testdata/results/*.md")
	if len(files) == 0 {
		t.Fatal("no result goldens")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r51WordsCheckText(t, catalog, filepath.Base(f), r51WordsShown(string(b)))
	}
}

// TestR51WordsPresentTextsNameRealToolsAndArguments: the same for every string literal of
// present/ (the texts results are built from, including those no golden shows).
func TestR51WordsPresentTextsNameRealToolsAndArguments(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	catalog := r51WordsCatalog(t)
	fset := token.NewFileSet()
	files, _ := filepath.Glob("../present/*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			r51WordsCheckText(t, catalog, fset.Position(lit.Pos()).String(), s)
			return true
		})
	}
}
