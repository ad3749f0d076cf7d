package client

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// specSchema is the part of a JSON schema the identifying fields are checked against.
type specSchema struct {
	Ref        string                `json:"$ref"`
	Type       any                   `json:"type"`
	Required   []string              `json:"required"`
	Properties map[string]specSchema `json:"properties"`
	AllOf      []specSchema          `json:"allOf"`
	AnyOf      []specSchema          `json:"anyOf"`
	OneOf      []specSchema          `json:"oneOf"`
}

type specOp struct {
	OperationID string `json:"operationId"`
	Responses   map[string]struct {
		Content map[string]struct {
			Schema specSchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type specDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]specSchema `json:"schemas"`
	} `json:"components"`
}

func (d *specDoc) resolve(s specSchema) specSchema {
	for s.Ref != "" {
		s = d.Components.Schemas[s.Ref[strings.LastIndex(s.Ref, "/")+1:]]
	}
	return s
}

// flatten merges allOf: the required fields and properties of the schema and its parts.
func (d *specDoc) flatten(s specSchema) ([]string, map[string]specSchema) {
	s = d.resolve(s)
	required := slices.Clone(s.Required)
	props := map[string]specSchema{}
	for k, v := range s.Properties {
		props[k] = v
	}
	for _, part := range s.AllOf {
		r, p := d.flatten(part)
		required = append(required, r...)
		for k, v := range p {
			props[k] = v
		}
	}
	return required, props
}

func (d *specDoc) nullable(s specSchema) bool {
	s = d.resolve(s)
	switch t := s.Type.(type) {
	case string:
		if t == "null" {
			return true
		}
	case []any:
		if slices.Contains(t, any("null")) {
			return true
		}
	}
	for _, alt := range append(slices.Clone(s.AnyOf), s.OneOf...) {
		if d.nullable(alt) {
			return true
		}
	}
	return false
}

// TestIdentifyingFieldsFollowTheSpec: the fields a write's result must carry are fields its
// schema requires and does not allow to be null — else a spec-valid answer (a regeneration of
// key 1, whose api_key_2 may be null) is refused as "what it did is not known". A
// regeneration's key fields are nullable, so only the key the request replaced is required of
// it. Every write's documented result type is checked.
func TestIdentifyingFieldsFollowTheSpec(t *testing.T) {
	var doc specDoc
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	results := map[string]identified{
		"Deployment": Deployment{}, "ProjectDeployment": Deployment{}, "Secret": Secret{}, "Project": Project{},
		"AppWithConfig": Project{}, "ForkedProject": ForkedProject{}, "Member": Member{}, "ResumeResult": ResumeResult{},
		"ApiKeysRegenerated": RegeneratedAPIKeys{},
	}
	unidentified := map[string]bool{"RepositoryConnection": true} // a boolean and an echo: nothing to identify
	check := func(where, schema string, fields []string, mayBeNull ...string) {
		required, props := doc.flatten(specSchema{Ref: "#/components/schemas/" + schema})
		for _, f := range fields {
			switch {
			case !slices.Contains(required, f):
				t.Errorf("%s: %s is not required by %s", where, f, schema)
			case doc.nullable(props[f]) && !slices.Contains(mayBeNull, f):
				t.Errorf("%s: %s may be null in %s", where, f, schema)
			}
		}
	}
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op specOp
			if method == "get" || method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			for status, resp := range op.Responses {
				body, ok := resp.Content["application/json"]
				if !strings.HasPrefix(status, "2") || !ok {
					continue
				}
				schema := body.Schema.Ref[strings.LastIndex(body.Schema.Ref, "/")+1:]
				where := op.OperationID + " " + status + " (" + strings.ToUpper(method) + " " + path + ")"
				result, known := results[schema]
				if !known {
					if !unidentified[schema] {
						t.Errorf("%s: result %q has no identifying fields in this test", where, schema)
					}
					continue
				}
				check(where, schema, result.identifyingFields())
			}
		}
	}
	for _, key := range []int{KeyBoth, KeyPrimary, KeySecondary} {
		fields := regeneratedFields(key)
		check("key "+string(rune('0'+key)), "ApiKeysRegenerated", fields, "api_key", "api_key_2")
		want := map[int][]string{KeyBoth: {"api_key", "api_key_2"}, KeyPrimary: {"api_key"}, KeySecondary: {"api_key_2"}}[key]
		for _, f := range []string{"api_key", "api_key_2"} {
			if slices.Contains(fields, f) != slices.Contains(want, f) {
				t.Errorf("a regeneration of key %d: fields %v, want the new key's (%v) and regenerated_key", key, fields, want)
			}
		}
	}
}
