package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// yamlLine pulls the line number out of a YAML parser error. Only the number is reported: the
// rest of the parser's text can quote the document, and a spicepod may hold credentials inline.
var yamlLine = lazyregexp.New(`line (\d+)`)

// ParseSpicepod accepts a spicepod as YAML (or JSON) text or as an already-decoded object and
// returns it as a JSON object, the form the API stores and returns; or a field message.
func ParseSpicepod(raw any) (map[string]any, string) {
	switch v := raw.(type) {
	case map[string]any:
		return v, ""
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, "Spicepod is empty"
		}
		doc, msg := oneYAMLDocument(v)
		if msg != "" {
			return nil, msg
		}
		norm, ok := jsonCompatible(doc)
		if !ok {
			return nil, "Spicepod contains a value that JSON cannot represent"
		}
		obj, isObj := norm.(map[string]any)
		if !isObj {
			return nil, "Spicepod must be a YAML mapping or a JSON object"
		}
		return obj, ""
	case nil:
		return nil, "Required"
	}
	return nil, "Expected string or object, received " + JSONKind(raw)
}

// oneYAMLDocument decodes text that must hold one YAML document. A second document (after a
// "---" line, even an empty one) is refused, not dropped: yaml.Unmarshal reads only the first,
// so the rest would be neither checked (for a copied-back mask, say) nor stored.
func oneYAMLDocument(text string) (any, string) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc any
	err := dec.Decode(&doc)
	if err == nil {
		var next yaml.Node
		if err = dec.Decode(&next); err == nil {
			return nil, fmt.Sprintf("Spicepod must be a single YAML document, but a second one starts at line %d: "+
				"merge it into the first or remove it (only one document can be stored)", next.Line)
		}
	}
	if errors.Is(err, io.EOF) { // no (further) document
		return doc, ""
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return nil, "Spicepod is not valid YAML (line " + m[1] + ")"
	}
	return nil, "Spicepod is not valid YAML"
}

// JSONKind names a decoded JSON value's type in the API validator's words.
func JSONKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number, float64, int, int64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// SpicepodProblem names what keeps a parsed spicepod from deploying: `version`, `kind` and
// `name` must be non-empty scalars (`version: 1` is a number in YAML) and kind must be Spicepod.
func SpicepodProblem(pod map[string]any) string {
	var missing []string
	for _, key := range []string{"version", "kind", "name"} {
		switch v := pod[key].(type) {
		case string:
			if strings.TrimSpace(v) == "" {
				missing = append(missing, key)
			}
		case json.Number, int, int64, uint64, float64:
		default:
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		return "Spicepod must have " + strings.Join(missing, ", ")
	}
	if kind, _ := pod["kind"].(string); !strings.EqualFold(kind, "Spicepod") {
		return fmt.Sprintf("Spicepod kind must be Spicepod, got %v", pod["kind"])
	}
	return ""
}

// jsonCompatible turns what yaml.v3 decodes into values encoding/json can write: mappings with
// non-string keys become string-keyed maps, !!binary becomes a string, NaN and infinities fail.
func jsonCompatible(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[k] = n
		}
		return out, true
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[fmt.Sprint(k)] = n
		}
		return out, true
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			n, ok := jsonCompatible(item)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case []byte:
		return string(x), true
	}
	return v, true
}
