package gendocs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// root is the repository root, from this package's directory (internal/gendocs). The tests read
// nothing outside it.
const root = "../.."

func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedFilesAreFresh fails when a checked-in file differs from what the catalogue and the
// prompts generate.
func TestGeneratedFilesAreFresh(t *testing.T) {
	if !regexp.MustCompile(`(?m)^module github\.com/spice-cloud-mcp/spice-cloud-mcp$`).Match(readRepoFile(t, "go.mod")) {
		t.Fatalf("%s is not this repository's root", root)
	}
	files, err := Generate(root)
	if err != nil {
		t.Fatalf("generating: %v", err)
	}
	for _, f := range files {
		have := readRepoFile(t, f.Path)
		if !bytes.Equal(have, f.Content) {
			line, h, w := firstDifference(have, f.Content)
			t.Errorf("%s is stale: it differs from what the tool catalogue (tools/) and the prompts (prompts/) generate; "+
				"run `%s` and commit the result.\nFirst difference, line %d:\n  checked in: %s\n  generated:  %s",
				f.Path, Command, line, h, w)
		}
	}
}

// firstDifference returns the first line (1-based) where a and b differ, and both versions.
func firstDifference(a, b []byte) (int, string, string) {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; ; i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y || i >= len(la) || i >= len(lb) {
			return i + 1, clip(x), clip(y)
		}
	}
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// generated runs the three generators on the checked-in files, in memory.
func generated(t *testing.T) (readmeOut, manifestOut, serverOut []byte) {
	t.Helper()
	defs, err := promptDefs()
	if err != nil {
		t.Fatal(err)
	}
	if readmeOut, err = readme(readRepoFile(t, "README.md"), tools.All()); err != nil {
		t.Fatal(err)
	}
	if manifestOut, err = manifest(readRepoFile(t, "manifest.json"), tools.All(), defs); err != nil {
		t.Fatal(err)
	}
	if serverOut, err = serverJSON(readRepoFile(t, "server.json")); err != nil {
		t.Fatal(err)
	}
	return readmeOut, manifestOut, serverOut
}

func TestGenerationIsIdempotent(t *testing.T) {
	r, m, s := generated(t)
	defs, _ := promptDefs()
	r2, err := readme(r, tools.All())
	if err != nil || !bytes.Equal(r, r2) {
		t.Errorf("README.md: a second run changes the output (%v)", err)
	}
	m2, err := manifest(m, tools.All(), defs)
	if err != nil || !bytes.Equal(m, m2) {
		t.Errorf("manifest.json: a second run changes the output (%v)", err)
	}
	s2, err := serverJSON(s)
	if err != nil || !bytes.Equal(s, s2) {
		t.Errorf("server.json: a second run changes the output (%v)", err)
	}
}

// TestREADMETables checks the tables against the catalogue independently of the renderer.
func TestREADMETables(t *testing.T) {
	r, _, _ := generated(t)
	region := string(r)
	region = region[strings.Index(region, readmeBegin):strings.Index(region, readmeEnd)]
	for _, tool := range tools.All() {
		row := regexp.MustCompile("(?m)^\\| `" + tool.Name + "` \\|.*\\| " + regexp.QuoteMeta(hints(tool)) + " \\| " + regexp.QuoteMeta(scopes(tool)) + " \\|$")
		if n := len(row.FindAllString(region, -1)); n != 1 {
			t.Errorf("README.md: %d table rows for %s, want 1 ending in %q | %q", n, tool.Name, hints(tool), scopes(tool))
		}
	}
	if rows := strings.Count(region, "\n| `"); rows != len(tools.All()) {
		t.Errorf("README.md: %d tool rows for %d tools", rows, len(tools.All()))
	}
}

func TestHints(t *testing.T) {
	for _, c := range []struct {
		tool tools.Tool
		want string
	}{
		{tools.Tool{ReadOnly: true, Idempotent: true}, "read-only"},
		{tools.Tool{}, "write"},
		{tools.Tool{Idempotent: true}, "write, idempotent"},
		{tools.Tool{Destructive: true}, "destructive"},
		{tools.Tool{Destructive: true, Idempotent: true}, "destructive"},
	} {
		if got := hints(c.tool); got != c.want {
			t.Errorf("hints(%+v) = %q, want %q", c.tool, got, c.want)
		}
	}
}

// TestManifestFollowsTheCatalogue hand-edits the generated parts (drifted, missing, extra and
// reordered entries) and checks generation restores them without touching anything else.
func TestManifestFollowsTheCatalogue(t *testing.T) {
	_, want, _ := generated(t)
	defs, _ := promptDefs()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(want, &doc); err != nil {
		t.Fatal(err)
	}
	drifted := want
	drifted = bytes.Replace(drifted, []byte(`"description": "`+jsonEscaped(tools.All()[0].Description)+`"`), []byte(`"description": "old text"`), 1)
	drifted = regexp.MustCompile(`(?m)^    \{ "name": "list_regions".*\n`).ReplaceAll(drifted, nil)
	drifted = bytes.Replace(drifted, []byte(`"tools": [`), []byte(`"tools": [
    { "name": "gone_tool", "description": "Removed long ago." },`), 1)
	drifted = bytes.Replace(drifted, []byte(`"description": "`+jsonEscaped(defs[0].Description)+`"`), []byte(`"description": "stale"`), 1)
	drifted = bytes.Replace(drifted, []byte(`"arguments": ["name", "region", "spicepod"]`), []byte(`"arguments": ["name"]`), 1)
	if bytes.Equal(drifted, want) || !json.Valid(drifted) {
		t.Fatal("the test's edits did not apply")
	}
	got, err := manifest(drifted, tools.All(), defs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		line, h, w := firstDifference(got, want)
		t.Errorf("generation did not restore manifest.json; line %d:\n  got:  %s\n  want: %s", line, h, w)
	}
}

