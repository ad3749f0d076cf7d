package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

var update = flag.Bool("update", false, "rewrite testdata/tools.golden.json")

// catalogueJSON is the tools/list result as a client receives it.
func catalogueJSON(t *testing.T, outputSchemas bool) []byte {
	t.Helper()
	h := newHarness(t, harnessOptions{outputSchemas: outputSchemas})
	raw, err := json.Marshal(map[string]any{"tools": h.listTools(t)})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestToolsGoldenSnapshot(t *testing.T) {
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, catalogueJSON(t, false), "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "tools.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./mcpserver -run TestToolsGoldenSnapshot -update to create it)", err)
	}
	if !bytes.Equal(want, pretty.Bytes()) {
		t.Errorf("tools/list changed; if deliberate, run go test ./mcpserver -run TestToolsGoldenSnapshot -update and review the diff.\ngot:\n%s", pretty.String())
	}
}

func TestToolsTokenBudget(t *testing.T) {
	const budget = 150
	raw := catalogueJSON(t, false)
	n := len(tools.All())
	total := tokens.Count(string(raw))
	t.Logf("tools/list: %d tools, %d bytes, %d o200k tokens, %.1f per tool", n, len(raw), total, float64(total)/float64(n))
	if total > budget*n {
		t.Errorf("tools/list costs %d tokens, over %d×%d", total, budget, n)
	}
	withOutput := tokens.Count(string(catalogueJSON(t, true)))
	t.Logf("with --output-schemas: %d tokens, %.1f per tool", withOutput, float64(withOutput)/float64(n))
	if withOutput <= total {
		t.Error("--output-schemas did not add output schemas")
	}
}

// TestAnnotations checks that every tool sets all four hints and that they are right: reads
// are read-only, deletes and key regeneration are destructive, idempotence where it holds,
// and every tool reaches a remote API (openWorld).
func TestAnnotations(t *testing.T) {
	destructive := map[string]bool{"delete_app": true, "delete_secret": true, "remove_member": true, "regenerate_api_key": true, "rotate_api_keys": true}
	compositeReads := map[string]bool{"describe_app": true, "wait_for_deployment": true, "whoami": true}
	idempotentWrites := map[string]bool{"update_app": true, "set_secret": true, "delete_app": true, "delete_secret": true, "remove_member": true}
	h := newHarness(t, harnessOptions{})
	listed := h.listTools(t)
	if len(listed) != len(tools.All()) {
		t.Fatalf("listed %d tools, table has %d", len(listed), len(tools.All()))
	}
	for _, tool := range listed {
		a := tool.Annotations
		if a.ReadOnlyHint == nil || a.DestructiveHint == nil || a.IdempotentHint == nil || a.OpenWorldHint == nil {
			t.Errorf("%s: not all four hints are set: %+v", tool.Name, a)
			continue
		}
		read := strings.HasPrefix(tool.Name, "list_") || strings.HasPrefix(tool.Name, "get_") || tool.Name == "check_health" || compositeReads[tool.Name]
		if *a.ReadOnlyHint != read {
			t.Errorf("%s: readOnlyHint = %v, want %v", tool.Name, *a.ReadOnlyHint, read)
		}
		if *a.DestructiveHint != destructive[tool.Name] {
			t.Errorf("%s: destructiveHint = %v", tool.Name, *a.DestructiveHint)
		}
		if want := read || idempotentWrites[tool.Name]; *a.IdempotentHint != want {
			t.Errorf("%s: idempotentHint = %v, want %v", tool.Name, *a.IdempotentHint, want)
		}
		if !*a.OpenWorldHint {
			t.Errorf("%s: openWorldHint must be true (it calls a remote API)", tool.Name)
		}
		if tool.Title == "" || tool.Description == "" {
			t.Errorf("%s: missing title or description", tool.Name)
		}
	}
}

func TestSchemasArePortableAndCarryTheAPIRules(t *testing.T) {
	h := newHarness(t, harnessOptions{outputSchemas: true})
	byName := map[string]mcp.Tool{}
	for _, tool := range h.listTools(t) {
		byName[tool.Name] = tool
		raw, _ := json.Marshal(tool)
		for _, banned := range []string{`"$schema"`, `"$ref"`, `"$defs"`, `\u003c`} {
			if strings.Contains(string(raw), banned) {
				t.Errorf("%s: schema contains %s", tool.Name, banned)
			}
		}
		var in map[string]any
		_ = json.Unmarshal(tool.RawInputSchema, &in)
		if in == nil {
			raw, _ := json.Marshal(tool.InputSchema)
			_ = json.Unmarshal(raw, &in)
		}
		if in["type"] != "object" {
			t.Errorf("%s: input schema type %v", tool.Name, in["type"])
		}
		for _, combinator := range []string{"oneOf", "anyOf", "allOf"} {
			if _, ok := in[combinator]; ok {
				t.Errorf("%s: top-level %s is rejected by some clients", tool.Name, combinator)
			}
		}
	}
	catalogue, _ := json.Marshal(byName)
	for _, rule := range []string{`"pattern":"^[a-zA-Z0-9-]+$"`, `"minLength":4`, `"maxLength":38`, `"pattern":"^[a-zA-Z_][a-zA-Z0-9_]*$"`,
		`"maximum":10,"minimum":1`, `"maximum":100,"minimum":1`, `"enum":[0,1,2]`, `"enum":["public","private"]`,
		`"enum":["stable","preview","nightly","internal","internal-sandbox"]`, `"outputSchema"`} {
		if !strings.Contains(string(catalogue), rule) {
			t.Errorf("catalogue lacks %s", rule)
		}
	}
}
