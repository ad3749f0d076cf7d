package tools

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// TestR40UnknownArgumentNamesTheListedSchema: the arguments an unknown argument's refusal says
// a tool takes (fieldNames) are exactly the properties of the input schema tools/list shows in
// each confirmation mode, in its order, under --strict-schemas too: confirm only with
// --confirm=agent, where it counts (elsewhere it is accepted and ignored).
func TestR40UnknownArgumentNamesTheListedSchema(t *testing.T) {
	for _, mode := range []ConfirmMode{ConfirmHuman, ConfirmAgent, ConfirmOff} {
		for _, tool := range All() {
			for _, strict := range []bool{false, true} {
				schema := ListedSchema(tool.MCPTool(Listing{StrictSchemas: strict}).RawInputSchema, mode)
				want := listedProperties(t, schema)
				got := fieldNames(reflect.New(tool.input).Interface(), mode)
				if !slices.Equal(got, want) {
					t.Errorf("--confirm=%s (strict %v): %s's refusal names [%v], its schema offers [%v]", mode, strict, tool.Name, got, want)
				}
			}
		}
	}
}

// listedProperties lists an input schema's property names in their order.
func listedProperties(t *testing.T, schema json.RawMessage) []string {
	t.Helper()
	var top struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(schema, &top); err != nil {
		t.Fatal(err)
	}
	if len(top.Properties) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(top.Properties))
	var names []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return names
}
