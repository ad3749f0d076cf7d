package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r59SpecArgFor names the tool argument that carries a request field under another name (as
// tools' r57SpecArgFor).
var r59SpecArgFor = map[string]string{
	"rollbackProject.target_deployment_id": "deployment_id",
}

// r59SpecMapKeyFor names the tools that carry an operation's field as the keys of a map
// argument, not as the argument of the field's name (create_and_deploy_app's secrets, a name →
// value map, become upsertProjectSecret calls: each key is a secret's name).
var r59SpecMapKeyFor = map[string]string{
	"create_and_deploy_app upsertProjectSecret.name": "secrets",
}

// r59SpecResolve follows local $refs, and takes a nullable anyOf/oneOf's non-null alternative.
func r59SpecResolve(doc map[string]any, v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		if ref, ok := m["$ref"].(string); ok {
			var cur any = doc
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				cur = cur.(map[string]any)[part]
			}
			m, _ = cur.(map[string]any)
			continue
		}
		alts, _ := m["anyOf"].([]any)
		if more, _ := m["oneOf"].([]any); len(more) > 0 {
			alts = more
		}
		var real []any
		for _, a := range alts {
			if am, _ := a.(map[string]any); am["type"] != "null" {
				real = append(real, a)
			}
		}
		if len(real) != 1 {
			return m
		}
		m, _ = real[0].(map[string]any)
	}
	return m
}

// r59SpecFieldSchemas are an operation's query parameters and top-level body properties with
// their openapi.json schemas.
func r59SpecFieldSchemas(doc map[string]any, op *api.Operation) map[string]map[string]any {
	out := map[string]map[string]any{}
	paths := doc["paths"].(map[string]any)
	item := paths[op.Path].(map[string]any)
	o := item[strings.ToLower(op.Method)].(map[string]any)
	params, _ := o["parameters"].([]any)
	common, _ := item["parameters"].([]any)
	for _, raw := range append(common, params...) {
		p := r59SpecResolve(doc, raw)
		if p["in"] == "query" {
			out[p["name"].(string)] = r59SpecResolve(doc, p["schema"])
		}
	}
	if op.Body == "" {
		return out
	}
	var walk func(s map[string]any)
	walk = func(s map[string]any) {
		s = r59SpecResolve(doc, s)
		parts, _ := s["allOf"].([]any)
		for _, part := range parts {
			walk(part.(map[string]any))
		}
		props, _ := s["properties"].(map[string]any)
		for name, ps := range props {
			out[name] = r59SpecResolve(doc, ps)
		}
	}
	walk(map[string]any{"$ref": "#/components/schemas/" + op.Body})
	return out
}

// r59SpecBreaks are values of the schema's own type that break its enum, pattern, length or
// bounds (type errors are the input schema's, checked by the MCP layer), each with the rule.
func r59SpecBreaks(doc map[string]any, s map[string]any) map[string]any {
	out := map[string]any{}
	if enum, _ := s["enum"].([]any); len(enum) > 0 {
		if _, isNum := enum[0].(float64); isNum {
			out["enum"] = 99
		} else {
			out["enum"] = "bogus"
		}
	}
	if s["pattern"] != nil {
		out["pattern"] = "!! not matching !!"
	}
	if n, ok := s["minLength"].(float64); ok && n > 0 {
		out["minLength"] = strings.Repeat("a", int(n)-1)
	}
	if n, ok := s["maxLength"].(float64); ok {
		out["maxLength"] = strings.Repeat("a", int(n)+1)
	}
	if n, ok := s["minimum"].(float64); ok {
		out["minimum"] = n - 1
	}
	if n, ok := s["maximum"].(float64); ok {
		out["maximum"] = n + 1
	}
	if items := r59SpecResolve(doc, s["items"]); items != nil {
		if enum, _ := items["enum"].([]any); len(enum) > 0 {
			out["items.enum"] = []any{"bogus"}
		}
	}
	if n, ok := s["minItems"].(float64); ok && n > 0 {
		out["minItems"] = []any{}
	}
	return out
}

// r59SpecRequired are the body properties openapi.json requires of an operation.
func r59SpecRequired(doc map[string]any, op *api.Operation) []string {
	if op.Body == "" {
		return nil
	}
	var out []string
	var walk func(s map[string]any)
	walk = func(s map[string]any) {
		s = r59SpecResolve(doc, s)
		parts, _ := s["allOf"].([]any)
		for _, part := range parts {
			walk(part.(map[string]any))
		}
		req, _ := s["required"].([]any)
		for _, r := range req {
			out = append(out, r.(string))
		}
	}
	walk(map[string]any{"$ref": "#/components/schemas/" + op.Body})
	slices.Sort(out)
	return out
}

