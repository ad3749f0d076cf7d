package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
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
//
// Values are read as YAML 1.2 reads them (yaml12Value), as Spice does, not with the YAML 1.1
// habits of yaml.v3: `0755`, `1_000` and `2024-01-01` stay the strings they are to Spice.
func oneYAMLDocument(text string) (any, string) {
	dec := yaml.NewDecoder(strings.NewReader(yaml12Directive(text)))
	var root yaml.Node
	err := dec.Decode(&root)
	var doc any
	if err == nil {
		budget := 10_000 + 100*len(text) // values after expanding aliases: no "billion laughs"
		if doc, err = yaml12Value(&root, &budget); err == nil {
			var next yaml.Node
			if err = dec.Decode(&next); err == nil {
				return nil, fmt.Sprintf("Spicepod must be a single YAML document, but a second one starts at line %d: "+
					"merge it into the first or remove it (only one document can be stored)", next.Line)
			}
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

// yaml12Directive turns a "%YAML 1.2" directive line, which yaml.v3 refuses (it reads 1.1
// documents), into a comment of the same line, so that line numbers stay true.
func yaml12Directive(text string) string {
	rest := text
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "%YAML" && f[1] == "1.2" {
			i := len(text) - len(rest)
			return text[:i] + "#" + text[i+1:]
		}
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "#") {
			return text // directives come before the document
		}
		rest = after
	}
	return text
}

// yaml12Value is the value of a decoded YAML node as YAML 1.2's core schema reads it, as Spice's
// parser (serde_yaml) does: a plain scalar is null (~, null, empty), a boolean (true, false in
// three casings), an integer (decimal, 0o octal, 0x hex), a float (1.5, 1e3, .inf, .nan) or else
// a string; quoted scalars are strings and an explicit tag (!!str, !!int...) is obeyed. Unlike
// YAML 1.1, a number with leading zeros (0755), underscores (1_000) or a date (2024-01-01) is a
// string, so it is stored as written. Mappings with a repeated key are refused; merge keys
// (<<) are applied as yaml.v3 did.
func yaml12Value(n *yaml.Node, budget *int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("line %d: document is too large after expanding aliases", n.Line)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yaml12Value(n.Content[0], budget)
	case yaml.AliasNode:
		return yaml12Value(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := yaml12Value(item, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		keyLine := map[string]int{}
		var merged []map[string]any
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			v, err := yaml12Value(vn, budget)
			if err != nil {
				return nil, err
			}
			if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
				merged = append(merged, mergeSources(v)...)
				continue
			}
			k, err := yaml12Value(kn, budget)
			if err != nil {
				return nil, err
			}
			key, isStr := k.(string)
			if !isStr {
				key = kn.Value
				if kn.Kind != yaml.ScalarNode {
					key = fmt.Sprint(k)
				}
			}
			if line, dup := keyLine[key]; dup {
				return nil, fmt.Errorf("line %d: mapping key already defined at line %d", kn.Line, line)
			}
			keyLine[key] = kn.Line
			out[key] = v
		}
		for _, m := range merged { // explicit keys win, then earlier merge sources
			for k, v := range m {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
		return out, nil
	}
	return yaml12Scalar(n)
}

// mergeSources are the mappings a merge key's value names (one, or a list of them).
func mergeSources(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		var out []map[string]any
		for _, item := range x {
			if m, ok := item.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

var (
	yaml12Int   = lazyregexp.New(`^[-+]?[0-9]+$`)
	yaml12Float = lazyregexp.New(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// yaml12Scalar resolves one scalar (yaml12Value).
func yaml12Scalar(n *yaml.Node) (any, error) {
	explicit := n.Style&yaml.TaggedStyle != 0
	if explicit && n.Tag != "!!str" {
		var v any // another explicit tag (!!int, !!binary...): yaml.v3 reads it
		err := n.Decode(&v)
		return v, err
	}
	if explicit || n.Style != 0 { // !!str, or quoted, literal (|) or folded (>)
		return n.Value, nil
	}
	s := n.Value
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), nil
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), nil
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), nil
	}
	digits := strings.TrimLeft(s, "+-")
	switch {
	case yaml12Int.MatchString(s):
		if len(digits) > 1 && digits[0] == '0' {
			return s, nil // leading zeros: a string in YAML 1.2 (serde_yaml), not 1.1's octal
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return int(i), nil
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
			return u, nil
		}
		return json.Number(strings.TrimPrefix(s, "+")), nil // beyond 64 bits: every digit kept
	case len(s) > 2 && (strings.HasPrefix(s, "0o") || strings.HasPrefix(s, "0x")):
		base := 8
		if s[1] == 'x' {
			base = 16
		}
		if i, err := strconv.ParseInt(s[2:], base, 64); err == nil && !strings.ContainsAny(s[2:], "+-_") {
			return int(i), nil
		}
		return s, nil
	}
	if yaml12Float.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return f, nil
		}
	}
	return s, nil
}
