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
		// Bound the document as it will be sent (JSON, aliases expanded) before building it:
		// sizes of anchored nodes are computed once, so an alias bomb costs its text, not
		// its expansion (no "billion laughs", even of long strings).
		// A document is never refused for what it holds as written (the text bounds that), so
		// the limit is SpicepodMaxBytes or its written size, whichever is larger.
		expanded := yamlSizer{expand: true, known: map[*yaml.Node]int64{}, busy: map[*yaml.Node]bool{}}
		written := yamlSizer{known: map[*yaml.Node]int64{}, busy: map[*yaml.Node]bool{}}
		var size, asWritten int64
		if size, err = expanded.size(&root); err == nil {
			asWritten, err = written.size(&root)
		}
		if limit := max(SpicepodMaxBytes, asWritten); err == nil && size > limit {
			return nil, fmt.Sprintf("Spicepod is too large once its aliases are expanded (about %d bytes as JSON; at most %d): "+
				"write repeated parts out fewer times or split the spicepod", size, limit)
		}
		if err == nil {
			doc, err = yaml12Value(&root, nil)
		}
		if err == nil {
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
	var pe podError
	if errors.As(err, &pe) {
		return nil, string(pe)
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return nil, "Spicepod is not valid YAML (line " + m[1] + ")"
	}
	return nil, "Spicepod is not valid YAML"
}

// SpicepodMaxBytes bounds a spicepod given as text once read: its size as JSON, the form sent
// to the API, with every alias expanded each time it is used. The API publishes no limit; this
// is the emulator's request-body limit (1 MiB), which a larger spicepod could not pass anyway.
const SpicepodMaxBytes = 1 << 20

// podError is a complete field message (it names where in the spicepod), returned as is.
type podError string

func (e podError) Error() string { return string(e) }

// yamlSizer estimates a node's size as JSON with aliases expanded (expand), without expanding
// them, or as written (an alias costs its name).
type yamlSizer struct {
	expand bool
	known  map[*yaml.Node]int64 // anchored nodes already sized
	busy   map[*yaml.Node]bool  // anchored nodes being sized: an alias back to one is a cycle
}

const sizeCeiling = int64(1) << 60 // sizes saturate here rather than overflow

func (z *yamlSizer) size(n *yaml.Node) (int64, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return 4, nil
		}
		return z.size(n.Content[0])
	case yaml.AliasNode:
		if !z.expand || n.Alias == nil {
			return int64(len(n.Value)) + 1, nil
		}
		return z.size(n.Alias)
	case yaml.ScalarNode:
		if n.Style == 0 { // plain: a number, boolean or null is written without quotes
			if v, err := yaml12Scalar(n); err == nil {
				if _, isText := v.(string); !isText {
					return int64(max(len(n.Value), 4)), nil
				}
			}
		}
		return jsonStringSize(n.Value), nil
	}
	if n.Anchor != "" {
		if s, ok := z.known[n]; ok {
			return s, nil
		}
		if z.busy[n] {
			return 0, podError(fmt.Sprintf("Spicepod anchor &%s (line %d) contains an alias to itself, "+
				"which would never end: refer to it only from outside", n.Anchor, n.Line))
		}
		z.busy[n] = true
		defer delete(z.busy, n)
	}
	total := int64(2) // [] or {}
	for i := 0; i < len(n.Content); i++ {
		item := n.Content[i]
		if n.Kind == yaml.MappingNode && i%2 == 0 && item.Kind == yaml.ScalarNode && item.Tag == "!!merge" && i+1 < len(n.Content) {
			i++ // a merge key adds the entries of the mappings it names
			sources := []*yaml.Node{n.Content[i]}
			if r := resolveAlias(n.Content[i]); r.Kind == yaml.SequenceNode {
				sources = r.Content
			}
			for _, src := range sources {
				s, err := z.size(src)
				if err != nil {
					return 0, err
				}
				total = min(total+max(s-1, 0), sizeCeiling) // its entries and a comma
			}
			continue
		}
		s, err := z.size(item)
		if err != nil {
			return 0, err
		}
		total += s + 1 // a comma, or a mapping key's colon
		if i == 0 {
			total-- // no comma before the first
		}
		total = min(total, sizeCeiling)
	}
	if n.Anchor != "" {
		z.known[n] = total
	}
	return total, nil
}

// jsonStringSize is the size of s as a JSON string (encoding/json escapes <, > and & too).
func jsonStringSize(s string) int64 {
	size := int64(len(s)) + 2
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			size++
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			size += 5
		}
	}
	return size
}

// yamlPath is where a node sits in the spicepod, for messages: the key or index under parent.
type yamlPath struct {
	parent *yamlPath
	key    string
	index  int // with key "": a list index
}

func (p *yamlPath) String() string {
	if p == nil {
		return "the top level"
	}
	var parts []string
	for ; p != nil; p = p.parent {
		if p.key == "" {
			parts = append(parts, fmt.Sprintf("[%d]", p.index))
		} else {
			parts = append(parts, p.key)
		}
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		if b.Len() > 0 && !strings.HasPrefix(parts[i], "[") {
			b.WriteByte('.')
		}
		b.WriteString(parts[i])
	}
	return b.String()
}

// kindWord names a node's kind in a message.
func kindWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "a scalar"
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
		if f := strings.Fields(line); strings.HasPrefix(line, "%") && len(f) >= 2 && f[0] == "%YAML" && f[1] == "1.2" {
			i := len(text) - len(rest)
			return text[:i] + "#" + text[i+1:]
		}
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(line, "%") && !strings.HasPrefix(t, "#") {
			return text // directives (at column 0) come before the document
		}
		rest = after
	}
	return text
}