// r59SpecRequiredNotAsked are tool arguments carrying a required request field that a call may
// leave out, each with why.
var r59SpecRequiredNotAsked = map[string]string{
	"set_secret.value": "left out, the user enters it on the one-time human page, so it never passes through the conversation (README, set_secret)",
}

// TestR59SpecEveryFieldRuleRefusedByItsTools derives from openapi.json, for every tool and every
// operation it calls, each request field (query parameter or top-level body property) the tool
// takes as an argument that has a rule (enum, pattern, minLength, maxLength, minimum, maximum,
// an item enum, minItems), a value breaking that rule; the tool, called with its valid example
// and that value, must refuse it naming the argument and send nothing ("bad input never
// reaches the API"); so must the tool left without an argument carrying a field the body
// requires (but r59SpecRequiredNotAsked). TestR55SpecBadInputNeverReachesTheAPI is the
// hand-picked list before it; the emulator's answer to each break is sandbox's
// TestR55SpecEveryDeclaredInputIsChecked.
func TestR59SpecEveryFieldRuleRefusedByItsTools(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	calls := func() int {
		n := 0
		for _, op := range api.Operations {
			n += h.emu.Calls(op.ID)
		}
		return n
	}
	checked := 0
	for _, tool := range tools.All() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		for _, op := range append(slices.Clone(tool.Operations), tool.MayCall...) {
			fields := r59SpecFieldSchemas(doc, op)
			for _, field := range slices.Sorted(maps.Keys(fields)) {
				arg := field
				if a, ok := r59SpecArgFor[op.ID+"."+field]; ok {
					arg = a
				}
				mapArg, asKey := r59SpecMapKeyFor[tool.Name+" "+op.ID+"."+field]
				if asKey {
					arg = mapArg
				}
				if _, takes := schema.Properties[arg]; !takes {
					continue
				}
				breaks := r59SpecBreaks(doc, fields[field])
				for _, rule := range slices.Sorted(maps.Keys(breaks)) {
					args := maps.Clone(tool.Examples.Valid)
					if args == nil {
						args = map[string]any{}
					}
					args[arg] = breaks[rule]
					if asKey {
						args[arg] = map[string]any{fmt.Sprint(breaks[rule]): "v"}
					}
					before := calls()
					res := h.call(t, tool.Name, args)
					got := text(res)
					what := fmt.Sprintf("%s %s=%v (%s.%s %s)", tool.Name, arg, breaks[rule], op.ID, field, rule)
					checked++
					if !res.IsError || !strings.HasPrefix(got, "Invalid argument") || !r59SpecNames(got, arg) {
						t.Errorf("%s: not refused naming %s:\n%s", what, arg, got)
					}
					if after := calls(); after != before {
						t.Errorf("%s: %d requests reached the API", what, after-before)
					}
				}
			}
		}
	}
	t.Logf("%d rule breaks checked", checked)
	required := 0
	for _, tool := range tools.All() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		for _, op := range tool.Operations {
			for _, field := range r59SpecRequired(doc, op) {
				arg := field
				if a, ok := r59SpecArgFor[op.ID+"."+field]; ok {
					arg = a
				}
				if _, takes := schema.Properties[arg]; !takes {
					continue
				}
				if _, asKey := r59SpecMapKeyFor[tool.Name+" "+op.ID+"."+field]; asKey {
					continue // a map entry has its key
				}
				if why, ok := r59SpecRequiredNotAsked[tool.Name+"."+arg]; ok {
					t.Logf("%s without %s: not refused (%s)", tool.Name, arg, why)
					continue
				}
				args := maps.Clone(tool.Examples.Valid)
				delete(args, arg)
				before := calls()
				res := h.call(t, tool.Name, args)
				got := text(res)
				required++
				if !res.IsError || !strings.HasPrefix(got, "Invalid argument") || !r59SpecNames(got, arg) {
					t.Errorf("%s without %s (%s requires %s): not refused naming it:\n%s", tool.Name, arg, op.ID, field, got)
				}
				if after := calls(); after != before {
					t.Errorf("%s without %s: %d requests reached the API", tool.Name, arg, after-before)
				}
			}
		}
	}
	t.Logf("%d required fields checked", required)
	if checked < 30 {
		t.Errorf("only %d rule breaks checked: the derivation lost fields", checked)
	}
}

// r59SpecNames: the refusal names arg as a field ("… sent: name: …", not "username:").
func r59SpecNames(got, arg string) bool {
	for _, sep := range []string{" ", "\n", "(", "`"} {
		if strings.Contains(got, sep+arg+":") || strings.Contains(got, sep+arg+"."+"") && strings.Contains(got, sep+arg+".") {
			return true
		}
	}
	return false
}
