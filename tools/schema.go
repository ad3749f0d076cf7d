package tools

import (
	"encoding/json"
	"fmt"
)

// Tool schemas are reflected from the argument and result types (invopop/jsonschema), but not at
// start-up: schema_test.go reflects them and writes schemas_gen.go, and a test fails when that
// file is stale. The server only reads the generated strings, so neither the reflection nor the
// reflector's dependencies are in the binary.
//
//go:generate go test -run ^TestGeneratedSchemas$ -update .

// schema is the part of JSON Schema an argument type uses to describe itself: a type with a
// jsonSchema method gets that schema (plus its field's tags) instead of a reflected one.
type schema struct {
	Type                 string
	Description          string
	Pattern              string
	MinLength, MaxLength *uint64
	Minimum, Maximum     json.Number
	Default              any
	Enum                 []any
	PropertyNames        *schema
	AdditionalProperties *schema
}

// InputSchema returns the tool's JSON schema for arguments.
func (t Tool) InputSchema() json.RawMessage {
	input, _ := t.schemas()
	return json.RawMessage(input)
}

// OutputSchema returns the JSON schema of the structured result.
func (t Tool) OutputSchema() json.RawMessage {
	_, output := t.schemas()
	return json.RawMessage(output)
}

func (t Tool) schemas() (input, output string) {
	input, output = generatedSchemas(t.Name)
	if input == "" || output == "" {
		panic(fmt.Sprintf("tools: %s has no generated schema: run go generate ./tools", t.Name))
	}
	return input, output
}