func jsonEscaped(s string) string {
	q := jsonString(s)
	return q[1 : len(q)-1]
}

func TestManifestPromptsWithoutTextFail(t *testing.T) {
	defs, _ := promptDefs()
	src := readRepoFile(t, "manifest.json")
	name := prompts.Names()[len(prompts.Names())-1]
	re := regexp.MustCompile(`(?s),\s*\{\s*"name": "` + name + `".*?\n    \}`)
	src = re.ReplaceAll(src, nil)
	if !json.Valid(src) || bytes.Contains(src, []byte(`"`+name+`"`)) {
		t.Fatal("the test's edit did not apply")
	}
	_, err := manifest(src, tools.All(), defs)
	if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), Command) {
		t.Errorf("a prompt without text in manifest.json: error %v, want one naming %s and %q", err, name, Command)
	}
}

func TestServerJSONToolsets(t *testing.T) {
	_, _, s := generated(t)
	var doc struct {
		Packages []struct {
			PackageArguments []struct{ Name, Description string }
		}
	}
	if err := json.Unmarshal(s, &doc); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range doc.Packages {
		for _, a := range p.PackageArguments {
			if a.Name == "--toolsets" {
				found++
				if !strings.Contains(a.Description, strings.Join(tools.Toolsets, ", ")) {
					t.Errorf("server.json --toolsets description %q does not list %v", a.Description, tools.Toolsets)
				}
			}
		}
	}
	if found == 0 {
		t.Error("server.json has no --toolsets package argument")
	}
	if _, err := serverJSON([]byte(`{"packages": [{"packageArguments": []}]}`)); err == nil {
		t.Error("serverJSON accepts a file without a --toolsets argument")
	}
}

func TestReadmeMarkers(t *testing.T) {
	body := "generated\n"
	for _, c := range []struct{ src, want string }{
		{"a\n" + readmeBegin + "\nold\n" + readmeEnd + "\nb\n", "a\n" + readmeBegin + "\ngenerated\n" + readmeEnd + "\nb\n"},
		{"a\n" + readmeBegin + "\n" + readmeEnd + "\n", "a\n" + readmeBegin + "\ngenerated\n" + readmeEnd + "\n"},
		{"no markers\n", ""},
		{readmeBegin + "\n" + readmeEnd + "\n" + readmeBegin + "\n", ""},
		{readmeEnd + "\n" + readmeBegin + "\n", ""},
		{"x " + readmeBegin + " y " + readmeEnd + "\n", ""},
	} {
		got, err := replaceRegion([]byte(c.src), readmeBegin, readmeEnd, body)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("replaceRegion(%q) accepted bad markers: %q", c.src, got)
		case c.want != "" && (err != nil || string(got) != c.want):
			t.Errorf("replaceRegion(%q) = %q, %v; want %q", c.src, got, err, c.want)
		}
	}
}

func TestSpliceKeepsLayout(t *testing.T) {
	src := []byte(`{
  "a": [1, 2,  3],
  "b": { "c": [ {"d": "x"}, {"d": "y", "e": true} ] },
  "z": "last"
}
`)
	got, err := splice(src, jsonPath{"b", "c", 1, "d"}, func(string) string { return `"new"` })
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Replace(src, []byte(`"y"`), []byte(`"new"`), 1); !bytes.Equal(got, want) {
		t.Errorf("splice:\n%s\nwant\n%s", got, want)
	}
	got, err = splice(src, jsonPath{"a"}, func(indent string) string { return "[\n" + indent + "  4\n" + indent + "]" })
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Replace(src, []byte(`[1, 2,  3]`), []byte("[\n    4\n  ]"), 1); !bytes.Equal(got, want) {
		t.Errorf("splice with indent:\n%s\nwant\n%s", got, want)
	}
	for _, path := range []jsonPath{{"missing"}, {"b", "c", 5}, {"a", "x"}, {"z", "y"}} {
		if _, err := splice(src, path, func(string) string { return "0" }); err == nil {
			t.Errorf("splice at %s: no error", path)
		}
	}
	if _, err := splice(src, jsonPath{"z"}, func(string) string { return `"unterminated` }); err == nil {
		t.Error("splice accepted a value that breaks the JSON")
	}
	if _, err := splice(src, jsonPath{"z"}, func(string) string { return `"x", "extra": 1` }); err == nil {
		t.Error("splice accepted a value that adds a key")
	}
}
