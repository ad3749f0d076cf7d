package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

var update = flag.Bool("update", false, "rewrite the golden files of the tests run (testdata/tools.golden.json, testdata/results/)")

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

// TestDescriptionsFollowTheConfirmMode: tools/list says how an action is approved as the mode
// in force does it. The default mode's catalogue is the golden one (and README's); with
// --confirm=agent the approval sentence asks for the target's name in confirm, with
// --confirm=off there is none. No description costs more than a token over the default's.
func TestDescriptionsFollowTheConfirmMode(t *testing.T) {
	approved := []string{"delete_app", "delete_secret", "pause_app", "remove_member", "update_member_roles"}
	for _, def := range tools.All() {
		// The sentence is found by its exact words: a rewording must not slip through.
		if strings.Contains(def.Description, "approve") != slices.Contains(approved, def.Name) ||
			strings.Contains(def.Description, "approve") && !strings.HasSuffix(def.Description, present.DescPersonApproves) {
			t.Errorf("%s: %q", def.Name, def.Description)
		}
	}
	for _, tc := range []struct {
		mode   tools.ConfirmMode
		ending string
	}{
		{tools.ConfirmHuman, present.DescPersonApproves},
		{tools.ConfirmAgent, present.DescAgentConfirms},
		{tools.ConfirmOff, ""},
	} {
		h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tc.mode}})
		listed := h.listTools(t)
		for _, tool := range listed {
			def, _ := tools.ByName(tool.Name)
			want := def.Description
			switch {
			case slices.Contains(approved, tool.Name):
				want = strings.TrimSuffix(def.Description, present.DescPersonApproves) + tc.ending
			case tc.mode == tools.ConfirmAgent && (tool.Name == "regenerate_api_key" || tool.Name == "rotate_api_keys" || tool.Name == "add_member"):
				want += present.DescAgentConfirms // approved too (add_member: admin or owner), though the description does not say so
			}
			if tool.Description != want {
				t.Errorf("--confirm=%s %s: %q, want %q", tc.mode, tool.Name, tool.Description, want)
			}
			if tc.mode != tools.ConfirmHuman && strings.Contains(tool.Description, "approve") {
				t.Errorf("--confirm=%s %s promises an approval: %q", tc.mode, tool.Name, tool.Description)
			}
			if got, base := tokens.Count(tool.Description), tokens.Count(def.Description); got > base+tokens.Count(present.DescAgentConfirms) {
				t.Errorf("--confirm=%s %s: description costs %d tokens, the default's %d", tc.mode, tool.Name, got, base)
			}
		}
		raw, err := json.Marshal(map[string]any{"tools": listed})
		if err != nil {
			t.Fatal(err)
		}
		perTool := float64(tokens.Count(string(raw))) / float64(len(listed))
		t.Logf("--confirm=%s: tools/list costs %d tokens, %.1f per tool", tc.mode, tokens.Count(string(raw)), perTool)
		if perTool > 150 {
			t.Errorf("--confirm=%s: tools/list costs %.1f tokens per tool, over 150", tc.mode, perTool)
		}
	}
}

// TestAnnotations checks that every tool's hints, read with the spec's defaults (readOnlyHint
// false, destructiveHint true, idempotentHint false, openWorldHint true), follow from the
// operations it declares: read-only when it only reads (GET), destructive when it deletes or
// replaces a key, idempotent unless it creates something (a POST other than the upsert of a
// secret), and open-world always (it reaches a remote API). Only hints that differ from the
// defaults are sent, except destructiveHint, which every tool that writes states either way,
// so a client that reads a missing hint as false understands the same.
func TestAnnotations(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	listed := map[string]mcp.Tool{}
	for _, tool := range h.listTools(t) {
		listed[tool.Name] = tool
	}
	for _, def := range tools.All() {
		tool, ok := listed[def.Name]
		if !ok {
			t.Errorf("%s: not listed", def.Name)
			continue
		}
		a := tool.Annotations
		orDefault := func(hint *bool, def bool) *bool {
			if hint == nil {
				return &def
			}
			return hint
		}
		writes := a.ReadOnlyHint == nil || !*a.ReadOnlyHint
		switch {
		case writes && a.DestructiveHint == nil:
			t.Errorf("%s: a tool that writes must state destructiveHint", tool.Name)
		case !writes && a.DestructiveHint != nil,
			a.ReadOnlyHint != nil && !*a.ReadOnlyHint, a.IdempotentHint != nil && !*a.IdempotentHint, a.OpenWorldHint != nil:
			t.Errorf("%s: a hint that states the default: %+v", tool.Name, a)
		}
		a.ReadOnlyHint = orDefault(a.ReadOnlyHint, false)
		a.DestructiveHint = orDefault(a.DestructiveHint, true)
		a.IdempotentHint = orDefault(a.IdempotentHint, false)
		a.OpenWorldHint = orDefault(a.OpenWorldHint, true)
		read, destructive, idempotent := true, false, true
		for _, op := range append(slices.Clone(def.Operations), def.MayCall...) {
			read = read && op.Method == http.MethodGet
			// Pausing stops an app serving and a role change can take access away; an update
			// replaces a setting, a secret's value or where the spicepod comes from: not additive.
			destructive = destructive || op.Method == http.MethodDelete || op == api.RegenerateProjectAPIKey ||
				op == api.PauseProject || op == api.UpdateMemberRoles || op == api.UpdateProject ||
				op == api.UpsertProjectSecret || op == api.ConnectProjectRepository
			idempotent = idempotent && (op.Method != http.MethodPost || op == api.UpsertProjectSecret || op == api.PauseProject)
		}
		if *a.ReadOnlyHint != read {
			t.Errorf("%s: readOnlyHint = %v, want %v", tool.Name, *a.ReadOnlyHint, read)
		}
		if !read && *a.DestructiveHint != destructive {
			t.Errorf("%s: destructiveHint = %v, want %v", tool.Name, *a.DestructiveHint, destructive)
		}
		if *a.IdempotentHint != idempotent {
			t.Errorf("%s: idempotentHint = %v, want %v", tool.Name, *a.IdempotentHint, idempotent)
		}
		if !*a.OpenWorldHint {
			t.Errorf("%s: openWorldHint must be true (it calls a remote API)", tool.Name)
		}
		if tool.Title == "" || tool.Description == "" {
			t.Errorf("%s: missing title or description", tool.Name)
		}
	}
	if len(listed) != len(tools.All()) {
		t.Errorf("listed %d tools, table has %d", len(listed), len(tools.All()))
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
