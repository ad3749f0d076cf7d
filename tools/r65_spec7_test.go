package tools

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// TestR65Spec7InstanceDefaultSaysWhatIsRead: get_instance_logs without instance reads the newest
// instance that was scheduled, passing a pending (never scheduled) newest over
// (TestR64Spec6LogsPassOverAPodNeverScheduled); the argument's description says so, for no more
// tokens than "Default: the newest" cost (tools/list is at its cap).
func TestR65Spec7InstanceDefaultSaysWhatIsRead(t *testing.T) {
	tool, ok := ByName("get_instance_logs")
	if !ok {
		t.Fatal("no get_instance_logs")
	}
	props, _ := r64ClaimsProperties(t, tool)
	desc, _ := props["instance"]["description"].(string)
	if !strings.HasPrefix(desc, "Default: newest scheduled") {
		t.Errorf("instance's description %q does not say a pending (never scheduled) newest is passed over", desc)
	}
	const before = "Default: the newest (see list_instances)"
	if got, was := tokens.Count(desc), tokens.Count(before); got > was {
		t.Errorf("instance's description costs %d o200k tokens, %d before", got, was)
	}
}

// r65Spec7Walk calls visit with each property of schema s (its $refs resolved in doc's
// components): the component schema holding it (owner, "" outside one), the name of the
// property holding it ("" at the top), its name and its schema, through allOf/anyOf/oneOf,
// array items and additionalProperties.
func r65Spec7Walk(doc map[string]any, s any, owner, parent string, visit func(owner, parent, name string, s map[string]any), depth int) {
	m, ok := s.(map[string]any)
	if !ok || depth > 12 {
		return
	}
	name, target, parts := testutil.OpenAPIRefOrParts(doc, m)
	if name != "" {
		r65Spec7Walk(doc, target, name, parent, visit, depth+1)
		return
	}
	for _, p := range parts {
		r65Spec7Walk(doc, p, owner, parent, visit, depth+1)
	}
	r65Spec7Walk(doc, m["items"], owner, parent, visit, depth+1)
	r65Spec7Walk(doc, m["additionalProperties"], owner, parent, visit, depth+1)
	props, _ := m["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(props)) {
		visit(owner, parent, name, props[name].(map[string]any))
		r65Spec7Walk(doc, props[name], owner, name, visit, depth+1)
	}
}

// TestR65Spec7EveryResponseFieldShownOrLeftOut: every property of a success answer openapi.json
// defines for an operation some tool calls always (Operations) is in the structured result of a
// tool calling it — by name, or inside a property the result carries as an open object (a
// project's resources limits, the plan's resources, passed through whole) — or ResponseFieldsLeftOut
// says why not, and README's Tools names those.
func TestR65Spec7EveryResponseFieldShownOrLeftOut(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	shown, open := map[*api.Operation]map[string]bool{}, map[*api.Operation]map[string]bool{}
	for _, tool := range All() {
		var out map[string]any
		if err := json.Unmarshal(tool.OutputSchema(), &out); err != nil {
			t.Fatal(err)
		}
		for _, op := range tool.Operations {
			if shown[op] == nil {
				shown[op], open[op] = map[string]bool{}, map[string]bool{}
			}
			r65Spec7Walk(nil, out, "", "", func(_, _, name string, s map[string]any) {
				shown[op][name] = true
				if _, fields := s["properties"]; !fields && strings.Contains(fmt.Sprint(s["type"]), "object") {
					open[op][name] = true
				}
			}, 0)
		}
	}
	used := map[string]bool{}
	for _, op := range api.Operations {
		if shown[op] == nil || op.AliasOf != "" {
			continue
		}
		o := doc["paths"].(map[string]any)[op.Path].(map[string]any)[strings.ToLower(op.Method)].(map[string]any)
		for code, r := range o["responses"].(map[string]any) {
			content, _ := r.(map[string]any)["content"].(map[string]any)
			if !strings.HasPrefix(code, "2") {
				continue
			}
			for _, media := range content {
				r65Spec7Walk(doc, media.(map[string]any)["schema"], "", "", func(owner, parent, name string, _ map[string]any) {
					switch key := owner + "." + name; {
					case ResponseFieldsLeftOut[key] != "":
						used[key] = true
					case !shown[op][name] && !open[op][parent]:
						t.Errorf("%s answers %s (in %q); no tool calling it shows it, and ResponseFieldsLeftOut does not say why", op.ID, key, parent)
					}
				}, 0)
			}
		}
	}
	sentence := testutil.READMEPassage(t, "..", "Response fields of the contract no result carries, by choice:", "TestR65Spec7EveryResponseFieldShownOrLeftOut")
	for _, key := range slices.Sorted(maps.Keys(ResponseFieldsLeftOut)) {
		if !used[key] {
			t.Errorf("ResponseFieldsLeftOut lists %s, which no answer of an operation the tools call has", key)
		}
		if _, name, _ := strings.Cut(key, "."); !strings.Contains(sentence, "`"+name+"`") {
			t.Errorf("README's sentence on response fields no result carries does not name %s", key)
		}
	}
}
