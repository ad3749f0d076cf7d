package tools

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r57SpecArgFor names the tool argument that carries a request field under another name.
var r57SpecArgFor = map[string]string{
	"rollbackProject.target_deployment_id": "deployment_id",
}

// r57SpecNotOffered are the request fields (body fields and query parameters) of operations the
// tools call that no tool calling the operation takes as an argument, each with why. README's
// Tools names them (TestR57SpecRequestFieldsNoToolSends). An argument counts for every operation
// its tool calls: createProject's replicas is create_and_deploy_app's (for its deployment) and
// update_app's.
var r57SpecNotOffered = map[string]string{
	"createProject.update_channel":  "create_app makes an empty app; update_app sets it before the first deployment",
	"createProject.resources":       "as update_channel",
	"createProject.executor":        "as updateProject.executor",
	"createProject.storage_size_gb": "as update_channel",
	"createProject.default_alerts":  "not deployed yet (MON-REF); the API accepts and ignores it (api/README §7.1)",
	"updateProject.executor":        "distributed (cluster-kind) projects only; get_app shows it; not worth every conversation's tools/list tokens",
	"createProjectDeployment.image": "effect undocumented (seen only in Spice's Rust CLI, api/README §7.6)",
}

// r57SpecRequestFields lists an operation's query parameters and request body properties.
func r57SpecRequestFields(t *testing.T, doc map[string]any, op *api.Operation) []string {
	t.Helper()
	var out []string
	for _, p := range op.Params {
		if p.In == "query" {
			out = append(out, p.Name)
		}
	}
	if op.Body == "" {
		return out
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(s map[string]any)
	walk = func(s map[string]any) {
		if ref, ok := s["$ref"].(string); ok {
			walk(schemas[ref[strings.LastIndex(ref, "/")+1:]].(map[string]any))
			return
		}
		parts, _ := s["allOf"].([]any)
		for _, part := range parts {
			walk(part.(map[string]any))
		}
		props, _ := s["properties"].(map[string]any)
		for name := range props {
			out = append(out, name)
		}
	}
	body, ok := schemas[op.Body].(map[string]any)
	if !ok {
		t.Fatalf("%s: no schema %s", op.ID, op.Body)
	}
	walk(body)
	return out
}

// TestR57SpecRequestFieldsNoToolSends: every query parameter and request body field openapi.json
// gives an operation some tool calls is an argument of a tool calling it (by the field's name,
// or r57SpecArgFor's), or one r57SpecNotOffered lists with why; README's Tools names those. A
// field added to the spec, or an argument dropped, fails here until it is offered or listed.
func TestR57SpecRequestFieldsNoToolSends(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	args := map[*api.Operation]map[string]bool{}
	for _, tool := range All() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		for _, op := range append(slices.Clone(tool.Operations), tool.MayCall...) {
			if args[op] == nil {
				args[op] = map[string]bool{}
			}
			for name := range schema.Properties {
				args[op][name] = true
			}
		}
	}
	var notOffered []string
	for _, op := range api.Operations {
		if args[op] == nil || op.AliasOf != "" {
			continue
		}
		for _, field := range r57SpecRequestFields(t, doc, op) {
			key := op.ID + "." + field
			arg := field
			if a, ok := r57SpecArgFor[key]; ok {
				arg = a
			}
			_, listed := r57SpecNotOffered[key]
			switch {
			case args[op][arg] && listed:
				t.Errorf("%s is an argument of a tool calling %s, yet r57SpecNotOffered lists it", arg, op.ID)
			case !args[op][arg] && !listed:
				t.Errorf("%s: no tool calling it takes %s, and r57SpecNotOffered does not say why", op.ID, field)
			case listed:
				notOffered = append(notOffered, key)
			}
		}
	}
	slices.Sort(notOffered)
	if want := slices.Sorted(maps.Keys(r57SpecNotOffered)); !slices.Equal(notOffered, want) {
		t.Errorf("fields no tool sends: %v; r57SpecNotOffered lists %v", notOffered, want)
	}
	sentence := testutil.READMEPassage(t, "..", "Request fields of the contract no tool sends, by choice:", "TestR57SpecRequestFieldsNoToolSends")
	for _, key := range notOffered {
		op, field, _ := strings.Cut(key, ".")
		if !strings.Contains(sentence, "`"+field+"`") || !strings.Contains(sentence, "`"+op+"`") {
			t.Errorf("README's sentence on request fields no tool sends does not name %s of %s", field, op)
		}
	}
}