// yaml12Value is the value of a decoded YAML node as YAML 1.2's core schema reads it, as Spice's
// parser (serde_yaml) does: a plain scalar is null (~, null, empty), a boolean (true, false in
// three casings), an integer (decimal; 0x hex, 0o octal, 0b binary, signed as serde_yaml
// allows), a finite float (1.5, 1e3; 1e400 stays text, as serde_yaml keeps it) or else a string;
// quoted scalars are strings and an explicit tag (!!str, !!int...) is obeyed. Unlike YAML 1.1, a
// number with leading zeros (0755), underscores (1_000) or a date (2024-01-01) is a string, so it
// is stored as written. Refused, naming where (at): a repeated key, a key that is a list or a
// mapping (JSON keys are text), a merge key (<<) whose value is not a mapping or a list of them,
// .inf and .nan (JSON has neither). Merge keys are applied as yaml.v3 did. The caller bounds the
// expanded size first (yamlSizer), so aliases are expanded here without a budget.
func yaml12Value(n *yaml.Node, at *yamlPath) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yaml12Value(n.Content[0], at)
	case yaml.AliasNode:
		return yaml12Value(n.Alias, at)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			v, err := yaml12Value(item, &yamlPath{parent: at, index: i})
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		var merged []map[string]any
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
				sources, err := mergeSources(kn, vn, at)
				if err != nil {
					return nil, err
				}
				merged = append(merged, sources...)
				continue
			}
			if k := resolveAlias(kn); k.Kind != yaml.ScalarNode {
				return nil, podError(fmt.Sprintf("Spicepod key at %s (line %d) is %s, but JSON object keys must be text: "+
					"use a text key", at, kn.Line, kindWord(k)))
			}
			k, err := yaml12Value(kn, at)
			if err != nil {
				return nil, err
			}
			key, isStr := k.(string)
			if !isStr {
				key = resolveAlias(kn).Value // true, 1.0, null: the key as written
			}
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("line %d: mapping key already defined", kn.Line)
			}
			v, err := yaml12Value(vn, &yamlPath{parent: at, key: key})
			if err != nil {
				return nil, err
			}
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
	v, err := yaml12Scalar(n)
	if f, isFloat := v.(float64); err == nil && isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nil, podError(fmt.Sprintf("Spicepod contains a value that JSON cannot represent (%s at %s, line %d): "+
			"quote it to keep it as text", n.Value, at, n.Line))
	}
	return v, err
}

// resolveAlias is the node an alias names (n itself if it is not an alias).
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// mergeSources are the mappings a merge key's value names: one mapping, or a list of them, as
// YAML's merge key requires; anything else is refused rather than dropped.
func mergeSources(kn, vn *yaml.Node, at *yamlPath) ([]map[string]any, error) {
	items := []*yaml.Node{vn}
	if r := resolveAlias(vn); r.Kind == yaml.SequenceNode {
		items = r.Content
	}
	var out []map[string]any
	for _, item := range items {
		if r := resolveAlias(item); r.Kind != yaml.MappingNode {
			return nil, podError(fmt.Sprintf("Spicepod merge key (<<) at %s (line %d) must name a mapping or a list of mappings, "+
				"not %s: write the value under a key instead", at, kn.Line, kindWord(r)))
		}
		v, err := yaml12Value(item, at)
		if err != nil {
			return nil, err
		}
		out = append(out, v.(map[string]any))
	}
	return out, nil
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
	if v, ok := radixInt(s); ok {
		return v, nil
	}
	if yaml12Int.MatchString(s) {
		if digits := strings.TrimLeft(s, "+-"); len(digits) > 1 && digits[0] == '0' {
			return s, nil // leading zeros: a string in YAML 1.2 (serde_yaml), not 1.1's octal
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return int(i), nil
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
			return u, nil
		}
		return json.Number(strings.TrimPrefix(s, "+")), nil // beyond 64 bits: every digit kept
	}
	if yaml12Float.MatchString(s) {
		// Out of range: 1e400 is a string to serde_yaml (it keeps finite floats only); 1e-400 is 0.
		if f, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) && !math.IsInf(f, 0) {
			return f, nil
		}
	}
	return s, nil
}

// radixInt reads 0x, 0o and 0b integers as serde_yaml 0.9 does (visit_untagged_str): an optional
// sign, the prefix, then digits that fit 64 bits (unsigned for 0x1F and +0x1F, signed for
// -0x1F); anything else (0x, 0o-1, 0x_1F) is not one.
func radixInt(s string) (any, bool) {
	for _, r := range [...]struct {
		prefix string
		base   int
	}{{"0x", 16}, {"0o", 8}, {"0b", 2}} {
		if rest, ok := strings.CutPrefix(strings.TrimPrefix(s, "+"), r.prefix); ok {
			rest = strings.TrimPrefix(rest, "+") // Rust's u64::from_str_radix takes one +
			if u, err := strconv.ParseUint(rest, r.base, 64); err == nil {
				if u <= math.MaxInt64 {
					return int(u), true
				}
				return u, true
			}
		}
		if rest, ok := strings.CutPrefix(s, "-"+r.prefix); ok {
			if i, err := strconv.ParseInt("-"+rest, r.base, 64); err == nil {
				return int(i), true
			}
		}
	}
	return nil, false
}
