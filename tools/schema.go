package tools

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
)

var schemaCache sync.Map // reflect.Type -> json.RawMessage

// mustSchema reflects t into an MCP-ready JSON schema: an inline object schema with no
// "$schema", "$ref" or "$defs", which some clients reject. Schemas are built once per type.
func mustSchema(t reflect.Type) json.RawMessage {
	if cached, ok := schemaCache.Load(t); ok {
		return cached.(json.RawMessage)
	}
	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true, DoNotReference: true}
	s := r.ReflectFromType(t)
	s.Version = ""
	restoreTypeDescriptions(t, s)
	if s.Type != "object" {
		panic(fmt.Sprintf("tools: %v: schema type %q, MCP needs an object", t, s.Type))
	}
	raw, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("tools: %v: %v", t, err))
	}
	schemaCache.Store(t, json.RawMessage(raw))
	return raw
}

// restoreTypeDescriptions puts back the descriptions argument types give in JSONSchema():
// jsonschema overwrites a property's description with the field's (often empty) tag.
func restoreTypeDescriptions(t reflect.Type, s *jsonschema.Schema) {
	if t.Kind() != reflect.Struct || s.Properties == nil {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		prop, ok := s.Properties.Get(name)
		if !ok || prop.Description != "" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if custom, ok := reflect.Zero(ft).Interface().(interface{ JSONSchema() *jsonschema.Schema }); ok {
			prop.Description = custom.JSONSchema().Description
		}
	}
}
